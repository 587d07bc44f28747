/** What an execution's states share, and what each running state knows about itself. */
import type { Clock } from "@sam-sandbox/core";
import type { Json, JsonObject } from "./json.js";
import type { CancelScope } from "./cancel.js";
import type { EventChain, History } from "./history.js";
import type { VariableScope } from "./variables.js";
import type { TaskRunner } from "./ports.js";
import type { QueryLanguage, StateDefinition } from "./types.js";
import type { TaskTokens } from "./tokens.js";
import type { PathSources } from "./jsonpath.js";

export interface ExecutionInfo {
  readonly arn: string;
  readonly name: string;
  readonly input: Json;
  readonly roleArn: string;
  /** ms since the epoch */
  readonly startTime: number;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly redriveCount: number;
}

/** Where a top-level state left the execution: enough to resume it after a restart. */
export interface Checkpoint {
  readonly next: string;
  readonly input: Json;
  readonly variables: Record<string, Json>;
}

export interface ExecutionEnv {
  readonly info: ExecutionInfo;
  /** Wait states and retry back-off. */
  readonly clock: Clock;
  /**
   * TimeoutSeconds and HeartbeatSeconds (default: `clock`). A sandbox that scales time
   * (--time-scale 0 skips waits) passes real time here so timeouts keep their length.
   */
  readonly deadlines?: Clock;
  readonly tasks: TaskRunner;
  readonly tokens: TaskTokens;
  readonly history: History;
  readonly region: string;
  readonly accountId: string;
  readonly random: () => number;
  /** The default query language (the state machine's). */
  readonly queryLanguage: QueryLanguage;
  /** Called after each top-level state, before the next starts. */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
}

/** One chain of states running one after the other: the top level, a branch, an iteration. */
export interface Frame {
  readonly env: ExecutionEnv;
  readonly chain: EventChain;
  readonly vars: VariableScope;
  readonly cancel: CancelScope;
  readonly top: boolean;
}

/** A state while it runs. */
export interface StateRun {
  readonly frame: Frame;
  readonly name: string;
  readonly def: StateDefinition;
  readonly language: QueryLanguage;
  readonly enteredId: number;
  readonly enteredTime: number;
  /** The state's input as it entered (before InputPath). */
  readonly rawInput: Json;
  retryCount: number;
  taskToken?: string;
  mapItem?: { Index: number; Value: Json };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The context object ($$ in JSONPath, $states.context in JSONata). */
export function contextObject(run: StateRun): JsonObject {
  const info = run.frame.env.info;
  const context: JsonObject = {
    Execution: {
      Id: info.arn,
      Input: info.input,
      StartTime: iso(info.startTime),
      Name: info.name,
      RoleArn: info.roleArn,
      RedriveCount: info.redriveCount,
    },
    StateMachine: { Id: info.stateMachineArn, Name: info.stateMachineName },
    State: { Name: run.name, EnteredTime: iso(run.enteredTime), RetryCount: run.retryCount },
  };
  if (run.taskToken !== undefined) context.Task = { Token: run.taskToken };
  if (run.mapItem !== undefined) context.Map = { Item: { Index: run.mapItem.Index, Value: run.mapItem.Value } };
  return context;
}

/** What a JSONPath expression in this state can read, with `input` as "$". */
export function pathSources(run: StateRun, input: Json): PathSources {
  let context: JsonObject | undefined;
  return {
    input,
    context: () => (context ??= contextObject(run)),
    variable: (name) => run.frame.vars.get(name),
  };
}

/** JSONata bindings: workflow variables and $states. */
export function jsonataBindings(run: StateRun, extra: { result?: Json; errorOutput?: Json } = {}): Record<string, unknown> {
  const states: Record<string, unknown> = { input: run.rawInput, context: contextObject(run) };
  if ("result" in extra) states.result = extra.result;
  if ("errorOutput" in extra) states.errorOutput = extra.errorOutput;
  return { ...run.frame.vars.all(), states };
}

/** What a state hands to the next one. */
export interface StateOutcome {
  readonly output: Json;
  /** Next state; undefined ends the branch. */
  readonly next: string | undefined;
  /** Variables the state assigns, applied when it exits. */
  readonly assigned?: Record<string, Json>;
}
