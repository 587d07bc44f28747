/**
 * Runs states one after the other on a Frame, recording each state's Entered/Exited
 * events; the state types' behaviour lives in states/*.ts.
 */
import { STATES_BETWEEN_YIELDS } from "../../limits.js";
import { toJsonText, type Json } from "./json.js";
import { Cancelled, StatesErrors, StatesFailure } from "./failure.js";
import { withinPayloadLimit } from "./states/task.js";
import { EventChain, STATE_EVENT_TYPES } from "./history.js";
import type { Frame, StateOutcome, StateRun } from "./execution.js";
import type { ProcessorDefinition, QueryLanguage, StateDefinition } from "./types.js";
import { noteFailure } from "./notes.js";
import { runPass } from "./states/pass.js";
import { runChoice } from "./states/choice.js";
import { runWait } from "./states/wait.js";
import { runFail, runSucceed } from "./states/terminal.js";
import { runTask } from "./states/task.js";
import { runParallel } from "./states/parallel.js";
import { runMap } from "./states/map.js";

/** A Pass, Choice, Succeed or Fail state written in JSONPath answers without a promise. */
type Handler = (run: StateRun) => StateOutcome | Promise<StateOutcome>;

const HANDLERS: Record<StateDefinition["Type"], Handler> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

export function languageOf(def: StateDefinition, fallback: QueryLanguage): QueryLanguage {
  return def.QueryLanguage ?? fallback;
}

/** A state entered before a restart: its Entered event is already in the history. */
export interface Reentry {
  readonly enteredId: number;
  readonly enteredTime: number;
}

/**
 * Where the Aborted events of a cancelled state point: only a sibling's failure records them
 * (StopExecution and the execution's timeout record none, as AWS's histories show), chained to
 * the failed branch's last event. Undefined: record nothing.
 */
export function abortedEventSource(frame: Frame): number | undefined {
  const scope = frame.cancel;
  if (scope.reason !== "branch") return undefined;
  return scope.abortSource ?? frame.chain.source;
}

function exitedDetails(name: string, output: Json, assigned: Record<string, Json> | undefined): Record<string, Json> {
  const details: Record<string, Json> = { name, output: toJsonText(output), outputDetails: { truncated: false } };
  if (assigned !== undefined) {
    details.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, toJsonText(v)]));
    details.assignedVariablesDetails = { truncated: false };
  }
  return details;
}

/** A state entered: its Entered event is recorded and its handler started. */
interface Entered {
  readonly run: StateRun;
  /** A Pass, Choice or Succeed state in JSONPath answers at once; a handler's throw is a rejection. */
  readonly pending: StateOutcome | Promise<StateOutcome>;
}

/** Records the Entered event (unless re-entered after a restart) and starts the state's handler. */
function enterState(frame: Frame, name: string, def: StateDefinition, input: Json, reentry: Reentry | undefined): Entered {
  const env = frame.env;
  const enteredTime = reentry?.enteredTime ?? env.clock.now();
  const history = env.history;
  const enteredPrevious = reentry ? (history.events[reentry.enteredId - 1]?.previousEventId ?? 0) : frame.chain.source;
  const enteredId =
    reentry?.enteredId ??
    history.emit(
      frame.chain,
      STATE_EVENT_TYPES[def.Type].entered,
      "stateEnteredEventDetails",
      history.recording ? { name, input: toJsonText(input), inputDetails: { truncated: false } } : undefined,
    );
  const run: StateRun = {
    frame,
    name,
    def,
    language: languageOf(def, env.queryLanguage),
    enteredId,
    enteredPrevious,
    enteredTime,
    rawInput: input,
    retryCount: 0,
  };
  let pending: StateOutcome | Promise<StateOutcome>;
  try {
    pending = HANDLERS[def.Type](run);
  } catch (error) {
    pending = Promise.reject(error);
  }
  return { run, pending };
}

/** The state answered: its variables, its Exited event. */
function exitState(run: StateRun, outcome: StateOutcome): StateOutcome {
  const frame = run.frame;
  const history = frame.env.history;
  const exited = STATE_EVENT_TYPES[run.def.Type].exited;
  const assigned = outcome.assigned !== undefined && Object.keys(outcome.assigned).length > 0 ? outcome.assigned : undefined;
  const details = exited && history.recording ? exitedDetails(run.name, outcome.output, assigned) : undefined;
  // The output text the event needs is checked against the payload quota (recorded histories only).
  if (typeof details?.output === "string" && !withinPayloadLimit(details.output)) throw dataLimitExceeded(run.name);
  if (assigned !== undefined) frame.vars.assign(assigned);
  if (exited) history.emit(frame.chain, exited, "stateExitedEventDetails", details);
  return outcome;
}

/**
 * A state whose output passes the 256 KiB quota fails the execution with no Exited event
 * (LocalStack's AWS-recorded test_states_errors test_start_large_input).
 */
function dataLimitExceeded(name: string): StatesFailure {
  const cause = `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`;
  return new StatesFailure(StatesErrors.DataLimitExceeded, cause, "runtime", { located: true });
}

/** The state failed or was cancelled: its Aborted event; the error to throw on. */
function stateError(run: StateRun, error: unknown): unknown {
  const frame = run.frame;
  if (error instanceof Cancelled) {
    const aborted = STATE_EVENT_TYPES[run.def.Type].aborted;
    const source = abortedEventSource(frame);
    if (aborted && source !== undefined) {
      frame.env.history.emit(new EventChain(source), aborted);
      frame.onAborted?.();
    }
    return error;
  }
  if (error instanceof StatesFailure) return noteFailure(run, error);
  return error;
}

/** Runs one state: Entered event, behaviour, variables, Exited event. */
export async function runState(frame: Frame, name: string, def: StateDefinition, input: Json, reentry?: Reentry): Promise<StateOutcome> {
  const { run, pending } = enterState(frame, name, def, input, reentry);
  try {
    return exitState(run, await pending);
  } catch (error) {
    throw stateError(run, error);
  }
}

/**
 * Runs a state list from StartAt to its end; resolves with the last state's output. Each
 * state takes two turns of the microtask queue after its handler answers (its exit, then
 * the next state), as when each state ran in a runState() of its own: concurrent branches
 * interleave their events the same way.
 */
export async function runStates(frame: Frame, machine: ProcessorDefinition, input: Json, startAt = machine.StartAt, reentry?: Reentry): Promise<Json> {
  let name = startAt;
  let value = input;
  let again = reentry;
  let transitions = 0;
  for (;;) {
    // A loop of states that never wait (Pass -> Choice -> Pass ...) ran on microtasks alone and
    // starved the event loop: the whole sandbox froze. Every so many states, let it breathe.
    if (++transitions % STATES_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
    frame.cancel.throwIfCancelled();
    const def = machine.States[name];
    if (def === undefined) throw new StatesFailure("States.Runtime", `The state '${name}' does not exist`, "runtime", { located: true });
    const { run, pending } = enterState(frame, name, def, value, again);
    let outcome: StateOutcome;
    try {
      outcome = exitState(run, await pending);
    } catch (error) {
      const failure = stateError(run, error);
      await undefined;
      throw failure;
    }
    await undefined;
    again = undefined;
    value = outcome.output;
    if (outcome.next === undefined) return value;
    name = outcome.next;
    if (frame.top) frame.env.onCheckpoint?.({ next: name, input: value, variables: frame.vars.own() });
  }
}
