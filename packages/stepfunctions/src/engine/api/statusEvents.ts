/**
 * The "Step Functions Execution Status Change" events Standard executions send to EventBridge's
 * default bus ("Automating Step Functions event delivery with EventBridge"): one when an execution
 * starts (or is redriven) RUNNING, one when it ends SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
 * Express executions send none. The detail's members, their order and their nulls follow
 * LocalStack's AWS-recorded test_base test_event_bridge_events_base.
 */
import { MAX_STATUS_EVENT_PAYLOAD_BYTES } from "../../limits.js";
import type { Registry } from "./registry.js";
import { redriveState, type RedriveState } from "./redriveStatus.js";
import type { ExecutionRecord } from "./state.js";

/** A PutEvents entry, as EventBridge's API takes it (sent to the default bus). */
export interface StatusChangeEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  Resources: string[];
  Time: Date;
}

/** EventBridge's default bus, wired by packages/sandbox (DESIGN.md rule 1). */
export interface ExecutionEventBus {
  /**
   * Whether an enabled rule of the default bus could match an event of source "aws.states":
   * asked before each event, which is not even built when no rule could take it.
   */
  listening(): boolean;
  putEvents(entries: StatusChangeEntry[]): Promise<void>;
}

export const STATUS_CHANGE_SOURCE = "aws.states";
export const STATUS_CHANGE_DETAIL_TYPE = "Step Functions Execution Status Change";

/** JSON.stringify's length: the "escaped" size the 248 KB cut is measured on. */
function escapedBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text));
}

/**
 * The event's detail. Dates are epoch milliseconds; a member with no value is null, never absent.
 * Past 248 KB the output, then the input, is left out and its *Details says included: false
 * ("EventBridge payloads").
 */
export function statusChangeDetail(e: ExecutionRecord, redrive: RedriveState): Record<string, unknown> {
  const output = e.status === "SUCCEEDED" && e.output !== undefined ? e.output : undefined;
  const outputBytes = output === undefined ? 0 : escapedBytes(output);
  const outputIncluded = output !== undefined && outputBytes <= MAX_STATUS_EVENT_PAYLOAD_BYTES;
  const inputIncluded = escapedBytes(e.input) + (outputIncluded ? outputBytes : 0) <= MAX_STATUS_EVENT_PAYLOAD_BYTES;
  return {
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate,
    stopDate: e.stopDate ?? null,
    input: inputIncluded ? e.input : null,
    output: outputIncluded ? output : null,
    stateMachineVersionArn: e.stateMachineVersionArn ?? null,
    stateMachineAliasArn: e.stateMachineAliasArn ?? null,
    redriveCount: e.redriveCount ?? 0,
    redriveDate: e.redriveDate ?? null,
    redriveStatus: redrive.redriveStatus,
    redriveStatusReason: redrive.redriveStatusReason ?? null,
    inputDetails: { included: inputIncluded },
    outputDetails: output === undefined ? null : { included: outputIncluded },
    error: e.error ?? null,
    cause: e.cause ?? null,
  };
}

/** The PutEvents entry of the execution's current status; `time` is when the status changed. */
export function statusChangeEntry(e: ExecutionRecord, redrive: RedriveState, time: number): StatusChangeEntry {
  return {
    Source: STATUS_CHANGE_SOURCE,
    DetailType: STATUS_CHANGE_DETAIL_TYPE,
    Detail: JSON.stringify(statusChangeDetail(e, redrive)),
    Resources: [e.arn],
    Time: new Date(time),
  };
}

/**
 * Sends a Standard execution's status change to the default bus, when a rule there could take it
 * (no bus or no such rule: nothing is built). A failed send is logged: the execution goes on.
 */
export function sendStatusChange(registry: Registry, e: ExecutionRecord, time: number): void {
  const bus = registry.eventBus;
  if (bus === undefined || e.type !== "STANDARD") return;
  const failed = (error: unknown) => registry.logger.warn(`Step Functions: could not send the ${e.status} event of ${e.arn} to EventBridge: ${String(error)}`);
  // A bus that throws at once must not fail StartExecution, nor the end of a run nobody awaits.
  try {
    if (!bus.listening()) return;
    bus.putEvents([statusChangeEntry(e, redriveState(registry, e), time)]).catch(failed);
  } catch (error) {
    failed(error);
  }
}
