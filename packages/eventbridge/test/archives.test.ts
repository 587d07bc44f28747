/**
 * Archives and replays through the real SDK. Evidence: localstack
 * tests/aws/services/events/test_archive_and_replay.py and its .snapshot.json, recorded on AWS
 * ("localstack snapshot" below); moto's events/models.py where no recording has the case.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CancelReplayCommand, CreateArchiveCommand, CreateEventBusCommand, DeleteArchiveCommand, DeleteRuleCommand, RemoveTargetsCommand, DescribeArchiveCommand, DescribeReplayCommand, ListArchivesCommand,
  ListReplaysCommand, ListRulesCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, StartReplayCommand, UpdateArchiveCommand,
} from "@aws-sdk/client-eventbridge";
import { FileStore, silentLogger } from "@sam-sandbox/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT, NOW, REGION, startEventBridge, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());
beforeEach(() => {
  h.dispatcher.calls.length = 0;
});

const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } });
const busArn = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`;
const archiveArn = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:archive/${name}`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

// test_events.py TEST_EVENT_PATTERN / TEST_EVENT_DETAIL, the events the localstack suite archives.
const PATTERN = { source: ["core.update-account-command"], "detail-type": ["core.update-account-command"], detail: { command: ["update-account"] } };
const DETAIL = { command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } };
const entry = (bus: string) => ({ Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: JSON.stringify(DETAIL), EventBusName: bus });

async function bus(name: string): Promise<string> {
  if (name === "default") return busArn("default");
  return (await h.client.send(new CreateEventBusCommand({ Name: name }))).EventBusArn ?? "";
}

describe("archives", () => {
  it.each(["default", "custom"])("create, list, describe, update and delete an archive on the %s bus (localstack snapshot test_create_list_describe_update_delete_archive)", async (type) => {
    const busName = type === "default" ? "default" : "archive-bus";
    const source = await bus(busName);
    const name = `crud-${type}`;
    const created = await h.client.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: source, Description: "description of the archive", EventPattern: JSON.stringify(PATTERN), RetentionDays: 1 }));
    expect(created).toMatchObject({ ArchiveArn: archiveArn(name), State: "ENABLED", CreationTime: new Date(NOW) });
    const listed = await h.client.send(new ListArchivesCommand({ NamePrefix: name }));
    expect(listed.Archives).toEqual([{ ArchiveName: name, CreationTime: new Date(NOW), EventCount: 0, EventSourceArn: source, RetentionDays: 1, SizeBytes: 0, State: "ENABLED" }]);
    const described = await h.client.send(new DescribeArchiveCommand({ ArchiveName: name }));
    expect({ ...described, $metadata: undefined, EventPattern: JSON.parse(described.EventPattern ?? "") as unknown }).toEqual({
      $metadata: undefined, ArchiveArn: archiveArn(name), ArchiveName: name, CreationTime: new Date(NOW), Description: "description of the archive", EventCount: 0,
      EventPattern: PATTERN, EventSourceArn: source, RetentionDays: 1, SizeBytes: 0, State: "ENABLED",
    });
    const updated = await h.client.send(new UpdateArchiveCommand({ ArchiveName: name, Description: "updated description of the archive", EventPattern: JSON.stringify({ source: ["x"] }), RetentionDays: 2 }));
    expect(updated).toMatchObject({ ArchiveArn: archiveArn(name), State: "ENABLED", CreationTime: new Date(NOW) });
    expect(await h.client.send(new DescribeArchiveCommand({ ArchiveName: name }))).toMatchObject({ Description: "updated description of the archive", RetentionDays: 2, EventPattern: '{"source":["x"]}' });
    await h.client.send(new DeleteArchiveCommand({ ArchiveName: name }));
    expect((await h.client.send(new ListArchivesCommand({ NamePrefix: name }))).Archives).toEqual([]);
  });

  it("makes the managed rule Events-Archive-<name> on the bus, gone with the archive (moto create_archive)", async () => {
    await h.client.send(new CreateArchiveCommand({ ArchiveName: "managed", EventSourceArn: busArn("default"), EventPattern: JSON.stringify({ source: ["m"] }) }));
    const rules = await h.client.send(new ListRulesCommand({ NamePrefix: "Events-Archive-managed" }));
    expect(rules.Rules).toEqual([{
      Name: "Events-Archive-managed", Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Events-Archive-managed`, State: "ENABLED", EventBusName: "default",
      ManagedBy: "prod.vhs.events.aws.internal", EventPattern: JSON.stringify({ source: ["m"], "replay-name": [{ exists: false }] }),
    }]);
    // AWS's ManagedRuleException, quoted in rebuy-de/aws-nuke#448 (DeleteRule) and cloud-custodian#10308 (RemoveTargets).
    const calls = [() => h.client.send(new DeleteRuleCommand({ Name: "Events-Archive-managed" })), () => h.client.send(new RemoveTargetsCommand({ Rule: "Events-Archive-managed", Ids: ["x"] }))];
    for (const call of calls) {
      const managed = await reject(call());
      expect([managed.name, managed.message]).toEqual(["ManagedRuleException", "Events-Archive-managed is a managed rule. Set 'force' parameter to true to override."]);
    }
    await h.client.send(new DeleteArchiveCommand({ ArchiveName: "managed" }));
    expect((await h.client.send(new ListRulesCommand({ NamePrefix: "Events-Archive-managed" }))).Rules).toEqual([]);
  });

  it("lists by NamePrefix, EventSourceArn and State (localstack snapshot test_list_archive_with_name_prefix / _with_source_arn / _state_enabled)", async () => {
    const source = await bus("list-bus");
    await h.client.send(new CreateArchiveCommand({ ArchiveName: "test-archive-list", EventSourceArn: source, RetentionDays: 1 }));
    expect((await h.client.send(new ListArchivesCommand({ NamePrefix: "test-archive" }))).Archives?.map((a) => a.ArchiveName)).toEqual(["test-archive-list"]);
    expect((await h.client.send(new ListArchivesCommand({ NamePrefix: "doesnotexist" }))).Archives).toEqual([]);
    expect((await h.client.send(new ListArchivesCommand({ EventSourceArn: source }))).Archives?.map((a) => a.ArchiveName)).toEqual(["test-archive-list"]);
    expect((await h.client.send(new ListArchivesCommand({ State: "ENABLED" }))).Archives?.map((a) => a.ArchiveName)).toContain("test-archive-list");
    // localstack snapshot test_list_archive_error_unknown_source_arn.
    const unknown = await reject(h.client.send(new ListArchivesCommand({ EventSourceArn: busArn("doesnotexist-1") })));
    expect([unknown.name, unknown.message]).toEqual(["ResourceNotFoundException", "Event bus doesnotexist-1 does not exist."]);
    await h.client.send(new DeleteArchiveCommand({ ArchiveName: "test-archive-list" }));
  });

  it("answers AWS's errors (localstack snapshot test_*_archive_error_*)", async () => {
    await h.client.send(new CreateArchiveCommand({ ArchiveName: "dup", EventSourceArn: busArn("default") }));
    const dup = await reject(h.client.send(new CreateArchiveCommand({ ArchiveName: "dup", EventSourceArn: busArn("default") })));
    expect([dup.name, dup.message]).toEqual(["ResourceAlreadyExistsException", "Archive dup already exists."]);
    const noBus = await reject(h.client.send(new CreateArchiveCommand({ ArchiveName: "test-archive", EventSourceArn: "arn:aws:events:us-east-1:123456789012:event-bus/doesnotexist-2" })));
    expect([noBus.name, noBus.message]).toEqual(["ResourceNotFoundException", "Event bus doesnotexist-2 does not exist."]);
    const describe = await reject(h.client.send(new DescribeArchiveCommand({ ArchiveName: "doesnotexist-3" })));
    expect([describe.name, describe.message]).toEqual(["ResourceNotFoundException", "Archive doesnotexist-3 does not exist."]);
    const del = await reject(h.client.send(new DeleteArchiveCommand({ ArchiveName: "doesnotexist-4" })));
    expect([del.name, del.message]).toEqual(["ResourceNotFoundException", "Archive doesnotexist-4 does not exist."]);
    // AWS fails UpdateArchive of an unknown archive with InternalException (test_update_archive_error_unknown_archive).
    const update = await reject(h.client.send(new UpdateArchiveCommand({ ArchiveName: "doesnotexist-5" })));
    expect([update.name, update.message, update.$metadata.httpStatusCode]).toEqual(["InternalException", "Service encountered unexpected problem. Please try again.", 500]);
    const pattern = await reject(h.client.send(new CreateArchiveCommand({ ArchiveName: "bad", EventSourceArn: busArn("default"), EventPattern: '{"source":"x"}' })));
    expect(pattern.name).toBe("InvalidEventPatternException");
    // Located in the pattern as given, not in the archive rule's pattern it becomes (event-ruler via Jackson).
    expect(pattern.message).toBe('Event pattern is not valid. Reason: "source" must be an object or an array\n at [Source: (String)"{"source":"x"}"; line: 1, column: 12]');
    await h.client.send(new DeleteArchiveCommand({ ArchiveName: "dup" }));
  });

  it("keeps the events that match its pattern, for RetentionDays (localstack snapshot test_list_archive_with_events)", async () => {
    const source = await bus("count-bus");
    await h.client.send(new CreateArchiveCommand({ ArchiveName: "matching", EventSourceArn: source, EventPattern: JSON.stringify(PATTERN), RetentionDays: 1 }));
    await h.client.send(new CreateArchiveCommand({ ArchiveName: "everything", EventSourceArn: source }));
    const entries = Array.from({ length: 10 }, () => entry("count-bus"));
    await h.client.send(new PutEventsCommand({ Entries: entries }));
    await h.client.send(new PutEventsCommand({ Entries: [{ ...entry("count-bus"), Source: "other" }] }));
    const matching = await h.client.send(new DescribeArchiveCommand({ ArchiveName: "matching" }));
    expect(matching.EventCount).toBe(10);
    expect(matching.SizeBytes).toBeGreaterThan(0);
    expect((await h.client.send(new DescribeArchiveCommand({ ArchiveName: "everything" }))).EventCount).toBe(11);
    await h.clock.advance(86_400_000 + 1000);
    expect((await h.client.send(new DescribeArchiveCommand({ ArchiveName: "matching" }))).EventCount).toBe(0);
    // RetentionDays absent: kept indefinitely.
    expect((await h.client.send(new DescribeArchiveCommand({ ArchiveName: "everything" }))).EventCount).toBe(11);
  });
});

describe("replays", () => {
  async function setup(busName: string, archive: string) {
    const source = await bus(busName);
    const ruleArn = (await h.client.send(new PutRuleCommand({ Name: `rule-${busName}`, EventBusName: busName, EventPattern: JSON.stringify(PATTERN) }))).RuleArn ?? "";
    await h.client.send(new PutTargetsCommand({ Rule: `rule-${busName}`, EventBusName: busName, Targets: [{ Id: "q", Arn: queueArn(`q-${busName}`) }] }));
    const arn = (await h.client.send(new CreateArchiveCommand({ ArchiveName: archive, EventSourceArn: source, EventPattern: JSON.stringify(PATTERN), RetentionDays: 1 }))).ArchiveArn ?? "";
    return { source, ruleArn, arn };
  }
  const bodies = () => h.dispatcher.calls.filter((c) => c.action === "SendMessage").map((c) => JSON.parse(String(c.input.MessageBody)) as Record<string, unknown>);

  it("re-delivers the archived events of the window with replay-name, then completes (localstack snapshot test_start_list_describe_canceled_replay)", async () => {
    const { source, ruleArn, arn } = await setup("replay-bus", "replay-archive");
    const start = h.clock.now();
    await h.client.send(new PutEventsCommand({ Entries: [entry("replay-bus"), entry("replay-bus"), entry("replay-bus")] }));
    await until(() => bodies().length === 3, "the first deliveries");
    const originals = bodies().map((b) => b.id);
    h.dispatcher.calls.length = 0;
    await h.clock.advance(1000);

    const started = await h.client.send(new StartReplayCommand({
      ReplayName: "replay-one", Description: "description of the replay", EventSourceArn: arn,
      EventStartTime: new Date(start), EventEndTime: new Date(start + 60_000), Destination: { Arn: source, FilterArns: [ruleArn] },
    }));
    expect(started).toMatchObject({ ReplayArn: `arn:aws:events:${REGION}:${ACCOUNT}:replay/replay-one`, State: "STARTING", ReplayStartTime: new Date(h.clock.now()) });
    await h.clock.advance(0);
    await until(() => bodies().length === 3, "the replayed deliveries");
    const replayed = bodies();
    expect(replayed.map((b) => b.id)).toEqual(originals);
    expect(Object.keys(replayed[0] ?? {})).toEqual(["version", "id", "detail-type", "source", "account", "time", "region", "replay-name", "resources", "detail"]);
    expect(replayed[0]).toMatchObject({ "replay-name": "replay-one", source: "core.update-account-command", detail: DETAIL });

    const described = await h.client.send(new DescribeReplayCommand({ ReplayName: "replay-one" }));
    expect({ ...described, $metadata: undefined }).toEqual({
      $metadata: undefined, Description: "description of the replay", Destination: { Arn: source, FilterArns: [ruleArn] },
      EventStartTime: new Date(start), EventEndTime: new Date(start + 60_000), EventLastReplayedTime: new Date(start), EventSourceArn: arn,
      ReplayArn: `arn:aws:events:${REGION}:${ACCOUNT}:replay/replay-one`, ReplayName: "replay-one", ReplayStartTime: new Date(start + 1000), ReplayEndTime: new Date(start + 1000), State: "COMPLETED",
    });
    const listed = await h.client.send(new ListReplaysCommand({ NamePrefix: "replay-one" }));
    expect(listed.Replays).toEqual([{
      EventEndTime: new Date(start + 60_000), EventLastReplayedTime: new Date(start), EventSourceArn: arn, EventStartTime: new Date(start),
      ReplayEndTime: new Date(start + 1000), ReplayName: "replay-one", ReplayStartTime: new Date(start + 1000), State: "COMPLETED",
    }]);
    // Replayed events are not archived again: the managed rule wants no replay-name.
    expect((await h.client.send(new DescribeArchiveCommand({ ArchiveName: "replay-archive" }))).EventCount).toBe(3);

    // A cancelled replay: CANCELLING at once (as recorded), CANCELLED once it stops.
    const cancelled = await h.client.send(new StartReplayCommand({
      ReplayName: "replay-cancelled", Description: "description of the replay", EventSourceArn: arn,
      EventStartTime: new Date(start), EventEndTime: new Date(start + 60_000), Destination: { Arn: source, FilterArns: [ruleArn] },
    }));
    expect(cancelled.State).toBe("STARTING");
    expect(await h.client.send(new CancelReplayCommand({ ReplayName: "replay-cancelled" }))).toMatchObject({ ReplayArn: `arn:aws:events:${REGION}:${ACCOUNT}:replay/replay-cancelled`, State: "CANCELLING" });
    const cancelling = await h.client.send(new DescribeReplayCommand({ ReplayName: "replay-cancelled" }));
    expect(cancelling.State).toBe("CANCELLING");
    expect(cancelling.ReplayEndTime).toBeUndefined();
    expect(cancelling.EventLastReplayedTime).toBeUndefined();
    await h.clock.advance(0);
    expect((await h.client.send(new DescribeReplayCommand({ ReplayName: "replay-cancelled" }))).State).toBe("CANCELLED");
    // moto cancel_replay.
    const again = await reject(h.client.send(new CancelReplayCommand({ ReplayName: "replay-one" })));
    expect([again.name, again.message]).toEqual(["IllegalStatusException", "Replay replay-one is not in a valid state for this operation."]);
  });

  it("sends replayed events to every rule of the bus without FilterArns, only those of the window", async () => {
    const { source, arn } = await setup("window-bus", "window-archive");
    const start = h.clock.now();
    await h.client.send(new PutEventsCommand({ Entries: [entry("window-bus")] }));
    await h.clock.advance(120_000);
    await h.client.send(new PutEventsCommand({ Entries: [entry("window-bus")] }));
    await until(() => bodies().length === 2);
    h.dispatcher.calls.length = 0;
    await h.client.send(new StartReplayCommand({ ReplayName: "window", EventSourceArn: arn, EventStartTime: new Date(start), EventEndTime: new Date(start + 60_000), Destination: { Arn: source } }));
    await h.clock.advance(0);
    await until(() => bodies().length === 1);
    await new Promise((r) => setImmediate(r));
    expect(bodies()).toHaveLength(1);
    expect((await h.client.send(new DescribeReplayCommand({ ReplayName: "window" }))).Destination).toEqual({ Arn: source });
  });

  it("lists replays by prefix and source, with Limit and NextToken (localstack snapshot test_list_replay_with_limit)", async () => {
    const { source, arn } = await setup("limit-bus", "limit-archive");
    for (let i = 0; i < 6; i++) {
      await h.client.send(new StartReplayCommand({ ReplayName: `lim-test-replay-${i}`, EventSourceArn: arn, EventStartTime: new Date(NOW), EventEndTime: new Date(NOW + 60_000), Destination: { Arn: source } }));
      await h.clock.advance(0);
    }
    const first = await h.client.send(new ListReplaysCommand({ NamePrefix: "lim-", Limit: 3 }));
    expect(first.Replays?.map((r) => [r.ReplayName, r.State, r.EventLastReplayedTime])).toEqual([0, 1, 2].map((i) => [`lim-test-replay-${i}`, "COMPLETED", undefined]));
    expect(first.NextToken).toBeDefined();
    const second = await h.client.send(new ListReplaysCommand({ NamePrefix: "lim-", Limit: 5, NextToken: first.NextToken }));
    expect(second.Replays?.map((r) => r.ReplayName)).toEqual([3, 4, 5].map((i) => `lim-test-replay-${i}`));
    expect(second.NextToken).toBeUndefined();
    expect((await h.client.send(new ListReplaysCommand({ EventSourceArn: arn }))).Replays).toHaveLength(6);
  });

  it("answers AWS's errors (localstack snapshot test_start_replay_error_*, test_describe_replay_error_unknown_replay)", async () => {
    const { source, arn } = await setup("err-bus", "err-archive");
    const window = { EventStartTime: new Date(NOW), EventEndTime: new Date(NOW + 60_000) };
    const noBus = await reject(h.client.send(new StartReplayCommand({ ReplayName: "r", EventSourceArn: arn, ...window, Destination: { Arn: busArn("doesnotexist-6") } })));
    expect([noBus.name, noBus.message]).toEqual(["ResourceNotFoundException", "Event bus doesnotexist-6 does not exist."]);
    await bus("doesnotexist-6");
    const cross = await reject(h.client.send(new StartReplayCommand({ ReplayName: "r", EventSourceArn: arn, ...window, Destination: { Arn: busArn("doesnotexist-6") } })));
    expect([cross.name, cross.message]).toEqual(["ValidationException", "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted."]);
    const noArchive = await reject(h.client.send(new StartReplayCommand({ ReplayName: "r", EventSourceArn: archiveArn("doesnotexist-7"), ...window, Destination: { Arn: busArn("default") } })));
    expect([noArchive.name, noArchive.message]).toEqual(["ValidationException", "Parameter EventSourceArn is not valid. Reason: Archive doesnotexist-7 does not exist."]);
    for (const end of [NOW, NOW - 10_000]) {
      const bad = await reject(h.client.send(new StartReplayCommand({ ReplayName: "r", EventSourceArn: arn, EventStartTime: new Date(NOW), EventEndTime: new Date(end), Destination: { Arn: source } })));
      expect([bad.name, bad.message]).toEqual(["ValidationException", "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."]);
    }
    await h.client.send(new StartReplayCommand({ ReplayName: "dup-replay", EventSourceArn: arn, ...window, Destination: { Arn: source } }));
    const dup = await reject(h.client.send(new StartReplayCommand({ ReplayName: "dup-replay", EventSourceArn: arn, ...window, Destination: { Arn: source } })));
    expect([dup.name, dup.message]).toEqual(["ResourceAlreadyExistsException", "Replay dup-replay already exists."]);
    // moto _get_replay.
    const unknown = await reject(h.client.send(new DescribeReplayCommand({ ReplayName: "doesnotexist-8" })));
    expect([unknown.name, unknown.message]).toEqual(["ResourceNotFoundException", "Replay doesnotexist-8 does not exist."]);
    await h.clock.advance(0);
  });
});

describe("persistence", () => {
  it("keeps archives, their events and replays across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eb-archive-"));
    try {
      const firstStore = new FileStore({ dir, logger: silentLogger });
      const first = await startEventBridge(firstStore);
      await first.client.send(new CreateArchiveCommand({ ArchiveName: "kept", EventSourceArn: busArn("default") }));
      await first.client.send(new PutEventsCommand({ Entries: [entry("default")] }));
      await first.client.send(new StartReplayCommand({ ReplayName: "kept", EventSourceArn: archiveArn("kept"), EventStartTime: new Date(NOW), EventEndTime: new Date(NOW + 1000), Destination: { Arn: busArn("default") } }));
      await first.clock.advance(0);
      await first.close();
      await firstStore.close();
      const secondStore = new FileStore({ dir, logger: silentLogger });
      const second = await startEventBridge(secondStore);
      try {
        expect((await second.client.send(new DescribeArchiveCommand({ ArchiveName: "kept" }))).EventCount).toBe(1);
        expect((await second.client.send(new DescribeReplayCommand({ ReplayName: "kept" }))).State).toBe("COMPLETED");
        expect((await second.client.send(new ListRulesCommand({ NamePrefix: "Events-Archive-kept" }))).Rules?.[0]?.ManagedBy).toBe("prod.vhs.events.aws.internal");
      } finally {
        await second.close();
        await secondStore.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
