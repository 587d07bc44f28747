import {
  InvalidRestoreTimeException,
  MESSAGES,
  PointInTimeRecoveryUnavailableException,
  TableNotFoundException,
} from "../../errors.js";
import { tableNameOf, type DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { restoreTable } from "./restore.js";
import type { RestoreTableToPointInTimeInput } from "./shapes.js";

/**
 * Point in time recovery to LatestRestorableDateTime (now): the sandbox keeps no history of
 * a table, so an earlier RestoreDateTime is refused with a message that says so.
 */
export function restoreTableToPointInTime(engine: DynamoDbEngine, input: RestoreTableToPointInTimeInput) {
  const sourceName = tableNameOf(required(input.SourceTableName ?? input.SourceTableArn, "sourceTableName"));
  const target = required(input.TargetTableName, "targetTableName");
  const source = engine.tables.get(sourceName);
  // TableNotFoundException 'Table not found: <name>', bare 'Table not found' for a SourceTableArn, as
  // the model declares and DynamoDB answered the ack-api-quirks probes DDB-TABLE-098/447 (2026-10);
  // moto's SourceTableNotFoundException is no DynamoDB error.
  if (!source) throw new TableNotFoundException(input.SourceTableName === undefined ? undefined : sourceName);
  if (!source.meta.PointInTimeRecovery?.Enabled) throw new PointInTimeRecoveryUnavailableException(MESSAGES.pitrNotEnabled(sourceName));
  if (input.UseLatestRestorableTime !== true) throw new InvalidRestoreTimeException(MESSAGES.restoreTimeUnavailable);
  return restoreTable(engine, target, source.meta, input, { SourceTableArn: source.meta.TableArn }, { table: sourceName });
}
