import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EdgeRequest, EdgeResponse } from "./http.js";

/**
 * Serves a request handler on 127.0.0.1 with node:http. Used by the sandbox's servers
 * and by package tests that drive one service through a real AWS SDK client.
 */
const EMPTY = Buffer.alloc(0);

export async function serveHandler(
  handle: (req: EdgeRequest) => Promise<EdgeResponse>,
  options: { port?: number; host?: string } = {},
): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  // A request without a Host header still gets the service's own AWS-shaped error, not node's bare 400.
  const server = createServer({ requireHostHeader: false }, (incoming, outgoing) => {
    const fail = (error: unknown) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(500, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: String(error) }));
    };
    const answer = (res: EdgeResponse) => {
      try {
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
      fail,
    );
  });
  server.keepAliveTimeout = 65_000;
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
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends a whole response with its Content-Length (AWS's services never answer chunked, and
 * one known length lets node write headers and body together).
 */
function send(outgoing: ServerResponse, method: string | undefined, res: EdgeResponse): void {
  const headers = res.multiValueHeaders ? { ...res.headers, ...res.multiValueHeaders } : res.headers;
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
  const headers = res.multiValueHeaders ? { ...res.headers, ...res.multiValueHeaders } : res.headers;
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
function receive(incoming: IncomingMessage, done: (req: EdgeRequest) => void, failed: (error: Error) => void): void {
  // No Content-Length and no Transfer-Encoding: a request without a body (RFC 9112 6.3),
  // answered without waiting for the stream's end (node drains what is left, nothing).
  const length = incoming.headers["content-length"];
  if ((length === undefined || length === "0") && incoming.headers["transfer-encoding"] === undefined) {
    done(edgeRequest(incoming, EMPTY));
    return;
  }
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  incoming.on("data", (c: Buffer) => {
    if (first === undefined) first = c;
    else (more ??= [first]).push(c);
  });
  incoming.on("error", failed);
  // Most bodies arrive in one chunk: no copy then.
  incoming.on("end", () => done(edgeRequest(incoming, more ? Buffer.concat(more) : (first ?? EMPTY))));
}

function edgeRequest(incoming: IncomingMessage, body: Buffer): EdgeRequest {
  const url = incoming.url ?? "/";
  const q = url.indexOf("?");
  const headers: Record<string, string> = {};
  const received = incoming.headers;
  for (const k in received) {
    const v = received[k];
    if (v !== undefined) headers[k] = typeof v === "string" ? v : v.join(",");
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
