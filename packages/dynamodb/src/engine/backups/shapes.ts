/** Request shapes of the backup actions (AWS member names verbatim; see ../shapes.ts). */
import type { BillingMode, OnDemandThroughput, ProvisionedThroughput, SecondaryIndexInput, SSESpecification } from "../shapes.js";

export interface CreateBackupInput {
  TableName: string;
  BackupName: string;
}

export interface ListBackupsInput {
  TableName?: string;
  Limit?: number;
  /** Epoch seconds, inclusive. */
  TimeRangeLowerBound?: number;
  /** Epoch seconds, exclusive. */
  TimeRangeUpperBound?: number;
  ExclusiveStartBackupArn?: string;
  BackupType?: "USER" | "SYSTEM" | "AWS_BACKUP" | "ALL";
}

/** What a restore may change of the source table. */
export interface RestoreOverrides {
  BillingModeOverride?: BillingMode;
  GlobalSecondaryIndexOverride?: SecondaryIndexInput[];
  LocalSecondaryIndexOverride?: SecondaryIndexInput[];
  ProvisionedThroughputOverride?: ProvisionedThroughput;
  OnDemandThroughputOverride?: OnDemandThroughput;
  SSESpecificationOverride?: SSESpecification;
}

export interface RestoreTableFromBackupInput extends RestoreOverrides {
  TargetTableName: string;
  BackupArn: string;
}

export interface RestoreTableToPointInTimeInput extends RestoreOverrides {
  SourceTableArn?: string;
  SourceTableName?: string;
  TargetTableName: string;
  UseLatestRestorableTime?: boolean;
  /** Epoch seconds. */
  RestoreDateTime?: number;
}

export interface UpdateContinuousBackupsInput {
  TableName: string;
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean; RecoveryPeriodInDays?: number };
}
