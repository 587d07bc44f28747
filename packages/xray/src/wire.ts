/**
 * The X-Ray API over restJson: every operation is a POST to its own path (/TraceSegments,
 * /TraceSummaries, /Traces, …) with a JSON body, routed by the generated model's HTTP
 * bindings and checked against the model before the engine sees it.
 */
import {
  AwsError,
  InternalFailure,
  UnknownOperationException,
  coralJsonTypeRules,
  createValidator,
  dropNullMembers,
  parseJsonBody,
  requestId,
  type EdgeRequest,
  type EdgeResponse,
  type Logger,
} from "@sam-sandbox/core";
import { messages } from "./errors.js";
import type { XRayEngine } from "./engine/engine.js";
import { xrayModel } from "./generated/xray.js";

type Action = (engine: XRayEngine, input: Record<string, unknown>) => unknown;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  PutTraceSegments: (e, i) => e.putTraceSegments(i),
  GetTraceSummaries: (e, i) => e.getTraceSummaries(i),
  BatchGetTraces: (e, i) => e.batchGetTraces(i),
  GetServiceGraph: (e, i) => e.getServiceGraph(i),
  GetTraceGraph: (e, i) => e.getTraceGraph(i),
  GetTimeSeriesServiceStatistics: (e, i) => e.getTimeSeriesServiceStatistics(i),
  PutTelemetryRecords: (e) => e.putTelemetryRecords(),
  CreateGroup: (e, i) => e.createGroup(i),
  GetGroup: (e, i) => e.getGroup(i),
  GetGroups: (e) => e.getGroups(),
  UpdateGroup: (e, i) => e.updateGroup(i),
  DeleteGroup: (e, i) => e.deleteGroup(i),
  GetSamplingRules: (e) => e.getSamplingRules(),
  CreateSamplingRule: (e, i) => e.createSamplingRule(i),
  UpdateSamplingRule: (e, i) => e.updateSamplingRule(i),
  DeleteSamplingRule: (e, i) => e.deleteSamplingRule(i),
  GetSamplingTargets: (e, i) => e.getSamplingTargets(i),
  GetSamplingStatisticSummaries: (e) => e.getSamplingStatisticSummaries(),
  TagResource: (e, i) => e.tagResource(i),
  UntagResource: (e, i) => e.untagResource(i),
  ListTagsForResource: (e, i) => e.listTagsForResource(i),
  GetEncryptionConfig: (e) => e.getEncryptionConfig(),
  PutEncryptionConfig: (e, i) => e.putEncryptionConfig(i),
  GetTraceSegmentDestination: (e) => e.getTraceSegmentDestination(),
  UpdateTraceSegmentDestination: (e, i) => e.updateTraceSegmentDestination(i),
  GetIndexingRules: (e) => e.getIndexingRules(),
  UpdateIndexingRule: (e, i) => e.updateIndexingRule(i),
  PutResourcePolicy: (e, i) => e.putResourcePolicy(i),
  DeleteResourcePolicy: (e, i) => e.deleteResourcePolicy(i),
  ListResourcePolicies: (e) => e.listResourcePolicies(),
  GetInsightSummaries: (e, i) => e.getInsightSummaries(i),
  GetInsight: (e) => e.getInsight(),
  GetInsightEvents: (e) => e.getInsightEvents(),
  GetInsightImpactGraph: (e, i) => e.getInsightImpactGraph(i),
  StartTraceRetrieval: (e, i) => e.startTraceRetrieval(i),
  ListRetrievedTraces: (e, i) => e.listRetrievedTraces(i),
  GetRetrievedTracesGraph: (e, i) => e.getRetrievedTracesGraph(i),
  CancelTraceRetrieval: (e, i) => e.cancelTraceRetrieval(i),
};

/** "POST /TraceSegments" → "PutTraceSegments", from the model's smithy.api#http traits. */
const ROUTES = new Map(
  Object.entries(xrayModel.operations).flatMap(([name, op]) => (op.http ? [[`${op.http.method} ${op.http.uri}`, name] as const] : [])),
);

/** Errors the model declares carry `Message`; the framework's own (ValidationException…) `message`. */
const MODELED_ERRORS = new Set(Object.entries(xrayModel.shapes).filter(([, s]) => s.error !== undefined).map(([name]) => name));

export function createXRayWire(engine: XRayEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  // A member of the wrong JSON type fails with a SerializationException before any engine
  // code runs, as AWS's Coral deserializer answers (class names in its texts: not recorded for X-Ray).
  const validate = createValidator(xrayModel, { jsonTypes: coralJsonTypeRules("com.amazonaws.xray") });
  return async (req) => {
    const id = requestId();
    try {
      const path = req.path.length > 1 && req.path.endsWith("/") ? req.path.slice(0, -1) : req.path;
      const operation = ROUTES.get(`${req.method} ${path}`);
      if (operation === undefined) throw new UnknownOperationException(messages.unknownPath(req.method, req.path));
      const action = ACTIONS[operation];
      if (action === undefined) throw new UnknownOperationException(messages.unsupportedOperation(operation));
      const input = parseJsonBody(req.body);
      // A member sent as JSON null is absent, as Coral reads it (a null FilterExpression answered 500).
      dropNullMembers(xrayModel, xrayModel.operations[operation]?.input ?? "", input);
      validate(operation, input);
      const output = await action(engine, input);
      return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": id }, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof AwsError) return errorResponse(id, error);
      logger.error(`X-Ray: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResponse(id, new InternalFailure());
    }
  };
}

function errorResponse(id: string, error: AwsError): EdgeResponse {
  const key = MODELED_ERRORS.has(error.code) ? "Message" : "message";
  return {
    status: error.statusCode,
    headers: { "content-type": "application/json", "x-amzn-requestid": id, "x-amzn-errortype": error.code },
    body: JSON.stringify({ [key]: error.message, ...error.extra }),
  };
}
