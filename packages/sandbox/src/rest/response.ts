/**
 * A restJson1 / restXml response read back into the operation's output, as an AWS SDK
 * reads it (status code, headers, payload, body members), or its error as an AwsError.
 * Members come back in PascalCase, sorted, a streaming payload (S3 Body, Lambda Payload)
 * last as text: the order Step Functions reports them in (AWS-recorded GetObject output).
 */
import { AwsError, type EdgeResponse, type ServiceModel } from "@sam-sandbox/core";
import { fromJson, outputName, scalarValue } from "./values.js";
import { fromXml, parseXmlRoot } from "./xml.js";

type Output = Record<string, unknown>;

function bodyText(res: EdgeResponse): string {
  return typeof res.body === "string" ? res.body : res.body.toString("utf8");
}

/** Status texts an SDK falls back to when an error response has no body (HEAD). */
const STATUS_CODES: Record<number, string> = { 304: "NotModified", 400: "BadRequest", 403: "Forbidden", 404: "NotFound", 412: "PreconditionFailed" };

/** A bodiless 404 the Java SDK v2 names after the missing resource (Step Functions runs it). */
const NOT_FOUND_CODES: Record<string, string> = { "S3.HeadObject": "NoSuchKey", "S3.HeadBucket": "NoSuchBucket" };

function restError(model: ServiceModel, operation: string, res: EdgeResponse): AwsError {
  const text = bodyText(res);
  if (model.service.protocol === "restXml") {
    const root = text.trim() === "" ? {} : (parseXmlRoot(text) as Output);
    const error = (typeof root.Error === "object" && root.Error !== null ? root.Error : root) as Output;
    const fallback = (res.status === 404 ? NOT_FOUND_CODES[`${model.service.sdkId ?? ""}.${operation}`] : undefined) ?? STATUS_CODES[res.status] ?? "UnknownError";
    const code = typeof error.Code === "string" ? error.Code : fallback;
    return new AwsError(code, typeof error.Message === "string" ? error.Message : "", res.status);
  }
  let body: Output = {};
  try {
    body = text ? (JSON.parse(text) as Output) : {};
  } catch {
    body = {};
  }
  const header = res.headers["x-amzn-errortype"];
  const type = String(header ?? body.__type ?? body.code ?? STATUS_CODES[res.status] ?? "UnknownError").split(":")[0];
  const code = type.slice(type.lastIndexOf("#") + 1);
  return new AwsError(code, String(body.message ?? body.Message ?? ""), res.status);
}

function headerOf(res: EdgeResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(res.headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** `binary`: a blob payload comes back as a Buffer of its bytes (DispatchOptions.binary), not as text. */
export function readRestResponse(model: ServiceModel, operation: string, res: EdgeResponse, binary = false): Output {
  if (res.status >= 300) throw restError(model, operation, res);
  const op = model.operations[operation];
  const shape = op?.output ? model.shapes[op.output] : undefined;
  if (!op?.output || !shape) return {};
  const members = shape.members ?? {};
  const xml = model.service.protocol === "restXml";
  const out: Output = {};
  let payload: [string, unknown] | undefined;
  let bodyParsed: Output | undefined;
  const hasBodyMembers = Object.values(members).some((m) => !m.header && m.prefixHeaders === undefined && !m.responseCode && !m.payload);
  if (hasBodyMembers && !Object.values(members).some((m) => m.payload)) {
    const text = bodyText(res);
    if (text.trim() !== "") {
      bodyParsed = xml ? (fromXml(model, op.output, parseXmlRoot(text)) as Output) : (fromJson(model, op.output, JSON.parse(text)) as Output);
    }
  }
  for (const [name, member] of Object.entries(members)) {
    const key = outputName(name);
    if (member.responseCode) {
      out[key] = res.status;
    } else if (member.header !== undefined) {
      const value = headerOf(res, member.header);
      if (value !== undefined) out[key] = scalarValue(model, member.target, value);
    } else if (member.prefixHeaders !== undefined) {
      const prefix = member.prefixHeaders.toLowerCase();
      const map: Output = {};
      for (const [k, v] of Object.entries(res.headers)) if (k.toLowerCase().startsWith(prefix)) map[k.slice(prefix.length).toLowerCase()] = v;
      out[key] = map;
    } else if (member.payload) {
      const type = model.shapes[member.target]?.type;
      if (type === "blob" && binary) {
        payload = [key, typeof res.body === "string" ? Buffer.from(res.body) : res.body];
        continue;
      }
      const text = bodyText(res);
      if (type === "blob" || type === "string") payload = [key, text];
      else if (text.trim() !== "") payload = [key, xml ? fromXml(model, member.target, parseXmlRoot(text)) : fromJson(model, member.target, JSON.parse(text))];
    } else if (bodyParsed && bodyParsed[key] !== undefined) {
      out[key] = bodyParsed[key];
    }
  }
  const sorted: Output = {};
  for (const key of Object.keys(out).sort()) sorted[key] = out[key];
  if (payload) sorted[payload[0]] = payload[1];
  return sorted;
}
