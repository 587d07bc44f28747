/**
 * Activity actions: CreateActivity, DescribeActivity, ListActivities, DeleteActivity and
 * GetActivityTask (a long poll on the Clock). Workers answer with SendTask* (taskTokens.ts).
 * Texts as AWS records them (LocalStack's AWS-recorded test_sfn_api_activities).
 */
import { ActivityDoesNotExist } from "../../errors.js";
import { ACTIVITY_TASK_POLL_SECONDS, DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { Json } from "../asl/json.js";
import type { ActivityRecord } from "./state.js";
import { checkActivityArn, checkName, decodeToken, encodeToken } from "./names.js";

type Input = Record<string, unknown>;

function seconds(ms: number): number {
  return ms / 1000;
}

function requireActivity(registry: Registry, arn: string): ActivityRecord {
  checkActivityArn(arn);
  const activity = registry.state.activities.get(arn);
  if (activity === undefined) throw new ActivityDoesNotExist(arn);
  return activity;
}

export async function createActivity(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const name = input.name as string;
  checkName(name);
  const arn = registry.arn("activity", name);
  // CreateActivity is idempotent: the same name answers the existing activity.
  const existing = registry.state.activities.get(arn);
  if (existing !== undefined) return { activityArn: arn, creationDate: seconds(existing.creationDate) };
  const tags: Record<string, string> = {};
  for (const tag of (input.tags as { key: string; value?: string }[] | undefined) ?? []) tags[tag.key] = tag.value ?? "";
  const activity: ActivityRecord = {
    arn,
    name,
    creationDate: registry.clock.now(),
    tags,
    ...(input.encryptionConfiguration !== undefined ? { encryptionConfiguration: input.encryptionConfiguration as Json } : {}),
  };
  registry.state.activities.set(arn, activity);
  await registry.commit({ t: "activity", activity });
  return { activityArn: arn, creationDate: seconds(activity.creationDate) };
}

export function describeActivity(registry: Registry, input: Input): Record<string, unknown> {
  const activity = requireActivity(registry, input.activityArn as string);
  const out: Record<string, unknown> = { activityArn: activity.arn, name: activity.name, creationDate: seconds(activity.creationDate) };
  if (activity.encryptionConfiguration !== undefined) out.encryptionConfiguration = activity.encryptionConfiguration;
  return out;
}

export function listActivities(registry: Registry, input: Input): Record<string, unknown> {
  const all = [...registry.state.activities.values()].sort((a, b) => a.creationDate - b.creationDate || a.name.localeCompare(b.name));
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const out: Record<string, unknown> = {
    activities: all.slice(offset, offset + size).map((a) => ({ activityArn: a.arn, name: a.name, creationDate: seconds(a.creationDate) })),
  };
  if (offset + size < all.length) out.nextToken = encodeToken(offset + size);
  return out;
}

export async function deleteActivity(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.activityArn as string;
  checkActivityArn(arn);
  if (registry.state.activities.delete(arn)) await registry.commit({ t: "deleteActivity", arn });
  return {};
}

/** Waits up to 60 s for a task of the activity; answers {} when none came. */
export async function getActivityTask(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const activity = requireActivity(registry, input.activityArn as string);
  // The long poll runs on real time under a scaled clock, like other deadlines.
  const clock = registry.deadlines ?? registry.clock;
  const task = await registry.activityQueue.poll(activity.arn, input.workerName as string | undefined, clock, ACTIVITY_TASK_POLL_SECONDS * 1000);
  return task === undefined ? {} : { taskToken: task.taskToken, input: task.input };
}
