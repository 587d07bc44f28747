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
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export interface RuntimeApiEvents {
  /** The runtime asked for its first event: its Init phase is over. */
  initDone(): void;
  initError(body: string, errorType: string | undefined): void;
  /** `contentType`: a streamed response's (the Content-Type of its POST); absent for one posted whole. */
  response(requestId: string, body: string, contentType?: string): void;
  /** One piece of a streamed response (Lambda-Runtime-Function-Response-Mode: streaming), as it arrives, with the POST's Content-Type. */
  chunk(requestId: string, data: Buffer, contentType: string): void;
  error(requestId: string, body: string, errorType: string | undefined): void;
  /** The runtime posted a response over the synchronous payload limit. */
  tooLarge(requestId: string): void;
}

export class RuntimeApi {
  private server: Server | undefined;
  private waiting: ServerResponse | undefined;
  private queued: Invocation | undefined;
  /** The invocation the runtime is working on (its id is the only one it may answer). */
  private current: string | undefined;
  private initialized = false;
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
    this.current = invocation.requestId;
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
    if (req.method === "GET" && path === `${PREFIX}/invocation/next`) {
      this.next(res);
      return;
    }
    if (req.method !== "POST" || !path.startsWith(PREFIX)) {
      answer(res, 404, { errorMessage: "Not Found", errorType: "NotFound" });
      return;
    }
    if (headerOf(req, "lambda-runtime-function-response-mode") === "streaming") {
      this.stream(req, res, path);
      return;
    }
    readBody(req).then(
      (body) => this.post(req, res, path, body),
      () => res.destroy(),
    );
  }

  /**
   * A streamed response: each piece goes on as it arrives; an error met midway comes in the
   * trailers (Lambda-Runtime-Function-Error-Type, and the error document base64-encoded in
   * Lambda-Runtime-Function-Error-Body), as the Runtime API's response streaming defines.
   */
  private stream(req: IncomingMessage, res: ServerResponse, path: string): void {
    const m = INVOCATION.exec(path);
    const requestId = m && m[2] === "response" ? decodeURIComponent(m[1]) : undefined;
    if (requestId === undefined || requestId !== this.current) {
      req.resume();
      answer(res, requestId === undefined ? 404 : 400, requestId === undefined ? { errorMessage: "Not Found", errorType: "NotFound" } : { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
      return;
    }
    const contentType = headerOf(req, "content-type") ?? DEFAULT_STREAM_CONTENT_TYPE;
    req.on("data", (chunk: Buffer) => {
      if (this.current === requestId) this.events.chunk(requestId, chunk, contentType);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (this.current !== requestId) return;
      this.current = undefined;
      answer(res, 202, { status: "OK" });
      const errorType = trailerOf(req, "lambda-runtime-function-error-type");
      if (errorType === undefined) this.events.response(requestId, "", contentType);
      else this.events.error(requestId, Buffer.from(trailerOf(req, "lambda-runtime-function-error-body") ?? "", "base64").toString("utf8"), errorType);
    });
  }

  private next(res: ServerResponse): void {
    if (!this.initialized) {
      this.initialized = true;
      this.events.initDone();
    }
    const queued = this.queued;
    this.queued = undefined;
    if (queued) this.send(res, queued);
    else this.waiting = res;
  }

  /** `body` is undefined when it is over the 6 MB a response may have. */
  private post(req: IncomingMessage, res: ServerResponse, path: string, body: string | undefined): void {
    const errorType = headerOf(req, "lambda-runtime-function-error-type");
    if (path === `${PREFIX}/init/error`) {
      answer(res, 202, { status: "OK" });
      this.events.initError(body ?? "", errorType);
      return;
    }
    const m = INVOCATION.exec(path);
    if (!m) {
      answer(res, 404, { errorMessage: "Not Found", errorType: "NotFound" });
      return;
    }
    const requestId = decodeURIComponent(m[1]);
    if (requestId !== this.current) {
      answer(res, 400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
      return;
    }
    this.current = undefined;
    if (body === undefined) {
      answer(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`, errorType: "RequestEntityTooLarge" });
      this.events.tooLarge(requestId);
      return;
    }
    answer(res, 202, { status: "OK" });
    if (m[2] === "response") this.events.response(requestId, body);
    else this.events.error(requestId, body, errorType);
  }

  private send(res: ServerResponse, invocation: Invocation): void {
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
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body, or undefined past the response limit (read to the end, but not kept). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SYNC_RESPONSE_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("error", reject);
    req.on("end", () => resolve(size > MAX_SYNC_RESPONSE_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
  });
}

function trailerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.trailers[name];
  return value === undefined || value === "" ? undefined : value;
}
