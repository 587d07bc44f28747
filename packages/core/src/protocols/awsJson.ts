import { crc32 } from "node:zlib";
import { AwsError, SerializationException } from "../errors.js";
import type { EdgeRequest, EdgeResponse } from "../http.js";

/** awsJson 1.0 (DynamoDB, Step Functions) and 1.1 (Cognito, CloudWatch Logs). */
export type AwsJsonVersion = "1.0" | "1.1";

export interface AwsJsonOptions {
  version: AwsJsonVersion;
  /** Maps an error code to the body's `__type` (e.g. "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"). */
  errorType?: (error: AwsError) => string;
  /** Adds `x-amz-crc32` as DynamoDB does. */
  crc32?: boolean;
  /** Body key of the message: "message" by default; some errors use "Message" (e.g. coral SerializationException). */
  messageKey?: (error: AwsError) => "message" | "Message";
}

/** "DynamoDB_20120810.PutItem" → "PutItem". */
export function targetAction(req: EdgeRequest): string | undefined {
  const target = req.headers["x-amz-target"];
  if (!target) return undefined;
  const dot = target.lastIndexOf(".");
  return dot >= 0 ? target.slice(dot + 1) : target;
}

/** Parses an awsJson body; an empty body is `{}` as AWS treats it. */
export function parseJsonBody(body: Buffer | string): Record<string, unknown> {
  const text = typeof body === "string" ? body : body.toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SerializationException("Start of structure or map found where not expected.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SerializationException("Start of structure or map found where not expected.");
  }
  return value as Record<string, unknown>;
}

export function jsonResponse(
  options: AwsJsonOptions,
  requestId: string,
  output: unknown,
  status = 200,
): EdgeResponse {
  const body = JSON.stringify(output ?? {});
  return finish(options, requestId, status, body, {});
}

/**
 * JSON in which every number under a member named in `doubles` (at any depth, and everything
 * nested in it) is written as the Java services behind awsJson write a double: a whole number
 * keeps its ".0" (DynamoDB's "CapacityUnits":1.0, CloudWatch Logs' "recordsMatched":3.0 — the
 * AWS CLI prints them so in its examples put-item.rst and get-query-results.rst). JSON.stringify
 * would write 1 and 3, which awscli and boto3 read as integers.
 */
export function jsonWithDoubles(value: unknown, doubles: ReadonlySet<string>, inDouble = false): string {
  if (typeof value === "number") return inDouble && Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : jsonWithDoubles(v, doubles, inDouble))).join(",")}]`;
  if (typeof value !== "object" || value === null || value instanceof Date) return JSON.stringify(value) ?? "null";
  const members: string[] = [];
  for (const [name, member] of Object.entries(value)) {
    if (member !== undefined) members.push(`${JSON.stringify(name)}:${jsonWithDoubles(member, doubles, inDouble || doubles.has(name))}`);
  }
  return `{${members.join(",")}}`;
}

/** Serializes an already-encoded JSON body (hot paths that build JSON themselves). */
export function rawJsonResponse(options: AwsJsonOptions, requestId: string, body: string): EdgeResponse {
  return finish(options, requestId, 200, body, {});
}

export function jsonErrorResponse(options: AwsJsonOptions, requestId: string, error: AwsError): EdgeResponse {
  const type = options.errorType ? options.errorType(error) : error.code;
  const payload: Record<string, unknown> = { __type: type };
  if (error.message !== "") payload[options.messageKey ? options.messageKey(error) : "message"] = error.message;
  Object.assign(payload, error.extra);
  return finish(options, requestId, error.statusCode, JSON.stringify(payload), {
    "x-amzn-errortype": error.code,
  });
}

function finish(
  options: AwsJsonOptions,
  requestId: string,
  status: number,
  body: string,
  extra: Record<string, string>,
): EdgeResponse {
  const headers: Record<string, string> = {
    "content-type": `application/x-amz-json-${options.version}`,
    "x-amzn-requestid": requestId,
    ...extra,
  };
  if (!options.crc32) return { status, headers, body };
  // Encoded once: the checksum and the socket both take these bytes.
  const bytes = Buffer.from(body, "utf8");
  headers["x-amz-crc32"] = String(crc32(bytes));
  return { status, headers, body: bytes };
}
