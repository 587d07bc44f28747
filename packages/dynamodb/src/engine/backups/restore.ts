/**
 * The table a restore creates: the source's key schema and indexes (or the overrides),
 * billing and throughput (or the overrides). As on AWS, streams, TTL, tags, point in time
 * recovery and deletion protection are not restored: they are set up again by hand.
 */
import { uuid } from "@sam-sandbox/core";
import { TableAlreadyExistsException } from "../../errors.js";
import { indexMeta, throughputDescription, validateCreateTable } from "../createTable.js";
import { describe } from "../describeTable.js";
import type { DynamoDbEngine } from "../engine.js";
import type { CreateTableInput, KeySchemaElement, ProvisionedThroughput, SecondaryIndexInput } from "../shapes.js";
import { applyRecord } from "../state.js";
import type { IndexMeta, TableMeta } from "../table.js";
import type { RestoreOverrides } from "./shapes.js";
import type { CopySource } from "./store.js";
import { importCreating } from "../transfers/store.js";

export type RestoreSummary = NonNullable<TableMeta["RestoreSummary"]>;

/** Creates `target` from `source`'s metadata and `copyFrom`'s items, in one journal record. */
export async function restoreTable(
  engine: DynamoDbEngine,
  target: string,
  source: TableMeta,
  overrides: RestoreOverrides,
  summary: Omit<RestoreSummary, "RestoreDateTime" | "RestoreInProgress"> & { RestoreDateTime?: number },
  copyFrom: CopySource,
) {
  if (engine.tables.has(target) || importCreating(engine.transfers, target)) throw new TableAlreadyExistsException(target);
  const now = engine.nowSeconds();
  const meta = restoredMeta(engine, target, source, overrides, now);
  // RestoreDateTime is the point restored to: a backup's creation time (AWS CLI reference,
  // restore-table-from-backup example), now for the latest restorable time.
  meta.RestoreSummary = { ...summary, RestoreDateTime: summary.RestoreDateTime ?? now, RestoreInProgress: false };
  const record = { op: "createTable", meta, copyFrom } as const;
  applyRecord({ tables: engine.tables, backups: engine.backups }, record);
  await engine.commit(record);
  // The restore answers CREATING with the restore in progress (AWS CLI reference example); the
  // sandbox's copy is already complete, so DescribeTable answers ACTIVE, without RestoreSummary
  // (ack-api-quirks DDB-TABLE-216).
  const description = describe(engine, engine.table(target), "CREATING");
  description.RestoreSummary = { ...meta.RestoreSummary, RestoreInProgress: true };
  return { TableDescription: description };
}

function restoredMeta(engine: DynamoDbEngine, target: string, source: TableMeta, o: RestoreOverrides, now: number): TableMeta {
  const billing = o.BillingModeOverride ?? source.BillingMode;
  const onDemand = billing === "PAY_PER_REQUEST";
  const tableThroughput: ProvisionedThroughput | undefined = onDemand
    ? undefined
    : (o.ProvisionedThroughputOverride ?? plain(source.ProvisionedThroughput));
  const asInput = (index: IndexMeta): SecondaryIndexInput => {
    const own = index.ProvisionedThroughput && index.ProvisionedThroughput.ReadCapacityUnits > 0 ? plain(index.ProvisionedThroughput) : tableThroughput;
    return {
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      ...(onDemand || own === undefined ? {} : { ProvisionedThroughput: own }),
      ...(index.OnDemandThroughput ? { OnDemandThroughput: index.OnDemandThroughput } : {}),
    };
  };
  const globals = o.GlobalSecondaryIndexOverride ?? source.GlobalSecondaryIndexes.map(asInput);
  const locals = o.LocalSecondaryIndexOverride ?? source.LocalSecondaryIndexes.map(asInput);
  const used = new Set<string>(names(source.KeySchema));
  for (const index of [...globals, ...locals]) for (const name of names(index.KeySchema)) used.add(name);
  const definitions = source.AttributeDefinitions.filter((d) => used.has(d.AttributeName));
  const input: CreateTableInput = {
    TableName: target,
    AttributeDefinitions: definitions,
    KeySchema: source.KeySchema,
    BillingMode: billing,
    ...(tableThroughput ? { ProvisionedThroughput: tableThroughput } : {}),
    ...(locals.length > 0 ? { LocalSecondaryIndexes: locals } : {}),
    ...(globals.length > 0 ? { GlobalSecondaryIndexes: globals } : {}),
  };
  // The same checks as CreateTable: overrides must still make a valid table.
  validateCreateTable(input, definitions.map((d) => d.AttributeName), source.KeySchema);
  const sse = o.SSESpecificationOverride ?? source.SSESpecification;
  const onDemandThroughput = o.OnDemandThroughputOverride ?? source.OnDemandThroughput;
  return {
    TableName: target,
    TableId: uuid(),
    TableArn: engine.tableArn(target),
    CreationDateTime: now,
    AttributeDefinitions: definitions,
    KeySchema: source.KeySchema,
    BillingMode: billing,
    // A restored table always describes its billing mode, PROVISIONED too, though its source did not
    // (the AWS CLI's examples dynamodb/restore-table-from-backup.rst and restore-table-to-point-in-time.rst).
    BillingModeShown: true,
    ...(onDemand ? { LastUpdateToPayPerRequestDateTime: now } : {}),
    ProvisionedThroughput: throughputDescription(tableThroughput),
    ...(onDemandThroughput ? { OnDemandThroughput: onDemandThroughput } : {}),
    LocalSecondaryIndexes: locals.map((i) => indexMeta(i, false)),
    GlobalSecondaryIndexes: globals.map((i) => indexMeta(i, true)),
    ...(sse?.Enabled ? { SSESpecification: sse } : {}),
    // A backup does not record the table class, and a restore does not carry it (ack-api-quirks DDB-BACKUP-009, DDB-TABLE-215).
    DeletionProtectionEnabled: false,
    Tags: [],
  };
}

function plain(t: ProvisionedThroughput): ProvisionedThroughput {
  return { ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits };
}

function names(schema: KeySchemaElement[]): string[] {
  return schema.map((k) => k.AttributeName);
}
