/** What the List / Describe actions answer: AWS's member names, timestamps in epoch seconds, NextToken paging. */
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import type { EventBus, Rule } from "./state.js";

export interface Page {
  NextToken?: string;
  Limit?: number;
}

const seconds = (ms: number) => ms / 1000;

export function busView(bus: EventBus): Record<string, unknown> {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description !== undefined ? { Description: bus.description } : {}),
    ...(bus.policy !== undefined ? { Policy: bus.policy } : {}),
    CreationTime: seconds(bus.created),
    LastModifiedTime: seconds(bus.modified),
  };
}

/** What DescribeEventBus, CreateEventBus and UpdateEventBus add to a bus (ListEventBuses' entries leave them out). */
export function busSettingsView(bus: Pick<EventBus, "kmsKeyIdentifier" | "deadLetterConfig">): Record<string, unknown> {
  return {
    ...(bus.kmsKeyIdentifier !== undefined ? { KmsKeyIdentifier: bus.kmsKeyIdentifier } : {}),
    ...(bus.deadLetterConfig !== undefined ? { DeadLetterConfig: bus.deadLetterConfig } : {}),
  };
}

export function ruleView(rule: Rule): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    ...(rule.managedBy !== undefined ? { ManagedBy: rule.managedBy } : {}),
    EventBusName: rule.busName,
  };
}

/** NextToken is the index of the next item, as text. */
export function page<T>(items: T[], input: Page): { items: T[]; next?: string } {
  const token = input.NextToken !== undefined ? Number(input.NextToken) : 0;
  const start = Number.isInteger(token) && token > 0 ? token : 0;
  const limit = input.Limit ?? DEFAULT_PAGE_SIZE;
  const end = start + limit;
  return { items: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
}
