/**
 * More of localstack's EventBridge suite recorded against AWS (tests/aws/services/events/test_events.snapshot.json,
 * December 2024), each case naming its test. SQS targets are read from the dispatcher's SendMessage calls.
 */
import {
  CreateEventBusCommand, DeleteEventBusCommand, DeleteRuleCommand, DescribeEventBusCommand, DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand,
  ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand, PutEventsCommand, PutPermissionCommand, PutRuleCommand, PutTargetsCommand,
  ListTagsForResourceCommand, RemovePermissionCommand, TestEventPatternCommand, RemoveTargetsCommand, TagResourceCommand, UntagResourceCommand, type Target,
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

let count = 0;
const name = (prefix: string) => `${prefix}-${++count}`;
/** The error's code, message and HTTP status, as the SDK surfaces them. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected a failure");
}
const queueArn = (q: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${q}`;
/** Bodies the SQS target `q` was sent. */
const sentTo = (q: string) => h.dispatcher.calls
  .filter((c) => c.service === "sqs" && c.action === "SendMessage" && String(c.input.QueueUrl).endsWith(`/${q}`))
  .map((c) => JSON.parse(String(c.input.MessageBody)) as Record<string, unknown>);
const PATTERN = { source: ["core.update-account-command"], "detail-type": ["core.update-account-command"], detail: { command: ["update-account"] } };
const ENTRY = { Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: JSON.stringify({ command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } }) };

describe("TestEvents: PutEvents entry checks", () => {
  it("test_put_events_without_source / _without_detail / _without_detail_type: fails the entry with InvalidArgument", async () => {
    const put = async (entry: Record<string, string>) => (await h.client.send(new PutEventsCommand({ Entries: [entry] })));
    expect(await put({ DetailType: "a", Detail: "{}" })).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." }] });
    expect(await put({ Source: "a", DetailType: "a" })).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Detail is not valid. Reason: Detail is a required argument." }] });
    expect(await put({ Source: "a", Detail: "{}" })).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is a required argument." }] });
  });

  it.each([["STRING", "plain string"], ["ARRAY", "[1, 2]"], ["MALFORMED_JSON", '{"a": '], ["SERIALIZED_STRING", JSON.stringify("a string")]])(
    "test_put_event_malformed_detail[%s]", async (_, Detail) => {
      const got = await h.client.send(new PutEventsCommand({ Entries: [{ Source: "a", DetailType: "b", Detail }] }));
      expect(got.FailedEntryCount).toBe(1);
      expect(got.Entries).toEqual([{ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." }]);
    },
  );

  it("test_put_event_with_too_big_detail: refuses the request over 256 KB", async () => {
    const Detail = JSON.stringify({ payload: "p".repeat(262_144) });
    expect(await failure(h.client.send(new PutEventsCommand({ Entries: [{ Source: "a", DetailType: "b", Detail }] })))).toEqual({
      name: "ValidationException", message: "Total size of the entries in the request is over the limit.", status: 400,
    });
  });

  it("test_put_events_nonexistent_event_bus: an entry for a missing bus is answered an EventId and goes nowhere", async () => {
    const rule = name("rule");
    const q = name("queue");
    await h.client.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ "detail-type": ["CustomType"], source: ["MySource"] }), State: "ENABLED" }));
    await h.client.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "t", Arn: queueArn(q) }] }));
    const bus = name("event-bus");
    const put = await h.client.send(new PutEventsCommand({ Entries: [
      { Source: "MySource", DetailType: "CustomType", Detail: JSON.stringify({ message: "for the default event bus" }) },
      { EventBusName: bus, Source: "MySource", DetailType: "CustomType", Detail: JSON.stringify({ message: "for the custom event bus" }) },
    ] }));
    expect(put.FailedEntryCount).toBe(0);
    expect(put.Entries).toEqual([{ EventId: expect.any(String) }, { EventId: expect.any(String) }]);
    await until(() => sentTo(q).length === 1, "the delivery");
    expect(sentTo(q)[0]?.detail).toEqual({ message: "for the default event bus" });
    expect(await failure(h.client.send(new DescribeEventBusCommand({ Name: bus })))).toEqual({
      name: "ResourceNotFoundException", message: `Event bus ${bus} does not exist.`, status: 400,
    });
  });
});

describe("TestEvents: delivery", () => {
  it("test_put_events_with_time_field / test_put_events_time: the envelope, with the entry's Time", async () => {
    const rule = name("rule");
    const q = name("queue");
    await h.client.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: ["test-source"] }) }));
    await h.client.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "t", Arn: queueArn(q) }] }));
    const Time = new Date(Date.UTC(2022, 0, 1, 12, 0, 0));
    const put = await h.client.send(new PutEventsCommand({ Entries: [{ Source: "test-source", DetailType: "test-detail-type", Detail: JSON.stringify({ message: "test message" }), Time }] }));
    expect(put.FailedEntryCount).toBe(0);
    await until(() => sentTo(q).length === 1, "the delivery");
    const body = sentTo(q)[0];
    expect(Object.keys(body ?? {})).toEqual(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]);
    expect(body).toEqual({
      version: "0", id: put.Entries?.[0]?.EventId, "detail-type": "test-detail-type", source: "test-source", account: ACCOUNT, time: "2022-01-01T12:00:00Z",
      region: REGION, resources: [], detail: { message: "test message" },
    });
  });

  it("test_put_events_response_entries_order: one event reaches every rule's targets with the same id", async () => {
    const [q1, q2] = [name("queue"), name("queue")];
    for (const q of [q1, q2]) {
      const rule = name("rule");
      await h.client.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
      await h.client.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "t", Arn: queueArn(q) }] }));
    }
    const put = await h.client.send(new PutEventsCommand({ Entries: [{ ...ENTRY, Detail: JSON.stringify({ key: "detail" }) }] }));
    expect(put).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    await until(() => sentTo(q1).length === 1 && sentTo(q2).length === 1, "both deliveries");
    expect(sentTo(q1)[0]?.id).toBe(put.Entries?.[0]?.EventId);
    expect(sentTo(q2)[0]?.id).toBe(put.Entries?.[0]?.EventId);
  });
});

describe("TestEventBus", () => {
  it("test_create_list_describe_delete_custom_event_buses / test_list_event_buses_with_prefix", async () => {
    const Name = name("bus");
    const { EventBusArn } = await h.client.send(new CreateEventBusCommand({ Name }));
    expect(EventBusArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${Name}`);
    const listed = (await h.client.send(new ListEventBusesCommand({ NamePrefix: Name }))).EventBuses;
    expect(listed).toEqual([{ Arn: EventBusArn, CreationTime: expect.any(Date), LastModifiedTime: expect.any(Date), Name }]);
    const described = await h.client.send(new DescribeEventBusCommand({ Name }));
    expect({ ...described, $metadata: undefined }).toEqual({ $metadata: undefined, Arn: EventBusArn, CreationTime: expect.any(Date), LastModifiedTime: expect.any(Date), Name });
    await h.client.send(new DeleteEventBusCommand({ Name }));
    expect((await h.client.send(new ListEventBusesCommand({ NamePrefix: Name }))).EventBuses).toEqual([]);
  });

  it("test_create_multiple_event_buses_same_name / test_describe_delete_not_existing_event_bus / test_delete_default_event_bus", async () => {
    const Name = name("bus");
    await h.client.send(new CreateEventBusCommand({ Name }));
    expect(await failure(h.client.send(new CreateEventBusCommand({ Name })))).toEqual({ name: "ResourceAlreadyExistsException", message: `Event bus ${Name} already exists.`, status: 400 });
    const missing = name("missing-bus");
    expect(await failure(h.client.send(new DescribeEventBusCommand({ Name: missing })))).toEqual({ name: "ResourceNotFoundException", message: `Event bus ${missing} does not exist.`, status: 400 });
    await h.client.send(new DeleteEventBusCommand({ Name: missing }));
    expect(await failure(h.client.send(new DeleteEventBusCommand({ Name: "default" })))).toEqual({ name: "ValidationException", message: "Cannot delete event bus default.", status: 400 });
  });

  it("test_list_event_buses_with_limit: pages of Limit with a NextToken", async () => {
    const prefix = name("paged-bus");
    for (let i = 0; i < 6; i++) await h.client.send(new CreateEventBusCommand({ Name: `${prefix}-${i}` }));
    const first = await h.client.send(new ListEventBusesCommand({ NamePrefix: prefix, Limit: 3 }));
    expect(first.EventBuses?.map((b) => b.Name)).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await h.client.send(new ListEventBusesCommand({ NamePrefix: prefix, Limit: 3, NextToken: first.NextToken }));
    expect(second.EventBuses?.map((b) => b.Name)).toEqual([3, 4, 5].map((i) => `${prefix}-${i}`));
    expect(second.NextToken).toBeUndefined();
  });

  it("test_remove_permission: removing one statement keeps the rest; RemoveAllPermissions drops the Policy", async () => {
    const Name = name("bus");
    await h.client.send(new CreateEventBusCommand({ Name }));
    await h.client.send(new PutPermissionCommand({ EventBusName: Name, Action: "events:PutEvents", Principal: ACCOUNT, StatementId: "s1" }));
    await h.client.send(new PutPermissionCommand({ EventBusName: Name, Action: "events:PutEvents", Principal: "111111111111", StatementId: "s2" }));
    await h.client.send(new RemovePermissionCommand({ EventBusName: Name, StatementId: "s1" }));
    const described = await h.client.send(new DescribeEventBusCommand({ Name }));
    expect(JSON.parse(described.Policy ?? "")).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "s2", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "events:PutEvents", Resource: described.Arn }],
    });
    await h.client.send(new RemovePermissionCommand({ EventBusName: Name, RemoveAllPermissions: true }));
    expect((await h.client.send(new DescribeEventBusCommand({ Name }))).Policy).toBeUndefined();
  });
});

describe("TestEventRule", () => {
  it.each(["custom", "default"])("test_put_list_with_prefix_describe_delete_rule[%s] / test_disable_re_enable_rule", async (kind) => {
    const EventBusName = kind === "custom" ? name("bus") : "default";
    if (kind === "custom") await h.client.send(new CreateEventBusCommand({ Name: EventBusName }));
    const Name = name("rule");
    const { RuleArn } = await h.client.send(new PutRuleCommand({ Name, EventBusName, EventPattern: JSON.stringify(PATTERN) }));
    expect(RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/${kind === "custom" ? `${EventBusName}/` : ""}${Name}`);
    const listed = (await h.client.send(new ListRulesCommand({ NamePrefix: Name, EventBusName }))).Rules;
    expect(listed).toEqual([{ Arn: RuleArn, EventBusName, EventPattern: JSON.stringify(PATTERN), Name, State: "ENABLED" }]);
    const described = await h.client.send(new DescribeRuleCommand({ Name, EventBusName }));
    expect({ ...described, $metadata: undefined }).toEqual({ $metadata: undefined, Arn: RuleArn, CreatedBy: ACCOUNT, EventBusName, EventPattern: JSON.stringify(PATTERN), Name, State: "ENABLED" });
    await h.client.send(new DisableRuleCommand({ Name, EventBusName }));
    expect((await h.client.send(new DescribeRuleCommand({ Name, EventBusName }))).State).toBe("DISABLED");
    await h.client.send(new EnableRuleCommand({ Name, EventBusName }));
    expect((await h.client.send(new DescribeRuleCommand({ Name, EventBusName }))).State).toBe("ENABLED");
    await h.client.send(new DeleteRuleCommand({ Name, EventBusName }));
    expect((await h.client.send(new ListRulesCommand({ NamePrefix: Name, EventBusName }))).Rules).toEqual([]);
  });

  it("test_list_rule_with_limit / test_put_multiple_rules_with_same_name", async () => {
    const EventBusName = name("bus");
    await h.client.send(new CreateEventBusCommand({ Name: EventBusName }));
    const prefix = name("rule");
    for (let i = 0; i < 6; i++) await h.client.send(new PutRuleCommand({ Name: `${prefix}-${i}`, EventBusName, EventPattern: JSON.stringify(PATTERN) }));
    const again = await h.client.send(new PutRuleCommand({ Name: `${prefix}-0`, EventBusName, EventPattern: JSON.stringify(PATTERN) }));
    expect(again.RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/${EventBusName}/${prefix}-0`);
    const first = await h.client.send(new ListRulesCommand({ EventBusName, Limit: 3 }));
    expect(first.Rules?.map((r) => r.Name)).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    const second = await h.client.send(new ListRulesCommand({ EventBusName, Limit: 3, NextToken: first.NextToken }));
    expect(second.Rules?.map((r) => r.Name)).toEqual([3, 4, 5].map((i) => `${prefix}-${i}`));
    expect(second.NextToken).toBeUndefined();
  });

  it("test_describe_nonexistent_rule / test_delete_rule_with_targets / test_update_rule_with_targets", async () => {
    const missing = name("rule");
    expect(await failure(h.client.send(new DescribeRuleCommand({ Name: missing })))).toEqual({
      name: "ResourceNotFoundException", message: `Rule ${missing} does not exist on EventBus default.`, status: 400,
    });
    const Rule = name("rule");
    await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify(PATTERN) }));
    await h.client.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "target-id", Arn: queueArn("q") }] }));
    expect(await failure(h.client.send(new DeleteRuleCommand({ Name: Rule })))).toEqual({ name: "ValidationException", message: "Rule can't be deleted since it has targets.", status: 400 });
    await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify({ source: ["other"] }) }));
    expect((await h.client.send(new ListTargetsByRuleCommand({ Rule }))).Targets).toEqual([{ Arn: queueArn("q"), Id: "target-id" }]);
  });
});

describe("TestEventTarget", () => {
  it("test_put_list_remove_target / test_list_target_by_rule_limit", async () => {
    const Rule = name("rule");
    await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify(PATTERN) }));
    const put = await h.client.send(new PutTargetsCommand({ Rule, Targets: [0, 1, 2, 3, 4].map((i) => ({ Id: `target-${i}`, Arn: queueArn("q") })) }));
    expect({ FailedEntries: put.FailedEntries, FailedEntryCount: put.FailedEntryCount }).toEqual({ FailedEntries: [], FailedEntryCount: 0 });
    const first = await h.client.send(new ListTargetsByRuleCommand({ Rule, Limit: 3 }));
    expect(first.Targets?.map((t) => t.Id)).toEqual(["target-0", "target-1", "target-2"]);
    const second = await h.client.send(new ListTargetsByRuleCommand({ Rule, Limit: 3, NextToken: first.NextToken }));
    expect(second.Targets).toEqual([{ Arn: queueArn("q"), Id: "target-3" }, { Arn: queueArn("q"), Id: "target-4" }]);
    const removed = await h.client.send(new RemoveTargetsCommand({ Rule, Ids: [0, 1, 2, 3, 4].map((i) => `target-${i}`) }));
    expect({ FailedEntries: removed.FailedEntries, FailedEntryCount: removed.FailedEntryCount }).toEqual({ FailedEntries: [], FailedEntryCount: 0 });
    expect((await h.client.send(new ListTargetsByRuleCommand({ Rule }))).Targets).toEqual([]);
  });

  it("test_add_exceed_fife_targets_per_rule / test_put_target_id_validation", async () => {
    const Rule = name("rule");
    await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify(PATTERN) }));
    const seven = Array.from({ length: 7 }, (_, i) => ({ Id: `t${i}`, Arn: queueArn("q") }));
    expect(await failure(h.client.send(new PutTargetsCommand({ Rule, Targets: seven })))).toEqual({
      name: "LimitExceededException", message: "The requested resource exceeds the maximum number allowed.", status: 400,
    });
    expect(await failure(h.client.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "!@#$@!#$", Arn: queueArn("q") }] })))).toEqual({
      name: "ValidationException", status: 400,
      message: "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    });
    const long = `second-invalid-target-id${"x".repeat(41)}`;
    expect(await failure(h.client.send(new PutTargetsCommand({ Rule, Targets: [{ Id: long, Arn: queueArn("q") }] })))).toEqual({
      name: "ValidationException", status: 400,
      message: `1 validation error detected: Value '${long}' at 'targets.1.member.id' failed to satisfy constraint: Member must have length less than or equal to 64`,
    });
  });
});

describe("TestEventPattern", () => {
  it("test_put_events_pattern_with_values_in_array / test_put_events_pattern_nested", async () => {
    const Rule = name("rule");
    const q = name("queue");
    await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify({ detail: { event: { data: { type: ["1", "2"] } } } }) }));
    await h.client.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "t", Arn: queueArn(q), InputPath: "$.detail" }] }));
    const details = [{ event: { data: { type: ["3", "1"] } } }, { event: { data: { type: ["2"] } } }, { event: { data: { type: ["3"] } } }, { event: { data: { type: "1" } } }];
    await h.client.send(new PutEventsCommand({ Entries: details.map((d) => ({ Source: "a", DetailType: "b", Detail: JSON.stringify(d) })) }));
    await until(() => sentTo(q).length === 3, "the deliveries");
    expect(sentTo(q)).toEqual([details[0], details[1], details[3]]);
  });
});

/** A rule on the default bus for core.update-account-command with the given targets; returns the queues' names. */
async function ruleTo(targets: Array<Omit<Target, "Arn">>, pattern: unknown = { source: ["core.update-account-command"] }): Promise<string[]> {
  const Rule = name("rule");
  const queues = targets.map(() => name("queue"));
  await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify(pattern) }));
  await h.client.send(new PutTargetsCommand({ Rule, Targets: targets.map((t, i) => ({ ...t, Arn: queueArn(queues[i] ?? "") })) }));
  return queues;
}
/** The raw MessageBody strings the SQS target `q` was sent. */
const rawSentTo = (q: string) => h.dispatcher.calls
  .filter((c) => c.service === "sqs" && c.action === "SendMessage" && String(c.input.QueueUrl).endsWith(`/${q}`))
  .map((c) => String(c.input.MessageBody));

describe("test_events_inputs.snapshot.json (recorded May–June 2024)", () => {
  it("TestInputPath: test_put_events_with_input_path / _nested / _max_level_depth / _multiple_targets", async () => {
    const [whole, nested, deep, plain] = await ruleTo([{ Id: "a", InputPath: "$.detail" }, { Id: "b", InputPath: "$.detail.payload" }, { Id: "c", InputPath: "$.detail.payload.sf_id" }, { Id: "d" }]);
    await h.client.send(new PutEventsCommand({ Entries: [ENTRY] }));
    await until(() => [whole, nested, deep, plain].every((q) => rawSentTo(q ?? "").length === 1), "the deliveries");
    expect(JSON.parse(rawSentTo(whole ?? "")[0] ?? "")).toEqual({ command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } });
    expect(JSON.parse(rawSentTo(nested ?? "")[0] ?? "")).toEqual({ acc_id: "0a787ecb-4015", sf_id: "baz" });
    expect(rawSentTo(deep ?? "")).toEqual(['"baz"']);
    expect(JSON.parse(rawSentTo(plain ?? "")[0] ?? "")).toMatchObject({ version: "0", "detail-type": "core.update-account-command", detail: { command: "update-account" } });
  });

  it("TestInputTransformer: test_put_events_with_input_transformer_input_template_string (match all, not all, special first characters)", async () => {
    const InputPathsMap = { "detail-type": "$.detail-type", timestamp: "$.time", command: "$.detail.command" };
    const [sentence, special] = await ruleTo([
      { Id: "a", InputTransformer: { InputPathsMap, InputTemplate: '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"' } },
      { Id: "b", InputTransformer: { InputPathsMap, InputTemplate: '"{[/Check with special starting characters for event of <detail-type> type"' } },
    ]);
    await h.client.send(new PutEventsCommand({ Entries: [ENTRY] }));
    await h.client.send(new PutEventsCommand({ Entries: [{ ...ENTRY, Detail: JSON.stringify({ payload: "no command" }) }] }));
    await until(() => rawSentTo(sentence ?? "").length === 2 && rawSentTo(special ?? "").length === 2, "the deliveries");
    expect(rawSentTo(sentence ?? "")).toEqual([
      '"Event of core.update-account-command type, at time 2026-11-25T12:00:00Z, info extracted from detail update-account"',
      '"Event of core.update-account-command type, at time 2026-11-25T12:00:00Z, info extracted from detail "',
    ]);
    expect(rawSentTo(special ?? "")).toEqual(Array(2).fill('"{[/Check with special starting characters for event of core.update-account-command type"'));
  });
});

describe("test_events_rules.snapshot.json (recorded March 2024)", () => {
  it("test_put_events_with_rule_anything_but_to_sqs / _exists_true_ / _exists_false_", async () => {
    const [anythingBut] = await ruleTo([{ Id: "a" }], { source: ["core.update-account-command"], detail: { command: [{ "anything-but": ["update-account"] }] } });
    const [exists] = await ruleTo([{ Id: "a" }], { source: ["core.update-account-command"], detail: { key: [{ exists: true }] } });
    const [absent] = await ruleTo([{ Id: "a" }], { source: ["core.update-account-command"], detail: { key: [{ exists: false }] } });
    const details = [{ command: "update-account", payload: "baz" }, { command: "display-message", payload: "baz" }, { command: null, payload: "baz" }, { key: "value", payload: "baz" }, { "no-key": "no-value", payload: "baz" }];
    for (const d of details) await h.client.send(new PutEventsCommand({ Entries: [{ ...ENTRY, Detail: JSON.stringify(d) }] }));
    await until(() => sentTo(absent ?? "").length === 4, "the deliveries");
    const detailsOf = (q: string | undefined) => sentTo(q ?? "").map((b) => b.detail);
    // The recording: another command and a null command pass anything-but; events without the field do not (event-ruler).
    expect(detailsOf(anythingBut)).toEqual([details[1], details[2]]);
    expect(detailsOf(exists)).toEqual([details[3]]);
    expect(detailsOf(absent)).toEqual([details[0], details[1], details[2], details[4]]);
  });
});

describe("test_events_tags.snapshot.json", () => {
  it.each(["event_bus", "rule"])("tests_tag_untag_resource[%s]", async (kind) => {
    const ResourceARN = kind === "rule"
      ? (await h.client.send(new PutRuleCommand({ Name: name("rule"), EventPattern: JSON.stringify(PATTERN) }))).RuleArn
      : (await h.client.send(new CreateEventBusCommand({ Name: name("bus") }))).EventBusArn;
    await h.client.send(new TagResourceCommand({ ResourceARN, Tags: [{ Key: "tag1", Value: "value1" }, { Key: "tag2", Value: "value2" }] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags).toEqual([{ Key: "tag1", Value: "value1" }, { Key: "tag2", Value: "value2" }]);
    await h.client.send(new UntagResourceCommand({ ResourceARN, TagKeys: ["tag2"] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags).toEqual([{ Key: "tag1", Value: "value1" }]);
  });
});

describe("test_events_targets.snapshot.json (recorded April 2024)", () => {
  it("test_put_events_with_target_lambda_list_entry / _list_entries_partial_match: exists inside an array of objects", async () => {
    const EventBusName = name("bus");
    await h.client.send(new CreateEventBusCommand({ Name: EventBusName }));
    const Rule = name("rule");
    await h.client.send(new PutRuleCommand({ Name: Rule, EventBusName, EventPattern: JSON.stringify({ detail: { payload: { automations: { id: [{ exists: true }] } } } }) }));
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name("fn")}`;
    await h.client.send(new PutTargetsCommand({ Rule, EventBusName, Targets: [{ Id: "t", Arn: fn }] }));
    const action = { id: "321", type: "SEND_NOTIFICATION", settings: { message: "", recipientEmails: [], subject: "", type: "SEND_NOTIFICATION" } };
    const payload = { userId: 10, businessId: 3, channelId: 6, card: { foo: "bar" }, targetEntity: true, entityAuditTrailEvent: { foo: "bar" } };
    const details = [
      { payload: { ...payload, automations: [{ id: "123", actions: [action] }] } },
      { payload: { ...payload, automations: [{ foo: "bar" }, { id: "123", actions: [action] }, { bar: "foo" }] } },
      { payload: { ...payload, automations: [{ foo: "bar" }] } },
      { payload: { ...payload, userId: 11, automations: [{ id: "124" }] } },
    ];
    for (const d of details) await h.client.send(new PutEventsCommand({ Entries: [{ EventBusName, Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: JSON.stringify(d) }] }));
    const calls = () => h.invoker.calls.filter((c) => c.request.functionName === fn);
    await until(() => calls().length === 3, "the invocations");
    expect(calls().map((c) => (c.event as { detail: unknown }).detail)).toEqual([details[0], details[1], details[3]]);
  });
});

describe("event_pattern_templates run through TestEventPattern (test_events_patterns.py, recorded on AWS July 2024)", () => {
  // Each template's name says the recorded outcome: a match, _NEG no match, _EXC an InvalidEventPatternException.
  const header = { id: "1", source: "test-source", "detail-type": "test-detail-type", account: "123456789012", region: "us-east-2", time: "2022-07-13T13:48:01Z" };
  const outcome = async (pattern: unknown, detail: unknown): Promise<boolean | "EXC"> => {
    try {
      return (await h.client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify({ ...header, detail }) }))).Result ?? false;
    } catch (e) {
      expect((e as Error).name).toBe("InvalidEventPatternException");
      return "EXC";
    }
  };
  const cases: Array<[string, unknown, unknown, boolean | "EXC"]> = [
    ["content_anything_but_string_null_type_EXC", { detail: { state: [{ "anything-but": null }] } }, { state: null }, "EXC"],
    ["content_anything_prefix_int_EXC", { detail: { state: [{ "anything-but": { prefix: 123 } }] } }, { state: "post-init" }, "EXC"],
    ["content_anything_prefix_int_value", { detail: { state: [{ "anything-but": { prefix: "init" } }] } }, { state: 12 }, true],
    ["content_anything_prefix_list_int", { detail: { state: [{ "anything-but": { prefix: ["init", "test"] } }] } }, { state: 12 }, true],
    ["content_anything_prefix_null", { detail: { state: [{ "anything-but": { prefix: "init" } }] } }, { state: null }, true],
    ["content_anything_prefix_empty_EXC", { detail: { FileName: [{ "anything-but": { prefix: "" } }] } }, { FileName: "file.txt.bak" }, "EXC"],
    ["content_anything_wildcard_int", { detail: { FilePath: [{ "anything-but": { wildcard: "*/dir/*" } }] } }, { FilePath: 123 }, true],
    ["content_anything_wildcard_empty", { detail: { FilePath: [{ "anything-but": { wildcard: "" } }] } }, { FilePath: "dir/init/file" }, true],
    ["content_anything_wildcard_type_EXC", { detail: { FilePath: [{ "anything-but": { wildcard: 123 } }] } }, { FilePath: "dir/init/file" }, "EXC"],
    ["content_anything_but_number_zero", { detail: { "x-limit": [{ "anything-but": 0 }] } }, { "x-limit": 789 }, true],
    ["content_ip_address_bad_type_NEG", { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } }, { sourceIPAddress: 123 }, false],
    ["content_ignorecase_empty", { detail: { value: [{ "equals-ignore-case": "" }] } }, { value: "" }, true],
  ];
  it.each(cases)("%s", async (_, pattern, detail, expected) => {
    expect(await outcome(pattern, detail)).toBe(expected);
  });
});
