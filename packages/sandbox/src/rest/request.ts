/**
 * An operation's input as a restJson1 / restXml request, built from the HTTP binding traits
 * of AWS's model (smithy.api#http, httpLabel, httpQuery, httpHeader, httpPrefixHeaders,
 * httpPayload) as an AWS SDK builds it. Members are matched case-insensitively: Step
 * Functions' aws-sdk integrations name them in PascalCase whatever the API's own casing.
 */
import { requestId, type EdgeRequest, type MemberModel, type ServiceModel, type ShapeModel } from "@sam-sandbox/core";
import { toXml } from "./xml.js";
import { memberFor } from "./values.js";

type Input = Record<string, unknown>;

/** Step Functions sends JSON values to text members as their JSON text. */
function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function timestampText(value: unknown, format: string): string {
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  if (format === "epoch-seconds") return String(date.getTime() / 1000);
  if (format === "http-date") return date.toUTCString();
  return date.toISOString();
}

function scalarText(model: ServiceModel, target: string, value: unknown, defaultTimestamp: string, member?: MemberModel): string {
  const shape = model.shapes[target];
  if (shape?.type === "timestamp") return timestampText(value, member?.timestampFormat ?? shape.timestampFormat ?? defaultTimestamp);
  return text(value);
}

/**
 * "/{Bucket}/{Key+}" with its labels filled in, each encoded as a URI segment (greedy labels
 * keep "/"). An empty or missing label fails as SDK v2's PathMarshaller fails it ("Key cannot
 * be empty."), before any request: "/bucket/" would name another action (DeleteObject with
 * Key "" would be DeleteBucket).
 */
function expandPath(template: string, labels: Input): string {
  return template.replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    const value = text(labels[name] ?? "");
    if (value === "") throw new Error(`${name} cannot be empty.`);
    return greedy ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}

/** Input values with their JSON names (restJson1 bodies), converted per the model. */
export function jsonValue(model: ServiceModel, target: string, value: unknown): unknown {
  const shape: ShapeModel | undefined = model.shapes[target];
  if (!shape || value === null || value === undefined) return value;
  if (shape.type === "structure" || shape.type === "union") {
    if (typeof value !== "object" || Array.isArray(value)) return value;
    const out: Input = {};
    for (const [key, v] of Object.entries(value as Input)) {
      const found = memberFor(shape.members ?? {}, key);
      // An SDK leaves a null member out of the request.
      if (!found || v === null || v === undefined) continue;
      const [name, member] = found;
      out[member.jsonName ?? name] = jsonValue(model, member.target, v);
    }
    return out;
  }
  if (shape.type === "list" && Array.isArray(value) && shape.member) return value.map((v) => jsonValue(model, shape.member ?? "", v));
  if (shape.type === "map" && typeof value === "object" && shape.value) {
    return Object.fromEntries(Object.entries(value as Input).map(([k, v]) => [k, jsonValue(model, shape.value ?? "", v)]));
  }
  if (shape.type === "timestamp") return typeof value === "number" ? value : new Date(String(value)).getTime() / 1000;
  if (shape.type === "string" || shape.type === "enum") return text(value);
  if (shape.type === "blob") return Buffer.from(text(value)).toString("base64");
  return value;
}

export interface RestTarget {
  readonly signingName: string;
  readonly region: string;
}

/**
 * `sdkNames`: Step Functions' aws-sdk conventions, where a blob payload is always written as
 * its JSON text (a string Body is stored with its quotes, AWS-recorded); otherwise a string
 * payload goes as it is.
 */
export function buildRestRequest(model: ServiceModel, operation: string, input: Input, target: RestTarget, sdkNames = false): EdgeRequest {
  const op = model.operations[operation];
  const http = op?.http;
  if (!op || !http) throw new Error(`${operation} has no HTTP binding`);
  const xml = model.service.protocol === "restXml";
  const shape = op.input ? model.shapes[op.input] : undefined;
  const members = shape?.members ?? {};
  const labels: Input = {};
  const query: string[] = [];
  const addQuery = (name: string, value: string) => query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  const headers: Record<string, string> = {
    "x-amzn-requestid": requestId(),
    // The signing scope names the service and region, as a signed SDK request does.
    authorization: `AWS4-HMAC-SHA256 Credential=sandbox/19700101/${target.region}/${target.signingName}/aws4_request, SignedHeaders=host, Signature=0`,
  };
  const bodyMembers: Input = {};
  let body: Buffer = Buffer.alloc(0);

  const [pathTemplate, literalQuery] = http.uri.split("?", 2);
  // The URI's own query ("?list-type=2", "?uploads") goes first, as written.
  const literal = literalQuery ? literalQuery.split("&") : [];
  for (const [key, value] of Object.entries(input)) {
    const found = memberFor(members, key);
    if (!found || value === undefined || value === null) continue;
    const [name, member] = found;
    const memberShape = model.shapes[member.target];
    if (member.label) labels[name] = scalarText(model, member.target, value, "date-time", member);
    else if (member.query !== undefined) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) addQuery(member.query, scalarText(model, memberShape?.member ?? member.target, v, "date-time", member));
    } else if (member.queryParams) {
      for (const [k, v] of Object.entries(value as Input)) addQuery(k, text(v));
    } else if (member.header !== undefined) {
      const values = Array.isArray(value) ? value : [value];
      headers[member.header.toLowerCase()] = values.map((v) => scalarText(model, memberShape?.member ?? member.target, v, "http-date", member)).join(",");
    } else if (member.prefixHeaders !== undefined) {
      for (const [k, v] of Object.entries(value as Input)) headers[`${member.prefixHeaders}${k}`.toLowerCase()] = text(v);
    } else if (member.payload) {
      if (value instanceof Uint8Array) {
        // Bytes (a zip, a gzip file) go as they are.
        body = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      } else if (memberShape?.type === "blob" || memberShape?.type === "string") {
        // No Content-Type unless the input names one: the service applies its default.
        body = Buffer.from(memberShape.type === "blob" && sdkNames ? JSON.stringify(value) : text(value));
      } else if (xml) {
        body = Buffer.from(toXml(model, member.xmlName ?? memberShape?.xmlName ?? member.target, member.target, value));
        headers["content-type"] = "application/xml";
      } else {
        body = Buffer.from(JSON.stringify(jsonValue(model, member.target, value)));
        headers["content-type"] = "application/json";
      }
    } else {
      bodyMembers[name] = value;
    }
  }
  if (body.length === 0 && Object.keys(bodyMembers).length > 0 && op.input) {
    if (xml) {
      body = Buffer.from(toXml(model, shape?.xmlName ?? op.input, op.input, bodyMembers));
      headers["content-type"] = "application/xml";
    } else {
      body = Buffer.from(JSON.stringify(jsonValue(model, op.input, bodyMembers)));
      headers["content-type"] = "application/json";
    }
  }
  headers["content-length"] = String(body.length);
  return { method: http.method, path: expandPath(pathTemplate, labels), rawQuery: [...literal, ...query].join("&"), headers, body };
}
