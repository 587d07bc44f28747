import { DeleteRuleCommand, DisableRuleCommand, EnableRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuleSchedules } from "../src/index.js";
import { ACCOUNT, NOW, REGION, startEventBridge, until, type Harness } from "./helpers.js";

/** The scheduler port as the sandbox wires it, minus the timers: the test fires rules itself. */
class FakeSchedules implements RuleSchedules {
  readonly armed = new Map<string, { expression: string; fire: (time: number) => void }>();

  async check(expression: string): Promise<void> {
    if (!/^rate\(\d+ (minute|minutes|hour|hours|day|days)\)$/.test(expression)) throw new Error(`bad expression ${expression}`);
  }

  async set(ruleArn: string, expression: string, fire: (time: number) => void): Promise<void> {
    this.armed.set(ruleArn, { expression, fire });
  }

  remove(ruleArn: string): void {
    this.armed.delete(ruleArn);
  }
}

let h: Harness;
const schedules = new FakeSchedules();
beforeAll(async () => {
  h = await startEventBridge(undefined, schedules);
});
afterAll(() => h.close());

const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ticker`;
const ruleArn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/tick`;

describe("scheduled rules", () => {
  it("refuses an expression the scheduler refuses, with AWS's text", async () => {
    const error = await h.client.send(new PutRuleCommand({ Name: "bad", ScheduleExpression: "rate(1 fortnight)" })).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: "ValidationException", message: "Parameter ScheduleExpression is not valid." });
  });

  it("arms an enabled rule and sends each target the Scheduled Event at each fire", async () => {
    await h.client.send(new PutRuleCommand({ Name: "tick", ScheduleExpression: "rate(5 minutes)" }));
    await h.client.send(new PutTargetsCommand({ Rule: "tick", Targets: [{ Id: "f", Arn: fn }, { Id: "g", Arn: `${fn}2`, Input: '{"fixed":1}' }] }));
    expect(schedules.armed.get(ruleArn)?.expression).toBe("rate(5 minutes)");
    schedules.armed.get(ruleArn)?.fire(NOW + 300_000);
    await until(() => h.invoker.calls.length === 2);
    expect(h.invoker.calls.find((c) => c.request.functionName === fn)?.event).toEqual({
      version: "0", id: expect.any(String), "detail-type": "Scheduled Event", source: "aws.events", account: ACCOUNT,
      time: "2026-11-25T12:05:00Z", region: REGION, resources: [ruleArn], detail: {},
    });
    expect(h.invoker.calls.find((c) => c.request.functionName === `${fn}2`)?.event).toEqual({ fixed: 1 });
  });

  it("disarms a disabled or deleted rule and re-arms an enabled one", async () => {
    await h.client.send(new DisableRuleCommand({ Name: "tick" }));
    expect(schedules.armed.has(ruleArn)).toBe(false);
    await h.client.send(new EnableRuleCommand({ Name: "tick" }));
    expect(schedules.armed.has(ruleArn)).toBe(true);
    await h.client.send(new RemoveTargetsCommand({ Rule: "tick", Ids: ["f", "g"] }));
    await h.client.send(new DeleteRuleCommand({ Name: "tick" }));
    expect(schedules.armed.has(ruleArn)).toBe(false);
  });
});
