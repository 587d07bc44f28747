/**
 * The Parameters section: values from overrides or Default, validated the way
 * CloudFormation validates them (AllowedValues, AllowedPattern, Min/MaxLength,
 * Min/MaxValue, with ConstraintDescription replacing the message when given).
 */
import { messages, templateError } from "./errors.js";
import { keyLineOf, lineOf } from "./parse/located.js";
import { isRecord } from "./util.js";

export type ParameterValue = string | string[];

export interface ParameterEntry {
  name: string;
  type: string;
  value: ParameterValue;
  line?: number;
  /** An SSM-typed parameter not read from Parameter Store: its value is the SSM parameter's *name*. */
  ssmDefault?: boolean;
  /** For an SSM-typed parameter: the SSM parameter's name (Default or override), whose value `value` then holds. */
  ssmName?: string;
  /** Set once the template reads the parameter (!Ref, Fn::Sub…) while loading. */
  referenced?: boolean;
  noEcho: boolean;
}

const AWS_TYPE = "AWS::[A-Za-z0-9]+(?:::[A-Za-z0-9]+)+";
const PARAMETER_TYPE = new RegExp(
  `^(?:String|Number|CommaDelimitedList|List<Number>|${AWS_TYPE}|List<${AWS_TYPE}>|AWS::SSM::Parameter::Value<.+>)$`,
);

export function resolveParameters(
  section: unknown,
  overrides: Record<string, string>,
  file: string,
  warn: (message: string) => void,
  ssmValues: Record<string, string> = {},
): Map<string, ParameterEntry> {
  const out = new Map<string, ParameterEntry>();
  if (section === undefined || section === null) section = {};
  if (!isRecord(section)) throw templateError("Template format error: Parameters must be a map of parameter names to definitions.", { file, line: lineOf(section) });
  const missing: { name: string; line?: number }[] = [];
  for (const [name, definition] of Object.entries(section)) {
    const line = keyLineOf(section, name);
    if (!isRecord(definition) || typeof definition.Type !== "string") throw templateError(messages.parameterNoType(), { file, line });
    const type = definition.Type;
    if (!PARAMETER_TYPE.test(type)) throw templateError(messages.parameterBadType(type), { file, line: keyLineOf(definition, "Type") });
    const given = overrides[name];
    const fallback = definition.Default;
    const raw = given ?? (fallback === undefined || fallback === null ? undefined : scalarText(fallback));
    if (raw === undefined) {
      missing.push({ name, line });
      continue;
    }
    const isSsm = type.startsWith("AWS::SSM::Parameter::Value<");
    const isList = /^List<|CommaDelimitedList|^AWS::SSM::Parameter::Value<List<|<CommaDelimitedList>$/.test(type);
    const where = { file, line: given !== undefined ? line : keyLineOf(definition, "Default") };
    if (isSsm) {
      // Default or override is the SSM parameter's name (constraints apply to it); !Ref gives its value.
      validate(name, type, raw, definition, where);
      const read = Object.hasOwn(ssmValues, name) ? ssmValues[name] : undefined;
      // Unread, a list type holds the one name, so Fn::Join / Fn::Select still apply.
      const value: ParameterValue = read === undefined ? (isList ? [raw] : raw) : isList ? read.split(",") : read;
      out.set(name, { name, type, value, line, ssmDefault: read === undefined, ssmName: raw, noEcho: isTrue(definition.NoEcho) });
      continue;
    }
    const value: ParameterValue = isList ? raw.split(",") : raw;
    validate(name, type, value, definition, where);
    out.set(name, { name, type, value, line, noEcho: isTrue(definition.NoEcho) });
  }
  if (missing.length > 0) {
    throw templateError(messages.parametersMissing(missing.map((m) => m.name)), { file, line: missing[0].line },
      `Give ${missing.length === 1 ? "it" : "them"} a Default in the template, or pass a value: --parameter-overrides ${missing.map((m) => `${m.name}=<value>`).join(" ")}`);
  }
  for (const name of Object.keys(overrides)) {
    if (!out.has(name)) warn(`Parameter override ${name} does not match any parameter in the template; ignored`);
  }
  return out;
}

function validate(name: string, type: string, value: ParameterValue, definition: Record<string, unknown>, where: { file: string; line?: number }): void {
  const constraint = typeof definition.ConstraintDescription === "string" ? definition.ConstraintDescription : undefined;
  const fail = (message: string, hint = `Use a value that satisfies the constraints of parameter ${name}.`) => {
    throw templateError(constraint ? messages.parameterConstraint(name, constraint) : message, where, hint);
  };
  const items = Array.isArray(value) ? value : [value];
  const allowed = definition.AllowedValues;
  if (Array.isArray(allowed)) {
    const texts = allowed.map(scalarText);
    for (const item of items) if (!texts.includes(item)) fail(messages.parameterNotAllowed(name), `Allowed values: ${texts.join(", ")}`);
  }
  const numeric = type === "Number" || type === "List<Number>";
  if (numeric) {
    for (const item of items) {
      const n = Number(item);
      if (item.trim() === "" || !Number.isFinite(n)) fail(messages.parameterNotNumber(name));
      if (definition.MinValue !== undefined && n < Number(definition.MinValue)) fail(messages.parameterMinValue(name, Number(definition.MinValue)));
      if (definition.MaxValue !== undefined && n > Number(definition.MaxValue)) fail(messages.parameterMaxValue(name, Number(definition.MaxValue)));
    }
    return;
  }
  for (const item of items) {
    if (definition.MinLength !== undefined && item.length < Number(definition.MinLength)) fail(messages.parameterMinLength(name, Number(definition.MinLength)));
    if (definition.MaxLength !== undefined && item.length > Number(definition.MaxLength)) fail(messages.parameterMaxLength(name, Number(definition.MaxLength)));
    if (typeof definition.AllowedPattern === "string" && !patternOf(name, definition.AllowedPattern, where).test(item)) {
      fail(messages.parameterPattern(name, definition.AllowedPattern));
    }
  }
}

function patternOf(name: string, pattern: string, where: { file: string; line?: number }): RegExp {
  try {
    // AllowedPattern must match the entire value.
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    throw templateError(`Parameter '${name}' AllowedPattern must be a valid regular expression.`, where);
  }
}

function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(",");
  return typeof value === "string" ? value : String(value);
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}
