import { request, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHandler } from "../src/serve.js";
import { StreamBody } from "../src/streamBody.js";

/** Streams produced by the test, one per request path. */
const bodies = new Map<string, StreamBody>();

describe("serveHandler with a streamed body", () => {
  let server: Awaited<ReturnType<typeof serveHandler>>;

  beforeAll(async () => {
    server = await serveHandler(async (req) => {
      const stream = new StreamBody();
      bodies.set(req.path, stream);
      return { status: 200, headers: { "content-type": "text/plain" }, body: "", stream };
    });
  });

  afterAll(() => server.close());

  function get(path: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}${path}`, resolve);
      req.on("error", reject);
      req.end();
    });
  }

  function nextChunk(res: IncomingMessage): Promise<string> {
    return new Promise((resolve) => res.once("data", (c: Buffer) => resolve(c.toString())));
  }

  it("sends headers at once and each chunk as it is pushed, chunked", async () => {
    const res = await get("/a");
    expect(res.statusCode).toBe(200);
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    const body = bodies.get("/a") ?? new StreamBody();
    const first = nextChunk(res);
    body.push(Buffer.from("one"));
    expect(await first).toBe("one");
    const second = nextChunk(res);
    body.push(Buffer.from("two"));
    expect(await second).toBe("two");
    const ended = new Promise((resolve) => res.on("end", resolve));
    body.end();
    await ended;
  });

  it("cancels the producer when the client disconnects", async () => {
    const res = await get("/b");
    const body = bodies.get("/b") ?? new StreamBody();
    const cancelled = new Promise<void>((resolve) => {
      body.onCancel = resolve;
    });
    const first = nextChunk(res);
    body.push(Buffer.from("x"));
    await first;
    res.destroy();
    await cancelled;
    expect(body.cancelled).toBe(true);
    // Later pushes are dropped, not queued.
    body.push(Buffer.from("late"));
  });

  it("cuts the response off when the producer fails", async () => {
    const res = await get("/c");
    const body = bodies.get("/c") ?? new StreamBody();
    const aborted = new Promise<string>((resolve) => {
      res.on("error", () => resolve("error"));
      res.on("aborted", () => resolve("aborted"));
      res.on("end", () => resolve("end"));
    });
    res.resume();
    body.fail(new Error("boom"));
    expect(await aborted).not.toBe("end");
  });
});
