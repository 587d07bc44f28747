import { TableInUseException } from "../../errors.js";
import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { backupOf } from "./describeBackup.js";
import { restoreTable } from "./restore.js";
import type { RestoreTableFromBackupInput } from "./shapes.js";

/**
 * A new table with the backup's items, indexes (or the overrides) and settings. An empty
 * OnDemandThroughputOverride ({}) restores the table without it and then answers
 * TableInUseException naming that very restore, as DynamoDB did on every try (ack-api-quirks
 * DDB-TABLE-463, 2026-10).
 */
export async function restoreTableFromBackup(engine: DynamoDbEngine, input: RestoreTableFromBackupInput) {
  const backup = backupOf(engine, required(input.BackupArn, "backupArn"));
  const target = required(input.TargetTableName, "targetTableName");
  const source = backup.meta.table;
  const odt = input.OnDemandThroughputOverride;
  const emptyOnDemand = odt !== undefined && odt.MaxReadRequestUnits === undefined && odt.MaxWriteRequestUnits === undefined;
  const restored = await restoreTable(
    engine,
    target,
    source,
    emptyOnDemand ? { ...input, OnDemandThroughputOverride: undefined } : input,
    { SourceBackupArn: backup.meta.BackupArn, SourceTableArn: source.TableArn, RestoreDateTime: backup.meta.BackupCreationDateTime },
    { backup: backup.meta.BackupArn },
  );
  if (emptyOnDemand) throw new TableInUseException(target, backup.meta.BackupArn);
  return restored;
}
