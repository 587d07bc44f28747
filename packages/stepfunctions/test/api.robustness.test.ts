// Found by test/robustness.test.ts: input a client can send that used to crash the engine (HTTP 500).
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { type LambdaInvoker } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./apiHarness.js";

let api: ApiHarness;
let client: SFNClient;
const invoker: LambdaInvoker = { invoke: () => Promise.resolve({ statusCode: 200, executedVersion: "$LATEST", payload: Buffer.from("{}") }) };

beforeAll(async () => {
  api = await startApi({ invoker });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

async function post(action: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(api.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("input of the wrong JSON type", () => {
  it("fails with a SerializationException before the engine sees it", async () => {
    expect(await post("CreateStateMachine", { name: 12345, definition: "{}", roleArn: "arn:aws:iam::000000000000:role/r" })).toEqual({
      status: 400,
      body: { __type: "SerializationException", message: "NUMBER_VALUE cannot be converted to String" },
    });
    expect(await post("ListExecutions", { stateMachineArn: ["a"] })).toMatchObject({ status: 400, body: { __type: "SerializationException" } });
    expect(await post("ValidateStateMachineDefinition", { definition: { StartAt: "A" } })).toMatchObject({ status: 400, body: { __type: "SerializationException" } });
  });
});

describe("a member that is JSON null", () => {
  it("is absent, at any depth, as AWS's JSON deserializer reads it", async () => {
    expect(await post("ListExecutions", { stateMachineArn: null })).toEqual({
      status: 400,
      body: { __type: "ValidationException", message: "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN" },
    });
    const created = await post("CreateStateMachine", {
      name: "nulls",
      definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", End: true } } }),
      roleArn: "arn:aws:iam::000000000000:role/r",
      tags: null,
      loggingConfiguration: { level: null, destinations: null },
    });
    expect(created.status).toBe(200);
    const described = await post("DescribeStateMachine", { stateMachineArn: created.body.stateMachineArn });
    expect(described.body.loggingConfiguration).toEqual({ level: "OFF", includeExecutionData: false });
  });
});

describe("a definition nested deeper than Jackson parses", () => {
  const nested = (depth: number) => JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Result: "@", End: true } } }).replace('"@"', "[".repeat(depth) + "]".repeat(depth));
  const tooDeep = "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)";

  it("is refused as INVALID_JSON_DESCRIPTION, not a crash", async () => {
    // The definition's own three levels ({, States, A) and 997 arrays: 1000, the most Jackson reads.
    expect((await post("ValidateStateMachineDefinition", { definition: nested(997) })).body).toMatchObject({ result: "OK" });
    expect((await post("ValidateStateMachineDefinition", { definition: nested(998) })).body).toMatchObject({
      result: "FAIL",
      diagnostics: [{ severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", message: tooDeep }],
    });
    expect(await post("CreateStateMachine", { name: "deep", definition: nested(100_000), roleArn: "arn:aws:iam::000000000000:role/r" })).toEqual({
      status: 400,
      body: { __type: "InvalidDefinition", message: `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${tooDeep}'` },
    });
  });

  it("counts no bracket inside a string", async () => {
    const definition = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Result: "[".repeat(5000) + '\\"{', End: true } } });
    expect((await post("ValidateStateMachineDefinition", { definition })).body).toMatchObject({ result: "OK" });
  });
});

describe("ListExecutions", () => {
  it("needs a state machine ARN or a Map Run ARN", async () => {
    await expect(client.send(new ListExecutionsCommand({}))).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN",
    });
  });

  it("answers an unknown Map Run ARN as DescribeMapRun does", async () => {
    const mapRunArn = "arn:aws:states:us-east-1:000000000000:mapRun:machine/Map:5e0c6e2c-0000-4000-8000-000000000000";
    await expect(client.send(new ListExecutionsCommand({ mapRunArn }))).rejects.toMatchObject({ name: "ResourceNotFound" });
    await expect(client.send(new ListExecutionsCommand({ mapRunArn: "not-an-arn" }))).rejects.toMatchObject({ name: "InvalidArn" });
  });
});
