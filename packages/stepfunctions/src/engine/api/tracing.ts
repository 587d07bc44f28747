/**
 * X-Ray for Step Functions: an execution of a state machine with TracingConfiguration
 * enabled, or one started with a sampled X-Amzn-Trace-Id, records a segment named after the
 * state machine (origin AWS::StepFunctions::StateMachine); each Task state adds a subsegment
 * whose header its Lambda invocation or service call carries. A caller's Sampled=0 stays
 * unsampled. Executions resumed after a restart are not traced (their segment was lost).
 */
import { parseTraceHeader, type CloseSegmentOptions, type SegmentHandle } from "@sam-sandbox/core";
import { isObject } from "../asl/json.js";
import type { ExecutionOutcome } from "../asl/run.js";
import type { Registry } from "./registry.js";
import type { ExecutionRecord } from "./state.js";

export function executionSegment(registry: Registry, record: ExecutionRecord): SegmentHandle | undefined {
  const tracer = registry.tracer;
  if (!tracer.enabled) return undefined;
  const configuration = registry.state.machines.get(record.stateMachineArn)?.tracingConfiguration;
  const active = isObject(configuration) && configuration.enabled === true;
  const sampled = parseTraceHeader(record.traceHeader)?.sampled;
  if (sampled === false || (!active && sampled !== true)) return undefined;
  return tracer.startSegment({
    name: record.stateMachineName,
    origin: "AWS::StepFunctions::StateMachine",
    traceHeader: record.traceHeader,
    startTime: record.startDate,
    aws: { execution_arn: record.arn, state_machine_arn: record.stateMachineArn, region: registry.region },
    resourceArn: record.arn,
  });
}

/** How an execution's segment ends: a failed, timed-out or aborted execution is an error. */
export function executionOutcome(outcome: ExecutionOutcome): CloseSegmentOptions {
  switch (outcome.status) {
    case "SUCCEEDED":
    case "SUSPENDED":
      return {};
    case "TIMED_OUT":
      return { error: true, cause: { message: "Execution timed out", type: "States.Timeout" } };
    case "FAILED":
    case "ABORTED":
      return { error: true, cause: { message: outcome.cause ?? outcome.status, type: outcome.error ?? outcome.status } };
  }
}
