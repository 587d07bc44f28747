/**
 * When lifecycle rules act on an object, a noncurrent version or an upload. S3 adds a rule's
 * days to the start time and rounds the result to the next day's midnight UTC (S3 User Guide,
 * "Lifecycle configuration elements": created 1/15 10:30 UTC + 3 days expires 1/19 00:00 UTC);
 * a Date acts at that date's midnight UTC.
 */
import type { Bucket, S3Object, Upload } from "../state.js";
import { storedXml } from "../storedConfigs.js";
import { appliesToUploads, enabledRules, matches, type LifecycleRule } from "./rules.js";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC starting the day `ms` falls in. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `days` after `from`, rounded to the next day's midnight UTC. */
export function afterDays(from: number, days: number): number {
  return startOfDay(from + days * DAY_MS) + DAY_MS;
}

export function rulesOf(bucket: Bucket): LifecycleRule[] {
  const xml = storedXml(bucket, "lifecycle");
  return xml === undefined ? [] : enabledRules(xml);
}

export interface Due {
  at: number;
  ruleId: string;
}

function earliest(dues: Due[]): Due | undefined {
  return dues.reduce<Due | undefined>((best, d) => (best === undefined || d.at < best.at ? d : best), undefined);
}

/** When the Expiration rules act on a current version (or an expired object delete marker), the earliest rule first. */
export function currentExpiry(rules: readonly LifecycleRule[], object: S3Object): Due | undefined {
  return earliest(rules.flatMap((rule) => {
    const e = rule.expiration;
    if (!e || !matches(rule.filter, object)) return [];
    const at = e.date ?? (e.days === undefined ? undefined : afterDays(object.lastModified, e.days));
    return at === undefined ? [] : [{ at, ruleId: rule.id }];
  }));
}

/**
 * When a noncurrent version goes: `noncurrentSince` is when its successor was made,
 * `newer` how many noncurrent versions are newer than it (NewerNoncurrentVersions keeps that many).
 */
export function noncurrentExpiry(rules: readonly LifecycleRule[], version: S3Object, noncurrentSince: number, newer: number): Due | undefined {
  return earliest(rules.flatMap((rule) => {
    const n = rule.noncurrentExpiration;
    if (!n || newer < n.newerNoncurrentVersions || !matches(rule.filter, version)) return [];
    return [{ at: afterDays(noncurrentSince, n.days), ruleId: rule.id }];
  }));
}

/** Whether an ExpiredObjectDeleteMarker rule covers this delete marker. */
export function removesExpiredMarker(rules: readonly LifecycleRule[], marker: S3Object): boolean {
  return rules.some((rule) => rule.expiration?.expiredObjectDeleteMarker === true && matches(rule.filter, marker));
}

/** When AbortIncompleteMultipartUpload applies to an upload (x-amz-abort-date), the earliest rule first. */
export function abortDue(rules: readonly LifecycleRule[], upload: Pick<Upload, "key" | "initiated">): Due | undefined {
  return earliest(rules.flatMap((rule) => {
    if (rule.abortAfterDays === undefined || !appliesToUploads(rule.filter) || !upload.key.startsWith(rule.filter.prefix)) return [];
    return [{ at: afterDays(upload.initiated, rule.abortAfterDays), ruleId: rule.id }];
  }));
}
