/**
 * Metric alarms: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms,
 * Enable/DisableAlarmActions, DescribeAlarmHistory and the alarms' tags (composite alarms'
 * too: compositeAlarms.ts). Shapes and texts as
 * recorded on AWS (localstack's CloudWatch snapshot tests).
 */
import { DEFAULT_MAX_RECORDS, HISTORY_RETENTION_MS } from "../limits.js";
import { invalidNextToken, invalidParameterCombination, invalidParameterValue, resourceNotFoundException, validationError } from "../errors.js";
import type { CloudWatchContext } from "./context.js";
import { alarmPeriod } from "./evaluate.js";
import { alarmTime } from "./format.js";
import { childrenOf, parentsOf } from "./compositeAlarms.js";
import { addHistory, type Alarm, type AlarmCommon, type AlarmType, type CompositeAlarm, type Dimension, type HistoryItem, type Tag } from "./state.js";
import { percentileOf, toMs, toSeconds } from "./statistics.js";
import { validPeriod } from "./series.js";

export interface PutMetricAlarmInput {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled?: boolean;
  OKActions?: string[];
  AlarmActions?: string[];
  InsufficientDataActions?: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Metrics?: Array<Record<string, unknown>>;
  Tags?: Tag[];
  ThresholdMetricId?: string;
}

const TREAT_MISSING = ["breaching", "notBreaching", "ignore", "missing"];

export const alarmArn = (ctx: CloudWatchContext, name: string) => `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`;

/** Checks localstack made against AWS (their texts); the rest the model's validator did. */
function checkAlarm(input: PutMetricAlarmInput): void {
  if (input.TreatMissingData !== undefined && !TREAT_MISSING.includes(input.TreatMissingData)) {
    throw validationError(`The value ${input.TreatMissingData} is not supported for TreatMissingData parameter. Supported values are [breaching, notBreaching, ignore, missing].`);
  }
  if (input.Period !== undefined && !validPeriod(input.Period)) throw validationError("Period must be 10, 30 or a multiple of 60");
  if (input.ExtendedStatistic !== undefined && percentileOf(input.ExtendedStatistic) === undefined) {
    throw invalidParameterValue(`The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`);
  }
  const low = input.EvaluateLowSampleCountPercentile;
  if (low !== undefined && low !== "" && low !== "evaluate" && low !== "ignore") {
    throw validationError(`Option ${low} is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.`);
  }
  if (input.Metrics !== undefined) {
    if (input.MetricName !== undefined || input.Namespace !== undefined || input.Statistic !== undefined || input.ExtendedStatistic !== undefined) {
      throw invalidParameterCombination("The parameters MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions and Period are not allowed when Metrics is specified.");
    }
    return;
  }
  if (input.Statistic !== undefined && input.ExtendedStatistic !== undefined) {
    throw invalidParameterCombination("The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.");
  }
  if (input.Statistic === undefined && input.ExtendedStatistic === undefined) throw invalidParameterCombination("Must specify either Statistic or ExtendedStatistic.");
  if (input.MetricName === undefined) throw validationError("MetricName is required when Metrics is not specified.");
  if (input.Namespace === undefined) throw validationError("Namespace is required when Metrics is not specified.");
  if (input.Period === undefined) throw validationError("Period is required when Metrics is not specified.");
  if (input.Threshold === undefined && input.ThresholdMetricId === undefined) throw validationError("Threshold is required.");
}

/**
 * "An alarm's total current evaluation period can be no longer than seven days, so Period
 * multiplied by EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period of
 * less than one hour (3,600 seconds), the total evaluation period can't be longer than one day"
 * (PutMetricAlarm API reference); the model bounds neither, and each evaluation walks every
 * period. No AWS recording of the refusal's text was found: the sentence is the reference's.
 * DatapointsToAlarm past EvaluationPeriods could never alarm; AWS's text is quoted in
 * hashicorp/terraform#24070.
 */
function checkEvaluationRange(period: number, evaluationPeriods: number, datapointsToAlarm: number | undefined): void {
  const limit = period < 3600 ? 86_400 : 604_800;
  if (period * evaluationPeriods > limit) {
    throw validationError(
      period < 3600
        ? "For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can't be longer than one day (86,400 seconds)."
        : "An alarm's total current evaluation period can be no longer than seven days, so Period multiplied by EvaluationPeriods can't be more than 604,800 seconds.",
    );
  }
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) throw validationError("DatapointsToAlarm must be less than or equal to EvaluationPeriods");
}

export async function putMetricAlarm(ctx: CloudWatchContext, input: PutMetricAlarmInput): Promise<Alarm> {
  checkAlarm(input);
  const now = ctx.clock.now();
  const state = ctx.durable.state;
  const existing = state.alarms.get(input.AlarmName);
  const alarm: Alarm = {
    AlarmName: input.AlarmName,
    AlarmArn: alarmArn(ctx, input.AlarmName),
    ...(input.AlarmDescription !== undefined ? { AlarmDescription: input.AlarmDescription } : {}),
    AlarmConfigurationUpdatedTimestamp: now,
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    // An update leaves the state as it is (PutMetricAlarm API reference).
    StateValue: existing?.StateValue ?? "INSUFFICIENT_DATA",
    StateReason: existing?.StateReason ?? "Unchecked: Initial alarm creation",
    ...(existing?.StateReasonData !== undefined ? { StateReasonData: existing.StateReasonData } : {}),
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    StateTransitionedTimestamp: existing?.StateTransitionedTimestamp ?? now,
    ...(input.MetricName !== undefined ? { MetricName: input.MetricName } : {}),
    ...(input.Namespace !== undefined ? { Namespace: input.Namespace } : {}),
    ...(input.Statistic !== undefined ? { Statistic: input.Statistic } : {}),
    ...(input.ExtendedStatistic !== undefined ? { ExtendedStatistic: input.ExtendedStatistic } : {}),
    Dimensions: (input.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value })),
    ...(input.Period !== undefined ? { Period: input.Period } : {}),
    ...(input.Unit !== undefined ? { Unit: input.Unit } : {}),
    EvaluationPeriods: input.EvaluationPeriods,
    ...(input.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: input.DatapointsToAlarm } : {}),
    ...(input.Threshold !== undefined ? { Threshold: input.Threshold } : {}),
    ComparisonOperator: input.ComparisonOperator,
    ...(input.TreatMissingData !== undefined ? { TreatMissingData: input.TreatMissingData } : {}),
    ...(input.EvaluateLowSampleCountPercentile !== undefined ? { EvaluateLowSampleCountPercentile: input.EvaluateLowSampleCountPercentile } : {}),
    ...(input.Metrics !== undefined ? { Metrics: input.Metrics } : {}),
    ...(input.ThresholdMetricId !== undefined ? { ThresholdMetricId: input.ThresholdMetricId } : {}),
    // Tags given to an update are ignored (PutMetricAlarm API reference).
    tags: existing?.tags ?? (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
  };
  const period = alarmPeriod(alarm);
  if (period === undefined) throw validationError("Period is required.");
  checkEvaluationRange(period, alarm.EvaluationPeriods, alarm.DatapointsToAlarm);
  // Alarm names are one namespace (one ARN each): a composite alarm of the name is overwritten.
  if (state.composites.delete(alarm.AlarmName)) await ctx.durable.commit({ t: "deleteAlarms", names: [alarm.AlarmName] });
  state.alarms.set(alarm.AlarmName, alarm);
  const item = historyItem(alarm, now, "ConfigurationUpdate", `Alarm "${alarm.AlarmName}" ${existing ? "updated" : "created"}`, {
    version: "1.0",
    type: existing ? "Update" : "Create",
    [existing ? "updatedAlarm" : "createdAlarm"]: describeAlarm(alarm, alarmTime),
  });
  addHistory(state, item);
  await Promise.all([ctx.durable.commit({ t: "alarm", alarm }), ctx.durable.commit({ t: "history", item })]);
  return alarm;
}

export function historyItem(
  alarm: { AlarmName: string },
  at: number,
  type: HistoryItem["HistoryItemType"],
  summary: string,
  data: unknown,
  alarmType: AlarmType = "MetricAlarm",
): HistoryItem {
  return { AlarmName: alarm.AlarmName, AlarmType: alarmType, Timestamp: at, HistoryItemType: type, HistorySummary: summary, HistoryData: JSON.stringify(data) };
}

/** A metric or composite alarm as DescribeAlarms answers it; `time` writes its timestamps (epoch seconds on the wire). */
export function describeAlarm(alarm: AlarmCommon, time: (ms: number) => unknown = toSeconds): Record<string, unknown> {
  const { tags: _tags, AlarmConfigurationUpdatedTimestamp, StateUpdatedTimestamp, StateTransitionedTimestamp, ...rest } = alarm;
  return {
    ...rest,
    AlarmConfigurationUpdatedTimestamp: time(AlarmConfigurationUpdatedTimestamp),
    StateUpdatedTimestamp: time(StateUpdatedTimestamp),
    StateTransitionedTimestamp: time(StateTransitionedTimestamp),
  };
}

function page<T>(items: T[], maxRecords: number | undefined, nextToken: string | undefined): { items: T[]; NextToken?: string } {
  let from = 0;
  if (nextToken !== undefined) {
    from = Number(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(from) || from <= 0 || from > items.length) throw invalidNextToken();
  }
  const size = maxRecords ?? DEFAULT_MAX_RECORDS;
  const slice = items.slice(from, from + size);
  const next = from + slice.length;
  return { items: slice, ...(next < items.length ? { NextToken: Buffer.from(String(next)).toString("base64url") } : {}) };
}

export interface DescribeAlarmsInput {
  AlarmNames?: string[];
  AlarmNamePrefix?: string;
  AlarmTypes?: string[];
  ChildrenOfAlarmName?: string;
  ParentsOfAlarmName?: string;
  StateValue?: string;
  ActionPrefix?: string;
  MaxRecords?: number;
  NextToken?: string;
}

const byName = (a: { AlarmName: string }, b: { AlarmName: string }) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0);

export function describeAlarms(ctx: CloudWatchContext, input: DescribeAlarmsInput) {
  if (input.AlarmNames !== undefined && input.AlarmNames.length > 0 && input.AlarmNamePrefix !== undefined) {
    throw invalidParameterCombination("The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you have specified both.");
  }
  const state = ctx.durable.state;
  // "If you omit this parameter, only metric alarms are returned, even if composite alarms exist
  // in the account" (DescribeAlarms API reference, AlarmTypes).
  const types = input.AlarmTypes === undefined || input.AlarmTypes.length === 0 ? ["MetricAlarm"] : input.AlarmTypes;
  let metric: Alarm[] = types.includes("MetricAlarm") ? [...state.alarms.values()] : [];
  let composite: CompositeAlarm[] = types.includes("CompositeAlarm") ? [...state.composites.values()] : [];
  if (input.ChildrenOfAlarmName !== undefined) {
    const parent = state.composites.get(input.ChildrenOfAlarmName);
    const children = new Set(parent ? childrenOf(ctx, parent).map((c) => c.AlarmName) : []);
    metric = metric.filter((a) => children.has(a.AlarmName));
    composite = composite.filter((a) => children.has(a.AlarmName));
  }
  if (input.ParentsOfAlarmName !== undefined) {
    const child = state.alarms.get(input.ParentsOfAlarmName) ?? state.composites.get(input.ParentsOfAlarmName);
    const parents = new Set(child ? parentsOf(ctx, child).map((c) => c.AlarmName) : []);
    metric = [];
    composite = composite.filter((a) => parents.has(a.AlarmName));
  }
  const keep = <T extends Alarm | CompositeAlarm>(alarms: T[]): T[] =>
    alarms
      .filter((a) => input.AlarmNames === undefined || input.AlarmNames.length === 0 || input.AlarmNames.includes(a.AlarmName))
      .filter((a) => input.AlarmNamePrefix === undefined || a.AlarmName.startsWith(input.AlarmNamePrefix))
      .filter((a) => input.StateValue === undefined || a.StateValue === input.StateValue)
      .filter((a) => input.ActionPrefix === undefined || [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((x) => x.startsWith(input.ActionPrefix ?? "")));
  // One page of both kinds together, in name order.
  const all: Array<{ AlarmName: string; metric?: Alarm; composite?: CompositeAlarm }> = [
    ...keep(metric).map((a) => ({ AlarmName: a.AlarmName, metric: a })),
    ...keep(composite).map((a) => ({ AlarmName: a.AlarmName, composite: a })),
  ].sort(byName);
  const { items, NextToken } = page(all, input.MaxRecords, input.NextToken);
  return {
    MetricAlarms: items.flatMap((i) => (i.metric ? [describeAlarm(i.metric)] : [])),
    CompositeAlarms: items.flatMap((i) => (i.composite ? [describeAlarm(i.composite)] : [])),
    ...(NextToken ? { NextToken } : {}),
  };
}

export interface DescribeAlarmsForMetricInput {
  MetricName: string;
  Namespace: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Dimension[];
  Period?: number;
  Unit?: string;
}

const sameDimensions = (a: readonly Dimension[], b: readonly Dimension[]) =>
  a.length === b.length && a.every((d) => b.some((e) => e.Name === d.Name && e.Value === d.Value));

export function describeAlarmsForMetric(ctx: CloudWatchContext, input: DescribeAlarmsForMetricInput) {
  const alarms = [...ctx.durable.state.alarms.values()]
    .filter((a) => a.MetricName === input.MetricName && a.Namespace === input.Namespace)
    .filter((a) => input.Statistic === undefined || a.Statistic === input.Statistic)
    .filter((a) => input.ExtendedStatistic === undefined || a.ExtendedStatistic === input.ExtendedStatistic)
    .filter((a) => input.Dimensions === undefined || sameDimensions(a.Dimensions, input.Dimensions))
    .filter((a) => input.Period === undefined || a.Period === input.Period)
    .filter((a) => input.Unit === undefined || a.Unit === input.Unit)
    .sort(byName);
  return { MetricAlarms: alarms.map((a) => describeAlarm(a)) };
}

export async function deleteAlarms(ctx: CloudWatchContext, input: { AlarmNames: string[] }): Promise<string[]> {
  const state = ctx.durable.state;
  const names = input.AlarmNames.filter((n) => state.alarms.has(n) || state.composites.has(n));
  for (const name of names) {
    state.alarms.delete(name);
    state.composites.delete(name);
  }
  if (names.length > 0) await ctx.durable.commit({ t: "deleteAlarms", names });
  return names;
}

export async function setActionsEnabled(ctx: CloudWatchContext, names: readonly string[], enabled: boolean): Promise<void> {
  const commits: Promise<void>[] = [];
  for (const name of names) {
    const existing = ctx.durable.state.alarms.get(name);
    const composite = ctx.durable.state.composites.get(name);
    if (existing && existing.ActionsEnabled !== enabled) {
      const alarm = { ...existing, ActionsEnabled: enabled };
      ctx.durable.state.alarms.set(name, alarm);
      commits.push(ctx.durable.commit({ t: "alarm", alarm }));
    } else if (composite && composite.ActionsEnabled !== enabled) {
      const alarm = { ...composite, ActionsEnabled: enabled };
      ctx.durable.state.composites.set(name, alarm);
      commits.push(ctx.durable.commit({ t: "composite", alarm }));
    }
  }
  await Promise.all(commits);
}

export interface DescribeAlarmHistoryInput {
  AlarmName?: string;
  AlarmTypes?: string[];
  HistoryItemType?: string;
  StartDate?: unknown;
  EndDate?: unknown;
  MaxRecords?: number;
  NextToken?: string;
  ScanBy?: string;
}

export function describeAlarmHistory(ctx: CloudWatchContext, input: DescribeAlarmHistoryInput) {
  const now = ctx.clock.now();
  const start = toMs(input.StartDate) ?? now - HISTORY_RETENTION_MS;
  const end = toMs(input.EndDate) ?? Infinity;
  // Without AlarmTypes, metric alarms' history only (DescribeAlarmHistory API reference).
  const types = input.AlarmTypes === undefined || input.AlarmTypes.length === 0 ? ["MetricAlarm"] : input.AlarmTypes;
  const items = ctx.durable.state.history
    .filter((h) => types.includes(h.AlarmType))
    .filter((h) => input.AlarmName === undefined || h.AlarmName === input.AlarmName)
    .filter((h) => input.HistoryItemType === undefined || h.HistoryItemType === input.HistoryItemType)
    .filter((h) => h.Timestamp >= start && h.Timestamp <= end);
  // Newest first unless ScanBy is TimestampAscending.
  const ordered = input.ScanBy === "TimestampAscending" ? items : [...items].reverse();
  const { items: pageItems, NextToken } = page(ordered, input.MaxRecords, input.NextToken);
  return { AlarmHistoryItems: pageItems.map((h) => ({ ...h, Timestamp: toSeconds(h.Timestamp) })), ...(NextToken ? { NextToken } : {}) };
}

type Tagged = { kind: "metric"; alarm: Alarm } | { kind: "composite"; alarm: CompositeAlarm };

function alarmOfArn(ctx: CloudWatchContext, arn: string): Tagged {
  const prefix = `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:`;
  const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
  const metric = name === undefined ? undefined : ctx.durable.state.alarms.get(name);
  if (metric) return { kind: "metric", alarm: metric };
  const composite = name === undefined ? undefined : ctx.durable.state.composites.get(name);
  if (composite) return { kind: "composite", alarm: composite };
  throw resourceNotFoundException(`The specified resource does not exist: ${arn}`);
}

async function retag(ctx: CloudWatchContext, found: Tagged, tags: Tag[]): Promise<void> {
  if (found.kind === "metric") {
    const alarm = { ...found.alarm, tags };
    ctx.durable.state.alarms.set(alarm.AlarmName, alarm);
    await ctx.durable.commit({ t: "alarm", alarm });
  } else {
    const alarm = { ...found.alarm, tags };
    ctx.durable.state.composites.set(alarm.AlarmName, alarm);
    await ctx.durable.commit({ t: "composite", alarm });
  }
}

export function listTagsForResource(ctx: CloudWatchContext, input: { ResourceARN: string }) {
  return { Tags: alarmOfArn(ctx, input.ResourceARN).alarm.tags.map((t) => ({ ...t })) };
}

export async function tagResource(ctx: CloudWatchContext, input: { ResourceARN: string; Tags: Tag[] }) {
  const found = alarmOfArn(ctx, input.ResourceARN);
  const tags = found.alarm.tags.filter((t) => !input.Tags.some((n) => n.Key === t.Key));
  tags.push(...input.Tags.map((t) => ({ Key: t.Key, Value: t.Value })));
  await retag(ctx, found, tags);
  return {};
}

export async function untagResource(ctx: CloudWatchContext, input: { ResourceARN: string; TagKeys: string[] }) {
  const found = alarmOfArn(ctx, input.ResourceARN);
  await retag(ctx, found, found.alarm.tags.filter((t) => !input.TagKeys.includes(t.Key)));
  return {};
}
