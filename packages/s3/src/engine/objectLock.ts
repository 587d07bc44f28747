/**
 * Object Lock on object versions (S3 User Guide, "Locking objects with Object Lock"): the
 * bucket's default retention each new version gets, and which changes a retention in force
 * allows. Retention and legal hold are kept as the inner XML S3 answers them with.
 */
import { invalidLegalHoldStatus, lockedObjectAccessDenied, missingObjectLockConfiguration, objectLockHeadersIncomplete, unknownObjectLockMode } from "../errors.js";
import type { Bucket, S3Object } from "./state.js";
import { storedXml } from "./storedConfigs.js";

export type LockMode = "GOVERNANCE" | "COMPLIANCE";

export interface Retention {
  mode?: LockMode;
  /** RetainUntilDate as written, and as a time (NaN when absent). */
  untilText?: string;
  until: number;
}

const DAY_MS = 86_400_000;

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

export function parseRetention(xml: string): Retention {
  const mode = tag(xml, "Mode");
  const untilText = tag(xml, "RetainUntilDate");
  return {
    ...(mode === "GOVERNANCE" || mode === "COMPLIANCE" ? { mode } : {}),
    ...(untilText === undefined ? {} : { untilText }),
    until: Date.parse(untilText ?? ""),
  };
}

export const retentionXml = (mode: LockMode, until: number): string => `<Mode>${mode}</Mode><RetainUntilDate>${new Date(until).toISOString()}</RetainUntilDate>`;

/** Whether a legal hold is ON. */
export const legalHoldOn = (xml: string | undefined): boolean => xml !== undefined && tag(xml, "Status") === "ON";

/**
 * The retention a version written at `now` gets from the bucket's DefaultRetention: its
 * creation time plus the Days or Years ("Bucket configuration" in the Object Lock overview).
 */
export function defaultRetention(bucket: Bucket, now: number): string | undefined {
  const config = storedXml(bucket, "objectLock");
  const rule = config === undefined ? undefined : /<DefaultRetention>(.*)<\/DefaultRetention>/s.exec(config)?.[1];
  if (rule === undefined) return undefined;
  const mode = tag(rule, "Mode");
  if (mode !== "GOVERNANCE" && mode !== "COMPLIANCE") return undefined;
  const days = Number(tag(rule, "Days") ?? NaN);
  const years = Number(tag(rule, "Years") ?? NaN);
  if (Number.isInteger(days)) return retentionXml(mode, now + days * DAY_MS);
  if (!Number.isInteger(years)) return undefined;
  const until = new Date(now);
  until.setUTCFullYear(until.getUTCFullYear() + years);
  return retentionXml(mode, until.getTime());
}

/** A write's x-amz-object-lock-mode, -retain-until-date and -legal-hold headers, as sent. */
export interface LockHeaders {
  mode?: string;
  retainUntil?: string;
  legalHold?: string;
}

/**
 * The Object Lock a PutObject, CopyObject or CreateMultipartUpload asks for: only in a bucket
 * with Object Lock, a mode always with a retain-until date (one that is no date counts as none).
 */
export function requestedLock(bucket: Bucket, headers: LockHeaders): Pick<S3Object, "retention" | "legalHold"> {
  const { mode, legalHold } = headers;
  const until = Date.parse(headers.retainUntil ?? "");
  if (mode === undefined && headers.retainUntil === undefined && legalHold === undefined) return {};
  if (storedXml(bucket, "objectLock") === undefined) throw missingObjectLockConfiguration();
  if ((mode === undefined) !== Number.isNaN(until)) throw objectLockHeadersIncomplete();
  if (mode !== undefined && mode !== "GOVERNANCE" && mode !== "COMPLIANCE") throw unknownObjectLockMode();
  if (legalHold !== undefined && legalHold !== "ON" && legalHold !== "OFF") throw invalidLegalHoldStatus();
  return {
    ...(mode === undefined ? {} : { retention: retentionXml(mode, until) }),
    ...(legalHold === undefined ? {} : { legalHold: `<Status>${legalHold}</Status>` }),
  };
}

/** The Object Lock a new version carries: the one its write asked for, else the bucket's default retention. */
export function lockOfNewVersion(bucket: Bucket, now: number, requested: Pick<S3Object, "retention" | "legalHold">): Pick<S3Object, "retention" | "legalHold"> {
  const retention = requested.retention ?? defaultRetention(bucket, now);
  return { ...(retention === undefined ? {} : { retention }), ...(requested.legalHold === undefined ? {} : { legalHold: requested.legalHold }) };
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
