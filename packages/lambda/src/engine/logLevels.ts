/**
 * LoggingConfig's log-level filtering, applied where Lambda applies it: on the lines on their
 * way to CloudWatch Logs. Only a JSON-format function is filtered; a Text one sends everything.
 * An application line is a JSON object with a "level" key, or INFO when it has none (or an
 * invalid one); platform events are INFO system logs (Lambda docs, "Log-level filtering").
 */
import type { LambdaFunctionConfig } from "../index.js";
import { APPLICATION_LOG_LEVELS, DEFAULT_LOG_LEVEL, PLATFORM_EVENT_LEVEL, SYSTEM_LOG_LEVELS } from "../limits.js";

const applicationRank = (level: string): number => APPLICATION_LOG_LEVELS.indexOf(level as (typeof APPLICATION_LOG_LEVELS)[number]);
const INFO_RANK = applicationRank("INFO");

/** The function's ApplicationLogLevel when log levels apply (JSON format), else undefined. */
export function applicationLogLevel(fn: LambdaFunctionConfig): string | undefined {
  return fn.logFormat === "JSON" ? (fn.applicationLogLevel ?? DEFAULT_LOG_LEVEL) : undefined;
}

/** Whether the platform's START / END / REPORT (or their JSON records) reach the log. */
export function platformEventsShown(fn: LambdaFunctionConfig): boolean {
  if (fn.logFormat !== "JSON") return true;
  const wanted = SYSTEM_LOG_LEVELS.indexOf((fn.systemLogLevel ?? DEFAULT_LOG_LEVEL) as (typeof SYSTEM_LOG_LEVELS)[number]);
  return SYSTEM_LOG_LEVELS.indexOf(PLATFORM_EVENT_LEVEL) >= wanted;
}

/** A test for the function's own lines: true to keep a line; undefined when nothing is filtered. */
export function applicationLineFilter(fn: LambdaFunctionConfig): ((line: string) => boolean) | undefined {
  const level = applicationLogLevel(fn);
  const min = level === undefined ? -1 : applicationRank(level);
  if (min <= 0) return undefined;
  return (line) => lineRank(line) >= min;
}

/** The level of one line as Lambda reads it: the "level" of a JSON object (any case), else INFO. */
function lineRank(line: string): number {
  // Only a JSON object can carry a level: skip parsing anything else.
  if (!line.startsWith("{") || !line.includes('"level"')) return INFO_RANK;
  try {
    const parsed: unknown = JSON.parse(line);
    const level = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).level : undefined;
    const rank = typeof level === "string" ? applicationRank(level.toUpperCase()) : -1;
    return rank < 0 ? INFO_RANK : rank;
  } catch {
    return INFO_RANK;
  }
}
