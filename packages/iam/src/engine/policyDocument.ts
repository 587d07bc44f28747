/**
 * Policy documents. IAM stores a document as it was given and answers it URL-encoded
 * (RFC 3986) in every response that carries one (API reference: "Policies returned by this
 * operation are URL-encoded compliant with RFC 3986"; the raw wire, aws/aws-sdk-java#730:
 * %7B%22Version%22%3A…arn%3Aaws%3Adynamodb…table%2F…%2F%2A). There is no policy evaluation:
 * a document is only checked for the shape IAM refuses.
 */
import {
  invalidJson, MalformedPolicyDocumentException, policySizeQuota, syntaxErrors, trustPolicyActions, trustPolicyResource, trustPolicySizeQuota,
} from "../errors.js";
import { MAX_MANAGED_POLICY_SIZE, MAX_TRUST_POLICY_SIZE } from "../limits.js";

/** A document's size as IAM counts it against its quotas: characters other than whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s/g, "").length;
}

/** A managed policy's document (CreatePolicy, CreatePolicyVersion): an identity policy within its size. */
export function checkManagedPolicy(document: string): void {
  checkIdentityPolicy(document);
  if (policySize(document) > MAX_MANAGED_POLICY_SIZE) throw policySizeQuota(MAX_MANAGED_POLICY_SIZE);
}

/** RFC 3986 percent-encoding: everything but the unreserved characters A–Z a–z 0–9 - . _ ~. */
export function encodePolicy(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parse(document: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw invalidJson();
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw syntaxErrors();
  return parsed as Record<string, unknown>;
}

function statements(policy: Record<string, unknown>): Array<Record<string, unknown>> {
  const statement = policy.Statement;
  if (statement === undefined) throw syntaxErrors();
  const list = Array.isArray(statement) ? statement : [statement];
  for (const s of list) if (s === null || typeof s !== "object" || Array.isArray(s)) throw syntaxErrors();
  return list as Array<Record<string, unknown>>;
}

/**
 * An identity policy (managed or inline): JSON with statements that each allow or deny
 * actions on resources. Texts of moto's policy validator, checked against AWS in its
 * aws_verified tests ("Policy statement must contain actions.", "… resources.").
 */
export function checkIdentityPolicy(document: string): void {
  for (const s of statements(parse(document))) {
    if (s.Effect !== "Allow" && s.Effect !== "Deny") throw syntaxErrors();
    if (s.Action === undefined && s.NotAction === undefined) throw new MalformedPolicyDocumentException("Policy statement must contain actions.");
    if (s.Resource === undefined && s.NotResource === undefined) throw new MalformedPolicyDocumentException("Policy statement must contain resources.");
  }
}

const TRUST_ACTIONS = new Set(["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"]);

/** A role's trust policy: no Resource, and only STS's assume-role actions (LocalStack's snapshots recorded on AWS). */
export function checkTrustPolicy(document: string): void {
  const policy = parse(document);
  if (policySize(document) > MAX_TRUST_POLICY_SIZE) throw trustPolicySizeQuota(MAX_TRUST_POLICY_SIZE);
  for (const s of statements(policy)) {
    if (s.Resource !== undefined) throw trustPolicyResource();
    const actions = s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action];
    for (const action of actions) if (action !== "*" && action !== "sts:*" && !TRUST_ACTIONS.has(String(action))) throw trustPolicyActions();
  }
}
