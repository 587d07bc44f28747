/**
 * API Gateway mapping templates (REST API integration request and response templates): Apache
 * Velocity (VTL, rendered by velocityjs) with API Gateway's `$input`, `$context`,
 * `$stageVariables` and `$util` ("Variables for data transformations for API Gateway").
 */
import { BadRequestBody } from "../errors.js";
import { BoundedCompile } from "./boundedCompile.js";
import { javaJson, parseJavaJson } from "./javaJson.js";
import { JAVA_METHODS } from "./javaMethods.js";
import { evaluateJsonPath } from "./jsonPath.js";
import { mappingUtil } from "./util.js";
import { parseTemplate } from "./velocity17.js";

/** The request parameters `$input.params()` returns, by location. */
export interface MappingParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export interface MappingInput {
  /** The payload: the method request's body, or the integration's answer in a response template. */
  body: string;
  params: MappingParams;
  /** `$context`: requestId, stage, resourcePath, httpMethod, identity.sourceIp, requestTime… */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export function renderMappingTemplate(template: string, input: MappingInput): string {
  const context = {
    input: mappingInputVariable(input),
    context: input.context,
    stageVariables: input.stageVariables,
    util: mappingUtil(),
  };
  // Rendered silently: a reference to nothing ($inputRoot.missing) writes "", not its own text.
  return new BoundedCompile(parsed(template), { escape: false, customMethodHandlers: JAVA_METHODS }).render(context, {}, true);
}

/** Parsed templates, by text: a route's templates are parsed once, not on every request. */
const PARSED = new Map<string, ReturnType<typeof parseTemplate>>();
/** Templates come from the app's definition, so the cache stays small; the bound guards a generated flood. */
const MAX_PARSED_TEMPLATES = 1000;

function parsed(template: string): ReturnType<typeof parseTemplate> {
  let ast = PARSED.get(template);
  if (!ast) {
    ast = parseTemplate(template);
    if (PARSED.size >= MAX_PARSED_TEMPLATES) PARSED.clear();
    PARSED.set(template, ast);
  }
  return ast;
}

function mappingInputVariable(input: MappingInput) {
  let parsed: { value: unknown } | undefined;
  // The body is read as JSON only when a template asks for it; a body that is not JSON is then a 400.
  const document = (): unknown => {
    if (!parsed) {
      const text = input.body.trim();
      try {
        parsed = { value: text === "" ? {} : parseJavaJson(text) };
      } catch (error) {
        throw new BadRequestBody(error instanceof Error ? error.message : String(error));
      }
    }
    return parsed.value;
  };
  return {
    body: input.body,
    /** The JSONPath's value written out as JSON. */
    json: (path: unknown) => {
      const value = evaluateJsonPath(document(), String(path));
      return value === undefined ? "" : javaJson(value);
    },
    /**
     * The JSONPath's value as an object templates can walk (#foreach, .size(), .get()); null
     * (undefined here) for a path to nothing or to a JSON null, which renders as nothing and
     * which #set does not assign.
     */
    path: (path: unknown) => evaluateJsonPath(document(), String(path)) ?? undefined,
    /** No name: every parameter by location; a name: path, then query string, then header. */
    params: (name?: unknown) => {
      if (name === undefined) return input.params;
      const key = String(name);
      return input.params.path[key] ?? input.params.querystring[key] ?? headerValue(input.params.header, key) ?? "";
    },
  };
}

/** Header names are case-insensitive. */
function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
