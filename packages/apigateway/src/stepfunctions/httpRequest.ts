/**
 * The Step Functions request of an HTTP API route with IntegrationSubtype StepFunctions-*:
 * each RequestParameters value is a static text or contains mapping expressions
 * ($request.body, $request.body.<path>, $request.header.<name>, $request.querystring.<name>,
 * $request.path.<name>, $context.<name>, $stageVariables.<name>), evaluated per request.
 * Parameter names become the action's members ("StateMachineArn" → "stateMachineArn");
 * Region is where API Gateway sends the call, not a member.
 */
import { parseQuery } from "../http/incoming.js";

export interface MappingSource {
  body: Buffer;
  /** Request headers as received (names in the client's case). */
  headers: Array<[string, string]>;
  rawQuery: string;
  pathParameters: Record<string, string>;
  /** $context variables (requestId, apiId, stage, routeKey, httpMethod, …). */
  context: Record<string, string>;
  stageVariables: Record<string, string>;
}

/** "$request.body.items[0].name", "$request.header.X-Tier", "$context.requestId", … */
const EXPRESSION =
  /\$(request\.body(?:\.[A-Za-z0-9_-]+(?:\[\d+\])*)*|request\.(?:header|querystring|path)\.[A-Za-z0-9_-]+|context\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?|stageVariables\.[A-Za-z0-9_]+)/g;

/** Parameters API Gateway uses itself rather than passing on. */
const NOT_MEMBERS = new Set(["Region"]);

export function httpStepFunctionsRequest(parameters: Record<string, string>, source: MappingSource): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(parameters)) {
    if (NOT_MEMBERS.has(name)) continue;
    const value = evaluateParameter(template, source);
    if (value !== undefined) request[name.charAt(0).toLowerCase() + name.slice(1)] = value;
  }
  return request;
}

/** The parameter's value; undefined when it is a single expression with nothing to read. */
export function evaluateParameter(template: string, source: MappingSource): string | undefined {
  const whole = template.match(EXPRESSION);
  if (whole && whole.length === 1 && whole[0] === template) return read(template.slice(1), source);
  return template.replace(EXPRESSION, (_match, expression: string) => read(expression, source) ?? "");
}

function read(expression: string, source: MappingSource): string | undefined {
  const [scope, kind, ...rest] = expression.split(".");
  const name = rest.join(".");
  if (scope === "context") return source.context[[kind, ...rest].join(".")];
  if (scope === "stageVariables") return source.stageVariables[[kind, ...rest].join(".")];
  switch (kind) {
    case "body":
      return rest.length === 0 ? source.body.toString("utf8") : bodyPath(source.body, rest);
    case "header": {
      const values = source.headers.filter(([h]) => h.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
      return values.length > 0 ? values.join(",") : undefined;
    }
    case "querystring": {
      const values = parseQuery(source.rawQuery).filter(([k]) => k === name).map(([, v]) => v);
      return values.length > 0 ? values.join(",") : undefined;
    }
    case "path":
      return source.pathParameters[name];
    default:
      return undefined;
  }
}

/** $request.body.a.b[0]: a value of the JSON body, strings as they are and anything else as JSON. */
function bodyPath(body: Buffer, path: string[]): string | undefined {
  let node: unknown;
  try {
    node = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  for (const part of path.join(".").split(/\.|(?=\[)/)) {
    const index = /^\[(\d+)\]$/.exec(part);
    const key = index ? Number(index[1]) : part;
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (node === undefined) return undefined;
  return typeof node === "string" ? node : JSON.stringify(node);
}
