/**
 * The parts of a FunctionSpec AWS::Serverless::Function and AWS::Lambda::Function share:
 * handler, runtime, limits, environment variables, architectures, logging. Values arrive
 * resolved; each is checked the way Lambda checks it on CreateFunction.
 */
import { dirname } from "node:path";
import { templateError } from "../errors.js";
import type { Where } from "../errors.js";
import * as L from "../limits.js";
import type { FunctionSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import { checkRuntime } from "../runtimes.js";
import type { Warnings } from "../stack.js";
import { isRecord } from "../util.js";
import { isSamBuildDir } from "../find.js";

/** Keys Lambda sets itself and refuses in Environment.Variables. */
const RESERVED_ENVIRONMENT_KEYS = [
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
];

export interface FunctionContext {
  file: string;
  logicalId: string;
  type: string;
  line?: number;
  /** Resolved properties (locations kept). */
  props: Record<string, unknown>;
  warnings: Warnings;
}

export function where(fn: FunctionContext, key?: string, within: unknown = fn.props): Where {
  return { file: fn.file, line: (key ? keyLineOf(within, key) : undefined) ?? fn.line };
}

export function text(fn: FunctionContext, key: string, within: Record<string, unknown> = fn.props): string | undefined {
  const value = within[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw templateError(`${key} of ${fn.logicalId} must be a string`, where(fn, key, within));
}

function integer(fn: FunctionContext, key: string, range: { min: number; max: number; name: string }): number | undefined {
  const value = fn.props[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw templateError(`${key} of ${fn.logicalId} must be a whole number`, where(fn, key));
  if (n < range.min || n > range.max) {
    // Lambda's validation message for an out-of-range value.
    const bound = n < range.min ? `greater than or equal to ${range.min}` : `less than or equal to ${range.max}`;
    throw templateError(`1 validation error detected: Value '${n}' at '${range.name}' failed to satisfy constraint: Member must have value ${bound}`, where(fn, key));
  }
  return n;
}

export function handlerAndRuntime(fn: FunctionContext, missingMessage: string): { handler: string; runtime: string } {
  const handler = text(fn, "Handler");
  const runtime = text(fn, "Runtime");
  if (!handler || !runtime) {
    const missing = [!handler && "Handler", !runtime && "Runtime"].filter(Boolean).join(" and ");
    throw templateError(missingMessage, where(fn),
      `Add ${missing} to ${fn.logicalId} (or to Globals: Function), e.g. Handler: index.handler and Runtime: nodejs22.x.`);
  }
  const check = checkRuntime(runtime);
  if (!check.ok) throw templateError(check.message, where(fn, "Runtime"), check.hint);
  if (check.unlisted) fn.warnings.add(`Runtime ${runtime} of ${fn.logicalId} is not in the sandbox's list of Lambda runtimes`);
  if (!check.emulated) fn.warnings.add(`Runtime ${runtime} (${fn.logicalId}) is not run by the sandbox yet; invoking ${fn.logicalId} will fail`);
  return { handler, runtime };
}

export function environment(fn: FunctionContext): Record<string, string> {
  const env = fn.props.Environment;
  if (env === undefined) return {};
  const variables = isRecord(env) ? env.Variables : undefined;
  if (variables === undefined) return {};
  if (!isRecord(variables)) throw templateError(`Environment.Variables of ${fn.logicalId} must be a map`, where(fn, "Environment"));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (!/^[a-zA-Z]\w*$/.test(key)) {
      throw templateError(`Environment variable name ${key} of ${fn.logicalId} is invalid`, where(fn, key, variables),
        "Names start with a letter and contain only letters, digits and underscores.");
    }
    if (typeof value === "string") out[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") out[key] = String(value);
    else {
      throw templateError(`Environment variable ${key} of ${fn.logicalId} must resolve to a string`, where(fn, key, variables),
        "Use Fn::Join or Fn::Sub to build a string from lists or objects.");
    }
  }
  const reserved = Object.keys(out).filter((key) => RESERVED_ENVIRONMENT_KEYS.includes(key));
  if (reserved.length > 0) {
    throw templateError(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(",")}`,
      where(fn, reserved[0], variables), "Lambda sets these variables itself; remove them.");
  }
  return out;
}

/** The fields every function kind fills the same way. */
export function commonFields(fn: FunctionContext): Pick<FunctionSpec,
  "timeoutSeconds" | "memorySizeMb" | "environment" | "architectures" | "layers" | "reservedConcurrency" | "description" | "logFormat" | "kmsKeyArn"> {
  const architectures = fn.props.Architectures === undefined ? ["x86_64"] : fn.props.Architectures;
  if (!Array.isArray(architectures) || architectures.length !== 1 || !["x86_64", "arm64"].includes(String(architectures[0]))) {
    throw templateError(`Architectures of ${fn.logicalId} must be a list of exactly one of x86_64 or arm64`, where(fn, "Architectures"),
      "Note that SAM Globals concatenate lists: set Architectures either in Globals or on the function, not both.");
  }
  const layers = fn.props.Layers ?? [];
  if (!Array.isArray(layers)) throw templateError(`Layers of ${fn.logicalId} must be a list of layer version ARNs`, where(fn, "Layers"));
  const logging = fn.props.LoggingConfig;
  const logFormat = isRecord(logging) ? logging.LogFormat : undefined;
  if (logFormat !== undefined && logFormat !== "Text" && logFormat !== "JSON") {
    throw templateError(`LoggingConfig.LogFormat of ${fn.logicalId} must be Text or JSON`, where(fn, "LoggingConfig"));
  }
  return {
    timeoutSeconds: integer(fn, "Timeout", { min: L.MIN_FUNCTION_TIMEOUT_SECONDS, max: L.MAX_FUNCTION_TIMEOUT_SECONDS, name: "timeout" })
      ?? L.DEFAULT_FUNCTION_TIMEOUT_SECONDS,
    memorySizeMb: integer(fn, "MemorySize", { min: L.MIN_FUNCTION_MEMORY_MB, max: L.MAX_FUNCTION_MEMORY_MB, name: "memorySize" })
      ?? L.DEFAULT_FUNCTION_MEMORY_MB,
    environment: environment(fn),
    architectures: architectures.map(String),
    layers: layers.map((layer) => String(layer)),
    reservedConcurrency: integer(fn, "ReservedConcurrentExecutions", { min: 0, max: Number.MAX_SAFE_INTEGER, name: "reservedConcurrentExecutions" }),
    description: text(fn, "Description"),
    logFormat,
    // KmsKeyArn: GetFunctionConfiguration answers it as KMSKeyArn (nothing is encrypted locally).
    kmsKeyArn: text(fn, "KmsKeyArn") || undefined,
  };
}

export function tracingMode(value: unknown): "Active" | "PassThrough" | undefined {
  return value === "Active" || value === "PassThrough" ? value : undefined;
}

/** SAM's `Metadata: BuildMethod: esbuild` + BuildProperties (what `sam build` honours). */
export function buildOf(fn: FunctionContext, metadata: Record<string, unknown>): FunctionSpec["build"] {
  const method = metadata.BuildMethod;
  if (method === undefined) return undefined;
  // `sam build`'s output keeps the metadata, but its code is built already.
  if (isSamBuildDir(dirname(fn.file))) return undefined;
  if (typeof method === "string" && method.toLowerCase() === "esbuild") {
    const properties = metadata.BuildProperties;
    return { method: "esbuild", properties: isRecord(properties) ? properties : {} };
  }
  if (typeof method === "string" && method.toLowerCase() === "makefile") {
    fn.warnings.add(`BuildMethod makefile (${fn.logicalId}) is not run by the sandbox; the code in CodeUri is used as it is`);
  }
  return undefined;
}
