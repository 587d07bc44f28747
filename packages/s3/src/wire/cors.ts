/**
 * Bucket CORS on the wire: Put/Get/DeleteBucketCors, OPTIONS preflights on bucket and object
 * URLs, and the Access-Control-* headers of actual requests that carry an Origin.
 */
import type { EdgeRequest } from "@sam-sandbox/core";
import type { S3Engine } from "../engine/engine.js";
import { preflightHeaders, type CorsRule } from "../engine/cors.js";
import { malformedXml } from "../errors.js";
import { MAX_CORS_RULE_ID_LENGTH, MAX_CORS_RULES } from "../limits.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { countElements, document, el, isNode, parseXmlBody, type XmlNode } from "./xml.js";

const RULE_ELEMENTS = new Set(["ID", "AllowedMethod", "AllowedOrigin", "AllowedHeader", "ExposeHeader", "MaxAgeSeconds"]);
/** MaxAgeSeconds is an xs:int. */
const MAX_INT = 2 ** 31 - 1;

/** The text of a list element's items; MalformedXML for an item that holds elements. */
function texts(node: XmlNode, name: string): string[] {
  const value = node[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    throw malformedXml();
  });
}

/** A single element's text (MalformedXML when it repeats or holds elements). */
function single(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw malformedXml();
  return value;
}

/** Whitespace between elements is no content; any other text or unknown element is malformed. */
function checkOnly(node: XmlNode, allowed: ReadonlySet<string>): void {
  for (const [name, value] of Object.entries(node)) {
    if (name === "#text" && typeof value === "string" && value.trim() === "") continue;
    if (!allowed.has(name)) throw malformedXml();
  }
}

export function parseCorsConfiguration(body: Buffer): CorsRule[] {
  if (countElements(body, "CORSRule") > MAX_CORS_RULES) throw malformedXml();
  const config = parseXmlBody(body, "CORSConfiguration");
  checkOnly(config, new Set(["CORSRule"]));
  const rules = config.CORSRule;
  if (!Array.isArray(rules) || rules.length === 0) throw malformedXml();
  return rules.map((r): CorsRule => {
    if (!isNode(r)) throw malformedXml();
    checkOnly(r, RULE_ELEMENTS);
    const rule: CorsRule = {
      AllowedMethods: texts(r, "AllowedMethod"),
      AllowedOrigins: texts(r, "AllowedOrigin"),
      AllowedHeaders: texts(r, "AllowedHeader"),
      ExposeHeaders: texts(r, "ExposeHeader"),
    };
    if (rule.AllowedMethods.length === 0 || rule.AllowedOrigins.length === 0) throw malformedXml();
    const id = single(r, "ID");
    if (id !== undefined) {
      if (id.length > MAX_CORS_RULE_ID_LENGTH) throw malformedXml();
      rule.ID = id;
    }
    const maxAge = single(r, "MaxAgeSeconds");
    if (maxAge !== undefined) {
      if (!/^\d+$/.test(maxAge) || Number(maxAge) > MAX_INT) throw malformedXml();
      rule.MaxAgeSeconds = Number(maxAge);
    }
    return rule;
  });
}

/** GetBucketCors writes each rule's elements in this order. */
export function corsConfigurationXml(rules: readonly CorsRule[]): string {
  const inner = rules.map((r) => {
    const list = (name: string, values: readonly string[]) => values.map((v) => el(name, v)).join("");
    return `<CORSRule>${el("ID", r.ID)}${list("AllowedMethod", r.AllowedMethods)}${list("AllowedOrigin", r.AllowedOrigins)}` +
      `${list("AllowedHeader", r.AllowedHeaders)}${el("MaxAgeSeconds", r.MaxAgeSeconds)}${list("ExposeHeader", r.ExposeHeaders)}</CORSRule>`;
  });
  return document("CORSConfiguration", inner.join(""));
}

export const PutBucketCors: ActionHandler = async ({ engine, bucket, body }) => {
  engine.headBucket({ Bucket: bucket });
  await engine.putBucketCors({ Bucket: bucket, CORSRules: parseCorsConfiguration(body) });
  return empty(200);
};

export const GetBucketCors: ActionHandler = ({ engine, bucket }) => xmlOk(corsConfigurationXml(engine.getBucketCors({ Bucket: bucket }).CORSRules));

export const DeleteBucketCors: ActionHandler = async ({ engine, bucket }) => {
  await engine.deleteBucketCors({ Bucket: bucket });
  return empty(204);
};

/** An OPTIONS preflight on a bucket or object URL, answered from the bucket's rules. */
export function preflight(engine: S3Engine, req: EdgeRequest, bucket: string, resourceType: "BUCKET" | "OBJECT"): Record<string, string> {
  const h = req.headers;
  return preflightHeaders(engine.corsRulesOf(bucket), { origin: h.origin, method: h["access-control-request-method"], requestHeaders: h["access-control-request-headers"] }, resourceType, engine.hasBucket(bucket));
}
