/**
 * Runs a whole execution: ExecutionStarted, the states, then ExecutionSucceeded /
 * ExecutionFailed / ExecutionAborted / ExecutionTimedOut.
 */
import type { Clock } from "@sam-sandbox/core";
import { toJsonText, type Json } from "./json.js";
import { Cancelled, StatesErrors, StatesFailure } from "./failure.js";
import { CancelScope } from "./cancel.js";
import { EventChain } from "./history.js";
import { VariableScope } from "./variables.js";
import type { Checkpoint, ExecutionEnv, Frame } from "./execution.js";
import { runStates, type Reentry } from "./interpreter.js";
import type { StateMachineDefinition } from "./types.js";
import { historyLimitCause } from "./history.js";

export type ExecutionOutcome =
  | { readonly status: "SUCCEEDED"; readonly output: Json }
  | { readonly status: "FAILED"; readonly error?: string; readonly cause?: string }
  | { readonly status: "ABORTED"; readonly error?: string; readonly cause?: string }
  | { readonly status: "TIMED_OUT" }
  /** The sandbox shut down mid-execution; nothing was recorded, it resumes on the next start. */
  | { readonly status: "SUSPENDED" };

export interface ExecutionHandle {
  readonly done: Promise<ExecutionOutcome>;
  /** StopExecution */
  stop(error?: string, cause?: string): void;
  /** Stops without recording anything (shutdown); the execution resumes from its checkpoint. */
  suspend(): void;
}

export interface StartOptions {
  /** Resume from a checkpoint instead of starting (events continue after the stored ones). */
  readonly resume?: Checkpoint;
  /** The state machine's TimeoutSeconds in ms, or the service's own cap. */
  readonly timeoutMs?: number;
  /** When the timeout starts counting (ms since the epoch; default: the execution's start). */
  readonly timeoutFrom?: number;
  /** Where the timeout's timer is armed (default: env.deadlines, else env.clock). */
  readonly timers?: Pick<Clock, "setTimeout">;
  /**
   * RedriveExecution: `resume` is where the execution failed; an ExecutionRedriven event
   * opens the new attempt and the failed state runs again from its entry.
   */
  readonly redrive?: boolean;
}

export function startExecution(env: ExecutionEnv, definition: StateMachineDefinition, options: StartOptions = {}): ExecutionHandle {
  const cancel = new CancelScope();
  const reentry = options.resume && !options.redrive ? reentryOf(env, options.resume) : undefined;
  const chain = new EventChain(options.resume ? env.history.lastId : 0);
  let stopped: { error?: string; cause?: string } | undefined;
  let timedOut = false;
  const frame: Frame = {
    env,
    chain,
    vars: new VariableScope(undefined, options.resume?.variables),
    cancel,
    top: true,
  };
  const recording = env.history.recording;
  env.history.onFull(() => cancel.cancel("history"));
  if (!options.resume) {
    const details = recording ? { input: env.info.inputText ?? toJsonText(env.info.input), inputDetails: { truncated: false }, roleArn: env.info.roleArn } : undefined;
    env.history.emit(chain, "ExecutionStarted", "executionStartedEventDetails", details, false);
  } else if (options.redrive) {
    env.history.emit(chain, "ExecutionRedriven", "executionRedrivenEventDetails", { redriveCount: env.info.redriveCount ?? 0 });
  }
  const timer = options.timeoutMs !== undefined ? (options.timers ?? env.deadlines ?? env.clock).setTimeout(() => {
    timedOut = true;
    cancel.cancel("timeout");
  }, Math.max(0, options.timeoutMs - (env.clock.now() - (options.timeoutFrom ?? env.info.startTime)))) : undefined;

  const finish = (type: string, key: string | undefined, details: Json | undefined, previous = chain): void => {
    env.history.emit(previous, type, key, details);
  };

  const done = (async (): Promise<ExecutionOutcome> => {
    try {
      const output = options.resume
        ? await runStates(frame, definition, options.resume.input, options.resume.next, reentry)
        : await runStates(frame, definition, env.info.input);
      // The last state's Exited event found the history full: the execution fails all the same.
      if (cancel.reason === "history") throw new Cancelled();
      finish("ExecutionSucceeded", "executionSucceededEventDetails", recording ? { output: toJsonText(output), outputDetails: { truncated: false } } : undefined);
      return { status: "SUCCEEDED", output };
    } catch (error) {
      if (error instanceof Cancelled || cancel.cancelled) {
        if (cancel.reason === "suspend") return { status: "SUSPENDED" };
        if (cancel.reason === "history") return historyFull(env);
        if (timedOut) {
          finish("ExecutionTimedOut", "executionTimedOutEventDetails", { error: "States.Timeout" }, new EventChain(0));
          return { status: "TIMED_OUT" };
        }
        const details: Record<string, string> = {};
        if (stopped?.error !== undefined) details.error = stopped.error;
        if (stopped?.cause !== undefined) details.cause = stopped.cause;
        finish("ExecutionAborted", "executionAbortedEventDetails", details, new EventChain(0));
        return { status: "ABORTED", ...details };
      }
      if (error instanceof StatesFailure) {
        const details: Record<string, string> = {};
        // An uncaught heartbeat expiry fails the execution as States.Timeout (LocalStack's AWS-recorded test_heartbeats).
        if (error.error !== "") details.error = error.error === StatesErrors.HeartbeatTimeout ? StatesErrors.Timeout : error.error;
        if (error.cause !== undefined) details.cause = error.cause;
        // A States.Runtime failure while a state read its input chains to the event before that state.
        finish("ExecutionFailed", "executionFailedEventDetails", details, error.chainTo !== undefined ? new EventChain(error.chainTo) : chain);
        return { status: "FAILED", ...details };
      }
      const cause = error instanceof Error ? error.message : String(error);
      finish("ExecutionFailed", "executionFailedEventDetails", { error: "States.Runtime", cause }, new EventChain(0));
      return { status: "FAILED", error: "States.Runtime", cause };
    } finally {
      timer?.cancel();
    }
  })();

  return {
    done,
    stop(error?: string, cause?: string) {
      stopped = { error, cause };
      cancel.cancel("stop");
    },
    suspend() {
      cancel.cancel("suspend");
    },
  };
}

/**
 * A Standard execution whose history reached 25,000 events fails with States.Runtime in the last
 * place, chained to the event before it (AWS's history, recorded in floci-io/floci#2734).
 */
function historyFull(env: ExecutionEnv): ExecutionOutcome {
  const details = { error: StatesErrors.Runtime, cause: historyLimitCause() };
  env.history.emit(new EventChain(env.history.lastId), "ExecutionFailed", "executionFailedEventDetails", details);
  return { status: "FAILED", ...details };
}

/** When the history ends inside the checkpoint's next state, the run re-enters it silently. */
function reentryOf(env: ExecutionEnv, checkpoint: Checkpoint): Reentry | undefined {
  const events = env.history.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    const details = event.stateEnteredEventDetails as { name?: string } | undefined;
    if (details === undefined) continue;
    return details.name === checkpoint.next ? { enteredId: event.id, enteredTime: event.timestamp } : undefined;
  }
  return undefined;
}
