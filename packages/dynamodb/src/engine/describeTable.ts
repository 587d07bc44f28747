import { decreasesToday } from "./decreaseBudget.js";
import type { DynamoDbEngine } from "./engine.js";
import type { ProvisionedThroughputDescription } from "./shapes.js";
import type { IndexMeta, SecondaryIndex, Table } from "./table.js";
import { describeIndexWarmThroughput, describeWarmThroughput } from "./warmThroughput.js";

export type TableStatus = "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";

/**
 * A TableDescription as DynamoDB returns it, with live item counts and sizes. `status` is what
 * the answering action reports: CreateTable answers CREATING (its indexes CREATING too, and no
 * LastUpdateToPayPerRequestDateTime yet), UpdateTable UPDATING (the indexes it creates
 * CREATING, not backfilling), DeleteTable DELETING (responses recorded from DynamoDB; the
 * sandbox's tables are usable at once, so DescribeTable answers ACTIVE).
 */
export function describe(
  engine: DynamoDbEngine,
  table: Table,
  status: TableStatus = "ACTIVE",
  indexChanges: ReadonlyMap<string, IndexChange> = new Map(),
): Record<string, unknown> {
  const meta = table.meta;
  const onDemand = meta.BillingMode === "PAY_PER_REQUEST";
  const description: Record<string, unknown> = {
    // DynamoDB answers AttributeDefinitions sorted by name (ack-api-quirks DDB-TABLE-125).
    AttributeDefinitions: [...meta.AttributeDefinitions].sort((a, b) => byName(a.AttributeName, b.AttributeName)),
    TableName: meta.TableName,
    KeySchema: meta.KeySchema,
    TableStatus: status,
    CreationDateTime: meta.CreationDateTime,
    // The count of decreases starts again at 00:00 UTC (ack-api-quirks DDB-TABLE-185).
    ProvisionedThroughput: throughput({ ...meta.ProvisionedThroughput, NumberOfDecreasesToday: decreasesToday(meta.ProvisionedThroughput, engine.nowSeconds()) }),
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.itemCount,
    TableArn: meta.TableArn,
    TableId: meta.TableId,
  };
  if (meta.BillingModeShown || onDemand) {
    description.BillingModeSummary = {
      BillingMode: meta.BillingMode,
      ...(meta.LastUpdateToPayPerRequestDateTime !== undefined && status !== "CREATING"
        ? { LastUpdateToPayPerRequestDateTime: meta.LastUpdateToPayPerRequestDateTime }
        : {}),
    };
  }
  const locals = table.indexes.filter((i) => !i.global);
  if (locals.length > 0) {
    description.LocalSecondaryIndexes = locals.map((index) => ({
      IndexName: index.name,
      KeySchema: index.meta.KeySchema,
      Projection: projection(index.meta.Projection),
      IndexSizeBytes: index.sizeBytes,
      ItemCount: index.tree.size,
      IndexArn: index.arn,
    }));
  }
  const globals = table.indexes.filter((i) => i.global);
  if (globals.length > 0) {
    const nowMs = engine.options.clock.now();
    description.GlobalSecondaryIndexes = globals.map((index) => describeGlobalIndex(index, status, indexChanges.get(index.name), onDemand, nowMs));
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
      KMSMasterKeyArn: kmsMasterKeyArn(engine, meta),
    };
  }
  if (meta.TableClass) {
    description.TableClassSummary = {
      TableClass: meta.TableClass,
      ...(meta.TableClassLastUpdate !== undefined ? { LastUpdateDateTime: meta.TableClassLastUpdate } : {}),
    };
  }
  if (meta.OnDemandThroughput) description.OnDemandThroughput = meta.OnDemandThroughput;
  // RestoreSummary is described only while the restore runs (the restore's own answer): an ACTIVE
  // restored table has none (ack-api-quirks DDB-TABLE-216, 253 polls on DynamoDB, 2026-10).
  description.DeletionProtectionEnabled = meta.DeletionProtectionEnabled;
  // Warm throughput is always described, but not in CreateTable's or DeleteTable's answer
  // (ack-api-quirks DDB-TABLE-134/138; a DeleteTable answer recorded from DynamoDB in 2026).
  if (status === "ACTIVE" || status === "UPDATING") description.WarmThroughput = describeWarmThroughput(meta, engine.options.clock.now());
  return description;
}

/** The KMS key ARN a table's SSEDescription names. */
export function kmsMasterKeyArn(engine: DynamoDbEngine, meta: Table["meta"]): string {
  const id = meta.SSESpecification?.KMSMasterKeyId;
  return id?.startsWith("arn:") === true ? id : `arn:aws:kms:${engine.options.region}:${engine.options.accountId}:key/${id ?? meta.TableId}`;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** NonKeyAttributes come back sorted by name (ack-api-quirks DDB-TABLE-125). */
function projection(p: IndexMeta["Projection"]): IndexMeta["Projection"] {
  return p.NonKeyAttributes ? { ...p, NonKeyAttributes: [...p.NonKeyAttributes].sort(byName) } : p;
}

/** How an index reads in an answer: `change` is what the answering UpdateTable does to it. */
export type IndexChange = "created" | "updated" | "deleted";

function indexStatus(status: TableStatus, change: IndexChange | undefined): string {
  if (status === "DELETING" || change === "deleted") return "DELETING";
  if (change === "updated") return "UPDATING";
  return status === "CREATING" || change === "created" ? "CREATING" : "ACTIVE";
}

export function describeGlobalIndex(index: SecondaryIndex, status: TableStatus, change: IndexChange | undefined, onDemand: boolean, nowMs = 0): Record<string, unknown> {
  const meta = index.meta;
  const created = change === "created";
  return {
    IndexName: index.name,
    KeySchema: meta.KeySchema,
    Projection: projection(meta.Projection),
    IndexStatus: indexStatus(status, change),
    ...(created ? { Backfilling: false } : {}),
    ProvisionedThroughput: throughput(
      meta.ProvisionedThroughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    ),
    IndexSizeBytes: index.sizeBytes,
    ItemCount: index.tree.size,
    IndexArn: index.arn,
    ...(meta.OnDemandThroughput ? { OnDemandThroughput: meta.OnDemandThroughput } : {}),
    ...((status === "ACTIVE" || status === "UPDATING") && change === undefined ? { WarmThroughput: describeIndexWarmThroughput(meta, onDemand, nowMs) } : {}),
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
