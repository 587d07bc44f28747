/**
 * GetResourcePolicy, PutResourcePolicy, DeleteResourcePolicy: a table's and its stream's
 * resource-based policies, stored and checked as DynamoDB does (no IAM: they are not enforced).
 *
 * Texts recorded from DynamoDB: ack-api-quirks' catalogue (DDB-TABLE-205/211/212/356, 2026-10)
 * for the ARN forms, the policy document checks and Delete's idempotence; moto's aws_verified
 * tests (tests/test_dynamodb/test_dynamodb_resource_policy.py) for the revision-id mismatches.
 * A change starts a 15 s window per slot (the table's, each stream's) in which further changes
 * are a ThrottlingException naming when to retry, checked after the revision and after an equal
 * re-Put's no-op (DDB-TABLE-206/347/213). DynamoDB's first ~1-2 s of that window answer
 * ResourceInUseException while the change is applied; the sandbox applies it at once.
 * Texts live here rather than in errors.ts while another change to that file is in flight.
 */
import { AwsError } from "@sam-sandbox/core";
import { ResourceNotFoundException, ThrottlingException, ValidationException } from "../errors.js";
import { RESOURCE_POLICY_COOLDOWN_MS } from "../limits.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { Table, TableMeta } from "./table.js";

/** "Maximum policy size of 20480 bytes exceeded" (whitespace counts: DynamoDB developer guide, resource-based policy considerations). */
export const MAX_RESOURCE_POLICY_BYTES = 20_480;
/** ExpectedRevisionId meaning "no policy must exist yet" (PutResourcePolicy API reference). */
const NO_POLICY = "NO_POLICY";
/** Actions a stream's policy may grant; a table's policy may not name them (DDB-TABLE-211). */
const STREAM_ACTIONS = new Set(["dynamodb:describestream", "dynamodb:getrecords", "dynamodb:getsharditerator"]);

export class PolicyNotFoundException extends AwsError {
  constructor(message: string) {
    super("PolicyNotFoundException", message, 400);
  }
}

const INVALID = "One or more parameter values were invalid: ";
const TEXTS = {
  notFound: (arn: string) => `Resource-based policy not found for the provided ResourceArn: ${arn}`,
  revisionMismatch: (expected: string, table: string, current: string) =>
    `Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id ${expected}, but the policy associated to target table ${table} has revision id ${current}.`,
  expectedNone: (table: string, current: string) =>
    `Resource-based policy not found for the provided ResourceArn: Requested policy update expecting none to be present for table ${table}, but a policy exists with revision id ${current}.`,
  notArn: (arn: string) => `${INVALID}ARNs must start with 'arn:': ${arn}`,
  notDynamoDb: (arn: string) => `${INVALID}Provided Arn is not a DynamoDB resource arn: ${arn}`,
  notTableOrStream: (arn: string) => `${INVALID}Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`,
  otherRegion: (arn: string) => `${INVALID}Invalid resource Arn: ${arn}`,
  // The apostrophe is DynamoDB's typographic one.
  otherAccount: "This action is only supported by accounts that match the resource owner\u2019s account.",
  streamNotFound: (label: string, table: string) => `Requested resource not found: Stream: ${label} not found for Table: ${table}`,
  tooLarge: `${INVALID}Maximum policy size of ${MAX_RESOURCE_POLICY_BYTES} bytes exceeded`,
  invalidJson: `${INVALID}Invalid policy document: This policy contains invalid Json`,
  emptyStatement: `${INVALID}Invalid policy document: Could not parse the policy: Statement is empty!`,
  missingResource: `${INVALID}Invalid policy document: Missing required field Resource`,
  invalidActions: (actions: string[]) => `${INVALID}Invalid policy document: The following action names are invalid: ${actions.map((a) => `"${a}"`).join(", ")}`,
  /** DDB-TABLE-206/213 (2026-10): the timestamp is the last change's RevisionId + 15000 ms, ISO-8601 with milliseconds. */
  cooldown: (target: Target, retryAt: string) =>
    `Resource-based policy for ${target.stream === undefined ? `table ${target.table.name}` : `stream ${target.stream}`} modified within the previous 15000 milliseconds. Please try again after ${retryAt}.`,
  unboundedAccess: "Resource-based policy grants unbounded access in one or more elements. Please revise the policy to ensure least-privilege form of access",
} as const;

/** A stored policy: what Get answers, and the document as submitted (an equal re-Put keeps the revision). */
export interface StoredPolicy {
  Policy: string;
  RevisionId: string;
  Submitted: string;
}

interface Target {
  table: Table;
  /** The stream's label when the ARN names the table's stream. */
  stream?: string;
}

export function getResourcePolicy(engine: DynamoDbEngine, input: { ResourceArn: string }) {
  const arn = required(input.ResourceArn, "resourceArn");
  const target = targetOf(engine, arn);
  const policy = policyOf(target);
  if (!policy) throw new PolicyNotFoundException(TEXTS.notFound(arn));
  return { Policy: policy.Policy, RevisionId: policy.RevisionId };
}

export async function putResourcePolicy(engine: DynamoDbEngine, input: { ResourceArn: string; Policy: string; ExpectedRevisionId?: string }) {
  const arn = required(input.ResourceArn, "resourceArn");
  const target = targetOf(engine, arn);
  const document = checkPolicy(required(input.Policy, "policy"), target.stream !== undefined);
  const current = policyOf(target);
  checkRevision(target, current, input.ExpectedRevisionId);
  const submitted = JSON.stringify(document);
  // Putting an equal document is a no-op: the same RevisionId (moto's aws_verified test_put_resource_policy_multiple_times).
  if (current && current.Submitted === submitted) return { RevisionId: current.RevisionId };
  const now = checkCooldown(engine, target);
  const stored: StoredPolicy = { Policy: JSON.stringify(canonical(document)), RevisionId: nextRevision(engine, current), Submitted: submitted };
  await engine.saveMeta(withPolicy(target, stored, now));
  return { RevisionId: stored.RevisionId };
}

/**
 * Deleting where no policy is is an idempotent success with an empty answer (DDB-TABLE-205);
 * otherwise the answer echoes the removed policy's RevisionId (DDB-TABLE-209/213).
 */
export async function deleteResourcePolicy(engine: DynamoDbEngine, input: { ResourceArn: string; ExpectedRevisionId?: string }) {
  const arn = required(input.ResourceArn, "resourceArn");
  const target = targetOf(engine, arn);
  const current = policyOf(target);
  if (!current) return {};
  if (input.ExpectedRevisionId !== undefined && input.ExpectedRevisionId !== current.RevisionId) {
    throw new PolicyNotFoundException(TEXTS.revisionMismatch(input.ExpectedRevisionId, target.table.name, current.RevisionId));
  }
  const now = checkCooldown(engine, target);
  await engine.saveMeta(withPolicy(target, undefined, now));
  return { RevisionId: current.RevisionId };
}

/** CreateTable's ResourcePolicy: checked as PutResourcePolicy checks it, stored with the table. */
export function initialPolicy(engine: DynamoDbEngine, policy: string): StoredPolicy {
  const document = checkPolicy(policy, false);
  return { Policy: JSON.stringify(canonical(document)), RevisionId: String(engine.options.clock.now()), Submitted: JSON.stringify(document) };
}

function targetOf(engine: DynamoDbEngine, arn: string): Target {
  if (!arn.startsWith("arn:")) throw new ValidationException(TEXTS.notArn(arn));
  const parts = arn.split(":");
  if (parts[2] !== "dynamodb" || parts.length < 6) throw new ValidationException(TEXTS.notDynamoDb(arn));
  const resource = parts.slice(5).join(":");
  const match = /^table\/([^/]+)(?:\/(stream|index)\/(.+))?$/.exec(resource);
  if (!match) throw new ValidationException(TEXTS.notDynamoDb(arn));
  if (match[2] === "index") throw new ValidationException(TEXTS.notTableOrStream(arn));
  if (parts[4] !== engine.options.accountId) throw new ValidationException(TEXTS.otherAccount);
  if (parts[1] !== "aws" || parts[3] !== engine.options.region) throw new ValidationException(TEXTS.otherRegion(arn));
  const table = engine.table(match[1], { nameInMessage: true });
  if (match[2] === "stream") {
    const label = match[3];
    if (table.meta.LatestStreamLabel !== label) throw new ResourceNotFoundException(TEXTS.streamNotFound(label, table.name));
    return { table, stream: label };
  }
  return { table };
}

function policyOf(target: Target): StoredPolicy | undefined {
  return target.stream === undefined ? target.table.meta.ResourcePolicy : target.table.meta.StreamResourcePolicies?.[target.stream];
}

/** The clock's now, once the slot's last change is 15 s old (DDB-TABLE-206: retry after exactly that change + 15000 ms). */
function checkCooldown(engine: DynamoDbEngine, target: Target): number {
  const now = engine.options.clock.now();
  const changedAt = target.table.meta.ResourcePolicyChangedAt?.[target.stream ?? ""];
  if (changedAt !== undefined && now - changedAt < RESOURCE_POLICY_COOLDOWN_MS) {
    throw new ThrottlingException(TEXTS.cooldown(target, new Date(changedAt + RESOURCE_POLICY_COOLDOWN_MS).toISOString()));
  }
  return now;
}

function withPolicy(target: Target, policy: StoredPolicy | undefined, changedAt: number): TableMeta {
  const meta = { ...target.table.meta };
  meta.ResourcePolicyChangedAt = { ...meta.ResourcePolicyChangedAt, [target.stream ?? ""]: changedAt };
  if (target.stream === undefined) {
    if (policy) meta.ResourcePolicy = policy;
    else delete meta.ResourcePolicy;
    return meta;
  }
  const streams = { ...meta.StreamResourcePolicies };
  if (policy) streams[target.stream] = policy;
  else delete streams[target.stream];
  meta.StreamResourcePolicies = streams;
  return meta;
}

function checkRevision(target: Target, current: StoredPolicy | undefined, expected: string | undefined): void {
  if (expected === undefined) return;
  if (expected === NO_POLICY) {
    if (current) throw new PolicyNotFoundException(TEXTS.expectedNone(target.table.name, current.RevisionId));
    return;
  }
  if (!current) throw new PolicyNotFoundException(TEXTS.notFound(target.table.meta.TableArn));
  if (current.RevisionId !== expected) throw new PolicyNotFoundException(TEXTS.revisionMismatch(expected, target.table.name, current.RevisionId));
}

/** Revision ids are the clock's milliseconds, as DynamoDB's are (DDB-TABLE-347), and always grow. */
function nextRevision(engine: DynamoDbEngine, current: StoredPolicy | undefined): string {
  const now = engine.options.clock.now();
  const last = current ? Number(current.RevisionId) : 0;
  return String(Number.isFinite(last) && last >= now ? last + 1 : now);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Statement = Record<string, Json>;

/** The document DynamoDB accepts: size first, then JSON, then the statements. */
function checkPolicy(policy: string, forStream: boolean): { [key: string]: Json } {
  if (Buffer.byteLength(policy, "utf8") > MAX_RESOURCE_POLICY_BYTES) throw new ValidationException(TEXTS.tooLarge);
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw new ValidationException(TEXTS.invalidJson);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) throw new ValidationException(TEXTS.invalidJson);
  const statements = statementsOf(document as { [key: string]: Json });
  if (statements.length === 0) throw new ValidationException(TEXTS.emptyStatement);
  for (const statement of statements) {
    if (statement.Resource === undefined && statement.NotResource === undefined) throw new ValidationException(TEXTS.missingResource);
    if (String(statement.Effect).toLowerCase() === "allow" && grantsEveryone(statement.Principal)) throw new ValidationException(TEXTS.unboundedAccess);
  }
  if (!forStream) {
    const streamActions = statements.flatMap((s) => asList(s.Action)).filter((a): a is string => typeof a === "string" && STREAM_ACTIONS.has(a.toLowerCase()));
    if (streamActions.length > 0) throw new ValidationException(TEXTS.invalidActions(streamActions));
  }
  return document as { [key: string]: Json };
}

function statementsOf(document: { [key: string]: Json }): Statement[] {
  const statement = document.Statement;
  const list = Array.isArray(statement) ? statement : statement === undefined || statement === null ? [] : [statement];
  return list.filter((s): s is Statement => typeof s === "object" && s !== null && !Array.isArray(s));
}

function grantsEveryone(principal: Json | undefined): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null || Array.isArray(principal)) return false;
  return asList(principal.AWS).includes("*");
}

function asList(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * What GetResourcePolicy answers (DDB-TABLE-208/351-355): minified, keys in DynamoDB's order,
 * Version defaulted to 2008-10-17, a Statement object made a list, Effect title-cased, one-element
 * lists made strings, an account id principal made its root ARN.
 */
function canonical(document: { [key: string]: Json }): { [key: string]: Json } {
  const statements = statementsOf(document).map(canonicalStatement);
  const out: { [key: string]: Json } = { Version: document.Version ?? "2008-10-17" };
  if (document.Id !== undefined) out.Id = document.Id;
  out.Statement = statements;
  return out;
}

const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

function canonicalStatement(statement: Statement): Statement {
  const out: Statement = {};
  for (const key of [...STATEMENT_KEYS, ...Object.keys(statement).filter((k) => !STATEMENT_KEYS.includes(k))]) {
    const value = statement[key];
    if (value === undefined) continue;
    if (key === "Effect" && typeof value === "string") out[key] = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
    else if (key === "Principal" || key === "NotPrincipal") out[key] = canonicalPrincipal(value);
    else if (key === "Action" || key === "NotAction" || key === "Resource" || key === "NotResource") out[key] = single(value);
    else if (key === "Condition" && typeof value === "object" && value !== null && !Array.isArray(value)) out[key] = mapValues(value, (operator) => mapValues(operator, single));
    else out[key] = value;
  }
  return out;
}

function canonicalPrincipal(principal: Json): Json {
  if (typeof principal !== "object" || principal === null || Array.isArray(principal)) return principal;
  return mapValues(principal, (ids, type) => {
    if (type !== "AWS") return single(ids);
    const arns = [...new Set(asList(ids).map((id) => (typeof id === "string" && /^\d{12}$/.test(id) ? `arn:aws:iam::${id}:root` : id)))];
    return single(arns);
  });
}

function single(value: Json): Json {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function mapValues(value: Json, f: (v: Json, key: string) => Json): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v, k)]));
}
