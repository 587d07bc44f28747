/**
 * The environment variables of one execution environment: Lambda's defined runtime
 * variables around the function's own Environment. AWS_ENDPOINT_URL points the handler's
 * SDK v3 clients at the sandbox's edge port, with dummy credentials to sign with.
 */
import { delimiter, join } from "node:path";
import type { LambdaFunctionConfig } from "../index.js";
import { LATEST_VERSION } from "../limits.js";
import { applicationLogLevel } from "./logLevels.js";
import { runtimeFamily } from "./runtimes.js";

export interface RuntimeEnvOptions {
  region: string;
  edgeUrl: string;
  /** Where X-Ray SDKs send segments (the sandbox's daemon), when it listens. */
  xrayDaemonAddress?: string;
  logStreamName: string;
  /** Where the code lives (LAMBDA_TASK_ROOT): files the handler reads are found there. */
  taskRoot: string;
  runtimeDir: string;
  /** The function version the environment runs ($LATEST or a published number). */
  version?: string;
}

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** The function's log group: LoggingConfig.LogGroup, or the default one. */
export function functionLogGroup(fn: LambdaFunctionConfig): string {
  return fn.logGroup ?? logGroupName(fn.functionName);
}

export function runtimeEnvironment(fn: LambdaFunctionConfig, options: RuntimeEnvOptions): Record<string, string> {
  // Variables the function may override.
  // Lambda's PATH ends with /opt/bin, its LD_LIBRARY_PATH lists /var/task, /var/task/lib and
  // /opt/lib (Defined runtime environment variables): each layer directory stands for /opt.
  const layerDirs = fn.layerDirs ?? [];
  const libraries = [process.env.LD_LIBRARY_PATH ?? "", options.taskRoot, join(options.taskRoot, "lib"), ...layerDirs.map((dir) => join(dir, "lib"))];
  const defaults: Record<string, string> = {
    PATH: [process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", ...layerDirs.map((dir) => join(dir, "bin"))].join(delimiter),
    LD_LIBRARY_PATH: libraries.filter((dir) => dir !== "").join(delimiter),
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    AWS_ENDPOINT_URL: options.edgeUrl,
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
  };
  if (fn.logFormat === "JSON") defaults.AWS_LAMBDA_LOG_FORMAT = "JSON";
  // The ApplicationLogLevel, read by the runtime's console and by loggers such as Powertools.
  const level = applicationLogLevel(fn);
  if (level !== undefined) defaults.AWS_LAMBDA_LOG_LEVEL = level;
  // As Lambda sets them (host:port, and each apart), pointing X-Ray SDKs at the sandbox's daemon.
  if (options.xrayDaemonAddress !== undefined) {
    const at = options.xrayDaemonAddress.lastIndexOf(":");
    defaults.AWS_XRAY_DAEMON_ADDRESS = options.xrayDaemonAddress;
    defaults._AWS_XRAY_DAEMON_ADDRESS = options.xrayDaemonAddress.slice(0, at);
    defaults._AWS_XRAY_DAEMON_PORT = options.xrayDaemonAddress.slice(at + 1);
  }
  // The function runs on this machine's Node.js, which may be older than its runtime's
  // (nodejs22.x on Node 20): the SDK's warning about that Node would never show on Lambda.
  if (olderNodeThan(fn.runtime)) defaults.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // Lambda's reserved keys: a function cannot set these (CreateFunction rejects them).
  const reserved: Record<string, string> = {
    _HANDLER: fn.handler,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: options.version ?? LATEST_VERSION,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_LOG_GROUP_NAME: functionLogGroup(fn),
    AWS_LAMBDA_LOG_STREAM_NAME: options.logStreamName,
    AWS_ACCESS_KEY: "ASIASANDBOXLOCAL0000",
    AWS_ACCESS_KEY_ID: "ASIASANDBOXLOCAL0000",
    AWS_SECRET_ACCESS_KEY: "sandbox-local-secret-access-key",
    AWS_SESSION_TOKEN: "sandbox-local-session-token",
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: options.runtimeDir,
  };
  // "Not defined for OS-only runtimes (the provided family)" (Lambda docs, "Defined runtime environment variables").
  if (runtimeFamily(fn.runtime) !== "provided") reserved.AWS_EXECUTION_ENV = `AWS_Lambda_${fn.runtime}`;
  return { ...defaults, ...fn.environment, ...reserved };
}

/** Whether this process's Node.js is older than a nodejs<N>.x runtime's. */
function olderNodeThan(runtime: string): boolean {
  const wanted = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  return wanted !== undefined && Number(process.versions.node.split(".")[0]) < Number(wanted);
}
