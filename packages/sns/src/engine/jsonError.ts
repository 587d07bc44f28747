import { createHash } from "node:crypto";

/**
 * The detail SNS (a Java service parsing with Jackson) appends to "failed to parse JSON." for the
 * commonest mistake, an object key without quotes: "Unexpected character ('i' (code 105)): was
 * expecting double-quote to start field name\n at [Source: (String)\"{invalidjson}\"; line: 1, column: 3]"
 * (localstack tests/aws/services/sns/test_sns.snapshot.json, test_validate_set_sub_attributes,
 * recorded on AWS). Other syntax errors get no detail.
 */
export function jacksonDetail(text: string, source: string): string {
  const at = unquotedKey(text);
  if (at === undefined) return "";
  const ch = text[at] ?? "";
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  // Jackson reports the column after the offending character, counting from 1.
  const column = at - (before.lastIndexOf("\n") + 1) + 2;
  return ` Unexpected character ('${ch}' (code ${ch.charCodeAt(0)})): was expecting double-quote to start field name\n at [Source: ${source}; line: ${line}, column: ${column}]`;
}

/** Jackson's source description of a parsed String. */
export function stringSource(text: string): string {
  return `(String)"${text}"`;
}

/** Jackson's source description of a Reader: the reader's identity hash, which varies per request on AWS. */
export function readerSource(text: string): string {
  return `java.io.StringReader@${createHash("sha1").update(text).digest("hex").slice(0, 8)}`;
}

/** Where an object key starts with something other than a quote, if anywhere before another error. */
function unquotedKey(text: string): number | undefined {
  const stack: ("{" | "[")[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === " " || c === "\n" || c === "\r" || c === "\t") continue;
    if (expectKey) {
      if (c === '"' || c === "}") expectKey = false;
      else return i;
    }
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (c === "{") {
      stack.push("{");
      expectKey = true;
    } else if (c === "[") stack.push("[");
    else if (c === "}" || c === "]") stack.pop();
    else if (c === "," && stack[stack.length - 1] === "{") expectKey = true;
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
