/**
 * DescribeContinuousBackups / UpdateContinuousBackups: continuous backups are ENABLED on
 * every table; point in time recovery is off until UpdateContinuousBackups turns it on.
 */
import { ValidationException } from "../../errors.js";
import { DEFAULT_RECOVERY_PERIOD_DAYS } from "../../limits.js";
import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import type { TableMeta } from "../table.js";
import { tableOf } from "./createBackup.js";
import type { UpdateContinuousBackupsInput } from "./shapes.js";

const DAY_SECONDS = 24 * 60 * 60;

export function describeContinuousBackups(engine: DynamoDbEngine, input: { TableName: string }) {
  const table = tableOf(engine, required(input.TableName, "tableName"));
  return { ContinuousBackupsDescription: continuousBackupsDescription(engine, table.meta) };
}

export async function updateContinuousBackups(engine: DynamoDbEngine, input: UpdateContinuousBackupsInput) {
  const table = tableOf(engine, required(input.TableName, "tableName"));
  const spec = required(input.PointInTimeRecoverySpecification, "pointInTimeRecoverySpecification");
  // ack-api-quirks DDB-TABLE-442/084 (2026-10): a period only goes with enabling.
  if (!spec.PointInTimeRecoveryEnabled && spec.RecoveryPeriodInDays !== undefined && spec.RecoveryPeriodInDays !== null) {
    throw new ValidationException("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
  }
  const current = table.meta.PointInTimeRecovery;
  const meta: TableMeta = { ...table.meta };
  if (spec.PointInTimeRecoveryEnabled) {
    meta.PointInTimeRecovery = {
      Enabled: true,
      RecoveryPeriodInDays: spec.RecoveryPeriodInDays ?? current?.RecoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_DAYS,
      // Re-enabling starts a new recovery window; changing the period keeps the window.
      EnabledAt: current?.Enabled ? current.EnabledAt : engine.nowSeconds(),
    };
  } else {
    delete meta.PointInTimeRecovery;
  }
  await engine.saveMeta(meta);
  return { ContinuousBackupsDescription: continuousBackupsDescription(engine, meta) };
}

/**
 * With recovery on, the window runs from when it was enabled (at most RecoveryPeriodInDays
 * back) to now: AWS's LatestRestorableDateTime trails by about five minutes of replication,
 * which a local table does not have.
 */
export function continuousBackupsDescription(engine: DynamoDbEngine, meta: TableMeta) {
  const pitr = meta.PointInTimeRecovery;
  if (!pitr?.Enabled) {
    return { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } };
  }
  const now = engine.nowSeconds();
  return {
    ContinuousBackupsStatus: "ENABLED",
    PointInTimeRecoveryDescription: {
      PointInTimeRecoveryStatus: "ENABLED",
      RecoveryPeriodInDays: pitr.RecoveryPeriodInDays,
      EarliestRestorableDateTime: Math.max(pitr.EnabledAt, now - pitr.RecoveryPeriodInDays * DAY_SECONDS),
      LatestRestorableDateTime: now,
    },
  };
}
