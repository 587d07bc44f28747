/**
 * X-Ray for S3: a traced request is recorded as a segment named after its bucket, origin
 * AWS::S3::Bucket, with the operation, bucket, key and request ids (core's
 * withRequestTracing, as DynamoDB's requests are recorded after their table).
 */
import { withRequestTracing, type AwsService, type EdgeResponse, type SegmentCause, type Tracer } from "@sam-sandbox/core";
import { addressOf } from "./wire/address.js";
import { routeOf } from "./wire/route.js";

export function withTracing(handle: AwsService["handle"], tracer: Tracer, region: string): AwsService["handle"] {
  return withRequestTracing(handle, tracer, {
    describe(req) {
      const address = addressOf(req.headers.host, req.path);
      const level = address?.bucket === undefined ? "service" : address.key === undefined ? "bucket" : "object";
      const operation = routeOf(req.method, level, new URLSearchParams(req.rawQuery), req.headers) ?? req.method;
      const aws: Record<string, unknown> = { operation, region };
      if (address?.bucket !== undefined) aws.bucket_name = address.bucket;
      if (address?.key !== undefined) aws.key = address.key;
      return { name: address?.bucket ?? "S3", origin: "AWS::S3::Bucket", aws };
    },
    responseAws(res) {
      const requestId = res.headers["x-amz-request-id"];
      return requestId === undefined ? undefined : { request_id: requestId, id_2: res.headers["x-amz-id-2"] };
    },
    errorOf,
  });
}

/** The error an S3 answer names (<Error><Code>NoSuchKey</Code><Message>…</Message>). */
function errorOf(response: EdgeResponse): SegmentCause | undefined {
  const text = typeof response.body === "string" ? response.body : response.body.toString("utf8");
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (code === undefined) return undefined;
  return { type: code, message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? "", remote: false };
}
