/** Parameter name rules (Systems Manager User Guide: "Requirements and constraints for parameter names"). */
import { hierarchyTooDeep, invalidPathName, notFullyQualified, reservedAwsPath, reservedPrefix } from "../errors.js";
import { MAX_HIERARCHY_LEVELS } from "../limits.js";

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;

/** Throws AWS's error for a name PutParameter refuses. */
export function checkParameterName(name: string): void {
  const bare = name.replace(/^\/+/, "").toLowerCase();
  const isPath = name.includes("/");
  // Any path under a first level beginning with "aws" is AWS's (moto test_put_parameter_invalid_names).
  if (/^\/aws/i.test(name) && name.includes("/", 1)) throw reservedAwsPath(name);
  if (bare.startsWith("aws") || bare.startsWith("ssm")) throw isPath ? invalidPathName() : reservedPrefix();
  if (isPath && !name.startsWith("/")) throw notFullyQualified();
  if (!NAME_CHARS.test(name) || name.includes("//") || (isPath && name.endsWith("/"))) throw invalidPathName();
  // "/a/b/c" is three levels.
  if (isPath && name.split("/").length - 1 > MAX_HIERARCHY_LEVELS) throw hierarchyTooDeep();
}

/** "name:3" / "name:label" → the name and its selector (GetParameter, GetParameters). */
export function splitSelector(reference: string): { name: string; selector?: string } {
  // ARNs name a parameter too: arn:aws:ssm:<region>:<account>:parameter/<name>.
  const arn = /^arn:aws[\w-]*:ssm:[^:]*:[^:]*:parameter(\/.*)$/.exec(reference);
  const text = arn?.[1] ?? reference;
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return { name: normalize(text, arn !== null) };
  return { name: normalize(text.slice(0, colon), arn !== null), selector: text.slice(colon + 1) };
}

/** An ARN's resource part always begins with "/"; a top-level name does not. */
function normalize(name: string, fromArn: boolean): string {
  return fromArn && name.lastIndexOf("/") === 0 ? name.slice(1) : name;
}

/** Labels AWS refuses are answered in InvalidLabels, not as an error. */
export function isValidLabel(label: string): boolean {
  const lower = label.toLowerCase();
  return !lower.startsWith("aws") && !lower.startsWith("ssm") && !/^\d/.test(label) && /^[a-zA-Z0-9_.-]+$/.test(label);
}

/**
 * "/name" and "name" are one top-level parameter: either spelling reads, tags and deletes it
 * (moto test_parameter_lifecycle_with_leading_slash, @aws_verified). Deeper paths have one spelling.
 */
export function topLevelTwin(name: string): string | undefined {
  if (/^\/[^/]+$/.test(name)) return name.slice(1);
  if (/^[^/]+$/.test(name)) return `/${name}`;
  return undefined;
}

/** GetParameter refuses a path with an empty sub-path or without its leading "/" (localstack test_hierarchical_parameter, recorded on AWS). */
export function isMalformedPath(name: string): boolean {
  return name.includes("/") && (!name.startsWith("/") || name.includes("//"));
}
