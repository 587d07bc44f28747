/**
 * awsQuery responses, driven by the service's generated model (SNS; reusable by SQS's
 * query mode, IAM, STS):
 *
 *   <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
 *     <PublishResult><MessageId>…</MessageId></PublishResult>
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </PublishResponse>
 *
 *   <ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>NotFound</Code>
 *     <Message>Topic does not exist</Message></Error><RequestId>…</RequestId></ErrorResponse>
 *
 * Lists are <member> elements (or the list member's xmlName; repeated elements when the
 * structure member is flattened), maps are <entry><key/><value/></entry>. An error whose
 * code names one of the model's error shapes is answered with that shape's awsQuery code
 * (aws.protocols#awsQueryError: NotFoundException → "NotFound") and HTTP status.
 */
import type { AwsError } from "../errors.js";
import type { EdgeResponse } from "../http.js";
import type { ServiceModel, ShapeModel } from "../model.js";
import { shapeOf } from "./awsQueryInput.js";

export { queryParams, readQueryInput } from "./awsQueryInput.js";

/** A successful response: `<{Operation}Response>` with its `<{Operation}Result>`. */
export function queryResponse(model: ServiceModel, operation: string, requestId: string, output: unknown): EdgeResponse {
  const out: string[] = [`<${operation}Response xmlns="${namespace(model)}">`];
  const outputShape = model.operations[operation]?.output;
  if (outputShape !== undefined) {
    const shape = shapeOf(model, outputShape);
    const inner = isRecord(output) ? structureBody(model, shape, output) : "";
    out.push(inner === "" ? `<${operation}Result/>` : `<${operation}Result>${inner}</${operation}Result>`);
  }
  out.push(`<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operation}Response>`);
  return xmlResponse(200, requestId, out.join(""));
}

/** How an error is reported in awsQuery: its query code, HTTP status and fault. */
export interface QueryError {
  readonly code: string;
  readonly status: number;
  readonly type: "Sender" | "Receiver";
  /** The model's error shape name ("NotFoundException"), when the code names one. */
  readonly shape?: string;
}

/** Maps an AwsError to the model's awsQuery code and status (by shape name or by query code). */
export function queryError(model: ServiceModel, error: AwsError): QueryError {
  const shapeName = errorShapeName(model, error.code);
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (shapeName === undefined || shape === undefined) {
    return { code: error.code, status: error.statusCode, type: error.fault };
  }
  return {
    code: shape.queryCode ?? shapeName,
    status: shape.status ?? error.statusCode,
    type: shape.error === "server" ? "Receiver" : "Sender",
    shape: shapeName,
  };
}

export function queryErrorResponse(model: ServiceModel, requestId: string, error: AwsError): EdgeResponse {
  return queryErrorEnvelope(queryError(model, error), error.message, requestId, namespace(model));
}

/**
 * AWS's awsQuery error envelope. `xmlns`: the service's namespace, absent for a request no
 * emulated service understands (the edge's UnknownOperationException to an awsQuery caller).
 */
export function queryErrorEnvelope(e: Pick<QueryError, "code" | "status" | "type">, message: string, requestId: string, xmlns?: string): EdgeResponse {
  const body =
    `<ErrorResponse${xmlns === undefined ? "" : ` xmlns="${xmlns}"`}><Error><Type>${e.type}</Type><Code>${escapeXml(e.code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return xmlResponse(e.status, requestId, body);
}

/**
 * The same error for a client speaking awsJson to an awsQuery service (awsQueryCompatible):
 * `__type` names the shape, `x-amzn-query-error` carries the query code and fault.
 */
export function queryJsonErrorResponse(model: ServiceModel, requestId: string, error: AwsError): EdgeResponse {
  const e = queryError(model, error);
  const namespaceId = model.service.sdkId === undefined ? undefined : `com.amazonaws.${model.service.sdkId.toLowerCase()}`;
  const type = e.shape !== undefined && namespaceId !== undefined ? `${namespaceId}#${e.shape}` : e.code;
  const body = JSON.stringify({ __type: type, message: error.message, ...error.extra });
  return {
    status: e.status,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": e.shape ?? e.code,
      "x-amzn-query-error": `${e.code};${e.type}`,
    },
    body,
  };
}

function errorShapeName(model: ServiceModel, code: string): string | undefined {
  const direct = model.shapes[code];
  if (direct?.error !== undefined) return code;
  let byQuery = queryCodes.get(model);
  if (byQuery === undefined) {
    byQuery = new Map();
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (shape.error !== undefined && shape.queryCode !== undefined) byQuery.set(shape.queryCode, name);
    }
    queryCodes.set(model, byQuery);
  }
  return byQuery.get(code);
}

const queryCodes = new WeakMap<ServiceModel, Map<string, string>>();

function namespace(model: ServiceModel): string {
  return escapeXml(model.service.xmlNamespace ?? "");
}

function xmlResponse(status: number, requestId: string, body: string): EdgeResponse {
  return { status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
}

// ---------------------------------------------------------------------------------------
// Model-driven XML body.

function structureBody(model: ServiceModel, shape: ShapeModel, value: Record<string, unknown>): string {
  let out = "";
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    out += element(model, member.target, member.xmlName ?? name, v, member.xmlFlattened === true, member.timestampFormat);
  }
  return out;
}

function element(model: ServiceModel, shapeName: string, tag: string, value: unknown, flattened: boolean, format?: string): string {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case "structure":
    case "union":
      return isRecord(value) ? wrap(tag, structureBody(model, shape, value)) : "";
    case "list": {
      if (!Array.isArray(value)) return "";
      const member = shape.member ?? "";
      if (flattened) return value.map((item) => element(model, member, tag, item, false)).join("");
      const itemTag = shape.memberXmlName ?? "member";
      return wrap(tag, value.map((item) => element(model, member, itemTag, item, false)).join(""));
    }
    case "map": {
      if (!isRecord(value)) return "";
      const keyTag = shape.keyXmlName ?? "key";
      const valueTag = shape.valueXmlName ?? "value";
      let entries = "";
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || v === null) continue;
        const entry = `<${keyTag}>${escapeXml(k)}</${keyTag}>${element(model, shape.value ?? "", valueTag, v, false)}`;
        entries += flattened ? `<${tag}>${entry}</${tag}>` : `<entry>${entry}</entry>`;
      }
      return flattened ? entries : wrap(tag, entries);
    }
    default:
      return `<${tag}>${escapeXml(scalarText(shape, value, format))}</${tag}>`;
  }
}

function wrap(tag: string, inner: string): string {
  return inner === "" ? `<${tag}/>` : `<${tag}>${inner}</${tag}>`;
}

function scalarText(shape: ShapeModel, value: unknown, memberFormat?: string): string {
  if (shape.type === "timestamp") return timestampText(value, memberFormat ?? shape.timestampFormat ?? "date-time");
  if (shape.type === "blob" && Buffer.isBuffer(value)) return value.toString("base64");
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  }
  return String(value);
}

/** Numbers are epoch seconds (as engines return them for awsJson); Dates and ISO strings are taken as they are. */
function timestampText(value: unknown, format: string): string {
  const date = value instanceof Date ? value : typeof value === "number" ? new Date(value * 1000) : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  if (format === "epoch-seconds") return String(date.getTime() / 1000);
  if (format === "http-date") return date.toUTCString();
  // A whole second is written without fractional digits, milliseconds only when there are some, as AWS's
  // Query services write them (the AWS CLI's examples: CloudWatch "2014-04-09T11:18:00Z" beside
  // "2014-04-09T18:59:06.442Z", STS assume-root.rst "2024-11-15T00:05:07Z", SES get-send-statistics.rst).
  return date.toISOString().replace(".000Z", "Z");
}

/** XML text/attribute escaping; CR and LF as character references so parsers keep them. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\n]/g, (c) => XML_ESCAPES[c] ?? c);
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#xD;",
  "\n": "&#xA;",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
