import {
  coralJsonTypeRules,
  createAwsJsonHandler,
  createValidator,
  UnknownOperationException,
  type AwsJsonOptions,
  type Logger,
} from "@sam-sandbox/core";
import type { LogsEngine } from "./engine/engine.js";
import { logsModel } from "./generated/logs.js";

const PROTOCOL: AwsJsonOptions = { version: "1.1" };

type Action = (engine: LogsEngine, input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** AWS action name → engine method (awsJson 1.1, X-Amz-Target Logs_20140328.<Action>). */
const ACTIONS: Record<string, Action> = {
  CreateLogGroup: (e, i) => e.createLogGroup(i),
  DeleteLogGroup: (e, i) => e.deleteLogGroup(i),
  CreateLogStream: (e, i) => e.createLogStream(i),
  DeleteLogStream: (e, i) => e.deleteLogStream(i),
  DescribeLogGroups: (e, i) => e.describeLogGroups(i),
  DescribeLogStreams: (e, i) => e.describeLogStreams(i),
  PutLogEvents: (e, i) => e.putLogEvents(i),
  GetLogEvents: (e, i) => e.getLogEvents(i),
  FilterLogEvents: (e, i) => e.filterLogEvents(i),
  PutRetentionPolicy: (e, i) => e.putRetentionPolicy(i),
  DeleteRetentionPolicy: (e, i) => e.deleteRetentionPolicy(i),
  TagResource: (e, i) => e.tagResource(i),
  UntagResource: (e, i) => e.untagResource(i),
  ListTagsForResource: (e, i) => e.listTagsForResource(i),
  TagLogGroup: (e, i) => e.tagLogGroup(i),
  ListTagsLogGroup: (e, i) => e.listTagsLogGroup(i),
};

/**
 * Inputs are checked against AWS's model first: constraint failures are CloudWatch Logs'
 * InvalidParameterException ("1 validation error detected: Value '' at 'logGroupName' failed
 * to satisfy constraint: …"), a member of the wrong JSON type a SerializationException.
 */
const validate = createValidator(logsModel, {
  errorCode: "InvalidParameterException",
  jsonTypes: coralJsonTypeRules("com.amazonaws.logs.v20140328"),
});

export function createLogsWire(engine: LogsEngine, logger: Logger) {
  return createAwsJsonHandler(
    engine,
    {
      protocol: PROTOCOL,
      label: "CloudWatch Logs",
      actions: ACTIONS,
      validatorFor: validate.forOperation,
      unknownAction,
    },
    logger,
  );
}

/** An action of AWS's model the sandbox does not emulate says so; any other gets AWS's bare answer. */
function unknownAction(action: string): UnknownOperationException {
  if (!Object.hasOwn(logsModel.operations, action)) return new UnknownOperationException();
  return new UnknownOperationException(`The sandbox does not emulate the CloudWatch Logs action ${action}.`);
}
