/**
 * The Lambda API over restJson: Invoke, GetFunction, GetFunctionConfiguration and
 * ListFunctions under /2015-03-31/functions, errors as Lambda writes them.
 */
import type { EdgeRequest, EdgeResponse, Logger } from "@sam-sandbox/core";
import { AwsError, UnknownOperationException, ValidationException, requestId as newRequestId } from "@sam-sandbox/core";
import { CAPITALIZED_MESSAGE_ERRORS, InvalidRequestContentException, ServiceException, messages } from "./errors.js";
import { MAX_SYNC_REQUEST_BYTES } from "./limits.js";
import type { LambdaEngine } from "./engine/engine.js";

const FUNCTIONS = "/2015-03-31/functions";
const INVOCATION_TYPES = ["Event", "RequestResponse", "DryRun"] as const;
const LOG_TYPES = ["None", "Tail"] as const;

export function lambdaWire(engine: LambdaEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return async (req) => {
    const id = newRequestId();
    try {
      return await route(engine, req, id);
    } catch (error) {
      if (!(error instanceof AwsError)) logger.error(`lambda: ${req.method} ${req.path} failed: ${String(error)}`);
      return errorResponse(id, error instanceof AwsError ? error : new ServiceException(String(error)));
    }
  };
}

async function route(engine: LambdaEngine, req: EdgeRequest, id: string): Promise<EdgeResponse> {
  if (!req.path.startsWith(FUNCTIONS)) throw new UnknownOperationException(messages.unsupportedOperation(req.method, req.path));
  const parts = req.path.slice(FUNCTIONS.length).split("/").filter((p) => p !== "");
  const query = new URLSearchParams(req.rawQuery);
  const qualifier = query.get("Qualifier") ?? undefined;
  const name = parts[0] === undefined ? "" : decodeLabel(parts[0]);
  if (req.method === "GET" && parts.length === 0) {
    const maxItems = query.get("MaxItems");
    return json(id, engine.listFunctions(query.get("Marker") ?? undefined, maxItems === null ? undefined : Number(maxItems)));
  }
  if (req.method === "GET" && parts.length === 1) return json(id, engine.getFunction(name, qualifier));
  if (req.method === "GET" && parts.length === 2 && parts[1] === "configuration") {
    return json(id, engine.getFunctionConfiguration(name, qualifier));
  }
  if (req.method === "POST" && parts.length === 2 && parts[1] === "invocations") return invokeAction(engine, req, id, name, qualifier);
  throw new UnknownOperationException(messages.unsupportedOperation(req.method, req.path));
}

function decodeLabel(label: string): string {
  try {
    return decodeURIComponent(label);
  } catch {
    return label;
  }
}

async function invokeAction(engine: LambdaEngine, req: EdgeRequest, id: string, functionName: string, qualifier?: string): Promise<EdgeResponse> {
  const invocationType = enumHeader(req, "x-amz-invocation-type", "invocationType", INVOCATION_TYPES) ?? "RequestResponse";
  const logType = enumHeader(req, "x-amz-log-type", "logType", LOG_TYPES);
  if (req.body.length > 0 && req.body.length <= MAX_SYNC_REQUEST_BYTES) checkJson(req.body);
  const result = await engine.invoke({
    functionName,
    qualifier,
    payload: req.body,
    invocationType,
    logType,
    clientContext: req.headers["x-amz-client-context"],
    traceHeader: req.headers["x-amzn-trace-id"],
    requestId: id,
    source: "edge",
  });
  const headers: Record<string, string> = { "content-type": "application/json", "x-amzn-requestid": id };
  if (result.statusCode === 200) {
    headers["x-amz-executed-version"] = result.executedVersion;
    if (result.functionError) headers["x-amz-function-error"] = result.functionError;
    if (result.logTail !== undefined) headers["x-amz-log-result"] = result.logTail;
  }
  return { status: result.statusCode, headers, body: result.payload };
}

function enumHeader<T extends string>(req: EdgeRequest, header: string, member: string, values: readonly T[]): T | undefined {
  const value = req.headers[header];
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw new ValidationException(messages.validation(value, member, `Member must satisfy enum value set: [${values.join(", ")}]`));
  }
  return value as T;
}

/** Lambda parses the payload with Jackson; its messages are approximated from V8's. */
function checkJson(body: Buffer): void {
  const text = body.toString("utf8");
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestContentException(messages.invalidJson(jsonProblem(text, String(error))));
  }
}

function jsonProblem(text: string, v8Message: string): string {
  const token = /^[A-Za-z_$][\w$.-]*/.exec(text.trimStart())?.[0];
  if (token && !["true", "false", "null"].includes(token)) {
    return `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  if (/end of JSON input/.test(v8Message)) return "Unexpected end-of-input";
  const char = /Unexpected (?:token|non-whitespace character)[^']*'(.)'/.exec(v8Message)?.[1] ?? text.trimStart()[0] ?? "";
  return `Unexpected character ('${char}' (code ${char.codePointAt(0) ?? 0})): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
}

function json(id: string, output: unknown): EdgeResponse {
  return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": id }, body: JSON.stringify(output) };
}

/** Lambda's restJson error: x-amzn-ErrorType plus {"Type", "Message"|"message"}. */
function errorResponse(id: string, error: AwsError): EdgeResponse {
  const messageKey = CAPITALIZED_MESSAGE_ERRORS.has(error.code) ? "Message" : "message";
  const body = { Type: error.fault === "Sender" ? "User" : "Service", [messageKey]: error.message, ...error.extra };
  return {
    status: error.statusCode,
    headers: { "content-type": "application/json", "x-amzn-requestid": id, "x-amzn-errortype": error.code },
    body: JSON.stringify(body),
  };
}
