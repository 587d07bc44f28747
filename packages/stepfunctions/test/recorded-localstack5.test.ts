/**
 * More of LocalStack's snapshot tests recorded on real AWS, replayed against the sandbox through
 * the SFN SDK client: the control-plane API (tests/aws/services/stepfunctions/v2/test_sfn_api.snapshot.json,
 * test_sfn_api_tagging.snapshot.json). Values the snapshots' transformers replaced (ARNs' account,
 * dates, uuids) are not compared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  TestStateCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { LambdaInvoker } from "@sam-sandbox/core";
import { finished, startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const ROLE_1 = "arn:aws:iam::000000000000:role/sfn-1";
const ROLE_2 = "arn:aws:iam::000000000000:role/sfn-2";
const SM_PREFIX = "arn:aws:states:us-east-1:000000000000:stateMachine:";

let api: ApiHarness;
let client: SFNClient;
let n = 0;

/** LocalStack's id function: the Lambda answers its event; raise-exception raises as LAMBDA_FUNC_RAISE_EXCEPTION does. */
const invoker: LambdaInvoker = {
  async invoke(request) {
    if (request.functionName.endsWith("raise-exception")) {
      const error = { errorMessage: "Some exception was raised.", errorType: "Exception", requestId: "r", stackTrace: [] };
      return { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled", payload: Buffer.from(JSON.stringify(error)) };
    }
    return { statusCode: 200, executedVersion: "$LATEST", payload: request.payload };
  },
};

beforeAll(async () => {
  api = await startApi({ invoker });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

/** BASE_PASS_RESULT of LocalStack's templates. */
const passResult = (arg1 = "argument1") => ({ Comment: "BASE_PASS_RESULT", StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { Arg1: arg1 }, End: true } } });

async function create(definition: object, name = `ls5-${++n}`, roleArn = ROLE): Promise<string> {
  const out = await client.send(new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(definition) }));
  return out.stateMachineArn ?? "";
}

interface Caught {
  name: string;
  message: string;
  status: number | undefined;
}

async function caught(promise: Promise<unknown>): Promise<Caught> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected an error");
}

/** The members of a Describe* answer that the snapshots compare (the SDK's $metadata dropped). */
function members(out: object): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = out as Record<string, unknown>;
  return rest;
}

describe("state machines (recorded, test_sfn_api.snapshot.json)", () => {
  it("refuses a definition without States (test_create_delete_invalid_sm)", async () => {
    const error = await caught(create({ Comment: "BASE_INVALID_DER", StartAt: "State_1" }));
    expect(error).toEqual({ name: "InvalidDefinition", status: 400, message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'" });
  });

  it("deletes a state machine that does not exist without an error (test_delete_nonexistent_sm)", async () => {
    const out = await client.send(new DeleteStateMachineCommand({ stateMachineArn: `${SM_PREFIX}ls5-never-created` }));
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it("answers DescribeStateMachine with AWS's members and no revisionId before an update (test_create_exact_duplicate_sm)", async () => {
    const name = `ls5-dup-${++n}`;
    const arn = await create(passResult(), name);
    const described = members(await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
    expect(Object.keys(described).sort()).toEqual(["creationDate", "definition", "loggingConfiguration", "name", "roleArn", "stateMachineArn", "status", "tracingConfiguration", "type"]);
    expect(described).toMatchObject({
      definition: JSON.stringify(passResult()),
      loggingConfiguration: { includeExecutionData: false, level: "OFF" },
      name,
      roleArn: ROLE,
      stateMachineArn: arn,
      status: "ACTIVE",
      tracingConfiguration: { enabled: false },
      type: "STANDARD",
    });
    // The same name, definition and role again answers the same ARN.
    expect(await create(passResult(), name)).toBe(arn);
  });

  it("refuses the same name with the definition written differently (test_create_duplicate_definition_format_sm, test_create_duplicate_sm_name)", async () => {
    const name = `ls5-dup-${++n}`;
    const arn = await create(passResult(), name);
    const reformatted = client.send(new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(passResult(), null, 4) }));
    expect(await caught(reformatted)).toEqual({ name: "StateMachineAlreadyExists", status: 400, message: `State Machine Already Exists: '${arn}'` });
    const changed = create({ ...passResult(), States: { State_1: { Type: "Pass", Result: { Arg1: "argument1", Arg2: "Argument2" }, End: true } } }, name);
    expect(await caught(changed)).toEqual({ name: "StateMachineAlreadyExists", status: 400, message: `State Machine Already Exists: '${arn}'` });
  });

  it("names a state machine that does not exist (test_describe_nonexistent_sm, test_invalid_start_execution_arn, test_list_execution_no_such_state_machine)", async () => {
    const arn = `${SM_PREFIX}ls5-missing`;
    expect(await caught(client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })))).toEqual({ name: "StateMachineDoesNotExist", status: 400, message: `State Machine Does Not Exist: '${arn}'` });
    expect(await caught(client.send(new StartExecutionCommand({ stateMachineArn: arn })))).toEqual({ name: "StateMachineDoesNotExist", status: 400, message: `State Machine Does Not Exist: '${arn}'` });
    expect(await caught(client.send(new ListExecutionsCommand({ stateMachineArn: arn })))).toEqual({ name: "StateMachineDoesNotExist", status: 400, message: `State Machine Does Not Exist: '${arn}'` });
  });

  it("refuses a text that is no ARN with 'Invalid ARN prefix' (test_describe_invalid_arn_sm, test_list_execution_invalid_arn, test_describe_execution_invalid_arn, test_get_execution_history_invalid_arn)", async () => {
    expect(await caught(client.send(new DescribeStateMachineCommand({ stateMachineArn: "not_a_valid_arn" })))).toMatchObject({ name: "InvalidArn", message: "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'" });
    const invalid = "invalid_state_machine_arn";
    const expected = { name: "InvalidArn", status: 400, message: `Invalid Arn: 'Invalid ARN prefix: ${invalid}'` };
    expect(await caught(client.send(new ListExecutionsCommand({ stateMachineArn: invalid })))).toEqual(expected);
    expect(await caught(client.send(new DescribeExecutionCommand({ executionArn: invalid })))).toEqual(expected);
    expect(await caught(client.send(new GetExecutionHistoryCommand({ executionArn: invalid })))).toEqual(expected);
  });

  it("names an execution that does not exist (test_describe_execution_no_such_state_machine, test_get_execution_history_no_such_execution)", async () => {
    const arn = await create(passResult());
    const executionArn = `${arn.replace(":stateMachine:", ":execution:")}:ls5-no-such-execution`;
    const expected = { name: "ExecutionDoesNotExist", status: 400, message: `Execution Does Not Exist: '${executionArn}'` };
    expect(await caught(client.send(new DescribeExecutionCommand({ executionArn })))).toEqual(expected);
    expect(await caught(client.send(new GetExecutionHistoryCommand({ executionArn })))).toEqual(expected);
  });

  it("takes a name with a dot in its ARN (test_describe_sm_arn_containing_punctuation, test_describe_execution_arn_containing_punctuation)", async () => {
    const arn = await create(passResult(), `state.machine_ls5-${++n}`);
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).name).toBe(`state.machine_ls5-${n}`);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: "exec.name" }));
    expect((await finished(client, executionArn)).status).toBe("SUCCEEDED");
  });
});

describe("UpdateStateMachine (recorded, test_sfn_api.snapshot.json)", () => {
  it("gives each change a new revisionId, shown by DescribeStateMachine (test_create_update_state_machine_base_definition_and_role)", async () => {
    const arn = await create(passResult());
    const t1 = await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(passResult("AfterUpdate1")), roleArn: ROLE_1 }));
    expect(members(t1)).toEqual({ revisionId: expect.any(String), updateDate: expect.any(Date) });
    const d1 = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect([d1.revisionId, d1.roleArn, JSON.parse(d1.definition ?? "null").States.State_1.Result.Arg1]).toEqual([t1.revisionId, ROLE_1, "AfterUpdate1"]);
    const t2 = await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(passResult("AfterUpdate2")), roleArn: ROLE_2 }));
    expect(t2.revisionId).not.toBe(t1.revisionId);
    const d2 = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect([d2.revisionId, d2.roleArn]).toEqual([t2.revisionId, ROLE_2]);
  });

  it("keeps the revisionId of an update that changes nothing (test_create_update_state_machine_same_parameters)", async () => {
    const arn = await create(passResult());
    const t1 = await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: ROLE_1 }));
    const t2 = await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(passResult()), roleArn: ROLE_1 }));
    expect(t2.revisionId).toBe(t1.revisionId);
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).revisionId).toBe(t1.revisionId);
  });

  it("wants something to update (test_create_update_state_machine_base_update_none)", async () => {
    const arn = await create(passResult());
    expect(await caught(client.send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).toEqual({
      name: "MissingRequiredParameter",
      status: 400,
      message: "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified",
    });
  });
});

describe("executions (recorded, test_sfn_api.snapshot.json)", () => {
  it("describes a succeeded execution with its redrive status (test_describe_execution)", async () => {
    const arn = await create(passResult());
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await finished(client, executionArn);
    const described = members(await client.send(new DescribeExecutionCommand({ executionArn })));
    expect(Object.keys(described).sort()).toEqual(["executionArn", "input", "inputDetails", "name", "output", "outputDetails", "redriveCount", "redriveStatus", "redriveStatusReason", "startDate", "stateMachineArn", "status", "stopDate"]);
    expect(described).toMatchObject({
      input: "{}",
      inputDetails: { included: true },
      output: '{"Arg1":"argument1"}',
      outputDetails: { included: true },
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven",
      status: "SUCCEEDED",
    });
  });

  it("describes the state machine for an execution without status or type (test_describe_state_machine_for_execution)", async () => {
    const arn = await create(passResult());
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await finished(client, executionArn);
    const described = members(await client.send(new DescribeStateMachineForExecutionCommand({ executionArn })));
    expect(Object.keys(described).sort()).toEqual(["definition", "loggingConfiguration", "name", "roleArn", "stateMachineArn", "tracingConfiguration", "updateDate"]);
    expect(described).toMatchObject({ loggingConfiguration: { includeExecutionData: false, level: "OFF" }, tracingConfiguration: { enabled: false } });
  });

  it("lists the history newest first with reverseOrder (test_get_execution_history_reversed)", async () => {
    const arn = await create(passResult());
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await finished(client, executionArn);
    const forward = (await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const reversed = (await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }))).events ?? [];
    expect(forward.map((e) => [e.id, e.previousEventId, e.type])).toEqual([[1, 0, "ExecutionStarted"], [2, 0, "PassStateEntered"], [3, 2, "PassStateExited"], [4, 3, "ExecutionSucceeded"]]);
    expect(reversed).toEqual([...forward].reverse());
    expect(forward[0]?.executionStartedEventDetails).toEqual({ input: "{}", inputDetails: { truncated: false }, roleArn: ROLE });
  });

  it("aborts a waiting execution: the Aborted event follows event 0 and has empty details (test_stop_execution)", async () => {
    const arn = await create({ Comment: "WAIT_1_MIN", StartAt: "State_1", States: { State_1: { Type: "Wait", Seconds: 60, Next: "State_2" }, State_2: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    for (let i = 0; i < 500; i++) {
      const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
      if (events.some((e) => e.type === "WaitStateEntered")) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stopped = members(await client.send(new StopExecutionCommand({ executionArn })));
    expect(Object.keys(stopped)).toEqual(["stopDate"]);
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([[1, 0, "ExecutionStarted"], [2, 0, "WaitStateEntered"], [3, 0, "ExecutionAborted"]]);
    expect(events[2]?.executionAbortedEventDetails).toEqual({});
  });
});

describe("pagination (recorded, test_sfn_api test_list_sms_pagination, test_list_executions_pagination)", () => {
  it("lists state machines by name and bounds maxResults and nextToken", async () => {
    const names = Array.from({ length: 13 }, (_, i) => `ls5page_${i}_x`);
    for (const name of names) await create(passResult(), name);
    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListStateMachinesCommand({ maxResults: 5, nextToken }));
      expect(page.stateMachines?.length).toBeGreaterThan(0);
      expect(page.stateMachines?.length).toBeLessThanOrEqual(5);
      listed.push(...(page.stateMachines ?? []).map((m) => m.name ?? "").filter((name) => names.includes(name)));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(listed).toEqual([...names].sort());
    const one = (await client.send(new ListStateMachinesCommand({ maxResults: 5 }))).stateMachines?.[0];
    expect(Object.keys(one ?? {}).sort()).toEqual(["creationDate", "name", "stateMachineArn", "type"]);

    expect(await caught(client.send(new ListStateMachinesCommand({ maxResults: 1001 })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
    const long = "x".repeat(1025);
    expect(await caught(client.send(new ListStateMachinesCommand({ nextToken: long })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '${long}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    });
  });

  it("lists executions newest first, with a nextToken, and bounds maxResults and nextToken", async () => {
    const arn = await create(passResult());
    const started: string[] = [];
    for (let i = 0; i < 13; i++) {
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, input: "{}" }));
      await finished(client, executionArn);
      started.push(executionArn ?? "");
    }
    const page1 = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 10 }));
    expect(page1.executions?.map((e) => e.executionArn)).toEqual([...started].reverse().slice(0, 10));
    expect(Object.keys(page1.executions?.[0] ?? {}).sort()).toEqual(["executionArn", "name", "redriveCount", "startDate", "stateMachineArn", "status", "stopDate"]);
    expect(page1.nextToken).toBeTruthy();
    const page2 = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 3, nextToken: page1.nextToken }));
    expect(page2.executions?.map((e) => e.executionArn)).toEqual([...started].reverse().slice(10));
    expect(page2.nextToken).toBeUndefined();

    expect(await caught(client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1001 })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
    const long = "x".repeat(3097);
    expect(await caught(client.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken: long })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '${long}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 3096`,
    });
    // maxResults 0 is the default page of 100.
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 0 }));
    expect([all.executions?.length, all.nextToken]).toEqual([13, undefined]);
  });

  it("lists a version's executions with its stateMachineVersionArn (test_list_executions_versions_pagination)", async () => {
    const out = await client.send(new CreateStateMachineCommand({ name: `ls5-${++n}`, roleArn: ROLE, definition: JSON.stringify(passResult()), publish: true }));
    const versionArn = out.stateMachineVersionArn ?? "";
    expect(versionArn).toBe(`${out.stateMachineArn}:1`);
    for (let i = 0; i < 3; i++) {
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: versionArn, input: "{}" }));
      await finished(client, executionArn);
    }
    const page = await client.send(new ListExecutionsCommand({ stateMachineArn: versionArn, maxResults: 2 }));
    expect(page.executions?.map((e) => [e.stateMachineArn, e.stateMachineVersionArn])).toEqual([
      [out.stateMachineArn, versionArn],
      [out.stateMachineArn, versionArn],
    ]);
    expect(page.nextToken).toBeTruthy();
  });
});

describe("tags (recorded, test_sfn_api_tagging.snapshot.json)", () => {
  it("tags at creation and lists them in order (test_create_state_machine)", async () => {
    const out = await client.send(new CreateStateMachineCommand({ name: `ls5-${++n}`, roleArn: ROLE, definition: JSON.stringify(passResult()), tags: [{ key: "key1", value: "value1" }, { key: "key2", value: "value2" }] }));
    const listed = await client.send(new ListTagsForResourceCommand({ resourceArn: out.stateMachineArn }));
    expect(listed.tags).toEqual([{ key: "key1", value: "value1" }, { key: "key2", value: "value2" }]);
  });

  it("takes an empty list, an empty value and a repeated tag (test_tag_state_machine[tag_list0..4])", async () => {
    const cases: [{ key: string; value: string }[], { key: string; value: string }[]][] = [
      [[], []],
      [[{ key: "key1", value: "value1" }], [{ key: "key1", value: "value1" }]],
      [[{ key: "key1", value: "" }], [{ key: "key1", value: "" }]],
      [[{ key: "key1", value: "value1" }, { key: "key1", value: "value1" }], [{ key: "key1", value: "value1" }]],
      [[{ key: "key1", value: "value1" }, { key: "key2", value: "value2" }], [{ key: "key1", value: "value1" }, { key: "key2", value: "value2" }]],
    ];
    for (const [tags, expected] of cases) {
      const arn = await create(passResult());
      const tagged = await client.send(new TagResourceCommand({ resourceArn: arn, tags }));
      expect(members(tagged)).toEqual({});
      expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual(expected);
    }
  });

  it("untags none, one, a repeated key and two keys (test_untag_state_machine[tag_keys0..3])", async () => {
    const cases: [string[], { key: string; value: string }[]][] = [
      [[], [{ key: "key1", value: "value1" }]],
      [["key1"], []],
      [["key1", "key1"], []],
      [["key1", "key2"], []],
    ];
    for (const [tagKeys, expected] of cases) {
      const arn = await create(passResult());
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "key1", value: "value1" }] }));
      expect(members(await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys })))).toEqual({});
      expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual(expected);
    }
  });

  it("refuses to tag a version (test_tag_state_machine_version)", async () => {
    const arn = await create(passResult());
    const { stateMachineVersionArn } = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    expect(stateMachineVersionArn).toBe(`${arn}:1`);
    expect(await caught(client.send(new TagResourceCommand({ resourceArn: stateMachineVersionArn, tags: [{ key: "key1", value: "value1" }] })))).toEqual({
      name: "ResourceNotFound",
      status: 400,
      message: `Resource not found: '${stateMachineVersionArn}'`,
    });
  });
});

async function execute(definition: object, input: string) {
  const stateMachineArn = await create(definition);
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input }));
  const described = await finished(client, executionArn);
  const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return { described: members(described), events };
}

const historyShape = (events: { id?: number; previousEventId?: number; type?: string }[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

describe("base executions (recorded, base/test_base.snapshot.json)", () => {
  it("fails with the Fail state's error and cause, redrivable (test_state_fail)", async () => {
    const { described, events } = await execute({ StartAt: "FailState", States: { FailState: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." } } }, "{}");
    expect(Object.keys(described).sort()).toEqual(["cause", "error", "executionArn", "input", "inputDetails", "name", "redriveCount", "redriveStatus", "startDate", "stateMachineArn", "status", "stopDate"]);
    expect(described).toMatchObject({ status: "FAILED", error: "SomeFailure", cause: "This state machines raises a 'SomeFailure' failure.", redriveCount: 0, redriveStatus: "REDRIVABLE" });
    expect(historyShape(events)).toEqual([[1, 0, "ExecutionStarted"], [2, 0, "FailStateEntered"], [3, 2, "ExecutionFailed"]]);
    expect(events[2]?.executionFailedEventDetails).toEqual({ error: "SomeFailure", cause: "This state machines raises a 'SomeFailure' failure." });
  });

  it("reads ErrorPath and CausePath, as paths and as intrinsic functions (test_state_fail_path, test_state_fail_intrinsic)", async () => {
    const input = JSON.stringify({ Error: "error string", Cause: "cause string" });
    const path = await execute({ StartAt: "FailState", States: { FailState: { Type: "Fail", ErrorPath: "$.Error", CausePath: "$.Cause" } } }, input);
    expect(path.events[2]?.executionFailedEventDetails).toEqual({ error: "error string", cause: "cause string" });
    const intrinsic = await execute(
      { StartAt: "FailState", States: { FailState: { Type: "Fail", ErrorPath: "States.Format('{}', $.Error)", CausePath: "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)" } } },
      input,
    );
    expect(intrinsic.events[2]?.executionFailedEventDetails).toEqual({ error: "error string", cause: "This is a custom error message for error string, caused by cause string." });
  });

  it("fails without error or cause for a bare Fail state (test_state_fail_empty)", async () => {
    const { described, events } = await execute({ Comment: "RAISE_EMPTY_FAILURE", StartAt: "FailState", States: { FailState: { Type: "Fail" } } }, "{}");
    expect(described.error).toBeUndefined();
    expect(described.cause).toBeUndefined();
    expect(described.redriveStatus).toBe("REDRIVABLE");
    expect(events[2]).toMatchObject({ type: "ExecutionFailed", previousEventId: 2, executionFailedEventDetails: {} });
  });

  it("keeps .$ keys inside a Pass state's Result as written (test_state_pass_result_jsonpaths)", async () => {
    const { events } = await execute({ StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { "unsupported1.$": "$.jsonpath", "unsupported2.$": "$$" }, End: true } } }, "{}");
    expect(events[2]?.stateExitedEventDetails?.output).toBe('{"unsupported1.$":"$.jsonpath","unsupported2.$":"$$"}');
  });

  it("reads InputPath null as {} and OutputPath null as {} (test_state_pass_result_null_input_output_paths)", async () => {
    const definition = {
      StartAt: "State0",
      States: {
        State0: { Type: "Pass", Parameters: { Arg1: "argument1", "FromInput.$": "$" }, Next: "State1" },
        State1: { Type: "Pass", InputPath: null, Parameters: { Arg2: "argument2", "FromInput.$": "$" }, Next: "State2" },
        State2: { Type: "Pass", OutputPath: null, End: true },
      },
    };
    const { events } = await execute(definition, JSON.stringify({ InputValue: 0 }));
    expect(events.map((e) => e.stateExitedEventDetails?.output ?? e.executionSucceededEventDetails?.output).filter((o) => o !== undefined)).toEqual([
      '{"Arg1":"argument1","FromInput":{"InputValue":0}}',
      '{"Arg2":"argument2","FromInput":{}}',
      "{}",
      "{}",
    ]);
  });

  it("filters an array with a JSONPath filter expression (test_state_pass_regex_json_path_base)", async () => {
    const { events } = await execute({ StartAt: "State0", States: { State0: { Type: "Pass", Parameters: { "FromInput.$": "$.users[?(@.status == 0)]" }, End: true } } }, JSON.stringify({ users: [{ year: 1997, status: 0 }, { year: 1998, status: 1 }] }));
    expect(events[2]?.stateExitedEventDetails?.output).toBe('{"FromInput":[{"year":1997,"status":0}]}');
  });

  it("writes $$.Execution.StartTime with milliseconds and Z, the execution's startDate (test_execution_dateformat)", async () => {
    const stateMachineArn = await create({ StartAt: "S", States: { S: { Type: "Pass", Parameters: { "out1.$": "$$.Execution.StartTime" }, End: true } } });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    const described = await finished(client, executionArn);
    const startTime = JSON.parse(described.output ?? "{}").out1 as string;
    expect(startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(startTime).toBe(described.startDate?.toISOString());
  });
});

describe("ValidateStateMachineDefinition (recorded, test_sfn_api_validation.snapshot.json)", () => {
  async function validate(definition: string, type?: "STANDARD" | "EXPRESS") {
    return members(await client.send(new ValidateStateMachineDefinitionCommand({ definition, type })));
  }
  const fail = (code: string, message: string, location?: string) => ({ result: "FAIL", truncated: false, diagnostics: [{ severity: "ERROR", code, message, ...(location === undefined ? {} : { location }) }] });

  it("answers what is not a definition (test_validate_state_machine_definition_not_a_definition[NOT_A_DEF, EMPTY_DICT])", async () => {
    expect(await validate("not a definition")).toEqual(
      fail(
        "INVALID_JSON_DESCRIPTION",
        "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]",
        '[Source: (String)"not a definition"; line: 1, column: 4]',
      ),
    );
    expect(await validate("{}")).toEqual(fail("SCHEMA_VALIDATION_FAILED", "These fields are required: [States, StartAt]", "/"));
  });

  for (const type of ["STANDARD", "EXPRESS"] as const) {
    it(`checks a definition for a ${type} machine (test_validate_state_machine_definition_type_${type.toLowerCase()})`, async () => {
      expect(await validate(JSON.stringify(passResult()), type)).toEqual({ result: "OK", truncated: false, diagnostics: [] });
      expect(await validate(JSON.stringify({ Comment: "BASE_PASS_RESULT", States: passResult().States }), type)).toEqual(fail("SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]", "/"));
      const jsonata = { QueryLanguage: "JSONata", StartAt: "Pass", States: { Pass: { Type: "Pass", Output: "{% 1 %}", End: true } } };
      expect(await validate(JSON.stringify(jsonata), type)).toEqual({ result: "OK", truncated: false, diagnostics: [] });
      const downgraded = { QueryLanguage: "JSONata", StartAt: "Pass", States: { Pass: { Type: "Pass", QueryLanguage: "JSONPath", End: true } } };
      expect(await validate(JSON.stringify(downgraded), type)).toEqual(fail("SCHEMA_VALIDATION_FAILED", "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", "/States/Pass"));
    });
  }

  it("refuses .waitForTaskToken in an EXPRESS machine, with AWS's trailing space (ILLEGAL_WFTT)", async () => {
    const definition = {
      StartAt: "SendMessageWithWait",
      States: { SendMessageWithWait: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken", Parameters: { QueueUrl: "q", MessageBody: { "TaskToken.$": "$$.Task.Token" } }, End: true } },
    };
    expect(await validate(JSON.stringify(definition), "EXPRESS")).toEqual(fail("SCHEMA_VALIDATION_FAILED", "Express state machine does not support '.waitForTaskToken' service integration ", "/States/SendMessageWithWait/Resource"));
    expect((await validate(JSON.stringify(definition), "STANDARD")).result).toBe("OK");
  });
});

describe("mixed query languages (recorded, query_language/test_mixed_query_language.snapshot.json)", () => {
  const FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:id-function";
  const assigned = (events: { stateExitedEventDetails?: { assignedVariables?: Record<string, string> } }[]) => events.flatMap((e) => (e.stateExitedEventDetails?.assignedVariables ? [e.stateExitedEventDetails.assignedVariables] : []));

  it("reads a JSONata state's variable from a JSONPath state and back (test_variable_sampling)", async () => {
    const jsonataFirst = await execute(
      {
        StartAt: "JSONataState",
        States: {
          JSONataState: { QueryLanguage: "JSONata", Type: "Pass", Assign: { theAnswerVar: 42 }, Next: "JSONPathState" },
          JSONPathState: { QueryLanguage: "JSONPath", Type: "Pass", Assign: { "oldAnswerVar.$": "$theAnswerVar", theAnswerVar: 18 }, End: true },
        },
      },
      "{}",
    );
    expect(assigned(jsonataFirst.events)).toEqual([{ theAnswerVar: "42" }, { oldAnswerVar: "42", theAnswerVar: "18" }]);
    const jsonpathFirst = await execute(
      {
        StartAt: "JSONPathState",
        States: {
          JSONPathState: { QueryLanguage: "JSONPath", Type: "Pass", Assign: { theAnswer: 42 }, Next: "JSONataState" },
          JSONataState: { QueryLanguage: "JSONata", Type: "Pass", Assign: { oldAnswer: "{% $theAnswer %}", theAnswer: 18 }, End: true },
        },
      },
      "{}",
    );
    expect(assigned(jsonpathFirst.events)).toEqual([{ theAnswer: "42" }, { oldAnswer: "42", theAnswer: "18" }]);
  });

  it("gives a legacy Lambda resource the JSONata Arguments as its event and $states.result its answer (TASK_LAMBDA_LEGACY_RESOURCE_JSONATA_TO_JSONPATH)", async () => {
    const { events } = await execute(
      {
        StartAt: "JsonataState",
        States: {
          JsonataState: { QueryLanguage: "JSONata", Type: "Task", Resource: FUNCTION, Arguments: { Payload: { foo: "foo-1" } }, Assign: { resultsVar: "{% $states.result %}" }, Output: { results: "{% $states.result %}" }, Next: "JsonPathState" },
          JsonPathState: { QueryLanguage: "JSONPath", Type: "Pass", End: true },
        },
      },
      "{}",
    );
    expect(historyShape(events).map((e) => e[2])).toEqual(["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
    expect(events[2]?.lambdaFunctionScheduledEventDetails).toEqual({ input: '{"Payload":{"foo":"foo-1"}}', inputDetails: { truncated: false }, resource: FUNCTION });
    expect(events[4]?.lambdaFunctionSucceededEventDetails).toEqual({ output: '{"Payload":{"foo":"foo-1"}}', outputDetails: { truncated: false } });
    expect(events[5]?.stateExitedEventDetails).toMatchObject({ assignedVariables: { resultsVar: '{"Payload":{"foo":"foo-1"}}' }, output: '{"results":{"Payload":{"foo":"foo-1"}}}' });
  });

  it("assigns a legacy Lambda resource's answer with $ in a JSONPath state (TASK_LAMBDA_LEGACY_RESOURCE_JSONPATH_TO_JSONATA)", async () => {
    const { events } = await execute(
      {
        StartAt: "JsonPathState",
        States: {
          JsonPathState: { QueryLanguage: "JSONPath", Type: "Task", Resource: FUNCTION, Parameters: { Payload: { foo: "foo-1" } }, Assign: { "resultsVar.$": "$" }, OutputPath: "$", Next: "JsonataState" },
          JsonataState: { QueryLanguage: "JSONata", Type: "Pass", End: true },
        },
      },
      "{}",
    );
    expect(events[2]?.lambdaFunctionScheduledEventDetails?.input).toBe('{"Payload":{"foo":"foo-1"}}');
    expect(events[5]?.stateExitedEventDetails).toMatchObject({ assignedVariables: { resultsVar: '{"Payload":{"foo":"foo-1"}}' }, output: '{"Payload":{"foo":"foo-1"}}' });
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe('{"Payload":{"foo":"foo-1"}}');
  });

  it("answers lambda:invoke with the invocation's envelope in JSONata (TASK_LAMBDA_SDK_RESOURCE_JSONATA_TO_JSONPATH)", async () => {
    const { events } = await execute(
      {
        StartAt: "JsonataState",
        States: {
          JsonataState: { QueryLanguage: "JSONata", Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { Payload: { foo: "foo-1" }, FunctionName: FUNCTION }, Assign: { resultsVar: "{% $states.result %}" }, Output: { results: "{% $states.result %}" }, Next: "JsonPathState" },
          JsonPathState: { QueryLanguage: "JSONPath", Type: "Pass", End: true },
        },
      },
      "{}",
    );
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({ parameters: `{"Payload":{"foo":"foo-1"},"FunctionName":"${FUNCTION}"}`, region: "us-east-1", resource: "invoke", resourceType: "lambda" });
    const output = JSON.parse(events[4]?.taskSucceededEventDetails?.output ?? "{}") as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(output).toMatchObject({ ExecutedVersion: "$LATEST", Payload: { foo: "foo-1" }, StatusCode: 200 });
    expect(JSON.parse(events[5]?.stateExitedEventDetails?.output ?? "{}").results).toEqual(output);
  });
});

describe("JSONata Arguments (recorded, arguments/test_arguments.snapshot.json test_base_cases)", () => {
  const FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:lambda_function_name";
  const INPUT = JSON.stringify({ input_value: "string literal", input_values: [1, 2, 3] });

  it("sends empty Arguments as {} (BASE_LAMBDA_EMPTY)", async () => {
    const { events } = await execute({ StartAt: "State0", States: { State0: { QueryLanguage: "JSONata", Type: "Task", Resource: FUNCTION, Arguments: {}, End: true } } }, INPUT);
    expect(events[2]?.lambdaFunctionScheduledEventDetails?.input).toBe("{}");
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe("{}");
  });

  it("sends literals as written, {% %} only as a whole string (BASE_LAMBDA_LITERALS)", async () => {
    const lst = [null, 0, 0.1, true, [], { constant: 0 }, " {% states.input %} ", "$states.input", "$no.such.var.path"];
    const args = {
      constant_null: null,
      constant_int: 0,
      constant_float: 0.1,
      constant_bool: true,
      constant_str: "constant string",
      constant_not_jsonata: " {% states.input %} ",
      constant_varpath_states: "$states.input",
      constant_varpath: "$no.such.var.path",
      constant_lst_empty: [],
      constant_lst: lst,
      constant_obj_empty: {},
      constant_obj: { in_obj_constant_null: null, in_obj_constant_int: 0, in_obj_constant_float: 0.1, in_obj_constant_bool: true, in_obj_constant_str: "constant string", in_obj_constant_not_jsonata: " {% states.input %} ", in_obj_constant_lst_empty: [], in_obj_constant_lst: lst, in_obj_constant_obj_empty: {}, in_obj_constant_obj: { constant: 0 } },
    };
    const { events } = await execute({ StartAt: "State0", States: { State0: { QueryLanguage: "JSONata", Type: "Task", Resource: FUNCTION, Arguments: args, End: true } } }, INPUT);
    expect(events[2]?.lambdaFunctionScheduledEventDetails?.input).toBe(JSON.stringify(args));
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe(JSON.stringify(args));
  });

  it("evaluates expressions reading the input and variables (BASE_LAMBDA_EXPRESSION)", async () => {
    const { events } = await execute(
      {
        StartAt: "Init",
        States: {
          Init: { Type: "Pass", Assign: { "var_input_value.$": "$.input_value", var_constant_1: 1 }, Next: "State0" },
          State0: {
            QueryLanguage: "JSONata",
            Type: "Task",
            Resource: FUNCTION,
            Arguments: { ja_states_input: "{% $states.input %}", ja_var_access: "{% $var_input_value %}", ja_expr: "{% $sum($states.input.input_values) + $var_constant_1 %}" },
            Assign: { ja_var_access: "{% $var_input_value %}", ja_expr: "{% $sum($states.input.input_values) + $var_constant_1 %}" },
            End: true,
          },
        },
      },
      INPUT,
    );
    expect(events[2]?.stateExitedEventDetails?.assignedVariables).toEqual({ var_constant_1: "1", var_input_value: '"string literal"' });
    expect(events[4]?.lambdaFunctionScheduledEventDetails?.input).toBe(JSON.stringify({ ja_states_input: JSON.parse(INPUT), ja_var_access: "string literal", ja_expr: 7 }));
    expect(events.find((e) => e.type === "TaskStateExited")?.stateExitedEventDetails?.assignedVariables).toEqual({ ja_var_access: '"string literal"', ja_expr: "7" });
  });
});

describe("TestState (recorded, test_state/test_test_state_scenarios.snapshot.json, 2025-11 to 2026-02)", () => {
  const HELLO = JSON.stringify({ Value: "HelloWorld" });
  const testState = async (input: ConstructorParameters<typeof TestStateCommand>[0]) => members(await client.send(new TestStateCommand(input)));

  it("wants a roleArn to test a Task that is not mocked (test_base_lambda_service_task_state_no_role_arn_validation)", async () => {
    const definition = JSON.stringify({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" }, End: true });
    expect(await caught(client.send(new TestStateCommand({ definition, input: JSON.stringify({ FunctionName: "f", Payload: null }), inspectionLevel: "TRACE" })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "RoleArn must be specified when testing a Task state",
    });
  });

  it("runs other states, and a mocked Task, without a roleArn: RoleArn null in the context (test_localstack_blogpost_scenario, test_state_with_variables)", async () => {
    const definition = {
      QueryLanguage: "JSONata",
      StartAt: "Approval Required",
      States: {
        "Approval Required": { Type: "Choice", Choices: [{ Condition: "{% $states.input.cost < 10 %}", Next: "Purchase Approved" }], Default: "Ask for Approval" },
        "Ask for Approval": {
          Type: "Task",
          Resource: "arn:aws:states:::apigateway:invoke",
          Arguments: { Method: "POST", ApiEndpoint: "example.execute-api.us-east-1.amazonaws.com", Path: "/approval", RequestBody: { cost: "{% $states.input.cost %}", dept_id: "12345678" }, AuthType: "NO_AUTH" },
          Output: { approval: "{% $states.result.approval %}", approval_code: "2387462", approved_by: "Mary" },
          Next: "Check Approval",
        },
        "Check Approval": { Type: "Choice", Choices: [{ Condition: "{% $states.input.approval %}", Next: "Purchase Approved" }], Default: "Not Approved" },
        "Purchase Approved": { Type: "Succeed" },
        "Not Approved": { Type: "Fail" },
      },
    };
    const small = await testState({ definition: JSON.stringify(definition), input: JSON.stringify({ cost: 9 }), stateName: "Approval Required", inspectionLevel: "TRACE" });
    expect(small).toEqual({ inspectionData: { input: '{"cost":9}' }, nextState: "Purchase Approved", output: '{"cost":9}', status: "SUCCEEDED" });
    const ask = await testState({ definition: JSON.stringify(definition), input: JSON.stringify({ cost: 10 }), stateName: "Ask for Approval", inspectionLevel: "TRACE", mock: { result: '{"approval": true }' } });
    expect(ask).toEqual({
      inspectionData: {
        afterArguments: '{"Method":"POST","ApiEndpoint":"example.execute-api.us-east-1.amazonaws.com","Path":"/approval","RequestBody":{"cost":10,"dept_id":"12345678"},"AuthType":"NO_AUTH"}',
        input: '{"cost":10}',
        result: '{"approval":true}',
      },
      nextState: "Check Approval",
      output: '{"approval":true,"approval_code":"2387462","approved_by":"Mary"}',
      status: "SUCCEEDED",
    });
    const denied = await testState({ definition: JSON.stringify(definition), input: JSON.stringify({ approval: false }), stateName: "Check Approval", inspectionLevel: "TRACE" });
    expect([denied.nextState, denied.status]).toEqual(["Not Approved", "SUCCEEDED"]);

    const withVariables = await testState({
      definition: JSON.stringify({ QueryLanguage: "JSONata", Type: "Pass", Output: { ja_states_context: "{% $states.context %}", ja_var_access: "{% $var_input_value %}", ja_expr: "{% $sum($states.input.input_values) + $var_constant_1 %}" }, End: true }),
      input: JSON.stringify({ input_values: [1, 2, 3] }),
      inspectionLevel: "DEBUG",
      variables: JSON.stringify({ var_input_value: "test_value", var_constant_1: 10 }),
    });
    const output = JSON.parse(String(withVariables.output)) as { ja_states_context: { Execution: Record<string, unknown>; State: Record<string, unknown> }; ja_var_access: string; ja_expr: number };
    expect(Object.keys(output.ja_states_context.Execution)).toEqual(["Id", "Input", "Name", "RoleArn", "StartTime"]);
    expect(output.ja_states_context.Execution.RoleArn).toBeNull();
    expect(output.ja_states_context.State.Name).toBe("StateName");
    expect([output.ja_var_access, output.ja_expr]).toEqual(["test_value", 16]);
    expect(withVariables.inspectionData).toEqual({ input: '{"input_values":[1,2,3]}', variables: '{"var_input_value":"test_value","var_constant_1":10}' });
  });

  it("shows a JSONata Map's settings and answers $states with the mocked result (test_base_map_state_inspect[*-INFO, *-DEBUG])", async () => {
    const base = {
      Type: "Map",
      QueryLanguage: "JSONata",
      Items: "{% $states.input.Values %}",
      ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "TestState", States: { TestState: { Type: "Task", QueryLanguage: "JSONata", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "foo", Payload: "bar" }, End: true } } },
      Output: "{% $states %}",
      End: true,
    };
    const VALUES = JSON.stringify({ Values: [1, 2, 3] });
    const cases: [object, Record<string, number>][] = [
      [{ MaxConcurrency: "{% $variable := 1 %}" }, { maxConcurrency: 1 }],
      [{ ToleratedFailurePercentage: "{% $variable := 1 %}" }, { maxConcurrency: 0, toleratedFailurePercentage: 1 }],
      [{ ToleratedFailureCount: "{% $variable := 1 %}" }, { maxConcurrency: 0, toleratedFailureCount: 1 }],
    ];
    for (const [setting, inspected] of cases) {
      const definition = JSON.stringify({ ...base, ...setting });
      const info = await testState({ definition, roleArn: ROLE, input: VALUES, inspectionLevel: "INFO", mock: { result: "[1,1,1]" } });
      expect(info.status).toBe("SUCCEEDED");
      expect(info.inspectionData).toBeUndefined();
      const output = JSON.parse(String(info.output)) as Record<string, unknown>;
      expect(Object.keys(output)).toEqual(["input", "context", "result"]);
      expect([output.input, output.result]).toEqual([{ Values: [1, 2, 3] }, [1, 1, 1]]);
      const debug = await testState({ definition, roleArn: ROLE, input: VALUES, inspectionLevel: "DEBUG", mock: { result: "[1,1,1]" } });
      expect(debug.inspectionData).toEqual({ input: VALUES, ...inspected });
    }
  });

  it("reports the catcher of a mocked error, its index and the error output (test_state_task_catch_error[INFO, DEBUG])", async () => {
    const output = { input: "{% $states.input %}", errorOutput: "{% $states.errorOutput %}" };
    const definition = JSON.stringify({
      QueryLanguage: "JSONata",
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Arguments: { FunctionName: "foo", Payload: "bar" },
      Catch: [
        { ErrorEquals: ["MockException"], Next: "HandleMockError", Output: output },
        { ErrorEquals: ["States.ALL"], Next: "HandleThreshold", Output: output },
      ],
      End: true,
    });
    const info = await testState({ definition, roleArn: ROLE, input: HELLO, inspectionLevel: "INFO", mock: { errorOutput: { error: "MockException", cause: "Mock the cause of the error." } } });
    expect(info).toEqual({
      cause: "Mock the cause of the error.",
      error: "MockException",
      nextState: "HandleMockError",
      output: '{"input":{"Value":"HelloWorld"},"errorOutput":{"Error":"MockException","Cause":"Mock the cause of the error."}}',
      status: "CAUGHT_ERROR",
    });
    const debug = await testState({ definition, roleArn: ROLE, input: HELLO, inspectionLevel: "DEBUG", mock: { errorOutput: { error: "States.TaskFailed", cause: "The task failed." } } });
    expect(debug).toMatchObject({ cause: "The task failed.", error: "States.TaskFailed", nextState: "HandleThreshold", status: "CAUGHT_ERROR" });
    expect(debug.inspectionData).toEqual({ afterArguments: '{"FunctionName":"foo","Payload":"bar"}', errorDetails: { catchIndex: 1 }, input: HELLO });
  });
});

describe("Task Credentials (recorded, credentials/test_credentials_base.snapshot.json)", () => {
  const FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:id-function";
  const TRUSTED = "arn:aws:iam::111111111111:role/trusted";
  const INPUT = JSON.stringify({ FunctionName: FUNCTION, Payload: JSON.stringify("PayloadFromTrustedAccount"), CredentialsRoleArn: TRUSTED });
  const invoke = (credentials: object, extra: object = {}) => ({
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" },
    Credentials: credentials,
    End: true,
    ...extra,
  });

  it("wants a RoleArn in Credentials, whatever else it holds (test_invalid_credentials_field[EMPTY_CREDENTIALS, INVALID_CREDENTIALS_FIELD])", async () => {
    for (const credentials of [{}, { InvalidField: "invalid" }]) {
      const definition = { StartAt: "State0", QueryLanguage: "JSONata", States: { State0: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: "{% $state.input %}", Credentials: credentials, End: true } } };
      expect(await caught(create(definition))).toEqual({
        name: "InvalidDefinition",
        status: 400,
        message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing at /States/State0/Credentials'",
      });
    }
  });

  it("lists the role it resolves as taskCredentials in each TaskScheduled (test_cross_account_*[ROLE_ARN_PATH, _PATH_CONTEXT, _VARIABLE, _INTRINSIC, _JSONATA], test_cross_account_service_lambda_invoke)", async () => {
    const definitions = [
      { StartAt: "InvokeLambda", States: { InvokeLambda: invoke({ "RoleArn.$": "$.CredentialsRoleArn" }) } },
      { StartAt: "InvokeLambda", States: { InvokeLambda: invoke({ "RoleArn.$": "$$.Execution.Input.CredentialsRoleArn" }) } },
      { StartAt: "InvokeLambda", States: { InvokeLambda: invoke({ "RoleArn.$": "States.Format('{}', $.CredentialsRoleArn)" }) } },
      { StartAt: "Init", States: { Init: { Type: "Pass", Assign: { "roleArn.$": "$.CredentialsRoleArn" }, Next: "InvokeLambda" }, InvokeLambda: invoke({ "RoleArn.$": "$roleArn" }) } },
      {
        QueryLanguage: "JSONata",
        StartAt: "InvokeLambda",
        States: { InvokeLambda: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "{% $states.input.FunctionName %}", Payload: "{% $states.input.Payload %}" }, Credentials: { RoleArn: "{% $states.input.CredentialsRoleArn %}" }, End: true } },
      },
    ];
    for (const definition of definitions) {
      const { described, events } = await execute(definition, INPUT);
      expect(described.status).toBe("SUCCEEDED");
      const scheduled = events.find((e) => e.type === "TaskScheduled")?.taskScheduledEventDetails;
      expect(scheduled).toEqual({ parameters: `{"FunctionName":"${FUNCTION}","Payload":"\\"PayloadFromTrustedAccount\\""}`, region: "us-east-1", resource: "invoke", resourceType: "lambda", taskCredentials: { roleArn: TRUSTED } });
    }
  });

  it("lists it in each retried TaskScheduled too (test_cross_account_service_lambda_invoke_retry)", async () => {
    const { events } = await execute(
      { StartAt: "InvokeLambda", States: { InvokeLambda: invoke({ RoleArn: TRUSTED }, { Parameters: { FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:raise-exception" }, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2, IntervalSeconds: 0 }] }) } },
      INPUT,
    );
    expect(events.filter((e) => e.type === "TaskScheduled").map((e) => e.taskScheduledEventDetails?.taskCredentials)).toEqual([{ roleArn: TRUSTED }, { roleArn: TRUSTED }, { roleArn: TRUSTED }]);
  });

  it("lists it in LambdaFunctionScheduled, a JSONata Task without Arguments sending its input (test_cross_account_lambda_task)", async () => {
    const input = JSON.stringify({ Payload: JSON.stringify("PayloadFromTrustedAccount"), CredentialsRoleArn: TRUSTED });
    const { events } = await execute({ QueryLanguage: "JSONata", StartAt: "LambdaTask", States: { LambdaTask: { Type: "Task", Resource: FUNCTION, Credentials: { RoleArn: "{% $states.input.CredentialsRoleArn %}" }, End: true } } }, input);
    expect(events[2]?.lambdaFunctionScheduledEventDetails).toEqual({ input, inputDetails: { truncated: false }, resource: FUNCTION, taskCredentials: { roleArn: TRUSTED } });
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe(input);
  });
});

describe("JSONata Output (recorded, outputdecl/test_output.snapshot.json)", () => {
  it("takes any JSON value as Output, evaluating {% %} strings inside lists and objects (test_base_output_any_non_dict[*])", async () => {
    const cases: [unknown, string][] = [
      [null, "null"],
      [0, "0"],
      [0.1, "0.1"],
      [[], "[]"],
      [[null, 0, 0.1, true, "string", [], "$nosuchvar", "$.no.such.path", "{% $states.input %}", { key: "{% true %}" }], '[null,0,0.1,true,"string",[],"$nosuchvar","$.no.such.path",{"input_value":"stringliteral"},{"key":true}]'],
    ];
    for (const [output, recorded] of cases) {
      const { events } = await execute({ QueryLanguage: "JSONata", StartAt: "State0", States: { State0: { Type: "Pass", Output: output, End: true } } }, JSON.stringify({ input_value: "stringliteral" }));
      expect([events[2]?.stateExitedEventDetails?.output, events[3]?.executionSucceededEventDetails?.output]).toEqual([recorded, recorded]);
    }
  });

  it("applies the matched rule's Output, else the Choice state's own (test_output_in_choice[CONDITION_TRUE, CONDITION_FALSE])", async () => {
    const definition = {
      QueryLanguage: "JSONata",
      StartAt: "ChoiceState",
      States: {
        ChoiceState: { Type: "Choice", Choices: [{ Condition: "{% $states.input.condition %}", Next: "ConditionTrue", Output: "Condition Output block" }], Default: "DefaultState", Output: "Default Output block" },
        ConditionTrue: { Type: "Pass", End: true },
        DefaultState: { Type: "Fail", Cause: "Condition is false" },
      },
    };
    const yes = await execute(definition, JSON.stringify({ condition: true }));
    expect(yes.events.map((e) => e.stateExitedEventDetails?.output ?? e.stateEnteredEventDetails?.input).filter((o) => o !== undefined)).toEqual([
      '{"condition":true}',
      '"Condition Output block"',
      '"Condition Output block"',
      '"Condition Output block"',
    ]);
    const no = await execute(definition, JSON.stringify({ condition: false }));
    expect(historyShape(no.events).map((e) => e[2])).toEqual(["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "FailStateEntered", "ExecutionFailed"]);
    expect(no.events[2]?.stateExitedEventDetails?.output).toBe('"Default Output block"');
    expect(no.events[4]?.executionFailedEventDetails).toEqual({ cause: "Condition is false" });
  });
});

describe("variable scopes (recorded, assign/test_assign_base.snapshot.json)", () => {
  it("lets Map iterations read outer variables, keeps theirs inside (test_base_cases[BASE_SCOPE_MAP])", async () => {
    const { events } = await execute(
      {
        StartAt: "State0",
        States: {
          State0: { Type: "Pass", Assign: { x: 42, items: [1, 2, 3] }, Next: "State1" },
          State1: { Type: "Map", ItemsPath: "$items", MaxConcurrency: 1, ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "Inner", States: { Inner: { Type: "Pass", Assign: { "innerX.$": "$x" }, End: true } } }, Next: "State2" },
          State2: { Type: "Pass", Assign: { "final.$": "$x" }, End: true },
        },
      },
      JSON.stringify({ input_value: "input_value_literal" }),
    );
    expect(historyShape(events)).toEqual([
      [1, 0, "ExecutionStarted"], [2, 0, "PassStateEntered"], [3, 2, "PassStateExited"], [4, 3, "MapStateEntered"], [5, 4, "MapStateStarted"],
      [6, 5, "MapIterationStarted"], [7, 6, "PassStateEntered"], [8, 7, "PassStateExited"], [9, 8, "MapIterationSucceeded"],
      [10, 8, "MapIterationStarted"], [11, 10, "PassStateEntered"], [12, 11, "PassStateExited"], [13, 12, "MapIterationSucceeded"],
      [14, 12, "MapIterationStarted"], [15, 14, "PassStateEntered"], [16, 15, "PassStateExited"], [17, 16, "MapIterationSucceeded"],
      [18, 17, "MapStateSucceeded"], [19, 17, "MapStateExited"], [20, 19, "PassStateEntered"], [21, 20, "PassStateExited"], [22, 21, "ExecutionSucceeded"],
    ]);
    expect(events.flatMap((e) => (e.stateExitedEventDetails?.assignedVariables ? [e.stateExitedEventDetails.assignedVariables] : []))).toEqual([
      { items: "[1,2,3]", x: "42" },
      { innerX: "42" },
      { innerX: "42" },
      { innerX: "42" },
      { final: "42" },
    ]);
    expect(events[4]?.mapStateStartedEventDetails).toEqual({ length: 3 });
    expect(events[6]?.stateEnteredEventDetails?.input).toBe("1");
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe("[1,2,3]");
  });

  it("lets Parallel branches read outer variables (test_base_parallel_cases[BASE_SCOPE_PARALLEL])", async () => {
    const branch = (name: string) => ({ StartAt: name, States: { [name]: { Type: "Pass", Assign: { "innerX.$": "$x", "value.$": "$" }, End: true } } });
    const { events } = await execute({ StartAt: "State0", States: { State0: { Type: "Pass", Assign: { x: 42 }, Next: "State1" }, State1: { Type: "Parallel", End: true, Branches: [branch("Branch1"), branch("Branch21"), branch("Branch31")] } } }, "{}");
    const branchExits = events.filter((e) => e.type === "PassStateExited" && e.stateExitedEventDetails?.name !== "State0");
    expect(branchExits.map((e) => e.stateExitedEventDetails?.assignedVariables)).toEqual([
      { innerX: "42", value: "{}" },
      { innerX: "42", value: "{}" },
      { innerX: "42", value: "{}" },
    ]);
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe("[{},{},{}]");
  });
});

describe("inline Map histories (recorded, scenarios/test_base_scenarios.snapshot.json)", () => {
  it("fails the Map at the iteration that reaches a Fail state, starting no later item (test_map_state_break_condition)", async () => {
    const definition = {
      StartAt: "StartState",
      States: {
        StartState: { Type: "Pass", Result: [1, "Hello", {}, 3.3, 3, 4, 5], ResultPath: "$.arr", Next: "MapState" },
        MapState: {
          Type: "Map",
          ResultPath: null,
          InputPath: "$.arr",
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "Equals3",
            States: {
              Equals3: { Type: "Choice", Choices: [{ And: [{ IsPresent: true, Variable: "$" }, { And: [{ IsNumeric: true, Variable: "$" }, { NumericEquals: 3, Variable: "$" }] }], Next: "Break" }], Default: "Pass" },
              Break: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." },
              Pass: { Type: "Pass", End: true },
            },
          },
          Next: "Final",
        },
        Final: { Type: "Pass", End: true },
      },
    };
    const { described, events } = await execute(definition, "{}");
    const iteration = (start: number, index: number): [number, number, string][] => [
      [start, index === 0 ? 5 : start - 2, "MapIterationStarted"], [start + 1, start, "ChoiceStateEntered"], [start + 2, start + 1, "ChoiceStateExited"],
      [start + 3, start + 2, "PassStateEntered"], [start + 4, start + 3, "PassStateExited"], [start + 5, start + 4, "MapIterationSucceeded"],
    ];
    expect(historyShape(events)).toEqual([
      [1, 0, "ExecutionStarted"], [2, 0, "PassStateEntered"], [3, 2, "PassStateExited"], [4, 3, "MapStateEntered"], [5, 4, "MapStateStarted"],
      ...iteration(6, 0), ...iteration(12, 1), ...iteration(18, 2), ...iteration(24, 3),
      [30, 28, "MapIterationStarted"], [31, 30, "ChoiceStateEntered"], [32, 31, "ChoiceStateExited"], [33, 32, "FailStateEntered"],
      [34, 33, "MapIterationFailed"], [35, 33, "MapStateFailed"], [36, 35, "ExecutionFailed"],
    ]);
    expect(events[4]?.mapStateStartedEventDetails).toEqual({ length: 7 });
    expect(events[33]?.mapIterationFailedEventDetails).toEqual({ index: 4, name: "MapState" });
    expect(events[35]?.executionFailedEventDetails).toEqual({ error: "SomeFailure", cause: "This state machines raises a 'SomeFailure' failure." });
    expect([described.error, described.cause]).toEqual(["SomeFailure", "This state machines raises a 'SomeFailure' failure."]);
  });
});

describe("JSONata $partition and $range (recorded, intrinsic_functions/test_array_jsonata.snapshot.json)", () => {
  it("partitions and ranges as States.ArrayPartition / ArrayRange, a one-item range unwrapped to its item (test_array_partition, test_array_range)", async () => {
    const output = async (expression: string, input: object) => {
      const { events } = await execute({ QueryLanguage: "JSONata", StartAt: "State_0", States: { State_0: { Type: "Pass", Output: expression, End: true } } }, JSON.stringify({ FunctionInput: input }));
      return events.at(-1)?.executionSucceededEventDetails?.output;
    };
    const partition = "{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}";
    expect(await output(partition, { fst: [0, 1, 2, 3], snd: 5 })).toBe("[[0,1,2,3]]");
    expect(await output(partition, { fst: [0, 1, 2, 3], snd: 3 })).toBe("[[0,1,2],[3]]");
    const range = "{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}";
    expect(await output(range, { fst: 0, snd: 10, trd: 3 })).toBe("[0,3,6,9]");
    expect(await output(range, { fst: 1, snd: 9, trd: 9 })).toBe("1");
    expect(await output(range, { fst: 1, snd: 9, trd: 2 })).toBe("[1,3,5,7,9]");
  });
});

describe("JSONata $parse (recorded, intrinsic_functions/test_json_manipulation_jsonata.snapshot.json)", () => {
  it("parses JSON texts, -0 written as 0 (test_parse)", async () => {
    const stateMachineArn = await create({ QueryLanguage: "JSONata", StartAt: "State_0", States: { State_0: { Type: "Pass", Output: "{% $parse($states.input.FunctionInput) %}", End: true } } });
    const recorded: [string, string][] = [["-0", "0"], ["1", "1"], ["1.1", "1.1"], ["true", "true"], ['"HelloWorld"', '"HelloWorld"'], ['[1, 2, "HelloWorld"]', '[1,2,"HelloWorld"]'], ['{"Arg1": 1, "Arg2": []}', '{"Arg1":1,"Arg2":[]}']];
    for (const [text, output] of recorded) {
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ FunctionInput: text }) }));
      expect((await finished(client, executionArn)).output, text).toBe(output);
    }
  });
});

describe("JSONata functions (recorded, intrinsic_functions/test_math_operations_jsonata.snapshot.json)", () => {
  it("fails an unknown function with T1006 at its Output field, chained to event 0 (test_math_random_seeded)", async () => {
    const { events } = await execute({ QueryLanguage: "JSONata", StartAt: "State_0", States: { State_0: { Type: "Pass", Output: { FunctionResult: "{% $randomSeeded($states.input.FunctionInput.fst) %}" }, End: true } } }, JSON.stringify({ FunctionInput: "fst" }));
    const cause =
      "An error occurred while executing the state 'State_0' (entered at the event id #2). The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function";
    expect(historyShape(events)).toEqual([[1, 0, "ExecutionStarted"], [2, 0, "PassStateEntered"], [3, 0, "EvaluationFailed"], [4, 3, "ExecutionFailed"]]);
    expect(events[2]?.evaluationFailedEventDetails).toEqual({ cause, error: "States.QueryEvaluationError", location: "Output/FunctionResult", state: "State_0" });
    expect(events[3]?.executionFailedEventDetails).toEqual({ cause, error: "States.QueryEvaluationError" });
  });
});
