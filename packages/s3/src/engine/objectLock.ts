/**
 * Object Lock on object versions (S3 User Guide, "Locking objects with Object Lock"): the
 * bucket's default retention each new version gets, and which changes a retention in force
 * allows. Retention and legal hold are kept as the inner XML S3 answers them with.
 */
import {
  invalidLegalHoldHeader, lockedObjectAccessDenied, malformedXml, missingObjectLockConfiguration, objectLockHeadersIncomplete, retainUntilDateInPast,
  retainUntilDateNotIso, unknownObjectLockMode,
} from "../errors.js";
import type { Bucket, S3Object } from "./state.js";
import { storedXml } from "./storedConfigs.js";

export type LockMode = "GOVERNANCE" | "COMPLIANCE";

export interface Retention {
  mode?: LockMode;
  /** RetainUntilDate (NaN when absent). */
  until: number;
}

const DAY_MS = 86_400_000;
/** The last instant a JavaScript Date holds (ECMA-262 "Time Values and Time Range"). */
const MAX_TIME = 8.64e15;

const isLockMode = (value: string | undefined): value is LockMode => value === "GOVERNANCE" || value === "COMPLIANCE";

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

export function parseRetention(xml: string): Retention {
  const mode = tag(xml, "Mode");
  return { ...(isLockMode(mode) ? { mode } : {}), until: Date.parse(tag(xml, "RetainUntilDate") ?? "") };
}

export const retentionXml = (mode: LockMode, until: number): string => `<Mode>${mode}</Mode><RetainUntilDate>${new Date(until).toISOString()}</RetainUntilDate>`;

/** A removed retention (PutObjectRetention of an empty Retention): kept as "" so a replayed journal removes it too. */
export const NO_RETENTION = "";

/** How S3 names a date in its errors: Java's Date.toString in Pacific time ("Tue Dec 31 16:00:00 PST 2019"). */
export function pacificDateString(time: number): string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/Los_Angeles", weekday: "short", month: "short", day: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short",
  });
  const part = Object.fromEntries(format.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.month} ${part.day} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName} ${part.year}`;
}

/**
 * A PutObjectRetention's Retention: a known Mode and a RetainUntilDate together, the date in the
 * future; or neither, which removes the retention (localstack test_s3_object_retention(_exc), AWS-recorded).
 */
export function checkRetentionRequest(xml: string, now: number): void {
  const mode = tag(xml, "Mode");
  const untilText = tag(xml, "RetainUntilDate");
  if (mode === undefined && untilText === undefined) return;
  const until = Date.parse(untilText ?? "");
  if (!isLockMode(mode) || Number.isNaN(until)) throw malformedXml();
  if (until <= now) throw retainUntilDateInPast("RetainUntilDate", pacificDateString(until));
}

/** Whether a legal hold is ON. */
export const legalHoldOn = (xml: string | undefined): boolean => xml !== undefined && tag(xml, "Status") === "ON";

/** A PutObjectLegalHold's LegalHold, stored as S3 answers it: a Status of ON or OFF, else MalformedXML (ceph s3-tests test_object_lock_put_legal_hold_invalid_status). */
export function legalHoldXml(xml: string): string {
  const status = tag(xml, "Status");
  if (status !== "ON" && status !== "OFF") throw malformedXml();
  return `<Status>${status}</Status>`;
}

/** Whether Object Lock keeps a version from being deleted: a legal hold, or a retention not yet over (GOVERNANCE unless bypassed). */
export function isProtected(version: Pick<S3Object, "retention" | "legalHold">, now: number, bypassGovernance: boolean): boolean {
  if (legalHoldOn(version.legalHold)) return true;
  if (version.retention === undefined) return false;
  const { mode, until } = parseRetention(version.retention);
  return until > now && (mode === "COMPLIANCE" || (mode === "GOVERNANCE" && !bypassGovernance));
}

/**
 * The retention a version written at `now` gets from the bucket's DefaultRetention: its
 * creation time plus the Days or Years ("Bucket configuration" in the Object Lock overview).
 */
export function defaultRetention(bucket: Bucket, now: number): string | undefined {
  const config = storedXml(bucket, "objectLock");
  const rule = config === undefined ? undefined : /<DefaultRetention>(.*)<\/DefaultRetention>/s.exec(config)?.[1];
  if (rule === undefined) return undefined;
  const mode = tag(rule, "Mode");
  if (!isLockMode(mode)) return undefined;
  const days = Number(tag(rule, "Days") ?? NaN);
  const years = Number(tag(rule, "Years") ?? NaN);
  let until = NaN;
  if (Number.isInteger(days)) until = now + days * DAY_MS;
  else if (Number.isInteger(years)) until = new Date(now).setUTCFullYear(new Date(now).getUTCFullYear() + years);
  return Number.isFinite(until) && Math.abs(until) <= MAX_TIME ? retentionXml(mode, until) : undefined;
}

/** A write's x-amz-object-lock-mode, -retain-until-date and -legal-hold headers, as sent. */
export interface LockHeaders {
  mode?: string;
  retainUntil?: string;
  legalHold?: string;
}

/**
 * The Object Lock a PutObject, CopyObject or CreateMultipartUpload asks for: a mode always with
 * a retain-until date in the future, an ON or OFF hold, and only in a bucket with Object Lock
 * (the headers are judged before the bucket is).
 */
export function requestedLock(bucket: Bucket, headers: LockHeaders, now: number): Pick<S3Object, "retention" | "legalHold"> {
  const { mode, retainUntil, legalHold } = headers;
  if (mode === undefined && retainUntil === undefined && legalHold === undefined) return {};
  if (mode !== undefined && retainUntil === undefined) throw objectLockHeadersIncomplete("x-amz-object-lock-retain-until-date");
  if (mode === undefined && retainUntil !== undefined) throw objectLockHeadersIncomplete("x-amz-object-lock-mode");
  if (mode !== undefined && !isLockMode(mode)) throw unknownObjectLockMode(mode);
  const until = Date.parse(retainUntil ?? "");
  if (retainUntil !== undefined && (Number.isNaN(until) || Math.abs(until) > MAX_TIME)) throw retainUntilDateNotIso(retainUntil);
  if (retainUntil !== undefined && until <= now) throw retainUntilDateInPast("x-amz-object-lock-retain-until-date", retainUntil);
  if (legalHold !== undefined && legalHold !== "ON" && legalHold !== "OFF") throw invalidLegalHoldHeader(legalHold);
  if (storedXml(bucket, "objectLock") === undefined) throw missingObjectLockConfiguration();
  return {
    ...(isLockMode(mode) ? { retention: retentionXml(mode, until) } : {}),
    ...(legalHold === undefined ? {} : { legalHold: `<Status>${legalHold}</Status>` }),
  };
}

/** The Object Lock a new version carries: the one its write asked for, else the bucket's default retention. */
export function lockOfNewVersion(bucket: Bucket, now: number, requested: Pick<S3Object, "retention" | "legalHold">): Pick<S3Object, "retention" | "legalHold"> {
  const retention = requested.retention ?? defaultRetention(bucket, now);
  return { ...(retention === undefined ? {} : { retention }), ...(requested.legalHold === undefined ? {} : { legalHold: requested.legalHold }) };
}

/** Whether a version written now would carry a retention or a legal hold. */
export function locksNewVersion(bucket: Bucket, now: number, requested: Pick<S3Object, "retention" | "legalHold">): boolean {
  const lock = lockOfNewVersion(bucket, now, requested);
  return lock.retention !== undefined || lock.legalHold !== undefined;
}

/**
 * A retention still in force may be extended in its own mode; any other change to a GOVERNANCE
 * one (shortening it, or a new mode: ceph PR #42505, tried on S3) needs
 * x-amz-bypass-governance-retention, and a COMPLIANCE one never changes but to extend
 * (S3 User Guide, "Retention modes").
 */
export function checkRetentionChange(current: string | undefined, next: string, now: number, bypassGovernance: boolean): void {
  if (current === undefined) return;
  const was = parseRetention(current);
  if (!(was.until > now) || was.mode === undefined) return;
  const wanted = parseRetention(next);
  if (wanted.mode === was.mode && wanted.until >= was.until) return;
  if (was.mode === "GOVERNANCE" && bypassGovernance) return;
  throw lockedObjectAccessDenied();
}
