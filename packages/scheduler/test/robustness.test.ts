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

/** A body no SDK would send (curl, a hand-written client): a member of the wrong JSON type. */
async function send(method: string, path: string, body: unknown): Promise<{ status: number; type: string | null; body: unknown }> {
  const res = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: await res.json() };
}

const schedule = {
  ScheduleExpression: "rate(1 day)",
  FlexibleTimeWindow: { Mode: "OFF" },
  Target: { Arn: "arn:aws:lambda:us-east-1:111111111111:function:f", RoleArn: "arn:aws:iam::111111111111:role/r" },
};

describe("a JSON member of the wrong type", () => {
  it("fails CreateSchedule with 400 SerializationException: a string where a number goes", async () => {
    const out = await send("POST", "/schedules/typed-1", { ...schedule, FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: "5" } });
    expect(out).toEqual({ status: 400, type: "SerializationException", body: { Message: "STRING_VALUE cannot be converted to Integer" } });
  });

  it("fails on a list where a structure goes, and on a number where a string goes", async () => {
    const retry = await send("POST", "/schedules/typed-2", { ...schedule, Target: { ...schedule.Target, RetryPolicy: [] } });
    expect(retry).toEqual({ status: 400, type: "SerializationException", body: { Message: "Unrecognized collection type class com.amazonaws.scheduler.RetryPolicy" } });
    const expression = await send("POST", "/schedules/typed-2", { ...schedule, ScheduleExpression: 5 });
    expect(expression).toEqual({ status: 400, type: "SerializationException", body: { Message: "NUMBER_VALUE cannot be converted to String" } });
    const target = await send("POST", "/schedules/typed-2", { ...schedule, Target: "arn:aws:lambda:us-east-1:111111111111:function:f" });
    expect(target).toEqual({ status: 400, type: "SerializationException", body: { Message: "Unexpected field type" } });
  });

  it("fails before any constraint is checked, and creates nothing", async () => {
    // Mode "SOMETIMES" breaks the enum too; the type is what AWS reports.
    const out = await send("POST", "/schedules/typed-3", { ...schedule, FlexibleTimeWindow: { Mode: "SOMETIMES", MaximumWindowInMinutes: true } });
    expect(out).toEqual({ status: 400, type: "SerializationException", body: { Message: "TRUE_VALUE cannot be converted to Integer" } });
    expect((await fetch(`${url}/schedules/typed-3`)).status).toBe(404);
  });

  it("is checked on every action: UpdateSchedule, CreateScheduleGroup and TagResource", async () => {
    expect((await send("POST", "/schedules/typed-4", schedule)).status).toBe(200);
    const update = await send("PUT", "/schedules/typed-4", { ...schedule, Description: false });
    expect(update).toEqual({ status: 400, type: "SerializationException", body: { Message: "FALSE_VALUE cannot be converted to String" } });
    const group = await send("POST", "/schedule-groups/typed", { Tags: { Key: "k", Value: "v" } });
    expect(group).toMatchObject({ status: 400, type: "SerializationException" });
    const arn = encodeURIComponent("arn:aws:scheduler:us-east-1:111111111111:schedule-group/default");
    const tag = await send("POST", `/tags/${arn}`, { Tags: ["k"] });
    expect(tag).toEqual({ status: 400, type: "SerializationException", body: { Message: "Unexpected value type in payload" } });
  });
});
