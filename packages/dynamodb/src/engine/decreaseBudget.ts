/**
 * The provisioned throughput decrease budget, as DynamoDB keeps it (ack-api-quirks
 * DDB-TABLE-184/185/326, verified 2026-10): 4 decreases a UTC day (one call lowering both units
 * counts once), then one more 3600 s after the last accepted one; the count starts again at
 * 00:00 UTC, and LastDecreaseDateTime stays. Refused attempts change nothing.
 */
import { LimitExceededException } from "../errors.js";
import { FREE_THROUGHPUT_DECREASES_PER_DAY, THROUGHPUT_DECREASE_INTERVAL_SECONDS } from "../limits.js";
import type { ProvisionedThroughputDescription } from "./shapes.js";

const DAY_SECONDS = 86_400;

function utcDay(epochSeconds: number): number {
  return Math.floor(epochSeconds / DAY_SECONDS);
}

/** NumberOfDecreasesToday at `nowSeconds`: the decreases of the current UTC day. */
export function decreasesToday(t: ProvisionedThroughputDescription, nowSeconds: number): number {
  return t.LastDecreaseDateTime !== undefined && utcDay(t.LastDecreaseDateTime) === utcDay(nowSeconds) ? t.NumberOfDecreasesToday : 0;
}

/** Refuses a decrease past the budget, naming when the next one can be made (DDB-TABLE-184/326). */
export function checkDecreaseBudget(t: ProvisionedThroughputDescription, nowSeconds: number): void {
  const today = decreasesToday(t, nowSeconds);
  const last = t.LastDecreaseDateTime;
  if (today < FREE_THROUGHPUT_DECREASES_PER_DAY || last === undefined) return;
  const next = Math.min(last + THROUGHPUT_DECREASE_INTERVAL_SECONDS, (utcDay(last) + 1) * DAY_SECONDS);
  if (nowSeconds >= next) return;
  throw new LimitExceededException(
    `Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first ${FREE_THROUGHPUT_DECREASES_PER_DAY} decreases, each subsequent decrease in the same UTC day can be performed at most once every ${THROUGHPUT_DECREASE_INTERVAL_SECONDS} seconds. Number of decreases today: ${today}. Last decrease at ${spoken(last)}. Next decrease can be made at ${spoken(next)}.`,
  );
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time", as DynamoDB words a time. */
function spoken(epochSeconds: number): string {
  const d = new Date(Math.floor(epochSeconds) * 1000);
  const hour = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  return `${date} at ${hour}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? "AM" : "PM"} Coordinated Universal Time`;
}
