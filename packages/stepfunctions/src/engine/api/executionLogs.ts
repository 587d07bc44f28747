/**
 * Execution history events logged to CloudWatch Logs ("Using CloudWatch Logs to log execution
 * history in Step Functions"): a state machine whose LoggingConfiguration level is not OFF has
 * each event of the level written to its log group, through the dispatcher the sandbox wires.
 * Records as AWS writes them (LocalStack's AWS-recorded logs/test_logs and
 * express/test_express_async): string id and previous_event_id, the event's details without
 * its input and output unless includeExecutionData, the execution's ARN and redrive count.
 */
import { isAwsError, type AwsDispatcher } from "@sam-sandbox/core";
import { randomBytes } from "node:crypto";
import type { Json } from "../asl/json.js";
import type { HistoryEvent, HistoryListener } from "../asl/history.js";
import { logGroupNameOf } from "./logDestinations.js";

/** Writes log events of a state machine's executions to its log group (a stream made on first use). */
export type ExecutionLogSink = (logGroupName: string, machineName: string, events: { timestamp: number; message: string }[]) => Promise<void>;

/** The events of the ERROR level ("Log levels" in the Step Functions developer guide). */
const ERROR_EVENTS = new Set([
  "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut", "FailStateEntered", "LambdaFunctionFailed", "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed", "LambdaFunctionTimedOut", "MapStateAborted", "MapStateFailed", "MapIterationAborted", "MapIterationFailed",
  "MapRunAborted", "MapRunFailed", "ParallelStateAborted", "ParallelStateFailed", "TaskFailed", "TaskStartFailed", "TaskStateAborted",
  "TaskSubmitFailed", "TaskTimedOut", "WaitStateAborted",
]);
/** The events of the FATAL level. */
const FATAL_EVENTS = new Set(["ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut"]);
/** Execution data, left out unless includeExecutionData. */
const DATA_FIELDS = new Set(["input", "inputDetails", "output", "outputDetails"]);

export function executionLogSink(dispatcher: AwsDispatcher, now: () => number): ExecutionLogSink {
  /** The stream of each state machine in each log group: its executions all log there (test_log_group_with_multiple_runs). */
  const streams = new Map<string, Promise<string>>();
  const stream = (logGroupName: string, machineName: string): Promise<string> => {
    const key = `${logGroupName}\u0000${machineName}`;
    let made = streams.get(key);
    if (made === undefined) {
      const logStreamName = streamName(machineName, now());
      made = dispatcher.call("logs", "CreateLogStream", { logGroupName, logStreamName }).then(
        () => logStreamName,
        (error: unknown) => {
          if (isAwsError(error) && error.code === "ResourceAlreadyExistsException") return logStreamName;
          streams.delete(key);
          throw error;
        },
      );
      streams.set(key, made);
    }
    return made;
  };
  return async (logGroupName, machineName, logEvents) => {
    try {
      const logStreamName = await stream(logGroupName, machineName);
      await dispatcher.call("logs", "PutLogEvents", { logGroupName, logStreamName, logEvents });
    } catch (error) {
      // Logging never fails an execution: a deleted log group loses the events (test_deleted_log_group).
      if (!isAwsError(error)) throw error;
    }
  };
}

interface LoggingSettings {
  level: string;
  includeExecutionData: boolean;
  logGroupName: string;
}

function settingsOf(logging: Json | undefined): LoggingSettings | undefined {
  if (typeof logging !== "object" || logging === null || Array.isArray(logging)) return undefined;
  const level = typeof logging.level === "string" ? logging.level : "OFF";
  if (level === "OFF") return undefined;
  const first = Array.isArray(logging.destinations) ? logging.destinations[0] : undefined;
  const group = typeof first === "object" && first !== null && !Array.isArray(first) ? first.cloudWatchLogsLogGroup : undefined;
  const arn = typeof group === "object" && group !== null && !Array.isArray(group) ? group.logGroupArn : undefined;
  const logGroupName = typeof arn === "string" ? logGroupNameOf(arn) : undefined;
  if (logGroupName === undefined) return undefined;
  return { level, includeExecutionData: logging.includeExecutionData === true, logGroupName };
}

function logged(level: string, type: string): boolean {
  if (level === "ALL") return true;
  if (level === "ERROR") return ERROR_EVENTS.has(type);
  return level === "FATAL" && FATAL_EVENTS.has(type);
}

/** "states/<machine>/<yyyy-mm-dd-hh-mm>/<id>", as the Step Functions console names them. */
function streamName(machineName: string, startMs: number): string {
  const minute = new Date(startMs).toISOString().slice(0, 16).replace(/[T:]/g, "-");
  return `states/${machineName}/${minute}/${randomBytes(4).toString("hex")}`;
}

/**
 * The history listener that logs an execution's events, or undefined when its state machine
 * logs nothing. Events go out in batches, after the turn that recorded them.
 */
export function executionLogger(
  sink: ExecutionLogSink | undefined,
  logging: Json | undefined,
  execution: { arn: string; machineName: string; redriveCount: number },
): HistoryListener | undefined {
  const settings = sink === undefined ? undefined : settingsOf(logging);
  if (sink === undefined || settings === undefined) return undefined;
  let batch: { timestamp: number; message: string }[] = [];
  let sending = Promise.resolve();
  const flush = () => {
    const events = batch;
    batch = [];
    sending = sending.then(() => sink(settings.logGroupName, execution.machineName, events));
  };
  return (event: HistoryEvent) => {
    if (!logged(settings.level, event.type)) return;
    if (batch.length === 0) setImmediate(flush);
    batch.push({ timestamp: event.timestamp, message: JSON.stringify(logRecord(event, execution, settings.includeExecutionData)) });
  };
}

function logRecord(event: HistoryEvent, execution: { arn: string; redriveCount: number }, includeData: boolean): Record<string, Json> {
  const details: Record<string, Json> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith("EventDetails") || typeof value !== "object" || value === null || Array.isArray(value)) continue;
    for (const [name, v] of Object.entries(value)) if (includeData || !DATA_FIELDS.has(name)) details[name] = v;
  }
  return {
    id: String(event.id),
    type: event.type,
    details,
    previous_event_id: String(event.previousEventId),
    event_timestamp: String(event.timestamp),
    execution_arn: execution.arn,
    redrive_count: String(execution.redriveCount),
  };
}
