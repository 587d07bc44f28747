import { describe, expect, it } from "vitest";
import { AwsError, VirtualClock, type AwsDispatcher } from "@sam-sandbox/core";
import { createTaskRunner } from "../src/engine/tasks/runner.js";
import { stateMachineArnOf } from "../src/engine/tasks/events.js";
import { parseResource, TaskError, type TaskCall } from "../src/engine/asl/ports.js";
import type { Json } from "../src/engine/asl/json.js";

const EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:Machine:run-1";
const MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:Machine";

function call(resource: string, parameters: Json): TaskCall {
  const parsed = parseResource(resource);
  if (!parsed) throw new Error(`bad resource ${resource}`);
  return { resource: parsed, parameters, region: "us-east-1", accountId: "000000000000", executionArn: EXECUTION, stateName: "S", timeoutSeconds: 60 };
}

async function failure(promise: Promise<unknown>): Promise<TaskError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TaskError) return error;
    throw error;
  }
  throw new Error("did not fail");
}

type Entry = { Source?: string; Detail?: string; Resources?: string[] };
const calls: [string, string, Record<string, unknown>][] = [];
const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    calls.push([service, action, input]);
    const entries = input.Entries as Entry[];
    if (entries.some((e) => e.Source === "throw")) throw new AwsError("ValidationException", "1 validation error detected", 400);
    const results = entries.map((e, i) => (e.Source === undefined ? { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." } : { EventId: `id-${i}` }));
    return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
  },
};
const runner = createTaskRunner({ dispatcher, clock: new VirtualClock(0) });

describe("events:putEvents", () => {
  it("sends a JSON Detail as its text and appends the state machine's and the execution's ARNs to Resources", async () => {
    calls.length = 0;
    const result = await runner.run(
      call("arn:aws:states:::events:putEvents", {
        Entries: [
          { Detail: { Message: "hi" }, DetailType: "t", Source: "my.source" },
          { Detail: '{"a":1}', DetailType: "t", Source: "my.source", Resources: ["arn:aws:sqs:us-east-1:000000000000:q"] },
        ],
      }),
    );
    expect(result).toEqual({ Entries: [{ EventId: "id-0" }, { EventId: "id-1" }], FailedEntryCount: 0 });
    expect(Object.keys(result as object)).toEqual(["Entries", "FailedEntryCount"]);
    expect(calls[0][0]).toBe("events");
    expect(calls[0][1]).toBe("PutEvents");
    const sent = calls[0][2].Entries as Entry[];
    expect(sent[0]).toEqual({ Detail: '{"Message":"hi"}', DetailType: "t", Source: "my.source", Resources: [MACHINE, EXECUTION] });
    expect(sent[1].Detail).toBe('{"a":1}');
    expect(sent[1].Resources).toEqual(["arn:aws:sqs:us-east-1:000000000000:q", MACHINE, EXECUTION]);
  });

  it("fails with EventBridge.FailedEntry and PutEvents' answer as the cause when an entry fails", async () => {
    const error = await failure(runner.run(call("arn:aws:states:::events:putEvents", { Entries: [{ Detail: {}, DetailType: "t", Source: "s" }, { Detail: {}, DetailType: "t" }] })));
    expect(error.error).toBe("EventBridge.FailedEntry");
    expect(JSON.parse(error.cause ?? "")).toEqual({
      Entries: [{ EventId: "id-0" }, { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." }],
      FailedEntryCount: 1,
    });
  });

  it("names a rejected call as the SDK v1 client does", async () => {
    const error = await failure(runner.run(call("arn:aws:states:::events:putEvents", { Entries: [{ Source: "throw" }] })));
    expect(error.error).toBe("EventBridge.ValidationException");
    expect(error.cause).toMatch(/^1 validation error detected \(Service: AmazonEventBridge; Status Code: 400; Error Code: ValidationException; Request ID: [0-9a-f-]+; Proxy: null\)$/);
  });

  it("runs .waitForTaskToken through the same call", async () => {
    calls.length = 0;
    await runner.run({ ...call("arn:aws:states:::events:putEvents.waitForTaskToken", { Entries: [{ Detail: { token: "tok" }, DetailType: "t", Source: "s" }] }), taskToken: "tok" });
    expect((calls[0][2].Entries as Entry[])[0].Detail).toBe('{"token":"tok"}');
  });

  it("derives the state machine ARN of standard and express executions", () => {
    expect(stateMachineArnOf(EXECUTION)).toBe(MACHINE);
    expect(stateMachineArnOf("arn:aws:states:us-east-1:000000000000:express:Machine:run-1:0a1b")).toBe(MACHINE);
  });
});

describe("aws-sdk errors of the new services", () => {
  const failing: AwsDispatcher = {
    async call(service) {
      if (service === "sts") throw new AwsError("ValidationError", "1 validation error detected", 400);
      if (service === "secretsmanager") throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400);
      throw new AwsError("ParameterNotFound", "", 400);
    },
  };
  const sdk = createTaskRunner({ dispatcher: failing, clock: new VirtualClock(0) });

  it("names them <Service>.<Exception>, an unmodeled code as the client's base exception", async () => {
    const secret = await failure(sdk.run(call("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", { SecretId: "x" })));
    expect(secret.error).toBe("SecretsManager.ResourceNotFoundException");
    expect(secret.cause).toMatch(/^Secrets Manager can't find the specified secret\. \(Service: SecretsManager, Status Code: 400, Request ID: [0-9a-f-]+\)$/);
    expect((await failure(sdk.run(call("arn:aws:states:::aws-sdk:sts:assumeRole", {})))).error).toBe("Sts.StsException");
    expect((await failure(sdk.run(call("arn:aws:states:::aws-sdk:ssm:getParameter", { Name: "x" })))).error).toBe("Ssm.ParameterNotFoundException");
  });
});
