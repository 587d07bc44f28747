/**
 * The X-Ray API's behaviour, one method per AWS action (each action's logic in its own
 * file). Inputs arrive already checked against the model by the wire.
 */
import type { Clock, DurableState } from "@sam-sandbox/core";
import { batchGetTraces, type BatchGetTracesInput } from "./batchGetTraces.js";
import type { ConfigRecord, ConfigState } from "./config.js";
import { getServiceGraph, getTraceGraph, type GetServiceGraphInput, type GetTraceGraphInput } from "./getServiceGraph.js";
import { getTimeSeriesServiceStatistics, type GetTimeSeriesServiceStatisticsInput } from "./getTimeSeriesServiceStatistics.js";
import { getTraceSummaries, type GetTraceSummariesInput } from "./getTraceSummaries.js";
import * as groups from "./groups.js";
import * as insights from "./insights.js";
import { putTraceSegments, type PutTraceSegmentsInput } from "./putTraceSegments.js";
import * as policies from "./resourcePolicies.js";
import { Sampling, type CreateSamplingRuleInput, type RuleRef, type UpdateSamplingRuleInput } from "./sampling.js";
import * as settings from "./settings.js";
import * as tags from "./tags.js";
import { TraceRetrieval } from "./traceRetrieval.js";
import type { TraceStore } from "./traceStore.js";

type Input = Record<string, unknown>;

/** The wire hands over model-checked input; each action reads it as its own shape. */
function as<T>(input: Input): T {
  return input as unknown as T;
}

export class XRayEngine {
  private readonly account: groups.Account;
  private readonly sampling: Sampling;
  private readonly retrieval: TraceRetrieval;

  constructor(
    readonly traces: TraceStore,
    private readonly config: DurableState<ConfigState, ConfigRecord>,
    private readonly clock: Clock,
    region: string,
    accountId: string,
    /** Told when a sampling rule is created, updated or deleted. */
    samplingRulesChanged?: () => void,
  ) {
    this.account = { region, accountId };
    this.sampling = new Sampling(config, this.account, () => this.nowSeconds(), samplingRulesChanged);
    this.retrieval = new TraceRetrieval(traces);
  }

  private nowSeconds(): number {
    return this.clock.now() / 1000;
  }

  private groupFilter(input: Input) {
    return groups.groupFilter(this.config.state, this.account, as<groups.GroupRef>(input));
  }

  // Traces

  putTraceSegments(input: Input) {
    return putTraceSegments(this.traces, as<PutTraceSegmentsInput>(input));
  }

  getTraceSummaries(input: Input) {
    return getTraceSummaries(this.traces, this.clock.now(), as<GetTraceSummariesInput>(input), (node) =>
      groups.resolveGroups(node, this.config.state, this.account),
    );
  }

  batchGetTraces(input: Input) {
    return batchGetTraces(this.traces, as<BatchGetTracesInput>(input));
  }

  getServiceGraph(input: Input) {
    return getServiceGraph(this.traces, this.groupFilter(input), as<GetServiceGraphInput>(input));
  }

  getTraceGraph(input: Input) {
    return getTraceGraph(this.traces, as<GetTraceGraphInput>(input));
  }

  getTimeSeriesServiceStatistics(input: Input) {
    return getTimeSeriesServiceStatistics(this.traces, this.groupFilter(input), as<GetTimeSeriesServiceStatisticsInput>(input));
  }

  /** The daemon reports its own health; nothing to keep. */
  putTelemetryRecords(): Input {
    return {};
  }

  // Groups

  createGroup(input: Input) {
    return groups.createGroup(this.config, this.account, as<groups.CreateGroupInput>(input));
  }

  getGroup(input: Input) {
    return groups.getGroup(this.config.state, this.account, as<groups.GroupRef>(input));
  }

  getGroups() {
    return groups.getGroups(this.config.state);
  }

  updateGroup(input: Input) {
    return groups.updateGroup(this.config, this.account, as<groups.UpdateGroupInput>(input));
  }

  deleteGroup(input: Input) {
    return groups.deleteGroup(this.config, this.account, as<groups.GroupRef>(input));
  }

  // Sampling

  getSamplingRules() {
    return this.sampling.getSamplingRules();
  }

  createSamplingRule(input: Input) {
    return this.sampling.createSamplingRule(as<CreateSamplingRuleInput>(input));
  }

  updateSamplingRule(input: Input) {
    return this.sampling.updateSamplingRule(as<UpdateSamplingRuleInput>(input));
  }

  deleteSamplingRule(input: Input) {
    return this.sampling.deleteSamplingRule(as<RuleRef>(input));
  }

  getSamplingTargets(input: Input) {
    return this.sampling.getSamplingTargets(as<Parameters<Sampling["getSamplingTargets"]>[0]>(input));
  }

  getSamplingStatisticSummaries() {
    return this.sampling.getSamplingStatisticSummaries();
  }

  /** Counts a sampling decision of the sandbox's tracer (GetSamplingStatisticSummaries shows it). */
  countSamplingDecision(ruleName: string, sampled: boolean): void {
    this.sampling.countDecision(ruleName, sampled);
  }

  // Tags

  tagResource(input: Input) {
    return tags.tagResource(this.config, as<tags.TagResourceInput>(input));
  }

  untagResource(input: Input) {
    return tags.untagResource(this.config, as<tags.UntagResourceInput>(input));
  }

  listTagsForResource(input: Input) {
    return tags.listTagsForResource(this.config.state, as<{ ResourceARN: string }>(input));
  }

  // Account settings

  getEncryptionConfig() {
    return settings.getEncryptionConfig(this.config.state);
  }

  putEncryptionConfig(input: Input) {
    return settings.putEncryptionConfig(this.config, as<settings.PutEncryptionConfigInput>(input));
  }

  getTraceSegmentDestination() {
    return settings.getTraceSegmentDestination(this.config.state);
  }

  updateTraceSegmentDestination(input: Input) {
    return settings.updateTraceSegmentDestination(this.config, as<{ Destination?: "XRay" | "CloudWatchLogs" }>(input));
  }

  getIndexingRules() {
    return settings.getIndexingRules(this.config.state);
  }

  updateIndexingRule(input: Input) {
    return settings.updateIndexingRule(this.config, this.nowSeconds(), as<settings.UpdateIndexingRuleInput>(input));
  }

  // Resource policies

  putResourcePolicy(input: Input) {
    return policies.putResourcePolicy(this.config, this.nowSeconds(), as<policies.PutResourcePolicyInput>(input));
  }

  deleteResourcePolicy(input: Input) {
    return policies.deleteResourcePolicy(this.config, as<{ PolicyName: string; PolicyRevisionId?: string }>(input));
  }

  listResourcePolicies() {
    return policies.listResourcePolicies(this.config.state);
  }

  // Insights

  getInsightSummaries(input: Input) {
    this.groupFilter(input); // a named group must exist
    return insights.getInsightSummaries(as<{ StartTime: unknown; EndTime: unknown }>(input));
  }

  getInsight() {
    return insights.getInsight();
  }

  getInsightEvents() {
    return insights.getInsightEvents();
  }

  getInsightImpactGraph(input: Input) {
    return insights.getInsightImpactGraph(as<{ InsightId: string; StartTime: unknown; EndTime: unknown }>(input));
  }

  // Trace retrieval

  startTraceRetrieval(input: Input) {
    return this.retrieval.startTraceRetrieval(as<{ TraceIds: string[]; StartTime: unknown; EndTime: unknown }>(input));
  }

  listRetrievedTraces(input: Input) {
    return this.retrieval.listRetrievedTraces(as<{ RetrievalToken: string; TraceFormat?: "XRAY" | "OTEL"; NextToken?: string }>(input));
  }

  getRetrievedTracesGraph(input: Input) {
    return this.retrieval.getRetrievedTracesGraph(as<{ RetrievalToken: string }>(input));
  }

  cancelTraceRetrieval(input: Input) {
    return this.retrieval.cancelTraceRetrieval(as<{ RetrievalToken: string }>(input));
  }
}
