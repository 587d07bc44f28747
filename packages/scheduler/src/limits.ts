/** EventBridge schedule limits (AWS docs: "Schedule expressions for rules", "Schedule types in EventBridge Scheduler"). */

/** The Year field of a cron expression takes 1970-2199. */
export const MIN_CRON_YEAR = 1970;
export const MAX_CRON_YEAR = 2199;
/** `#` picks the 1st to 5th such day of the week in a month (3#2 = the second Tuesday). */
export const MAX_NTH_WEEKDAY = 5;
/** Schedules fire with one-minute precision: cron fields stop at minutes. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** A rate in days is 24 hours of elapsed time, even across a daylight saving change (EventBridge Scheduler docs). */
export const DAY_MS = 24 * HOUR_MS;

// ---- EventBridge Scheduler API (AWS model scheduler 2021-06-30; GetSchedule as recorded on AWS) ----

/** The group a schedule belongs to when CreateSchedule names none; it always exists. */
export const DEFAULT_GROUP = "default";
/** Target.RetryPolicy when the schedule sets none: one day, 185 attempts. */
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
/** ListSchedules / ListScheduleGroups page size when MaxResults is absent (the model's maximum). */
export const MAX_LIST_RESULTS = 100;
