/**
 * PutResourcePolicy, DeleteResourcePolicy, ListResourcePolicies: up to 5 named policies of
 * up to 5 KB each. Revision ids count up per policy ("1", "2", …); a PolicyRevisionId that is
 * not the latest fails, and "0" means "create only" (X-Ray API reference, PutResourcePolicy).
 */
import type { DurableState } from "@sam-sandbox/core";
import {
  InvalidPolicyRevisionIdException,
  MalformedPolicyDocumentException,
  PolicyCountLimitExceededException,
  PolicySizeLimitExceededException,
  messages,
} from "../errors.js";
import { MAX_POLICY_BYTES, MAX_RESOURCE_POLICIES } from "../limits.js";
import { change, type ConfigRecord, type ConfigState, type StoredPolicy } from "./config.js";

export interface PutResourcePolicyInput {
  PolicyName: string;
  PolicyDocument: string;
  PolicyRevisionId?: string;
  BypassPolicyLockoutCheck?: boolean;
}

type Durable = DurableState<ConfigState, ConfigRecord>;

function checkDocument(document: string): void {
  if (Buffer.byteLength(document, "utf8") > MAX_POLICY_BYTES) throw new PolicySizeLimitExceededException(messages.policySize(MAX_POLICY_BYTES));
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new MalformedPolicyDocumentException(messages.malformedPolicy());
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new MalformedPolicyDocumentException(messages.malformedPolicy());
}

export async function putResourcePolicy(durable: Durable, now: number, input: PutResourcePolicyInput) {
  const existing = durable.state.policies.get(input.PolicyName);
  if (input.PolicyRevisionId !== undefined) {
    if (input.PolicyRevisionId === "0" && existing !== undefined) throw new InvalidPolicyRevisionIdException(messages.policyExists());
    if (input.PolicyRevisionId !== "0" && input.PolicyRevisionId !== existing?.PolicyRevisionId) {
      throw new InvalidPolicyRevisionIdException(messages.policyRevision());
    }
  }
  checkDocument(input.PolicyDocument);
  if (existing === undefined && durable.state.policies.size >= MAX_RESOURCE_POLICIES) {
    throw new PolicyCountLimitExceededException(messages.policyCount(MAX_RESOURCE_POLICIES));
  }
  const policy: StoredPolicy = {
    PolicyName: input.PolicyName,
    PolicyDocument: input.PolicyDocument,
    PolicyRevisionId: String(existing === undefined ? 1 : Number(existing.PolicyRevisionId) + 1),
    LastUpdatedTime: now,
  };
  await change(durable, { t: "policy", name: policy.PolicyName, value: policy });
  return { ResourcePolicy: policy };
}

/** Deleting a policy that does not exist succeeds (nothing to do), unless a revision id is given. */
export async function deleteResourcePolicy(durable: Durable, input: { PolicyName: string; PolicyRevisionId?: string }) {
  const existing = durable.state.policies.get(input.PolicyName);
  if (input.PolicyRevisionId !== undefined && input.PolicyRevisionId !== existing?.PolicyRevisionId) {
    throw new InvalidPolicyRevisionIdException(messages.policyRevision());
  }
  if (existing !== undefined) await change(durable, { t: "policy", name: input.PolicyName });
  return {};
}

export function listResourcePolicies(state: ConfigState) {
  return { ResourcePolicies: [...state.policies.values()] };
}
