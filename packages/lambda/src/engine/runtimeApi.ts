/**
 * The Lambda Runtime API (version 2018-06-01) of one execution environment, served on
 * 127.0.0.1 for the runtime process behind AWS_LAMBDA_RUNTIME_API: it long-polls
 * /runtime/invocation/next for an event and posts the outcome to /response or /error
 * (or /runtime/init/error when it cannot start).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { MAX_SYNC_RESPONSE_BYTES } from "../limits.js";
import { DEFAULT_STREAM_CONTENT_TYPE, type Invocation } from "./environment.js";

const PREFIX = "/2018-06-01/runtime";
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]*)\/(response|error)$/;
/** Paths the API serves and the one method each takes (others: 405, as go-chi answers in Lambda's rapid). */
const ROUTES: ReadonlyMap<string, string> = new Map([
  [`${PREFIX}/invocation/next`, "GET"],
  [`${PREFIX}/init/error`, "POST"],
  ["/2018-06-01/ping", "GET"],
]);

/**
 * The runtime's state, named as Lambda's rapid names it in its errors (RIE core/states.go and
 * the state-name constants): each call is allowed from some states only.
 */
type RuntimeState = "Started" | "InitError" | "Ready" | "Running" | "InvocationResponse" | "InvocationErrorResponse" | "RuntimeResponseSentState";

export interface RuntimeApiEvents {
  /** The runtime asked for its first event: its Init phase is over. */
  initDone(): void;
  /** The runtime received an invocation's event (it was polling, or came back for it). */
  taken(requestId: string): void;
  initError(body: string, errorType: string | undefined): void;
  /**
   * `body`: the bytes the runtime posted, as they are; `contentType`: a streamed response's (the
   * Content-Type of its POST); absent for one posted whole.
   */
  response(requestId: string, body: Buffer, contentType?: string): void;
  /** One piece of a streamed response (Lambda-Runtime-Function-Response-Mode: streaming), as it arrives, with the POST's Content-Type. */
  chunk(requestId: string, data: Buffer, contentType: string): void;
  error(requestId: string, body: string, errorType: string | undefined): void;
  /** The runtime posted a response over the synchronous payload limit. */
  tooLarge(requestId: string): void;
  /** The runtime posted a response in a Lambda-Runtime-Function-Response-Mode other than streaming. */
  invalidResponseMode(requestId: string): void;
}

export class RuntimeApi {
  private server: Server | undefined;
  private waiting: ServerResponse | undefined;
  private queued: Invocation | undefined;
  /**
   * The invocation last handed to the runtime: its id is the only one it may post to (any
   * other is InvalidRequestID), still after its answer, until the next one (then the state
   * refuses it, as Lambda answers a late post).
   */
  private current: Invocation | undefined;
  private state: RuntimeState = "Started";
  private readonly sockets = new Set<Socket>();
  private referenced = true;

  constructor(private readonly events: RuntimeApiEvents) {}

  /** Starts listening; answers "127.0.0.1:<port>" for AWS_LAMBDA_RUNTIME_API. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => this.route(req, res));
    // The runtime keeps one connection open and long-polls on it.
    server.keepAliveTimeout = 0;
    server.requestTimeout = 0;
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      if (!this.referenced) socket.unref();
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Hands an event to the runtime: now if it is polling, or on its next poll. */
  deliver(invocation: Invocation): void {
    const res = this.waiting;
    this.waiting = undefined;
    if (res && !res.destroyed) this.send(res, invocation);
    else this.queued = invocation;
  }

  /** Whether this API keeps the sandbox's process alive (not while the environment is idle). */
  ref(on: boolean): void {
    this.referenced = on;
    for (const handle of [this.server, ...this.sockets]) {
      if (on) handle?.ref();
      else handle?.unref();
    }
  }

  close(): void {
    this.waiting = undefined;
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    server.close();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "").split("?")[0];
    const invocation = INVOCATION.exec(path);
    const method = invocation ? "POST" : ROUTES.get(path);
    if (method === undefined) {
      notFound(res);
      return;
    }
    if (req.method !== method) {
      req.resume();
      res.writeHead(405, { allow: method });
      res.end();
      return;
    }
    if (path === `${PREFIX}/invocation/next`) this.next(res);
    else if (path === "/2018-06-01/ping") res.end("pong");
    else if (invocation) this.invocationPost(req, res, decodeURIComponent(invocation[1]), invocation[2] as "response" | "error");
    else this.initError(req, res);
  }

  /**
   * /invocation/{id}/response or /error: the id must be the current invocation's (Lambda's
   * AwsRequestIDValidator), then the runtime must be running it: a second answer, or one
   * after the next /next, is an InvalidStateTransition (RIE handler/invocationresponse.go,
   * invocationerror.go).
   */
  private invocationPost(req: IncomingMessage, res: ServerResponse, requestId: string, kind: "response" | "error"): void {
    if (requestId === "" || requestId !== this.current?.requestId) {
      req.resume();
      answer(res, 400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
      return;
    }
    const next: RuntimeState = kind === "response" ? "InvocationResponse" : "InvocationErrorResponse";
    if (!this.transition("Running", next, req, res)) return;
    const mode = headerOf(req, "lambda-runtime-function-response-mode");
    if (kind === "response" && mode !== undefined) {
      if (mode === "streaming") {
        this.stream(req, res, requestId);
        return;
      }
      // The invocation fails; the runtime stays in InvocationResponse (no ResponseSent).
      req.resume();
      answer(res, 400, { errorMessage: "Invalid function response mode", errorType: "InvalidFunctionResponseMode" });
      this.events.invalidResponseMode(requestId);
      return;
    }
    readBody(req).then(
      (body) => this.posted(req, res, requestId, kind, body),
      () => res.destroy(),
    );
  }

  /** Allowed only before the first /next (RIE core/states.go: InitError from Started). */
  private initError(req: IncomingMessage, res: ServerResponse): void {
    if (!this.transition("Started", "InitError", req, res)) return;
    readBody(req).then(
      (body) => {
        answer(res, 202, { status: "OK" });
        this.events.initError(body?.toString("utf8") ?? "", headerOf(req, "lambda-runtime-function-error-type"));
      },
      () => res.destroy(),
    );
  }

  /**
   * Moves from `from` to `to`, or answers 403 InvalidStateTransition with rapid's text
   * (StateTransitionFailedForRuntimeMessageFormat, ErrNotAllowed) and returns false.
   */
  private transition(from: RuntimeState, to: RuntimeState, req: IncomingMessage, res: ServerResponse): boolean {
    if (this.state === from) {
      this.state = to;
      return true;
    }
    req.resume();
    answer(res, 403, {
      errorMessage: `State transition from ${this.state} to ${to} failed for runtime. Error: State transition is not allowed`,
      errorType: "InvalidStateTransition",
    });
    return false;
  }

  /**
   * A streamed response: each piece goes on as it arrives; an error met midway comes in the
   * trailers (Lambda-Runtime-Function-Error-Type, and the error document base64-encoded in
   * Lambda-Runtime-Function-Error-Body), as the Runtime API's response streaming defines.
   */
  private stream(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    const contentType = headerOf(req, "content-type") ?? DEFAULT_STREAM_CONTENT_TYPE;
    req.on("data", (chunk: Buffer) => {
      if (this.state === "InvocationResponse" && this.current?.requestId === requestId) this.events.chunk(requestId, chunk, contentType);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (this.state !== "InvocationResponse" || this.current?.requestId !== requestId) return;
      this.state = "RuntimeResponseSentState";
      answer(res, 202, { status: "OK" });
      const errorType = trailerOf(req, "lambda-runtime-function-error-type");
      if (errorType === undefined) this.events.response(requestId, Buffer.alloc(0), contentType);
      else this.events.error(requestId, Buffer.from(trailerOf(req, "lambda-runtime-function-error-body") ?? "", "base64").toString("utf8"), errorType);
    });
  }

  /**
   * The runtime is ready for an event: after init (its Init phase is over) or an answer. While
   * it runs one, rapid hands it the same event again; after an init error or a refused
   * response mode it cannot ask (RIE core/states.go).
   */
  private next(res: ServerResponse): void {
    switch (this.state) {
      case "Started":
        this.state = "Ready";
        this.events.initDone();
        break;
      case "RuntimeResponseSentState":
        this.state = "Ready";
        break;
      case "Ready":
        break;
      case "Running":
        if (this.current) this.send(res, this.current);
        return;
      default:
        answer(res, 403, {
          errorMessage: `State transition from ${this.state} to Ready failed for runtime. Error: State transition is not allowed`,
          errorType: "InvalidStateTransition",
        });
        return;
    }
    const queued = this.queued;
    this.queued = undefined;
    if (queued) this.send(res, queued);
    else this.waiting = res;
  }

  /** `body` is undefined when it is over the 6 MB a response may have. */
  private posted(req: IncomingMessage, res: ServerResponse, requestId: string, kind: "response" | "error", body: Buffer | undefined): void {
    this.state = "RuntimeResponseSentState";
    if (body === undefined) {
      answer(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`, errorType: "RequestEntityTooLarge" });
      this.events.tooLarge(requestId);
      return;
    }
    answer(res, 202, { status: "OK" });
    if (kind === "response") this.events.response(requestId, body);
    else this.events.error(requestId, body.toString("utf8"), headerOf(req, "lambda-runtime-function-error-type"));
  }

  private send(res: ServerResponse, invocation: Invocation): void {
    this.current = invocation;
    this.state = "Running";
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": invocation.requestId,
      "lambda-runtime-deadline-ms": String(invocation.deadlineMs),
      "lambda-runtime-invoked-function-arn": invocation.invokedFunctionArn,
    };
    if (invocation.traceHeader) headers["lambda-runtime-trace-id"] = invocation.traceHeader;
    if (invocation.clientContext) headers["lambda-runtime-client-context"] = invocation.clientContext;
    if (invocation.identity) headers["lambda-runtime-cognito-identity"] = invocation.identity;
    res.writeHead(200, headers);
    res.end(invocation.event);
    this.events.taken(invocation.requestId);
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Go's http.NotFound, what rapid's router (go-chi) answers for a path it does not serve. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  res.end("404 page not found\n");
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body, or undefined past the response limit (read to the end, but not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SYNC_RESPONSE_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("error", reject);
    req.on("end", () => resolve(size > MAX_SYNC_RESPONSE_BYTES ? undefined : Buffer.concat(chunks)));
  });
}

function trailerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.trailers[name];
  return value === undefined || value === "" ? undefined : value;
}
