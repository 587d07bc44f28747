/** What the Scheduler API keeps: schedule groups (with their tags) and schedules, journaled through the Store. */
import type { StateCodec } from "@sam-sandbox/core";

export interface Tag {
  Key: string;
  Value: string;
}

export interface StoredGroup {
  Name: string;
  Arn: string;
  /** Epoch milliseconds. */
  CreationDate: number;
  LastModificationDate: number;
  Tags: Tag[];
}

export interface StoredTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
  [member: string]: unknown;
}

export interface StoredSchedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ActionAfterCompletion: string;
  Description?: string;
  /** Epoch milliseconds. */
  StartDate?: number;
  EndDate?: number;
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  KmsKeyArn?: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: string;
  Target: StoredTarget;
  CreationDate: number;
  LastModificationDate: number;
}

export interface SchedulerApiState {
  groups: Record<string, StoredGroup>;
  /** By "<group>/<name>". */
  schedules: Record<string, StoredSchedule>;
}

export type SchedulerApiRecord =
  | { t: "group"; name: string; group?: StoredGroup }
  | { t: "schedule"; key: string; schedule?: StoredSchedule };

export const scheduleKey = (group: string, name: string): string => `${group}/${name}`;

export const schedulerApiCodec: StateCodec<SchedulerApiState, SchedulerApiRecord> = {
  empty: () => ({ groups: {}, schedules: {} }),
  fromSnapshot: (json) => json as SchedulerApiState,
  toSnapshot: (state) => state,
  apply: (state, record) => {
    if (record.t === "group") {
      if (record.group) state.groups[record.name] = record.group;
      else delete state.groups[record.name];
    } else if (record.schedule) state.schedules[record.key] = record.schedule;
    else delete state.schedules[record.key];
  },
};
