/**
 * PackedPolicySize: "a percentage value that indicates the packed size of the session policies
 * and session tags combined passed in the request" (STS API Reference). AWS packs them with an
 * internal binary format; the sandbox deflates the same inputs and scales them against the
 * documented 2048-byte plain-text policy limit, so the figure is there whenever a session policy
 * or tag is passed, grows with them, and stays in the single digits for a one-statement policy
 * as AWS's does (localstack test_assume_role_with_policy, recorded on AWS: 16).
 */
import { deflateRawSync } from "node:zlib";
import { policyNotJson } from "../errors.js";
import { PACKED_POLICY_SCALE_BYTES } from "../limits.js";
import type { SessionPolicyInput } from "./types.js";

/** Refuses a session policy that does not parse as JSON, before any credentials are issued. */
export function checkSessionPolicy(policy: string | undefined): void {
  if (policy === undefined) return;
  try {
    JSON.parse(policy);
  } catch {
    throw policyNotJson();
  }
}

/** Undefined when the request passes no session policy, managed policy ARN nor tag (AWS then leaves the member out). */
export function packedPolicySize(input: SessionPolicyInput): number | undefined {
  const parts = [
    ...(input.Policy !== undefined ? [input.Policy] : []),
    ...(input.PolicyArns ?? []).map((p) => p.arn ?? ""),
    ...(input.Tags ?? []).map((t) => `${t.Key}=${t.Value}`),
  ];
  if (parts.length === 0) return undefined;
  const packed = deflateRawSync(Buffer.from(parts.join("\n"), "utf8")).length;
  return Math.max(1, Math.ceil((packed * 100) / PACKED_POLICY_SCALE_BYTES));
}
