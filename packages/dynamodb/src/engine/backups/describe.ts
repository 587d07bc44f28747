/** BackupDetails, BackupSummary and BackupDescription as DynamoDB returns them. */
import type { DynamoDbEngine } from "../engine.js";
import type { IndexMeta, TableMeta } from "../table.js";
import type { BackupMeta } from "./store.js";

export type BackupStatus = "CREATING" | "AVAILABLE" | "DELETED";

/**
 * The sandbox takes a backup at once: CreateBackup answers CREATING as DynamoDB does
 * (ack-api-quirks DDB-BACKUP-001/004, 2026-10), DescribeBackup AVAILABLE.
 */
export function backupDetails(meta: BackupMeta, status: BackupStatus = "AVAILABLE") {
  return {
    BackupArn: meta.BackupArn,
    BackupName: meta.BackupName,
    BackupSizeBytes: meta.BackupSizeBytes,
    BackupStatus: status,
    BackupType: "USER",
    BackupCreationDateTime: meta.BackupCreationDateTime,
  };
}

export function backupSummary(meta: BackupMeta) {
  return {
    TableName: meta.table.TableName,
    TableId: meta.table.TableId,
    TableArn: meta.table.TableArn,
    BackupArn: meta.BackupArn,
    BackupName: meta.BackupName,
    BackupCreationDateTime: meta.BackupCreationDateTime,
    BackupStatus: "AVAILABLE",
    BackupType: "USER",
    BackupSizeBytes: meta.BackupSizeBytes,
  };
}

export function backupDescription(engine: DynamoDbEngine, meta: BackupMeta, status: BackupStatus = "AVAILABLE") {
  const table = meta.table;
  const description: Record<string, unknown> = {
    BackupDetails: backupDetails(meta, status),
    SourceTableDetails: {
      TableName: table.TableName,
      TableId: table.TableId,
      TableArn: table.TableArn,
      TableSizeBytes: meta.BackupSizeBytes,
      KeySchema: table.KeySchema,
      TableCreationDateTime: table.CreationDateTime,
      ProvisionedThroughput: throughput(table.ProvisionedThroughput),
      ...(table.OnDemandThroughput ? { OnDemandThroughput: table.OnDemandThroughput } : {}),
      ItemCount: meta.ItemCount,
      BillingMode: table.BillingMode,
    },
  };
  // Present, if empty, for a table without indexes, stream, TTL or encryption (ack-api-quirks DDB-BACKUP-004/009, 2026-10).
  description.SourceTableFeatureDetails = featureDetails(engine, table);
  return description;
}

function throughput(t: { ReadCapacityUnits: number; WriteCapacityUnits: number }) {
  return { ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits };
}

/** SourceTableFeatureDetails: the indexes, stream, TTL and encryption the backup was taken with. */
function featureDetails(engine: DynamoDbEngine, table: TableMeta): Record<string, unknown> {
  const features: Record<string, unknown> = {};
  const local = (i: IndexMeta) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection });
  if (table.LocalSecondaryIndexes.length > 0) features.LocalSecondaryIndexes = table.LocalSecondaryIndexes.map(local);
  if (table.GlobalSecondaryIndexes.length > 0) {
    features.GlobalSecondaryIndexes = table.GlobalSecondaryIndexes.map((i) => ({
      ...local(i),
      ProvisionedThroughput: throughput(i.ProvisionedThroughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 }),
      ...(i.OnDemandThroughput ? { OnDemandThroughput: i.OnDemandThroughput } : {}),
    }));
  }
  if (table.StreamSpecification?.StreamEnabled) features.StreamDescription = table.StreamSpecification;
  if (table.TimeToLive?.Enabled) {
    features.TimeToLiveDescription = { TimeToLiveStatus: "ENABLED", AttributeName: table.TimeToLive.AttributeName };
  }
  const sse = table.SSESpecification;
  if (sse?.Enabled) {
    const key = sse.KMSMasterKeyId;
    features.SSEDescription = {
      Status: "ENABLED",
      SSEType: "KMS",
      KMSMasterKeyArn: key?.startsWith("arn:") === true ? key : `arn:aws:kms:${engine.options.region}:${engine.options.accountId}:key/${key ?? table.TableId}`,
    };
  }
  return features;
}
