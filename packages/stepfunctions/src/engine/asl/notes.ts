import type { StateRun } from "./execution.js";
import type { StatesFailure } from "./failure.js";

/** Each failure noted, with the state it was first noted in (the state that failed). */
const noted = new WeakMap<StatesFailure, StateRun>();

/** The state a failure comes from, once noted. */
export function failedState(failure: StatesFailure): StateRun | undefined {
  return noted.get(failure);
}

/**
 * Puts the state's name in front of a failure's cause and, for a JSONata failure,
 * records the EvaluationFailed event (once per failure). A failure while the state reads its
 * input (InputPath, Parameters, ItemsPath, Items) or a JSONata expression failing before the
 * state recorded anything else chains to the event before the state's Entered event, as AWS
 * records it (unless a Retry or Catch handles the state's errors); one while the state runs
 * chains to its last event.
 */
export function noteFailure(run: StateRun, failure: StatesFailure): StatesFailure {
  if (noted.has(failure)) return failure;
  const located = failure.locate(run.name, run.enteredId);
  noted.set(located, run);
  if (located.beforeEntry && located.kind === "runtime") located.chainTo = run.enteredPrevious;
  if (located.kind === "query") {
    const details: Record<string, string> = { error: located.error, cause: located.cause ?? "", state: run.name };
    if (located.location !== undefined) details.location = located.location;
    if (located.beforeEntry && run.frame.chain.source === run.enteredId && !handlesErrors(run)) run.frame.chain.source = run.enteredPrevious;
    run.frame.env.history.emit(run.frame.chain, "EvaluationFailed", "evaluationFailedEventDetails", details);
  }
  return located;
}

function handlesErrors(run: StateRun): boolean {
  return (run.def.Retry?.length ?? 0) > 0 || (run.def.Catch?.length ?? 0) > 0;
}
