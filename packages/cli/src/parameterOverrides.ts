/**
 * `parameter_overrides` as SAM CLI reads it (samcli/cli/types.py, CfnParameterOverridesType):
 * "Key=Value Key2=Value2" or "ParameterKey=Key,ParameterValue=Value …", a value may be quoted
 * ("a b", 'a b') or escape a space (a\ b) — `sam deploy --guided` writes them quoted — and a
 * list holds several such strings.
 */
import { SandboxError } from "@sam-sandbox/core";

const KEY = String.raw`([A-Za-z0-9"']+)`;
/** A double- or single-quoted value, or one running to the next space. */
const VALUE = String.raw`("(?:\\.|[^"\\]+)*"|'(?:\\.|[^'\\]+)*'|(?:\\.|[^ "\\]+)+)`;
/** SAM tries the ParameterKey= form first, then Key=Value; the first that matches reads the whole string. */
const PATTERNS = [new RegExp(String.raw`(?:ParameterKey=${KEY},ParameterValue=${VALUE})`, "g"), new RegExp(String.raw`(?:(?: )${KEY}=${VALUE})`, "g")];

const EXAMPLE_1 = "ParameterKey=KeyPairName,ParameterValue=MyKey ParameterKey=InstanceType,ParameterValue=t1.micro";
const EXAMPLE_2 = "KeyPairName=MyKey InstanceType=t1.micro";

/** Reads one string or a list of them; throws SAM's message when a string holds no Key=Value. */
export function parseParameterOverrides(value: string | string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const item of typeof value === "string" ? [value] : value) {
    if (item === "") continue;
    // SAM puts a space in front so that the first Key=Value matches the space-led pattern.
    const text = ` ${item}`;
    const pattern = PATTERNS.find((p) => new RegExp(p.source).test(text));
    if (!pattern) {
      throw new SandboxError(`${text} is not in valid format. It must look something like '${EXAMPLE_1}' or '${EXAMPLE_2}'`);
    }
    for (const m of text.matchAll(pattern)) result[unquote(m[1])] = unquote(m[2]);
  }
  return result;
}

/** Drops the quotes wrapping a value and the backslashes escaping spaces and quotes in it. */
function unquote(value: string): string {
  let v = value;
  if (v.length > 1 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
  return v.replaceAll("\\ ", " ").replaceAll('\\"', '"').replaceAll("\\'", "'");
}
