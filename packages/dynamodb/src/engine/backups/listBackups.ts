import { ValidationException } from "../../errors.js";
import { tableNameOf, type DynamoDbEngine } from "../engine.js";
import { backupSummary } from "./describe.js";
import type { ListBackupsInput } from "./shapes.js";
import type { BackupMeta } from "./store.js";

/**
 * Oldest first. TimeRangeLowerBound is inclusive and TimeRangeUpperBound exclusive, and
 * without BackupType only USER backups are listed (API_ListBackups) — the only kind here.
 */
export function listBackups(engine: DynamoDbEngine, input: ListBackupsInput) {
  const lower = input.TimeRangeLowerBound;
  const upper = input.TimeRangeUpperBound;
  // ack-api-quirks DDB-BACKUP-014/DDB-TABLE-442 (2026-10): an inverted range is refused, not an empty page.
  if (lower !== undefined && upper !== undefined && lower > upper) {
    throw new ValidationException("One or more parameter values were invalid: Time range lower bound must be less than or equal to upper bound");
  }
  const tableName = input.TableName === undefined ? undefined : tableNameOf(input.TableName);
  const type = input.BackupType ?? "USER";
  let backups = [...engine.backups.values()].map((b) => b.meta);
  backups = backups.filter(
    (b) =>
      (type === "USER" || type === "ALL") &&
      (tableName === undefined || b.table.TableName === tableName) &&
      (input.TimeRangeLowerBound === undefined || b.BackupCreationDateTime >= input.TimeRangeLowerBound) &&
      (input.TimeRangeUpperBound === undefined || b.BackupCreationDateTime < input.TimeRangeUpperBound),
  );
  backups.sort(compareBackups);
  const start = input.ExclusiveStartBackupArn;
  if (start !== undefined) backups = backups.filter((b) => compareBackups(b, positionOf(start)) > 0);
  const limit = input.Limit;
  const page = limit === undefined ? backups : backups.slice(0, limit);
  const output: Record<string, unknown> = { BackupSummaries: page.map(backupSummary) };
  if (page.length < backups.length) output.LastEvaluatedBackupArn = page[page.length - 1].BackupArn;
  return output;
}

function compareBackups(a: Pick<BackupMeta, "BackupCreationDateTime" | "BackupArn">, b: Pick<BackupMeta, "BackupCreationDateTime" | "BackupArn">): number {
  if (a.BackupCreationDateTime !== b.BackupCreationDateTime) return a.BackupCreationDateTime - b.BackupCreationDateTime;
  return a.BackupArn < b.BackupArn ? -1 : a.BackupArn > b.BackupArn ? 1 : 0;
}

/** A start ARN's place in the order, read from the ARN itself (the backup may be deleted since). */
function positionOf(arn: string): Pick<BackupMeta, "BackupCreationDateTime" | "BackupArn"> {
  const ms = /\/backup\/(\d+)-/.exec(arn)?.[1];
  return { BackupCreationDateTime: ms === undefined ? 0 : Number(ms) / 1000, BackupArn: arn };
}
