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
