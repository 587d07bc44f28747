/**
 * What a schedule sends its target. A rule (SAM `Schedule`) sends the EventBridge
 * "Scheduled Event", or its Input instead when one is set. EventBridge Scheduler (SAM
 * `ScheduleV2`) sends its Input; AWS documents only "a default notification" when Input is
 * absent, and the sandbox sends "{}".
 */
import { uuid } from "@sam-sandbox/core";
import type { ScheduleKind } from "./expression.js";

export type ScheduleTarget =
  /** Invoked asynchronously (InvocationType Event), as EventBridge invokes functions. */
  | { kind: "lambda"; functionName: string; functionArn: string }
  /** Started with StartExecution, the schedule's payload as the execution input. */
  | { kind: "states"; stateMachineArn: string }
  /** Told the fire time: an EventBridge rule's ScheduleExpression, whose targets EventBridge reaches itself. */
  | { kind: "callback"; description: string; fire(time: number): void | Promise<void> };

export interface EventContext {
  kind: ScheduleKind;
  /** Input as written (a JSON text), if any. */
  input?: string;
  /** The rule's or schedule's ARN, listed in the event's `resources`. */
  arn: string;
  region: string;
  accountId: string;
  /** When the schedule fired. */
  time: number;
}

/** The payload for one fire: the JSON text the function receives or the execution starts with. */
export function schedulePayload(context: EventContext): string {
  if (context.input !== undefined) return context.input;
  if (context.kind === "ScheduleV2") return "{}";
  return JSON.stringify(scheduledEvent(context));
}

/** EventBridge's scheduled event, keys in AWS's order; `time` to the second, as AWS writes it. */
export function scheduledEvent(context: Omit<EventContext, "kind" | "input">): Record<string, unknown> {
  return {
    version: "0",
    id: uuid(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: context.accountId,
    time: new Date(Math.floor(context.time / 1000) * 1000).toISOString().replace(".000Z", "Z"),
    region: context.region,
    resources: [context.arn],
    detail: {},
  };
}

/** The ARN of the rule (`Schedule`) or of the schedule in the default group (`ScheduleV2`). */
export function scheduleArn(kind: ScheduleKind, name: string, region: string, accountId: string): string {
  return kind === "ScheduleV2"
    ? `arn:aws:scheduler:${region}:${accountId}:schedule/default/${name}`
    : `arn:aws:events:${region}:${accountId}:rule/${name}`;
}
