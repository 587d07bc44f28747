/**
 * The Lambda API over restJson, routed by the URI templates of AWS's model: each input is
 * validated against the model as AWS does, then handed to the engine; errors are written
 * as Lambda writes them.
 */
import { isUtf8 } from "node:buffer";
import type { EdgeRequest, EdgeResponse, LambdaInvokeResult, Logger } from "@sam-sandbox/core";
import { AwsError, StreamBody, UnknownOperationException, ValidationException, coralJsonTypeRules, createValidator, eventMessage, requestId as newRequestId } from "@sam-sandbox/core";
import { CAPITALIZED_MESSAGE_ERRORS, InvalidParameterValueException, InvalidRequestContentException, RequestEntityTooLargeException, ResourceNotFoundException, ServiceException, messages } from "./errors.js";
import {
  DESTINATION_ARN_PATTERN, FUNCTION_NAME_PATTERN_TEXT, FUNCTION_URL_QUALIFIER_PATTERN, GET_LAYER_VERSION_ARN_PATTERN, LAYER_VERSION_ARN_PATTERN, MAX_CODE_REQUEST_BYTES, MAX_SYNC_REQUEST_BYTES,
  NAMESPACED_FUNCTION_NAME_PATTERN_TEXT,
} from "./limits.js";
import { servePackage } from "./engine/codePackage.js";
import type { LambdaEngine } from "./engine/engine.js";
import type { InvokeRequest } from "./engine/invoke.js";
import { lambdaModel } from "./generated/lambda.js";

const INVOCATION_TYPES = ["Event", "RequestResponse", "DryRun"] as const;
// The Content-Type a runtime posts a whole (not streamed) response with (aws-lambda-nodejs-runtime-interface-client rapid-client.cc).
const BUFFERED_CONTENT_TYPE = "application/json";
// ResponseStreamingInvocationType: no Event.
const STREAMING_INVOCATION_TYPES = ["RequestResponse", "DryRun"] as const;
const LOG_TYPES = ["None", "Tail"] as const;

/** One of the model's operations, matched by method and URI template. */
interface Route {
  operation: string;
  method: string;
  pattern: RegExp;
  labels: string[];
  status: number;
  /** Literal query parameters of the URI template (`?find=LayerVersion`, `?List=ALL`) the request must carry. */
  query: Array<[string, string]>;
}

const ROUTES: readonly Route[] = Object.entries(lambdaModel.operations).flatMap(([operation, op]) => {
  if (!op.http) return [];
  const [path = "", literal = ""] = op.http.uri.split("?");
  const labels: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\+?\}/g, (_m, label: string) => {
      labels.push(label);
      return "([^/]+)";
    })}/?$`,
  );
  const query = [...new URLSearchParams(literal)].filter(([, value]) => value !== "");
  return [{ operation, method: op.http.method, pattern, labels, status: op.http.code ?? 200, query }];
})
  // Routes with a literal query first: GetLayerVersionByArn before ListLayers on one path.
  .sort((a, b) => b.query.length - a.query.length);

// A JSON value of the wrong type fails the whole request with 400 SerializationException
// before any constraint is checked, as in AWS's other Coral services (an explicit null is absent).
const validate = createValidator(lambdaModel, {
  listMemberNotNull: true,
  jsonTypes: coralJsonTypeRules("com.amazonaws.lambda"),
  // Lambda checks destinations against a newer pattern than the model's (localstack
  // test_lambda_api.snapshot.json test_lambda_eventinvokeconfig_exceptions, recorded on AWS).
  // and function URL qualifiers against one that refuses $LATEST (test_url_config_exceptions, same file).
  // and layer version ARNs as it prints them for Layers (test_layer_function_exceptions, same file).
  shapeOverrides: {
    DestinationArn: { pattern: DESTINATION_ARN_PATTERN },
    FunctionUrlQualifier: { pattern: FUNCTION_URL_QUALIFIER_PATTERN },
    LayerVersionArn: { pattern: LAYER_VERSION_ARN_PATTERN },
    FunctionName: { pattern: FUNCTION_NAME_PATTERN_TEXT },
    NamespacedFunctionName: { pattern: NAMESPACED_FUNCTION_NAME_PATTERN_TEXT },
    // StartingPosition's enum as Lambda lists it (localstack event_source_mapping/test_api.snapshot.json).
    EventSourcePosition: { values: ["LATEST", "AT_TIMESTAMP", "TRIM_HORIZON"] },
    // InvokeMode's as Lambda lists it (localstack test_lambda.snapshot.json test_lambda_url_invalid_invoke_mode).
    InvokeMode: { values: ["RESPONSE_STREAM", "BUFFERED"] },
  },
});

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
  const codePackage = await servePackage(engine, req);
  if (codePackage) return codePackage;
  for (const r of ROUTES) {
    if (r.method !== req.method) continue;
    const m = r.pattern.exec(req.path);
    if (!m) continue;
    if (r.query.length > 0) {
      const query = new URLSearchParams(req.rawQuery);
      if (!r.query.every(([key, value]) => query.get(key) === value)) continue;
    }
    const labels = Object.fromEntries(r.labels.map((label, i) => [label, decodeLabel(m[i + 1] ?? "")]));
    if (r.operation === "Invoke" || r.operation === "InvokeWithResponseStream") {
      checkRegion(engine, labels.FunctionName);
      const qualifier = new URLSearchParams(req.rawQuery).get("Qualifier") ?? undefined;
      const invoke = r.operation === "Invoke" ? invokeAction : invokeWithResponseStream;
      return invoke(engine, req, id, labels.FunctionName ?? "", qualifier);
    }
    if (r.operation === "InvokeAsync") {
      checkRegion(engine, labels.FunctionName);
      return invokeAsyncAction(engine, req, id, labels.FunctionName ?? "");
    }
    const action = engine.action(r.operation);
    if (!action) throw new UnknownOperationException(messages.unsupportedAction(r.operation));
    if (CODE_UPLOADS.has(r.operation) && req.body.length > MAX_CODE_REQUEST_BYTES) {
      throw new RequestEntityTooLargeException(messages.codeRequestTooLarge(MAX_CODE_REQUEST_BYTES, r.operation));
    }
    const input = inputOf(r.operation, req, labels);
    checkRecordedConstraints(r.operation, input);
    validate(r.operation, input);
    checkRegion(engine, input.FunctionName);
    const output = await action(input);
    if (r.status === 204 || output === undefined) return { status: r.status, headers: { "x-amzn-requestid": id }, body: "" };
    return { status: r.status, headers: { "content-type": "application/json", "x-amzn-requestid": id }, body: JSON.stringify(output) };
  }
  throw new UnknownOperationException(messages.unsupportedOperation(req.method, req.path));
}

/** The operations whose body carries a zip (ZipFile, Content.ZipFile), and so Lambda's code request limit. */
const CODE_UPLOADS: ReadonlySet<string> = new Set(["CreateFunction", "UpdateFunctionCode", "PublishLayerVersion"]);

/**
 * A function ARN of another region, given to the API, is not reachable (localstack
 * test_get_function_wrong_region, recorded on AWS). Checked at the edge only: the template's
 * own integrations keep resolving a function by name whatever region their ARNs name.
 */
function checkRegion(engine: LambdaEngine, functionName: unknown): void {
  if (typeof functionName !== "string" || !functionName.startsWith("arn:")) return;
  const region = functionName.split(":")[3];
  if (region !== undefined && region !== "" && region !== engine.region) throw new ResourceNotFoundException(messages.otherRegion(region, engine.region));
}

/**
 * Constraints Lambda checks with texts of its own, before the model's (localstack
 * test_lambda_api.snapshot.json, recorded on AWS): a Runtime outside the enum
 * (test_create_lambda_exceptions), a layer's runtimes and architectures and a layer version ARN
 * (test_layer_exceptions).
 */
function checkRecordedConstraints(operation: string, input: Record<string, unknown>): void {
  if (operation === "PublishLayerVersion") return checkLayerLists(input);
  if (operation === "GetLayerVersionByArn") {
    const arn = String(input.Arn);
    if (!LAYER_ARN_BY_ARN.test(arn)) throw new ValidationException(messages.validation(arn, "arn", `Member must satisfy regular expression pattern: ${GET_LAYER_VERSION_ARN_PATTERN}`));
    return;
  }
  if (operation !== "CreateFunction" && operation !== "UpdateFunctionConfiguration") return;
  const runtime = input.Runtime;
  if (typeof runtime === "string" && !MODEL_RUNTIMES.has(runtime)) throw new InvalidParameterValueException(messages.invalidRuntime(runtime));
}

/** A layer's runtimes and architectures, with the texts Lambda uses for them (test_layer_exceptions). */
function checkLayerLists(input: Record<string, unknown>): void {
  const { CompatibleRuntimes: runtimes, CompatibleArchitectures: architectures } = input;
  const errors: string[] = [];
  if (Array.isArray(runtimes) && runtimes.some((r) => !MODEL_RUNTIMES.has(r))) errors.push(messages.invalidCompatibleRuntimes(runtimes.map(String)));
  if (Array.isArray(architectures) && architectures.some((a) => !ARCHITECTURES.has(a))) errors.push(messages.invalidCompatibleArchitectures(architectures.map(String)));
  if (errors.length > 0) throw new ValidationException(messages.validationSummary(errors));
}

const LAYER_ARN_BY_ARN = new RegExp(`^(?:${GET_LAYER_VERSION_ARN_PATTERN})$`);
const MODEL_RUNTIMES: ReadonlySet<unknown> = new Set(lambdaModel.shapes.Runtime?.values ?? []);
const ARCHITECTURES: ReadonlySet<unknown> = new Set(lambdaModel.shapes.Architecture?.values ?? []);

/** The operation's input: URI labels, query parameters and headers by member, the rest from the JSON body. */
function inputOf(operation: string, req: EdgeRequest, labels: Record<string, string>): Record<string, unknown> {
  const shapeName = lambdaModel.operations[operation]?.input;
  const members = (shapeName && lambdaModel.shapes[shapeName]?.members) || {};
  let input: Record<string, unknown> = {};
  if (req.body.length > 0) {
    const text = req.body.toString("utf8");
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
    } catch (error) {
      throw new InvalidRequestContentException(messages.invalidJson(jsonProblem(req.body, text, String(error))));
    }
  }
  const query = new URLSearchParams(req.rawQuery);
  for (const [name, member] of Object.entries(members)) {
    if (member.label) input[name] = labels[name];
    else if (member.query !== undefined) {
      const values = query.getAll(member.query);
      if (values.length === 0) continue;
      input[name] = lambdaModel.shapes[member.target]?.type === "list" ? values : values[0];
    } else if (member.header !== undefined) {
      const value = req.headers[member.header.toLowerCase()];
      if (value !== undefined) input[name] = value;
    }
  }
  return input;
}

function decodeLabel(label: string): string {
  try {
    return decodeURIComponent(label);
  } catch {
    return label;
  }
}

/** Invoke and InvokeWithResponseStream: the invocation their headers and body describe. */
function invokeFromRequest(
  engine: LambdaEngine,
  req: EdgeRequest,
  id: string,
  functionName: string,
  qualifier: string | undefined,
  types: readonly (typeof INVOCATION_TYPES)[number][],
  streaming?: Pick<InvokeRequest, "onChunk" | "onStart">,
) {
  const invocationType = enumHeader(req, "x-amz-invocation-type", "invocationType", types) ?? "RequestResponse";
  const logType = enumHeader(req, "x-amz-log-type", "logType", LOG_TYPES);
  if (req.body.length > 0 && req.body.length <= MAX_SYNC_REQUEST_BYTES) checkJson(req.body);
  return engine.invoke({
    functionName,
    qualifier,
    payload: req.body,
    invocationType,
    logType,
    clientContext: req.headers["x-amz-client-context"],
    traceHeader: req.headers["x-amzn-trace-id"],
    requestId: id,
    source: "edge",
    ...streaming,
  });
}

async function invokeAction(engine: LambdaEngine, req: EdgeRequest, id: string, functionName: string, qualifier?: string): Promise<EdgeResponse> {
  const result = await invokeFromRequest(engine, req, id, functionName, qualifier, INVOCATION_TYPES);
  const headers: Record<string, string> = { "content-type": "application/json", "x-amzn-requestid": id };
  if (result.statusCode === 200) {
    headers["x-amz-executed-version"] = result.executedVersion;
    if (result.functionError) headers["x-amz-function-error"] = result.functionError;
    if (result.logTail !== undefined) headers["x-amz-log-result"] = result.logTail;
  }
  return { status: result.statusCode, headers, body: result.payload };
}

/** InvokeAsync (deprecated, still answered by Lambda): an Event invocation of the body; 202 and no body. */
async function invokeAsyncAction(engine: LambdaEngine, req: EdgeRequest, id: string, functionName: string): Promise<EdgeResponse> {
  if (req.body.length > 0 && req.body.length <= MAX_SYNC_REQUEST_BYTES) checkJson(req.body);
  await engine.invoke({ functionName, payload: req.body, invocationType: "Event", traceHeader: req.headers["x-amzn-trace-id"], requestId: id, source: "edge" });
  return { status: 202, headers: { "x-amzn-requestid": id }, body: "" };
}

/**
 * InvokeWithResponseStream: the function's response as PayloadChunk events, sent as the
 * handler writes them, then InvokeComplete (with ErrorCode / ErrorDetails when the function
 * failed, LogResult for LogType Tail). The status and headers go with the first chunk, so
 * errors before it (a missing function, a throttle) are answered as AWS errors.
 */
async function invokeWithResponseStream(engine: LambdaEngine, req: EdgeRequest, id: string, functionName: string, qualifier?: string): Promise<EdgeResponse> {
  const body = new StreamBody();
  let executedVersion = "";
  let contentType = "";
  let opened: () => void = () => {};
  const firstChunk = new Promise<undefined>((resolve) => {
    opened = () => resolve(undefined);
  });
  const onChunk = (chunk: Buffer, type: string) => {
    contentType = type;
    if (chunk.length === 0) return;
    body.push(eventMessage("PayloadChunk", "application/octet-stream", chunk));
    opened();
  };
  const onStart = (version: string) => {
    executedVersion = version;
  };
  const running = invokeFromRequest(engine, req, id, functionName, qualifier, STREAMING_INVOCATION_TYPES, { onChunk, onStart });
  const first = await Promise.race([running, firstChunk]);
  if (first !== undefined) {
    // Finished before writing anything as it went (a handler that does not stream): one answer.
    if (first.statusCode !== 200) return { status: first.statusCode, headers: { "x-amzn-requestid": id }, body: "" };
    return { status: 200, headers: streamHeaders(id, first.executedVersion, first.contentType ?? contentType), body: Buffer.concat(closingEvents(first)) };
  }
  running.then(
    (result) => {
      for (const event of closingEvents(result)) body.push(event);
      body.end();
    },
    (error: unknown) => body.fail(error),
  );
  return { status: 200, headers: streamHeaders(id, executedVersion, contentType), body: "", stream: body };
}

/**
 * Content-Type is the stream's (the model's ResponseStreamContentType): what the handler set
 * with setContentType, application/octet-stream by default; a handler that does not stream
 * answers as the runtime posts its response, application/json (the Node.js runtime's
 * rapid-client.cc posts it so).
 */
function streamHeaders(id: string, executedVersion: string, contentType: string): Record<string, string> {
  return { "content-type": contentType === "" ? BUFFERED_CONTENT_TYPE : contentType, "x-amzn-requestid": id, "x-amz-executed-version": executedVersion };
}

/** What is left once the function is done: the payload it returned, if any, then InvokeComplete. */
function closingEvents(result: LambdaInvokeResult): Buffer[] {
  const events: Buffer[] = [];
  const complete: Record<string, string> = {};
  if (result.functionError) {
    const error = errorOf(result.payload);
    complete.ErrorCode = error.errorType;
    complete.ErrorDetails = error.errorMessage;
  } else if (result.payload.length > 0) {
    events.push(eventMessage("PayloadChunk", "application/octet-stream", result.payload));
  }
  if (result.logTail !== undefined) complete.LogResult = result.logTail;
  events.push(eventMessage("InvokeComplete", "application/json", Buffer.from(JSON.stringify(complete))));
  return events;
}

function errorOf(payload: Buffer): { errorType: string; errorMessage: string } {
  try {
    const parsed = JSON.parse(payload.toString("utf8")) as { errorType?: unknown; errorMessage?: unknown };
    return { errorType: String(parsed.errorType ?? "Unhandled"), errorMessage: String(parsed.errorMessage ?? "") };
  } catch {
    return { errorType: "Unhandled", errorMessage: payload.toString("utf8") };
  }
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
    throw new InvalidRequestContentException(messages.invalidJson(jsonProblem(body, text, String(error))));
  }
  // Node.js decodes a broken sequence in a string to U+FFFD; Jackson reads bytes and refuses it.
  const broken = isUtf8(body) ? undefined : invalidUtf8(body);
  if (broken !== undefined) throw new InvalidRequestContentException(messages.invalidJson(broken));
}

/** Jackson's message for the first byte that breaks UTF-8 (a start byte, or a middle byte of a sequence). */
function invalidUtf8(body: Buffer): string | undefined {
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] ?? 0;
    if (byte < 0x80) continue;
    const needed = (byte & 0xe0) === 0xc0 ? 1 : (byte & 0xf0) === 0xe0 ? 2 : (byte & 0xf8) === 0xf0 ? 3 : -1;
    if (needed < 0) return `Invalid UTF-8 start byte 0x${byte.toString(16)}${jacksonAt(body, i + 2)}`;
    for (let k = 1; k <= needed && i + k < body.length; k++) {
      const middle = body[i + k] ?? 0;
      if ((middle & 0xc0) !== 0x80) return `Invalid UTF-8 middle byte 0x${middle.toString(16)}${jacksonAt(body, i + k + 2)}`;
    }
    i += needed;
  }
  return undefined;
}

const JACKSON_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/**
 * Jackson's message for a payload that is not JSON. Jackson reads bytes: a first byte that is a
 * C1 control is an unexpected character, and a token followed by a byte that cannot start a
 * UTF-8 character is invalid UTF-8 — what AWS CLI v2 sends when it base64-decodes a raw
 * --payload (localstack test_lambda_invoke_payload_encoding_error, recorded on AWS).
 */
function jsonProblem(body: Buffer, text: string, v8Message: string): string {
  let start = 0;
  while (start < body.length && (body[start] === 0x20 || body[start] === 0x09 || body[start] === 0x0a || body[start] === 0x0d)) start++;
  const first = body[start] ?? 0;
  if (first >= 0x80 && first <= 0x9f) {
    return `Unexpected character ((CTRL-CHAR, code ${first})): expected a valid value ${JACKSON_VALUES}${jacksonAt(body, start + 1)}`;
  }
  let end = start;
  if (!(first >= 0x30 && first <= 0x39)) while (end < body.length && isTokenByte(body[end] ?? 0)) end++;
  if (end > start) {
    const next = body[end] ?? 0;
    if (next >= 0x80 && next <= 0xbf) return `Invalid UTF-8 start byte 0x${next.toString(16)}${jacksonAt(body, end + 2)}`;
    const token = body.subarray(start, end).toString("latin1");
    if (!["true", "false", "null"].includes(token)) return `Unrecognized token '${token}': was expecting ${JACKSON_VALUES}${jacksonAt(body, end + 1)}`;
  }
  if (/end of JSON input/.test(v8Message)) return "Unexpected end-of-input";
  const misplaced = structuralProblem(body, text, v8Message);
  if (misplaced !== undefined) return misplaced;
  const char = /Unexpected (?:token|non-whitespace character)[^']*'(.)'/.exec(v8Message)?.[1] ?? text.trimStart()[0] ?? "";
  return `Unexpected character ('${char}' (code ${char.codePointAt(0) ?? 0})): expected a valid value ${JACKSON_VALUES}`;
}

/** What Jackson expected where V8 found the wrong character inside an object or array. */
const JACKSON_EXPECTING: ReadonlyArray<[RegExp, string]> = [
  [/^Expected property name or '\}'/, "was expecting double-quote to start field name"],
  [/^Expected ':' after property name/, "was expecting a colon to separate field name and value"],
  [/^Expected ',' or '\}' after property value/, "was expecting comma to separate Object entries"],
  [/^Expected ',' or '\]' after array element/, "was expecting comma to separate Array entries"],
];

/**
 * Jackson's text for a character out of place in an object or array, placed at that character
 * (AWS answers `{c…` with "Unexpected character ('c' (code 99)): was expecting double-quote to
 * start field name" at column 2).
 */
function structuralProblem(body: Buffer, text: string, v8Message: string): string | undefined {
  const message = v8Message.replace(/^SyntaxError: /, "");
  const expecting = JACKSON_EXPECTING.find(([pattern]) => pattern.test(message))?.[1];
  const position = /in JSON at position (\d+)/.exec(message)?.[1];
  if (expecting === undefined || position === undefined) return undefined;
  const index = Number(position);
  const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
  const code = char.codePointAt(0) ?? 0;
  const described = code < 32 ? `(CTRL-CHAR, code ${code})` : `'${char}' (code ${code})`;
  return `Unexpected character (${described}): ${expecting}${jacksonAt(body, Buffer.byteLength(text.slice(0, index)) + 1)}`;
}

/** A letter, digit, "_" or "$": what Jackson reads as one token (true, null, or a mistyped word). */
function isTokenByte(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x24;
}

/** Jackson's location suffix; `column` counts from 1 on the line holding byte `column - 1`. */
function jacksonAt(body: Buffer, column: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(column - 1, body.length); i++) {
    if (body[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${line}, column: ${column - lineStart}]`;
}

function json(id: string, output: unknown): EdgeResponse {
  return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": id }, body: JSON.stringify(output) };
}

/** Lambda's restJson error: x-amzn-ErrorType plus {"Type", "Message"|"message"}; an error's extra members may drop Type (errors.ts WITHOUT_TYPE). */
function errorResponse(id: string, error: AwsError): EdgeResponse {
  const messageKey = CAPITALIZED_MESSAGE_ERRORS.has(error.code) ? "Message" : "message";
  const body = { Type: error.fault === "Sender" ? "User" : "Service", [messageKey]: error.message, ...error.extra };
  return {
    status: error.statusCode,
    headers: { "content-type": "application/json", "x-amzn-requestid": id, "x-amzn-errortype": error.code },
    body: JSON.stringify(body),
  };
}
