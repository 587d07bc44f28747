/**
 * Step Functions' engine: one method per AWS action (typed, already-validated input →
 * output, or throws AwsError). No HTTP here; wire.ts maps the protocol onto it.
 */
import type { Clock, DurableState, Logger, Tracer } from "@sam-sandbox/core";
import type { TaskRunner } from "./asl/ports.js";
import { TaskTokens } from "./asl/tokens.js";
import { Registry } from "./api/registry.js";
import type { SfnRecord, SfnState } from "./api/state.js";
import * as machines from "./api/machines.js";
import * as executions from "./api/executions.js";
import * as callbacks from "./api/taskTokens.js";
import { testState } from "./api/testState.js";
import * as versions from "./api/versions.js";
import * as aliases from "./api/aliases.js";
import * as activities from "./api/activities.js";
import { redriveExecution } from "./api/redrive.js";
import * as mapRuns from "./api/mapRuns.js";
import { MockedTaskRunner, type MockConfigSource } from "./tasks/mocks.js";
import { NestedExecutionRunner } from "./tasks/nested.js";
import type { LogGroupLookup } from "./api/logDestinations.js";
import type { ExecutionLogSink } from "./api/executionLogs.js";
import type { ExecutionEventBus } from "./api/statusEvents.js";

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

export class StepFunctionsEngine {
  readonly registry: Registry;

  constructor(options: {
    durable: DurableState<SfnState, SfnRecord>;
    clock: Clock;
    logger: Logger;
    region: string;
    accountId: string;
    tasks: TaskRunner;
    tokens?: TaskTokens;
    /** Step Functions Local's MockConfigFile (object or path), for "<arn>#<TestCase>" executions. */
    mockConfig?: MockConfigSource;
    /** Clock of TimeoutSeconds / HeartbeatSeconds (default: clock). */
    deadlines?: Clock;
    /** Records X-Ray segments of traced executions. */
    tracer?: Tracer;
    /** Checks that a LoggingConfiguration's log group exists (none: unchecked). */
    logGroups?: LogGroupLookup;
    /** Writes executions' logged events to CloudWatch Logs (none: not logged). */
    executionLogs?: ExecutionLogSink;
    /** EventBridge's default bus, sent Standard executions' status changes (none: not sent). */
    eventBus?: ExecutionEventBus;
  }) {
    const tokens = options.tokens ?? new TaskTokens();
    const nested = new NestedExecutionRunner(options.tasks);
    const mocks = new MockedTaskRunner(nested, options.mockConfig, tokens);
    this.registry = new Registry(options.durable, options.clock, options.logger, options.region, options.accountId, mocks, tokens, mocks, options.deadlines);
    nested.registry = this.registry;
    if (options.tracer !== undefined) this.registry.tracer = options.tracer;
    if (options.logGroups !== undefined) this.registry.logGroups = options.logGroups;
    if (options.executionLogs !== undefined) this.registry.executionLogs = options.executionLogs;
    if (options.eventBus !== undefined) this.registry.eventBus = options.eventBus;
  }

  /** Resumes the Standard executions a previous run left RUNNING. */
  resume(): void {
    executions.resumeExecutions(this.registry);
  }

  /** Suspends every running execution (the sandbox shuts down; they resume on the next start). */
  async close(): Promise<void> {
    const running = [...this.registry.running.values(), ...this.registry.express.running()];
    for (const r of running) r.handle.suspend();
    await Promise.all(running.map((r) => r.handle.done));
  }

  createStateMachine(input: Input): Promise<Output> {
    return machines.createStateMachine(this.registry, input);
  }
  describeStateMachine(input: Input): Output {
    return machines.describeStateMachine(this.registry, input);
  }
  listStateMachines(input: Input): Output {
    return machines.listStateMachines(this.registry, input);
  }
  updateStateMachine(input: Input): Promise<Output> {
    return machines.updateStateMachine(this.registry, input);
  }
  deleteStateMachine(input: Input): Promise<Output> {
    return machines.deleteStateMachine(this.registry, input);
  }
  validateStateMachineDefinition(input: Input): Output {
    return machines.validateStateMachineDefinition(input);
  }
  tagResource(input: Input): Promise<Output> {
    return machines.tagResource(this.registry, input);
  }
  untagResource(input: Input): Promise<Output> {
    return machines.untagResource(this.registry, input);
  }
  listTagsForResource(input: Input): Output {
    return machines.listTagsForResource(this.registry, input);
  }
  startExecution(input: Input): Promise<Output> {
    return executions.startExecution(this.registry, input);
  }
  startSyncExecution(input: Input): Promise<Output> {
    return executions.startSyncExecution(this.registry, input);
  }
  describeExecution(input: Input): Output {
    return executions.describeExecution(this.registry, input);
  }
  listExecutions(input: Input): Output {
    return executions.listExecutions(this.registry, input);
  }
  stopExecution(input: Input): Promise<Output> {
    return executions.stopExecution(this.registry, input);
  }
  getExecutionHistory(input: Input): Output {
    return executions.getExecutionHistory(this.registry, input);
  }
  describeStateMachineForExecution(input: Input): Output {
    return executions.describeStateMachineForExecution(this.registry, input);
  }
  testState(input: Input): Promise<Output> {
    return testState(this.registry, input);
  }
  redriveExecution(input: Input): Promise<Output> {
    return redriveExecution(this.registry, input);
  }
  publishStateMachineVersion(input: Input): Promise<Output> {
    return versions.publishStateMachineVersion(this.registry, input);
  }
  listStateMachineVersions(input: Input): Output {
    return versions.listStateMachineVersions(this.registry, input);
  }
  deleteStateMachineVersion(input: Input): Promise<Output> {
    return versions.deleteStateMachineVersion(this.registry, input);
  }
  createStateMachineAlias(input: Input): Promise<Output> {
    return aliases.createStateMachineAlias(this.registry, input);
  }
  describeStateMachineAlias(input: Input): Output {
    return aliases.describeStateMachineAlias(this.registry, input);
  }
  updateStateMachineAlias(input: Input): Promise<Output> {
    return aliases.updateStateMachineAlias(this.registry, input);
  }
  listStateMachineAliases(input: Input): Output {
    return aliases.listStateMachineAliases(this.registry, input);
  }
  deleteStateMachineAlias(input: Input): Promise<Output> {
    return aliases.deleteStateMachineAlias(this.registry, input);
  }
  describeMapRun(input: Input): Output {
    return mapRuns.describeMapRun(this.registry, input);
  }
  listMapRuns(input: Input): Output {
    return mapRuns.listMapRuns(this.registry, input);
  }
  updateMapRun(input: Input): Output {
    return mapRuns.updateMapRun(this.registry, input);
  }
  createActivity(input: Input): Promise<Output> {
    return activities.createActivity(this.registry, input);
  }
  describeActivity(input: Input): Output {
    return activities.describeActivity(this.registry, input);
  }
  listActivities(input: Input): Output {
    return activities.listActivities(this.registry, input);
  }
  deleteActivity(input: Input): Promise<Output> {
    return activities.deleteActivity(this.registry, input);
  }
  getActivityTask(input: Input): Promise<Output> {
    return activities.getActivityTask(this.registry, input);
  }
  sendTaskSuccess(input: Input): Output {
    return callbacks.sendTaskSuccess(this.registry, input);
  }
  sendTaskFailure(input: Input): Output {
    return callbacks.sendTaskFailure(this.registry, input);
  }
  sendTaskHeartbeat(input: Input): Output {
    return callbacks.sendTaskHeartbeat(this.registry, input);
  }
}
