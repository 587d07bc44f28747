/**
 * API Gateway renders mapping templates with Apache Velocity on Java: a template calls Java's
 * methods on the values it holds ($inputRoot.toString().contains("x"), $s.length(),
 * $s.replace("a", "b")). velocityjs calls JavaScript's instead; these handlers give the Java
 * methods JavaScript lacks or names alike but runs differently. A template localstack recorded on
 * AWS (tests/aws/files/response-template.vm, test_lambda_aws_integration_response_with_mapping_templates)
 * reads `$inputRoot.toString().contains("customerror")` to choose its status.
 */
import { runRegex } from "@sam-sandbox/core";
import { MAX_REGEX_MS } from "../limits.js";

interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

interface MethodHandler {
  uid: string;
  match: (call: MethodCall) => boolean;
  resolve: (call: MethodCall) => unknown;
}

/** A Java Map's or List's toString(): {a=1, b=[x, y]}. */
export function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value).map(([key, item]) => `${key}=${javaString(item)}`).join(", ")}}`;
  }
  return String(value);
}

const isString = (value: unknown): value is string => typeof value === "string";
const isContainer = (value: unknown): value is object => typeof value === "object" && value !== null;

// Java's String.replaceAll / matches / split take a Java regular expression: close enough to
// JavaScript's for templates. They run on a worker with a deadline (guardedRegex.ts).

/** Java's String.split(regex): trailing empty strings are dropped. */
function javaSplit(text: string, pattern: unknown): string[] {
  const parts = runRegex({ op: "split", source: String(pattern), flags: "", text }, MAX_REGEX_MS);
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

function handler(uid: string, applies: (context: unknown, property: string) => boolean, resolve: (call: MethodCall) => unknown): MethodHandler {
  return { uid: `java: ${uid}`, match: (call) => applies(call.context, call.property), resolve };
}

const stringMethod = (name: string) => (context: unknown, property: string) => property === name && isString(context);

export const JAVA_METHODS: MethodHandler[] = [
  // Map / List toString(): JavaScript's would write "[object Object]" or "a,b".
  handler("toString", (context, property) => property === "toString" && isContainer(context), ({ context }) => javaString(context)),
  handler("String.contains", stringMethod("contains"), ({ context, params }) => String(context).includes(String(params[0]))),
  handler("List.contains", (context, property) => property === "contains" && Array.isArray(context), ({ context, params }) => (context as unknown[]).includes(params[0])),
  handler("Map.containsKey", (context, property) => property === "containsKey" && isContainer(context), ({ context, params }) => Object.hasOwn(context as object, String(params[0]))),
  handler("equals", (context, property) => property === "equals" && context !== undefined, ({ context, params }) => context === params[0]),
  handler("String.equalsIgnoreCase", stringMethod("equalsIgnoreCase"), ({ context, params }) => String(context).toLowerCase() === String(params[0]).toLowerCase()),
  handler("String.length", stringMethod("length"), ({ context }) => String(context).length),
  handler("isEmpty", (context, property) => property === "isEmpty" && (isString(context) || isContainer(context)), ({ context }) =>
    isString(context) ? context.length === 0 : Array.isArray(context) ? context.length === 0 : Object.keys(context as object).length === 0,
  ),
  handler("String.matches", stringMethod("matches"), ({ context, params }) => runRegex({ op: "test", source: `^(?:${String(params[0])})$`, flags: "s", text: String(context) }, MAX_REGEX_MS)),
  // Java's replace(a, b) replaces every occurrence (JavaScript's only the first).
  handler("String.replace", stringMethod("replace"), ({ context, params }) => String(context).replaceAll(String(params[0]), String(params[1]))),
  handler("String.replaceAll", stringMethod("replaceAll"), ({ context, params }) =>
    runRegex({ op: "replace", source: String(params[0]), flags: "g", text: String(context), replacement: String(params[1]) }, MAX_REGEX_MS),
  ),
  handler("String.split", stringMethod("split"), ({ context, params }) => javaSplit(String(context), params[0])),
];
