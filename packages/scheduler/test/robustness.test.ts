// Requests a client can send that used to crash the Scheduler API (HTTP 500).
import { serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchedulerService } from "../src/index.js";

let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const service = await createSchedulerService({
    clock: new VirtualClock(Date.UTC(2026, 0, 8)), logger: silentLogger, region: "us-east-1", accountId: "111111111111",
    invoker: { invoke: async () => ({ statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" }) },
    dispatcher: { call: async () => ({}) },
  });
  const server = await serveHandler(service.service.handle);
  url = server.url;
  close = async () => {
    await service.close();
    await server.close();
  };
});

afterAll(() => close());

describe("a path label with a malformed percent escape", () => {
  it("is refused by the name's pattern, not a crash", async () => {
    const res = await fetch(`${url}/schedules/%ZZ`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ScheduleExpression: "rate(1 day)", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: "arn:aws:lambda:us-east-1:111111111111:function:f", RoleArn: "arn:aws:iam::111111111111:role/r" } }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect(((await res.json()) as { Message: string }).Message).toContain("Value '%ZZ' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern");
    const get = await fetch(`${url}/schedules/%E0%A4%A`);
    expect(get.status).toBe(400);
  });
});
