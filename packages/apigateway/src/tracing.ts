/**
 * X-Ray for API Gateway. A REST API stage with TracingEnabled ("active" tracing), or any REST
 * request whose X-Amzn-Trace-Id already carries Sampled=1 ("passive": an upstream service
 * traces), records a segment named "<api name>/<stage>" with one subsegment per integration
 * call. HTTP APIs have no X-Ray tracing on AWS: they only create and pass the header on.
 */
import { parseTraceHeader, TRACE_HEADER, type CloseSegmentOptions, type EdgeRequest, type SegmentHandle, type Tracer } from "@sam-sandbox/core";
import type { ApiConfig } from "./config.js";
import { withStage } from "./http/incoming.js";
import type { RequestIds } from "./respond.js";

export interface StageTraceContext {
  tracer: Tracer;
  region: string;
  accountId: string;
}

/** The stage's segment for this request, or undefined when the request is not traced. */
export function startStageSegment(
  ctx: StageTraceContext,
  api: ApiConfig,
  req: EdgeRequest,
  ids: RequestIds,
  path: string,
  startTime: number,
): SegmentHandle | undefined {
  if (!ctx.tracer.enabled || api.kind !== "rest") return undefined;
  const incoming = req.headers[TRACE_HEADER];
  if (api.tracingEnabled !== true && parseTraceHeader(incoming)?.sampled !== true) return undefined;
  const forwardedFor = req.headers["x-forwarded-for"];
  const query = req.rawQuery === "" ? "" : `?${req.rawQuery}`;
  return ctx.tracer.startSegment({
    name: `${api.name ?? api.apiId}/${api.stageName}`,
    origin: "AWS::ApiGateway::Stage",
    traceHeader: ids.trace,
    startTime,
    http: {
      method: req.method.toUpperCase(),
      url: `http://${req.headers.host ?? "localhost"}${withStage(api, path)}${query}`,
      userAgent: req.headers["user-agent"],
      clientIp: forwardedFor?.split(",")[0]?.trim() ?? req.sourceIp ?? "127.0.0.1",
      xForwardedFor: forwardedFor !== undefined,
    },
    aws: { api_gateway: { account_id: ctx.accountId, rest_api_id: api.apiId, stage: api.stageName, request_id: ids.rest } },
    resourceArn: `arn:aws:apigateway:${ctx.region}::/restapis/${api.apiId}/stages/${api.stageName}`,
    annotations: { "aws:api_id": api.apiId, "aws:api_stage": api.stageName },
  });
}

/** The subsegment of a Lambda integration call; its header() is what the function receives. */
export function lambdaSubsegment(segment: SegmentHandle, functionName: string, region: string): SegmentHandle {
  return segment.addSubsegment({
    name: "Lambda",
    namespace: "aws",
    aws: { operation: "Invoke", function_name: functionName, region, resource_names: [functionName] },
  });
}

/** The subsegment of a Step Functions integration call (the X-Ray SDKs name the service "SFN"). */
export function stepFunctionsSubsegment(segment: SegmentHandle, action: string, region: string): SegmentHandle {
  return segment.addSubsegment({ name: "SFN", namespace: "aws", aws: { operation: action, region } });
}

/** How an integration call ended, as its subsegment records it. */
export function callOutcome(outcome: { statusCode: number; functionError?: string } | "timeout" | "failed" | "missing"): CloseSegmentOptions {
  if (outcome === "timeout") return { fault: true, cause: { message: "Endpoint request timed out", type: "TimeoutError", remote: true } };
  if (outcome === "failed") return { status: 500 };
  if (outcome === "missing") return { status: 404 };
  if (outcome.functionError !== undefined) return { status: outcome.statusCode, fault: true, cause: { message: "Function error", type: outcome.functionError, remote: true } };
  return { status: outcome.statusCode };
}
