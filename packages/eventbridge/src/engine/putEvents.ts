/**
 * PutEvents: each entry is checked on its own (a bad entry fails alone, in the answer's
 * Entries, as AWS reports it), wrapped in EventBridge's envelope, matched against the
 * enabled rules of its bus and handed to their targets. Events are not kept: as on AWS,
 * delivery is at least once and an event no rule matches is gone.
 */
import { uuid, type Clock, type EventPattern } from "@sam-sandbox/core";
import { entriesTooLarge } from "../errors.js";
import { MAX_PUT_EVENTS_BYTES } from "../limits.js";
import type { Deliverer } from "./delivery.js";
import { targetInput } from "./input.js";
import type { EventBus, Rule } from "./state.js";

export interface PutEventsEntry {
  Time?: number | string | Date;
  Source?: string;
  Resources?: string[];
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  TraceHeader?: string;
}

export interface PutEventsInput {
  Entries: PutEventsEntry[];
}

export type PutEventsResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsOutput {
  FailedEntryCount: number;
  Entries: PutEventsResult[];
}

export interface RouteContext {
  clock: Clock;
  patternOf(rule: Rule): EventPattern | undefined;
  deliverer: Deliverer;
  traceHeader?: string;
  /** Keeps an event a managed archive rule matched (its archive's "Events-Archive-<name>"). */
  archive?(rule: Rule, event: Record<string, unknown>): void;
  /** A replay's FilterArns: only these rules get the event. */
  onlyRules?: ReadonlySet<string>;
}

export interface PutEventsContext extends RouteContext {
  region: string;
  accountId: string;
  /** The bus an entry names (by name or ARN); undefined when there is no such bus. */
  busOf(nameOrArn: string | undefined): EventBus | undefined;
}

/** A Time member counts 14 bytes ("Calculating PutEvents event entry size"). */
const TIME_ENTRY_BYTES = 14;

export function putEvents(input: PutEventsInput, context: PutEventsContext): PutEventsOutput {
  if (input.Entries.reduce((sum, entry) => sum + entrySize(entry), 0) > MAX_PUT_EVENTS_BYTES) throw entriesTooLarge();
  const results = input.Entries.map((entry): PutEventsResult => {
    const failure = entryError(entry);
    if (failure) return failure;
    const event = envelope(entry, context);
    const bus = context.busOf(entry.EventBusName);
    // An event sent to a bus that does not exist is accepted and dropped, as on AWS.
    if (bus) routeEvent(bus, event, { ...context, ...(entry.TraceHeader ? { traceHeader: entry.TraceHeader } : {}) });
    return { EventId: String(event.id) };
  });
  return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
}

/** Hands `event` to the targets of every enabled rule of `bus` whose pattern it matches. */
export function routeEvent(bus: EventBus, event: Record<string, unknown>, context: RouteContext): void {
  const ingestionTime = isoSeconds(context.clock.now());
  for (const rule of Object.values(bus.rules)) {
    if (rule.state === "DISABLED" || (context.onlyRules && !context.onlyRules.has(rule.arn))) continue;
    const pattern = context.patternOf(rule);
    if (!pattern || !pattern.matches(event)) continue;
    if (rule.managedBy !== undefined) {
      context.archive?.(rule, event);
      continue;
    }
    for (const target of Object.values(rule.targets)) {
      const payload = targetInput(target as Parameters<typeof targetInput>[0], event, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime });
      context.deliverer.deliver({ ruleArn: rule.arn, target, payload, event, ...(context.traceHeader ? { traceHeader: context.traceHeader } : {}) });
    }
  }
}

/** A scheduled rule's fire: the "Scheduled Event" (or each target's Input) to every target of `rule`. */
export function routeScheduled(rule: Rule, time: number, context: { region: string; accountId: string; deliverer: Deliverer }): void {
  const event: Record<string, unknown> = {
    version: "0",
    id: uuid(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: context.accountId,
    time: isoSeconds(time),
    region: context.region,
    resources: [rule.arn],
    detail: {},
  };
  const ingestionTime = isoSeconds(time);
  for (const target of Object.values(rule.targets)) {
    const payload = targetInput(target as Parameters<typeof targetInput>[0], event, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime });
    context.deliverer.deliver({ ruleArn: rule.arn, target, payload, event });
  }
}

/** AWS's per-entry checks, in its order: Source, DetailType, then Detail (moto's and localstack's recordings). */
function entryError(entry: PutEventsEntry): PutEventsResult | undefined {
  for (const member of ["Source", "DetailType", "Detail"] as const) {
    if (!entry[member]) {
      return { ErrorCode: "InvalidArgument", ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.` };
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail ?? "");
  } catch {
    return malformed();
  }
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return malformed();
  return undefined;
}

const malformed = (): PutEventsResult => ({ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." });

/** The event as targets receive it, members in AWS's order. */
function envelope(entry: PutEventsEntry, context: PutEventsContext): Record<string, unknown> {
  return {
    version: "0",
    id: uuid(),
    "detail-type": entry.DetailType,
    source: entry.Source,
    account: context.accountId,
    time: isoSeconds(entryTime(entry.Time) ?? context.clock.now()),
    region: context.region,
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail ?? "{}") as unknown,
  };
}

function entryTime(time: PutEventsEntry["Time"]): number | undefined {
  if (time === undefined) return undefined;
  if (time instanceof Date) return time.getTime();
  // awsJson sends timestamps as epoch seconds.
  if (typeof time === "number") return time * 1000;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** "2015-11-11T21:29:54Z": EventBridge writes times to the second. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function entrySize(entry: PutEventsEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s));
  return (
    (entry.Time !== undefined ? TIME_ENTRY_BYTES : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}
