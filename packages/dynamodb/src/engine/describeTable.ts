import type { DynamoDbEngine } from "./engine.js";
import type { ProvisionedThroughputDescription } from "./shapes.js";
import type { SecondaryIndex, Table } from "./table.js";

export type TableStatus = "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";

/** A TableDescription as DynamoDB returns it, with live item counts and sizes. */
export function describe(engine: DynamoDbEngine, table: Table, status: TableStatus = "ACTIVE"): Record<string, unknown> {
  const meta = table.meta;
  const onDemand = meta.BillingMode === "PAY_PER_REQUEST";
  const description: Record<string, unknown> = {
    AttributeDefinitions: meta.AttributeDefinitions,
    TableName: meta.TableName,
    KeySchema: meta.KeySchema,
    TableStatus: status,
    CreationDateTime: meta.CreationDateTime,
    ProvisionedThroughput: throughput(meta.ProvisionedThroughput),
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.itemCount,
    TableArn: meta.TableArn,
    TableId: meta.TableId,
  };
  if (meta.BillingModeShown || onDemand) {
    description.BillingModeSummary = {
      BillingMode: meta.BillingMode,
      ...(meta.LastUpdateToPayPerRequestDateTime !== undefined
        ? { LastUpdateToPayPerRequestDateTime: meta.LastUpdateToPayPerRequestDateTime }
        : {}),
    };
  }
  const locals = table.indexes.filter((i) => !i.global);
  if (locals.length > 0) {
    description.LocalSecondaryIndexes = locals.map((index) => ({
      IndexName: index.name,
      KeySchema: index.meta.KeySchema,
      Projection: index.meta.Projection,
      IndexSizeBytes: index.sizeBytes,
      ItemCount: index.tree.size,
      IndexArn: index.arn,
    }));
  }
  const globals = table.indexes.filter((i) => i.global);
  if (globals.length > 0) {
    description.GlobalSecondaryIndexes = globals.map((index) => describeGlobalIndex(index, status === "DELETING"));
  }
  // After a stream is disabled, StreamSpecification goes but the latest stream's ARN and label stay.
  if (meta.StreamSpecification?.StreamEnabled) description.StreamSpecification = meta.StreamSpecification;
  if (meta.LatestStreamLabel) {
    description.LatestStreamLabel = meta.LatestStreamLabel;
    description.LatestStreamArn = `${meta.TableArn}/stream/${meta.LatestStreamLabel}`;
  }
  if (meta.SSESpecification?.Enabled) {
    description.SSEDescription = {
      Status: "ENABLED",
      SSEType: "KMS",
      KMSMasterKeyArn:
        meta.SSESpecification.KMSMasterKeyId?.startsWith("arn:") === true
          ? meta.SSESpecification.KMSMasterKeyId
          : `arn:aws:kms:${engine.options.region}:${engine.options.accountId}:key/${meta.SSESpecification.KMSMasterKeyId ?? meta.TableId}`,
    };
  }
  if (meta.TableClass) {
    description.TableClassSummary = {
      TableClass: meta.TableClass,
      ...(meta.TableClassLastUpdate !== undefined ? { LastUpdateDateTime: meta.TableClassLastUpdate } : {}),
    };
  }
  if (meta.OnDemandThroughput) description.OnDemandThroughput = meta.OnDemandThroughput;
  if (meta.RestoreSummary) description.RestoreSummary = meta.RestoreSummary;
  description.DeletionProtectionEnabled = meta.DeletionProtectionEnabled;
  return description;
}

function describeGlobalIndex(index: SecondaryIndex, deleting: boolean): Record<string, unknown> {
  const meta = index.meta;
  return {
    IndexName: index.name,
    KeySchema: meta.KeySchema,
    Projection: meta.Projection,
    IndexStatus: deleting ? "DELETING" : "ACTIVE",
    ProvisionedThroughput: throughput(
      meta.ProvisionedThroughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    ),
    IndexSizeBytes: index.sizeBytes,
    ItemCount: index.tree.size,
    IndexArn: index.arn,
    ...(meta.OnDemandThroughput ? { OnDemandThroughput: meta.OnDemandThroughput } : {}),
  };
}

function throughput(t: ProvisionedThroughputDescription): ProvisionedThroughputDescription {
  return {
    ...(t.LastIncreaseDateTime !== undefined ? { LastIncreaseDateTime: t.LastIncreaseDateTime } : {}),
    ...(t.LastDecreaseDateTime !== undefined ? { LastDecreaseDateTime: t.LastDecreaseDateTime } : {}),
    NumberOfDecreasesToday: t.NumberOfDecreasesToday,
    ReadCapacityUnits: t.ReadCapacityUnits,
    WriteCapacityUnits: t.WriteCapacityUnits,
  };
}

export function describeTable(engine: DynamoDbEngine, input: { TableName: string }) {
  const table = engine.table(input.TableName, { nameInMessage: true });
  return { Table: describe(engine, table) };
}
