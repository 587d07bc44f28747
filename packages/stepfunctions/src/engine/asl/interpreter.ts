/**
 * Runs states one after the other on a Frame, recording each state's Entered/Exited
 * events; the state types' behaviour lives in states/*.ts.
 */
import { toJsonText, type Json } from "./json.js";
import { Cancelled, StatesFailure } from "./failure.js";
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

type Handler = (run: StateRun) => Promise<StateOutcome>;

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

/** Runs one state: Entered event, behaviour, variables, Exited event. */
export async function runState(frame: Frame, name: string, def: StateDefinition, input: Json, reentry?: Reentry): Promise<StateOutcome> {
  const env = frame.env;
  const types = STATE_EVENT_TYPES[def.Type];
  const enteredTime = reentry?.enteredTime ?? env.clock.now();
  const history = env.history;
  const enteredPrevious = reentry ? (history.events[reentry.enteredId - 1]?.previousEventId ?? 0) : frame.chain.source;
  const enteredId =
    reentry?.enteredId ??
    history.emit(
      frame.chain,
      types.entered,
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
  try {
    const outcome = await HANDLERS[def.Type](run);
    const assigned = outcome.assigned !== undefined && Object.keys(outcome.assigned).length > 0 ? outcome.assigned : undefined;
    if (assigned !== undefined) frame.vars.assign(assigned);
    if (types.exited) history.emit(frame.chain, types.exited, "stateExitedEventDetails", history.recording ? exitedDetails(name, outcome.output, assigned) : undefined);
    return outcome;
  } catch (error) {
    if (error instanceof Cancelled) {
      const source = abortedEventSource(frame);
      if (types.aborted && source !== undefined) {
        history.emit(new EventChain(source), types.aborted);
        frame.onAborted?.();
      }
      throw error;
    }
    if (error instanceof StatesFailure) throw noteFailure(run, error);
    throw error;
  }
}

/** Runs a state list from StartAt to its end; resolves with the last state's output. */
export async function runStates(frame: Frame, machine: ProcessorDefinition, input: Json, startAt = machine.StartAt, reentry?: Reentry): Promise<Json> {
  let name = startAt;
  let value = input;
  let again = reentry;
  for (;;) {
    frame.cancel.throwIfCancelled();
    const def = machine.States[name];
    if (def === undefined) throw new StatesFailure("States.Runtime", `The state '${name}' does not exist`, "runtime", { located: true });
    const outcome = await runState(frame, name, def, value, again);
    again = undefined;
    value = outcome.output;
    if (outcome.next === undefined) return value;
    name = outcome.next;
    if (frame.top) frame.env.onCheckpoint?.({ next: name, input: value, variables: frame.vars.own() });
  }
}
