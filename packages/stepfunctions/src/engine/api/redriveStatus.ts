/**
 * Whether an execution can be redriven, and why not (DescribeExecution's redrive members and the
 * status-change events' ones), apart from RedriveExecution so that launch.ts can read it.
 */
import { MAX_REDRIVABLE_HISTORY_EVENTS, REDRIVABLE_PERIOD_DAYS } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { ExecutionRecord } from "./state.js";

const DAY_MS = 24 * 3600 * 1000;

/** Why an execution cannot be redriven (DescribeExecution's redriveStatusReason); undefined when it can. */
export function notRedrivableReason(registry: Registry, e: ExecutionRecord): string | undefined {
  if (e.status === "RUNNING" || e.status === "SUCCEEDED") return `Execution is ${e.status} and cannot be redriven`;
  if (e.type !== "STANDARD") return "Execution is of type EXPRESS and cannot be redriven";
  if (e.stopDate !== undefined && registry.clock.now() - e.stopDate > REDRIVABLE_PERIOD_DAYS * DAY_MS) return "Execution redrivable period exceeded";
  // A redrive needs room for ExecutionRedriven and one more event (DescribeExecution's documented reason).
  if ((registry.state.histories.get(e.arn)?.length ?? 0) >= MAX_REDRIVABLE_HISTORY_EVENTS) return "Execution history event limit exceeded";
  return undefined;
}

/** redriveStatus and redriveStatusReason, as DescribeExecution and the status-change events give them. */
export interface RedriveState {
  redriveStatus: "REDRIVABLE" | "NOT_REDRIVABLE";
  redriveStatusReason?: string;
}

export function redriveState(registry: Registry, e: ExecutionRecord): RedriveState {
  const reason = notRedrivableReason(registry, e);
  return reason === undefined ? { redriveStatus: "REDRIVABLE" } : { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: reason };
}

/** DescribeExecution's redrive members. */
export function redriveFields(registry: Registry, e: ExecutionRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { redriveCount: e.redriveCount ?? 0 };
  if (e.redriveDate !== undefined) out.redriveDate = e.redriveDate / 1000;
  return Object.assign(out, redriveState(registry, e));
}
