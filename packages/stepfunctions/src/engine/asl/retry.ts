/**
 * Retry and Catch ("Handling errors in Step Functions workflows"). States.ALL matches any
 * error but States.Runtime; States.TaskFailed any error but the timeouts; States.Timeout
 * also matches a heartbeat timeout.
 */
import type { Json } from "./json.js";
import { StatesErrors, StatesFailure } from "./failure.js";
import type { Catcher, Retrier } from "./types.js";
import type { StateOutcome, StateRun } from "./execution.js";
import { jsonPathAssign, jsonataAssign, jsonataOutput, resultPath } from "./io.js";
import { sleep } from "./timers.js";
import { noteFailure } from "./notes.js";
import { DEFAULT_RETRY_BACKOFF_RATE, DEFAULT_RETRY_INTERVAL_SECONDS, DEFAULT_RETRY_MAX_ATTEMPTS } from "../../limits.js";

export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === StatesErrors.ALL && error !== StatesErrors.Runtime) return true;
    if (name === StatesErrors.Timeout && error === StatesErrors.HeartbeatTimeout) return true;
    if (
      name === StatesErrors.TaskFailed &&
      error !== StatesErrors.Timeout &&
      error !== StatesErrors.HeartbeatTimeout &&
      error !== StatesErrors.Runtime
    ) {
      return true;
    }
  }
  return false;
}

/** Delay before retry number `attempt` (0-based) of a retrier, in ms. */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? DEFAULT_RETRY_INTERVAL_SECONDS;
  const rate = retrier.BackoffRate ?? DEFAULT_RETRY_BACKOFF_RATE;
  let seconds = interval * Math.pow(rate, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === "FULL") seconds = random() * seconds;
  return Math.round(seconds * 1000);
}

export function errorOutput(failure: StatesFailure): { Error: string | null; Cause: string | null } {
  // A SendTaskFailure without error nor cause is caught as nulls (LocalStack's AWS-recorded
  // test_callback test_sqs_failure_in_wait_for_task_tok_no_error_field).
  if (failure.error === "") return { Error: null, Cause: failure.cause ?? null };
  return { Error: failure.error, Cause: failure.cause ?? "" };
}

/** Runs `attempt` until it succeeds, its retriers give up, or a catcher takes the error. */
export async function withRetryAndCatch(run: StateRun, attempt: () => Promise<StateOutcome>): Promise<StateOutcome> {
  const retriers = run.def.Retry ?? [];
  const counts = retriers.map(() => 0);
  for (;;) {
    try {
      return await attempt();
    } catch (thrown) {
      if (!(thrown instanceof StatesFailure)) throw thrown;
      const failure = noteFailure(run, thrown);
      if (failure.kind === "runtime") {
        recordStateFailed(run, failure);
        throw failure;
      }
      const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, failure.error));
      if (index >= 0) {
        const retrier = retriers[index];
        if (counts[index] < (retrier.MaxAttempts ?? DEFAULT_RETRY_MAX_ATTEMPTS)) {
          const delay = retryDelayMs(retrier, counts[index], run.frame.env.random);
          counts[index]++;
          run.failedEvent = undefined;
          await sleep(run.frame, delay);
          run.retryCount++;
          continue;
        }
      }
      recordStateFailed(run, failure);
      const catcher = (run.def.Catch ?? []).find((c) => errorMatches(c.ErrorEquals, failure.error));
      if (catcher) return catchOutcome(run, catcher, failure);
      throw failure;
    }
  }
}

/** ParallelStateFailed / MapStateFailed, once the failure is final (a Map records none for States.Runtime). */
function recordStateFailed(run: StateRun, failure: StatesFailure): void {
  const type = run.failedEvent;
  run.failedEvent = undefined;
  if (type === undefined) return;
  if (type === "MapStateFailed" && failure.kind === "runtime") return;
  run.frame.env.history.emit(run.frame.chain, type);
}

async function catchOutcome(run: StateRun, catcher: Catcher, failure: StatesFailure): Promise<StateOutcome> {
  const index = (run.def.Catch ?? []).indexOf(catcher);
  run.frame.inspector?.caught(failure.error, failure.cause, index);
  const error: Json = errorOutput(failure);
  if (run.language === "JSONata") {
    const extra = { errorOutput: error };
    const assigned = await jsonataAssign(run, catcher.Assign, extra, `Catch[${index}]/Assign`);
    const output = await jsonataOutput(run, catcher.Output, extra, error, `Catch[${index}]/Output`);
    return { output, next: catcher.Next, assigned };
  }
  const assigned = jsonPathAssign(run, catcher.Assign, error);
  // A Catcher without ResultPath replaces the whole input ("$"), whatever the state's own ResultPath
  // (LocalStack's AWS-recorded test_express_async test_retry).
  return { output: resultPath(run, run.rawInput, error, catcher.ResultPath === undefined ? "$" : catcher.ResultPath), next: catcher.Next, assigned };
}
