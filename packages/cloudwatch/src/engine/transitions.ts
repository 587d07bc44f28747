/**
 * A metric alarm's state changes: SetAlarmState and evaluations record a StateUpdate history item
 * and, with actions enabled, run the new state's actions (actions.ts) — SNS topics get
 * CloudWatch's notification (its JSON and Subject as AWS sends them, recorded in localstack's
 * alarm snapshot tests), Lambda functions the alarm event; then the composite alarms whose rule
 * names the alarm evaluate again.
 */
import { randomUUID } from "node:crypto";
import { jsonWithDoubles } from "@sam-sandbox/core";
import { alarmNotFound, invalidFormat } from "../errors.js";
import { actionsOf, runActions } from "./actions.js";
import { historyItem } from "./alarms.js";
import { changeCompositeState, evaluateParents } from "./compositeAlarms.js";
import type { CloudWatchContext } from "./context.js";
import { alarmSubject, alarmTime, regionName } from "./format.js";
import { addHistory, type Alarm, type StateValue } from "./state.js";

const parse = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** Moves the alarm to `state`; answers the actions run (none when the state is unchanged or actions are off). */
export async function changeState(ctx: CloudWatchContext, name: string, state: StateValue, reason: string, reasonData: string | undefined): Promise<void> {
  const old = ctx.durable.state.alarms.get(name);
  if (!old || old.StateValue === state) return;
  const now = ctx.clock.now();
  const alarm: Alarm = {
    ...old,
    StateValue: state,
    StateReason: reason,
    StateUpdatedTimestamp: now,
    StateTransitionedTimestamp: now,
  };
  if (reasonData === undefined) delete alarm.StateReasonData;
  else alarm.StateReasonData = reasonData;
  const stateOf = (a: Alarm) => ({ stateValue: a.StateValue, stateReason: a.StateReason, ...(a.StateReasonData !== undefined ? { stateReasonData: parse(a.StateReasonData) } : {}) });
  const item = historyItem(alarm, now, "StateUpdate", `Alarm updated from ${old.StateValue} to ${state}`, { version: "1.0", oldState: stateOf(old), newState: stateOf(alarm) });
  ctx.durable.state.alarms.set(name, alarm);
  addHistory(ctx.durable.state, item);
  const commits = Promise.all([ctx.durable.commit({ t: "alarm", alarm }), ctx.durable.commit({ t: "history", item })]);
  // The composite alarms naming this one move at once; their commits and actions follow this one's.
  const parents = evaluateParents(ctx, alarm);
  await commits;
  if (alarm.ActionsEnabled) {
    await runActions(ctx, { alarm, actions: actionsOf(alarm), sns: () => notification(ctx, old, alarm), lambda: () => lambdaEvent(ctx, old, alarm) });
  }
  await parents();
}

export async function setAlarmState(ctx: CloudWatchContext, input: { AlarmName: string; StateValue: StateValue; StateReason: string; StateReasonData?: string }) {
  const composite = ctx.durable.state.composites.has(input.AlarmName);
  if (!composite && !ctx.durable.state.alarms.has(input.AlarmName)) throw alarmNotFound();
  if (input.StateReasonData !== undefined) {
    try {
      JSON.parse(input.StateReasonData);
    } catch {
      throw invalidFormat("StateReasonData is not valid JSON.");
    }
  }
  if (composite) await changeCompositeState(ctx, input.AlarmName, input.StateValue, input.StateReason, input.StateReasonData);
  else await changeState(ctx, input.AlarmName, input.StateValue, input.StateReason, input.StateReasonData);
  return {};
}

/** The notification an SNS action publishes (member order as AWS sends it). */
export function notification(ctx: CloudWatchContext, old: Alarm, alarm: Alarm): { subject: string; message: string } {
  const trigger = alarm.Metrics
    ? { Period: alarm.Period, EvaluationPeriods: alarm.EvaluationPeriods, ...(alarm.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: alarm.DatapointsToAlarm } : {}), ComparisonOperator: alarm.ComparisonOperator, Threshold: alarm.Threshold, TreatMissingData: alarm.TreatMissingData ?? "missing", EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile ?? "", Metrics: alarm.Metrics }
    : {
        MetricName: alarm.MetricName,
        Namespace: alarm.Namespace,
        StatisticType: alarm.ExtendedStatistic !== undefined ? "ExtendedStatistic" : "Statistic",
        ...(alarm.ExtendedStatistic !== undefined ? { ExtendedStatistic: alarm.ExtendedStatistic } : { Statistic: (alarm.Statistic ?? "").toUpperCase() }),
        Unit: alarm.Unit ?? null,
        Dimensions: alarm.Dimensions.map((d) => ({ value: d.Value, name: d.Name })),
        Period: alarm.Period,
        EvaluationPeriods: alarm.EvaluationPeriods,
        ...(alarm.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: alarm.DatapointsToAlarm } : {}),
        ComparisonOperator: alarm.ComparisonOperator,
        Threshold: alarm.Threshold,
        TreatMissingData: alarm.TreatMissingData ?? "missing",
        EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile ?? "",
      };
  const body = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription ?? null,
    AWSAccountId: ctx.accountId,
    AlarmConfigurationUpdatedTimestamp: alarmTime(alarm.AlarmConfigurationUpdatedTimestamp),
    NewStateValue: alarm.StateValue,
    NewStateReason: alarm.StateReason,
    StateChangeTime: alarmTime(alarm.StateUpdatedTimestamp),
    Region: regionName(ctx.region),
    AlarmArn: alarm.AlarmArn,
    OldStateValue: old.StateValue,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    Trigger: trigger,
  };
  const subject = alarmSubject(alarm, ctx.region);
  return { subject, message: jsonWithDoubles(body, new Set(["Threshold"])) };
}

/** The event a Lambda action is invoked with (recorded in localstack's test_alarm_lambda_target). */
export function lambdaEvent(ctx: CloudWatchContext, old: Alarm, alarm: Alarm): Record<string, unknown> {
  const metrics = alarm.Metrics
    ? alarm.Metrics
    : [
        {
          id: randomUUID(),
          metricStat: {
            metric: { namespace: alarm.Namespace, name: alarm.MetricName, dimensions: Object.fromEntries(alarm.Dimensions.map((d) => [d.Name, d.Value])) },
            period: alarm.Period,
            stat: alarm.Statistic ?? alarm.ExtendedStatistic,
            ...(alarm.Unit !== undefined ? { unit: alarm.Unit } : {}),
          },
          returnData: true,
        },
      ];
  return {
    source: "aws.cloudwatch",
    alarmArn: alarm.AlarmArn,
    accountId: ctx.accountId,
    time: alarmTime(alarm.StateUpdatedTimestamp),
    region: ctx.region,
    alarmData: {
      alarmName: alarm.AlarmName,
      state: { value: alarm.StateValue, reason: alarm.StateReason, ...(alarm.StateReasonData ? { reasonData: alarm.StateReasonData } : {}), timestamp: alarmTime(alarm.StateUpdatedTimestamp) },
      previousState: { value: old.StateValue, reason: old.StateReason, ...(old.StateReasonData ? { reasonData: old.StateReasonData } : {}), timestamp: alarmTime(old.StateUpdatedTimestamp) },
      configuration: { ...(alarm.AlarmDescription !== undefined ? { description: alarm.AlarmDescription } : {}), metrics },
    },
  };
}
