import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { backupDescription } from "./describe.js";
import { backupOf } from "./describeBackup.js";
import { applyBackupRecord } from "./store.js";

export async function deleteBackup(engine: DynamoDbEngine, input: { BackupArn: string }) {
  // The ARN's Region is not compared, and the answer echoes the ARN as given (ack-api-quirks DDB-BACKUP-012, 2026-10).
  const arn = required(input.BackupArn, "backupArn");
  const backup = backupOf(engine, arn, { anyRegion: true });
  const record = { op: "deleteBackup", arn: backup.meta.BackupArn } as const;
  applyBackupRecord({ tables: engine.tables, backups: engine.backups }, record);
  await engine.commit(record);
  return { BackupDescription: backupDescription(engine, { ...backup.meta, BackupArn: arn }, "DELETED") };
}
