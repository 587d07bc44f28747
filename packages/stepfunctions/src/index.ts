import { NOOP_TRACER, type AwsDispatcher, type AwsService, type Clock, type LambdaInvoker, type Logger, type Store, type Tracer } from "@sam-sandbox/core";
import { StepFunctionsEngine } from "./engine/engine.js";
import { sfnCodec, type SfnRecord, type SfnState } from "./engine/api/state.js";
import { createTaskRunner } from "./engine/tasks/runner.js";
import { logGroupLookup } from "./engine/api/logDestinations.js";
import { executionLogSink } from "./engine/api/executionLogs.js";
import { createStepFunctionsWire } from "./wire.js";
import type { MockConfigSource } from "./engine/tasks/mocks.js";
import type { ExecutionEventBus } from "./engine/api/statusEvents.js";

export { StepFunctionsEngine } from "./engine/engine.js";
export { startExecution as runStateMachine } from "./engine/asl/run.js";
export type { ExecutionOutcome, ExecutionHandle } from "./engine/asl/run.js";
export { History, type HistoryEvent } from "./engine/asl/history.js";
export { TaskTokens } from "./engine/asl/tokens.js";
export { TaskError, parseResource, type TaskCall, type TaskRunner, type ParsedResource } from "./engine/asl/ports.js";
export { createTaskRunner } from "./engine/tasks/runner.js";
export { MockedTaskRunner, type MockConfig, type MockConfigSource } from "./engine/tasks/mocks.js";
export { validateDefinition } from "./engine/definition/validate.js";
export type { StateMachineDefinition } from "./engine/asl/types.js";
export type { Json } from "./engine/asl/json.js";
export { statusChangeDetail, statusChangeEntry, STATUS_CHANGE_SOURCE, STATUS_CHANGE_DETAIL_TYPE } from "./engine/api/statusEvents.js";
export type { ExecutionEventBus, StatusChangeEntry } from "./engine/api/statusEvents.js";

export interface StepFunctions {
  service: AwsService;
  engine: StepFunctionsEngine;
  /** Resumes the Standard executions a previous run left RUNNING (once; see `deferResume`). */
  resume(): void;
  /** Suspends running executions (they resume on the next start). */
  close(): Promise<void>;
}

export interface StepFunctionsOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Runs Lambda tasks (lambda:invoke and function ARNs). */
  invoker?: LambdaInvoker;
  /** Runs dynamodb:*, sns:publish and aws-sdk:* tasks. */
  dispatcher?: AwsDispatcher;
  /** Step Functions Local's MockConfigFile (object or file path) for "<arn>#<TestCase>" executions. */
  mockConfig?: MockConfigSource;
  /**
   * Clock of TimeoutSeconds / HeartbeatSeconds / the execution's TimeoutSeconds (default:
   * `clock`). With a scaled clock (--time-scale 0) pass real time here, or every timeout fires at once.
   */
  deadlines?: Clock;
  /** Do not resume stored executions yet: the caller calls `resume()` once the ports answer. */
  deferResume?: boolean;
  /**
   * Records an X-Ray segment per execution of a state machine with TracingConfiguration
   * enabled (or started with a sampled trace header), with a subsegment per Task state whose
   * header its Lambda and service calls carry. Default: none recorded (headers still passed on).
   */
  tracer?: Tracer;
  /** The local base URL of an API id the host serves, for apigateway:invoke tasks (default: none; endpoints called as named). */
  apiUrl?: (apiId: string) => string | undefined;
  /**
   * EventBridge's default bus: Standard executions send it their "Step Functions Execution Status
   * Change" events (source aws.states). Default: none sent.
   */
  eventBridge?: ExecutionEventBus;
}

/** Step Functions on the edge (awsJson 1.0, AWSStepFunctions.*). */
export async function createStepFunctions(options: StepFunctionsOptions): Promise<StepFunctions> {
  const durable = await options.store.open<SfnState, SfnRecord>("stepfunctions", sfnCodec);
  const tasks = createTaskRunner({ invoker: options.invoker, dispatcher: options.dispatcher, clock: options.clock, apiUrl: options.apiUrl });
  const engine = new StepFunctionsEngine({
    durable,
    clock: options.clock,
    logger: options.logger,
    region: options.region,
    accountId: options.accountId,
    tasks,
    mockConfig: options.mockConfig,
    deadlines: options.deadlines,
    tracer: options.tracer ?? NOOP_TRACER,
    ...(options.eventBridge ? { eventBus: options.eventBridge } : {}),
    // The Logs service, reached through the dispatcher, tells whether a log destination exists.
    ...(options.dispatcher ? { logGroups: logGroupLookup(options.dispatcher), executionLogs: executionLogSink(options.dispatcher, () => options.clock.now()) } : {}),
  });
  let resumed = false;
  const resume = () => {
    if (resumed) return;
    resumed = true;
    engine.resume();
  };
  if (!options.deferResume) resume();
  const handle = createStepFunctionsWire(engine, options.logger);
  const service: AwsService = {
    name: "stepfunctions",
    route: { targetPrefixes: ["AWSStepFunctions"], signingNames: ["states"] },
    handle,
    close: () => engine.close(),
  };
  return { service, engine, resume, close: () => engine.close() };
}
