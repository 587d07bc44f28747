/**
 * The AWS::Include transform (`Fn::Transform: {Name: AWS::Include, Parameters: {Location: …}}`):
 * CloudFormation replaces the call with the snippet at Location before anything else is
 * processed. `sam deploy` uploads a local Location to S3 first, so a path relative to the
 * template is what SAM applications hold; the sandbox reads that file directly.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { templateError } from "./errors.js";
import { parseTemplateText } from "./parse/index.js";
import { lineOf } from "./parse/located.js";
import { isRecord } from "./util.js";

export const INCLUDE_TRANSFORM = "AWS::Include";
/** A snippet may include another; a cycle stops here rather than recursing forever. */
const MAX_INCLUDE_DEPTH = 10;

interface IncludeContext {
  /** The file holding the value being expanded (the template, or an included snippet). */
  file: string;
  depth: number;
  /** For parse warnings in snippets (a key written twice). */
  warn: (message: string) => void;
}

/** Replaces every local AWS::Include in `value` with the parsed snippet it names. */
export function expandIncludes(value: unknown, file: string, warn: (message: string) => void): unknown {
  return expand(value, { file, depth: 0, warn });
}

function expand(value: unknown, context: IncludeContext): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = expand(value[i], context);
    return value;
  }
  if (!isRecord(value)) return value;
  const location = includeLocation(value["Fn::Transform"]);
  if (location !== undefined) {
    const snippet = readSnippet(location, value, context);
    if (snippet === undefined) return value;
    const siblings = Object.keys(value).filter((key) => key !== "Fn::Transform");
    if (siblings.length === 0) return snippet;
    // Beside other keys, the snippet's keys join the map (an included set of Resources or paths).
    if (isRecord(snippet)) {
      for (const key of siblings) value[key] = expand(value[key], context);
      delete value["Fn::Transform"];
      for (const [key, item] of Object.entries(snippet)) if (!(key in value)) value[key] = item;
      return value;
    }
    return snippet;
  }
  for (const key of Object.keys(value)) value[key] = expand(value[key], context);
  return value;
}

/** The Location of an AWS::Include call, or undefined for any other value (other macros stay). */
function includeLocation(transform: unknown): unknown {
  if (!isRecord(transform) || transform.Name !== INCLUDE_TRANSFORM) return undefined;
  return isRecord(transform.Parameters) ? transform.Parameters.Location : null;
}

function readSnippet(location: unknown, at: Record<string, unknown>, context: IncludeContext): unknown {
  const line = lineOf(at);
  if (typeof location !== "string" || location === "") {
    throw templateError("AWS::Include needs Parameters.Location: the path or S3 URI of the snippet to include", { file: context.file, line },
      "Write `Fn::Transform: {Name: AWS::Include, Parameters: {Location: api.yaml}}` with the file's path relative to the template.");
  }
  // An S3 snippet stays as written: resolving it warns once and leaves the value out (intrinsics.ts).
  if (/^(s3|https?):\/\//i.test(location)) return undefined;
  if (context.depth >= MAX_INCLUDE_DEPTH) {
    throw templateError(`AWS::Include ${location} nests more than ${MAX_INCLUDE_DEPTH} includes deep`, { file: context.file, line }, "Check the snippets for an include cycle.");
  }
  const path = resolvePath(dirname(context.file), location);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw templateError(`AWS::Include cannot read ${location} (${path})`, { file: context.file, line },
      "Set Location to the snippet's path relative to the template (as `sam deploy` uploads it), or to an S3 URI.");
  }
  const snippet = parseTemplateText(text, path, { warn: context.warn });
  return expand(snippet, { ...context, file: path, depth: context.depth + 1 });
}
