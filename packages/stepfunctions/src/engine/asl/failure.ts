/**
 * Failures inside an execution (not API errors). Names as in "Error handling in Step
 * Functions" (States.* error names).
 */
export const StatesErrors = {
  ALL: "States.ALL",
  DataLimitExceeded: "States.DataLimitExceeded",
  ExceedToleratedFailureThreshold: "States.ExceedToleratedFailureThreshold",
  HeartbeatTimeout: "States.HeartbeatTimeout",
  IntrinsicFailure: "States.IntrinsicFailure",
  ItemReaderFailed: "States.ItemReaderFailed",
  NoChoiceMatched: "States.NoChoiceMatched",
  ParameterPathFailure: "States.ParameterPathFailure",
  Permissions: "States.Permissions",
  QueryEvaluationError: "States.QueryEvaluationError",
  ResultPathMatchFailure: "States.ResultPathMatchFailure",
  ResultWriterFailed: "States.ResultWriterFailed",
  Runtime: "States.Runtime",
  TaskFailed: "States.TaskFailed",
  Timeout: "States.Timeout",
  BranchFailed: "States.BranchFailed",
} as const;

/**
 * How a failure behaves:
 * - "task": an ordinary error (a task's, a Fail state's); Retry and Catch see it.
 * - "runtime": States.Runtime — never retried nor caught, the execution fails at once.
 * - "query": States.QueryEvaluationError — caught and retried like a task error, and
 *   recorded as an EvaluationFailed event first.
 */
export type FailureKind = "task" | "runtime" | "query";

export class StatesFailure extends Error {
  readonly error: string;
  override readonly cause: string | undefined;
  readonly kind: FailureKind;
  /** True once "An error occurred while executing the state …" has been put in front. */
  readonly located: boolean;
  /** JSONata field the failure comes from ("Output/v"), for EvaluationFailed. */
  readonly location: string | undefined;
  /**
   * A Map's Items evaluation fails before the state's entry as far as the history goes: AWS
   * chains its EvaluationFailed to the event before MapStateEntered.
   */
  readonly beforeEntry: boolean;
  /** For a States.Runtime failure before entry: the event its ExecutionFailed chains to. */
  chainTo: number | undefined;

  constructor(
    error: string,
    cause: string | undefined,
    kind: FailureKind = "task",
    options: { located?: boolean; location?: string; beforeEntry?: boolean } = {},
  ) {
    super(`${error}: ${cause ?? ""}`);
    this.name = "StatesFailure";
    this.error = error;
    this.cause = cause;
    this.kind = kind;
    this.located = options.located ?? kind === "task";
    this.location = options.location;
    this.beforeEntry = options.beforeEntry ?? false;
  }

  /** AWS puts the state and its entered event id in front of the causes it writes itself. */
  locate(stateName: string, enteredEventId: number): StatesFailure {
    if (this.located) return this;
    const cause = `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${this.cause ?? ""}`;
    return new StatesFailure(this.error, cause, this.kind, { located: true, location: this.location, beforeEntry: this.beforeEntry });
  }
}

export function runtimeError(cause: string): StatesFailure {
  return new StatesFailure(StatesErrors.Runtime, cause, "runtime");
}

export function queryError(cause: string, location?: string, beforeEntry = false): StatesFailure {
  return new StatesFailure(StatesErrors.QueryEvaluationError, cause, "query", { location, beforeEntry });
}

/** The execution was stopped (StopExecution, a failed sibling branch, a timeout). */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}
