import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { backupOf } from "./describeBackup.js";
import { restoreTable } from "./restore.js";
import type { RestoreTableFromBackupInput } from "./shapes.js";

/** A new table with the backup's items, indexes (or the overrides) and settings. */
export function restoreTableFromBackup(engine: DynamoDbEngine, input: RestoreTableFromBackupInput) {
  const backup = backupOf(engine, required(input.BackupArn, "backupArn"));
  const target = required(input.TargetTableName, "targetTableName");
  const source = backup.meta.table;
  return restoreTable(
    engine,
    target,
    source,
    input,
    { SourceBackupArn: backup.meta.BackupArn, SourceTableArn: source.TableArn, RestoreDateTime: backup.meta.BackupCreationDateTime },
    { backup: backup.meta.BackupArn },
  );
}
