/**
 * The StartExecution request of a REST API route that SAM built for a state machine's `Api`
 * event: an AWS integration whose application/json mapping template is
 *   {"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "<arn>"}
 * (with UnescapeMappingTemplate, `.replaceAll("\\'","'")` after escapeJavaScript). The
 * template's output is the body Step Functions receives, so it is rendered as text and then
 * read as Step Functions reads a request: escapeJavaScript turns ' into \', which is not JSON,
 * and Step Functions answers SerializationException — the failure SAM's option exists for.
 * Other content types match no template and pass through unchanged (WHEN_NO_MATCH).
 */
import type { StepFunctionsIntegration } from "../config.js";

export type RestRequest =
  /** The request Step Functions decodes from the mapped body. */
  | { kind: "request"; request: Record<string, unknown> }
  /** The mapped body is not a JSON object: Step Functions refuses it. */
  | { kind: "serialization" }
  /** $input.json could not read the body as JSON: API Gateway refuses the request itself. */
  | { kind: "bad-body"; detail: string };

/** API Gateway picks the template by Content-Type (parameters ignored), application/json when there is none. */
const TEMPLATE_CONTENT_TYPE = "application/json";

export function restStartExecution(body: Buffer, contentType: string | undefined, integration: StepFunctionsIntegration): RestRequest {
  const mediaType = (contentType ?? TEMPLATE_CONTENT_TYPE).split(";")[0].trim().toLowerCase();
  if (mediaType !== TEMPLATE_CONTENT_TYPE) return decode(body.length === 0 ? "{}" : body.toString("utf8"));
  const text = body.toString("utf8");
  let json: string;
  if (text.trim() === "") {
    json = "{}";
  } else {
    try {
      // $input.json('$') writes the body back out as compact JSON.
      json = JSON.stringify(JSON.parse(text));
    } catch (error) {
      return { kind: "bad-body", detail: error instanceof Error ? error.message : String(error) };
    }
  }
  let input = escapeJavaScript(json);
  if (integration.unescapeMappingTemplate) input = input.replaceAll("\\'", "'");
  return decode(`{"input": "${input}", "stateMachineArn": "${integration.stateMachineArn ?? ""}"}`);
}

/** Step Functions reads its request body: a JSON object, or SerializationException. */
function decode(text: string): RestRequest {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? { kind: "request", request: value as Record<string, unknown> } : { kind: "serialization" };
  } catch {
    return { kind: "serialization" };
  }
}

const SHORT_ESCAPES: Record<string, string> = { "\b": "\\b", "\n": "\\n", "\t": "\\t", "\f": "\\f", "\r": "\\r" };
const CHAR_ESCAPES: Record<string, string> = { "'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/" };

/**
 * $util.escapeJavaScript: Apache Commons Lang's StringEscapeUtils.escapeJavaScript — quotes,
 * backslash and slash escaped, control characters and everything past 0x7f as \uXXXX
 * (upper-case hex), UTF-16 code unit by code unit.
 */
export function escapeJavaScript(text: string): string {
  let out = "";
  for (const ch of text.split("")) {
    const code = ch.charCodeAt(0);
    if (code > 0x7f || (code < 0x20 && !SHORT_ESCAPES[ch])) out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += SHORT_ESCAPES[ch] ?? CHAR_ESCAPES[ch] ?? ch;
  }
  return out;
}
