/**
 * arn:aws:states:::events:putEvents ("Add EventBridge events with Step Functions"): a Detail
 * given as JSON is sent as its text, the state machine's and the execution's ARNs are appended
 * to each entry's Resources, and a non-zero FailedEntryCount fails the task with
 * EventBridge.FailedEntry, whose cause is PutEvents' answer (test_put_events_no_source,
 * recorded on AWS by localstack).
 */
import type { AwsDispatcher } from "@sam-sandbox/core";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { TaskError } from "../asl/ports.js";
import { optimizedError } from "./errors.js";

/** The error name of a PutEvents answer with failed entries (connect-eventbridge.html). */
export const FAILED_ENTRY_ERROR = "EventBridge.FailedEntry";

/** "arn:aws:states:r:a:execution:Machine:run" (or express:Machine:run:id) → "arn:aws:states:r:a:stateMachine:Machine". */
export function stateMachineArnOf(executionArn: string): string {
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):(?:execution|express):([^:]+):/.exec(executionArn);
  return match ? `${match[1]}:stateMachine:${match[2]}` : executionArn;
}

function entryFor(entry: Json, stateMachineArn: string, executionArn: string): Json {
  if (!isObject(entry)) return entry;
  const out: JsonObject = { ...entry };
  if (out.Detail !== undefined && typeof out.Detail !== "string") out.Detail = JSON.stringify(out.Detail);
  const resources = Array.isArray(out.Resources) ? out.Resources : [];
  out.Resources = [...resources, stateMachineArn, executionArn];
  return out;
}

export async function eventsPutEvents(dispatcher: AwsDispatcher, parameters: Json, executionArn: string, traceHeader?: string): Promise<Json> {
  const input: JsonObject = isObject(parameters) ? { ...parameters } : {};
  const stateMachineArn = stateMachineArnOf(executionArn);
  if (Array.isArray(input.Entries)) input.Entries = input.Entries.map((entry) => entryFor(entry, stateMachineArn, executionArn));
  let response: Record<string, unknown>;
  try {
    response = await dispatcher.call("events", "PutEvents", input, { traceHeader });
  } catch (error) {
    throw optimizedError("events", error);
  }
  // The optimized integration answers with PutEvents' members only (no SdkHttpMetadata).
  const output: JsonObject = { Entries: (response.Entries ?? []) as Json, FailedEntryCount: (response.FailedEntryCount ?? 0) as Json };
  if (typeof output.FailedEntryCount === "number" && output.FailedEntryCount > 0) throw new TaskError(FAILED_ENTRY_ERROR, JSON.stringify(output));
  return output;
}
