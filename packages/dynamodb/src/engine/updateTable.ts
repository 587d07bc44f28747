import { LimitExceededException, MESSAGES, ResourceNotFoundException, ValidationException } from "../errors.js";
import { MAX_GLOBAL_SECONDARY_INDEXES } from "../limits.js";
import { checkCapacity, checkIndexKeySchema, checkProjection, indexMeta, throughputDescription } from "./createTable.js";
import { describe } from "./describeTable.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { AttributeDefinition, ProvisionedThroughput, ProvisionedThroughputDescription, UpdateTableInput } from "./shapes.js";
import { applyRecord } from "./state.js";
import type { IndexMeta, Table, TableMeta } from "./table.js";

const INVALID = "One or more parameter values were invalid: ";

/** Billing, throughput, GSI create/update/delete, streams, table class, deletion protection, SSE. */
export async function updateTable(engine: DynamoDbEngine, input: UpdateTableInput) {
  const table = engine.table(required(input.TableName, "tableName"), { nameInMessage: true });
  validateUpdateTable(input);
  const now = engine.nowSeconds();
  const old = table.meta;
  const meta: TableMeta = { ...old };
  const billing = input.BillingMode ?? old.BillingMode;

  if (input.ProvisionedThroughput) {
    if (billing === "PAY_PER_REQUEST") {
      throw new ValidationException(
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      );
    }
    meta.ProvisionedThroughput = changedThroughput(old.ProvisionedThroughput, input.ProvisionedThroughput, now, input.BillingMode === undefined);
  }
  if (input.BillingMode !== undefined) {
    meta.BillingMode = input.BillingMode;
    meta.BillingModeShown = true;
    if (input.BillingMode === "PAY_PER_REQUEST" && old.BillingMode !== "PAY_PER_REQUEST") {
      meta.LastUpdateToPayPerRequestDateTime = now;
      meta.ProvisionedThroughput = { ...old.ProvisionedThroughput, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
    }
  }
  if (input.OnDemandThroughput) meta.OnDemandThroughput = input.OnDemandThroughput;

  meta.AttributeDefinitions = [...old.AttributeDefinitions];
  meta.GlobalSecondaryIndexes = applyIndexUpdates(table, input, meta, billing, now);
  // DynamoDB describes only the attributes some key schema still uses.
  const used = new Set(
    [meta.KeySchema, ...meta.LocalSecondaryIndexes.map((i) => i.KeySchema), ...meta.GlobalSecondaryIndexes.map((i) => i.KeySchema)]
      .flat()
      .map((k) => k.AttributeName),
  );
  meta.AttributeDefinitions = meta.AttributeDefinitions.filter((d) => used.has(d.AttributeName));
  if (input.BillingMode === "PAY_PER_REQUEST" && old.BillingMode !== "PAY_PER_REQUEST") {
    meta.GlobalSecondaryIndexes = meta.GlobalSecondaryIndexes.map((i) => ({
      ...i,
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    }));
  }
  if (input.BillingMode === "PROVISIONED" && old.BillingMode !== "PROVISIONED") {
    const missing = meta.GlobalSecondaryIndexes.filter((i) => !i.ProvisionedThroughput?.ReadCapacityUnits).map((i) => i.IndexName);
    if (missing.length > 0) {
      throw new ValidationException(`${INVALID}ProvisionedThroughput must be specified for index: ${missing.join(",")}`);
    }
  }

  if (input.StreamSpecification) {
    // Texts recorded from DynamoDB (ack-api-quirks DDB-TABLE-050): a stream cannot be changed in
    // place; after a disable LatestStreamArn/Label stay in DescribeTable until the next enable.
    const spec = input.StreamSpecification;
    if (input.ProvisionedThroughput) throw new ValidationException(MESSAGES.streamWithThroughputChange);
    if ((input.GlobalSecondaryIndexUpdates ?? []).some((u) => u.Create || u.Delete)) {
      throw new ValidationException(MESSAGES.streamWithIndexChange);
    }
    if (spec.StreamEnabled) {
      if (!spec.StreamViewType) throw new ValidationException(MESSAGES.enableStreamNeedsViewType);
      if (old.StreamSpecification?.StreamEnabled) throw new ValidationException(MESSAGES.streamAlreadyEnabled(table.name));
      meta.StreamSpecification = spec;
      meta.LatestStreamLabel = engine.capture.streamLabel(table.name);
    } else {
      if (spec.StreamViewType) throw new ValidationException(MESSAGES.disableStreamWithViewType);
      if (!old.StreamSpecification?.StreamEnabled) throw new ValidationException(MESSAGES.noStreamToDisable(table.name));
      delete meta.StreamSpecification;
    }
  }
  if (input.SSESpecification) {
    if (input.SSESpecification.Enabled === false) delete meta.SSESpecification;
    else meta.SSESpecification = { ...input.SSESpecification, Enabled: true };
  }
  if (input.TableClass) {
    meta.TableClass = input.TableClass;
    meta.TableClassLastUpdate = now;
  }
  if (input.DeletionProtectionEnabled !== undefined) meta.DeletionProtectionEnabled = input.DeletionProtectionEnabled;

  const record = { op: "updateTable", meta } as const;
  applyRecord({ tables: engine.tables }, record);
  await engine.commit(record);
  return { TableDescription: describe(engine, table) };
}

function validateUpdateTable(input: UpdateTableInput): void {
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const changes =
    input.ProvisionedThroughput ??
    input.BillingMode ??
    input.StreamSpecification ??
    input.SSESpecification ??
    input.TableClass ??
    input.DeletionProtectionEnabled ??
    input.OnDemandThroughput;
  if (changes === undefined && updates.length === 0) {
    throw new ValidationException(
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
    );
  }
  if (input.BillingMode === "PROVISIONED" && !input.ProvisionedThroughput) {
    throw new ValidationException(`${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
  }
  if (input.ProvisionedThroughput) checkCapacity(input.ProvisionedThroughput);
  const seen = new Set<string>();
  let onlineChanges = 0;
  for (const update of updates) {
    const actions = [update.Update, update.Create, update.Delete].filter((a) => a !== undefined && a !== null);
    if (actions.length !== 1) {
      throw new ValidationException(
        `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
      );
    }
    const name = actions[0]?.IndexName ?? "";
    if (seen.has(name)) {
      throw new ValidationException(
        `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: ${name}`,
      );
    }
    seen.add(name);
    if (update.Create || update.Delete) onlineChanges++;
  }
  if (onlineChanges > 1) {
    throw new LimitExceededException("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
  }
}

function changedThroughput(
  current: ProvisionedThroughputDescription,
  wanted: ProvisionedThroughput,
  now: number,
  mustChange: boolean,
): ProvisionedThroughputDescription {
  const readDiff = wanted.ReadCapacityUnits - current.ReadCapacityUnits;
  const writeDiff = wanted.WriteCapacityUnits - current.WriteCapacityUnits;
  if (mustChange && readDiff === 0 && writeDiff === 0) {
    throw new ValidationException(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${current.ReadCapacityUnits}. Requested ReadCapacityUnits: ${wanted.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${current.WriteCapacityUnits}. Requested WriteCapacityUnits: ${wanted.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  const next: ProvisionedThroughputDescription = {
    ...current,
    ReadCapacityUnits: wanted.ReadCapacityUnits,
    WriteCapacityUnits: wanted.WriteCapacityUnits,
  };
  if (readDiff > 0 || writeDiff > 0) next.LastIncreaseDateTime = now;
  if (readDiff < 0 || writeDiff < 0) {
    next.LastDecreaseDateTime = now;
    next.NumberOfDecreasesToday = current.NumberOfDecreasesToday + 1;
  }
  return next;
}

function applyIndexUpdates(table: Table, input: UpdateTableInput, meta: TableMeta, billing: string, now: number): IndexMeta[] {
  let globals = [...meta.GlobalSecondaryIndexes];
  const given: AttributeDefinition[] = input.AttributeDefinitions ?? [];
  for (const update of input.GlobalSecondaryIndexUpdates ?? []) {
    if (update.Create) {
      const create = update.Create;
      if (table.index(create.IndexName)) {
        throw new ValidationException(`${INVALID}Index with name: ${create.IndexName} already exists`);
      }
      checkIndexKeySchema(create.KeySchema ?? [], given.map((d) => d.AttributeName));
      checkProjection(create);
      for (const element of create.KeySchema) {
        const definition = given.find((d) => d.AttributeName === element.AttributeName);
        const existing = meta.AttributeDefinitions.find((d) => d.AttributeName === element.AttributeName);
        if (definition && existing && definition.AttributeType !== existing.AttributeType) {
          throw new ValidationException(
            `${INVALID}Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: Schema:[SchemaElement: key{${existing.AttributeName}:${existing.AttributeType}:${element.KeyType}}] New schema: Schema:[SchemaElement: key{${definition.AttributeName}:${definition.AttributeType}:${element.KeyType}}]`,
          );
        }
        if (definition && !existing) meta.AttributeDefinitions.push(definition);
      }
      if (billing === "PAY_PER_REQUEST" && create.ProvisionedThroughput) {
        throw new ValidationException(
          `${INVALID}ProvisionedThroughput should not be specified for index: ${create.IndexName} when BillingMode is PAY_PER_REQUEST`,
        );
      }
      if (billing !== "PAY_PER_REQUEST" && !create.ProvisionedThroughput) {
        throw new ValidationException(`${INVALID}ProvisionedThroughput is not specified for index: ${create.IndexName}`);
      }
      if (create.ProvisionedThroughput) checkCapacity(create.ProvisionedThroughput);
      if (globals.length >= MAX_GLOBAL_SECONDARY_INDEXES) {
        throw new ValidationException(
          `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_SECONDARY_INDEXES}`,
        );
      }
      globals.push(indexMeta(create, true));
    } else if (update.Delete) {
      const name = update.Delete.IndexName;
      if (!globals.some((i) => i.IndexName === name)) throw new ResourceNotFoundException();
      globals = globals.filter((i) => i.IndexName !== name);
    } else if (update.Update) {
      const change = update.Update;
      const position = globals.findIndex((i) => i.IndexName === change.IndexName);
      if (position < 0) throw new ResourceNotFoundException();
      const index = globals[position];
      globals[position] = {
        ...index,
        ...(change.ProvisionedThroughput
          ? {
              ProvisionedThroughput: changedThroughput(
                index.ProvisionedThroughput ?? throughputDescription(undefined),
                change.ProvisionedThroughput,
                now,
                false,
              ),
            }
          : {}),
        ...(change.OnDemandThroughput ? { OnDemandThroughput: change.OnDemandThroughput } : {}),
      };
    }
  }
  return globals;
}
