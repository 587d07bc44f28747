/** Amazon CloudWatch's behaviour (metrics, metric and composite alarms, dashboards): one method per AWS action. */
import type { AwsDispatcher, Clock, DurableState, Logger } from "@sam-sandbox/core";
import * as alarms from "./alarms.js";
import { putCompositeAlarm, type PutCompositeAlarmInput } from "./compositeAlarms.js";
import { deleteDashboards, getDashboard, listDashboards, putDashboard } from "./dashboards.js";
import type { CloudWatchContext } from "./context.js";
import { getMetricData, type GetMetricDataInput } from "./getMetricData.js";
import { getMetricStatistics, type GetMetricStatisticsInput } from "./getMetricStatistics.js";
import { listMetrics, type ListMetricsInput } from "./listMetrics.js";
import { putMetricData, storePuts, type PutMetricDataInput } from "./putMetricData.js";
import { AlarmRunner } from "./runner.js";
import { ServiceMetrics } from "./serviceMetrics.js";
import type { CloudWatchRecord, CloudWatchState, SeriesPut, StateValue } from "./state.js";
import { setAlarmState } from "./transitions.js";

export interface CloudWatchEngineOptions {
  durable: DurableState<CloudWatchState, CloudWatchRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  dispatcher?: AwsDispatcher;
}

export class CloudWatchEngine {
  readonly ctx: CloudWatchContext;
  readonly runner: AlarmRunner;
  /** AWS/Lambda metrics of the sandbox's invocations. */
  readonly serviceMetrics: ServiceMetrics;

  constructor(options: CloudWatchEngineOptions) {
    this.ctx = { ...options };
    this.serviceMetrics = new ServiceMetrics(this.ctx);
    this.ctx.flushPending = () => void this.serviceMetrics.flush();
    this.runner = new AlarmRunner(this.ctx);
    // Alarms kept from an earlier run evaluate again.
    for (const name of options.durable.state.alarms.keys()) this.runner.arm(name);
  }

  putMetricData(input: PutMetricDataInput) {
    return putMetricData(this.ctx, input);
  }
  /** Stores already-checked puts (Embedded Metric Format lines). */
  storePuts(puts: SeriesPut[]) {
    return storePuts(this.ctx, puts);
  }
  listMetrics(input: ListMetricsInput) {
    this.ctx.flushPending?.();
    return listMetrics(this.ctx, input);
  }
  getMetricStatistics(input: GetMetricStatisticsInput) {
    this.ctx.flushPending?.();
    return getMetricStatistics(this.ctx, input);
  }
  getMetricData(input: GetMetricDataInput) {
    this.ctx.flushPending?.();
    return getMetricData(this.ctx, input);
  }
  async putMetricAlarm(input: alarms.PutMetricAlarmInput) {
    const alarm = await alarms.putMetricAlarm(this.ctx, input);
    this.runner.arm(alarm.AlarmName);
    return {};
  }
  async putCompositeAlarm(input: PutCompositeAlarmInput) {
    await putCompositeAlarm(this.ctx, input);
    return {};
  }
  describeAlarms(input: alarms.DescribeAlarmsInput) {
    return alarms.describeAlarms(this.ctx, input);
  }
  describeAlarmsForMetric(input: alarms.DescribeAlarmsForMetricInput) {
    return alarms.describeAlarmsForMetric(this.ctx, input);
  }
  async deleteAlarms(input: { AlarmNames: string[] }) {
    for (const name of await alarms.deleteAlarms(this.ctx, input)) this.runner.disarm(name);
    return {};
  }
  setAlarmState(input: { AlarmName: string; StateValue: StateValue; StateReason: string; StateReasonData?: string }) {
    return setAlarmState(this.ctx, input);
  }
  async enableAlarmActions(input: { AlarmNames: string[] }) {
    await alarms.setActionsEnabled(this.ctx, input.AlarmNames, true);
    return {};
  }
  async disableAlarmActions(input: { AlarmNames: string[] }) {
    await alarms.setActionsEnabled(this.ctx, input.AlarmNames, false);
    return {};
  }
  describeAlarmHistory(input: alarms.DescribeAlarmHistoryInput) {
    return alarms.describeAlarmHistory(this.ctx, input);
  }
  putDashboard(input: { DashboardName: string; DashboardBody: string }) {
    return putDashboard(this.ctx, input);
  }
  getDashboard(input: { DashboardName: string }) {
    return getDashboard(this.ctx, input);
  }
  listDashboards(input: { DashboardNamePrefix?: string }) {
    return listDashboards(this.ctx, input);
  }
  deleteDashboards(input: { DashboardNames: string[] }) {
    return deleteDashboards(this.ctx, input);
  }
  tagResource(input: { ResourceARN: string; Tags: Array<{ Key: string; Value: string }> }) {
    return alarms.tagResource(this.ctx, input);
  }
  untagResource(input: { ResourceARN: string; TagKeys: string[] }) {
    return alarms.untagResource(this.ctx, input);
  }
  listTagsForResource(input: { ResourceARN: string }) {
    return alarms.listTagsForResource(this.ctx, input);
  }

  /** Stops the alarms' timers and stores the pending service metrics. */
  close(): Promise<void> {
    this.runner.close();
    return this.serviceMetrics.close();
  }
}
