/**
 * A browser form upload's policy (POST Object): S3 decodes the base64 JSON document, checks its
 * expiration, then every condition against the form, and refuses a form field no condition names.
 * The sandbox checks no signature, but a form that carries a policy must carry one, as S3 requires.
 * Texts as S3 answers them (localstack's AWS-validated TestS3PresignedPost; captures in issue trackers).
 */
import { entityTooLarge, invalidArgument, invalidPolicyDocument, postEntityTooSmall, postPolicyConditionFailed, postPolicyExpired, postPolicyExtraInputFields } from "../errors.js";

/** Form fields as sent: name (its case kept) → value. */
export type Form = Map<string, string>;

/** Fields no condition needs to name (S3 User Guide, "Creating a POST policy": conditions). */
function isExempt(name: string): boolean {
  return name === "policy" || name === "x-amz-signature" || name === "signature" || name === "awsaccesskeyid" || name === "file" || name.startsWith("x-ignore-");
}

/** Expiration as S3 reads it: ISO 8601 in UTC, "2026-11-26T12:00:00Z" or with milliseconds. */
const EXPIRATION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const missingField = (name: string) =>
  invalidArgument(`Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, name, "");

function valueOf(form: Form, name: string): string | undefined {
  for (const [k, v] of form) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The signature fields a policy needs: SigV4's when any x-amz-* signing field is there, else SigV2's. */
function checkSignatureFields(form: Form): void {
  const v4 = ["x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"].some((n) => valueOf(form, n) !== undefined);
  const required = v4 ? ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Signature"] : ["AWSAccessKeyId", "Signature"];
  for (const name of required) if (valueOf(form, name.toLowerCase()) === undefined) throw missingField(name);
}

function decode(policy: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(policy, "base64").toString("utf8"));
  } catch {
    throw invalidPolicyDocument("Invalid JSON.");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw invalidPolicyDocument("Invalid JSON.");
  return doc as Record<string, unknown>;
}

const printed = (items: unknown[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

interface Check {
  /** The field it names, lower-case ("" for content-length-range). */
  field: string;
  test(form: Form, bucket: string, size: number): void;
}

/** One condition of the policy, validated; what it checks runs later against the form. */
function conditionOf(condition: unknown): Check {
  if (typeof condition === "object" && condition !== null && !Array.isArray(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1) throw invalidPolicyDocument("Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
    const [name, value] = entries[0];
    if (typeof value !== "string") throw invalidPolicyDocument("Invalid Simple-Condition: value must be a string.");
    return matchCheck(["eq", `$${name}`, value], `$${name}`, (v) => v === value);
  }
  if (!Array.isArray(condition)) throw invalidPolicyDocument("Invalid condition test: must be a List or Object.");
  const [operation, ...args] = condition as unknown[];
  if (typeof operation !== "string") throw invalidPolicyDocument("Invalid Condition: missing operation identifier.");
  const op = operation.toLowerCase();
  if (op !== "eq" && op !== "starts-with" && op !== "content-length-range") throw invalidPolicyDocument(`Invalid Condition: unknown operation '${operation}'.`);
  if (args.length !== 2) throw invalidPolicyDocument(`Invalid ${operation}: wrong number of arguments.`);
  if (op === "content-length-range") return rangeCheck(condition as unknown[], args[0], args[1]);
  const [name, value] = args;
  if (typeof name !== "string" || typeof value !== "string") throw invalidPolicyDocument("Invalid JSON.");
  return matchCheck(condition as unknown[], name, op === "eq" ? (v) => v === value : (v) => v.startsWith(value));
}

/** eq / starts-with on "$field": names compare case-insensitively, values exactly; an absent field fails. */
function matchCheck(condition: unknown[], name: string, matches: (value: string) => boolean): Check {
  const field = name.startsWith("$") ? name.slice(1).toLowerCase() : "";
  return {
    field,
    test(form, bucket) {
      // The bucket is the one the form is posted to, whether or not a field names it.
      const value = field === "" ? undefined : field === "bucket" ? bucket : valueOf(form, field);
      if (value === undefined || !matches(value)) throw postPolicyConditionFailed(printed(condition));
    },
  };
}

function bound(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function rangeCheck(condition: unknown[], minValue: unknown, maxValue: unknown): Check {
  if ((typeof minValue === "number" && !Number.isInteger(minValue)) || (typeof maxValue === "number" && !Number.isInteger(maxValue))) {
    throw invalidPolicyDocument("Invalid JSON.");
  }
  const min = bound(minValue);
  const max = bound(maxValue);
  return {
    field: "",
    test(_form, _bucket, size) {
      if (min === undefined || max === undefined) throw postPolicyConditionFailed(printed(condition));
      if (size > max) throw entityTooLarge(size, max);
      if (size < min) throw postEntityTooSmall(size, min);
    },
  };
}

/** Checks a form that carries a policy; a form without one is an anonymous upload, left alone. */
export function checkPostPolicy(form: Form, bucket: string, size: number, now: number): void {
  const policy = valueOf(form, "policy");
  if (policy === undefined || policy === "") return;
  checkSignatureFields(form);
  const doc = decode(policy);
  for (const member of Object.keys(doc)) {
    if (member !== "expiration" && member !== "conditions") throw invalidPolicyDocument(`Unexpected: '${member.toLowerCase()}'`);
  }
  const { expiration, conditions } = doc;
  if (expiration === undefined) throw invalidPolicyDocument("Policy missing expiration.");
  if (typeof expiration !== "string" || !EXPIRATION.test(expiration)) throw invalidPolicyDocument(`Invalid 'expiration' value: '${String(expiration)}'`);
  if (conditions === undefined) throw invalidPolicyDocument("Policy missing conditions.");
  if (!Array.isArray(conditions)) throw invalidPolicyDocument("Invalid 'conditions' value: must be a List.");
  const checks = conditions.map(conditionOf);
  if (now > Date.parse(expiration)) throw postPolicyExpired();
  for (const check of checks) check.test(form, bucket, size);
  const named = new Set(checks.map((c) => c.field));
  for (const name of form.keys()) {
    const lower = name.toLowerCase();
    if (!isExempt(lower) && !named.has(lower)) throw postPolicyExtraInputFields(name);
  }
}
