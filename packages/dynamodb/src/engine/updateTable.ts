import { InternalFailure } from "@sam-sandbox/core";
import { LimitExceededException, MESSAGES, ResourceNotFoundException, ValidationException } from "../errors.js";
import { MAX_GLOBAL_SECONDARY_INDEXES } from "../limits.js";
import {
  checkCapacity,
  checkIndexKeySchema,
  checkOnDemandThroughput,
  checkProjection,
  checkSseSpecification,
  checkTableClass,
  indexMeta,
  sseEnabled,
  throughputDescription,
} from "./createTable.js";
import { changeDeletionProtection } from "./deletionProtection.js";
import { changeTableClass } from "./tableClass.js";
import { checkDecreaseBudget, decreasesToday } from "./decreaseBudget.js";
import { describe, describeGlobalIndex, kmsMasterKeyArn, type IndexChange } from "./describeTable.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { AttributeDefinition, ProvisionedThroughput, ProvisionedThroughputDescription, UpdateTableInput } from "./shapes.js";
import { applyRecord } from "./state.js";
import type { IndexMeta, SecondaryIndex, Table, TableMeta } from "./table.js";
import { checkOnDemandRange, mergedOnDemand, onDemandGiven, storedOnDemand } from "./onDemandThroughput.js";
import { raiseIndexWarmThroughput, raiseWarmThroughput, tableWarmThroughput, warmGiven } from "./warmThroughput.js";

const INVALID = "One or more parameter values were invalid: ";

/** Billing, throughput, warm throughput, GSI create/update/delete, streams, table class, deletion protection, SSE. */
export async function updateTable(engine: DynamoDbEngine, input: UpdateTableInput) {
  const tableName = required(input.TableName, "tableName");
  // Request-level rules come before the table lookup (dynalite test/updateTable.js, recorded against DynamoDB).
  validateUpdateTable(input);
  const table = engine.table(tableName, { nameInMessage: true });
  const now = engine.nowSeconds();
  const nowMs = engine.options.clock.now();
  const old = table.meta;
  const meta: TableMeta = { ...old };
  const billing = input.BillingMode ?? old.BillingMode;

  if (input.ProvisionedThroughput) {
    // A switch to on-demand words it its own way (ack-api-quirks DDB-TABLE-056, 2026-10).
    if (input.BillingMode === "PAY_PER_REQUEST" && old.BillingMode === "PROVISIONED") {
      throw new ValidationException(`${INVALID}ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST`);
    }
    if (billing === "PAY_PER_REQUEST") {
      throw new ValidationException(
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      );
    }
    // Re-sending the capacity a provisioned table has is refused, a BillingMode beside it or not (ack-api-quirks DDB-TABLE-057).
    meta.ProvisionedThroughput = changedThroughput(old.ProvisionedThroughput, input.ProvisionedThroughput, now, old.BillingMode === "PROVISIONED", true);
  }
  if (input.BillingMode !== undefined) {
    meta.BillingMode = input.BillingMode;
    meta.BillingModeShown = true;
    if (input.BillingMode === "PAY_PER_REQUEST" && old.BillingMode !== "PAY_PER_REQUEST") {
      meta.LastUpdateToPayPerRequestDateTime = now;
      meta.ProvisionedThroughput = { ...old.ProvisionedThroughput, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
    }
  }
  // An empty struct beside another change is ignored (ack-api-quirks DDB-TABLE-456).
  const onDemandWanted = onDemandGiven(input.OnDemandThroughput) ? input.OnDemandThroughput : undefined;
  checkOnDemandThroughput(onDemandWanted, billing, input.BillingMode === undefined ? "" : INVALID);
  checkOnDemandRange(onDemandWanted, true);
  if (onDemandWanted) {
    const kept = storedOnDemand(mergedOnDemand(old.OnDemandThroughput, onDemandWanted));
    if (kept) meta.OnDemandThroughput = kept;
    else delete meta.OnDemandThroughput;
  }

  meta.AttributeDefinitions = [...old.AttributeDefinitions];
  meta.GlobalSecondaryIndexes = applyIndexUpdates(table, input, meta, billing, now, nowMs);
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
    // The on-demand maxima of the table and its indexes go (ack-api-quirks DDB-TABLE-153, 2026-10).
    delete meta.OnDemandThroughput;
    meta.GlobalSecondaryIndexes = meta.GlobalSecondaryIndexes.map((index) => {
      const copy = { ...index };
      delete copy.OnDemandThroughput;
      return copy;
    });
  }

  if (input.StreamSpecification) {
    // Texts recorded from DynamoDB (ack-api-quirks DDB-TABLE-050): a stream cannot be changed in
    // place; after a disable LatestStreamArn/Label stay in DescribeTable until the next enable.
    const spec = input.StreamSpecification;
    // A switch to provisioned billing is a throughput change too (ack-api-quirks DDB-TABLE-433).
    if (input.ProvisionedThroughput || input.BillingMode === "PROVISIONED") throw new ValidationException(MESSAGES.streamWithThroughputChange);
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
    const spec = input.SSESpecification;
    checkSseSpecification(spec);
    // Re-sends that change nothing are refused (ack-api-quirks DDB-TABLE-442/082, 2026-10).
    if (!sseEnabled(spec) && !old.SSESpecification) throw new ValidationException(`${INVALID}Table is already encrypted by default`);
    if (old.SSESpecification && spec.KMSMasterKeyId !== undefined && spec.KMSMasterKeyId === kmsMasterKeyArn(engine, old)) {
      throw new ValidationException(
        `${INVALID}Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change Master Key`,
      );
    }
    if (sseEnabled(spec)) meta.SSESpecification = { ...spec, Enabled: true };
    else delete meta.SSESpecification;
  }
  if (input.TableClass) {
    checkTableClass(input.TableClass);
    changeTableClass(old, meta, input.TableClass, nowMs, now);
  }
  if (input.DeletionProtectionEnabled !== undefined && input.DeletionProtectionEnabled !== null) {
    changeDeletionProtection(old, meta, input.DeletionProtectionEnabled, nowMs);
  }

  if (warmGiven(input.WarmThroughput)) meta.WarmThroughputRaise = raiseWarmThroughput(old, input.WarmThroughput, nowMs);
  // Warm throughput only ever rises: remember the highest the table had (a landed raise included).
  meta.WarmThroughputPeak = tableWarmThroughput(old, nowMs);
  const record = { op: "updateTable", meta } as const;
  const globalsBefore = table.indexes.filter((index) => index.global);
  applyRecord({ tables: engine.tables }, record);
  await engine.commit(record);
  return { TableDescription: answer(engine, table, input, globalsBefore, old) };
}

function onDemand(meta: TableMeta): boolean {
  return meta.BillingMode === "PAY_PER_REQUEST";
}

/**
 * UpdateTable's answer (ack-api-quirks DDB-TABLE-104/119/135/148/177/357/462): billing, table
 * class, throughput, stream and index create/delete changes answer UPDATING (a no-op re-send
 * too); deletion protection, encryption and on-demand throughput changes answer ACTIVE. Indexes
 * read CREATING (not backfilling), UPDATING or DELETING as the request changes them.
 */
function answer(engine: DynamoDbEngine, table: Table, input: UpdateTableInput, before: SecondaryIndex[], old: TableMeta): Record<string, unknown> {
  const wasOnDemand = onDemand(old);
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const changes = new Map<string, IndexChange>();
  for (const update of updates) {
    if (update.Create) changes.set(update.Create.IndexName, "created");
    else if (update.Update) changes.set(update.Update.IndexName, "updated");
    else if (update.Delete) changes.set(update.Delete.IndexName, "deleted");
  }
  const updating =
    input.BillingMode !== undefined ||
    input.TableClass !== undefined ||
    input.ProvisionedThroughput !== undefined ||
    input.StreamSpecification !== undefined ||
    updates.some((u) => u.Create || u.Delete);
  const description = describe(engine, table, updating ? "UPDATING" : "ACTIVE", changes);
  // Turning KMS encryption off answers with the old key, UPDATING (localstack test_dynamodb.snapshot.json
  // test_dynamodb_create_table_with_partial_sse_specification, recorded on AWS).
  if (old.SSESpecification?.Enabled && !table.meta.SSESpecification) {
    description.SSEDescription = { Status: "UPDATING", SSEType: "KMS", KMSMasterKeyArn: kmsMasterKeyArn(engine, old) };
  }
  // The answer echoes the old capacity units and decrease count (with the new increase/decrease
  // times; dynalite test/updateTable.js "should triple rates and then reduce"), and a billing
  // switch its new mode with the time of the last switch before it, if any: none for a first switch
  // to on-demand (ack-api-quirks DDB-TABLE-060), the on-demand one when back to PROVISIONED (the
  // AWS CLI's example dynamodb/update-table.rst, printed from DynamoDB's answer).
  const switched = input.BillingMode !== undefined && input.BillingMode !== old.BillingMode;
  if (switched) {
    const last = old.LastUpdateToPayPerRequestDateTime;
    description.BillingModeSummary = { BillingMode: input.BillingMode, ...(last === undefined ? {} : { LastUpdateToPayPerRequestDateTime: last }) };
  }
  else if (input.ProvisionedThroughput) {
    const current = description.ProvisionedThroughput as ProvisionedThroughputDescription;
    description.ProvisionedThroughput = {
      ...current,
      NumberOfDecreasesToday: decreasesToday(old.ProvisionedThroughput, engine.nowSeconds()),
      ReadCapacityUnits: old.ProvisionedThroughput.ReadCapacityUnits,
      WriteCapacityUnits: old.ProvisionedThroughput.WriteCapacityUnits,
    };
  }
  // An index throughput update answers with the index's old capacity units too (ack-api-quirks DDB-TABLE-165).
  for (const d of (description.GlobalSecondaryIndexes ?? []) as { IndexName: string; ProvisionedThroughput?: ProvisionedThroughputDescription }[]) {
    const update = updates.find((u) => u.Update?.IndexName === d.IndexName)?.Update;
    const previous = old.GlobalSecondaryIndexes.find((index) => index.IndexName === d.IndexName)?.ProvisionedThroughput;
    if (update?.ProvisionedThroughput && previous && d.ProvisionedThroughput) {
      d.ProvisionedThroughput = { ...d.ProvisionedThroughput, ReadCapacityUnits: previous.ReadCapacityUnits, WriteCapacityUnits: previous.WriteCapacityUnits };
    }
  }
  // The answer shows the class the table had: the new one shows once the switch is done (ack-api-quirks DDB-TABLE-284).
  if (input.TableClass) {
    if (old.TableClass === undefined) delete description.TableClassSummary;
    else description.TableClassSummary = { TableClass: old.TableClass, ...(old.TableClassLastUpdate !== undefined ? { LastUpdateDateTime: old.TableClassLastUpdate } : {}) };
  }
  // The answer echoes the maxima merged, a removed one as -1 (ack-api-quirks DDB-TABLE-178/182).
  if (onDemandGiven(input.OnDemandThroughput)) description.OnDemandThroughput = mergedOnDemand(old.OnDemandThroughput, input.OnDemandThroughput);
  const deleted = before.filter((index) => changes.get(index.name) === "deleted");
  if (deleted.length === 0) return description;
  // A deleted index is still listed, DELETING, in its place.
  const described = new Map(((description.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).map((d) => [d.IndexName, d as unknown]));
  for (const index of deleted) described.set(index.name, describeGlobalIndex(index, "UPDATING", "deleted", wasOnDemand));
  const order = new Set([...before.map((index) => index.name), ...described.keys()]);
  description.GlobalSecondaryIndexes = [...order].map((name) => described.get(name));
  return description;
}

/**
 * UpdateTable's members for global tables (one region here) and vector indexes, with the feature
 * each belongs to: refused as not emulated, rather than "At least one of … ReplicaUpdates … is
 * required" as if they were not given (the replica examples of client-dynamodb's UpdateTable typings).
 */
const NOT_EMULATED_UPDATES = {
  ReplicaUpdates: "global tables are",
  MultiRegionConsistency: "global tables are",
  GlobalTableWitnessUpdates: "global tables are",
  GlobalTableSettingsReplicationMode: "global tables are",
  DisassociationProtectionEnabled: "global tables are",
  VectorIndexUpdates: "vector search is",
} as const;

function validateUpdateTable(input: UpdateTableInput): void {
  for (const [member, feature] of Object.entries(NOT_EMULATED_UPDATES)) {
    const value = input[member as keyof typeof NOT_EMULATED_UPDATES];
    if (value !== undefined && value !== null) throw new ValidationException(MESSAGES.unsupportedUpdate(member, feature));
  }
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const changes =
    input.ProvisionedThroughput ??
    input.BillingMode ??
    input.StreamSpecification ??
    input.SSESpecification ??
    input.TableClass ??
    input.DeletionProtectionEnabled ??
    (onDemandGiven(input.OnDemandThroughput) ? input.OnDemandThroughput : undefined) ??
    (warmGiven(input.WarmThroughput) ? input.WarmThroughput : undefined);
  if (changes === undefined && updates.length === 0) {
    // An empty WarmThroughput or OnDemandThroughput alone fails inside DynamoDB; beside another
    // change it is ignored (ack-api-quirks DDB-TABLE-178/437/456, 2026-10: HTTP 500 InternalFailure with no message).
    if ((input.WarmThroughput ?? input.OnDemandThroughput ?? undefined) !== undefined) throw new InternalFailure("");
    throw new ValidationException(MESSAGES.updateTableNothing);
  }
  // Changes DynamoDB makes on their own (ack-api-quirks DDB-TABLE-442, live 2026-10: SSE + deletion protection names SSE).
  const count = [
    input.ProvisionedThroughput,
    input.BillingMode,
    input.StreamSpecification,
    input.SSESpecification,
    input.TableClass,
    input.DeletionProtectionEnabled,
    onDemandGiven(input.OnDemandThroughput) ? input.OnDemandThroughput : undefined,
    warmGiven(input.WarmThroughput) ? input.WarmThroughput : undefined,
    ...updates,
  ].filter((c) => c !== undefined && c !== null).length;
  if (input.SSESpecification && count > 1) throw new ValidationException(`${INVALID}Server-Side Encryption modification must be the only operation in the request`);
  if (input.TableClass && count > 1) throw new ValidationException(`${INVALID}TableClass modification must be the only operation in the request`);
  if (input.DeletionProtectionEnabled !== undefined && input.DeletionProtectionEnabled !== null && count > 1) {
    throw new ValidationException(`${INVALID}DeletionProtection modification must be the only operation in the request`);
  }
  // On-demand maxima travel alone or with a billing mode (ack-api-quirks DDB-TABLE-433, 2026-10).
  if (onDemandGiven(input.OnDemandThroughput) && count > (input.BillingMode !== undefined ? 2 : 1)) {
    throw new ValidationException(`${INVALID}OnDemandThroughput can only be combined with BillingMode in an UpdateTable request`);
  }
  // Warm throughput travels alone (ack-api-quirks DDB-TABLE-174/433, 2026-10).
  if (warmGiven(input.WarmThroughput) && updates.some((u) => u.Create)) {
    throw new ValidationException(`${INVALID}Create global secondary index cannot be specified when updating WarmThroughput`);
  }
  if (warmGiven(input.WarmThroughput) && count > 1) throw new ValidationException(`${INVALID}WarmThroughput must be the only operation in the request`);
  // A table throughput change cannot carry an index create or delete, unless it comes with a switch
  // to provisioned billing (ack-api-quirks DDB-TABLE-174/442, 2026-10).
  if (input.ProvisionedThroughput && input.BillingMode === undefined && updates.some((u) => u.Create || u.Delete)) {
    throw new ValidationException(`${INVALID}You cannot create or delete index while updating table IOPS`);
  }
  if (input.BillingMode === "PROVISIONED" && !input.ProvisionedThroughput) {
    throw new ValidationException(`${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
  }
  if (input.ProvisionedThroughput) checkCapacity(input.ProvisionedThroughput);
  const seen = new Set<string>();
  let onlineChanges = 0;
  for (const update of updates) {
    const actions = [update.Update, update.Create, update.Delete].filter((a) => a !== undefined && a !== null);
    if (actions.length === 0) {
      throw new ValidationException(
        `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
      );
    }
    // Two actions in one entry (ack-api-quirks DDB-TABLE-160, 2026-10; Alternator's test_gsi_updatetable_errors).
    if (actions.length > 1) {
      throw new ValidationException(`${INVALID}Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object`);
    }
    const name = actions[0]?.IndexName ?? "";
    // Checked before the table is looked up (ack-api-quirks DDB-TABLE-456, 2026-10).
    const warm = update.Update?.WarmThroughput;
    if (warm !== undefined && warm !== null && !warmGiven(warm)) {
      throw new ValidationException(`${INVALID}WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified for index: ${name}`);
    }
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
  budgeted = false,
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
    if (budgeted) checkDecreaseBudget(current, now);
    next.LastDecreaseDateTime = now;
    next.NumberOfDecreasesToday = decreasesToday(current, now) + 1;
  }
  return next;
}

function applyIndexUpdates(table: Table, input: UpdateTableInput, meta: TableMeta, billing: string, now: number, nowMs: number): IndexMeta[] {
  let globals = [...meta.GlobalSecondaryIndexes];
  const given: AttributeDefinition[] = input.AttributeDefinitions ?? [];
  for (const update of input.GlobalSecondaryIndexUpdates ?? []) {
    if (update.Create) {
      const create = update.Create;
      // ack-api-quirks DDB-TABLE-442 (2026-10).
      if (table.index(create.IndexName)) throw new ValidationException("Attempting to create an index which already exists");
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
      // UpdateTable answers the 21st index with LimitExceededException (ack-api-quirks DDB-TABLE-169/443, 2026-10).
      if (globals.length >= MAX_GLOBAL_SECONDARY_INDEXES) {
        throw new LimitExceededException(`Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of ${MAX_GLOBAL_SECONDARY_INDEXES}`);
      }
      globals.push(indexMeta(create, true));
    } else if (update.Delete) {
      const name = update.Delete.IndexName;
      if (!globals.some((i) => i.IndexName === name)) throw new ResourceNotFoundException(MESSAGES.indexNotFoundForTable(name, table.name));
      globals = globals.filter((i) => i.IndexName !== name);
    } else if (update.Update) {
      const change = update.Update;
      const position = globals.findIndex((i) => i.IndexName === change.IndexName);
      // Warm throughput for an index the table lacks fails inside DynamoDB (ack-api-quirks DDB-TABLE-161/456: HTTP 500, no message).
      if (position < 0 && warmGiven(change.WarmThroughput)) throw new InternalFailure("");
      if (position < 0) throw new ResourceNotFoundException(MESSAGES.indexNotFoundForTable(change.IndexName, table.name));
      const index = globals[position];
      // ack-api-quirks DDB-TABLE-456/442 (2026-10): an on-demand table's index takes on-demand or warm throughput only.
      if (billing === "PAY_PER_REQUEST" && change.ProvisionedThroughput) {
        throw new ValidationException(
          `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${change.IndexName} when BillingMode is PAY_PER_REQUEST`,
        );
      }
      if (billing === "PAY_PER_REQUEST" && !change.OnDemandThroughput?.MaxReadRequestUnits && !change.OnDemandThroughput?.MaxWriteRequestUnits && !change.WarmThroughput) {
        throw new ValidationException(
          `${INVALID}The only Updates for index: ${change.IndexName} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
        );
      }
      const warmed = warmGiven(change.WarmThroughput) ? raiseIndexWarmThroughput(index, change.WarmThroughput, billing === "PAY_PER_REQUEST", nowMs) : index;
      globals[position] = {
        ...warmed,
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
