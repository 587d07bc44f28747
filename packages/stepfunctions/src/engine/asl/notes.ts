import type { StateRun } from "./execution.js";
import type { StatesFailure } from "./failure.js";

const noted = new WeakSet<StatesFailure>();

/**
 * Puts the state's name in front of a failure's cause and, for a JSONata failure,
 * records the EvaluationFailed event (once per failure).
 */
export function noteFailure(run: StateRun, failure: StatesFailure): StatesFailure {
  if (noted.has(failure)) return failure;
  const located = failure.locate(run.name, run.enteredId);
  noted.add(located);
  if (located.kind === "query") {
    const details: Record<string, string> = { error: located.error, cause: located.cause ?? "", state: run.name };
    if (located.location !== undefined) details.location = located.location;
    run.frame.env.history.emit(run.frame.chain, "EvaluationFailed", "evaluationFailedEventDetails", details);
  }
  return located;
}
