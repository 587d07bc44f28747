/**
 * Parallel ("Parallel workflow state"): every branch gets the state's input and runs
 * in its own variable scope and event chain; the result is the array of branch outputs.
 * The first failing branch stops the others and fails the state with its own error.
 */
import type { Json } from "../json.js";
import type { Frame, StateOutcome, StateRun } from "../execution.js";
import { Cancelled, StatesFailure } from "../failure.js";
import { CancelScope } from "../cancel.js";
import { VariableScope } from "../variables.js";
import { inputPath, jsonataField, parameters } from "../io.js";
import { withRetryAndCatch } from "../retry.js";
import { runStates } from "../interpreter.js";
import { finishWithResult, mockedOutcome } from "./branches.js";
import { EventChain } from "../history.js";
import { failedState } from "../notes.js";

export async function runParallel(run: StateRun): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

async function attempt(run: StateRun): Promise<StateOutcome> {
  const frame = run.frame;
  const history = frame.env.history;
  const input: Json =
    run.language === "JSONata"
      ? run.def.Arguments !== undefined
        ? await jsonataField(run, run.def.Arguments, "Arguments")
        : run.rawInput
      : parameters(run, inputPath(run, run.rawInput));
  if (frame.env.testMock !== undefined) return mockedOutcome(run, frame.env.testMock);
  history.emit(frame.chain, "ParallelStateStarted");
  run.failedEvent = "ParallelStateFailed";
  const scope = new CancelScope(frame.cancel);
  const branches = run.def.Branches ?? [];
  const frames: Frame[] = branches.map(() => ({
    env: frame.env,
    chain: frame.chain.fork(),
    vars: new VariableScope(frame.vars),
    cancel: scope,
    top: false,
  }));
  let failure: { error: StatesFailure; frame: Frame } | undefined;
  const results = await Promise.allSettled(
    branches.map((branch, i) =>
      runStates(frames[i], branch, input).catch((error: unknown) => {
        if (error instanceof StatesFailure && failure === undefined) {
          failure = { error, frame: frames[i] };
          abortFailedTask(error, frames[i]);
          scope.cancel("branch", frames[i].chain.source);
        }
        throw error;
      }),
    ),
  );
  if (failure) {
    frame.chain.source = failure.frame.chain.source;
    throw failure.error;
  }
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason instanceof Error ? rejected.reason : new Cancelled();
  frame.chain.source = Math.max(frame.chain.source, ...frames.map((f) => f.chain.last));
  history.emit(frame.chain, "ParallelStateSucceeded", undefined, undefined, false);
  const output = results.map((r) => (r.status === "fulfilled" ? r.value : null));
  return finishWithResult(run, output);
}

/**
 * The Task whose failure fails a branch gets a TaskStateAborted chained to its last event,
 * which leaves the chain there (LocalStack's AWS-recorded test_error_output
 * PARALLEL_CATCH_ERROR_*: the retried ParallelStateStarted points to the TaskFailed).
 */
function abortFailedTask(error: StatesFailure, frame: Frame): void {
  const run = failedState(error);
  if (run?.frame !== frame || run.def.Type !== "Task" || error.kind !== "task") return;
  frame.env.history.emit(new EventChain(frame.chain.source), "TaskStateAborted");
}
