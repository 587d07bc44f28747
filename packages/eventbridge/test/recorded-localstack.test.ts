/**
 * Behaviours localstack's EventBridge suite recorded against AWS (tests/aws/services/events/*.snapshot.json
 * and the event_pattern_templates/ run through TestEventPattern), plus the texts of Amazon's
 * event-ruler (aws/event-ruler JsonRuleCompiler.java), the matcher EventBridge runs.
 */
import {
  CreateEventBusCommand, DescribeEventBusCommand, PutEventsCommand, PutPermissionCommand, PutRuleCommand, PutTargetsCommand, RemovePermissionCommand, TestEventPatternCommand,
} from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, startEventBridge, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());
beforeEach(() => {
  h.dispatcher.calls.length = 0;
});

const header = { id: "1", source: "test-source", "detail-type": "test-detail-type", account: "123456789012", region: "us-east-2", time: "2022-07-13T13:48:01Z" };
const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string });

const test = async (pattern: unknown, detail: unknown) =>
  (await h.client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify({ ...header, detail }) }))).Result;

const refusal = async (pattern: unknown) => {
  const error = await reject(h.client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(header) })));
  expect(error.name).toBe("InvalidEventPatternException");
  // Without Jackson's location (recorded-ruler.test.ts checks it).
  return error.message.replace("Event pattern is not valid. Reason: ", "").split("\n at [Source:")[0];
};

describe("TestEventPattern: field names join with '.'", () => {
  // localstack event_pattern_templates dot_joining_pattern(_NEG) / dot_joining_event(_NEG), test_events_patterns.snapshot.json
  it("matches a dotted pattern key against nested event fields", async () => {
    expect(await test({ detail: { "state.status": ["running"] } }, { state: { status: "running" } })).toBe(true);
    expect(await test({ detail: { "state.status": { status: ["running"] } } }, { state: { status: "running" } })).toBe(false);
  });

  it("matches nested pattern fields against a dotted event key", async () => {
    expect(await test({ detail: { state: { status: ["running"] } } }, { "state.status": "running" })).toBe(true);
    expect(await test({ detail: { state: { status: ["running"] } } }, { "state.status": { status: "running" } })).toBe(false);
  });

  it("merges a dotted key with a nested pattern of the same parent", async () => {
    const pattern = { detail: { "state.status": ["running"], state: { code: [16] } } };
    expect(await test(pattern, { state: { status: "running", code: 16 } })).toBe(true);
    expect(await test(pattern, { state: { status: "running", code: 80 } })).toBe(false);
  });
});

describe("TestEventPattern: anything-but values", () => {
  // localstack content_anything_but_string_null_type_EXC; text: event-ruler JsonRuleCompiler
  it("refuses null as the value of anything-but", async () => {
    expect(await refusal({ detail: { state: [{ "anything-but": null }] } })).toBe("Value of anything-but must be an array or single string/number value.");
  });

  // localstack content_anything_but_string_list_null_type_EXC; text: event-ruler JsonRuleCompiler
  it("refuses null in an anything-but list", async () => {
    expect(await refusal({ detail: { state: [{ "anything-but": ["stopped", null] }] } })).toBe("Inside anything but list, start|null|boolean is not supported.");
  });

  // event-ruler JsonRuleCompiler processAnythingButListMatchExpression
  it("refuses an anything-but list mixing strings and numbers, or an empty one", async () => {
    const mixed = "Inside anything but list, either all values are number or string, mixed type is not supported";
    expect(await refusal({ detail: { state: [{ "anything-but": ["stopped", 1] }] } })).toBe(mixed);
    expect(await refusal({ detail: { state: [{ "anything-but": [] }] } })).toBe(mixed);
  });

  // localstack content_anything_but_string_null, content_anything_prefix_int_value (recorded matches)
  it("lets null and numbers pass anything-but of strings", async () => {
    expect(await test({ detail: { state: [{ "anything-but": "initializing" }] } }, { state: null })).toBe(true);
    expect(await test({ detail: { state: [{ "anything-but": { prefix: "init" } }] } }, { state: 12 })).toBe(true);
    expect(await test({ detail: { state: [{ "anything-but": "initializing" }] } }, {})).toBe(false);
  });
});

describe("TestEventPattern: structure", () => {
  // event-ruler JsonRuleCompiler parseObject / parseIntoOrRelationship
  it("refuses empty objects and malformed $or", async () => {
    expect(await refusal({ detail: {} })).toBe("Empty objects are not allowed");
    expect(await refusal({ $or: [{ source: ["a"] }] })).toBe("There must have at least 2 Objects in $or relationship.");
    expect(await refusal({ $or: { source: ["a"] } })).toBe("It must be an Array followed with $or.");
    expect(await refusal({ $or: [{ source: ["a"] }, ["b"]] })).toBe("Only JSON object is allowed in array of $or relationship.");
    expect(await refusal({ $or: [{ source: ["a"] }, { prefix: ["b"] }] })).toBe("prefix is Ruler reserved fieldName which cannot be used inside $or.");
  });

  // localstack test_events_patterns.snapshot.json (int_nolist_EXC, arrays_empty_EXC, content_numeric_EXC, content_wildcard_repeating_star_EXC)
  it("words the recorded refusals as AWS does", async () => {
    expect(await refusal({ int: 42 })).toBe('"int" must be an object or an array');
    expect(await refusal({ resources: [] })).toBe("Empty arrays are not allowed");
    expect(await refusal({ detail: { "c-count": [{ numeric: [">", 0, ">", 0] }] } })).toBe("Bad numeric range operator: >");
    expect(await refusal({ EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:**:event-bus/*" }] })).toBe("Consecutive wildcard characters at pos 26");
  });
});

describe("PutTargets input checks", () => {
  const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:inputs`;
  beforeAll(async () => {
    await h.client.send(new PutRuleCommand({ Name: "inputs", EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
  });

  // localstack test_events_inputs.snapshot.json test_put_event_input_path_and_input_transformer
  it("refuses a target with more than one of Input, InputPath and InputTransformer", async () => {
    const error = await reject(h.client.send(new PutTargetsCommand({ Rule: "inputs", Targets: [{ Id: "t1", Arn: queue, InputPath: "$.detail", InputTransformer: { InputTemplate: '"x"' } }] })));
    expect(error).toMatchObject({ name: "ValidationException", message: "Only one of Input, InputPath, or InputTransformer must be provided for target t1." });
  });

  // localstack test_events_inputs.snapshot.json test_put_events_with_input_transformer_missing_keys
  it("refuses an InputTemplate placeholder that InputPathsMap does not define", async () => {
    const transformer = { InputPathsMap: { detailType: "$.detail-type" }, InputTemplate: '{"type": <detailType>, "missing": <notdefinedkey>}' };
    const error = await reject(h.client.send(new PutTargetsCommand({ Rule: "inputs", Targets: [{ Id: "t2", Arn: queue, InputTransformer: transformer }] })));
    expect(error).toMatchObject({ name: "ValidationException", message: "InputTemplate for target t2 contains invalid placeholder notdefinedkey." });
  });

  // localstack test_events_inputs.snapshot.json test_input_transformer_predefined_variables
  it("fills <aws.events.event> with the envelope's metadata, detailType and the ingestion time", async () => {
    const template = '{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}';
    await h.client.send(new PutTargetsCommand({ Rule: "inputs", Targets: [{ Id: "t3", Arn: queue, InputTransformer: { InputTemplate: template } }] }));
    const detail = { command: "update-account" };
    const time = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const out = await h.client.send(new PutEventsCommand({ Entries: [{ Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: JSON.stringify(detail), Time: time }] }));
    await until(() => h.dispatcher.calls.length === 1);
    const body = JSON.parse(String(h.dispatcher.calls[0]?.input.MessageBody)) as Record<string, unknown>;
    const id = out.Entries?.[0]?.EventId;
    const ingestion = new Date(h.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect(body.originalEvent).toEqual({
      id, account: ACCOUNT, detailType: "core.update-account-command", time: ingestion, source: "core.update-account-command", region: REGION, resources: [], version: "0",
    });
    expect(body.originalEventJson).toEqual({
      version: "0", id, "detail-type": "core.update-account-command", source: "core.update-account-command", account: ACCOUNT, time: "2024-01-02T03:04:05Z", region: REGION, resources: [], detail,
    });
  });
});

describe("PutRule / TestEventPattern: a pattern that is not a JSON object", () => {
  // localstack test_events_patterns.snapshot.json test_invalid_json_event_pattern (recorded on AWS)
  it.each([
    ["this is valid json but not a dict", "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"this is valid json but not a dict\"; line: 1, column: 5]"],
    ["{'bad': 'quotation'}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name\n at [Source: (String)\"{'bad': 'quotation'}\"; line: 1, column: 2]"],
    ['{"not": closed mark"', "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"not\": closed mark\"\"; line: 1, column: 15]"],
    ['["not", "a", "dict", "but valid json"]', 'Filter is not an object\n at [Source: (String)"["not", "a", "dict", "but valid json"]"; line: 1, column: 2]'],
  ])("%s", async (pattern, reason) => {
    const error = await reject(h.client.send(new PutRuleCommand({ Name: "invalid-json", EventPattern: pattern })));
    expect(error).toMatchObject({ name: "InvalidEventPatternException", message: `Event pattern is not valid. Reason: ${reason}` });
    const tested = await reject(h.client.send(new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(header) })));
    expect(tested.message).toBe(`Event pattern is not valid. Reason: ${reason}`);
  });
});

describe("PutPermission / RemovePermission", () => {
  const bus = "permissions";
  const arn = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${bus}`;
  const policy = async () => {
    const described = await h.client.send(new DescribeEventBusCommand({ Name: bus }));
    return described.Policy === undefined ? undefined : (JSON.parse(described.Policy) as { Version: string; Statement: unknown[] });
  };
  beforeAll(async () => {
    await h.client.send(new CreateEventBusCommand({ Name: bus }));
  });

  // localstack test_events.snapshot.json test_put_permission / test_remove_permission (recorded on AWS)
  it("writes one statement per permission into the bus's policy and removes them again", async () => {
    await h.client.send(new PutPermissionCommand({ EventBusName: bus, Action: "events:PutEvents", Principal: "111111111111", StatementId: "one" }));
    await h.client.send(new PutPermissionCommand({ EventBusName: bus, Action: "events:PutEvents", Principal: "*", StatementId: "all" }));
    expect(await policy()).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "one", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "events:PutEvents", Resource: arn },
        { Sid: "all", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: arn },
      ],
    });
    await h.client.send(new RemovePermissionCommand({ EventBusName: bus, StatementId: "one" }));
    expect((await policy())?.Statement).toEqual([{ Sid: "all", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: arn }]);
    await h.client.send(new RemovePermissionCommand({ EventBusName: bus, RemoveAllPermissions: true }));
    expect(await policy()).toBeUndefined();
  });

  // localstack test_events.snapshot.json test_put_permission (put-permission-policy)
  it("replaces the whole policy with Policy", async () => {
    const document = { Version: "2012-10-17", Statement: [{ Sid: "rules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "events:ListRules", Resource: "*" }] };
    await h.client.send(new PutPermissionCommand({ EventBusName: bus, Policy: JSON.stringify(document) }));
    expect(await policy()).toEqual(document);
    await h.client.send(new RemovePermissionCommand({ EventBusName: bus, RemoveAllPermissions: true }));
  });

  // localstack test_events.snapshot.json test_remove_permission_non_existing_sid, test_put_permission_non_existing_event_bus
  it("refuses an unknown statement id and an unknown bus", async () => {
    const missing = await reject(h.client.send(new RemovePermissionCommand({ EventBusName: bus, StatementId: "nope" })));
    expect(missing).toMatchObject({ name: "ResourceNotFoundException", message: "Statement with the provided id does not exist." });
    const noBus = await reject(h.client.send(new PutPermissionCommand({ EventBusName: "no-such-bus", Action: "events:PutEvents", Principal: "*", StatementId: "s" })));
    expect(noBus).toMatchObject({ name: "ResourceNotFoundException", message: "Event bus no-such-bus does not exist." });
  });
});

describe("PutEvents request validation", () => {
  // localstack test_events.snapshot.json test_put_events_exceed_limit_ten_entries (recorded on AWS)
  it("prints the entries as AWS's Java toString does when there are more than 10", async () => {
    const entry = { Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: '{"command": "update-account"}', EventBusName: "my-bus" };
    const printed =
      'PutEventsRequestEntry(time=null, source=core.update-account-command, resources=null, detailType=core.update-account-command, detail={"command": "update-account"}, ' +
      "eventBusName=my-bus, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)";
    const error = await reject(h.client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })));
    expect(error).toMatchObject({
      name: "ValidationException",
      message: `1 validation error detected: Value '[${Array.from({ length: 11 }, () => printed).join(", ")}]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`,
    });
  });
});
