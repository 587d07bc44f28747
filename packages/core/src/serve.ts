import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createH2cServer, type Http2Session } from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { Duplex } from "node:stream";
import { answerWhenDue } from "./answerTiming.js";
import type { EdgeRequest, EdgeResponse } from "./http.js";

/**
 * Serves a request handler on 127.0.0.1 with node:http. Used by the sandbox's servers
 * and by package tests that drive one service through a real AWS SDK client.
 */
const EMPTY = Buffer.alloc(0);

/** The answer to a handler that failed or answered what HTTP cannot carry: nothing of the failure is shown. */
const INTERNAL_ERROR = '{"message":"Internal Server Error"}';

export interface ServeOptions {
  port?: number;
  host?: string;
  /**
   * The largest body the handler needs to see whole (API Gateway's 10 MB payload quota). A
   * longer body is not buffered: the handler gets its first `maxBodyBytes + 1` bytes, at once,
   * to refuse it by its length, as soon as they arrive, and the rest is read and dropped. Unbounded by default.
   */
  maxBodyBytes?: number;
  /** Told of a handler's failure (the client sees only a bare 500). */
  onError?: (error: unknown) => void;
  /**
   * Also answers HTTP/2 over cleartext with prior knowledge on the same port: AWS SDK v3
   * clients of Kinesis (and other streaming APIs) send every call over HTTP/2 by default.
   */
  h2c?: boolean;
}

/** The client connection preface of HTTP/2 (RFC 9113 3.4): "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n". */
const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** Connection-specific headers HTTP/2 forbids (RFC 9113 8.2.2): node refuses to send them. */
const H1_ONLY_HEADERS = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

export async function serveHandler(
  handle: (req: EdgeRequest) => Promise<EdgeResponse>,
  options: ServeOptions = {},
): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  const limit = options.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  // A request without a Host header still gets the service's own AWS-shaped error, not node's bare 400.
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const fail = (error: unknown) => {
      options.onError?.(error);
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      // Never the error's text: it would show the sandbox's internals to the client.
      outgoing.writeHead(500, { "content-type": "application/json", "content-length": String(INTERNAL_ERROR.length) });
      outgoing.end(INTERNAL_ERROR);
    };
    const answer = (res: EdgeResponse) => answerWhenDue(() => answerNow(res));
    const answerNow = (res: EdgeResponse) => {
      try {
        // A 1xx is interim: a client would wait for the real answer forever (or misread the body).
        if (!(res.status >= 200 && res.status <= 999)) throw new RangeError(`A response cannot end with status ${res.status}`);
        if (res.stream === undefined) send(outgoing, incoming.method, res);
        else sendStream(outgoing, res, res.stream);
      } catch (error) {
        fail(error);
      }
    };
    // One promise per request (the handler's): reading and answering are callbacks.
    receive(
      incoming,
      (req) => {
        let pending: Promise<EdgeResponse>;
        try {
          pending = handle(req);
        } catch (error) {
          fail(error);
          return;
        }
        pending.then(answer, fail);
      },
      // The client broke the connection before its request was whole: nothing failed here, no one to answer.
      () => outgoing.destroy(),
      limit,
    );
  };
  const server = createServer({ requireHostHeader: false }, listener);
  // An Expect other than 100-continue is served as if it were absent, as S3 does (ceph s3-tests
  // test_object_create_bad_expect_mismatch / _empty): left to node, it would be answered 417.
  server.on("checkExpectation", listener);
  server.keepAliveTimeout = 65_000;
  const h2Sessions = options.h2c ? acceptH2c(server, listener) : undefined;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        h2Sessions?.close();
        server.close(() => resolve());
      }),
  };
}

/**
 * Hands each connection that opens with the HTTP/2 preface to an HTTP/2 server (its compatibility
 * request and response serve `listener` as HTTP/1.1 ones do); any other goes to `server` as before.
 * Answers how to end the live HTTP/2 sessions and the connections that have not said which
 * protocol they speak yet (node's closeAllConnections() knows neither: an idle one kept close() waiting).
 */
function acceptH2c(server: Server, listener: (incoming: IncomingMessage, outgoing: ServerResponse) => void): { close(): void } {
  const h2 = createH2cServer((incoming, outgoing) => listener(incoming as unknown as IncomingMessage, outgoing as unknown as ServerResponse));
  const sessions = new Set<Http2Session>();
  h2.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  const http1 = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const undecided = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    undecided.add(socket);
    socket.once("close", () => undecided.delete(socket));
    let head = Buffer.alloc(0);
    const decide = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, H2_PREFACE.length);
      const h2c = head.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
      // Wait for more only while what came so far may still be the preface.
      if (h2c && n < H2_PREFACE.length) return;
      socket.off("data", decide);
      undecided.delete(socket);
      socket.pause();
      if (h2c) {
        h2.emit("connection", replaying(socket, head));
        return;
      }
      socket.unshift(head);
      for (const l of http1) l.call(server, socket);
      socket.resume();
    };
    socket.on("data", decide);
  });
  return {
    close: () => {
      for (const session of sessions) session.destroy();
      for (const socket of undecided) socket.destroy();
    },
  };
}

/**
 * The socket as a stream that first gives `head` again: an HTTP/2 session reads a socket's
 * handle directly, past bytes already read from it, so it is handed a plain Duplex instead.
 */
function replaying(socket: Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => {
      socket.end();
      done();
    },
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  duplex.push(head);
  socket.on("data", (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("close", () => duplex.destroy());
  socket.on("error", (error) => duplex.destroy(error));
  return duplex;
}

/**
 * Sends a whole response with its Content-Length (AWS's services never answer chunked, and
 * one known length lets node write headers and body together).
 */
function send(outgoing: ServerResponse, method: string | undefined, res: EdgeResponse): void {
  let headers = res.multiValueHeaders ? { ...res.headers, ...res.multiValueHeaders } : res.headers;
  if (isHttp2(outgoing)) headers = withoutH1Headers(headers);
  const body = res.body;
  // 1xx, 204 and 304 carry no body and no length; a HEAD answer's length is the handler's to give.
  const bodiless = res.status < 200 || res.status === 204 || res.status === 304 || method === "HEAD";
  if (!bodiless && !hasLength(headers)) {
    headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length);
  }
  outgoing.writeHead(res.status, headers);
  outgoing.end(body);
}

/**
 * Sends a streamed body chunk by chunk (chunked transfer encoding) as the producer gives it,
 * waiting for the socket to drain before asking for more. A client that disconnects
 * cancels the producer; a producer that throws cuts the response off.
 */
function sendStream(outgoing: ServerResponse, res: EdgeResponse, stream: AsyncIterable<Uint8Array>): void {
  let headers = res.multiValueHeaders ? { ...res.headers, ...res.multiValueHeaders } : res.headers;
  if (isHttp2(outgoing)) headers = withoutH1Headers(headers);
  outgoing.writeHead(res.status, headers);
  // The client sees the status and headers now, before the first chunk exists.
  outgoing.flushHeaders();
  const chunks = stream[Symbol.asyncIterator]();
  let done = false;
  outgoing.on("close", () => {
    if (!done) void chunks.return?.();
  });
  const pump = async () => {
    for (;;) {
      const next = await chunks.next();
      if (next.done === true || outgoing.destroyed) break;
      if (!outgoing.write(next.value)) await drained(outgoing);
    }
    done = true;
    if (!outgoing.destroyed) outgoing.end();
  };
  pump().catch(() => {
    done = true;
    outgoing.destroy();
  });
}

/** Resolves when the response can take more, or is gone. */
function drained(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      outgoing.off("drain", settle);
      outgoing.off("close", settle);
      resolve();
    };
    outgoing.on("drain", settle);
    outgoing.on("close", settle);
  });
}

function isHttp2(outgoing: ServerResponse): boolean {
  return (outgoing as unknown as { stream?: unknown }).stream !== undefined;
}

function withoutH1Headers<T>(headers: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name in headers) if (!H1_ONLY_HEADERS.has(name.toLowerCase())) out[name] = headers[name];
  return out;
}

function hasLength(headers: Record<string, unknown>): boolean {
  for (const name in headers) {
    if ((name.length === 14 || name.length === 17) && /^(content-length|transfer-encoding)$/i.test(name)) return true;
  }
  return false;
}

export function readRequest(incoming: IncomingMessage): Promise<EdgeRequest> {
  return new Promise((resolve, reject) => receive(incoming, resolve, reject));
}

/** Reads a whole request: `done` with it, or `failed` when the connection breaks first. */
function receive(incoming: IncomingMessage, done: (req: EdgeRequest) => void, failed: (error: Error) => void, limit = Number.POSITIVE_INFINITY): void {
  // No Content-Length and no Transfer-Encoding: a request without a body (RFC 9112 6.3),
  // answered without waiting for the stream's end (node drains what is left, nothing).
  const length = incoming.headers["content-length"];
  // HTTP/2 frames a body without either header: its stream's end is the body's end.
  if ((length === undefined || length === "0") && incoming.headers["transfer-encoding"] === undefined && (length === "0" || incoming.httpVersionMajor !== 2)) {
    done(edgeRequest(incoming, EMPTY));
    return;
  }
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let received = 0;
  let answered = false;
  // Past the limit the handler has what it needs to refuse the body, and the rest is dropped
  // (node reads and discards what remains once the answer is sent): memory stays bounded.
  const overflow = () => {
    answered = true;
    incoming.removeAllListeners("data");
    incoming.resume();
    const head = more ? Buffer.concat(more) : (first ?? EMPTY);
    first = undefined;
    more = undefined;
    done(edgeRequest(incoming, head.subarray(0, limit + 1)));
  };
  incoming.on("data", (c: Buffer) => {
    received += c.length;
    if (first === undefined) first = c;
    else (more ??= [first]).push(c);
    if (received > limit) overflow();
  });
  incoming.on("error", (error) => {
    if (!answered) failed(error);
  });
  // Most bodies arrive in one chunk: no copy then.
  incoming.on("end", () => {
    if (!answered) done(edgeRequest(incoming, more ? Buffer.concat(more) : (first ?? EMPTY)));
  });
}

function edgeRequest(incoming: IncomingMessage, body: Buffer): EdgeRequest {
  const url = incoming.url ?? "/";
  const q = url.indexOf("?");
  const headers: Record<string, string> = {};
  const received = incoming.headers;
  for (const k in received) {
    const v = received[k];
    if (v === undefined) continue;
    // HTTP/2 pseudo-headers: the authority is the Host an HTTP/1.1 request would carry.
    if (k.charCodeAt(0) === 58) {
      if (k === ":authority" && received.host === undefined) headers.host = String(v);
      continue;
    }
    headers[k] = typeof v === "string" ? v : v.join(",");
  }
  const address = incoming.socket.remoteAddress;
  return {
    method: incoming.method ?? "GET",
    path: q >= 0 ? url.slice(0, q) : url,
    rawQuery: q >= 0 ? url.slice(q + 1) : "",
    headers,
    body,
    sourceIp: address?.startsWith("::ffff:") ? address.slice(7) : address,
    rawHeaders: incoming.rawHeaders,
  };
}
