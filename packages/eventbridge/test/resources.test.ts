import {
  CreateEventBusCommand, DeleteEventBusCommand, DeleteRuleCommand, DescribeEventBusCommand, DescribeRuleCommand, DisableRuleCommand,
  EnableRuleCommand, ListEventBusesCommand, ListRuleNamesByTargetCommand, ListRulesCommand, ListTagsForResourceCommand, ListTargetsByRuleCommand,
  PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand, TagResourceCommand, UntagResourceCommand, UpdateEventBusCommand,
} from "@aws-sdk/client-eventbridge";
import { FileStore, silentLogger } from "@sam-sandbox/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, startEventBridge, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());

const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:handler`;
const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } });

describe("event buses", () => {
  it("has a default bus", async () => {
    const bus = await h.client.send(new DescribeEventBusCommand({}));
    expect(bus.Name).toBe("default");
    expect(bus.Arn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`);
  });

  it("creates, lists, describes (by name or ARN) and deletes a bus", async () => {
    const created = await h.client.send(new CreateEventBusCommand({ Name: "orders", Description: "order events" }));
    expect(created.EventBusArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders`);
    const byArn = await h.client.send(new DescribeEventBusCommand({ Name: created.EventBusArn }));
    expect(byArn).toMatchObject({ Name: "orders", Description: "order events" });
    expect(byArn.CreationTime).toBeInstanceOf(Date);
    const listed = await h.client.send(new ListEventBusesCommand({ NamePrefix: "ord" }));
    expect(listed.EventBuses?.map((b) => b.Name)).toEqual(["orders"]);
    await h.client.send(new DeleteEventBusCommand({ Name: "orders" }));
    const gone = await reject(h.client.send(new DescribeEventBusCommand({ Name: "orders" })));
    expect(gone.name).toBe("ResourceNotFoundException");
    expect(gone.message).toBe("Event bus orders does not exist.");
  });

  it("refuses a second bus of the same name, and deleting the default bus", async () => {
    await h.client.send(new CreateEventBusCommand({ Name: "twice" }));
    const again = await reject(h.client.send(new CreateEventBusCommand({ Name: "twice" })));
    expect(again.name).toBe("ResourceAlreadyExistsException");
    expect(again.message).toBe("Event bus twice already exists.");
    const def = await reject(h.client.send(new DeleteEventBusCommand({ Name: "default" })));
    expect(def.name).toBe("ValidationException");
    expect(def.message).toBe("Cannot delete event bus default.");
  });

  it("keeps CreateEventBus's KmsKeyIdentifier and DeadLetterConfig, and answers them back", async () => {
    const dlq = { Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:audit-dlq` };
    const created = await h.client.send(new CreateEventBusCommand({ Name: "audit", KmsKeyIdentifier: "alias/audit", DeadLetterConfig: dlq }));
    expect(created).toMatchObject({ EventBusArn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/audit`, KmsKeyIdentifier: "alias/audit", DeadLetterConfig: dlq });
    expect(await h.client.send(new DescribeEventBusCommand({ Name: "audit" }))).toMatchObject({ Name: "audit", KmsKeyIdentifier: "alias/audit", DeadLetterConfig: dlq });
  });
});

describe("UpdateEventBus", () => {
  it("sets the description, and keeps what the request leaves out", async () => {
    await h.client.send(new CreateEventBusCommand({ Name: "ledger", Description: "original" }));
    await h.clock.advance(60_000);
    const updated = await h.client.send(new UpdateEventBusCommand({ Name: "ledger", Description: "updated" }));
    expect(updated).toMatchObject({ Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/ledger`, Name: "ledger", Description: "updated" });
    const described = await h.client.send(new DescribeEventBusCommand({ Name: "ledger" }));
    expect(described.Description).toBe("updated");
    expect(described.LastModifiedTime?.getTime()).toBe((described.CreationTime?.getTime() ?? 0) + 60_000);

    const dlq = { Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:ledger-dlq` };
    const keyed = await h.client.send(new UpdateEventBusCommand({ Name: "ledger", KmsKeyIdentifier: "alias/ledger", DeadLetterConfig: dlq }));
    expect(keyed).toMatchObject({ Name: "ledger", Description: "updated", KmsKeyIdentifier: "alias/ledger", DeadLetterConfig: dlq });
    expect(await h.client.send(new DescribeEventBusCommand({ Name: "ledger" }))).toMatchObject({ Description: "updated", KmsKeyIdentifier: "alias/ledger", DeadLetterConfig: dlq });
    // ListEventBuses' entries have no KmsKeyIdentifier or DeadLetterConfig member.
    const listed = await h.client.send(new ListEventBusesCommand({ NamePrefix: "ledger" }));
    expect(Object.keys(listed.EventBuses?.[0] ?? {}).sort()).toEqual(["Arn", "CreationTime", "Description", "LastModifiedTime", "Name"]);
  });

  it("updates the default bus when no name is given", async () => {
    const updated = await h.client.send(new UpdateEventBusCommand({ Description: "the account's bus" }));
    expect(updated).toMatchObject({ Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`, Name: "default", Description: "the account's bus" });
    expect((await h.client.send(new DescribeEventBusCommand({}))).Description).toBe("the account's bus");
  });

  it("answers ResourceNotFoundException for a bus that does not exist, and checks the input against the model", async () => {
    const missing = await reject(h.client.send(new UpdateEventBusCommand({ Name: "no-such-bus", Description: "x" })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual(["ResourceNotFoundException", "Event bus no-such-bus does not exist.", 400]);
    const long = await reject(h.client.send(new UpdateEventBusCommand({ Name: "ledger", Description: "d".repeat(513) })));
    expect([long.name, long.$metadata.httpStatusCode]).toEqual(["ValidationException", 400]);
  });
});

describe("rules", () => {
  it("puts, describes, lists, disables and enables a rule", async () => {
    const pattern = JSON.stringify({ source: ["shop"] });
    const put = await h.client.send(new PutRuleCommand({ Name: "r1", EventPattern: pattern, Description: "d" }));
    expect(put.RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/r1`);
    const rule = await h.client.send(new DescribeRuleCommand({ Name: "r1" }));
    expect(rule).toMatchObject({ Name: "r1", EventPattern: pattern, State: "ENABLED", Description: "d", EventBusName: "default", CreatedBy: ACCOUNT });
    await h.client.send(new DisableRuleCommand({ Name: "r1" }));
    expect((await h.client.send(new DescribeRuleCommand({ Name: "r1" }))).State).toBe("DISABLED");
    await h.client.send(new EnableRuleCommand({ Name: "r1" }));
    const listed = await h.client.send(new ListRulesCommand({ NamePrefix: "r1" }));
    expect(listed.Rules).toEqual([{ Name: "r1", Arn: put.RuleArn, EventPattern: pattern, State: "ENABLED", Description: "d", EventBusName: "default" }]);
  });

  it("names the bus in a custom bus rule's ARN", async () => {
    await h.client.send(new CreateEventBusCommand({ Name: "custom" }));
    const put = await h.client.send(new PutRuleCommand({ Name: "c1", EventBusName: "custom", EventPattern: '{"source":["a"]}' }));
    expect(put.RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/custom/c1`);
    const missing = await reject(h.client.send(new DescribeRuleCommand({ Name: "c1" })));
    expect(missing.message).toBe("Rule c1 does not exist on EventBus default.");
    const schedule = await reject(h.client.send(new PutRuleCommand({ Name: "s", EventBusName: "custom", ScheduleExpression: "rate(1 minute)" })));
    expect(schedule.message).toBe("ScheduleExpression is supported only on the default event bus.");
  });

  it("answers AWS's errors for bad rules", async () => {
    const none = await reject(h.client.send(new PutRuleCommand({ Name: "none" })));
    expect(none.name).toBe("ValidationException");
    expect(none.message).toBe("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    const schedule = await reject(h.client.send(new PutRuleCommand({ Name: "s", ScheduleExpression: "every minute" })));
    expect(schedule.message).toBe("Parameter ScheduleExpression is not valid.");
    const pattern = await reject(h.client.send(new PutRuleCommand({ Name: "p", EventPattern: '{"source": "shop"}' })));
    expect(pattern.name).toBe("InvalidEventPatternException");
    expect(pattern.message).toBe('Event pattern is not valid. Reason: "source" must be an object or an array\n at [Source: (String)"{"source": "shop"}"; line: 1, column: 13]');
    const noBus = await reject(h.client.send(new PutRuleCommand({ Name: "p", EventBusName: "nope", EventPattern: '{"source": ["shop"]}' })));
    expect(noBus.message).toBe("Event bus nope does not exist.");
    const badName = await reject(h.client.send(new PutRuleCommand({ Name: "bad name!", EventPattern: '{"source": ["shop"]}' })));
    expect(badName.name).toBe("ValidationException");
    expect(badName.message).toMatch(/^1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint/);
  });

  it("deletes a rule only without targets; an absent rule deletes silently", async () => {
    await h.client.send(new PutRuleCommand({ Name: "del", EventPattern: '{"source":["x"]}' }));
    await h.client.send(new PutTargetsCommand({ Rule: "del", Targets: [{ Id: "t", Arn: fn }] }));
    const busy = await reject(h.client.send(new DeleteRuleCommand({ Name: "del" })));
    expect(busy.name).toBe("ValidationException");
    expect(busy.message).toBe("Rule can't be deleted since it has targets.");
    await h.client.send(new RemoveTargetsCommand({ Rule: "del", Ids: ["t"] }));
    await h.client.send(new DeleteRuleCommand({ Name: "del" }));
    await h.client.send(new DeleteRuleCommand({ Name: "del" }));
    expect((await reject(h.client.send(new DescribeRuleCommand({ Name: "del" })))).name).toBe("ResourceNotFoundException");
  });
});

describe("targets", () => {
  it("puts, lists and removes targets, reporting failed entries", async () => {
    await h.client.send(new PutRuleCommand({ Name: "t1", EventPattern: '{"source":["x"]}' }));
    const put = await h.client.send(
      new PutTargetsCommand({ Rule: "t1", Targets: [{ Id: "a", Arn: fn, Input: '{"k":1}' }, { Id: "b", Arn: "not-an-arn" }] }),
    );
    expect(put.FailedEntryCount).toBe(1);
    expect(put.FailedEntries).toEqual([{ TargetId: "b", ErrorCode: "ValidationException", ErrorMessage: "Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format." }]);
    const listed = await h.client.send(new ListTargetsByRuleCommand({ Rule: "t1" }));
    expect(listed.Targets).toEqual([{ Id: "a", Arn: fn, Input: '{"k":1}' }]);
    expect((await h.client.send(new ListRuleNamesByTargetCommand({ TargetArn: fn }))).RuleNames).toContain("t1");
    const removed = await h.client.send(new RemoveTargetsCommand({ Rule: "t1", Ids: ["a", "zz"] }));
    expect(removed.FailedEntries).toEqual([{ TargetId: "zz", ErrorCode: "ResourceNotFoundException", ErrorMessage: "Rule 't1' does not have a target with the Id 'zz'." }]);
  });

  it("allows five targets per rule", async () => {
    await h.client.send(new PutRuleCommand({ Name: "five", EventPattern: '{"source":["x"]}' }));
    const targets = ["1", "2", "3", "4", "5"].map((Id) => ({ Id, Arn: fn }));
    await h.client.send(new PutTargetsCommand({ Rule: "five", Targets: targets }));
    const sixth = await reject(h.client.send(new PutTargetsCommand({ Rule: "five", Targets: [{ Id: "6", Arn: fn }] })));
    expect(sixth.name).toBe("LimitExceededException");
    expect(sixth.message).toBe("The requested resource exceeds the maximum number allowed.");
  });

  it("answers ResourceNotFoundException for a missing rule", async () => {
    const missing = await reject(h.client.send(new PutTargetsCommand({ Rule: "ghost", Targets: [{ Id: "a", Arn: fn }] })));
    expect(missing.message).toBe("Rule ghost does not exist on EventBus default.");
  });
});

describe("tags", () => {
  it("tags rules and buses", async () => {
    const { RuleArn } = await h.client.send(new PutRuleCommand({ Name: "tagged", EventPattern: '{"source": ["shop"]}', Tags: [{ Key: "a", Value: "1" }] }));
    await h.client.send(new TagResourceCommand({ ResourceARN: RuleArn, Tags: [{ Key: "b", Value: "2" }] }));
    await h.client.send(new UntagResourceCommand({ ResourceARN: RuleArn, TagKeys: ["a"] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([{ Key: "b", Value: "2" }]);
    const missing = await reject(h.client.send(new ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nope` })));
    expect(missing.message).toBe("Rule nope does not exist on EventBus default.");
  });
});

describe("persistence", () => {
  it("keeps buses, rules and targets across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eb-store-"));
    try {
      const firstStore = new FileStore({ dir, logger: silentLogger });
      const first = await startEventBridge(firstStore);
      await first.client.send(new CreateEventBusCommand({ Name: "kept" }));
      await first.client.send(new UpdateEventBusCommand({ Name: "kept", Description: "after the update" }));
      await first.client.send(new PutRuleCommand({ Name: "k", EventBusName: "kept", EventPattern: '{"source":["x"]}' }));
      await first.client.send(new PutTargetsCommand({ Rule: "k", EventBusName: "kept", Targets: [{ Id: "t", Arn: fn }] }));
      await first.close();
      await firstStore.close();
      const secondStore = new FileStore({ dir, logger: silentLogger });
      const second = await startEventBridge(secondStore);
      try {
        const targets = await second.client.send(new ListTargetsByRuleCommand({ Rule: "k", EventBusName: "kept" }));
        expect(targets.Targets).toEqual([{ Id: "t", Arn: fn }]);
        expect((await second.client.send(new DescribeEventBusCommand({ Name: "kept" }))).Description).toBe("after the update");
      } finally {
        await second.close();
        await secondStore.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
