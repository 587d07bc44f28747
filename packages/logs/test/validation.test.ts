// Requests are checked against AWS's model before the engine runs (found by test/robustness.test.ts:
// a missing or wrong-typed member used to reach the engine and crash it, or create a group named "undefined").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

describe("CloudWatch Logs request validation", () => {
  let h: LogsHarness;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    h = await startLogs({ clock: new VirtualClock(Date.UTC(2026, 0, 1)) });
    client = h.client;
  });

  afterAll(async () => {
    await h.close();
  });

  async function post(action: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `Logs_20140328.${action}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  it("rejects a missing required member with InvalidParameterException, creating nothing", async () => {
    expect(await post("CreateLogGroup", {})).toEqual({
      status: 400,
      body: {
        __type: "InvalidParameterException",
        message: "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
      },
    });
    const { logGroups } = await client.send(new DescribeLogGroupsCommand({}));
    expect(logGroups).toEqual([]);
  });

  it("lists every failed constraint of a bad name, as AWS does", async () => {
    await expect(client.send(new CreateLogGroupCommand({ logGroupName: "" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/^2 validation errors detected: Value '' at 'logGroupName' failed to satisfy constraint: /),
    });
  });

  it("reads a member sent as JSON null as absent, as AWS does (nulls used to reach the engine: HTTP 500)", async () => {
    const absent = await post("DescribeLogStreams", {});
    expect(absent.status).toBe(400);
    expect(await post("DescribeLogStreams", { logGroupName: null })).toEqual(absent);
    expect(await post("DeleteLogGroup", { logGroupName: null })).toEqual({
      status: 400,
      body: {
        __type: "InvalidParameterException",
        message: "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
      },
    });
    expect(await post("CreateLogGroup", { logGroupName: "/nulls", kmsKeyId: null, tags: null })).toMatchObject({ status: 200 });
    expect(await post("DeleteLogGroup", { logGroupName: "/nulls" })).toMatchObject({ status: 200 });
  });

  it("answers a member of the wrong JSON type with a SerializationException", async () => {
    expect(await post("CreateLogStream", { logGroupName: 5, logStreamName: "s" })).toEqual({
      status: 400,
      body: { __type: "SerializationException", message: "NUMBER_VALUE cannot be converted to String" },
    });
    expect(await post("DescribeLogGroups", { limit: "ten" })).toMatchObject({ status: 400, body: { __type: "SerializationException" } });
  });

  it("checks retentionInDays against its allowed values before looking up the log group", async () => {
    await expect(client.send(new PutRetentionPolicyCommand({ logGroupName: "/no/such/group", retentionInDays: 8 }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message:
        "1 validation error detected: Value '8' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    });
    await expect(client.send(new PutRetentionPolicyCommand({ logGroupName: "/no/such/group", retentionInDays: 7 }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The specified log group does not exist.",
    });
  });

  it("emulates every action of AWS's model, checking its input first", async () => {
    const answer = await post("TestTransformer", {});
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ __type: "InvalidParameterException" });
    expect(String((answer.body as { message?: string }).message)).toMatch(/^2 validation errors detected: /);
    expect(await post("constructor", {})).toEqual({ status: 400, body: { __type: "UnknownOperationException" } });
  });
});
