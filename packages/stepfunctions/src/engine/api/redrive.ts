/**
 * RedriveExecution ("Restarting state machine executions with redrive"): a Standard
 * execution that FAILED, was ABORTED or TIMED_OUT in the last 14 days runs again from the
 * top-level state it stopped in, with that state's input and the variables it had; the
 * events so far stay, an ExecutionRedriven event opens the new attempt.
 */
import { ExecutionDoesNotExist, ExecutionNotRedrivable } from "../../errors.js";
import { REDRIVABLE_PERIOD_DAYS } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { ExecutionRecord } from "./state.js";
import { checkExecutionArn } from "./names.js";
import { launch } from "./launch.js";

type Input = Record<string, unknown>;

const DAY_MS = 24 * 3600 * 1000;

/** Why an execution cannot be redriven (DescribeExecution's redriveStatusReason); undefined when it can. */
export function notRedrivableReason(registry: Registry, e: ExecutionRecord): string | undefined {
  if (e.status === "RUNNING" || e.status === "SUCCEEDED") return `Execution is ${e.status} and cannot be redriven`;
  if (e.type !== "STANDARD") return "Execution is of type EXPRESS and cannot be redriven";
  if (e.stopDate !== undefined && registry.clock.now() - e.stopDate > REDRIVABLE_PERIOD_DAYS * DAY_MS) return "Execution redrivable period exceeded";
  return undefined;
}

/** DescribeExecution's redrive members. */
export function redriveFields(registry: Registry, e: ExecutionRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { redriveCount: e.redriveCount ?? 0 };
  if (e.redriveDate !== undefined) out.redriveDate = e.redriveDate / 1000;
  const reason = notRedrivableReason(registry, e);
  if (reason === undefined) {
    out.redriveStatus = "REDRIVABLE";
  } else {
    out.redriveStatus = "NOT_REDRIVABLE";
    out.redriveStatusReason = reason;
  }
  return out;
}

export async function redriveExecution(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.executionArn as string;
  checkExecutionArn(arn);
  const e = registry.execution(arn);
  if (e === undefined) throw new ExecutionDoesNotExist(arn);
  const reason = notRedrivableReason(registry, e);
  // The reason doubles as the error text (AWS's own message is not published).
  if (reason !== undefined) throw new ExecutionNotRedrivable(reason);
  const now = registry.clock.now();
  e.status = "RUNNING";
  e.redriveCount = (e.redriveCount ?? 0) + 1;
  e.redriveDate = now;
  delete e.stopDate;
  delete e.error;
  delete e.cause;
  delete e.output;
  e.checkpoint = e.redrivePoint;
  await registry.commit({ t: "execution", execution: { ...e } });
  void launch(registry, e, { redrive: true });
  return { redriveDate: now / 1000 };
}
