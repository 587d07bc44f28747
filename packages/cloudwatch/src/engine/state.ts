/**
 * CloudWatch state: metric series with their datapoints, metric and composite alarms and their history,
 * persisted through the Store port (one journal record per PutMetricData, alarm change or
 * history item) and JSON snapshots.
 */
import type { StateCodec } from "@sam-sandbox/core";
import { HISTORY_RETENTION_MS, RETENTION_MS } from "../limits.js";

export interface Dimension {
  Name: string;
  Value: string;
}

/** One PutMetricData entry (or EMF value set) as stored: its aggregate, and its raw values when it has them. */
export interface Point {
  /** Epoch ms. */
  t: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Raw values (Value, Values) with their counts, for percentiles; absent for StatisticValues. */
  values?: number[];
  counts?: number[];
  /** StorageResolution: 1 (high resolution) or 60. */
  res: number;
}

export interface Series {
  key: string;
  namespace: string;
  name: string;
  /** As first put (ListMetrics shows them so). */
  dimensions: Dimension[];
  /** In time order. */
  points: Point[];
  /** Epoch ms of the last put (ListMetrics RecentlyActive). */
  lastPut: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export type StateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** What metric and composite alarms have alike, as DescribeAlarms shows them (timestamps in epoch ms), with their tags. */
export interface AlarmCommon {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  AlarmConfigurationUpdatedTimestamp: number;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  StateValue: StateValue;
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
  tags: Tag[];
}

/** A metric alarm. */
export interface Alarm extends AlarmCommon {
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Metrics?: Array<Record<string, unknown>>;
  ThresholdMetricId?: string;
}

/** A composite alarm as DescribeAlarms shows it (timestamps in epoch ms), with its tags. */
export interface CompositeAlarm extends AlarmCommon {
  AlarmRule: string;
  ActionsSuppressor?: string;
  ActionsSuppressorWaitPeriod?: number;
  ActionsSuppressorExtensionPeriod?: number;
}

export type AlarmType = "MetricAlarm" | "CompositeAlarm";

export interface Dashboard {
  name: string;
  body: string;
  /** Epoch ms. */
  lastModified: number;
}

export interface HistoryItem {
  AlarmName: string;
  AlarmType: AlarmType;
  /** Epoch ms. */
  Timestamp: number;
  HistoryItemType: "ConfigurationUpdate" | "StateUpdate" | "Action";
  HistorySummary: string;
  HistoryData: string;
}

export interface CloudWatchState {
  series: Map<string, Series>;
  alarms: Map<string, Alarm>;
  composites: Map<string, CompositeAlarm>;
  dashboards: Map<string, Dashboard>;
  /** Oldest first. */
  history: HistoryItem[];
  /** The put time (epoch ms) of the last sweep of series that received nothing for RETENTION_MS (not stored). */
  sweptAt?: number;
}

/** How often (in put time) series past retention are looked for. */
const SWEEP_MS = 3600 * 1000;

export interface SeriesPut {
  key: string;
  namespace: string;
  name: string;
  dimensions: Dimension[];
  point: Point;
}

export type CloudWatchRecord =
  | { t: "put"; puts: SeriesPut[] }
  | { t: "alarm"; alarm: Alarm }
  | { t: "composite"; alarm: CompositeAlarm }
  | { t: "dashboard"; dashboard: Dashboard }
  | { t: "deleteDashboards"; names: string[] }
  | { t: "deleteAlarms"; names: string[] }
  | { t: "history"; item: HistoryItem };

/** The series of a metric: namespace, name and its dimensions in name order. */
export function seriesKey(namespace: string, name: string, dimensions: readonly Dimension[]): string {
  const dims = [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)).map((d) => `${d.Name}\u0001${d.Value}`);
  return [namespace, name, ...dims].join("\u0000");
}

export function applyPut(state: CloudWatchState, put: SeriesPut): void {
  let series = state.series.get(put.key);
  if (!series) {
    series = { key: put.key, namespace: put.namespace, name: put.name, dimensions: put.dimensions, points: [], lastPut: 0 };
    state.series.set(put.key, series);
  }
  const points = series.points;
  // Mostly appended in time order; a late point is inserted where it belongs.
  let i = points.length;
  while (i > 0 && (points[i - 1]?.t ?? 0) > put.point.t) i--;
  points.splice(i, 0, put.point);
  // Points past retention go as newer ones arrive (decided by the data alone: replay drops the same).
  let old = 0;
  while (old < points.length && (points[old]?.t ?? 0) < put.point.t - RETENTION_MS) old++;
  if (old > 0) points.splice(0, old);
  series.lastPut = Math.max(series.lastPut, put.point.t);
  // A series that receives nothing more (a dimension per request, say) goes once all its points
  // are past retention; looked for at most once an hour of put time, so a put stays cheap.
  if (state.sweptAt === undefined || put.point.t >= state.sweptAt + SWEEP_MS) {
    state.sweptAt = put.point.t;
    for (const [key, s] of state.series) if (s.lastPut < put.point.t - RETENTION_MS) state.series.delete(key);
  }
}

/** Adds a history item; items past the history's retention go as newer ones arrive (decided by the data alone: replay drops the same). */
export function addHistory(state: CloudWatchState, item: HistoryItem): void {
  const history = state.history;
  history.push(item);
  let old = 0;
  while (old < history.length && (history[old]?.Timestamp ?? 0) < item.Timestamp - HISTORY_RETENTION_MS) old++;
  if (old > 0) history.splice(0, old);
}

export function applyRecord(state: CloudWatchState, record: CloudWatchRecord): void {
  switch (record.t) {
    case "put":
      for (const put of record.puts) applyPut(state, put);
      return;
    case "alarm":
      state.alarms.set(record.alarm.AlarmName, record.alarm);
      return;
    case "composite":
      state.composites.set(record.alarm.AlarmName, record.alarm);
      return;
    case "dashboard":
      state.dashboards.set(record.dashboard.name, record.dashboard);
      return;
    case "deleteDashboards":
      for (const name of record.names) state.dashboards.delete(name);
      return;
    case "deleteAlarms":
      for (const name of record.names) {
        state.alarms.delete(name);
        state.composites.delete(name);
      }
      return;
    case "history":
      addHistory(state, record.item);
      return;
  }
}

interface Snapshot {
  series?: Series[];
  alarms?: Alarm[];
  composites?: CompositeAlarm[];
  dashboards?: Dashboard[];
  history?: HistoryItem[];
}

export const cloudWatchCodec: StateCodec<CloudWatchState, CloudWatchRecord> = {
  empty: () => ({ series: new Map(), alarms: new Map(), composites: new Map(), dashboards: new Map(), history: [] }),
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    return {
      series: new Map((snapshot.series ?? []).map((s) => [s.key, s])),
      alarms: new Map((snapshot.alarms ?? []).map((a) => [a.AlarmName, a])),
      composites: new Map((snapshot.composites ?? []).map((a) => [a.AlarmName, a])),
      dashboards: new Map((snapshot.dashboards ?? []).map((d) => [d.name, d])),
      history: snapshot.history ?? [],
    };
  },
  toSnapshot(state): Snapshot {
    return { series: [...state.series.values()], alarms: [...state.alarms.values()], composites: [...state.composites.values()], dashboards: [...state.dashboards.values()], history: state.history };
  },
  apply: applyRecord,
};
