/**
 * An integration response's ResponseParameters: method.response.header.<Name> from
 * 'literal', integration.response.header.<name> (its last value),
 * integration.response.multivalueheader.<name> (all values, comma-joined),
 * integration.response.body, integration.response.body.<JSONPath without "$.">,
 * stageVariables.<name> or context.<name> ("Map integration response data to method response
 * headers"). A source that yields nothing leaves the header out. This is how a binary answer
 * keeps its type: `method.response.header.Content-Type: integration.response.header.Content-Type`.
 */
import { headerValue } from "../http/incoming.js";
import { evaluateJsonPath } from "../vtl/jsonPath.js";
import type { MappingInput } from "../vtl/render.js";

/** What the integration answered: its headers (HTTP integrations) and its body as text. */
export interface IntegrationAnswer {
  headers: Array<[string, string]>;
  body: string;
}

const TARGET = /^method\.response\.header\.(.+)$/;

/** The mapped method response headers, in ResponseParameters order. */
export function responseHeaders(parameters: Record<string, string>, answer: IntegrationAnswer, mapping: Omit<MappingInput, "body">): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [target, source] of Object.entries(parameters)) {
    const name = TARGET.exec(target)?.[1];
    if (name === undefined) continue;
    const value = sourceValue(source.trim(), answer, mapping);
    if (value !== undefined && value !== "") out.push([name, value]);
  }
  return out;
}

function sourceValue(source: string, answer: IntegrationAnswer, mapping: Omit<MappingInput, "body">): string | undefined {
  if (/^'.*'$/s.test(source)) return source.slice(1, -1);
  const header = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(source);
  if (header) {
    if (header[1] === "header") return headerValue(answer.headers, header[2]);
    const values = answer.headers.filter(([key]) => key.toLowerCase() === header[2].toLowerCase()).map(([, value]) => value);
    return values.length > 0 ? values.join(",") : undefined;
  }
  if (source === "integration.response.body") return answer.body.trim();
  if (source.startsWith("integration.response.body.")) return text(evaluateJsonPath(jsonBody(answer.body), `$.${source.slice("integration.response.body.".length)}`));
  if (source.startsWith("stageVariables.")) return mapping.stageVariables[source.slice("stageVariables.".length)];
  if (source.startsWith("context.")) return text(evaluateJsonPath(mapping.context, `$.${source.slice("context.".length)}`));
  return undefined;
}

/** API Gateway reads the body as JSON only when it looks like JSON; anything else has no fields. */
function jsonBody(body: string): unknown {
  const trimmed = body.trim();
  if (!/^[[{"]/.test(trimmed)) return {};
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return {};
  }
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}
