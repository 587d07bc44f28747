/**
 * The template's AWS::CloudWatch::Alarm resources, created through the CloudWatch API at start-up
 * (PutMetricAlarm: an alarm kept from an earlier run takes the template's configuration and keeps
 * its state). CloudFormation's properties are the API's members; AlarmName comes from the
 * resource's identity (its Ref).
 */
import type { CloudWatch } from "@sam-sandbox/cloudwatch";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const ALARM = "AWS::CloudWatch::Alarm";

export function hasCloudWatchAlarms(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => r.type === ALARM);
}

// A parameter or a quoted YAML value gives these as text; CloudFormation converts them.
const NUMBERS = ["Threshold", "Period", "EvaluationPeriods", "DatapointsToAlarm"];

function alarmInput(resource: ResolvedResource): Record<string, unknown> {
  const { AlarmName: _name, ...properties } = resource.properties;
  const input: Record<string, unknown> = { ...properties, AlarmName: resource.ref };
  for (const key of NUMBERS) {
    const v = input[key];
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) input[key] = Number(v);
  }
  if (input.ActionsEnabled === "true" || input.ActionsEnabled === "false") input.ActionsEnabled = input.ActionsEnabled === "true";
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
}
