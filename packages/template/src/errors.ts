/**
 * Every mistake in a template is a SandboxError naming the file and line. Messages copy
 * CloudFormation's and SAM's own texts where they exist, so what the sandbox reports is
 * what `sam deploy` would report.
 */
import { SandboxError } from "@sam-sandbox/core";

export interface Where {
  file: string;
  line?: number;
}

export function templateError(message: string, where: Where, hint?: string): SandboxError {
  return new SandboxError(message, { file: where.file, line: where.line, hint });
}

const list = (names: readonly string[]) => `[${names.join(", ")}]`;

/** CloudFormation's and SAM's message texts, each defined once. */
export const messages = {
  // CloudFormation (ValidateTemplate / CreateChangeSet)
  unresolvedResources: (names: readonly string[], block: string) =>
    `Template format error: Unresolved resource dependencies ${list(names)} in the ${block} block of the template`,
  unresolvedInConditions: (names: readonly string[]) =>
    `Template format error: Unresolved dependencies ${list(names)}. Cannot reference resources in the Conditions block of the template`,
  unresolvedConditions: (names: readonly string[], block: string) =>
    `Template format error: Unresolved condition dependencies ${list(names)} in the ${block} block of the template`,
  circularConditions: (names: readonly string[]) => `Template error: Found circular condition dependency: ${list(names)}`,
  getAttUndefined: (id: string) => `Template error: instance of Fn::GetAtt references undefined resource ${id}`,
  getAttUnsupported: (id: string, attribute: string) =>
    `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`,
  circular: (ids: readonly string[]) => `Circular dependency between resources: ${list(ids)}`,
  noResources: () => "Template format error: At least one Resources member must be defined.",
  invalidSections: (names: readonly string[]) => `Template format error: Invalid template property or properties ${list(names)}`,
  unrecognizedTypes: (types: readonly string[]) => `Template format error: Unrecognized resource types: ${list(types)}`,
  resourceNotObject: () => "Template format error: Any Resources member must be a JSON object.",
  resourceNoType: () => "Template format error: Every Resources object must contain a Type member.",
  parametersMissing: (names: readonly string[]) => `Parameters: ${list(names)} must have values`,
  parameterNoType: () => "Template format error: Every Parameters object must contain a Type member.",
  parameterBadType: (type: string) => `Template format error: Unrecognized parameter type: ${type}`,
  parameterNotAllowed: (name: string) => `Parameter '${name}' must be one of AllowedValues`,
  parameterPattern: (name: string, pattern: string) => `Parameter '${name}' must match pattern ${pattern}`,
  parameterMinLength: (name: string, n: number) => `Parameter '${name}' must contain at least ${n} characters`,
  parameterMaxLength: (name: string, n: number) => `Parameter '${name}' must contain at most ${n} characters`,
  parameterNotNumber: (name: string) => `Parameter '${name}' must be a number`,
  parameterMinValue: (name: string, n: number) => `Parameter '${name}' must be a number not less than ${n}`,
  parameterMaxValue: (name: string, n: number) => `Parameter '${name}' must be a number not greater than ${n}`,
  parameterConstraint: (name: string, description: string) => `Parameter ${name} failed to satisfy constraint: ${description}`,
  mappingMissing: (path: readonly string[]) => `Template error: Unable to get mapping for ${path.join("::")}`,
  selectOutOfRange: (index: number) => `Template error: Fn::Select cannot select nonexistent value at index ${index}`,
  subNotString: (name: string) => `Template error: variable ${name} in Fn::Sub expression does not resolve to a string`,
  subBadVariable: () =>
    "Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons",
  refNotString: () => "Template format error: Every Ref object must have a single String value.",
  badIntrinsic: (name: string, shape: string) => `Template error: ${name} requires ${shape}`,
  // SAM translator (InvalidResourceException / InvalidEventException)
  samResource: (id: string, message: string) => `Resource with id [${id}] is invalid. ${message}`,
  samEvent: (id: string, message: string) => `Event with id [${id}] is invalid. ${message}`,
  samGlobals: (message: string) => `'Globals' section is invalid. ${message}`,
} as const;
