/** How CloudWatch prints numbers and times in alarm reasons, history and notifications. */

/** A double as Java prints it: 2 → "2.0", 21.5 → "21.5". */
export function javaDouble(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return n.toFixed(1);
  return String(n);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "26/10/23 16:42:00" (dd/MM/yy HH:mm:ss, UTC), as alarm reasons date their datapoints. */
export function reasonDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "2023-10-26T16:42:37.611+0000", as alarm notifications and StateReasonData write times. */
export function alarmTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** The Region line of alarm notifications. */
const REGION_NAMES: Record<string, string> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "ca-central-1": "Canada (Central)",
  "eu-west-1": "EU (Ireland)",
  "eu-west-2": "EU (London)",
  "eu-west-3": "EU (Paris)",
  "eu-central-1": "EU (Frankfurt)",
  "eu-north-1": "EU (Stockholm)",
  "eu-south-1": "EU (Milan)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "ap-northeast-2": "Asia Pacific (Seoul)",
  "ap-northeast-3": "Asia Pacific (Osaka)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
  "ap-south-1": "Asia Pacific (Mumbai)",
  "sa-east-1": "South America (Sao Paulo)",
};

export const regionName = (region: string): string => REGION_NAMES[region] ?? region;

/** The SNS subject of an alarm's state change (SNS subjects are at most 100 characters). */
export const alarmSubject = (alarm: { StateValue: string; AlarmName: string }, region: string): string =>
  `${alarm.StateValue}: "${alarm.AlarmName}" in ${regionName(region)}`.slice(0, 100);
