import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdgeResponse } from "../src/http.js";
import { serveHandler } from "../src/serve.js";

/** Sends raw bytes and collects what comes back until the server closes or `ms` pass. */
function raw(port: number, data: string | Buffer, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    const timer = setTimeout(finish, ms);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", finish);
    socket.on("error", finish);
    socket.on("connect", () => socket.write(data));
  });
}

describe("serveHandler under hostile requests", () => {
  let server: Awaited<ReturnType<typeof serveHandler>>;
  let answer: () => EdgeResponse = () => ({ status: 200, headers: {}, body: "ok" });
  const bodies: number[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    server = await serveHandler(
      async (req) => {
        bodies.push(req.body.length);
        return answer();
      },
      { maxBodyBytes: 1000, onError: (error) => errors.push(error) },
    );
  });
  afterAll(() => server.close());

  it("answers a handler's failure with a bare 500 that shows nothing of it (once the error's text)", async () => {
    answer = () => ({ status: 200, headers: { "bad name": "x", "x-a": "a\r\nInjected: 1" }, body: "ok" });
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');
    expect(res.headers.get("injected")).toBeNull();
    expect(errors.length).toBe(1);
  });

  it("never ends an exchange with a 1xx status a client would wait past forever", async () => {
    answer = () => ({ status: 100, headers: {}, body: "x" });
    const text = await raw(server.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(text.startsWith("HTTP/1.1 500 ")).toBe(true);
  });

  it("hands the handler only the first maxBodyBytes + 1 bytes of a longer body, answering without reading it all", async () => {
    answer = () => ({ status: 413, headers: {}, body: "too large" });
    bodies.length = 0;
    const res = await fetch(`${server.url}/`, { method: "POST", body: Buffer.alloc(50_000) });
    expect(res.status).toBe(413);
    expect(bodies).toEqual([1001]);
    // A declared length far past what is sent: answered once the limit is crossed, not after the (never sent) rest.
    const text = await raw(server.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n${"a".repeat(2000)}`, 500);
    expect(text.startsWith("HTTP/1.1 413 ")).toBe(true);
    // A body within the limit is whole.
    answer = () => ({ status: 200, headers: {}, body: "ok" });
    bodies.length = 0;
    await (await fetch(`${server.url}/`, { method: "POST", body: Buffer.alloc(1000) })).text();
    expect(bodies).toEqual([1000]);
  });

  it("keeps serving other clients while hundreds of connections send half a request", async () => {
    answer = () => ({ status: 200, headers: {}, body: "ok" });
    const idle = Array.from({ length: 300 }, () => connect(server.port, "127.0.0.1").on("error", () => {}));
    await Promise.all(idle.map((s) => new Promise((resolve) => s.once("connect", resolve))));
    for (const s of idle) s.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nX-Slow: ");
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
    for (const s of idle) s.destroy();
  });

  it("answers pipelined requests in order on one connection", async () => {
    answer = () => ({ status: 200, headers: {}, body: "ok" });
    const text = await raw(server.port, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200"]);
  });
});
