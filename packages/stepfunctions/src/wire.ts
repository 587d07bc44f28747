/** awsJson 1.0 (X-Amz-Target: AWSStepFunctions.<Action>) ↔ StepFunctionsEngine. */
import {
  AwsError,
  InternalFailure,
  UnknownOperationException,
  jsonErrorResponse,
  jsonResponse,
  parseJsonBody,
  requestId,
  targetAction,
  TRACE_HEADER,
  type AwsJsonOptions,
  type EdgeRequest,
  type EdgeResponse,
  type Logger,
} from "@sam-sandbox/core";
import type { StepFunctionsEngine } from "./engine/engine.js";
import { validatorFor } from "./validation.js";

const PROTOCOL: AwsJsonOptions = { version: "1.0" };

type Action = (engine: StepFunctionsEngine, input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  CreateStateMachine: (e, i) => e.createStateMachine(i),
  DescribeStateMachine: (e, i) => e.describeStateMachine(i),
  ListStateMachines: (e, i) => e.listStateMachines(i),
  UpdateStateMachine: (e, i) => e.updateStateMachine(i),
  DeleteStateMachine: (e, i) => e.deleteStateMachine(i),
  ValidateStateMachineDefinition: (e, i) => e.validateStateMachineDefinition(i),
  StartExecution: (e, i) => e.startExecution(i),
  StartSyncExecution: (e, i) => e.startSyncExecution(i),
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
  return async function handle(req: EdgeRequest): Promise<EdgeResponse> {
    const id = requestId();
    try {
      const action = targetAction(req);
      const run = action ? ACTIONS[action] : undefined;
      const validate = action ? validatorFor(action) : undefined;
      if (!run || !validate) throw new UnknownOperationException();
      const input = parseJsonBody(req.body);
      validate(input);
      // Step Functions prefers the X-Amzn-Trace-Id header to the request's traceHeader member.
      const header = req.headers[TRACE_HEADER];
      if (header !== undefined && (action === "StartExecution" || action === "StartSyncExecution")) input.traceHeader = header;
      return jsonResponse(PROTOCOL, id, await run(engine, input));
    } catch (error) {
      if (error instanceof AwsError) return jsonErrorResponse(PROTOCOL, id, error);
      logger.error(`Step Functions: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return jsonErrorResponse(PROTOCOL, id, new InternalFailure());
    }
  };
}
