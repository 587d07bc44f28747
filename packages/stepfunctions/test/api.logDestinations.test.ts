import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, DescribeStateMachineCommand, UpdateStateMachineCommand } from "@aws-sdk/client-sfn";
import { AwsError, type AwsDispatcher } from "@sam-sandbox/core";
import { startApi, type ApiHarness } from "./apiHarness.js";
import { logGroupNameOf } from "../src/engine/api/logDestinations.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const DEFINITION = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
const groupArn = (name: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${name}:*`;
const logging = (name: string) => ({ level: "ALL" as const, includeExecutionData: false, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn(name) } }] });
const NOT_FOUND = { name: "InvalidLoggingConfiguration", message: "Invalid Logging Configuration: Log Destination not found." };

/** The Logs service as the dispatcher reaches it: one log group, "/aws/states/known". */
const lookups: string[] = [];
const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    if (service !== "logs" || action !== "DescribeLogGroups") throw new AwsError("UnknownOperationException", "not here", 400);
    lookups.push(String(input.logGroupNamePrefix));
    const groups = ["/aws/states/known", "/aws/states/known-too"].filter((g) => g.startsWith(String(input.logGroupNamePrefix)));
    return { logGroups: groups.map((logGroupName) => ({ logGroupName, arn: groupArn(logGroupName) })) };
  },
};

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error("did not fail");
}

describe("LoggingConfiguration's log group", () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ dispatcher });
  });
  afterAll(async () => {
    await api.close();
  });

  it("refuses CreateStateMachine naming a log group that does not exist", async () => {
    const create = new CreateStateMachineCommand({ name: "missing-group", roleArn: ROLE, definition: DEFINITION, loggingConfiguration: logging("/aws/states/missing") });
    expect(await errorOf(api.client.send(create))).toEqual(NOT_FOUND);
    expect(lookups).toContain("/aws/states/missing");
  });

  it("takes an existing log group, matched by its whole name (not a prefix of it)", async () => {
    const created = await api.client.send(new CreateStateMachineCommand({ name: "known-group", roleArn: ROLE, definition: DEFINITION, loggingConfiguration: logging("/aws/states/known") }));
    const described = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn).toBe(groupArn("/aws/states/known"));
    const prefixOnly = new CreateStateMachineCommand({ name: "prefix-group", roleArn: ROLE, definition: DEFINITION, loggingConfiguration: logging("/aws/states/kno") });
    expect(await errorOf(api.client.send(prefixOnly))).toEqual(NOT_FOUND);
  });

  it("refuses UpdateStateMachine moving the logs to a missing log group", async () => {
    const created = await api.client.send(new CreateStateMachineCommand({ name: "update-group", roleArn: ROLE, definition: DEFINITION }));
    const update = new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, loggingConfiguration: logging("/aws/states/gone") });
    expect(await errorOf(api.client.send(update))).toEqual(NOT_FOUND);
    await api.client.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, loggingConfiguration: logging("/aws/states/known-too") }));
  });

  it("reads the log group's name from its ARN, with or without the :* qualifier", () => {
    expect(logGroupNameOf("arn:aws:logs:us-east-1:000000000000:log-group:/aws/states/x:*")).toBe("/aws/states/x");
    expect(logGroupNameOf("arn:aws:logs:us-east-1:000000000000:log-group:/aws/states/x")).toBe("/aws/states/x");
    expect(logGroupNameOf("not-an-arn")).toBeUndefined();
  });
});
