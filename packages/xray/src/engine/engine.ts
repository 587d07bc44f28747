/**
 * The X-Ray API's behaviour, one method per AWS action (each action's logic in its own
 * file). Inputs arrive already checked against the model by the wire.
 */
import { arn, type Clock } from "@sam-sandbox/core";
import { batchGetTraces, type BatchGetTracesInput } from "./batchGetTraces.js";
import { getServiceGraph, getTraceGraph, type GetServiceGraphInput, type GetTraceGraphInput } from "./getServiceGraph.js";
import { getTraceSummaries, type GetTraceSummariesInput } from "./getTraceSummaries.js";
import { putTraceSegments, type PutTraceSegmentsInput } from "./putTraceSegments.js";
import type { TraceStore } from "./traceStore.js";

/** X-Ray's default sampling rule (X-Ray Developer Guide, "Configuring sampling rules"): 1 request a second, then 5 %. */
const DEFAULT_RULE = { Priority: 10000, FixedRate: 0.05, ReservoirSize: 1 };

export class XRayEngine {
  constructor(
    readonly traces: TraceStore,
    private readonly clock: Clock,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  putTraceSegments(input: Record<string, unknown>) {
    return putTraceSegments(this.traces, input as unknown as PutTraceSegmentsInput);
  }

  getTraceSummaries(input: Record<string, unknown>) {
    return getTraceSummaries(this.traces, this.clock.now(), input as unknown as GetTraceSummariesInput);
  }

  batchGetTraces(input: Record<string, unknown>) {
    return batchGetTraces(this.traces, input as unknown as BatchGetTracesInput);
  }

  getServiceGraph(input: Record<string, unknown>) {
    return getServiceGraph(this.traces, input as unknown as GetServiceGraphInput);
  }

  getTraceGraph(input: Record<string, unknown>) {
    return getTraceGraph(this.traces, input as unknown as GetTraceGraphInput);
  }

  /** The daemon reports its own health; nothing to keep. */
  putTelemetryRecords(): Record<string, unknown> {
    return {};
  }

  /** Segments go to X-Ray (not CloudWatch Logs) in the sandbox. */
  getTraceSegmentDestination(): Record<string, unknown> {
    return { Destination: "XRay", Status: "ACTIVE" };
  }

  getEncryptionConfig(): Record<string, unknown> {
    return { EncryptionConfig: { Type: "NONE", Status: "ACTIVE" } };
  }

  /** Only the Default rule (SDKs with centralized sampling poll this). */
  getSamplingRules(): Record<string, unknown> {
    return {
      SamplingRuleRecords: [
        {
          SamplingRule: {
            RuleName: "Default",
            RuleARN: arn({ service: "xray", region: this.region, account: this.accountId, resource: "sampling-rule/Default" }),
            ResourceARN: "*",
            ...DEFAULT_RULE,
            ServiceName: "*",
            ServiceType: "*",
            Host: "*",
            HTTPMethod: "*",
            URLPath: "*",
            Version: 1,
            Attributes: {},
          },
          CreatedAt: 0,
          ModifiedAt: 0,
        },
      ],
    };
  }
}
