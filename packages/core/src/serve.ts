import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EdgeRequest, EdgeResponse } from "./http.js";

/**
 * Serves a request handler on 127.0.0.1 with node:http. Used by the sandbox's servers
 * and by package tests that drive one service through a real AWS SDK client.
 */
export async function serveHandler(
  handle: (req: EdgeRequest) => Promise<EdgeResponse>,
  options: { port?: number; host?: string } = {},
): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    readRequest(incoming)
      .then(handle)
      .then((res) => {
        outgoing.writeHead(res.status, res.multiValueHeaders ? { ...res.headers, ...res.multiValueHeaders } : res.headers);
        outgoing.end(res.body);
      })
      .catch((error: unknown) => {
        outgoing.writeHead(500, { "content-type": "application/json" });
        outgoing.end(JSON.stringify({ message: String(error) }));
      });
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

export function readRequest(incoming: IncomingMessage): Promise<EdgeRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (c: Buffer) => chunks.push(c));
    incoming.on("error", reject);
    incoming.on("end", () => {
      const url = incoming.url ?? "/";
      const q = url.indexOf("?");
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(incoming.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
      }
      resolve({
        method: incoming.method ?? "GET",
        path: q >= 0 ? url.slice(0, q) : url,
        rawQuery: q >= 0 ? url.slice(q + 1) : "",
        headers,
        body: Buffer.concat(chunks),
        sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, ""),
        rawHeaders: incoming.rawHeaders,
      });
    });
  });
}
