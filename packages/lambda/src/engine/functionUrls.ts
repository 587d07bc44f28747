/**
 * Create/Get/Update/Delete/ListFunctionUrlConfig(s): a function's (or one alias's) HTTP
 * endpoint. The configs live here; serving their requests is the sandbox's function-URL
 * front (packages/apigateway), which finds them with `FunctionUrlStore.byId()`.
 */
import { createHash } from "node:crypto";
import { ValidationException } from "@sam-sandbox/core";
import { ResourceConflictException, ResourceNotFoundException, messages } from "../errors.js";
import { FUNCTION_URL_ID_LENGTH, LATEST_VERSION } from "../limits.js";
import { obj, page, str, type ApiContext, type Input } from "./apiContext.js";
import type { FunctionRecord, PolicyStatement } from "./registry.js";

export type FunctionUrlAuthType = "NONE" | "AWS_IAM";
export type FunctionUrlInvokeMode = "BUFFERED" | "RESPONSE_STREAM";

/** Cors as the Lambda API takes and answers it. */
export interface FunctionUrlCors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

/** A function URL of the template (SAM FunctionUrlConfig, AWS::Lambda::Url), as CreateFunctionUrlConfig would make it. */
export interface FunctionUrlSettings {
  /** The 32-character id in the host name (the template's, so Fn::GetAtt and the served host agree). */
  urlId?: string;
  /** An alias; absent for the function itself ($LATEST). */
  qualifier?: string;
  authType: FunctionUrlAuthType;
  cors?: FunctionUrlCors;
  invokeMode?: FunctionUrlInvokeMode;
}

export interface FunctionUrlRecord {
  readonly urlId: string;
  readonly functionName: string;
  /** "$LATEST" or an alias name. */
  readonly qualifier: string;
  /** The unqualified ARN for $LATEST, else "<arn>:<alias>". */
  readonly functionArn: string;
  readonly url: string;
  readonly authType: FunctionUrlAuthType;
  readonly cors?: FunctionUrlCors;
  readonly invokeMode: FunctionUrlInvokeMode;
  /** InvokeMode was given (at creation or since): Create and Update answers show it only then. */
  readonly invokeModeSet?: boolean;
  readonly creationTime: string;
  readonly lastModifiedTime: string;
  /** The function the config belongs to: a function deleted and created again has none. */
  readonly owner: FunctionRecord;
}

/** Every function URL, by function and qualifier, and by the id its host name carries. */
export class FunctionUrlStore {
  private readonly byKey = new Map<string, FunctionUrlRecord>();

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    /** "http://127.0.0.1:4566": the edge serves the URLs, under <id>.lambda-url.<region>.localhost. */
    private readonly edgeUrl: string,
  ) {}

  /** The id of a function URL: stable for one function and qualifier, across restarts. */
  idFor(functionName: string, qualifier: string): string {
    const digest = createHash("sha256").update(`${this.accountId}/${this.region}/${functionName}/${qualifier}`).digest();
    let id = "";
    for (const byte of digest) {
      if (id.length === FUNCTION_URL_ID_LENGTH) break;
      id += URL_ID_ALPHABET[byte % URL_ID_ALPHABET.length];
    }
    return id;
  }

  /** http://<id>.lambda-url.<region>.localhost:<edge port>/ — a URL that reaches the edge locally. */
  urlOf(urlId: string): string {
    const port = new URL(this.edgeUrl).port;
    return `http://${urlId}.lambda-url.${this.region}.localhost${port ? `:${port}` : ""}/`;
  }

  get(record: FunctionRecord, qualifier: string): FunctionUrlRecord | undefined {
    const config = this.byKey.get(keyOf(record.name, qualifier));
    return config && config.owner === record ? config : undefined;
  }

  set(config: FunctionUrlRecord): void {
    this.byKey.set(keyOf(config.functionName, config.qualifier), config);
  }

  delete(config: FunctionUrlRecord): void {
    this.byKey.delete(keyOf(config.functionName, config.qualifier));
  }

  /** A function's URLs, in the order they were made. */
  of(record: FunctionRecord): FunctionUrlRecord[] {
    return [...this.byKey.values()].filter((c) => c.owner === record);
  }

  /** Every URL whose function still exists (`alive`), for serving and listing. */
  all(alive: (config: FunctionUrlRecord) => boolean): FunctionUrlRecord[] {
    return [...this.byKey.values()].filter(alive);
  }

  byId(urlId: string, alive: (config: FunctionUrlRecord) => boolean): FunctionUrlRecord | undefined {
    const lower = urlId.toLowerCase();
    return [...this.byKey.values()].find((c) => c.urlId === lower && alive(c));
  }
}

export interface FunctionUrlContext extends ApiContext {
  readonly functionUrls: FunctionUrlStore;
}

// Lambda's url ids: lower-case letters and digits.
const URL_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function keyOf(functionName: string, qualifier: string): string {
  return `${functionName}\u0000${qualifier}`;
}

export function createFunctionUrlConfig(ctx: FunctionUrlContext, input: Input): Record<string, unknown> {
  const { name, qualifier } = target(ctx, input);
  const record = ctx.registry.find(name);
  if (!record) throw new ResourceNotFoundException(messages.functionUrlFunctionMissing());
  const existing = ctx.functionUrls.get(record, qualifier ?? LATEST_VERSION);
  if (existing) throw new ResourceConflictException(messages.functionUrlExists(existing.functionArn));
  if (qualifier !== undefined && !record.aliases.has(qualifier)) throw new ResourceNotFoundException(messages.functionUrlFunctionMissing());
  const config = addFunctionUrl(ctx, record, {
    qualifier,
    authType: input.AuthType as FunctionUrlAuthType,
    cors: corsOf(input),
    invokeMode: str(input, "InvokeMode") as FunctionUrlInvokeMode | undefined,
  });
  const out = output(config);
  delete out.LastModifiedTime;
  // Create and Update show InvokeMode only once it was set (localstack test_url_config_lifecycle and
  // test_lambda_update_function_url_config, recorded on AWS).
  if (config.invokeModeSet !== true) delete out.InvokeMode;
  return out;
}

export function getFunctionUrlConfig(ctx: FunctionUrlContext, input: Input): Record<string, unknown> {
  return output(existing(ctx, input, messages.functionUrlNotFound()));
}

export function updateFunctionUrlConfig(ctx: FunctionUrlContext, input: Input): Record<string, unknown> {
  const old = existing(ctx, input, messages.functionUrlFunctionMissing());
  const config: FunctionUrlRecord = {
    ...old,
    authType: (str(input, "AuthType") as FunctionUrlAuthType | undefined) ?? old.authType,
    cors: input.Cors === undefined ? old.cors : corsOf(input),
    invokeMode: (str(input, "InvokeMode") as FunctionUrlInvokeMode | undefined) ?? old.invokeMode,
    invokeModeSet: old.invokeModeSet === true || input.InvokeMode !== undefined,
    lastModifiedTime: timestamp(ctx.clock.now()),
  };
  ctx.functionUrls.set(config);
  const out = output(config);
  if (config.invokeModeSet !== true) delete out.InvokeMode;
  return out;
}

export function deleteFunctionUrlConfig(ctx: FunctionUrlContext, input: Input): void {
  ctx.functionUrls.delete(existing(ctx, input, messages.functionUrlNotFound()));
}

export function listFunctionUrlConfigs(ctx: FunctionUrlContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.find(ctx.registry.parse(String(input.FunctionName)).name);
  if (!record) throw new ResourceNotFoundException(messages.functionUrlFunctionMissing());
  return page(ctx.functionUrls.of(record).map(output), input, "FunctionUrlConfigs");
}

/** A new function URL (the API's or the template's) for a function that has none for this qualifier. */
export function addFunctionUrl(ctx: FunctionUrlContext, record: FunctionRecord, settings: FunctionUrlSettings): FunctionUrlRecord {
  const qualifier = settings.qualifier ?? LATEST_VERSION;
  const urlId = settings.urlId?.toLowerCase() ?? ctx.functionUrls.idFor(record.name, qualifier);
  const now = timestamp(ctx.clock.now());
  const config: FunctionUrlRecord = {
    urlId,
    functionName: record.name,
    qualifier,
    functionArn: qualifier === LATEST_VERSION ? record.config.arn : `${record.config.arn}:${qualifier}`,
    url: ctx.functionUrls.urlOf(urlId),
    authType: settings.authType,
    cors: settings.cors,
    invokeMode: settings.invokeMode ?? "BUFFERED",
    invokeModeSet: settings.invokeMode !== undefined,
    creationTime: now,
    lastModifiedTime: now,
    owner: record,
  };
  ctx.functionUrls.set(config);
  return config;
}

/**
 * The function and qualifier a request names. Function URLs belong to the function or to
 * an alias: Lambda rejects $LATEST and version numbers with its own pattern texts.
 */
function target(ctx: ApiContext, input: Input): { name: string; qualifier?: string } {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  if (qualifier === LATEST_VERSION) throw new ValidationException(messages.functionUrlQualifierLatest());
  if (qualifier !== undefined && /^\d+$/.test(qualifier)) {
    throw new ValidationException(
      messages.validation(qualifier, "qualifier", "Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))"),
    );
  }
  return { name, qualifier };
}

/** Get/Update/Delete: the config, or ResourceNotFoundException (`missingFunction` when the function or alias is gone). */
function existing(ctx: FunctionUrlContext, input: Input, missingFunction: string): FunctionUrlRecord {
  const { name, qualifier } = target(ctx, input);
  const record = ctx.registry.find(name);
  if (!record || (qualifier !== undefined && !record.aliases.has(qualifier))) throw new ResourceNotFoundException(missingFunction);
  const config = ctx.functionUrls.get(record, qualifier ?? LATEST_VERSION);
  if (!config) throw new ResourceNotFoundException(messages.functionUrlNotFound());
  return config;
}

function corsOf(input: Input): FunctionUrlCors | undefined {
  const cors = obj(input, "Cors");
  return cors && (structuredClone(cors) as FunctionUrlCors);
}

/** Function URL times: ISO-8601 with microseconds, "2026-11-25T18:40:00.123000Z". */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function output(config: FunctionUrlRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    FunctionUrl: config.url,
    FunctionArn: config.functionArn,
    AuthType: config.authType,
  };
  if (config.cors) out.Cors = config.cors;
  out.CreationTime = config.creationTime;
  out.LastModifiedTime = config.lastModifiedTime;
  out.InvokeMode = config.invokeMode;
  return out;
}

/** A function URL as the sandbox serves it (the function-URL front reads these). */
export interface ServedFunctionUrl {
  urlId: string;
  url: string;
  functionName: string;
  /** The alias; undefined for the function itself ($LATEST). */
  qualifier?: string;
  functionArn: string;
  authType: FunctionUrlAuthType;
  /** Whether the function's (or alias's) policy lets anyone call lambda:InvokeFunctionUrl for this AuthType (the front answers 403 otherwise). */
  publicInvokeAllowed: boolean;
  cors?: FunctionUrlCors;
  invokeMode: FunctionUrlInvokeMode;
}

/** The URLs whose function (and alias) still exist. */
export function servedFunctionUrls(ctx: FunctionUrlContext): ServedFunctionUrl[] {
  return ctx.functionUrls.all((c) => alive(ctx, c)).map(served);
}

export function servedFunctionUrl(ctx: FunctionUrlContext, urlId: string): ServedFunctionUrl | undefined {
  const config = ctx.functionUrls.byId(urlId, (c) => alive(ctx, c));
  return config && served(config);
}

/** The template's function URLs, made when the sandbox starts. */
export function addTemplateFunctionUrls(ctx: FunctionUrlContext, functions: ReadonlyArray<{ functionName: string; functionUrls?: readonly FunctionUrlSettings[] }>): void {
  for (const fn of functions) {
    const record = ctx.registry.find(fn.functionName);
    if (!record) continue;
    for (const settings of fn.functionUrls ?? []) addFunctionUrl(ctx, record, settings);
  }
}

function alive(ctx: FunctionUrlContext, config: FunctionUrlRecord): boolean {
  const record = ctx.registry.find(config.functionName);
  return record === config.owner && (config.qualifier === LATEST_VERSION || record.aliases.has(config.qualifier));
}

function served(config: FunctionUrlRecord): ServedFunctionUrl {
  return {
    urlId: config.urlId,
    url: config.url,
    functionName: config.functionName,
    ...(config.qualifier === LATEST_VERSION ? {} : { qualifier: config.qualifier }),
    functionArn: config.functionArn,
    authType: config.authType,
    publicInvokeAllowed: allowsPublicUrlInvoke(config.owner.policies.get(config.qualifier), config.authType),
    ...(config.cors ? { cors: config.cors } : {}),
    invokeMode: config.invokeMode,
  };
}

// The actions a statement may name to cover lambda:InvokeFunctionUrl (AddPermission's Action pattern allows the wildcards).
const URL_INVOKE_ACTIONS = new Set(["lambda:InvokeFunctionUrl", "lambda:*", "*"]);

/**
 * Whether a policy grants lambda:InvokeFunctionUrl to everyone ("*") for URLs of this AuthType,
 * as a NONE URL needs (AddPermission --principal "*" --function-url-auth-type NONE; SAM's
 * "<Function>UrlPublicPermissions"). A statement with any other condition (SourceArn,
 * SourceAccount, PrincipalOrgID) does not match an anonymous caller.
 */
function allowsPublicUrlInvoke(statements: readonly PolicyStatement[] | undefined, authType: FunctionUrlAuthType): boolean {
  return (statements ?? []).some((s) => {
    if (s.Effect !== "Allow" || !URL_INVOKE_ACTIONS.has(String(s.Action))) return false;
    const principal = s.Principal;
    if (principal !== "*" && !(typeof principal === "object" && principal !== null && (principal as Record<string, unknown>).AWS === "*")) return false;
    if (s.Condition === undefined) return true;
    const condition = s.Condition as Record<string, unknown>;
    const equals = condition.StringEquals as Record<string, unknown> | undefined;
    return Object.keys(condition).length === 1 && equals !== undefined && Object.keys(equals).length === 1 && equals["lambda:FunctionUrlAuthType"] === authType;
  });
}
