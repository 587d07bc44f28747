/**
 * The template's AWS::Scheduler::ScheduleGroup resources, and its AWS::Scheduler::Schedule
 * resources whose target is not a function or a state machine (those run as SAM ScheduleV2
 * events do, template/src/cfn/schedules.ts), created through the EventBridge Scheduler API at
 * start-up. A group or schedule kept from an earlier run is left, or updated to the template's.
 */
import { AwsError } from "@sam-sandbox/core";
import type { SchedulerService } from "@sam-sandbox/scheduler";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const GROUP = "AWS::Scheduler::ScheduleGroup";
const SCHEDULE = "AWS::Scheduler::Schedule";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A schedule the Scheduler API runs: its target is neither a function nor a state machine. */
function apiSchedule(resource: ResolvedResource): boolean {
  if (resource.type !== SCHEDULE) return false;
  const arn = isRecord(resource.properties.Target) ? resource.properties.Target.Arn : undefined;
  const service = typeof arn === "string" ? arn.split(":")[2] : undefined;
  return service !== undefined && service !== "lambda" && service !== "states";
}

export function hasSchedulerResources(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => r.type === GROUP || apiSchedule(r));
}

/** CloudFormation's properties are the API's members; Name and GroupName come from the resources' identities. */
function scheduleInput(resource: ResolvedResource): Record<string, unknown> {
  const { Name: _name, ...properties } = resource.properties;
  return { ...properties, Name: resource.ref };
}

export async function createTemplateSchedulerResources(scheduler: SchedulerService, app: AppModel): Promise<void> {
  const resources = Object.values(app.resources);
  for (const resource of resources.filter((r) => r.type === GROUP)) {
    try {
      await scheduler.call("CreateScheduleGroup", { Name: resource.ref, ...(Array.isArray(resource.properties.Tags) ? { Tags: resource.properties.Tags } : {}) });
    } catch (error) {
      if (!(error instanceof AwsError && error.code === "ConflictException")) throw templateResourceError(app, resource, error);
    }
  }
  for (const resource of resources.filter(apiSchedule)) {
    const input = scheduleInput(resource);
    try {
      await scheduler.call("CreateSchedule", input);
    } catch (error) {
      if (!(error instanceof AwsError && error.code === "ConflictException")) throw templateResourceError(app, resource, error);
      // Kept from an earlier run: the template wins.
      await scheduler.call("UpdateSchedule", input).catch((e: unknown) => {
        throw templateResourceError(app, resource, e);
      });
    }
  }
}
