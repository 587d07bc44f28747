/**
 * X-Ray for DynamoDB: a request that carries a sampled X-Amzn-Trace-Id (an AWS SDK inside a
 * traced Lambda function forwards _X_AMZN_TRACE_ID) is recorded as a segment named after
 * its table, origin AWS::DynamoDB::Table, with the operation, table and request id. An
 * untraced request pays one header lookup and one flag check.
 */
import { isTracing, TRACE_HEADER, type EdgeRequest, type EdgeResponse, type Tracer } from "@sam-sandbox/core";
import { TARGET_PREFIX } from "./wire.js";

type Handler = (req: EdgeRequest) => Promise<EdgeResponse>;

export function withTracing(handle: Handler, tracer: Tracer, region: string): Handler {
  if (!tracer.enabled) return handle;
  return (req) => {
    const header = req.headers[TRACE_HEADER];
    return isTracing(tracer, header) ? traced(handle, tracer, region, req, header) : handle(req);
  };
}

async function traced(handle: Handler, tracer: Tracer, region: string, req: EdgeRequest, header: string): Promise<EdgeResponse> {
  const target = req.headers["x-amz-target"] ?? "";
  const operation = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : target;
  const tables = tableNames(req.body);
  const aws: Record<string, unknown> = { operation, region };
  if (tables.length === 1) aws.table_name = tables[0];
  else if (tables.length > 1) aws.table_names = tables;
  const segment = tracer.startSegment({ name: tables.length === 1 ? tables[0] : "DynamoDB", origin: "AWS::DynamoDB::Table", traceHeader: header, aws });
  const response = await handle(req);
  const requestId = response.headers["x-amzn-requestid"];
  segment.close({
    status: response.status,
    aws: requestId === undefined ? undefined : { request_id: requestId },
    cause: response.status >= 400 ? errorOf(response) : undefined,
  });
  return response;
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
function errorOf(response: EdgeResponse): { message: string; type: string; remote: false } | undefined {
  try {
    const body = JSON.parse(response.body.toString()) as { __type?: unknown; message?: unknown; Message?: unknown };
    const type = String(body.__type ?? "");
    return { type: type.slice(type.lastIndexOf("#") + 1), message: String(body.message ?? body.Message ?? ""), remote: false };
  } catch {
    return undefined;
  }
}
