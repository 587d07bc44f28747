/**
 * GetFunction, GetFunctionConfiguration and ListFunctions: read-only views of the
 * template's functions, shaped as Lambda's FunctionConfiguration.
 */
import { pathToFileURL } from "node:url";
import { InvalidParameterValueException } from "../errors.js";
import { DEFAULT_EPHEMERAL_STORAGE_MB, LATEST_VERSION, LIST_FUNCTIONS_MAX_ITEMS } from "../limits.js";
import type { FunctionRecord, FunctionRegistry } from "./registry.js";
import { logGroupName } from "./runtimeEnv.js";

export function functionConfiguration(record: FunctionRecord, accountId: string): Record<string, unknown> {
  const fn = record.config;
  const out: Record<string, unknown> = {
    FunctionName: fn.functionName,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: `arn:aws:iam::${accountId}:role/${fn.functionName}-role`,
    Handler: fn.handler,
    CodeSize: 0,
    Description: fn.description ?? "",
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memorySizeMb,
    LastModified: record.lastModified,
    CodeSha256: record.codeSha256,
    Version: LATEST_VERSION,
    Environment: { Variables: fn.environment },
    TracingConfig: { Mode: fn.tracing ?? "PassThrough" },
    RevisionId: record.revisionId,
    Layers: fn.layers.map((arn) => ({ Arn: arn, CodeSize: 0 })),
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: fn.architectures.length > 0 ? fn.architectures : ["x86_64"],
    EphemeralStorage: { Size: DEFAULT_EPHEMERAL_STORAGE_MB },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: { LogFormat: fn.logFormat ?? "Text", LogGroup: logGroupName(fn.functionName) },
  };
  if (Object.keys(fn.environment).length === 0) delete out.Environment;
  if (fn.layers.length === 0) delete out.Layers;
  return out;
}

export function getFunctionConfiguration(
  registry: FunctionRegistry,
  accountId: string,
  functionName: string,
  qualifier?: string,
): Record<string, unknown> {
  return functionConfiguration(registry.resolve(functionName, qualifier), accountId);
}

export function getFunction(
  registry: FunctionRegistry,
  accountId: string,
  functionName: string,
  qualifier?: string,
): Record<string, unknown> {
  const record = registry.resolve(functionName, qualifier);
  const out: Record<string, unknown> = {
    Configuration: functionConfiguration(record, accountId),
    // Lambda gives a presigned S3 URL of the zip; locally the code is a directory.
    Code: { RepositoryType: "S3", Location: pathToFileURL(record.config.codeDir).href },
  };
  if (record.config.reservedConcurrency !== undefined) {
    out.Concurrency = { ReservedConcurrentExecutions: record.config.reservedConcurrency };
  }
  return out;
}

/** Pages of at most 50, the marker being the index of the next function. */
export function listFunctions(
  registry: FunctionRegistry,
  accountId: string,
  marker: string | undefined,
  maxItems: number | undefined,
): Record<string, unknown> {
  const all = registry.list().sort((a, b) => a.config.functionName.localeCompare(b.config.functionName));
  const start = marker === undefined ? 0 : Number.parseInt(marker, 10);
  if (!Number.isInteger(start) || start < 0) throw new InvalidParameterValueException("Invalid marker");
  const size = Math.min(maxItems ?? LIST_FUNCTIONS_MAX_ITEMS, LIST_FUNCTIONS_MAX_ITEMS);
  const page = all.slice(start, start + size);
  const out: Record<string, unknown> = { Functions: page.map((r) => functionConfiguration(r, accountId)) };
  if (start + size < all.length) out.NextMarker = String(start + size);
  return out;
}
