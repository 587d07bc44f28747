// Requests a third-party SDK conformance sweep sent (tagumasa/vorpalstacks-conformance-tests) and
// the malformed variants of them that used to crash the engine (HTTP 500).
import { DescribeEventBusCommand, PutPermissionCommand, RemovePermissionCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEventBridge, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());

const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } });

async function post(action: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(h.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSEvents.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("a member that is JSON null", () => {
  it("is absent, as AWS's JSON deserializer reads it: the default bus, the default bus's rules", async () => {
    expect(await post("DescribeEventBus", { Name: null })).toMatchObject({ status: 200, body: { Name: "default" } });
    expect(await post("ListRules", { EventBusName: null, NamePrefix: null })).toEqual({ status: 200, body: { Rules: [] } });
    expect(await post("PutPermission", { EventBusName: null, Policy: null, Principal: null })).toEqual({
      status: 400,
      body: { __type: "ValidationException", message: "Parameter Principal must be specified." },
    });
  });

  it("is absent inside a structure too", async () => {
    const put = await post("PutEvents", { Entries: [{ Source: null, DetailType: "t", Detail: "{}" }] });
    expect(put).toMatchObject({
      status: 200,
      body: { FailedEntryCount: 1, Entries: [{ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." }] },
    });
  });
});

describe("a deeply nested body", () => {
  it("is read without running out of stack: an unknown member is ignored, however deep", async () => {
    const body = '{"EventBusName":"default","Unknown":' + '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000) + "}";
    const res = await fetch(h.url, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSEvents.ListRules" }, body });
    expect([res.status, await res.json()]).toEqual([200, { Rules: [] }]);
  });
});

describe("UpdateEventBus", () => {
  it("keeps DeadLetterConfig's Arn, not a member the model does not have", async () => {
    await post("CreateEventBus", { Name: "dlq-bus" });
    const updated = await post("UpdateEventBus", { Name: "dlq-bus", DeadLetterConfig: { Arn: "arn:aws:sqs:us-east-1:000000000000:dlq", Extra: 1 } });
    expect(updated).toMatchObject({ status: 200, body: { DeadLetterConfig: { Arn: "arn:aws:sqs:us-east-1:000000000000:dlq" } } });
    expect((await h.client.send(new DescribeEventBusCommand({ Name: "dlq-bus" }))).DeadLetterConfig).toEqual({ Arn: "arn:aws:sqs:us-east-1:000000000000:dlq" });
  });
});

describe("PutPermission", () => {
  it("refuses a Policy that is not a JSON object, and keeps the bus's policy as it was", async () => {
    for (const Policy of ["not json", "", "null", "[]"]) {
      const error = await reject(h.client.send(new PutPermissionCommand({ Policy })));
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["ValidationException", "This policy contains invalid Json", 400]);
    }
    expect((await h.client.send(new DescribeEventBusCommand({}))).Policy).toBeUndefined();
    // Nothing was stored that RemovePermission could trip over.
    const missing = await reject(h.client.send(new RemovePermissionCommand({ StatementId: "none" })));
    expect([missing.name, missing.message]).toEqual(["ResourceNotFoundException", "Statement with the provided id does not exist."]);
  });

  it("needs a Principal, and grants events:PutEvents only", async () => {
    const noPrincipal = await reject(h.client.send(new PutPermissionCommand({ Action: "events:PutEvents", StatementId: "s" })));
    expect([noPrincipal.name, noPrincipal.message]).toEqual(["ValidationException", "Parameter Principal must be specified."]);
    const otherAction = await reject(h.client.send(new PutPermissionCommand({ Action: "events:PutRule", Principal: "111111111111", StatementId: "s" })));
    expect([otherAction.name, otherAction.message]).toEqual(["ValidationException", "Provided value in parameter 'action' is not supported."]);
    expect((await h.client.send(new DescribeEventBusCommand({}))).Policy).toBeUndefined();
  });
});
