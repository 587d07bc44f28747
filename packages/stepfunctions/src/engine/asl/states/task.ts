/**
 * Task ("Task workflow state"): calls a resource through the TaskRunner port and records
 * AWS's events: TaskScheduled/TaskStarted/TaskSucceeded|TaskFailed|TaskTimedOut for
 * service integrations (TaskSubmitted for .waitForTaskToken), LambdaFunction* for a
 * Lambda function ARN.
 */
import type { CloseSegmentOptions } from "@sam-sandbox/core";
import { isObject, toJsonText, type Json } from "../json.js";
import type { StateOutcome, StateRun } from "../execution.js";
import { pathSources } from "../execution.js";
import { Cancelled, StatesErrors, StatesFailure, runtimeError, queryError } from "../failure.js";
import { evaluatePath } from "../jsonpath.js";
import { resolvePayload } from "../payload.js";
import { parseResource, TaskError, type ParsedResource } from "../ports.js";
import { inspect, inputPath, readingInput, jsonPathAssign, jsonataAssign, jsonataField, jsonataOutput, outputPath, parameters, resultPath, resultSelector } from "../io.js";
import { withRetryAndCatch } from "../retry.js";
import { nextOf } from "./flow.js";
import { runActivity } from "./activity.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS, MAX_PAYLOAD_BYTES } from "../../../limits.js";

export async function runTask(run: StateRun): Promise<StateOutcome> {
  const resource = parseResource(run.def.Resource ?? "");
  if (resource === undefined) throw runtimeError(`The resource provided ${run.def.Resource ?? ""} is not recognized.`);
  return withRetryAndCatch(run, () => attempt(run, resource));
}

interface Timing {
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

/**
 * The role a Task's Credentials name, resolved as its Parameters or Arguments are: AWS lists it as
 * taskCredentials in TaskScheduled and LambdaFunctionScheduled (LocalStack's AWS-recorded test_credentials_base).
 */
async function credentialsRole(run: StateRun, effective: Json): Promise<string | undefined> {
  const template = run.def.Credentials;
  if (template === undefined) return undefined;
  const resolved =
    run.language === "JSONata"
      ? await jsonataField(run, template, "Credentials")
      : readingInput(() => resolvePayload(template, pathSources(run, effective), run.frame.env.random));
  const role = isObject(resolved) ? resolved.RoleArn : undefined;
  return typeof role === "string" ? role : undefined;
}

async function seconds(run: StateRun, field: "TimeoutSeconds" | "HeartbeatSeconds", effective: Json): Promise<number | undefined> {
  const def = run.def;
  const literal = def[field];
  if (typeof literal === "number") return literal;
  if (typeof literal === "string") {
    const value = await jsonataField(run, literal, field);
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw queryError(`The value for the field '${field}' must be a positive integer, but was '${JSON.stringify(value)}'`, field);
    }
    return value;
  }
  const path = def[`${field}Path`];
  if (path === undefined) return undefined;
  const result = evaluatePath(path, pathSources(run, effective));
  if (!result.found || typeof result.value !== "number" || !Number.isInteger(result.value) || result.value <= 0) {
    throw runtimeError(`The ${field}Path parameter does not reference a valid positive integer: ${path}`);
  }
  return result.value;
}

async function attempt(run: StateRun, resource: ParsedResource): Promise<StateOutcome> {
  const def = run.def;
  const raw = run.rawInput;
  run.taskToken = resource.kind === "service" && resource.pattern === "waitForTaskToken" ? run.frame.env.tokens.create() : undefined;
  let params: Json;
  let effective: Json = raw;
  if (run.language === "JSONata") {
    params = inspect(run, "afterArguments", def.Arguments !== undefined ? await jsonataField(run, def.Arguments, "Arguments") : raw);
  } else {
    effective = inputPath(run, raw);
    params = parameters(run, effective);
  }
  const timing: Timing = {
    timeoutSeconds: await seconds(run, "TimeoutSeconds", effective),
    heartbeatSeconds: await seconds(run, "HeartbeatSeconds", effective),
  };
  const roleArn = await credentialsRole(run, effective);
  const result = await invoke(run, resource, params, timing, roleArn);
  if (run.language === "JSONata") {
    inspect(run, "result", result);
    const extra = { result };
    const assigned = await jsonataAssign(run, def.Assign, extra);
    const output = await jsonataOutput(run, def.Output, extra, result);
    return { output, next: nextOf(def), assigned };
  }
  const assigned = jsonPathAssign(run, def.Assign, result);
  return { output: outputPath(run, inspect(run, "afterResultPath", resultPath(run, raw, resultSelector(run, result)))), next: nextOf(def), assigned };
}

/** The label AWS puts in a States.DataLimitExceeded cause. */
function resourceLabel(resource: ParsedResource): string {
  return resource.kind === "service" ? resource.resourceType : resource.arn;
}

/** A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no byte count. */
export function withinPayloadLimit(text: string): boolean {
  return text.length * 3 <= MAX_PAYLOAD_BYTES || Buffer.byteLength(text, "utf8") <= MAX_PAYLOAD_BYTES;
}

/** Everything that can end a call: its result, its error, a timeout. */
type Ending = { kind: "result"; value: Json } | { kind: "error"; error: string; cause: string | undefined } | { kind: "timeout"; heartbeat: boolean };

function ending(error: unknown): Ending {
  if (error instanceof TaskError) return { kind: "error", error: error.error, cause: error.cause };
  if (error instanceof StatesFailure) return { kind: "error", error: error.error, cause: error.cause };
  return { kind: "error", error: StatesErrors.TaskFailed, cause: error instanceof Error ? error.message : String(error) };
}

async function invoke(run: StateRun, resource: ParsedResource, params: Json, timing: Timing, roleArn: string | undefined): Promise<Json> {
  const env = run.frame.env;
  const history = env.history;
  const chain = run.frame.chain;
  const timeoutSeconds = timing.timeoutSeconds;
  const service = resource.kind === "service" ? { resourceType: resource.resourceType, resource: resource.resource } : undefined;

  if (resource.kind === "activity") return runActivity(run, resource.arn, params, timing);
  // An execution whose history nobody reads (Express) gets the event ids without their details.
  const recording = history.recording;
  if (service) {
    const scheduled: Record<string, Json> | undefined = recording ? { ...service, region: env.region, parameters: toJsonText(params) } : undefined;
    // AWS lists the timeouts the state sets, resolved (TimeoutSecondsPath, JSONata expressions).
    if (scheduled !== undefined && timing.timeoutSeconds !== undefined) scheduled.timeoutInSeconds = timing.timeoutSeconds;
    if (scheduled !== undefined && timing.heartbeatSeconds !== undefined) scheduled.heartbeatInSeconds = timing.heartbeatSeconds;
    if (scheduled !== undefined && roleArn !== undefined) scheduled.taskCredentials = { roleArn };
    history.emit(chain, "TaskScheduled", "taskScheduledEventDetails", scheduled);
    history.emit(chain, "TaskStarted", "taskStartedEventDetails", recording ? { ...service } : undefined);
  } else {
    const scheduled: Record<string, Json> | undefined = recording ? { resource: resource.arn, input: toJsonText(params), inputDetails: { truncated: false } } : undefined;
    if (scheduled !== undefined && timing.timeoutSeconds !== undefined) scheduled.timeoutInSeconds = timing.timeoutSeconds;
    if (scheduled !== undefined && roleArn !== undefined) scheduled.taskCredentials = { roleArn };
    history.emit(chain, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled);
    history.emit(chain, "LambdaFunctionStarted");
  }

  // A traced execution records each Task state's call as a subsegment; its header goes with the call.
  const traced = env.trace?.addSubsegment({ name: run.name, aws: { resource: resource.arn } });
  let end: Ending;
  try {
    end = await callWithTimeouts(run, resource, params, timeoutSeconds, timing.heartbeatSeconds, traced?.header() ?? env.traceHeader);
  } catch (error) {
    traced?.close({ fault: true });
    throw error;
  }
  traced?.close(taskOutcome(end));

  if (end.kind === "result") {
    // One JSON text serves the size check and the event.
    const output = toJsonText(end.value);
    if (!withinPayloadLimit(output)) {
      return fail(run, resource, {
        kind: "error",
        error: StatesErrors.DataLimitExceeded,
        cause: `The state/task '${resourceLabel(resource)}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      });
    }
    if (service) {
      history.emit(chain, "TaskSucceeded", "taskSucceededEventDetails", recording ? { ...service, output, outputDetails: { truncated: false } } : undefined);
    } else {
      history.emit(chain, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", recording ? { output, outputDetails: { truncated: false } } : undefined);
    }
    return end.value;
  }
  return fail(run, resource, end);
}

function fail(run: StateRun, resource: ParsedResource, end: Exclude<Ending, { kind: "result" }>): never {
  const history = run.frame.env.history;
  const chain = run.frame.chain;
  const service = resource.kind === "service" ? { resourceType: resource.resourceType, resource: resource.resource } : undefined;
  if (end.kind === "timeout") {
    // AWS names States.Timeout in the event for both clocks; a Catch on States.HeartbeatTimeout still matches a heartbeat expiry.
    const details: Record<string, Json> = { error: StatesErrors.Timeout };
    if (service) history.emit(chain, "TaskTimedOut", "taskTimedOutEventDetails", { ...service, ...details });
    else history.emit(chain, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", details);
    throw new StatesFailure(end.heartbeat ? StatesErrors.HeartbeatTimeout : StatesErrors.Timeout, undefined, "task", { located: true });
  }
  const details: Record<string, Json> = {};
  if (end.error !== "") details.error = end.error;
  if (end.cause !== undefined) details.cause = end.cause;
  if (service) history.emit(chain, "TaskFailed", "taskFailedEventDetails", { ...service, ...details });
  else history.emit(chain, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", details);
  throw new StatesFailure(end.error, end.cause, "task", { located: true });
}

/** How a Task state's subsegment ends. */
function taskOutcome(end: Ending): CloseSegmentOptions {
  if (end.kind === "result") return {};
  if (end.kind === "timeout") return { error: true, cause: { message: "Task timed out", type: StatesErrors.Timeout } };
  return { error: true, cause: { message: end.cause ?? "", type: end.error } };
}

/** A service task's request answered: a callback (.waitForTaskToken) or a job (.sync) now runs. */
function taskSubmitted(run: StateRun, service: { resourceType: string; resource: string }, output: Json): void {
  run.frame.env.history.emit(run.frame.chain, "TaskSubmitted", "taskSubmittedEventDetails", {
    resourceType: service.resourceType,
    resource: service.resource,
    output: toJsonText(output),
    outputDetails: { truncated: false },
  });
}

/** Calls the runner (and waits for the task token), bounded by TimeoutSeconds and HeartbeatSeconds. */
function callWithTimeouts(
  run: StateRun,
  resource: ParsedResource,
  params: Json,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
  traceHeader: string | undefined,
): Promise<Ending> {
  const env = run.frame.env;
  const clock = env.deadlines ?? env.clock;
  const token = run.taskToken;
  if (run.frame.cancel.cancelled) return Promise.reject(new Cancelled());
  return new Promise<Ending>((resolve, reject) => {
    let settled = false;
    const timers: { cancel(): void }[] = [];
    let heartbeat: { cancel(): void } | undefined;
    let releaseToken = () => {};
    const finish = (value: Ending | Error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) t.cancel();
      heartbeat?.cancel();
      releaseToken();
      offCancel?.();
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    let offCancel: (() => void) | undefined;
    offCancel = run.frame.cancel.onCancel(() => finish(new Cancelled()));
    // Without TimeoutSeconds a task waits (AWS: 99999999 s); no timer is armed for that.
    if (timeoutSeconds !== undefined) timers.push(clock.setTimeout(() => finish({ kind: "timeout", heartbeat: false }), timeoutSeconds * 1000));
    const armHeartbeat = () => {
      heartbeat?.cancel();
      if (heartbeatSeconds !== undefined) heartbeat = clock.setTimeout(() => finish({ kind: "timeout", heartbeat: true }), heartbeatSeconds * 1000);
    };

    let callback: Promise<Json> | undefined;
    if (token !== undefined) {
      const waiting = env.tokens.wait(token, armHeartbeat);
      releaseToken = waiting.release;
      callback = waiting.promise;
      callback.then(
        (value) => finish({ kind: "result", value }),
        (error: unknown) => finish(ending(error)),
      );
    }
    // A .sync job's request answer goes to TaskSubmitted before the job ends (test_callback test_start_execution_sync, AWS-recorded).
    const submitted =
      resource.kind === "service" && (resource.pattern === "sync" || resource.pattern === "sync:2")
        ? (value: Json) => {
            if (!settled) taskSubmitted(run, resource, value);
          }
        : undefined;
    const call =
      resource.kind === "activity"
        ? Promise.reject(new TaskError(StatesErrors.Runtime, "Activities are not supported"))
        : env.tasks.run({
            resource,
            parameters: params,
            taskToken: token,
            region: env.region,
            accountId: env.accountId,
            executionArn: env.info.arn,
            stateName: run.name,
            credentials: run.def.Credentials,
            timeoutSeconds: timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS,
            ...(traceHeader !== undefined ? { traceHeader } : {}),
            submitted,
          });
    call.then(
      (value) => {
        if (callback === undefined) {
          finish({ kind: "result", value });
        } else if (!settled && resource.kind === "service") {
          taskSubmitted(run, resource, value);
          armHeartbeat();
        }
      },
      (error: unknown) => finish(ending(error)),
    );
  });
}
