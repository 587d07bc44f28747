/**
 * PutBucketLifecycleConfiguration's checks, now that the rules act. Message texts as S3 answers
 * them (InvalidArgument, 400), as S3-compatible servers' suites (MinIO, S3Proxy) record them.
 */
import { randomUUID } from "node:crypto";
import { duplicateLifecycleTagKeys, invalidArgument, malformedXml } from "../errors.js";
import { MAX_LIFECYCLE_RULES, MAX_RULE_ID_LENGTH } from "../limits.js";
import { DAY_MS } from "../engine/lifecycle/expiry.js";
import { child, nodes, text, type XmlNode } from "./xml.js";

/** A positive whole number in `name` of `node` (absent passes), else InvalidArgument `message`. */
function positive(node: XmlNode, name: string, message: string): void {
  const raw = text(node, name);
  if (raw !== undefined && !(/^\s*\d+\s*$/.test(raw) && Number(raw) > 0)) throw invalidArgument(message, name, raw);
}

/** A Date in `node` must be a midnight GMT (absent passes). */
function midnight(node: XmlNode): void {
  const date = text(node, "Date");
  if (date !== undefined && !(Date.parse(date) % DAY_MS === 0)) throw invalidArgument("'Date' must be at midnight GMT", "Date", date);
}

/** What a Filter may hold, one of them. */
const FILTER_CONDITIONS = ["Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And"];

export function checkLifecycle(node: XmlNode): void {
  const rules = nodes(node, "Rule");
  if (rules.length === 0 || rules.length > MAX_LIFECYCLE_RULES) throw malformedXml();
  const ids = new Set<string>();
  for (const rule of rules) {
    const status = text(rule, "Status");
    if (status !== "Enabled" && status !== "Disabled") throw malformedXml();
    const id = text(rule, "ID");
    if ((id ?? "").length > MAX_RULE_ID_LENGTH) throw invalidArgument("ID length should not exceed allowed limit of 255", "ID", id ?? "");
    if (id !== undefined && id !== "") {
      if (ids.has(id)) throw invalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID", id);
      ids.add(id);
    }
    // AWS-recorded (localstack test_put_bucket_lifecycle_conf_exc): a rule names a Filter (or the legacy Prefix) holding one
    // condition, And's tags have distinct keys, an Expiration is a date, days or the delete-marker flag, never two of them.
    if (rule.Filter === undefined && rule.Prefix === undefined) throw malformedXml();
    const filter = child(rule, "Filter");
    if (filter) {
      if (FILTER_CONDITIONS.filter((name) => filter[name] !== undefined).length > 1) throw malformedXml();
      const and = child(filter, "And");
      const keys = and ? nodes(and, "Tag").map((tag) => text(tag, "Key")) : [];
      if (new Set(keys).size !== keys.length) throw duplicateLifecycleTagKeys();
    }
    const expiration = child(rule, "Expiration");
    if (expiration && ["Days", "Date", "ExpiredObjectDeleteMarker"].filter((name) => expiration[name] !== undefined).length > 1) throw malformedXml();
    if (expiration) {
      positive(expiration, "Days", "'Days' for Expiration action must be a positive integer");
      midnight(expiration);
    }
    // A transition's Date is held to the same rule (ceph s3-tests test_lifecycle_transition_set_invalid_date).
    for (const transition of nodes(rule, "Transition")) midnight(transition);
    const noncurrent = child(rule, "NoncurrentVersionExpiration");
    if (noncurrent && noncurrent.NoncurrentDays === undefined && noncurrent.NewerNoncurrentVersions === undefined) throw malformedXml();
    if (noncurrent) positive(noncurrent, "NoncurrentDays", "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
    const abort = child(rule, "AbortIncompleteMultipartUpload");
    if (abort) positive(abort, "DaysAfterInitiation", "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
  }
}

/**
 * A rule stored without an ID gets one, as S3 gives it (GetBucketLifecycleConfiguration always
 * answers an ID: ceph s3-tests test_lifecycle_get_no_id); S3's are base64 of a random UUID.
 */
export function withRuleIds(inner: string): string {
  return inner.replace(/<Rule>([\s\S]*?)<\/Rule>/g, (rule, body: string) =>
    /<ID>[^<]/.test(body) ? rule : `<Rule><ID>${Buffer.from(randomUUID()).toString("base64")}</ID>${body.replace(/<ID\s*\/>|<ID><\/ID>/, "")}</Rule>`);
}

/**
 * A rule's Date (of an Expiration or a Transition) as S3 answers it, with milliseconds: the AWS
 * CLI, which sends "2015-11-10T00:00:00Z", shows "2015-11-10T00:00:00.000Z" in its
 * get-bucket-lifecycle-configuration and get-bucket-lifecycle examples (awscli/examples/s3api).
 */
export function withIsoDates(inner: string): string {
  return inner.replace(/<Date>([^<]*)<\/Date>/g, (whole, date: string) => {
    const ms = Date.parse(date.trim());
    return Number.isNaN(ms) ? whole : `<Date>${new Date(ms).toISOString()}</Date>`;
  });
}
