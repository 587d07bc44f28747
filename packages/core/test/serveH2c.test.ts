import { request } from "node:http";
import { connect as connectTcp } from "node:net";
import { connect } from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHandler } from "../src/serve.js";

/** AWS SDK v3's Kinesis client (and other streaming APIs) speak HTTP/2 with prior knowledge to an http:// endpoint. */
describe("serveHandler with h2c", () => {
  let server: Awaited<ReturnType<typeof serveHandler>>;

  beforeAll(async () => {
    server = await serveHandler(
      async (req) => ({
        status: 200,
        // "connection" is HTTP/1.1-only: it must not reach an HTTP/2 answer (node would refuse to send it).
        headers: { "content-type": "application/json", connection: "keep-alive" },
        body: JSON.stringify({ method: req.method, path: req.path, host: req.headers.host ?? null, pseudo: Object.keys(req.headers).filter((k) => k.startsWith(":")), body: req.body.toString() }),
      }),
      { h2c: true },
    );
  });

  afterAll(() => server.close());

  it("answers an HTTP/2 request with prior knowledge, its :authority as the Host and no pseudo-headers", async () => {
    const session = connect(server.url);
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": "/x?y=1", "content-type": "application/json" });
        let status = 0;
        let body = "";
        stream.on("response", (headers) => (status = Number(headers[":status"])));
        stream.on("data", (c: Buffer) => (body += c.toString()));
        stream.on("end", () => resolve({ status, body }));
        stream.on("error", reject);
        stream.end('{"a":1}');
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ method: "POST", path: "/x", host: new URL(server.url).host, pseudo: [], body: '{"a":1}' });
    } finally {
      session.close();
    }
  });

  it("still answers HTTP/1.1 on the same port", async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${server.url}/plain`, { method: "GET" }, (incoming) => {
        let text = "";
        incoming.on("data", (c: Buffer) => (text += c.toString()));
        incoming.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ method: "GET", path: "/plain" });
  });

  it("close() ends open HTTP/2 sessions instead of waiting for them", async () => {
    const other = await serveHandler(async () => ({ status: 200, headers: {}, body: "ok" }), { h2c: true });
    const session = connect(other.url);
    await new Promise<void>((resolve, reject) => {
      const stream = session.request({ ":path": "/" });
      stream.on("data", () => undefined);
      stream.on("end", resolve);
      stream.on("error", reject);
      stream.end();
    });
    const closed = new Promise<void>((resolve) => session.on("close", resolve));
    await other.close();
    await closed;
    expect(session.destroyed || session.closed).toBe(true);
  });

  it("close() ends a connection that has sent nothing yet (it is neither protocol's, and kept close() waiting)", async () => {
    const other = await serveHandler(async () => ({ status: 200, headers: {}, body: "ok" }), { h2c: true });
    const socket = connectTcp(other.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const ended = new Promise((resolve) => socket.once("close", resolve));
    await other.close();
    await ended;
    expect(socket.destroyed).toBe(true);
  });
});
