/**
 * The EventBridge Scheduler API (CreateSchedule, schedule groups, tags) on top of the
 * Scheduler that runs schedules on the Clock: a schedule created here is armed like a SAM
 * `ScheduleV2` event and delivers to its target through the ports (./targets.ts).
 */
import { SandboxError, ValidationException, type DurableState, type Logger } from "@sam-sandbox/core";
import {
  groupExists, groupNotFound, InvalidScheduleExpression, invalidScheduleExpression, scheduleExists, scheduleNotFound,
} from "../errors.js";
import { DEFAULT_GROUP, DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS, MAX_LIST_RESULTS } from "../limits.js";
import { parseScheduleExpression } from "../engine/expression.js";
import type { Scheduler } from "../engine/scheduler.js";
import { scheduleKey, type SchedulerApiRecord, type SchedulerApiState, type StoredGroup, type StoredSchedule, type StoredTarget, type Tag } from "./state.js";
import { deliverToTarget, type TargetPorts } from "./targets.js";

type Input = Record<string, unknown>;

export interface SchedulerApiOptions extends TargetPorts {
  durable: DurableState<SchedulerApiState, SchedulerApiRecord>;
  scheduler: Scheduler;
  now(): number;
  logger: Logger;
  region: string;
  accountId: string;
}

/** Dates go out as epoch seconds, as restJson writes timestamps. */
const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
const millis = (value: unknown): number | undefined => (typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : undefined);

export class SchedulerApi {
  constructor(private readonly o: SchedulerApiOptions) {
    // The default group always exists; schedules kept by an earlier run are armed again.
    for (const schedule of Object.values(o.durable.state.schedules)) this.arm(schedule);
  }

  private get state(): SchedulerApiState {
    return this.o.durable.state;
  }

  private groupArn(name: string): string {
    return `arn:aws:scheduler:${this.o.region}:${this.o.accountId}:schedule-group/${name}`;
  }

  /** A group by name; "default" exists from the start (its dates: when first asked for). */
  private group(name: string): StoredGroup {
    const found = this.state.groups[name];
    if (found) return found;
    if (name !== DEFAULT_GROUP) throw groupNotFound(name);
    const now = this.o.now();
    const created: StoredGroup = { Name: DEFAULT_GROUP, Arn: this.groupArn(DEFAULT_GROUP), CreationDate: now, LastModificationDate: now, Tags: [] };
    this.state.groups[DEFAULT_GROUP] = created;
    return created;
  }

  private schedule(groupName: unknown, name: unknown): StoredSchedule {
    const group = this.group(typeof groupName === "string" ? groupName : DEFAULT_GROUP);
    const found = this.state.schedules[scheduleKey(group.Name, String(name))];
    if (!found) throw scheduleNotFound(String(name));
    return found;
  }

  private async put(key: string, schedule: StoredSchedule | undefined): Promise<void> {
    if (schedule) this.state.schedules[key] = schedule;
    else delete this.state.schedules[key];
    await this.o.durable.commit({ t: "schedule", key, ...(schedule ? { schedule } : {}) });
  }

  private async putGroup(name: string, group: StoredGroup | undefined): Promise<void> {
    if (group) this.state.groups[name] = group;
    else delete this.state.groups[name];
    await this.o.durable.commit({ t: "group", name, ...(group ? { group } : {}) });
  }

  /** The stored form of CreateSchedule / UpdateSchedule's input, checked as AWS checks it. */
  private build(input: Input, group: string, created: number | undefined): StoredSchedule {
    const name = String(input.Name);
    const expression = String(input.ScheduleExpression);
    const timezone = typeof input.ScheduleExpressionTimezone === "string" ? input.ScheduleExpressionTimezone : "UTC";
    try {
      parseScheduleExpression(expression, { kind: "ScheduleV2", timeZone: timezone });
    } catch (error) {
      if (error instanceof InvalidScheduleExpression) throw invalidScheduleExpression(expression);
      // The sandbox's own text: AWS's answer to an unknown time zone is not recorded.
      if (error instanceof SandboxError) throw new ValidationException(error.message);
      throw error;
    }
    const target = input.Target as StoredTarget;
    const retry = (target.RetryPolicy ?? {}) as Partial<StoredTarget["RetryPolicy"]>;
    const now = this.o.now();
    const startDate = millis(input.StartDate);
    const endDate = millis(input.EndDate);
    return {
      Name: name,
      GroupName: group,
      Arn: `arn:aws:scheduler:${this.o.region}:${this.o.accountId}:schedule/${group}/${name}`,
      ActionAfterCompletion: typeof input.ActionAfterCompletion === "string" ? input.ActionAfterCompletion : "NONE",
      ...(typeof input.Description === "string" ? { Description: input.Description } : {}),
      ...(startDate !== undefined ? { StartDate: startDate } : {}),
      ...(endDate !== undefined ? { EndDate: endDate } : {}),
      FlexibleTimeWindow: input.FlexibleTimeWindow as StoredSchedule["FlexibleTimeWindow"],
      ...(typeof input.KmsKeyArn === "string" ? { KmsKeyArn: input.KmsKeyArn } : {}),
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      State: typeof input.State === "string" ? input.State : "ENABLED",
      // AWS fills in the retry policy's defaults (GetSchedule, recorded).
      Target: {
        ...target,
        RetryPolicy: {
          MaximumEventAgeInSeconds: retry.MaximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS,
          MaximumRetryAttempts: retry.MaximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
        },
      },
      CreationDate: created ?? now,
      LastModificationDate: now,
    };
  }

  /** Hands a schedule to the Scheduler (ENABLED ones fire); its fires deliver to the target within Start/EndDate. */
  private arm(schedule: StoredSchedule): void {
    const key = scheduleKey(schedule.GroupName, schedule.Name);
    this.o.scheduler.remove(key);
    this.o.scheduler.add({
      id: key,
      kind: "ScheduleV2",
      name: schedule.Name,
      arn: schedule.Arn,
      expression: schedule.ScheduleExpression,
      timezone: schedule.ScheduleExpressionTimezone,
      enabled: schedule.State === "ENABLED",
      target: { kind: "callback", description: `target ${schedule.Target.Arn}`, fire: (time) => this.fire(key, time) },
    });
  }

  private async fire(key: string, time: number): Promise<void> {
    const schedule = this.state.schedules[key];
    if (!schedule) return;
    if ((schedule.StartDate !== undefined && time < schedule.StartDate) || (schedule.EndDate !== undefined && time > schedule.EndDate)) return;
    try {
      await deliverToTarget(schedule.Target, this.o);
    } finally {
      // A one-time schedule is done once it has fired: ActionAfterCompletion DELETE removes it.
      if (schedule.ActionAfterCompletion === "DELETE" && schedule.ScheduleExpression.startsWith("at(")) {
        this.o.scheduler.remove(key);
        await this.put(key, undefined);
      }
    }
  }

  async createSchedule(input: Input): Promise<Input> {
    const group = this.group(typeof input.GroupName === "string" ? input.GroupName : DEFAULT_GROUP).Name;
    const key = scheduleKey(group, String(input.Name));
    if (this.state.schedules[key]) throw scheduleExists(String(input.Name));
    const schedule = this.build(input, group, undefined);
    await this.put(key, schedule);
    this.arm(schedule);
    return { ScheduleArn: schedule.Arn };
  }

  async updateSchedule(input: Input): Promise<Input> {
    // UpdateSchedule replaces the whole schedule: members left out fall back to their defaults.
    const existing = this.schedule(input.GroupName, input.Name);
    const schedule = this.build(input, existing.GroupName, existing.CreationDate);
    await this.put(scheduleKey(schedule.GroupName, schedule.Name), schedule);
    this.arm(schedule);
    return { ScheduleArn: schedule.Arn };
  }

  getSchedule(input: Input): Input {
    const { StartDate, EndDate, CreationDate, LastModificationDate, ...rest } = this.schedule(input.GroupName, input.Name);
    return { ...rest, CreationDate: seconds(CreationDate), LastModificationDate: seconds(LastModificationDate), StartDate: seconds(StartDate), EndDate: seconds(EndDate) };
  }

  async deleteSchedule(input: Input): Promise<Input> {
    const schedule = this.schedule(input.GroupName, input.Name);
    const key = scheduleKey(schedule.GroupName, schedule.Name);
    this.o.scheduler.remove(key);
    await this.put(key, undefined);
    return {};
  }

  listSchedules(input: Input): Input {
    if (typeof input.GroupName === "string") this.group(input.GroupName);
    const matching = Object.entries(this.state.schedules)
      .filter(([, s]) => (input.GroupName === undefined || s.GroupName === input.GroupName) && (input.State === undefined || s.State === input.State))
      .filter(([, s]) => typeof input.NamePrefix !== "string" || s.Name.startsWith(input.NamePrefix))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const { page, nextToken } = paginate(matching, input);
    return {
      Schedules: page.map(([, s]) => ({
        Arn: s.Arn, CreationDate: seconds(s.CreationDate), GroupName: s.GroupName, LastModificationDate: seconds(s.LastModificationDate),
        Name: s.Name, State: s.State, Target: { Arn: s.Target.Arn },
      })),
      ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
    };
  }

  async createScheduleGroup(input: Input): Promise<Input> {
    const name = String(input.Name);
    if (name === DEFAULT_GROUP || this.state.groups[name]) throw groupExists(name);
    const now = this.o.now();
    const group: StoredGroup = { Name: name, Arn: this.groupArn(name), CreationDate: now, LastModificationDate: now, Tags: (input.Tags as Tag[] | undefined) ?? [] };
    await this.putGroup(name, group);
    return { ScheduleGroupArn: group.Arn };
  }

  getScheduleGroup(input: Input): Input {
    return groupView(this.group(String(input.Name)));
  }

  /** Deleting a group deletes its schedules (EventBridge Scheduler user guide, "Deleting a schedule group"). */
  async deleteScheduleGroup(input: Input): Promise<Input> {
    const name = String(input.Name);
    // The sandbox's own text: the default group cannot go, and AWS's answer is not recorded.
    if (name === DEFAULT_GROUP) throw new ValidationException("The default schedule group cannot be deleted.");
    this.group(name);
    for (const [key, schedule] of Object.entries(this.state.schedules)) {
      if (schedule.GroupName !== name) continue;
      this.o.scheduler.remove(key);
      await this.put(key, undefined);
    }
    await this.putGroup(name, undefined);
    return {};
  }

  listScheduleGroups(input: Input): Input {
    this.group(DEFAULT_GROUP);
    const matching = Object.values(this.state.groups)
      .filter((g) => typeof input.NamePrefix !== "string" || g.Name.startsWith(input.NamePrefix))
      // The default group first, as the AWS CLI's list-schedule-groups example lists it, then by creation.
      .sort((a, b) => Number(b.Name === DEFAULT_GROUP) - Number(a.Name === DEFAULT_GROUP) || a.CreationDate - b.CreationDate || (a.Name < b.Name ? -1 : 1))
      .map((g) => [g.Name, g] as const);
    const { page, nextToken } = paginate(matching, input);
    return { ScheduleGroups: page.map(([, g]) => groupView(g)), ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
  }

  /** Tags belong to schedule groups only (the model's TagResourceArn pattern). */
  private taggedGroup(arn: unknown): StoredGroup {
    const text = String(arn);
    return this.group(text.slice(text.lastIndexOf("/") + 1));
  }

  async tagResource(input: Input): Promise<Input> {
    const group = this.taggedGroup(input.ResourceArn);
    const tags = new Map(group.Tags.map((t) => [t.Key, t.Value]));
    for (const tag of input.Tags as Tag[]) tags.set(tag.Key, tag.Value);
    await this.putGroup(group.Name, { ...group, Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) });
    return {};
  }

  async untagResource(input: Input): Promise<Input> {
    const group = this.taggedGroup(input.ResourceArn);
    const remove = new Set(input.TagKeys as string[]);
    await this.putGroup(group.Name, { ...group, Tags: group.Tags.filter((t) => !remove.has(t.Key)) });
    return {};
  }

  listTagsForResource(input: Input): Input {
    return { Tags: this.taggedGroup(input.ResourceArn).Tags };
  }
}

/**
 * A group as GetScheduleGroup and ListScheduleGroups show it. The default group, there from the
 * start, has no creation or modification date (the AWS CLI's list-schedule-groups example shows
 * it with its Arn, Name and State alone).
 */
function groupView(group: StoredGroup): Input {
  const dates = group.Name === DEFAULT_GROUP ? {} : { CreationDate: seconds(group.CreationDate), LastModificationDate: seconds(group.LastModificationDate) };
  return { Arn: group.Arn, ...dates, Name: group.Name, State: "ACTIVE" };
}

/** A page of `items` from NextToken (the key to start at) with MaxResults entries. */
function paginate<T>(items: readonly (readonly [string, T])[], input: Input): { page: (readonly [string, T])[]; nextToken?: string } {
  const size = typeof input.MaxResults === "number" ? input.MaxResults : MAX_LIST_RESULTS;
  const token = typeof input.NextToken === "string" ? Buffer.from(input.NextToken, "base64url").toString("utf8") : undefined;
  const start = token === undefined ? 0 : Math.max(0, items.findIndex(([key]) => key === token));
  const page = items.slice(start, start + size);
  const next = items[start + size];
  return { page, ...(next ? { nextToken: Buffer.from(next[0], "utf8").toString("base64url") } : {}) };
}
