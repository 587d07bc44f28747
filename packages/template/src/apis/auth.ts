/**
 * API authorization: authorizers, each route's authorizer and scopes, and REST API keys —
 * from SAM `Auth` on AWS::Serverless::Api / HttpApi (and function events' Auth), from
 * AWS::ApiGateway::Authorizer + Method AuthorizerId, AWS::ApiGatewayV2::Authorizer + Route
 * AuthorizerId, and AWS::ApiGateway::ApiKey / UsagePlan / UsagePlanKey.
 */
import { createHash } from "node:crypto";
import { messages, templateError } from "../errors.js";
import type { ApiKeySpec, ApiSpec, AuthorizerSpec, ResolvedResource, RouteSpec } from "../model.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";
import type { FunctionIndex } from "./functionIndex.js";

/** API Gateway's default AuthorizerResultTtlInSeconds (SAM ReauthorizeEvery default). */
const DEFAULT_TTL_SECONDS = 300;
const JWT_DEFAULT_SOURCE = "$request.header.Authorization";

const byType = (resources: ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

/** Fills `authorizers`, `apiKeys` and each route's `authorization` of every API. */
export function resolveApiAuth(stack: Stack, apis: ApiSpec[], resources: ResolvedResource[], functions: FunctionIndex): void {
  for (const api of apis) {
    const resource = resources.find((r) => r.logicalId === api.logicalId);
    const isSam = resource?.type.startsWith("AWS::Serverless::") ?? false;
    if (api.kind === "rest" && resource?.properties.ApiKeySourceType === "AUTHORIZER") api.apiKeySource = "AUTHORIZER";
    if (isSam) samAuth(stack, api, functions);
    else cfnAuth(stack, api, resources, functions);
    if (api.kind === "rest") {
      const keys = cfnApiKeys(stack, api, resources);
      if (keys.length > 0) api.apiKeys = [...(api.apiKeys ?? []), ...keys];
    }
  }
}

// ---- SAM ----

function samAuth(stack: Stack, api: ApiSpec, functions: FunctionIndex): void {
  const auth = api.auth ?? {};
  const definitions = isRecord(auth.Authorizers) ? auth.Authorizers : {};
  const authorizers: AuthorizerSpec[] = [];
  const defaultScopes = new Map<string, string[]>();
  for (const [name, raw] of Object.entries(definitions)) {
    if (!isRecord(raw)) continue;
    const spec = api.kind === "rest" ? samRestAuthorizer(stack, api, name, raw, functions) : samHttpAuthorizer(stack, api, name, raw, functions);
    if (spec) authorizers.push(spec);
    const scopes = stringList(raw.AuthorizationScopes);
    if (scopes) defaultScopes.set(name, scopes);
  }
  const names = new Set(Object.keys(definitions));
  const defaultAuthorizer = typeof auth.DefaultAuthorizer === "string" ? auth.DefaultAuthorizer : undefined;
  if (defaultAuthorizer !== undefined && defaultAuthorizer !== "AWS_IAM" && !names.has(defaultAuthorizer)) {
    throw templateError(messages.samResource(api.logicalId, `Unable to set DefaultAuthorizer because '${defaultAuthorizer}' was not defined in 'Authorizers'.`),
      { file: stack.info.file, line: api.line });
  }
  const usable = new Set(authorizers.map((a) => a.name));
  for (const route of api.routes) {
    const own = route.auth ?? {};
    const chosen = typeof own.Authorizer === "string" ? own.Authorizer : defaultAuthorizer;
    const apiKeyRequired = api.kind === "rest" && (own.ApiKeyRequired !== undefined ? isTrue(own.ApiKeyRequired) : isTrue(auth.ApiKeyRequired));
    const authorization: NonNullable<RouteSpec["authorization"]> = {};
    if (chosen !== undefined && chosen !== "NONE") {
      if (chosen === "AWS_IAM") {
        authorization.iam = true;
      } else if (!names.has(chosen)) {
        throw templateError(messages.samEvent(route.eventId,
          `Unable to set Authorizer [${chosen}] on API method [${route.method.toLowerCase()}] for path [${route.path}] because it wasn't defined in the API's Authorizers.`),
          { file: stack.info.file, line: api.line });
      } else if (usable.has(chosen)) {
        authorization.authorizer = chosen;
        const scopes = stringList(own.AuthorizationScopes) ?? defaultScopes.get(chosen);
        if (scopes) authorization.scopes = scopes;
      }
    }
    if (apiKeyRequired) authorization.apiKeyRequired = true;
    if (Object.keys(authorization).length > 0) route.authorization = authorization;
  }
  if (authorizers.length > 0) api.authorizers = authorizers;
  if (api.kind === "rest") samUsagePlanKey(stack, api, auth);
  if (api.kind === "rest" && api.cors?.preflights) {
    const scopes = defaultAuthorizer === undefined ? undefined : defaultScopes.get(defaultAuthorizer);
    const preflight = samPreflightAuthorization(auth, defaultAuthorizer !== undefined && usable.has(defaultAuthorizer) ? defaultAuthorizer : undefined, scopes);
    if (preflight) api.cors.preflightAuthorization = preflight;
  }
}

/**
 * SAM's Auth on the OPTIONS methods its Cors added: the DefaultAuthorizer (with its scopes) unless
 * AddDefaultAuthorizerToCorsPreflight is false, ApiKeyRequired unless AddApiKeyRequiredToCorsPreflight
 * is false (both default true: SwaggerEditor.set_path_default_authorizer / set_path_default_apikey_required).
 */
function samPreflightAuthorization(auth: Record<string, unknown>, defaultAuthorizer: string | undefined, scopes: string[] | undefined): RouteSpec["authorization"] {
  const authorization: NonNullable<RouteSpec["authorization"]> = {};
  if (auth.AddDefaultAuthorizerToCorsPreflight !== false && auth.AddDefaultAuthorizerToCorsPreflight !== "false") {
    if (auth.DefaultAuthorizer === "AWS_IAM") authorization.iam = true;
    else if (defaultAuthorizer !== undefined) {
      authorization.authorizer = defaultAuthorizer;
      if (scopes) authorization.scopes = scopes;
    }
  }
  const keyRequired = auth.AddApiKeyRequiredToCorsPreflight !== false && auth.AddApiKeyRequiredToCorsPreflight !== "false";
  if (keyRequired && isTrue(auth.ApiKeyRequired)) authorization.apiKeyRequired = true;
  return Object.keys(authorization).length > 0 ? authorization : undefined;
}

function samRestAuthorizer(stack: Stack, api: ApiSpec, name: string, raw: Record<string, unknown>, functions: FunctionIndex): AuthorizerSpec | undefined {
  if (raw.UserPoolArn !== undefined) {
    // SAM: UserPoolArn is one ARN or a list; Identity.Header names the token's header (default Authorization).
    const identity = isRecord(raw.Identity) ? raw.Identity : {};
    const header = typeof identity.Header === "string" ? identity.Header : "Authorization";
    const providerArns = Array.isArray(raw.UserPoolArn) ? raw.UserPoolArn.map(String) : [String(raw.UserPoolArn)];
    return { name, type: "COGNITO_USER_POOLS", providerArns, identitySources: [`method.request.header.${header}`] };
  }
  const fn = authorizerFunction(stack, api, name, raw.FunctionArn, functions);
  if (!fn) return undefined;
  const identity = isRecord(raw.Identity) ? raw.Identity : {};
  const ttlSeconds = identity.ReauthorizeEvery === undefined ? DEFAULT_TTL_SECONDS : Number(identity.ReauthorizeEvery);
  if (raw.FunctionPayloadType === "REQUEST") {
    const sources = [
      ...(stringList(identity.Headers) ?? []).map((h) => `method.request.header.${h}`),
      ...(stringList(identity.QueryStrings) ?? []).map((q) => `method.request.querystring.${q}`),
      ...(stringList(identity.StageVariables) ?? []).map((s) => `stageVariables.${s}`),
      ...(stringList(identity.Context) ?? []).map((c) => `context.${c}`),
    ];
    return { name, type: "REQUEST", functionName: fn, identitySources: sources, ttlSeconds };
  }
  const header = typeof identity.Header === "string" ? identity.Header : "Authorization";
  const spec: AuthorizerSpec = { name, type: "TOKEN", functionName: fn, identitySources: [`method.request.header.${header}`], ttlSeconds };
  if (typeof identity.ValidationExpression === "string") spec.validationExpression = identity.ValidationExpression;
  return spec;
}

function samHttpAuthorizer(stack: Stack, api: ApiSpec, name: string, raw: Record<string, unknown>, functions: FunctionIndex): AuthorizerSpec | undefined {
  const jwt = raw.JwtConfiguration;
  if (isRecord(jwt)) return warnBadIssuer(stack, api.logicalId, jwtAuthorizer(name, jwt, raw.IdentitySource));
  const fn = authorizerFunction(stack, api, name, raw.FunctionArn, functions);
  if (!fn) return undefined;
  const identity = isRecord(raw.Identity) ? raw.Identity : {};
  const sources = [
    ...(stringList(identity.Headers) ?? []).map((h) => `$request.header.${h}`),
    ...(stringList(identity.QueryStrings) ?? []).map((q) => `$request.querystring.${q}`),
    ...(stringList(identity.StageVariables) ?? []).map((s) => `$stageVariables.${s}`),
    ...(stringList(identity.Context) ?? []).map((c) => `$context.${c}`),
  ];
  // HTTP APIs document no default TTL (unlike REST APIs' 300): without ReauthorizeEvery, nothing is cached.
  const ttl = identity.ReauthorizeEvery === undefined ? 0 : Number(identity.ReauthorizeEvery);
  const version = String(raw.AuthorizerPayloadFormatVersion ?? "2.0").startsWith("1") ? "1.0" : "2.0";
  return { name, type: "REQUEST", functionName: fn, identitySources: sources, ttlSeconds: ttl, payloadFormatVersion: version, simpleResponses: isTrue(raw.EnableSimpleResponses) };
}

function jwtAuthorizer(name: string, jwt: Record<string, unknown>, identitySource: unknown): AuthorizerSpec {
  const issuer = String(jwt.issuer ?? jwt.Issuer ?? "");
  const audience = stringList(jwt.audience ?? jwt.Audience) ?? [];
  const sources = stringList(identitySource) ?? [JWT_DEFAULT_SOURCE];
  return { name, type: "JWT", issuer, audience, identitySources: sources.flatMap((s) => s.split(",").map((p) => p.trim())) };
}

/**
 * An issuer that is not a URL (often a nested stack's output the sandbox cannot resolve) has no
 * keys to fetch: the authorizer then refuses every token, and says so once at start-up.
 */
function warnBadIssuer(stack: Stack, apiLogicalId: string, spec: AuthorizerSpec): AuthorizerSpec {
  if (spec.type === "JWT" && !URL.canParse(spec.issuer)) {
    stack.warnings.add(`${apiLogicalId}: JWT authorizer ${spec.name} has issuer "${spec.issuer}", which is not a URL; requests to its routes are refused with 401. ` +
      "Set JwtConfiguration.issuer to the token issuer's URL (for a Cognito user pool: https://cognito-idp.<region>.amazonaws.com/<user pool id>)");
  }
  return spec;
}

function authorizerFunction(stack: Stack, api: ApiSpec, name: string, arn: unknown, functions: FunctionIndex): string | undefined {
  const fn = functions.find(arn);
  if (fn) return fn.functionName;
  // An index of any function (APIs created through API Gateway's control plane) names the ARN's function.
  const any = functions.invoked(arn);
  if (any) return any.functionName;
  stack.warnings.add(`${api.logicalId}: authorizer ${name} calls ${String(arn)}, which is not a function of this template; its routes are served without authorization`);
  return undefined;
}

/** SAM Auth.UsagePlan CreateUsagePlan PER_API / SHARED: SAM creates an enabled API key with a generated value. */
function samUsagePlanKey(stack: Stack, api: ApiSpec, auth: Record<string, unknown>): void {
  const plan = isRecord(auth.UsagePlan) ? auth.UsagePlan : undefined;
  const create = plan?.CreateUsagePlan;
  if (create !== "PER_API" && create !== "SHARED") return;
  const logicalId = create === "SHARED" ? "ServerlessApiKey" : `${api.logicalId}ApiKey`;
  const key: ApiKeySpec = { id: generatedId(stack, logicalId, 10), value: generatedKeyValue(stack, logicalId), enabled: true, logicalId, generated: true };
  api.apiKeys = [...(api.apiKeys ?? []), withPlanLimits(key, plan ?? {})];
}

const QUOTA_PERIODS = new Set(["DAY", "WEEK", "MONTH"]);

/** A usage plan's Throttle { RateLimit, BurstLimit } and Quota { Limit, Period, Offset } (CloudFormation's and SAM's names) on its key. */
function withPlanLimits(key: ApiKeySpec, plan: Record<string, unknown>): ApiKeySpec {
  const throttle = isRecord(plan.Throttle) ? plan.Throttle : undefined;
  const rateLimit = Number(throttle?.RateLimit);
  const burstLimit = Number(throttle?.BurstLimit);
  if (throttle && Number.isFinite(rateLimit) && Number.isFinite(burstLimit)) key.throttle = { rateLimit, burstLimit };
  const quota = isRecord(plan.Quota) ? plan.Quota : undefined;
  const limit = Number(quota?.Limit);
  const period = String(quota?.Period ?? "").toUpperCase();
  if (quota && Number.isInteger(limit) && QUOTA_PERIODS.has(period)) {
    key.quota = { limit, period: period as "DAY" | "WEEK" | "MONTH" };
    const offset = Number(quota.Offset);
    if (Number.isInteger(offset) && offset > 0) key.quota.offset = offset;
  }
  return key;
}

// ---- CloudFormation ----

function cfnAuth(stack: Stack, api: ApiSpec, resources: ResolvedResource[], functions: FunctionIndex): void {
  const authorizers: AuthorizerSpec[] = [];
  if (api.kind === "rest") {
    for (const r of byType(resources, "AWS::ApiGateway::Authorizer").filter((a) => a.properties.RestApiId === api.apiId)) {
      const p = r.properties;
      if (p.Type === "COGNITO_USER_POOLS") {
        const providerArns = Array.isArray(p.ProviderARNs) ? p.ProviderARNs.map(String) : [];
        const sources = typeof p.IdentitySource === "string" ? p.IdentitySource.split(",").map((s) => s.trim()).filter((s) => s !== "") : ["method.request.header.Authorization"];
        authorizers.push({ name: r.ref, type: "COGNITO_USER_POOLS", providerArns, identitySources: sources });
        continue;
      }
      const fn = authorizerFunction(stack, api, r.logicalId, p.AuthorizerUri, functions);
      if (!fn) continue;
      const sources = typeof p.IdentitySource === "string" ? p.IdentitySource.split(",").map((s) => s.trim()).filter((s) => s !== "") : [];
      const spec: AuthorizerSpec = {
        name: r.ref,
        type: p.Type === "REQUEST" ? "REQUEST" : "TOKEN",
        functionName: fn,
        identitySources: sources,
        ttlSeconds: p.AuthorizerResultTtlInSeconds === undefined ? DEFAULT_TTL_SECONDS : Number(p.AuthorizerResultTtlInSeconds),
      };
      if (typeof p.IdentityValidationExpression === "string") spec.validationExpression = p.IdentityValidationExpression;
      authorizers.push(spec);
    }
  } else {
    for (const r of byType(resources, "AWS::ApiGatewayV2::Authorizer").filter((a) => a.properties.ApiId === api.apiId)) {
      const p = r.properties;
      if (p.AuthorizerType === "JWT" && isRecord(p.JwtConfiguration)) {
        authorizers.push(warnBadIssuer(stack, api.logicalId, jwtAuthorizer(r.ref, p.JwtConfiguration, p.IdentitySource)));
        continue;
      }
      const fn = authorizerFunction(stack, api, r.logicalId, p.AuthorizerUri, functions);
      if (!fn) continue;
      authorizers.push({
        name: r.ref,
        type: "REQUEST",
        functionName: fn,
        identitySources: stringList(p.IdentitySource) ?? [],
        ttlSeconds: Number(p.AuthorizerResultTtlInSeconds ?? 0),
        payloadFormatVersion: String(p.AuthorizerPayloadFormatVersion ?? "2.0").startsWith("1") ? "1.0" : "2.0",
        simpleResponses: isTrue(p.EnableSimpleResponses),
      });
    }
  }
  const usable = new Set(authorizers.map((a) => a.name));
  for (const route of api.routes) {
    const own = route.auth ?? {};
    const authorization: NonNullable<RouteSpec["authorization"]> = {};
    const id = typeof own.AuthorizerId === "string" ? own.AuthorizerId : undefined;
    if (id !== undefined && usable.has(id)) {
      authorization.authorizer = id;
      const scopes = stringList(own.AuthorizationScopes);
      if (scopes) authorization.scopes = scopes;
    } else if (own.AuthorizationType === "AWS_IAM") {
      authorization.iam = true;
    }
    if (api.kind === "rest" && isTrue(own.ApiKeyRequired)) authorization.apiKeyRequired = true;
    if (Object.keys(authorization).length > 0) route.authorization = authorization;
  }
  if (authorizers.length > 0) api.authorizers = authorizers;
}

/** Keys of the usage plans (AWS::ApiGateway::UsagePlan + UsagePlanKey) whose ApiStages include this API. */
function cfnApiKeys(stack: Stack, api: ApiSpec, resources: ResolvedResource[]): ApiKeySpec[] {
  const plans = new Map(
    byType(resources, "AWS::ApiGateway::UsagePlan")
      .filter((plan) => Array.isArray(plan.properties.ApiStages) && plan.properties.ApiStages.some((s) => isRecord(s) && s.ApiId === api.apiId))
      .map((plan) => [plan.ref, plan.properties]),
  );
  if (plans.size === 0) return [];
  // Each key with the plan that gives it this API (API Gateway lets one plan per key hold a stage).
  const keyPlans = new Map<string, Record<string, unknown>>();
  for (const k of byType(resources, "AWS::ApiGateway::UsagePlanKey")) {
    const plan = plans.get(String(k.properties.UsagePlanId));
    if (plan && !keyPlans.has(String(k.properties.KeyId))) keyPlans.set(String(k.properties.KeyId), plan);
  }
  return byType(resources, "AWS::ApiGateway::ApiKey")
    .filter((k) => keyPlans.has(k.ref))
    .map((k) => {
      const value = typeof k.properties.Value === "string" ? k.properties.Value : undefined;
      // CloudFormation creates API keys disabled unless Enabled is true.
      const spec: ApiKeySpec = { id: k.ref, value: value ?? generatedKeyValue(stack, k.logicalId), enabled: isTrue(k.properties.Enabled), logicalId: k.logicalId };
      if (value === undefined) spec.generated = true;
      return withMethodThrottles(withPlanLimits(spec, keyPlans.get(k.ref) ?? {}), keyPlans.get(k.ref) ?? {}, api.apiId);
    });
}

/** The plan's ApiStages[].Throttle of this API: { "/path/METHOD": { RateLimit, BurstLimit } }. */
function withMethodThrottles(key: ApiKeySpec, plan: Record<string, unknown>, apiId: string): ApiKeySpec {
  const stage = Array.isArray(plan.ApiStages) ? plan.ApiStages.find((s) => isRecord(s) && s.ApiId === apiId) : undefined;
  const throttles = isRecord(stage) && isRecord(stage.Throttle) ? stage.Throttle : {};
  for (const [method, settings] of Object.entries(throttles)) {
    if (!isRecord(settings)) continue;
    const rateLimit = Number(settings.RateLimit);
    const burstLimit = Number(settings.BurstLimit);
    if (Number.isFinite(rateLimit) && Number.isFinite(burstLimit)) key.methodThrottles = { ...key.methodThrottles, [method]: { rateLimit, burstLimit } };
  }
  return key;
}

// ---- helpers ----

function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map(String);
  return undefined;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A 40-character key value like API Gateway generates, stable per stack and logical id so it survives restarts. */
function generatedKeyValue(stack: Stack, logicalId: string): string {
  return stableChars(`${stack.info.stackName}/${logicalId}/key`, 40, ALPHANUMERIC);
}

function generatedId(stack: Stack, logicalId: string, length: number): string {
  return stableChars(`${stack.info.stackName}/${logicalId}/id`, length, "abcdefghijklmnopqrstuvwxyz0123456789");
}

function stableChars(seed: string, length: number, alphabet: string): string {
  const bytes = createHash("sha512").update(seed).digest();
  let out = "";
  for (let i = 0; out.length < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
  return out;
}
