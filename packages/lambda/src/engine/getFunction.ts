/**
 * GetFunction, GetFunctionConfiguration and ListFunctions: read-only views of the
 * functions and their versions, shaped as Lambda's FunctionConfiguration.
 */
import { createHash } from "node:crypto";
import { InvalidParameterValueException } from "../errors.js";
import { DEFAULT_EPHEMERAL_STORAGE_MB, DEFAULT_LOG_LEVEL, LATEST_VERSION, LIST_FUNCTIONS_MAX_ITEMS } from "../limits.js";
import type { LambdaFunctionConfig } from "../index.js";
import { codeLocation } from "./codePackage.js";
import type { Concurrency } from "./concurrency.js";
import type { FunctionRegistry, VersionRecord } from "./registry.js";
import { functionLogGroup } from "./runtimeEnv.js";

/** What these views read. */
export interface ReadContext {
  readonly registry: FunctionRegistry;
  readonly accountId: string;
  readonly concurrency: Concurrency;
  /** Where the edge serves uploaded packages (Code.Location). */
  readonly edgeUrl: string;
}

/**
 * Lambda's FunctionConfiguration of one version; `qualified`: FunctionArn ends with the version, or
 * with `alias` when the version was named by its alias (the answer is the version's but for that
 * ARN: localstack api_utils.map_config_out, its get_function snapshots recorded on AWS).
 */
export function functionConfiguration(version: VersionRecord, accountId: string, qualified = false, alias?: string): Record<string, unknown> {
  const fn = version.config;
  const unqualified = fn.arn.endsWith(`:${version.version}`) ? fn.arn.slice(0, -version.version.length - 1) : fn.arn;
  const out: Record<string, unknown> = {
    FunctionName: fn.functionName,
    FunctionArn: alias !== undefined ? `${unqualified}:${alias}` : qualified ? `${unqualified}:${version.version}` : unqualified,
    Runtime: fn.runtime,
    Role: fn.role ?? `arn:aws:iam::${accountId}:role/${fn.functionName}-role`,
    Handler: fn.handler,
    CodeSize: version.codeSize,
    Description: fn.description ?? "",
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memorySizeMb,
    LastModified: version.lastModified,
    CodeSha256: version.codeSha256,
    Version: version.version,
    Environment: { Variables: fn.environment },
    TracingConfig: { Mode: fn.tracing ?? "PassThrough" },
    RevisionId: version.revisionId,
    Layers: fn.layers.map((arn) => ({ Arn: arn, CodeSize: 0 })),
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: fn.architectures.length > 0 ? fn.architectures : ["x86_64"],
    EphemeralStorage: { Size: fn.ephemeralStorageMb ?? DEFAULT_EPHEMERAL_STORAGE_MB },
    SnapStart: snapStart(fn, version.version),
    LoggingConfig: loggingConfig(fn),
    RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(fn.arn, fn.runtime) },
  };
  if (fn.deadLetterTargetArn) out.DeadLetterConfig = { TargetArn: fn.deadLetterTargetArn };
  if (fn.kmsKeyArn) out.KMSKeyArn = fn.kmsKeyArn;
  if (Object.keys(fn.environment).length === 0) delete out.Environment;
  if (fn.layers.length === 0) delete out.Layers;
  if (fn.runtime === "") delete out.RuntimeVersionConfig;
  return out;
}

/**
 * Lambda names the runtime build a function runs on (`arn:aws:lambda:<region>::runtime:<64 hex>`);
 * locally one stable id per runtime identifier stands for it.
 */
function runtimeVersionArn(functionArn: string, runtime: string): string {
  const region = functionArn.split(":")[3] ?? "";
  return `arn:aws:lambda:${region}::runtime:${createHash("sha256").update(runtime).digest("hex")}`;
}

// ListFunctions and ListVersionsByFunction return a subset of FunctionConfiguration: no state,
// last update status or runtime version (ListFunctions API reference; recorded on AWS:
// localstack test_lambda_api.snapshot.json, test_publish_version_on_create list_versions_result).
const NOT_LISTED = ["State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason", "LastUpdateStatusReasonCode", "RuntimeVersionConfig"];

/** A FunctionConfiguration as the list operations show it. */
export function listedConfiguration(config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const key of NOT_LISTED) delete out[key];
  return out;
}

export function getFunctionConfiguration(ctx: ReadContext, functionName: string, qualifier?: string): Record<string, unknown> {
  const resolved = ctx.registry.resolve(functionName, qualifier);
  return functionConfiguration(resolved.version, ctx.accountId, resolved.qualifier !== undefined, resolved.alias?.name);
}

export function getFunction(ctx: ReadContext, functionName: string, qualifier?: string): Record<string, unknown> {
  const resolved = ctx.registry.resolve(functionName, qualifier);
  const { record, version } = resolved;
  const out: Record<string, unknown> = {
    Configuration: functionConfiguration(version, ctx.accountId, resolved.qualifier !== undefined, resolved.alias?.name),
    // Lambda gives a presigned S3 URL of the zip: here the edge serves the uploaded one (codePackage.ts).
    Code: { RepositoryType: "S3", Location: codeLocation(ctx.edgeUrl, record.name, version.config.codeDir) },
  };
  if (Object.keys(record.tags).length > 0) out.Tags = record.tags;
  const reserved = ctx.concurrency.reservedOf(record.name);
  if (reserved !== undefined) out.Concurrency = { ReservedConcurrentExecutions: reserved };
  return out;
}

/** Pages of at most 50, the marker being the index of the next function. FunctionVersion ALL lists every version. */
export function listFunctions(ctx: ReadContext, marker: string | undefined, maxItems: number | undefined, all = false): Record<string, unknown> {
  const records = ctx.registry.list().sort((a, b) => a.name.localeCompare(b.name));
  const versions = records.flatMap((r) => (all ? [r.latest, ...r.versions.values()] : [r.latest]));
  const start = marker === undefined ? 0 : Number.parseInt(marker, 10);
  if (!Number.isInteger(start) || start < 0) throw new InvalidParameterValueException("Invalid marker");
  const size = Math.min(maxItems ?? LIST_FUNCTIONS_MAX_ITEMS, LIST_FUNCTIONS_MAX_ITEMS);
  const page = versions.slice(start, start + size);
  const out: Record<string, unknown> = { Functions: page.map((v) => listedConfiguration(functionConfiguration(v, ctx.accountId, all))) };
  if (start + size < versions.length) out.NextMarker = String(start + size);
  return out;
}

/**
 * SnapStart applies to published versions: OptimizationStatus On there, Off on $LATEST
 * (SnapStartResponse API reference; Lambda developer guide, "Activating SnapStart").
 */
function snapStart(fn: LambdaFunctionConfig, version: string): Record<string, string> {
  const applyOn = fn.snapStart ?? "None";
  return { ApplyOn: applyOn, OptimizationStatus: applyOn === "PublishedVersions" && version !== LATEST_VERSION ? "On" : "Off" };
}

/** JSON-format logs have levels, INFO unless set (localstack test_function_advanced_logging_configuration, recorded on AWS). */
function loggingConfig(fn: LambdaFunctionConfig): Record<string, string> {
  const out: Record<string, string> = { LogFormat: fn.logFormat ?? "Text", LogGroup: functionLogGroup(fn) };
  if (fn.logFormat === "JSON") {
    out.ApplicationLogLevel = fn.applicationLogLevel ?? DEFAULT_LOG_LEVEL;
    out.SystemLogLevel = fn.systemLogLevel ?? DEFAULT_LOG_LEVEL;
  }
  return out;
}
