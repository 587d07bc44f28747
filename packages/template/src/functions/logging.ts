/**
 * LoggingConfig and SnapStart of AWS::Serverless::Function / AWS::Lambda::Function (SAM
 * Globals merged in), checked as CreateFunction checks them: the values the function's
 * configuration shows and its logs follow.
 */
import { templateError } from "../errors.js";
import { SNAP_START_MIN_VERSIONS } from "../limits.js";
import type { FunctionSpec } from "../model.js";
import { isRecord } from "../util.js";
import { where, type FunctionContext } from "./common.js";

const APPLICATION_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"];

export type LoggingFields = Pick<FunctionSpec, "applicationLogLevel" | "systemLogLevel" | "logGroup" | "snapStart">;

export function loggingFields(fn: FunctionContext): LoggingFields {
  const out: LoggingFields = {};
  const logging = fn.props.LoggingConfig;
  if (isRecord(logging)) {
    const application = level(fn, logging, "ApplicationLogLevel", APPLICATION_LOG_LEVELS);
    const system = level(fn, logging, "SystemLogLevel", SYSTEM_LOG_LEVELS);
    if ((application !== undefined || system !== undefined) && logging.LogFormat !== "JSON") {
      // Lambda's answer to CreateFunction (localstack lambda provider), which fails the deployment.
      throw templateError('LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.',
        where(fn, "LoggingConfig"), `Set LoggingConfig.LogFormat: JSON on ${fn.logicalId} to filter its logs by level.`);
    }
    if (application !== undefined) out.applicationLogLevel = application;
    if (system !== undefined) out.systemLogLevel = system;
    if (logging.LogGroup !== undefined) {
      if (typeof logging.LogGroup !== "string") throw templateError(`LoggingConfig.LogGroup of ${fn.logicalId} must be a log group name`, where(fn, "LoggingConfig"));
      out.logGroup = logging.LogGroup;
    }
  }
  const snapStart = fn.props.SnapStart;
  if (snapStart !== undefined) {
    const applyOn = isRecord(snapStart) ? snapStart.ApplyOn : undefined;
    if (applyOn !== "PublishedVersions" && applyOn !== "None") {
      throw templateError(`SnapStart.ApplyOn of ${fn.logicalId} must be PublishedVersions or None`, where(fn, "SnapStart"));
    }
    const runtime = typeof fn.props.Runtime === "string" ? fn.props.Runtime : "";
    if (applyOn === "PublishedVersions" && runtime !== "" && !SNAP_START_MIN_VERSIONS.some(({ pattern, min }) => Number(pattern.exec(runtime)?.[1] ?? -1) >= min)) {
      // CreateFunction's answer (localstack test_snapstart_exceptions, recorded on AWS), which fails the deployment.
      throw templateError(`${runtime} is not supported for SnapStart enabled functions.`, where(fn, "SnapStart"),
        "SnapStart supports Java 11+, Python 3.12+ and .NET 8+ runtimes.");
    }
    out.snapStart = applyOn;
  }
  return out;
}

function level(fn: FunctionContext, logging: Record<string, unknown>, key: string, allowed: string[]): string | undefined {
  const value = logging[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw templateError(`LoggingConfig.${key} of ${fn.logicalId} must be one of ${allowed.join(", ")}`, where(fn, "LoggingConfig"));
  }
  return value;
}
