/**
 * Execution actions: StartExecution, StartSyncExecution, DescribeExecution,
 * ListExecutions, StopExecution, GetExecutionHistory, DescribeStateMachineForExecution.
 */
import { uuid } from "@sam-sandbox/core";
import { isObject, type Json } from "../asl/json.js";
import type { HistoryEvent } from "../asl/history.js";
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExpressArnNotValid,
  SfnValidationException,
  StateMachineDoesNotExist,
  StateMachineTypeNotSupported,
} from "../../errors.js";
import { DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { ExecutionRecord } from "./state.js";
import { checkExecutionArn, checkName, decodeToken, encodeToken, isMapRunChildArn, parseStateMachineArn } from "./names.js";
import { seconds } from "./machines.js";
import { withVariableReferences } from "../definition/variableReferences.js";
import { launch } from "./launch.js";
import { checkExecutionInput, resolveRunnable, type Runnable } from "./targets.js";
import { redriveFields } from "./redriveStatus.js";
import { listMapRunExecutions } from "./mapRuns.js";

type Input = Record<string, unknown>;

function requireExecution(registry: Registry, arn: string): ExecutionRecord {
  checkExecutionArn(arn);
  const execution = registry.execution(arn);
  if (!execution) throw new ExecutionDoesNotExist(arn);
  return execution;
}

/** A new execution's record, and its input parsed (launch() runs it without parsing it again). */
function newExecution(registry: Registry, target: Runnable, input: Input): { record: ExecutionRecord; parsedInput: Json } {
  const machine = target.machine;
  const given = input.name as string | undefined;
  // A name the sandbox makes (a UUID) needs no check.
  if (given !== undefined) checkName(given);
  const name = given ?? uuid();
  const text = (input.input as string | undefined) ?? "{}";
  const parsedInput = checkExecutionInput(text);
  const arn = target.type === "EXPRESS" ? registry.arn("express", `${machine.name}:${name}:${uuid()}`) : registry.arn("execution", `${machine.name}:${name}`);
  const record: ExecutionRecord = {
    arn,
    stateMachineArn: machine.arn,
    name,
    status: "RUNNING",
    startDate: registry.clock.now(),
    input: text,
    roleArn: target.roleArn,
    type: target.type,
    definition: target.definition,
    stateMachineName: machine.name,
  };
  if (target.updateDate !== undefined) record.updateDate = target.updateDate;
  if (target.revisionId !== undefined) record.revisionId = target.revisionId;
  if (target.versionArn !== undefined) record.stateMachineVersionArn = target.versionArn;
  if (target.aliasArn !== undefined) record.stateMachineAliasArn = target.aliasArn;
  if (typeof input.traceHeader === "string" && input.traceHeader !== "") record.traceHeader = input.traceHeader;
  return { record, parsedInput };
}

/** "<stateMachineArn>#<TestCase>" selects a test case of the mock configuration. */
function splitTestCase(arn: string): { arn: string; testCase?: string } {
  const hash = arn.indexOf("#");
  if (hash < 0) return { arn };
  const testCase = arn.slice(hash + 1);
  return testCase === "" ? { arn: arn.slice(0, hash) } : { arn: arn.slice(0, hash), testCase };
}

function mock(registry: Registry, record: ExecutionRecord, testCase: string | undefined): void {
  if (testCase === undefined || registry.mocks === undefined) return;
  registry.mocks.register(record.arn, record.stateMachineName, testCase);
}

export async function startExecution(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const target = splitTestCase(input.stateMachineArn as string);
  const { record, parsedInput } = newExecution(registry, resolveRunnable(registry, target.arn), input);
  const existing = registry.state.executions.get(record.arn);
  if (existing) {
    // Idempotent while running with the same input; otherwise the name is taken.
    if (existing.status === "RUNNING" && existing.input === record.input) return { executionArn: existing.arn, startDate: seconds(existing.startDate) };
    throw new ExecutionAlreadyExists(record.arn);
  }
  mock(registry, record, target.testCase);
  if (record.type === "STANDARD") {
    registry.state.executions.set(record.arn, record);
    await registry.commit({ t: "execution", execution: { ...record } });
  }
  void launch(registry, record, { input: parsedInput, async: true }).then(() => registry.mocks?.release(record.arn));
  return { executionArn: record.arn, startDate: seconds(record.startDate) };
}

/** The fields of a finished (or running) execution's outcome, added to `out` (a new object by default). */
function outcomeFields(e: ExecutionRecord, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (e.stopDate !== undefined) out.stopDate = seconds(e.stopDate);
  out.input = e.input;
  out.inputDetails = { included: true };
  if (e.output !== undefined) {
    out.output = e.output;
    out.outputDetails = { included: true };
  }
  if (e.error !== undefined) out.error = e.error;
  if (e.cause !== undefined) out.cause = e.cause;
  return out;
}

export async function startSyncExecution(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const target = splitTestCase(input.stateMachineArn as string);
  const runnable = resolveRunnable(registry, target.arn);
  if (runnable.type !== "EXPRESS") throw new StateMachineTypeNotSupported();
  const { record, parsedInput } = newExecution(registry, runnable, input);
  mock(registry, record, target.testCase);
  await launch(registry, record, { input: parsedInput });
  registry.mocks?.release(record.arn);
  const duration = (record.stopDate ?? record.startDate) - record.startDate;
  // Filled in place rather than spread: the answer to every StartSyncExecution.
  const out = outcomeFields(record, {
    executionArn: record.arn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    startDate: seconds(record.startDate),
    status: record.status,
  });
  // StartSyncExecution answers outputDetails even for a failed execution, which has no output (test_express_sync BASE_RAISE_FAILURE).
  out.outputDetails ??= { included: true };
  out.billingDetails = { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(duration / 100) * 100) };
  return out;
}

/**
 * DescribeExecution and DescribeStateMachineForExecution refuse an Express execution's ARN
 * (AWS keeps no record of them), except the child executions a Map Run dispatched, whose
 * ARNs name "<machine>/<Map state label>".
 */
function requireDescribable(registry: Registry, arn: string): ExecutionRecord {
  refuseExpressArn(arn);
  return requireExecution(registry, arn);
}

/** By the ARN alone: AWS refuses an Express execution's ARN whether or not it ran. */
function refuseExpressArn(arn: string): void {
  if (arn.split(":")[5] === "express" && !isMapRunChildArn(arn)) throw new ExpressArnNotValid();
}

export function describeExecution(registry: Registry, input: Input): Record<string, unknown> {
  const e = requireDescribable(registry, input.executionArn as string);
  const out: Record<string, unknown> = {
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    ...outcomeFields(e),
    ...redriveFields(registry, e),
  };
  if (e.stateMachineVersionArn !== undefined) out.stateMachineVersionArn = e.stateMachineVersionArn;
  if (e.stateMachineAliasArn !== undefined) out.stateMachineAliasArn = e.stateMachineAliasArn;
  return out;
}

export function listExecutions(registry: Registry, input: Input): Record<string, unknown> {
  if (input.stateMachineArn === undefined) {
    if (input.mapRunArn === undefined) throw new SfnValidationException("1 validation error detected: Must provide a StateMachine ARN or MapRun ARN");
    return listMapRunExecutions(registry, input.mapRunArn as string);
  }
  const arn = input.stateMachineArn as string;
  const target = parseStateMachineArn(arn);
  // A version or alias ARN lists the executions started on it; the machine's ARN lists them all.
  const known =
    target.kind === "machine" ? registry.state.machines.has(arn) : target.kind === "version" ? registry.state.versions.has(arn) : registry.state.aliases.has(arn);
  if (!known) throw new StateMachineDoesNotExist(arn);
  // AWS keeps no list of Express executions: ListExecutions refuses such a machine (recorded
  // with the AWS CLI: "StateMachineTypeNotSupported: This operation is not supported by this
  // type of state machine"). Map Runs list theirs by mapRunArn, above.
  if (registry.state.machines.get(target.machineArn)?.type === "EXPRESS") throw new StateMachineTypeNotSupported();
  const matches = (e: ExecutionRecord): boolean =>
    target.kind === "machine" ? e.stateMachineArn === arn : target.kind === "version" ? e.stateMachineVersionArn === arn : e.stateMachineAliasArn === arn;
  const status = input.statusFilter as string | undefined;
  const all = [...registry.state.executions.values()]
    .filter((e) => matches(e) && (status === undefined || e.status === status))
    .sort((a, b) => b.startDate - a.startDate);
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const out: Record<string, unknown> = {
    executions: all.slice(offset, offset + size).map((e) => {
      const item: Record<string, unknown> = { executionArn: e.arn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: seconds(e.startDate) };
      if (e.stopDate !== undefined) item.stopDate = seconds(e.stopDate);
      if (e.stateMachineVersionArn !== undefined) item.stateMachineVersionArn = e.stateMachineVersionArn;
      if (e.stateMachineAliasArn !== undefined) item.stateMachineAliasArn = e.stateMachineAliasArn;
      // AWS lists redriveCount with every Standard execution (LocalStack's AWS-recorded test_list_executions_pagination).
      if (e.type === "STANDARD") item.redriveCount = e.redriveCount ?? 0;
      if (e.redriveDate !== undefined) item.redriveDate = seconds(e.redriveDate);
      return item;
    }),
  };
  if (offset + size < all.length) out.nextToken = encodeToken(offset + size);
  return out;
}

export async function stopExecution(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  // An Express execution cannot be stopped by ARN (test_sfn_api_express stop_execution_error).
  const e = requireDescribable(registry, input.executionArn as string);
  const running = registry.runningExecution(e.arn);
  if (running) {
    running.handle.stop(input.error as string | undefined, input.cause as string | undefined);
    await running.handle.done;
  }
  return { stopDate: seconds(e.stopDate ?? registry.clock.now()) };
}

const EXECUTION_DATA = new Set(["input", "inputDetails", "output", "outputDetails"]);

function wireEvent(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === "timestamp") out.timestamp = seconds(event.timestamp);
    else if (!includeData && isObject(value as Json)) {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, Json>).filter(([k]) => !EXECUTION_DATA.has(k)));
    } else out[key] = value;
  }
  return out;
}

export function getExecutionHistory(registry: Registry, input: Input): Record<string, unknown> {
  // Express executions keep no history (launch.ts records none).
  refuseExpressArn(input.executionArn as string);
  const e = requireExecution(registry, input.executionArn as string);
  const events = registry.state.histories.get(e.arn) ?? [];
  const ordered = input.reverseOrder === true ? [...events].reverse() : events;
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const includeData = input.includeExecutionData !== false;
  const out: Record<string, unknown> = { events: ordered.slice(offset, offset + size).map((ev) => wireEvent(ev, includeData)) };
  if (offset + size < ordered.length) out.nextToken = encodeToken(offset + size);
  return out;
}

export function describeStateMachineForExecution(registry: Registry, input: Input): Record<string, unknown> {
  const e = requireDescribable(registry, input.executionArn as string);
  const machine = registry.state.machines.get(e.stateMachineArn);
  const out: Record<string, unknown> = {
    stateMachineArn: e.stateMachineArn,
    name: e.stateMachineName,
    definition: e.definition,
    roleArn: e.roleArn,
    updateDate: seconds(e.updateDate ?? machine?.creationDate ?? e.startDate),
    loggingConfiguration: machine?.loggingConfiguration ?? { level: "OFF", includeExecutionData: false },
    tracingConfiguration: machine?.tracingConfiguration ?? { enabled: false },
  };
  if (e.revisionId !== undefined) out.revisionId = e.revisionId;
  withVariableReferences(out, e.definition);
  return out;
}

const TERMINAL_EVENTS: Record<string, ExecutionRecord["status"]> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionAborted: "ABORTED",
  ExecutionTimedOut: "TIMED_OUT",
};

/** After a restart: every Standard execution still RUNNING resumes from its checkpoint. */
export function resumeExecutions(registry: Registry): void {
  for (const record of registry.state.executions.values()) {
    if (record.status !== "RUNNING" || record.type !== "STANDARD") continue;
    const last = registry.state.histories.get(record.arn)?.at(-1);
    const status = last ? TERMINAL_EVENTS[last.type] : undefined;
    if (last && status) {
      // The execution ended but its record was not stored before the stop: the history tells.
      const details = (Object.entries(last).find(([k]) => k.endsWith("EventDetails"))?.[1] ?? {}) as Record<string, string>;
      record.status = status;
      record.stopDate = last.timestamp;
      if (status === "SUCCEEDED") record.output = details.output;
      else {
        if (details.error !== undefined) record.error = details.error;
        if (details.cause !== undefined) record.cause = details.cause;
      }
      registry.queueExecution(record);
      continue;
    }
    void launch(registry, record);
  }
}
