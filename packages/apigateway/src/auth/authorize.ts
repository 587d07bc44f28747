/**
 * Authorization of one request, in API Gateway's order: the route's authorizer (Lambda or
 * JWT), then for REST methods with ApiKeyRequired the x-api-key header against the API's
 * usage-plan keys. What passes is set on the function's event (requestContext.authorizer,
 * requestContext.identity.apiKey / apiKeyId).
 */
import { type Clock, type EdgeResponse, type LambdaInvoker, type Logger, SandboxError } from "@sam-sandbox/core";
import type { ApiConfig } from "../config.js";
import type { GatewayResponse } from "../errors.js";
import { headerValue, type EventInput } from "../http/incoming.js";
import { gatewayError, type RequestIds } from "../respond.js";
import type { CompiledRoute } from "../router.js";
import type { ApiKeyConfig, AuthorizerConfig } from "./config.js";
import { InvalidApiKey } from "./errors.js";
import { CognitoAuthorizer, type CognitoIssuer } from "./cognito.js";
import { JwtAuthorizer } from "./jwt.js";
import { LambdaAuthorizer } from "./lambda.js";
import { UsagePlans } from "./usagePlans.js";
import { isRecord } from "../http/outgoing.js";
import { setV2Authorizer } from "../http/v2-request.js";

export type AuthorizationResult =
  | { ok: true; authorizer?: Record<string, unknown>; apiKey?: ApiKeyConfig }
  | { ok: false; error: GatewayResponse; wwwAuthenticate?: string };

type Runner = LambdaAuthorizer | JwtAuthorizer | CognitoAuthorizer;
type Deps = { invoker: LambdaInvoker; clock: Clock; logger: Logger; cognitoIssuer?: CognitoIssuer };

export class Authorization {
  private readonly runners = new Map<ApiConfig, Map<string, Runner>>();
  private readonly usagePlans: UsagePlans;

  constructor(apis: ApiConfig[], deps: Deps) {
    this.usagePlans = new UsagePlans(deps.clock);
    for (const api of apis) {
      const runners = new Map<string, Runner>();
      for (const config of api.authorizers ?? []) runners.set(config.name, runner(config, deps));
      this.runners.set(api, runners);
      for (const route of api.routes) {
        const name = route.authorization?.authorizer;
        if (name !== undefined && !runners.has(name)) {
          throw new SandboxError(`API ${api.logicalId ?? api.apiId}, route ${route.method} ${route.path}: authorizer ${name} is not defined.`, {
            hint: `Define it in the API's authorizers (${[...runners.keys()].join(", ") || "none defined"}).`,
          });
        }
      }
    }
  }

  /** Whether a route needs any check (most do not: they skip this module entirely). */
  static needed(route: CompiledRoute): boolean {
    const auth = route.route.authorization;
    return auth !== undefined && (auth.authorizer !== undefined || auth.apiKeyRequired === true);
  }

  async authorize(input: EventInput): Promise<AuthorizationResult> {
    const auth = input.route.route.authorization ?? {};
    let authorizer: Record<string, unknown> | undefined;
    let usageIdentifierKey: string | undefined;
    if (auth.authorizer !== undefined) {
      const found = this.runners.get(input.api)?.get(auth.authorizer);
      if (found instanceof LambdaAuthorizer) {
        const verdict = await found.authorize(input);
        if (!verdict.ok) return verdict;
        ({ authorizer, usageIdentifierKey } = verdict);
      } else if (found instanceof CognitoAuthorizer) {
        const verdict = await found.authorize(input, auth.scopes);
        if (!verdict.ok) return verdict;
        authorizer = verdict.authorizer;
      } else if (found instanceof JwtAuthorizer) {
        const verdict = await found.authorize(input, auth.scopes);
        if (!verdict.ok) return verdict;
        // Payload 1.0 events carry the claims and scopes directly under authorizer.
        authorizer = input.route.route.payloadFormatVersion === "1.0" && isRecord(verdict.authorizer.jwt) ? verdict.authorizer.jwt : verdict.authorizer;
      }
    }
    if (input.api.kind !== "rest" || auth.apiKeyRequired !== true) return { ok: true, authorizer };
    // ApiKeySourceType AUTHORIZER takes the key from the authorizer's usageIdentifierKey, HEADER (the default) from x-api-key.
    const value = input.api.apiKeySource === "AUTHORIZER" ? usageIdentifierKey : headerValue(input.headers, "x-api-key");
    const key = value === undefined ? undefined : input.api.apiKeys?.find((k) => k.value === value && k.enabled);
    if (!key) return { ok: false, error: new InvalidApiKey() };
    const refused = this.usagePlans.admit(key, key.methodThrottles ? `${input.route.route.path}/${input.route.route.method}` : undefined);
    return refused ? { ok: false, error: refused } : { ok: true, authorizer, apiKey: key };
  }
}

function runner(config: AuthorizerConfig, deps: Deps): Runner {
  if (config.type === "JWT") return new JwtAuthorizer(config, deps);
  if (config.type === "COGNITO_USER_POOLS") return new CognitoAuthorizer(config, deps);
  return new LambdaAuthorizer(config, deps);
}

/** Sets what authorization passed on the event built for the function. */
export function applyAuthorization(event: Record<string, unknown>, result: Extract<AuthorizationResult, { ok: true }>): void {
  const context = event.requestContext;
  if (!isRecord(context)) return;
  if (result.authorizer) {
    // HTTP API events (payload 1.0 and 2.0, which carry `version`) have it right after apiId; REST events at the end.
    if (event.version !== undefined) setV2Authorizer(context, result.authorizer);
    else context.authorizer = result.authorizer;
  }
  const identity = context.identity;
  if (result.apiKey && isRecord(identity)) {
    // AWS's field order: apiKey after caller, apiKeyId after userArn.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(identity)) {
      out[k] = v;
      if (k === "caller") out.apiKey = result.apiKey.value;
      if (k === "userArn") out.apiKeyId = result.apiKey.id;
    }
    context.identity = out;
  }
}

/** The gateway response of a refused request (with AWS's www-authenticate challenge where it sends one). */
export function authorizationError(result: Extract<AuthorizationResult, { ok: false }>, kind: "http" | "rest", ids: RequestIds): EdgeResponse {
  const response = gatewayError(result.error, kind, ids);
  if (result.wwwAuthenticate) response.headers["www-authenticate"] = result.wwwAuthenticate;
  return response;
}
