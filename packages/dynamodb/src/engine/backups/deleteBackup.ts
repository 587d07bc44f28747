import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { backupDescription } from "./describe.js";
import { backupOf } from "./describeBackup.js";
import { applyBackupRecord } from "./store.js";

export async function deleteBackup(engine: DynamoDbEngine, input: { BackupArn: string }) {
  const backup = backupOf(engine, required(input.BackupArn, "backupArn"));
  const record = { op: "deleteBackup", arn: backup.meta.BackupArn } as const;
  applyBackupRecord({ tables: engine.tables, backups: engine.backups }, record);
  await engine.commit(record);
  return { BackupDescription: backupDescription(engine, backup.meta, "DELETED") };
}
