/**
 * The built-in parsers for AWS vended logs. Each reads the whole message (source is always
 * @message). Field names are those of each log format's own documentation: VPC flow logs'
 * default (version 2) format, CloudFront standard logs' fields; AWS WAF logs are JSON whose
 * httpRequest.headers list becomes one key per header (Built-in processors for AWS vended logs,
 * parseWAF). Route 53 and RDS for PostgreSQL logs are not read locally: their events stay
 * untransformed, as a failed transformation leaves an event.
 */
import { TransformationFailed, isObject, putKey, type Json, type JsonObject, type LogEvent } from "./event.js";

/** VPC flow logs, default format (Amazon VPC User Guide, "Flow log records": version 2 fields). */
const VPC_FIELDS = ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"];

/** CloudFront standard log fields, in order (CloudFront Developer Guide, "Standard log file fields"). */
const CLOUDFRONT_FIELDS = [
  "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query",
  "cs(Cookie)", "x-edge-result-type", "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol",
  "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port", "time-to-first-byte",
  "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end",
];

/** "Values that are integers and doubles are treated as such" (ParseCloudfront API reference). */
function typed(value: string): Json {
  return /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(Number(value)) ? Number(value) : value;
}

export function parseVPC(event: LogEvent): void {
  const values = event.message.trim().split(/\s+/);
  if (values.length !== VPC_FIELDS.length || values[0] !== "2") throw new TransformationFailed("not a default-format VPC flow log record");
  VPC_FIELDS.forEach((field, i) => {
    event.fields[field] = typed(values[i]);
  });
}

/** "Encoded field values are decoded" (ParseCloudfront API reference). */
export function parseCloudfront(event: LogEvent): void {
  if (event.message.startsWith("#")) throw new TransformationFailed("a CloudFront log header line");
  const values = event.message.split("\t");
  if (values.length < 2 || values.length > CLOUDFRONT_FIELDS.length) throw new TransformationFailed("not a CloudFront standard log record");
  values.forEach((value, i) => {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // A value that is not percent-encoding is kept as it is.
    }
    event.fields[CLOUDFRONT_FIELDS[i]] = typed(decoded);
  });
}

export function parseWAF(event: LogEvent): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.message);
  } catch {
    throw new TransformationFailed("not a JSON AWS WAF log");
  }
  if (!isObject(parsed as Json)) throw new TransformationFailed("not a JSON AWS WAF log");
  const log = parsed as JsonObject;
  const request = log.httpRequest;
  if (isObject(request) && Array.isArray(request.headers)) {
    const headers: JsonObject = {};
    for (const header of request.headers) if (isObject(header) && typeof header.name === "string") putKey(headers, header.name, header.value ?? null);
    request.headers = headers;
  }
  for (const [key, value] of Object.entries(log)) putKey(event.fields, key, value);
}

export function notReadLocally(name: string): () => never {
  return () => {
    throw new TransformationFailed(`${name} is not emulated`);
  };
}
