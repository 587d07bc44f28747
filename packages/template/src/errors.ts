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
  resourceNoType: (id: string) => `Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`,
  parametersMissing: (names: readonly string[]) => `Parameters: ${list(names)} must have values`,
  // CreateStack's ValidationError for a parameter value the template does not declare (a nested stack's Parameters too).
  parametersNotInTemplate: (names: readonly string[]) => `Parameters: ${list(names)} do not exist in the template`,
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
  // Intrinsic functions of the wrong shape. Fn::Select and Fn::Equals: localstack test_change_set_fn_select /
  // test_conditions snapshots (recorded on AWS, 2025); the others as AWS words them (Eucalyptus' copy of
  // AWS's texts; Fn::Sub's also quoted in localstack test_references).
  selectShape: () => "Template error: Fn::Select requires a list argument with two elements: an integer index and a list",
  equalsShape: () => "Template error: every Fn::Equals object requires a list of 2 string parameters.",
  andOrShape: (name: string) => `Template error: every ${name} object requires a list of at least 2 and at most 10 boolean parameters.`,
  notShape: () => "Template error: Fn::Not requires a list argument with one element",
  ifShape: () => "Template error: Fn::If requires a list argument with three elements",
  ifCondition: () => "Template error: Fn::If requires a list argument with the first element being a condition",
  joinShape: () =>
    "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.",
  findInMapShape: () => "Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value",
  getAttShape: () => "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute",
  subShape: () =>
    "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
  base64Shape: () => "Template error: every Fn::Base64 object must have a String-typed value.",
  // Mappings, Outputs, Resources structure (localstack test_mappings / api/test_validations snapshots, recorded on AWS).
  mappingAttribute: () => "Template format error: Every Mappings attribute must be a String or a List.",
  mappingMember: (name: string) => `Template format error: Every Mappings member ${name} must be a map`,
  outputNoValue: () => "Template format error: Every Outputs member must contain a Value object",
  nullValue: (path: string) => `[${path}] 'null' values are not allowed in templates`,
  resourceAttribute: (key: string) => `Invalid template resource property '${key}'`,
  // A resource that exists in the template but not in the stack (its Condition is false), named in Outputs:
  // localstack test_conditions test_output_reference_to_skipped_resource (AWS's text has no "Template format error:").
  unresolvedInOutputs: (names: readonly string[]) => `Unresolved resource dependencies ${list(names)} in the Outputs block of the template`,
  // A Transform entry whose Name is not a string (localstack test_template_engine test_error_pass_macro_as_reference).
  transformName: () => "Key Name of transform definition must be a string.",
  // Template text that does not parse (localstack api/test_templates: "JSON not well-formed. (line 1, column 25)").
  notWellFormed: (format: "JSON" | "YAML", line: number, column: number) => `Template format error: ${format} not well-formed. (line ${line}, column ${column})`,
  // SAM translator (InvalidResourceException / InvalidEventException)
  samResource: (id: string, message: string) => `Resource with id [${id}] is invalid. ${message}`,
  samEvent: (id: string, message: string) => `Event with id [${id}] is invalid. ${message}`,
  samGlobals: (message: string) => `'Globals' section is invalid. ${message}`,
} as const;
