/**
 * X-Ray for S3: a request that carries a sampled X-Amzn-Trace-Id (an AWS SDK inside a traced
 * Lambda function forwards _X_AMZN_TRACE_ID) is recorded as a segment named after its bucket,
 * origin AWS::S3::Bucket, with the operation, bucket, key and request id, as DynamoDB's
 * requests are recorded after their table. An untraced request pays one header lookup.
 */
import { isTracing, TRACE_HEADER, type AwsService, type EdgeRequest, type EdgeResponse, type Tracer } from "@sam-sandbox/core";
import { addressOf } from "./wire/address.js";
import { routeOf } from "./wire/route.js";

type Handler = AwsService["handle"];

export function withTracing(handle: Handler, tracer: Tracer, region: string): Handler {
  if (!tracer.enabled) return handle;
  return (req) => {
    const header = req.headers[TRACE_HEADER];
    return isTracing(tracer, header) ? traced(handle, tracer, region, req, header) : handle(req);
  };
}

async function traced(handle: Handler, tracer: Tracer, region: string, req: EdgeRequest, header: string): Promise<EdgeResponse> {
  const address = addressOf(req.headers.host, req.path);
  const level = address?.bucket === undefined ? "service" : address.key === undefined ? "bucket" : "object";
  const operation = routeOf(req.method, level, new URLSearchParams(req.rawQuery), req.headers) ?? req.method;
  const aws: Record<string, unknown> = { operation, region };
  if (address?.bucket !== undefined) aws.bucket_name = address.bucket;
  if (address?.key !== undefined) aws.key = address.key;
  const segment = tracer.startSegment({ name: address?.bucket ?? "S3", origin: "AWS::S3::Bucket", traceHeader: header, aws });
  const response = await handle(req);
  const requestId = response.headers["x-amz-request-id"];
  segment.close({
    status: response.status,
    aws: requestId === undefined ? undefined : { request_id: requestId, id_2: response.headers["x-amz-id-2"] },
    cause: response.status >= 400 ? errorOf(response) : undefined,
  });
  return response;
}

/** The error an S3 answer names (<Error><Code>NoSuchKey</Code><Message>…</Message>). */
function errorOf(response: EdgeResponse): { message: string; type: string; remote: false } | undefined {
  const text = typeof response.body === "string" ? response.body : response.body.toString("utf8");
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (code === undefined) return undefined;
  return { type: code, message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? "", remote: false };
}
