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
import { isJavaMap, JavaEntry, javaEquals, javaString } from "./javaValues.js";

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

const isString = (value: unknown): value is string => typeof value === "string";
const isContainer = (value: unknown): value is object => Array.isArray(value) || isJavaMap(value);

// Java's String.replaceAll / matches / split take a Java regular expression: close enough to
// JavaScript's for templates. They run on a worker with a deadline (guardedRegex.ts).

/** Java's String.split(regex): trailing empty strings are dropped. */
function javaSplit(text: string, pattern: unknown): string[] {
  const parts = runRegex({ op: "split", source: String(pattern), flags: "", text }, MAX_REGEX_MS);
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/**
 * An exception a Java method throws (StringIndexOutOfBoundsException): in Velocity 1.7 it fails the
 * render (MethodInvocationException), which API Gateway answers as a template it cannot apply.
 */
export class JavaMethodException extends Error {}

/** Java's String.substring: an index outside the string, or an end before the beginning, throws (JavaScript's clamps or swaps them). */
function javaSubstring(text: string, params: unknown[]): string {
  const begin = Number(params[0]);
  const end = params.length > 1 ? Number(params[1]) : text.length;
  if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end > text.length || begin > end) {
    throw new JavaMethodException(`StringIndexOutOfBoundsException: begin ${begin}, end ${end}, length ${text.length}`);
  }
  return text.substring(begin, end);
}

function handler(uid: string, applies: (context: unknown, property: string) => boolean, resolve: (call: MethodCall) => unknown): MethodHandler {
  return { uid: `java: ${uid}`, match: (call) => applies(call.context, call.property), resolve };
}

const stringMethod = (name: string) => (context: unknown, property: string) => property === name && isString(context);
const listMethod = (name: string) => (context: unknown, property: string) => property === name && Array.isArray(context);
const mapMethod = (name: string) => (context: unknown, property: string) => property === name && isJavaMap(context);

export const JAVA_METHODS: MethodHandler[] = [
  // Map / List toString(): JavaScript's would write "[object Object]" or "a,b".
  handler("toString", (context, property) => property === "toString" && isContainer(context), ({ context }) => javaString(context)),
  handler("String.contains", stringMethod("contains"), ({ context, params }) => String(context).includes(String(params[0]))),
  handler("List.contains", listMethod("contains"), ({ context, params }) => (context as unknown[]).some((item) => javaEquals(item, params[0]))),
  // List.add returns true, which a bare $list.add(x) writes out (as Velocity writes any method's result).
  handler("List.add", listMethod("add"), ({ context, params }) => {
    const list = context as unknown[];
    if (params.length > 1) list.splice(Number(params[0]), 0, params[1]);
    else list.push(params[0]);
    return params.length > 1 ? undefined : true;
  }),
  // List.set returns the element it replaced.
  handler("List.set", listMethod("set"), ({ context, params }) => {
    const list = context as unknown[];
    const previous = list[Number(params[0])];
    list[Number(params[0])] = params[1];
    return previous;
  }),
  handler("Map.containsKey", mapMethod("containsKey"), ({ context, params }) => Object.hasOwn(context as object, String(params[0]))),
  handler("Map.containsValue", mapMethod("containsValue"), ({ context, params }) => Object.values(context as object).some((item) => javaEquals(item, params[0]))),
  // Map.get finds the key exactly (velocityjs's get also tries it with its first letter's case swapped).
  handler("Map.get", mapMethod("get"), ({ context, params }) => (Object.hasOwn(context as object, String(params[0])) ? (context as Record<string, unknown>)[String(params[0])] : undefined)),
  // Map.put returns the value the key had (null, written as nothing, for a new key).
  handler("Map.put", mapMethod("put"), ({ context, params }) => {
    const map = context as Record<string, unknown>;
    const key = String(params[0]);
    const previous = Object.hasOwn(map, key) ? map[key] : undefined;
    Object.defineProperty(map, key, { value: params[1], enumerable: true, writable: true, configurable: true });
    return previous;
  }),
  handler("Map.values", mapMethod("values"), ({ context }) => Object.values(context as object)),
  // Map.Entry writes itself `key=value` (velocityjs's entries were maps, written {key=a, value=1}).
  handler("Map.entrySet", mapMethod("entrySet"), ({ context }) => Object.entries(context as object).map(([key, value]) => new JavaEntry(key, value))),
  handler("equals", (context, property) => property === "equals" && context !== undefined, ({ context, params }) => javaEquals(context, params[0])),
  // Java's trim() removes the characters up to U+0020 (JavaScript's also removes Unicode spaces).
  handler("String.trim", stringMethod("trim"), ({ context }) => String(context).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "")),
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
  handler("String.substring", stringMethod("substring"), ({ context, params }) => javaSubstring(String(context), params)),
  handler("String.charAt", stringMethod("charAt"), ({ context, params }) => javaSubstring(String(context), [params[0], Number(params[0]) + 1])),
  handler("String.split", stringMethod("split"), ({ context, params }) => javaSplit(String(context), params[0])),
];
