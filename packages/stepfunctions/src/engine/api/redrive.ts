/**
 * RedriveExecution ("Restarting state machine executions with redrive"): a Standard
 * execution that FAILED, was ABORTED or TIMED_OUT in the last 14 days runs again from the
 * top-level state it stopped in, with that state's input and the variables it had; the
 * events so far stay, an ExecutionRedriven event opens the new attempt.
 */
import { ExecutionDoesNotExist, ExecutionNotRedrivable } from "../../errors.js";
import type { Registry } from "./registry.js";
import { checkExecutionArn } from "./names.js";
import { launch } from "./launch.js";
import { notRedrivableReason } from "./redriveStatus.js";

type Input = Record<string, unknown>;

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
