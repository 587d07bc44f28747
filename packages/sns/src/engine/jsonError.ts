/**
 * The detail SNS (a Java service parsing with Jackson) appends to "failed to parse JSON." for the
 * commonest mistakes, as recorded on AWS in October 2025 (localstack
 * tests/aws/services/sns/test_sns.snapshot.json, test_validate_set_sub_attributes and
 * test_subscribe_invalid_filter_policy):
 * - an object key without quotes: "Unexpected character ('i' (code 105)): was expecting
 *   double-quote to start field name\n at [Source: REDACTED (…); line: 1, column: 2]";
 * - a bare word where a value belongs: "Unrecognized token 'invalid': was expecting (JSON String,
 *   Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: REDACTED (…); line: 1, column: 8]".
 * Jackson no longer prints the parsed text (INCLUDE_SOURCE_IN_LOCATION is off). Other syntax errors get no detail.
 */
export function jacksonDetail(text: string): string {
  const error = firstError(text);
  if (error === undefined) return "";
  const before = text.slice(0, error.at);
  const line = before.split("\n").length;
  // Jackson's column counts from 1 and points at the offending character (the end of a bad token).
  const column = error.at - (before.lastIndexOf("\n") + 1) + 1;
  return ` ${error.message}\n at [Source: ${REDACTED_SOURCE}; line: ${line}, column: ${column}]`;
}

const REDACTED_SOURCE = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)";
const LITERALS = new Set(["true", "false", "null"]);

interface JsonError {
  message: string;
  /** Index Jackson reports the error at. */
  at: number;
}

/** The first unquoted key or unknown bare word, if it comes before any other syntax error. */
function firstError(text: string): JsonError | undefined {
  const stack: ("{" | "[")[] = [];
  let expectKey = false;
  let expectValue = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === " " || c === "\n" || c === "\r" || c === "\t") continue;
    if (expectKey) {
      if (c !== '"' && c !== "}") return { message: `Unexpected character ('${c}' (code ${c.charCodeAt(0)})): was expecting double-quote to start field name`, at: i };
      expectKey = false;
    }
    if (expectValue && /[A-Za-z_$]/.test(c)) {
      const word = /^[A-Za-z0-9_$]+/.exec(text.slice(i))?.[0] ?? c;
      if (!LITERALS.has(word)) {
        return { message: `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`, at: i + word.length };
      }
      i += word.length - 1;
      expectValue = false;
      continue;
    }
    expectValue = false;
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (c === "{") {
      stack.push("{");
      expectKey = true;
    } else if (c === "[") {
      stack.push("[");
      expectValue = true;
    } else if (c === "}" || c === "]") stack.pop();
    else if (c === ":") expectValue = true;
    else if (c === ",") {
      if (stack[stack.length - 1] === "{") expectKey = true;
      else expectValue = true;
    }
  }
  return undefined;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}
