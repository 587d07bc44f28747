/**
 * CloudFormation intrinsic functions, evaluated the way CloudFormation evaluates them
 * when it creates the stack: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If, Fn::Select,
 * Fn::Split, Fn::FindInMap, condition functions, Fn::Base64, Fn::Cidr, Fn::GetAZs, …
 */
import { messages, templateError } from "./errors.js";
import { copyLocation, lineOf } from "./parse/located.js";
import { NO_VALUE } from "./scope.js";
import type { Scope } from "./scope.js";
import { substitute } from "./sub.js";
import { cidr } from "./cidr.js";
import { intrinsicName, isRecord, hasOwn } from "./util.js";

export interface ResolveOptions {
  /** In the Conditions section and inside condition functions `{ "Condition": name }` is a function too. */
  conditionMode?: boolean;
}

/** Resolves every intrinsic in `value`; `NO_VALUE` is dropped from objects and lists. */
export function resolve(value: unknown, scope: Scope, options: ResolveOptions = {}): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copyLocation(value, out);
    for (const item of value) {
      const resolved = resolve(item, scope, options);
      if (resolved !== NO_VALUE) out.push(resolved);
    }
    return out;
  }
  if (!isRecord(value)) return value;
  const fn = intrinsicName(value);
  if (fn) return call(fn, value[fn], value, scope);
  if (options.conditionMode && isConditionRef(value)) return scope.condition(value.Condition as string, value);
  const out: Record<string, unknown> = {};
  copyLocation(value, out);
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(item, scope, options);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function isConditionRef(value: Record<string, unknown>): boolean {
  return Object.keys(value).length === 1 && hasOwn(value, "Condition") && typeof value.Condition === "string";
}

/** A resolved value used where CloudFormation wants a string. */
export function toText(value: unknown, scope: Scope, at: object, what: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw templateError(`Template error: ${what} must resolve to a string`, { file: scope.file, line: lineOf(at) });
}

function bad(scope: Scope, at: object, fn: string, shape: string): never {
  throw templateError(messages.badIntrinsic(fn, shape), { file: scope.file, line: lineOf(at) });
}

/** Throws CloudFormation's message for a function written with the wrong arguments. */
function malformed(scope: Scope, at: object, message: string): never {
  throw templateError(message, { file: scope.file, line: lineOf(at) });
}

function list(arg: unknown, scope: Scope, at: object, message: string, min: number, max = min): unknown[] {
  if (!Array.isArray(arg) || arg.length < min || arg.length > max) malformed(scope, at, message);
  return arg;
}

function call(fn: string, arg: unknown, at: object, scope: Scope): unknown {
  const sub = (v: unknown) => resolve(v, scope);
  const text = (v: unknown, what: string) => toText(sub(v), scope, at, what);
  switch (fn) {
    case "Ref":
      if (typeof arg !== "string") throw templateError(messages.refNotString(), { file: scope.file, line: lineOf(at) });
      return scope.ref(arg, at);
    case "Fn::GetAtt": {
      const parts = typeof arg === "string" ? splitFirstDot(arg) : list(arg, scope, at, messages.getAttShape(), 2);
      const [id, attribute] = parts;
      if (typeof id !== "string" || id === "") malformed(scope, at, messages.getAttShape());
      return scope.getAtt(id, text(attribute, "the Fn::GetAtt attribute name"), at);
    }
    case "Fn::Sub":
      return substitute(arg, at, scope, sub);
    case "Fn::Join": {
      const [delimiter, values] = list(arg, scope, at, messages.joinShape(), 2);
      const items = sub(values);
      const separator = sub(delimiter);
      if (!Array.isArray(items) || typeof separator !== "string") malformed(scope, at, messages.joinShape());
      return items.map((item) => (isScalar(item) ? String(item) : malformed(scope, at, messages.joinShape()))).join(separator);
    }
    case "Fn::Select": {
      const [indexArg, values] = list(arg, scope, at, messages.selectShape(), 2);
      const rawIndex = sub(indexArg);
      const index = typeof rawIndex === "string" && rawIndex.trim() === "" ? NaN : Number(rawIndex);
      const items = sub(values);
      if (!Array.isArray(items) || !isScalar(rawIndex) || typeof rawIndex === "boolean" || !Number.isInteger(index)) malformed(scope, at, messages.selectShape());
      if (index < 0 || index >= items.length) {
        // A list written out in the template is checked when the template is validated; one a function returns, when it is used.
        malformed(scope, at, Array.isArray(values) ? messages.selectShape() : messages.selectOutOfRange(index));
      }
      return items[index];
    }
    case "Fn::Split": {
      const [delimiter, source] = list(arg, scope, at, messages.badIntrinsic(fn, "[delimiter, source string]"), 2);
      return text(source, "the Fn::Split source").split(text(delimiter, "the Fn::Split delimiter"));
    }
    case "Fn::FindInMap":
      return findInMap(list(arg, scope, at, messages.findInMapShape(), 3, 4), at, scope, sub);
    case "Fn::If": {
      if (Array.isArray(arg) && typeof arg[0] !== "string") malformed(scope, at, messages.ifCondition());
      const [name, whenTrue, whenFalse] = list(arg, scope, at, messages.ifShape(), 3);
      if (typeof name !== "string") malformed(scope, at, messages.ifCondition());
      return resolve(scope.condition(name, at) ? whenTrue : whenFalse, scope);
    }
    case "Fn::Equals": {
      const [a, b] = list(arg, scope, at, messages.equalsShape(), 2);
      return canonical(sub(a)) === canonical(sub(b));
    }
    case "Fn::Not":
      return !bool(list(arg, scope, at, messages.notShape(), 1)[0], scope, at, fn);
    case "Fn::And":
    case "Fn::Or": {
      const items = list(arg, scope, at, messages.andOrShape(fn), 2, 10);
      const values = items.map((item) => bool(item, scope, at, fn));
      return fn === "Fn::And" ? values.every(Boolean) : values.some(Boolean);
    }
    case "Fn::Base64": {
      const value = sub(arg);
      if (!isScalar(value)) malformed(scope, at, messages.base64Shape());
      return Buffer.from(String(value), "utf8").toString("base64");
    }
    case "Fn::GetAZs": {
      const region = arg === "" || arg === null ? scope.region : text(arg, "the Fn::GetAZs region") || scope.region;
      return ["a", "b", "c"].map((zone) => `${region}${zone}`);
    }
    case "Fn::ImportValue": {
      const name = text(arg, "the Fn::ImportValue export name");
      const imported = scope.importValue?.(name);
      if (imported !== undefined) return imported;
      scope.warn(`Fn::ImportValue ${name} reads another stack's export, which the sandbox does not have; it resolves to the export name "${name}"`);
      return name;
    }
    case "Fn::Cidr": {
      const [block, count, bits] = list(arg, scope, at, messages.badIntrinsic(fn, "[ipBlock, count, cidrBits]"), 3);
      return cidr(text(block, "the Fn::Cidr ipBlock"), Number(sub(count)), Number(sub(bits)), () => bad(scope, at, fn, "a valid [ipBlock, count, cidrBits]"));
    }
    case "Fn::Length": {
      const items = sub(arg);
      if (!Array.isArray(items)) bad(scope, at, fn, "a list");
      return items.length;
    }
    case "Fn::ToJsonString":
      return JSON.stringify(sub(arg));
    case "Fn::Transform":
      scope.warn(transformWarning(arg, `${scope.file} line ${lineOf(at) ?? "?"}`));
      return NO_VALUE;
    default:
      throw templateError(`Template format error: Encountered unsupported function: ${fn}`, { file: scope.file, line: lineOf(at) });
  }
}

function bool(value: unknown, scope: Scope, at: object, fn: string): boolean {
  const resolved = resolve(value, scope, { conditionMode: true });
  if (typeof resolved === "boolean") return resolved;
  if (resolved === "true" || resolved === "false") return resolved === "true";
  return malformed(scope, at, fn === "Fn::Not" ? messages.notShape() : messages.andOrShape(fn));
}

/** A value CloudFormation turns into a string where it wants one. */
function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** Fn::Equals compares values as CloudFormation sees them: strings. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value.map(canonical));
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function findInMap(args: unknown[], at: object, scope: Scope, sub: (v: unknown) => unknown): unknown {
  const keys = args.slice(0, 3).map((key) => toText(sub(key), scope, at, "every Fn::FindInMap key"));
  const options = args[3];
  let node: unknown = scope.mappings;
  for (const key of keys) {
    node = isRecord(node) && hasOwn(node, key) ? node[key] : undefined;
    if (node === undefined) break;
  }
  if (node !== undefined) return node;
  // AWS::LanguageExtensions: Fn::FindInMap's optional { DefaultValue }.
  if (isRecord(options) && hasOwn(options, "DefaultValue")) return sub(options.DefaultValue);
  throw templateError(messages.mappingMissing(keys), { file: scope.file, line: lineOf(at) },
    `Add the key to the Mappings section, or check the values the Fn::FindInMap keys resolve to.`);
}

function splitFirstDot(text: string): string[] {
  const dot = text.indexOf(".");
  return dot < 0 ? [text, ""] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** Why an Fn::Transform left in the template (a macro, or AWS::Include from S3) is left out. */
function transformWarning(arg: unknown, where: string): string {
  const name = isRecord(arg) && typeof arg.Name === "string" ? arg.Name : "(unnamed)";
  const location = isRecord(arg) && isRecord(arg.Parameters) ? arg.Parameters.Location : undefined;
  if (name === "AWS::Include" && typeof location === "string") {
    return `Fn::Transform AWS::Include of ${location} (${where}) reads the snippet from S3, which the sandbox cannot do offline; the value is left out. Keep a copy next to the template and set Location to its relative path`;
  }
  return `Fn::Transform ${name} (${where}) runs a CloudFormation macro, which the sandbox cannot run; the value is left out`;
}
