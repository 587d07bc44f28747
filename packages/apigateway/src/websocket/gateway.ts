/**
 * WebSocket APIs on an HTTP server's `upgrade` event (the `ws` library): $connect decides the
 * handshake, messages are routed by the API's route selection expression, $disconnect follows
 * every close, and the @connections API reaches the open connections. API Gateway's quotas
 * apply: 128 KB messages, 10 minutes idle, 2 hours per connection (on the gateway's clock).
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { performance } from "node:perf_hooks";
import { type Clock, type EdgeRequest, type EdgeResponse, type EventBus, type LambdaInvokeResult, type LambdaInvoker, type Logger, traceId } from "@sam-sandbox/core";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { Deadlines } from "../deadlines.js";
import { isRecord, parsePayload } from "../http/outgoing.js";
import { apigwId } from "../ids.js";
import { type WebSocketApiConfig, type WebSocketRouteConfig, validateWebSocketApis } from "./config.js";
import type { Connection, ConnectionInfo } from "./connection.js";
import { authorizeConnect } from "./authorizer.js";
import { errorFrame } from "./errors.js";
import { connectEvent, disconnectEvent, messageEvent } from "./events.js";
import { WEBSOCKET_BUFFER_GUARD_BYTES, WEBSOCKET_IDLE_TIMEOUT_MS, WEBSOCKET_MAX_CONNECTION_MS, WEBSOCKET_MAX_MESSAGE_BYTES } from "./limits.js";
import { handleManagement, isManagementRequest } from "./management.js";
import { selectRoute } from "./routeSelection.js";

export interface WebSocketGatewayOptions {
  apis: WebSocketApiConfig[];
  invoker: LambdaInvoker;
  /** Idle and lifetime limits run on it (a VirtualClock in tests). */
  clock: Clock;
  logger: Logger;
  /** Receives a `request` event per handshake, message and close (the terminal's log line, method "WS"). */
  events?: EventBus;
  /** For $connect authorizers' methodArn (arn:aws:execute-api:<region>:<account>:<api>/<stage>/$connect). */
  region?: string;
  accountId?: string;
}

/**
 * The API a handshake addresses besides the template's (those created through API Gateway v2's
 * control plane), by its path (query string removed) and Host; undefined: none.
 */
export type WebSocketApiFinder = (path: string, host: string) => WebSocketApiConfig | undefined | Promise<WebSocketApiConfig | undefined>;

export interface WebSocketAttachOptions {
  /** Whether the template's APIs answer at /<stage> and /<apiId>/<stage> on this server (default true). */
  template?: boolean;
  /** Looked up when no template API answers the path. */
  find?: WebSocketApiFinder;
}

export interface WebSocketGateway {
  /** Serves the WebSocket APIs on `server`'s upgrade requests (ws://host:port/<stage>), and those `options.find` names. */
  attach(server: Server, options?: WebSocketAttachOptions): void;
  /** Whether a request is one of the @connections API ([/<stage>]/@connections/<id>). */
  isManagementRequest(req: EdgeRequest): boolean;
  /** Serves one @connections request (PostToConnection, GetConnection, DeleteConnection); never throws. */
  handleManagement(req: EdgeRequest): Promise<EdgeResponse>;
  /** The APIs and the URL each is served at on `baseUrl` (the app port's http://host:port). */
  urls(baseUrl: string): Array<{ api: string; url: string }>;
  /** Ends every connection (no $disconnect: the sandbox is stopping). */
  close(): Promise<void>;
}

/** Close codes API Gateway uses when it ends a connection itself. */
const GOING_AWAY = 1001;
const NORMAL_CLOSURE = 1000;
/** RFC 6455 7.4.1: 1003 = a data type the endpoint cannot accept (API Gateway refuses binary frames). */
const UNSUPPORTED_DATA = 1003;
/** A message over 128 KB: 1009 "Message too big" (seen by clients of API Gateway, e.g. Python websockets). */
const MESSAGE_TOO_BIG = 1009;

export function createWebSocketGateway(options: WebSocketGatewayOptions): WebSocketGateway {
  validateWebSocketApis(options.apis);
  const { clock, logger } = options;
  const deadlines = new Deadlines(clock);
  const connections = new Map<string, Connection>();
  // The subprotocol $connect answered with, per handshake.
  const protocols = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WEBSOCKET_BUFFER_GUARD_BYTES,
    perMessageDeflate: false,
    handleProtocols: (_offered, request) => protocols.get(request) ?? false,
  });

  const invoke = async (route: WebSocketRouteConfig, event: Record<string, unknown>): Promise<LambdaInvokeResult | "failed"> => {
    try {
      return await options.invoker.invoke({
        functionName: route.functionName,
        payload: Buffer.from(JSON.stringify(event)),
        invocationType: "RequestResponse",
        traceHeader: `Root=${traceId(clock.now())}`,
        source: "apigateway",
      });
    } catch (error) {
      logger.warn(`API Gateway could not invoke ${route.functionName}: ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    }
  };

  const report = (api: WebSocketApiConfig, routeKey: string, status: number, started: number) => {
    if (options.events && options.events.listenerCount("request") > 0) {
      options.events.emit("request", { source: "api", method: "WS", path: `/${api.stageName} ${routeKey}`, status, durationMs: performance.now() - started });
    }
  };

  const findApi = (path: string): WebSocketApiConfig | undefined => {
    const stage = path.replace(/^\/+|\/+$/g, "");
    if (stage === "") return options.apis[0];
    return options.apis.find((api) => api.stageName === stage || `${api.apiId}/${api.stageName}` === stage);
  };

  const closeConnection = (connection: Connection, code: number, reason: string) => {
    if (connection.closedBy) return;
    connection.closedBy = { code, reason };
    connection.socket.close(code, reason);
  };

  // Only messages count: API Gateway ignores WebSocket ping/pong frames for idleness.
  const armIdle = (connection: Connection) => {
    if (connection.idle) deadlines.remove(connection.idle);
    connection.idle = deadlines.add(WEBSOCKET_IDLE_TIMEOUT_MS, () => closeConnection(connection, GOING_AWAY, "Going away"));
  };

  const onUpgrade = (attached: WebSocketAttachOptions, request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node's own error listener is gone once a request upgrades: a client leaving during $connect must not throw.
    socket.on("error", () => socket.destroy());
    const path = (request.url ?? "/").split("?")[0];
    const template = attached.template !== false ? findApi(path) : undefined;
    const { find } = attached;
    // An API `find` names is looked up again for each message: its stage's latest deployment routes it.
    const refresh = template === undefined && find ? async () => find(path, request.headers.host ?? "") : undefined;
    const found = async () => template ?? (await refresh?.());
    void found()
      .then((api) => (api ? connect(api, request, socket, head, refresh) : reject(socket, 403)))
      .catch((error: unknown) => {
        logger.error(`WebSocket API: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        reject(socket, 500);
      });
  };

  const connect = async (api: WebSocketApiConfig, request: IncomingMessage, socket: Duplex, head: Buffer, refresh?: Connection["refresh"]) => {
    const now = clock.now();
    const started = performance.now();
    const address = request.socket.remoteAddress ?? "127.0.0.1";
    const pending: ConnectionInfo = {
      id: apigwId(),
      api,
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: address.startsWith("::ffff:") ? address.slice(7) : address,
      userAgent: request.headers["user-agent"] ?? "",
      domainName: request.headers.host ?? "localhost",
    };
    const route = api.routes.find((r) => r.routeKey === "$connect");
    if (route) {
      const headers = handshakeHeaders(request, pending.sourceIp, now);
      const rawQuery = (request.url ?? "").split("?")[1] ?? "";
      // The socket is not open yet: the event's connection is the pending one.
      const requestId = apigwId();
      if (route.authorizer) {
        const methodArn = `arn:aws:execute-api:${options.region ?? "us-east-1"}:${options.accountId ?? "000000000000"}:${api.apiId}/${api.stageName}/$connect`;
        const authorizerEvent = connectEvent({ connection: pending, routeKey: "$connect", requestId, timeEpoch: now }, headers, rawQuery);
        const verdict = await authorizeConnect(route.authorizer, { event: authorizerEvent, headers, rawQuery, stageVariables: api.stageVariables ?? {}, methodArn }, { invoker: options.invoker, logger, now: () => clock.now() });
        if (!verdict.ok) {
          report(api, "$connect", verdict.status, started);
          reject(socket, verdict.status);
          return;
        }
        pending.authorizer = verdict.authorizer;
      }
      const event = connectEvent({ connection: pending, routeKey: "$connect", requestId, timeEpoch: now }, headers, rawQuery);
      const outcome = await invoke(route, event);
      const answer = connectAnswer(outcome);
      if (answer.status < 200 || answer.status > 299) {
        report(api, "$connect", answer.status, started);
        reject(socket, answer.status);
        return;
      }
      if (answer.protocol) protocols.set(request, answer.protocol);
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      report(api, "$connect", 101, started);
      opened({ ...pending, socket: ws, ...(refresh ? { refresh } : {}) });
    });
  };

  const opened = (connection: Connection) => {
    connections.set(connection.id, connection);
    armIdle(connection);
    connection.lifetime = deadlines.add(WEBSOCKET_MAX_CONNECTION_MS, () => closeConnection(connection, GOING_AWAY, "Going away"));
    const { socket } = connection;
    socket.on("message", (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        closeConnection(connection, UNSUPPORTED_DATA, "Binary frames are not supported");
        return;
      }
      const text = rawText(data);
      if (Buffer.byteLength(text) > WEBSOCKET_MAX_MESSAGE_BYTES) {
        closeConnection(connection, MESSAGE_TOO_BIG, "Message too big");
        return;
      }
      connection.lastActiveAt = clock.now();
      armIdle(connection);
      message(connection, text).catch((error: unknown) => logger.error(`WebSocket ${connection.id}: ${String(error)}`));
    });
    socket.on("error", (error) => logger.warn(`WebSocket ${connection.id}: ${error.message}`));
    socket.on("close", (code: number, reason: Buffer) => {
      if (connection.idle) deadlines.remove(connection.idle);
      if (connection.lifetime) deadlines.remove(connection.lifetime);
      // Gone from @connections before $disconnect runs: PostToConnection now answers 410.
      connections.delete(connection.id);
      if (stopping) return;
      const by = connection.closedBy ?? { code, reason: reason.toString("utf8") };
      const route = connection.api.routes.find((r) => r.routeKey === "$disconnect");
      if (!route) return;
      const event = disconnectEvent({ connection, routeKey: "$disconnect", requestId: apigwId(), timeEpoch: clock.now() }, by.code, by.reason);
      void invoke(route, event);
    });
  };

  const message = async (connection: Connection, body: string) => {
    const started = performance.now();
    const requestId = apigwId();
    if (connection.refresh) connection.api = (await connection.refresh()) ?? connection.api;
    const route = selectRoute(connection.api, body);
    if (!route) {
      report(connection.api, "(no route)", 403, started);
      sendIfOpen(connection, errorFrame("Forbidden", connection.id, requestId));
      return;
    }
    const event = messageEvent({ connection, routeKey: route.routeKey, requestId, timeEpoch: clock.now() }, apigwId(), body);
    const outcome = await invoke(route, event);
    if (outcome === "failed" || outcome.functionError || outcome.statusCode !== 200) {
      report(connection.api, route.routeKey, 500, started);
      sendIfOpen(connection, errorFrame("Internal server error", connection.id, requestId));
      return;
    }
    report(connection.api, route.routeKey, 200, started);
    if (!route.twoWay) return;
    const reply = replyBody(outcome.payload);
    if (reply !== undefined) sendIfOpen(connection, reply);
  };

  let stopping = false;
  return {
    attach: (server, attached = {}) => {
      server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(attached, request, socket, head));
    },
    isManagementRequest,
    handleManagement: (req) =>
      handleManagement(
        {
          // A connection API Gateway is closing is already gone for @connections.
          find: (id) => {
            const connection = connections.get(id);
            return connection && !connection.closedBy && connection.socket.readyState === connection.socket.OPEN ? connection : undefined;
          },
          send: (connection, data) =>
            new Promise<void>((resolve, reject) => connection.socket.send(data, { binary: false }, (error) => (error ? reject(error) : resolve()))),
          close: (connection) => closeConnection(connection, NORMAL_CLOSURE, ""),
        },
        req,
      ).catch((error: unknown) => {
        logger.error(`@connections: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { status: 500, headers: { "content-type": "application/json" }, body: '{"message":"Internal server error"}' };
      }),
    urls: (baseUrl) => {
      const ws = baseUrl.replace(/^http/, "ws");
      // Two APIs with one stage name: the second and later answer under /<apiId>/<stage>.
      return options.apis.map((api, i) => {
        const shared = options.apis.findIndex((other) => other.stageName === api.stageName) !== i;
        return { api: api.logicalId ?? api.apiId, url: shared ? `${ws}/${api.apiId}/${api.stageName}` : `${ws}/${api.stageName}` };
      });
    },
    close: async () => {
      stopping = true;
      for (const connection of connections.values()) connection.socket.terminate();
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function sendIfOpen(connection: Connection, text: string): void {
  if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(text);
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

/** The handshake's headers as sent, then the forwarding headers API Gateway adds. */
function handshakeHeaders(request: IncomingMessage, sourceIp: string, now: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === "connection" || name === "upgrade" || name.startsWith("x-forwarded-") || name === "x-amzn-trace-id") continue;
    pairs.push([raw[i], raw[i + 1]]);
  }
  const port = /:(\d+)$/.exec(request.headers.host ?? "")?.[1] ?? "80";
  pairs.push(["X-Amzn-Trace-Id", `Root=${traceId(now)}`], ["X-Forwarded-For", sourceIp], ["X-Forwarded-Port", port], ["X-Forwarded-Proto", "http"]);
  return pairs;
}

/**
 * $connect's answer: its statusCode decides the handshake (a non-2xx one rejects it with that
 * status, as AWS documents for a subprotocol check), a Sec-WebSocket-Protocol header picks
 * the subprotocol. A function error or a result that is not an object rejects with 502.
 */
function connectAnswer(outcome: LambdaInvokeResult | "failed"): { status: number; protocol?: string } {
  if (outcome === "failed" || outcome.functionError || outcome.statusCode !== 200) return { status: 502 };
  const parsed = parsePayload(outcome.payload);
  if (!parsed || !isRecord(parsed.value)) return { status: 502 };
  const value = parsed.value;
  const status = typeof value.statusCode === "number" ? value.statusCode : Number(value.statusCode ?? 200);
  if (!Number.isInteger(status)) return { status: 502 };
  const headers = isRecord(value.headers) ? value.headers : {};
  const protocolKey = Object.keys(headers).find((k) => k.toLowerCase() === "sec-websocket-protocol");
  const protocol = protocolKey === undefined ? undefined : String(headers[protocolKey]);
  return protocol === undefined ? { status } : { status, protocol };
}

/** A two-way route's reply: the `body` of the function's proxy answer. */
function replyBody(payload: Buffer): string | undefined {
  const parsed = parsePayload(payload);
  if (!parsed) return undefined;
  const value = parsed.value;
  if (isRecord(value)) {
    if (value.body === undefined || value.body === null) return undefined;
    return typeof value.body === "string" ? value.body : JSON.stringify(value.body);
  }
  return undefined;
}

/** Ends a handshake with an HTTP status instead of the upgrade. */
function reject(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
