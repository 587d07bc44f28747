/** What an execution's states share, and what each running state knows about itself. */
import type { Clock, SegmentHandle } from "@sam-sandbox/core";
import type { Json, JsonObject } from "./json.js";
import type { CancelScope } from "./cancel.js";
import type { EventChain, History } from "./history.js";
import type { VariableScope } from "./variables.js";
import type { TaskRunner } from "./ports.js";
import type { QueryLanguage, StateDefinition } from "./types.js";
import type { TaskTokens } from "./tokens.js";
import type { ActivityQueue } from "./activities.js";
import type { MapRunLog } from "./mapRuns.js";
import type { PathSources } from "./jsonpath.js";

export interface ExecutionInfo {
  readonly arn: string;
  readonly name: string;
  readonly input: Json;
  /**
   * The input as StartExecution gave it: ExecutionStarted shows this text (spaces and all), the
   * states the compact JSON of their input (LocalStack's AWS-recorded test_map_state_label and
   * test_map_state_result_writer, 2024: "[\"Hello\", \"World\"]", then "[\"Hello\",\"World\"]").
   */
  readonly inputText?: string;
  /** null for TestState called without a roleArn: its context object shows RoleArn null (AWS-recorded test_state_with_variables). */
  readonly roleArn: string | null;
  /** ms since the epoch */
  readonly startTime: number;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  /** Undefined for an Express execution (its context object carries no RedriveCount). */
  readonly redriveCount?: number;
  /** An Express execution started by StartExecution: its context object ends with RedriveCount 0. */
  readonly asyncExpress?: boolean;
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
  /** Activity tasks waiting for workers (GetActivityTask); none: activity ARNs fail as unknown. */
  readonly activities?: ActivityQueue;
  /** Receives the Map Runs of Distributed Map states (DescribeMapRun / ListMapRuns). */
  readonly mapRuns?: MapRunLog;
  readonly history: History;
  readonly region: string;
  readonly accountId: string;
  readonly random: () => number;
  /** The default query language (the state machine's). */
  readonly queryLanguage: QueryLanguage;
  /** Called after each top-level state, before the next starts. */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** The execution's X-Ray segment when it is traced: each Task state adds a subsegment. */
  readonly trace?: SegmentHandle;
  /** An untraced execution's X-Amzn-Trace-Id (from StartExecution), passed on to its tasks. */
  readonly traceHeader?: string;
  /** TestState's mock for a Map or Parallel state: its result or its error; nothing runs. */
  readonly testMock?: ({ readonly result: Json } | { readonly error: string; readonly cause: string | undefined }) & {
    /** stateConfiguration.mapIterationFailureCount: the Map's failed iterations, checked against its tolerance. */
    readonly iterationFailures?: number;
  };
  /** TestState's `context`: the context object the state under test sees, as given. */
  readonly testContext?: JsonObject;
}

/** One chain of states running one after the other: the top level, a branch, an iteration. */
export interface Frame {
  readonly env: ExecutionEnv;
  readonly chain: EventChain;
  readonly vars: VariableScope;
  readonly cancel: CancelScope;
  readonly top: boolean;
  /** Called right after a state of this frame records its Aborted event (a Map iteration records its own next). */
  readonly onAborted?: () => void;
  /** TestState's DEBUG / TRACE inspection of the states of this frame (not of inner frames). */
  readonly inspector?: Inspector;
}

/** What TestState reports of a state's data processing (InspectionData). */
export interface Inspector {
  /** "afterInputPath", "afterParameters", "afterArguments", "result", "afterResultSelector", "afterResultPath", … */
  record(stage: string, value: Json): void;
  /** A catcher (Catch[index]) took the error. */
  caught(error: string, cause: string | undefined, index: number): void;
}

/** A state while it runs. */
export interface StateRun {
  readonly frame: Frame;
  readonly name: string;
  readonly def: StateDefinition;
  readonly language: QueryLanguage;
  readonly enteredId: number;
  /** The previousEventId of the Entered event. */
  readonly enteredPrevious: number;
  readonly enteredTime: number;
  /** The state's input as it entered (before InputPath). */
  readonly rawInput: Json;
  retryCount: number;
  taskToken?: string;
  mapItem?: { Index: number; Value: Json };
  /**
   * ParallelStateFailed / MapStateFailed once the attempt has started its branches: AWS
   * records it only when the failure is not retried.
   */
  failedEvent?: string;
}

const RETRYING_TYPES = new Set(["Task", "Parallel", "Map"]);

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The context object ($$ in JSONPath, $states.context in JSONata). */
export function contextObject(run: StateRun): JsonObject {
  const given = run.frame.env.testContext;
  if (given !== undefined) return given;
  const info = run.frame.env.info;
  const context: JsonObject = {
    Execution:
      info.redriveCount !== undefined
        ? { Id: info.arn, Input: info.input, StartTime: iso(info.startTime), Name: info.name, RoleArn: info.roleArn, RedriveCount: info.redriveCount }
        : info.asyncExpress === true
          ? // StartExecution's Express execution: RedriveCount 0 after StartTime (test_express_async test_query_runtime_memory).
            { Id: info.arn, Input: info.input, Name: info.name, RoleArn: info.roleArn, StartTime: iso(info.startTime), RedriveCount: 0 }
          : // StartSyncExecution's: no RedriveCount, StartTime last (LocalStack's AWS-recorded test_express_sync test_query_runtime_memory).
            { Id: info.arn, Input: info.input, Name: info.name, RoleArn: info.roleArn, StartTime: iso(info.startTime) },
    StateMachine: { Id: info.stateMachineArn, Name: info.stateMachineName },
    // Only the states that can retry (Task, Parallel, Map) carry RetryCount (AWS's recorded histories).
    State: RETRYING_TYPES.has(run.def.Type)
      ? { Name: run.name, EnteredTime: iso(run.enteredTime), RetryCount: run.retryCount }
      : { Name: run.name, EnteredTime: iso(run.enteredTime) },
  };
  if (run.taskToken !== undefined) context.Task = { Token: run.taskToken };
  if (run.mapItem !== undefined) context.Map = { Item: { Index: run.mapItem.Index, Value: run.mapItem.Value } };
  return context;
}

/** A state's path sources: one object per evaluation, its context object built on first use. */
class StateSources implements PathSources {
  private contextValue: JsonObject | undefined;

  constructor(
    private readonly run: StateRun,
    readonly input: Json,
  ) {}

  context(): Json {
    return (this.contextValue ??= contextObject(this.run));
  }

  variable(name: string): { found: boolean; value: Json } {
    return this.run.frame.vars.get(name);
  }
}

/** What a JSONPath expression in this state can read, with `input` as "$". */
export function pathSources(run: StateRun, input: Json): PathSources {
  return new StateSources(run, input);
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
