import {
  checkWithoutNulls,
  coralJsonTypeRules,
  createAwsJsonHandler,
  createValidator,
  jsonWithDoubles,
  UnknownOperationException,
  type AwsJsonOptions,
  type Logger,
  type OperationValidator,
} from "@sam-sandbox/core";
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import type { LogsEngine } from "./engine/engine.js";
import { startLiveTail } from "./liveTailWire.js";
import { InvalidParameterException } from "./errors.js";
import { logsModel } from "./generated/logs.js";
import { MAX_NAME_LENGTH } from "./limits.js";
import { testTransformer } from "./engine/transformer/index.js";

const PROTOCOL: AwsJsonOptions = { version: "1.1" };

type Action = (engine: LogsEngine, input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** AWS action name → engine method (awsJson 1.1, X-Amz-Target Logs_20140328.<Action>). */
const ACTIONS: Record<string, Action> = {
  CreateLogGroup: (e, i) => e.createLogGroup(i),
  DeleteLogGroup: (e, i) => e.deleteLogGroup(i),
  CreateLogStream: (e, i) => e.createLogStream(i),
  DeleteLogStream: (e, i) => e.deleteLogStream(i),
  DescribeLogGroups: (e, i) => e.describeLogGroups(i),
  ListLogGroups: (e, i) => e.listLogGroups(i),
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
  // Logs Insights
  StartQuery: (e, i) => e.queries.startQuery(i),
  GetQueryResults: (e, i) => e.queries.getQueryResults(i),
  StopQuery: (e, i) => e.queries.stopQuery(i),
  DescribeQueries: (e, i) => e.queries.describeQueries(i),
  GetLogGroupFields: (e, i) => e.queries.getLogGroupFields(i),
  GetLogRecord: (e, i) => e.queries.getLogRecord(i),
  PutQueryDefinition: (e, i) => e.queries.putQueryDefinition(i),
  DescribeQueryDefinitions: (e, i) => e.queries.describeQueryDefinitions(i),
  DeleteQueryDefinition: (e, i) => e.queries.deleteQueryDefinition(i),
  // Metric filters
  PutMetricFilter: (e, i) => e.metricFilters.putMetricFilter(i),
  DescribeMetricFilters: (e, i) => e.metricFilters.describeMetricFilters(i),
  DeleteMetricFilter: (e, i) => e.metricFilters.deleteMetricFilter(i),
  TestMetricFilter: (e, i) => e.metricFilters.testMetricFilter(i),
  // Subscription filters
  PutSubscriptionFilter: (e, i) => e.subscriptions.putSubscriptionFilter(i),
  DescribeSubscriptionFilters: (e, i) => e.subscriptions.describeSubscriptionFilters(i),
  DeleteSubscriptionFilter: (e, i) => e.subscriptions.deleteSubscriptionFilter(i),
  ListLogGroupsForQuery: (e, i) => e.queries.listLogGroupsForQuery(i),
  // Stored configuration
  UntagLogGroup: (e, i) => e.policies.untagLogGroup(i),
  PutResourcePolicy: (e, i) => e.policies.putResourcePolicy(i),
  DescribeResourcePolicies: (e, i) => e.policies.describeResourcePolicies(i),
  DeleteResourcePolicy: (e, i) => e.policies.deleteResourcePolicy(i),
  PutAccountPolicy: (e, i) => e.policies.putAccountPolicy(i),
  DescribeAccountPolicies: (e, i) => e.policies.describeAccountPolicies(i),
  DeleteAccountPolicy: (e, i) => e.policies.deleteAccountPolicy(i),
  PutDestination: (e, i) => e.policies.putDestination(i),
  PutDestinationPolicy: (e, i) => e.policies.putDestinationPolicy(i),
  DescribeDestinations: (e, i) => e.policies.describeDestinations(i),
  DeleteDestination: (e, i) => e.policies.deleteDestination(i),
  AssociateKmsKey: (e, i) => e.policies.associateKmsKey(i),
  DisassociateKmsKey: (e, i) => e.policies.disassociateKmsKey(i),
  PutDataProtectionPolicy: (e, i) => e.policies.putDataProtectionPolicy(i),
  GetDataProtectionPolicy: (e, i) => e.policies.getDataProtectionPolicy(i),
  DeleteDataProtectionPolicy: (e, i) => e.policies.deleteDataProtectionPolicy(i),
  PutIndexPolicy: (e, i) => e.policies.putIndexPolicy(i),
  DescribeIndexPolicies: (e, i) => e.policies.describeIndexPolicies(i),
  DeleteIndexPolicy: (e, i) => e.policies.deleteIndexPolicy(i),
  DescribeFieldIndexes: (e, i) => e.policies.describeFieldIndexes(i),
  PutTransformer: (e, i) => e.policies.putTransformer(i),
  GetTransformer: (e, i) => e.policies.getTransformer(i),
  DeleteTransformer: (e, i) => e.policies.deleteTransformer(i),
  TestTransformer: (_e, i) => testTransformer(i as { transformerConfig: unknown; logEventMessages: string[] }),
  // Anomaly detection and integrations
  CreateLogAnomalyDetector: (e, i) => e.anomalies.createLogAnomalyDetector(i),
  GetLogAnomalyDetector: (e, i) => e.anomalies.getLogAnomalyDetector(i),
  ListLogAnomalyDetectors: (e, i) => e.anomalies.listLogAnomalyDetectors(i),
  UpdateLogAnomalyDetector: (e, i) => e.anomalies.updateLogAnomalyDetector(i),
  DeleteLogAnomalyDetector: (e, i) => e.anomalies.deleteLogAnomalyDetector(i),
  ListAnomalies: (e, i) => e.anomalies.listAnomalies(i),
  UpdateAnomaly: (e, i) => e.anomalies.updateAnomaly(i),
  PutIntegration: (e, i) => e.anomalies.putIntegration(i),
  GetIntegration: (e, i) => e.anomalies.getIntegration(i),
  ListIntegrations: (e, i) => e.anomalies.listIntegrations(i),
  DeleteIntegration: (e, i) => e.anomalies.deleteIntegration(i),
  // Vended-log deliveries
  PutDeliverySource: (e, i) => e.deliveries.putDeliverySource(i),
  GetDeliverySource: (e, i) => e.deliveries.getDeliverySource(i),
  DescribeDeliverySources: (e, i) => e.deliveries.describeDeliverySources(i),
  DeleteDeliverySource: (e, i) => e.deliveries.deleteDeliverySource(i),
  PutDeliveryDestination: (e, i) => e.deliveries.putDeliveryDestination(i),
  GetDeliveryDestination: (e, i) => e.deliveries.getDeliveryDestination(i),
  DescribeDeliveryDestinations: (e, i) => e.deliveries.describeDeliveryDestinations(i),
  DeleteDeliveryDestination: (e, i) => e.deliveries.deleteDeliveryDestination(i),
  PutDeliveryDestinationPolicy: (e, i) => e.deliveries.putDeliveryDestinationPolicy(i),
  GetDeliveryDestinationPolicy: (e, i) => e.deliveries.getDeliveryDestinationPolicy(i),
  DeleteDeliveryDestinationPolicy: (e, i) => e.deliveries.deleteDeliveryDestinationPolicy(i),
  CreateDelivery: (e, i) => e.deliveries.createDelivery(i),
  GetDelivery: (e, i) => e.deliveries.getDelivery(i),
  DescribeDeliveries: (e, i) => e.deliveries.describeDeliveries(i),
  UpdateDeliveryConfiguration: (e, i) => e.deliveries.updateDeliveryConfiguration(i),
  DeleteDelivery: (e, i) => e.deliveries.deleteDelivery(i),
  DescribeConfigurationTemplates: (e) => e.deliveries.describeConfigurationTemplates(),
  // Export to S3 (through the S3 port packages/sandbox wires)
  CreateExportTask: (e, i) => e.exportTasks.createExportTask(i),
  DescribeExportTasks: (e, i) => e.exportTasks.describeExportTasks(i),
  CancelExportTask: (e, i) => e.exportTasks.cancelExportTask(i),
};

/**
 * Inputs are checked against AWS's model first: constraint failures are CloudWatch Logs'
 * InvalidParameterException ("1 validation error detected: Value '' at 'logGroupName' failed
 * to satisfy constraint: …"), a member of the wrong JSON type a SerializationException.
 */
const validate = createValidator(modelAsAwsPrints(), {
  errorCode: "InvalidParameterException",
  jsonTypes: coralJsonTypeRules("com.amazonaws.logs.v20140328"),
});

/**
 * The newer delivery actions (their model lists ValidationException, not InvalidParameterException)
 * answer constraint failures as ValidationException, and list OutputFormat's values in AWS's
 * own order (localstack test_logs_delivery.snapshot.json, test_put_delivery_destination_invalid_format, recorded on AWS).
 */
const validateNewer = createValidator(modelAsAwsPrints(), {
  errorCode: "ValidationException",
  jsonTypes: coralJsonTypeRules("com.amazonaws.logs.v20140328"),
  shapeOverrides: { OutputFormat: { values: ["w3c", "raw", "json", "plain", "parquet"] } },
});

function answersValidationException(operation: string): boolean {
  const errors = logsModel.operations[operation]?.errors ?? [];
  return errors.includes("ValidationException") && !errors.includes("InvalidParameterException");
}

/**
 * The model with MetricTransformation's members in the order AWS's Java toString prints them
 * (unit before dimensions: localstack test_logs_metric_filters.snapshot.json, recorded on AWS).
 */
function modelAsAwsPrints(): typeof logsModel {
  const shape = logsModel.shapes.MetricTransformation;
  const members = shape?.members;
  if (!shape || !members?.unit || !members.dimensions) return logsModel;
  const { unit, dimensions, ...rest } = members;
  return { ...logsModel, shapes: { ...logsModel.shapes, MetricTransformation: { ...shape, members: { ...rest, unit, dimensions } } } };
}

// AWS answers an over-long name at creation (and at DeleteMetricFilter) with its own text, not the generic
// constraint message (recorded: localstack tests/aws/services/logs/test_logs_groups.snapshot.json,
// invalid_name_length; test_logs_metric_filters.snapshot.json, test_delete_metric_filter_invalid_log_group_name).
const NAME_CHECKED = new Set(["CreateLogGroup", "CreateLogStream", "DeleteMetricFilter"]);

/** Actions newer than ../shared/aws-models' CloudWatch Logs model: no constraints to check them against. */
const NOT_IN_MODEL = new Set(["ListLogGroups"]);

/** Each action's check, once JSON nulls are read as AWS reads them (a null member is absent). */
function validatorFor(operation: string): ((input: Record<string, unknown>) => void) | undefined {
  return checkWithoutNulls(logsModel, operation, modelCheck(operation));
}

function modelCheck(operation: string): OperationValidator | undefined {
  if (NOT_IN_MODEL.has(operation)) return () => undefined;
  if (answersValidationException(operation)) return validateNewer.forOperation(operation);
  const generic = validate.forOperation(operation);
  if (generic !== undefined && operation === "PutQueryDefinition") return (input) => generic(withLogGroupArnsAsNames(input));
  if (generic === undefined || !NAME_CHECKED.has(operation)) return generic;
  return (input) => {
    const { logGroupName, logStreamName } = (input ?? {}) as { logGroupName?: unknown; logStreamName?: unknown };
    const tooLong = (v: unknown): boolean => typeof v === "string" && v.length > MAX_NAME_LENGTH;
    if (tooLong(logGroupName) || tooLong(logStreamName)) {
      throw new InvalidParameterException(`Invalid LogGroup or LogStream, both must have length less than or equal to ${MAX_NAME_LENGTH}.`);
    }
    generic(input);
  };
}

// A query definition's logGroupNames take log group ARNs too, though the model's pattern has no ':'
// (the AWS CLI's example put-query-definition.rst saves one with arn:aws:logs:…:log-group:demo-log-group):
// the name inside the ARN is what is checked. The definition keeps the ARN as given.
const LOG_GROUP_ARN = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/;

function withLogGroupArnsAsNames(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const names = (input as { logGroupNames?: unknown }).logGroupNames;
  if (!Array.isArray(names)) return input;
  return { ...input, logGroupNames: names.map((name: unknown) => (typeof name === "string" ? (LOG_GROUP_ARN.exec(name)?.[1] ?? name) : name)) };
}

// StartLiveTail answers an event stream, not a JSON document.
const START_LIVE_TAIL_TARGET = "Logs_20140328.StartLiveTail";

export function createLogsWire(engine: LogsEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  const json = createAwsJsonHandler(
    engine,
    {
      protocol: PROTOCOL,
      label: "CloudWatch Logs",
      actions: ACTIONS,
      validatorFor,
      unknownAction,
      outputJson,
    },
    logger,
  );
  const validateLiveTail = validate.forOperation("StartLiveTail");
  return (req) => (req.headers["x-amz-target"] === START_LIVE_TAIL_TARGET ? Promise.resolve(startLiveTail(engine, req, PROTOCOL, validateLiveTail, logger)) : json(req));
}

// A query's statistics are doubles (StatsValue), written "recordsMatched":3.0 (the AWS CLI's example get-query-results.rst).
const DOUBLE_MEMBERS: ReadonlySet<string> = new Set(["statistics"]);

function outputJson(action: string, output: unknown): string | undefined {
  return action === "GetQueryResults" ? jsonWithDoubles(output, DOUBLE_MEMBERS) : undefined;
}

/** An action of AWS's model the sandbox does not emulate says so; any other gets AWS's bare answer. */
function unknownAction(action: string): UnknownOperationException {
  if (!Object.hasOwn(logsModel.operations, action)) return new UnknownOperationException();
  return new UnknownOperationException(`The sandbox does not emulate the CloudWatch Logs action ${action}.`);
}
