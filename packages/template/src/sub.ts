/**
 * Fn::Sub: "${Param}", "${AWS::Region}", "${Resource}" (its Ref), "${Resource.Attr}"
 * (its Fn::GetAtt), "${Name}" from the variable map, and "${!Literal}" for a literal "${Literal}".
 */
import { messages, templateError } from "./errors.js";
import { lineOf } from "./parse/located.js";
import type { Scope } from "./scope.js";
import { isRecord } from "./util.js";

const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z0-9_.:]+$/;

export function substitute(arg: unknown, at: object, scope: Scope, resolveValue: (v: unknown) => unknown): string {
  let template: unknown = arg;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || !isRecord(arg[1])) {
      throw templateError(messages.subShape(), { file: scope.file, line: lineOf(at) });
    }
    [template] = arg;
    variables = arg[1];
  }
  if (typeof template !== "string") {
    throw templateError(messages.subShape(), { file: scope.file, line: lineOf(at) });
  }
  const resolvedVariables = new Map<string, unknown>();
  return template.replace(VARIABLE, (whole, body: string) => {
    if (body.startsWith("!")) return `\${${body.slice(1)}}`;
    const name = body.trim();
    if (!VARIABLE_NAME.test(name)) throw templateError(messages.subBadVariable(), { file: scope.file, line: lineOf(at) });
    let value: unknown;
    if (Object.prototype.hasOwnProperty.call(variables, name)) {
      if (!resolvedVariables.has(name)) resolvedVariables.set(name, resolveValue(variables[name]));
      value = resolvedVariables.get(name);
    } else {
      const dot = name.indexOf(".");
      value = dot > 0 && !name.startsWith("AWS::") ? scope.getAtt(name.slice(0, dot), name.slice(dot + 1), at) : scope.ref(name, at);
    }
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw templateError(messages.subNotString(name), { file: scope.file, line: lineOf(at) });
  });
}

/** Names a Fn::Sub string refers to (for the dependency check), without its own variables. */
export function subReferences(arg: unknown): string[] {
  let template: unknown = arg;
  let own: Record<string, unknown> = {};
  if (Array.isArray(arg)) {
    [template] = arg;
    if (isRecord(arg[1])) own = arg[1];
  }
  if (typeof template !== "string") return [];
  const out: string[] = [];
  for (const match of template.matchAll(VARIABLE)) {
    const body = match[1];
    if (body.startsWith("!")) continue;
    const name = body.trim();
    if (Object.prototype.hasOwnProperty.call(own, name)) continue;
    // "${}" or "${a b}" names nothing: substitute() reports CloudFormation's variable-name error for it.
    if (!VARIABLE_NAME.test(name)) continue;
    out.push(name);
  }
  return out;
}
