/**
 * REST API request validation (AWS::ApiGateway::RequestValidator on a method): required
 * request parameters present and not blank, and the body valid against the method's model
 * for the request's content type (JSON Schema draft 4), checked before the integration is
 * called. As AWS documents: with no model for the content type (nor a "$default" one), the
 * body is not validated.
 */
import { SandboxError } from "@sam-sandbox/core";
import AjvDraft04, { type ValidateFunction } from "ajv-draft-04";
import { InvalidRequestBody, MissingRequiredParameters, type GatewayResponse } from "./errors.js";
import { headerValue, parseQuery } from "./http/incoming.js";

/** A method's request validator, models and required parameters. */
export interface RequestValidation {
  /** The validator's ValidateRequestBody. */
  validateBody: boolean;
  /** The validator's ValidateRequestParameters. */
  validateParameters: boolean;
  /** RequestModels resolved to their schemas: content type ("application/json", "$default") → JSON Schema draft 4. */
  models?: Record<string, unknown>;
  /** Required method request parameters as AWS writes them: "method.request.querystring.name", ".header.x", ".path.id". */
  requiredParameters?: string[];
}

/** What validation reads of a request. */
export interface ValidatedRequest {
  headers: Array<[string, string]>;
  rawQuery: string;
  pathParameters: Record<string, string>;
  contentType: string | undefined;
  body: Buffer;
}

// Models may carry keywords draft 4 does not know ("example", "x-…"): API Gateway ignores them.
// A CommonJS module: its class is also its `default` export, which both Node and TypeScript see.
const ajv = new AjvDraft04.default({ strict: false, allErrors: false, validateFormats: false });
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: unknown, where: string): ValidateFunction {
  if (typeof schema !== "object" || schema === null) throw new SandboxError(`${where}: a model's schema must be a JSON object.`);
  let validate = compiled.get(schema);
  if (validate) return validate;
  try {
    const fresh = ajv.compile(schema);
    compiled.set(schema, fresh);
    return fresh;
  } catch (error) {
    throw new SandboxError(`${where}: the model's schema is not valid JSON Schema draft 4: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Compiles every model once at start-up, so a bad schema is one clear error naming the route. */
export function checkValidation(validation: RequestValidation, where: string): void {
  for (const [contentType, schema] of Object.entries(validation.models ?? {})) compile(schema, `${where}, model for ${contentType}`);
}

/** The gateway response of a request the validator refuses, or undefined when it passes. Parameters are checked first. */
export function validationError(validation: RequestValidation, req: ValidatedRequest): GatewayResponse | undefined {
  if (validation.validateParameters) {
    const missing = (validation.requiredParameters ?? []).filter((p) => !present(p, req));
    // AWS names them in the order of their keys, sorted ("method.request.header.…" < "….path.…" < "….querystring.…"),
    // whatever order the method lists them in (localstack test_api_gateway_request_validator snapshot, AWS-recorded).
    if (missing.length > 0) return new MissingRequiredParameters(missing.sort().map(parameterName));
  }
  if (validation.validateBody && !bodyValid(validation, req)) return new InvalidRequestBody();
  return undefined;
}

function parameterName(parameter: string): string {
  return parameter.replace(/^method\.request\.(querystring|header|path)\./, "");
}

/** "Included and not blank" (API Gateway checks existence only, not type or format). */
function present(parameter: string, req: ValidatedRequest): boolean {
  const match = /^method\.request\.(querystring|header|path)\.(.+)$/.exec(parameter);
  if (!match) return true;
  const [, where, name] = match;
  let value: string | undefined;
  if (where === "header") value = headerValue(req.headers, name);
  else if (where === "path") value = req.pathParameters[name];
  else for (const [k, v] of parseQuery(req.rawQuery)) if (k === name) value = v;
  return value !== undefined && value.trim() !== "";
}

function bodyValid(validation: RequestValidation, req: ValidatedRequest): boolean {
  const models = validation.models ?? {};
  const mediaType = req.contentType?.split(";")[0].trim().toLowerCase() ?? "application/json";
  const schema = Object.entries(models).find(([type]) => type.toLowerCase() === mediaType)?.[1] ?? models.$default;
  if (schema === undefined) return true;
  // An empty body is validated as {} (what AWS does: localstack/localstack#7916, checked against AWS).
  const text = req.body.length === 0 ? "{}" : req.body.toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: AWS answers the same "Invalid request body".
    return false;
  }
  return compile(schema, "request model")(body) === true;
}
