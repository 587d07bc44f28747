/**
 * Runs an execution record on the interpreter: events go to the history (and, for
 * Standard executions, the journal); the record follows the outcome.
 */
import { History, type HistoryListener } from "../asl/history.js";
import { parseJsonText, toJsonText, type Json } from "../asl/json.js";
import { startExecution, type ExecutionOutcome } from "../asl/run.js";
import type { StateMachineDefinition } from "../asl/types.js";
import { MAX_CACHED_DEFINITIONS, MAX_EXPRESS_EXECUTION_SECONDS, MAX_HISTORY_EVENTS, MAX_STANDARD_EXECUTION_SECONDS } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { ExecutionRecord } from "./state.js";
import { executionOutcome, executionSegment } from "./tracing.js";
import { executionLogger } from "./executionLogs.js";
import { sendStatusChange } from "./statusEvents.js";

const definitions = new Map<string, StateMachineDefinition>();

/**
 * The definition's parsed form, shared by every execution of that text (the interpreter
 * never changes a definition, nor the values it takes from one: it copies what it changes).
 */
function parsedDefinition(text: string): StateMachineDefinition {
  let definition = definitions.get(text);
  if (definition === undefined) {
    definition = JSON.parse(text) as StateMachineDefinition;
    if (definitions.size >= MAX_CACHED_DEFINITIONS) definitions.clear();
    definitions.set(text, definition);
  }
  return definition;
}

/**
 * `input`: record.input already parsed (by StartExecution's check), not parsed again.
 * An Express execution is listed in registry.express while it runs, a Standard one in registry.running.
 */
export function launch(registry: Registry, record: ExecutionRecord, options: { redrive?: boolean; input?: Json; async?: boolean } = {}): Promise<ExecutionOutcome> {
  const durable = record.type === "STANDARD";
  // AWS keeps no history of an Express execution (GetExecutionHistory refuses its ARN): its
  // events are numbered, never built nor kept.
  const events = durable ? (registry.state.histories.get(record.arn) ?? []) : [];
  // Events already stored: the execution ran before a restart and resumes (or is redriven).
  const resume = events.length > 0;
  const redrive = options.redrive === true;
  if (durable) registry.state.histories.set(record.arn, events);
  // A state machine that logs to CloudWatch Logs builds its events, Express ones included.
  const logger = registry.executionLogs === undefined ? undefined : executionLoggerOf(registry, record);
  // Only a Standard execution's history has a quota (AWS: unlimited for Express).
  const history = new History(() => registry.clock.now(), events, { recording: durable || logger !== undefined, ...(durable ? { maxEvents: MAX_HISTORY_EVENTS } : {}) });
  if (durable) history.onEvent((event) => registry.queueEvent(record.arn, event));
  if (logger !== undefined) history.onEvent(logger);
  const definition = parsedDefinition(record.definition);
  // A null input stays null (LocalStack's AWS-recorded test_lambda_task test_invoke_json_values[None]).
  const given = options.input !== undefined ? options.input : parseJsonText(record.input);
  const input = given === undefined ? {} : given;
  // The definition's TimeoutSeconds; Express executions also stop at their 5-minute cap.
  const cap = record.type === "EXPRESS" ? MAX_EXPRESS_EXECUTION_SECONDS : MAX_STANDARD_EXECUTION_SECONDS;
  const timeoutSeconds = definition.TimeoutSeconds !== undefined ? Math.min(definition.TimeoutSeconds, cap) : record.type === "EXPRESS" ? cap : undefined;
  const trace = resume ? undefined : executionSegment(registry, record);
  // Listed before it starts: its record is found by ARN from its first state on.
  const express = durable ? undefined : registry.express.add(record);
  // RUNNING goes to EventBridge as the execution starts or is redriven, not as it resumes after a restart.
  if (durable && (!resume || redrive)) sendStatusChange(registry, record, redrive ? (record.redriveDate ?? record.startDate) : record.startDate);
  const handle = startExecution(
    {
      info: {
        arn: record.arn,
        name: record.name,
        input,
        // ExecutionStarted shows the input as given.
        ...(given !== undefined ? { inputText: record.input } : {}),
        roleArn: record.roleArn,
        startTime: record.startDate,
        stateMachineArn: record.stateMachineArn,
        stateMachineName: record.stateMachineName,
        // A StartSyncExecution's context object has no RedriveCount.
        ...(record.type === "STANDARD" ? { redriveCount: record.redriveCount ?? 0 } : options.async === true ? { asyncExpress: true } : {}),
      },
      clock: registry.clock,
      deadlines: registry.deadlines,
      tasks: registry.tasks,
      tokens: registry.tokens,
      activities: registry.activityQueue,
      mapRuns: { record: (run) => registry.mapRuns.set(run.mapRunArn, run) },
      history,
      region: registry.region,
      accountId: registry.accountId,
      random: Math.random,
      queryLanguage: definition.QueryLanguage ?? "JSONPath",
      ...(trace !== undefined ? { trace } : record.traceHeader !== undefined ? { traceHeader: record.traceHeader } : {}),
      onCheckpoint: durable
        ? (checkpoint) => {
            record.checkpoint = checkpoint;
            registry.queueExecution(record);
          }
        : undefined,
    },
    definition,
    {
      resume: redrive
        ? (record.redrivePoint ?? { next: definition.StartAt, input, variables: {} })
        : resume
          ? (record.checkpoint ?? { next: definition.StartAt, input, variables: {} })
          : undefined,
      redrive,
      timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      timeoutFrom: record.redriveDate ?? record.startDate,
      timers: registry.executionTimers,
    },
  );
  if (express) express.running = { handle, history };
  else registry.running.set(record.arn, { handle, history });
  return handle.done.then((outcome) => {
    trace?.close(executionOutcome(outcome));
    // AWS keeps no record of an Express execution once it has ended.
    if (express) registry.express.remove(express);
    else registry.running.delete(record.arn);
    if (outcome.status === "SUSPENDED") return outcome;
    record.status = outcome.status;
    record.stopDate = registry.clock.now();
    // A failed execution keeps where it stopped: RedriveExecution starts there again.
    record.redrivePoint = outcome.status === "SUCCEEDED" ? undefined : (record.checkpoint ?? { next: definition.StartAt, input, variables: {} });
    record.checkpoint = undefined;
    if (outcome.status === "SUCCEEDED") record.output = toJsonText(outcome.output as Json);
    if (outcome.status === "FAILED" || outcome.status === "ABORTED") {
      if (outcome.error !== undefined) record.error = outcome.error;
      if (outcome.cause !== undefined) record.cause = outcome.cause;
    }
    if (durable) {
      registry.queueExecution(record);
      sendStatusChange(registry, record, record.stopDate);
    }
    return outcome;
  });
}

/** The CloudWatch Logs listener of an execution whose state machine (or version) logs events. */
function executionLoggerOf(registry: Registry, record: ExecutionRecord): HistoryListener | undefined {
  const source = record.stateMachineVersionArn !== undefined ? registry.state.versions.get(record.stateMachineVersionArn) : registry.state.machines.get(record.stateMachineArn);
  return executionLogger(registry.executionLogs, source?.loggingConfiguration, {
    arn: record.arn,
    machineName: record.stateMachineName,
    redriveCount: record.redriveCount ?? 0,
  });
}
