import { BackupNotFoundException } from "../../errors.js";
import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { backupDescription } from "./describe.js";
import type { Backup } from "./store.js";

export function describeBackup(engine: DynamoDbEngine, input: { BackupArn: string }) {
  const backup = backupOf(engine, required(input.BackupArn, "backupArn"));
  return { BackupDescription: backupDescription(engine, backup.meta) };
}

export function backupOf(engine: DynamoDbEngine, arn: string): Backup {
  const backup = engine.backups.get(arn);
  if (!backup) throw new BackupNotFoundException(arn);
  return backup;
}
