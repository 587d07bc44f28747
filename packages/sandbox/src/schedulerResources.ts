/**
 * The template's AWS::Scheduler::ScheduleGroup and AWS::Scheduler::Schedule resources (those
 * SAM generates for `ScheduleV2` events too, template/src/sam/scheduleV2Resources.ts), created
 * through the EventBridge Scheduler API at start-up: ListSchedules and GetSchedule show them and
 * the API's timers fire them. A group or schedule kept from an earlier run is left, or updated
 * to the template's.
 */
import { AwsError } from "@sam-sandbox/core";
import type { SchedulerService } from "@sam-sandbox/scheduler";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const GROUP = "AWS::Scheduler::ScheduleGroup";
const SCHEDULE = "AWS::Scheduler::Schedule";

const apiSchedule = (resource: ResolvedResource): boolean => resource.type === SCHEDULE;

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
