/** awsJson 1.0 (X-Amz-Target: AWSStepFunctions.<Action>) ↔ StepFunctionsEngine. */
import {
  createAwsJsonHandler,
  dropNullMembersAnywhere,
  parseJsonBody,
  TRACE_HEADER,
  type AwsJsonAction,
  type AwsJsonOptions,
  type EdgeRequest,
  type Logger,
} from "@sam-sandbox/core";
import type { StepFunctionsEngine } from "./engine/engine.js";
import { validatorFor } from "./validation.js";

const PROTOCOL: AwsJsonOptions = { version: "1.0" };

/** AWS action name → engine method. */
const ACTIONS: Record<string, AwsJsonAction<StepFunctionsEngine>> = {
  CreateStateMachine: (e, i) => e.createStateMachine(i),
  DescribeStateMachine: (e, i) => e.describeStateMachine(i),
  ListStateMachines: (e, i) => e.listStateMachines(i),
  UpdateStateMachine: (e, i) => e.updateStateMachine(i),
  DeleteStateMachine: (e, i) => e.deleteStateMachine(i),
  ValidateStateMachineDefinition: (e, i) => e.validateStateMachineDefinition(i),
  StartExecution: (e, i, req) => e.startExecution(withTraceHeader(i, req)),
  StartSyncExecution: (e, i, req) => e.startSyncExecution(withTraceHeader(i, req)),
  DescribeExecution: (e, i) => e.describeExecution(i),
  ListExecutions: (e, i) => e.listExecutions(i),
  StopExecution: (e, i) => e.stopExecution(i),
  GetExecutionHistory: (e, i) => e.getExecutionHistory(i),
  DescribeStateMachineForExecution: (e, i) => e.describeStateMachineForExecution(i),
  TestState: (e, i) => e.testState(i),
  SendTaskSuccess: (e, i) => e.sendTaskSuccess(i),
  SendTaskFailure: (e, i) => e.sendTaskFailure(i),
  SendTaskHeartbeat: (e, i) => e.sendTaskHeartbeat(i),
  RedriveExecution: (e, i) => e.redriveExecution(i),
  PublishStateMachineVersion: (e, i) => e.publishStateMachineVersion(i),
  ListStateMachineVersions: (e, i) => e.listStateMachineVersions(i),
  DeleteStateMachineVersion: (e, i) => e.deleteStateMachineVersion(i),
  CreateStateMachineAlias: (e, i) => e.createStateMachineAlias(i),
  DescribeStateMachineAlias: (e, i) => e.describeStateMachineAlias(i),
  UpdateStateMachineAlias: (e, i) => e.updateStateMachineAlias(i),
  ListStateMachineAliases: (e, i) => e.listStateMachineAliases(i),
  DeleteStateMachineAlias: (e, i) => e.deleteStateMachineAlias(i),
  DescribeMapRun: (e, i) => e.describeMapRun(i),
  ListMapRuns: (e, i) => e.listMapRuns(i),
  UpdateMapRun: (e, i) => e.updateMapRun(i),
  CreateActivity: (e, i) => e.createActivity(i),
  DescribeActivity: (e, i) => e.describeActivity(i),
  ListActivities: (e, i) => e.listActivities(i),
  DeleteActivity: (e, i) => e.deleteActivity(i),
  GetActivityTask: (e, i) => e.getActivityTask(i),
  TagResource: (e, i) => e.tagResource(i),
  UntagResource: (e, i) => e.untagResource(i),
  ListTagsForResource: (e, i) => e.listTagsForResource(i),
};

export function createStepFunctionsWire(engine: StepFunctionsEngine, logger: Logger) {
  return createAwsJsonHandler(engine, { protocol: PROTOCOL, label: "Step Functions", actions: ACTIONS, validatorFor, parseBody }, logger);
}

/** Step Functions prefers the X-Amzn-Trace-Id header to the request's traceHeader member. */
function withTraceHeader(input: Record<string, unknown>, req: EdgeRequest): Record<string, unknown> {
  const header = req.headers[TRACE_HEADER];
  if (header !== undefined) input.traceHeader = header;
  return input;
}

/**
 * The request body as the engine reads it: a member that is JSON null is absent, at any depth,
 * as AWS's Coral JSON deserializer reads it (a null list element is left for the model's
 * "Member must not be null" check).
 */
function parseBody(body: Buffer): Record<string, unknown> {
  return dropNullMembersAnywhere(parseJsonBody(body));
}
