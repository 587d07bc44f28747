/**
 * X-Ray for DynamoDB: a request that carries a sampled X-Amzn-Trace-Id (an AWS SDK inside a
 * traced Lambda function forwards _X_AMZN_TRACE_ID) is recorded as a segment named after
 * its table, origin AWS::DynamoDB::Table, with the operation, table and request id (core's
 * withRequestTracing). An untraced request pays one header lookup and one flag check.
 */
import { withRequestTracing, type EdgeRequest, type EdgeResponse, type SegmentCause, type Tracer } from "@sam-sandbox/core";
import { TARGET_PREFIX } from "./wire.js";

type Handler = (req: EdgeRequest) => Promise<EdgeResponse>;

export function withTracing(handle: Handler, tracer: Tracer, region: string): Handler {
  return withRequestTracing(handle, tracer, {
    describe(req) {
      const target = req.headers["x-amz-target"] ?? "";
      const operation = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : target;
      const tables = tableNames(req.body);
      const aws: Record<string, unknown> = { operation, region };
      if (tables.length === 1) aws.table_name = tables[0];
      else if (tables.length > 1) aws.table_names = tables;
      return { name: tables.length === 1 ? tables[0] : "DynamoDB", origin: "AWS::DynamoDB::Table", aws };
    },
    responseAws(res) {
      const requestId = res.headers["x-amzn-requestid"];
      return requestId === undefined ? undefined : { request_id: requestId };
    },
    errorOf,
  });
}

/** TableName, or the tables a batch or transaction names. */
function tableNames(body: Buffer): string[] {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    return [];
  }
  if (typeof input !== "object" || input === null) return [];
  if (typeof input.TableName === "string") return [input.TableName];
  if (typeof input.RequestItems === "object" && input.RequestItems !== null) return Object.keys(input.RequestItems);
  if (Array.isArray(input.TransactItems)) {
    const names = new Set<string>();
    for (const item of input.TransactItems as unknown[]) {
      for (const op of Object.values((item ?? {}) as Record<string, unknown>)) {
        const name = (op as { TableName?: unknown } | null)?.TableName;
        if (typeof name === "string") names.add(name);
      }
    }
    return [...names];
  }
  return [];
}

/** The error an awsJson answer names ("…#ConditionalCheckFailedException"). */
function errorOf(response: EdgeResponse): SegmentCause | undefined {
  try {
    const body = JSON.parse(response.body.toString()) as { __type?: unknown; message?: unknown; Message?: unknown };
    const type = String(body.__type ?? "");
    return { type: type.slice(type.lastIndexOf("#") + 1), message: String(body.message ?? body.Message ?? ""), remote: false };
  } catch {
    return undefined;
  }
}
