/**
 * arn:aws:states:::states:startExecution (+ .sync, .sync:2): a Task that starts another
 * state machine's execution on this same engine. Results use the SDK v1 shapes
 * (ExecutionArn, SDK metadata, StartDate in epoch ms); a child that does not succeed fails a .sync
 * task with States.TaskFailed and the child's description as cause.
 */
import { isAwsError, uuid } from "@sam-sandbox/core";
import { isObject, parseJsonText, type Json, type JsonObject } from "../asl/json.js";
import { TaskError, type TaskCall, type TaskRunner } from "../asl/ports.js";
import type { Registry } from "../api/registry.js";
import { startExecution } from "../api/executions.js";
import { optimizedError } from "./errors.js";
import { httpDate, sdkMetadata } from "./metadata.js";

export class NestedExecutionRunner implements TaskRunner {
  /** Set once the registry exists (the registry needs this runner first). */
  registry: Registry | undefined;

  constructor(private readonly inner: TaskRunner) {}

  run(call: TaskCall): Promise<Json> {
    const r = call.resource;
    if (r.kind === "service" && !r.sdk && r.service === "states" && r.action === "startExecution" && this.registry) {
      return this.start(this.registry, call);
    }
    return this.inner.run(call);
  }

  private async start(registry: Registry, call: TaskCall): Promise<Json> {
    const p: JsonObject = isObject(call.parameters) ? call.parameters : {};
    // A null Input is left out of the request, so the child starts on "{}" (test_start_execution_sync_delegate_failure, AWS-recorded).
    const input = p.Input === undefined || p.Input === null ? "{}" : typeof p.Input === "string" ? p.Input : JSON.stringify(p.Input);
    let started: Record<string, unknown>;
    try {
      started = await startExecution(registry, { stateMachineArn: p.StateMachineArn, input, ...(typeof p.Name === "string" ? { name: p.Name } : {}) });
    } catch (error) {
      if (isAwsError(error)) throw optimizedError("states", error);
      throw error;
    }
    const arn = started.executionArn as string;
    const record = registry.execution(arn);
    if (call.resource.kind !== "service" || call.resource.pattern === "request-response" || record === undefined) {
      return requestResponse(arn, started, registry.clock.now());
    }
    call.submitted?.(requestResponse(arn, started, registry.clock.now()));
    await registry.runningExecution(arn)?.handle.done;
    const parsed = call.resource.pattern === "sync:2";
    // DescribeExecution's members in alphabetical order, as the SDK v1 result is written (test_callback, AWS-recorded).
    const envelope: JsonObject = {};
    if (record.cause !== undefined) envelope.Cause = record.cause;
    if (record.error !== undefined) envelope.Error = record.error;
    envelope.ExecutionArn = record.arn;
    envelope.Input = parsed ? (parseJsonText(record.input) ?? null) : record.input;
    envelope.InputDetails = { Included: true };
    envelope.Name = record.name;
    if (record.output !== undefined) {
      envelope.Output = parsed ? (parseJsonText(record.output) ?? null) : record.output;
      envelope.OutputDetails = { Included: true };
    }
    envelope.StartDate = record.startDate;
    envelope.StateMachineArn = record.stateMachineArn;
    envelope.Status = record.status;
    envelope.StopDate = record.stopDate ?? record.startDate;
    if (record.status !== "SUCCEEDED") throw new TaskError("States.TaskFailed", JSON.stringify(envelope));
    return envelope;
  }
}

/** StartExecution's answer with the SDK v1 metadata AWS adds (test_start_execution, recorded: a lowercase "connection" header). */
function requestResponse(arn: string, started: Record<string, unknown>, nowMs: number): JsonObject {
  const requestId = uuid();
  const headers = {
    "x-amzn-RequestId": requestId,
    connection: "keep-alive",
    "Content-Length": String(Buffer.byteLength(JSON.stringify(started), "utf8")),
    Date: httpDate(nowMs),
    "Content-Type": "application/x-amz-json-1.0",
  };
  return { ExecutionArn: arn, ...sdkMetadata(requestId, headers), StartDate: Math.round((started.startDate as number) * 1000) };
}
