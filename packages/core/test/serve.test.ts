import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHandler } from "../src/serve.js";

describe("serveHandler", () => {
  let server: Awaited<ReturnType<typeof serveHandler>>;

  beforeAll(async () => {
    server = await serveHandler(async (req) => ({
      status: 400,
      headers: { "content-type": "application/json", "x-amzn-errortype": "UnknownOperationException" },
      body: JSON.stringify({ __type: "UnknownOperationException", host: req.headers.host ?? null }),
    }));
  });

  afterAll(() => server.close());

  it("hands a request with no headers at all to the handler instead of answering node's bare 400", async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/`, { method: "POST", headers: {}, setHost: false }, (incoming) => {
        let body = "";
        incoming.on("data", (c: Buffer) => (body += c.toString()));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: "UnknownOperationException", host: null });
  });
});
