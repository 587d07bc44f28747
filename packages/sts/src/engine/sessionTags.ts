/**
 * Session tags (AssumeRole Tags / TransitiveTagKeys): keys are case-insensitive, transitive
 * keys must name a requested tag, and a chained session may not reset a transitive key of
 * the calling session (IAM User Guide, "Passing session tags in AWS STS").
 */
import { duplicateTagKeys, invalidArn, transitiveKeyConflict, transitiveKeyNotInTags } from "../errors.js";
import type { Tag } from "./types.js";

/**
 * The transitive tag keys the new session carries: the caller's plus the requested ones.
 * Throws AWS's InvalidParameterValue when the tags do not fit together.
 */
export function checkSessionTags(tags: readonly Tag[] | undefined, transitive: readonly string[] | undefined, callerTransitive: readonly string[] | undefined): string[] | undefined {
  const keys = new Set<string>();
  for (const tag of tags ?? []) {
    const key = tag.Key.toLowerCase();
    if (keys.has(key)) throw duplicateTagKeys();
    keys.add(key);
  }
  for (const key of transitive ?? []) if (!keys.has(key.toLowerCase())) throw transitiveKeyNotInTags();
  const inherited = callerTransitive ?? [];
  if (inherited.some((key) => keys.has(key))) throw transitiveKeyConflict();
  const carried = [...inherited, ...(transitive ?? []).map((key) => key.toLowerCase())];
  return carried.length > 0 ? [...new Set(carried)] : undefined;
}

/** AWS's ARN check on RoleArn: "arn:<partition>:<service>:<region>:<account>:<resource>" with partition, service and resource present. */
export function checkArn(arn: string): void {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[1] === "" || parts[2] === "" || parts.slice(5).join(":") === "") throw invalidArn(arn);
}
