/**
 * The template's AWS::CloudWatch::Alarm and AWS::CloudWatch::CompositeAlarm resources, created
 * through the CloudWatch API at start-up (PutMetricAlarm, PutCompositeAlarm: an alarm kept from
 * an earlier run takes the template's configuration and keeps its state). CloudFormation's
 * properties are the API's members; AlarmName comes from the resource's identity (its Ref).
 * Composite alarms come after the metric alarms, each once the alarms its rule names exist
 * (CloudFormation needs DependsOn for that; the sandbox orders them itself). Dashboards
 * (AWS::CloudWatch::Dashboard) are kept through PutDashboard: their body as the template gives it.
 */
import type { CloudWatch } from "@sam-sandbox/cloudwatch";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const ALARM = "AWS::CloudWatch::Alarm";
const COMPOSITE = "AWS::CloudWatch::CompositeAlarm";
const DASHBOARD = "AWS::CloudWatch::Dashboard";

export function hasCloudWatchAlarms(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => r.type === ALARM || r.type === COMPOSITE || r.type === DASHBOARD);
}

// A parameter or a quoted YAML value gives these as text; CloudFormation converts them.
const NUMBERS = ["Threshold", "Period", "EvaluationPeriods", "DatapointsToAlarm", "ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function numbers(record: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    const v = record[key];
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) record[key] = Number(v);
  }
}

function boolean(record: Record<string, unknown>, key: string): void {
  if (record[key] === "true" || record[key] === "false") record[key] = record[key] === "true";
}

function alarmInput(resource: ResolvedResource): Record<string, unknown> {
  const { AlarmName: _name, ...properties } = resource.properties;
  const input: Record<string, unknown> = { ...properties, AlarmName: resource.ref };
  numbers(input, NUMBERS);
  boolean(input, "ActionsEnabled");
  // Metric math queries too: a MetricStat's Period from a Number parameter, ReturnData as text.
  if (Array.isArray(input.Metrics)) {
    input.Metrics = input.Metrics.map((query: unknown) => {
      if (!isRecord(query)) return query;
      const q = { ...query };
      numbers(q, ["Period"]);
      boolean(q, "ReturnData");
      if (isRecord(q.MetricStat)) {
        q.MetricStat = { ...q.MetricStat };
        numbers(q.MetricStat as Record<string, unknown>, ["Period"]);
      }
      return q;
    });
  }
  return input;
}

export async function createTemplateCloudWatchAlarms(cloudWatch: CloudWatch, app: AppModel): Promise<void> {
  for (const resource of Object.values(app.resources).filter((r) => r.type === ALARM)) {
    try {
      await cloudWatch.call("PutMetricAlarm", alarmInput(resource));
    } catch (error) {
      throw templateResourceError(app, resource, error);
    }
  }
  for (const resource of Object.values(app.resources).filter((r) => r.type === DASHBOARD)) {
    const body = resource.properties.DashboardBody;
    try {
      await cloudWatch.call("PutDashboard", { DashboardName: resource.ref, DashboardBody: typeof body === "string" ? body : JSON.stringify(body ?? {}) });
    } catch (error) {
      throw templateResourceError(app, resource, error);
    }
  }
  // A composite alarm's rule may name another composite alarm: each pass creates those whose
  // children exist, until a pass creates none (its first refusal is then the error).
  let pending = Object.values(app.resources).filter((r) => r.type === COMPOSITE);
  while (pending.length > 0) {
    const failed: Array<{ resource: ResolvedResource; error: unknown }> = [];
    for (const resource of pending) {
      try {
        await cloudWatch.call("PutCompositeAlarm", alarmInput(resource));
      } catch (error) {
        failed.push({ resource, error });
      }
    }
    const first = failed[0];
    if (first && failed.length === pending.length) throw templateResourceError(app, first.resource, first.error);
    pending = failed.map((f) => f.resource);
  }
}
