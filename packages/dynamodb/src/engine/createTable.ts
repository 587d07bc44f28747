import { uuid } from "@sam-sandbox/core";
import { ResourceInUseException, MESSAGES, ValidationException } from "../errors.js";
import {
  MAX_CAPACITY_UNITS,
  MAX_GLOBAL_SECONDARY_INDEXES,
  MAX_LOCAL_SECONDARY_INDEXES,
  MAX_MULTI_ATTRIBUTE_KEY_PARTS,
} from "../limits.js";
import { describe } from "./describeTable.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import { initialPolicy } from "./resourcePolicy.js";
import { importCreating } from "./transfers/store.js";
import { checkTags } from "./tags.js";
import { applyRecord } from "./state.js";
import type {
  CreateTableInput,
  KeySchemaElement,
  ProvisionedThroughput,
  ProvisionedThroughputDescription,
  SecondaryIndexInput,
  SSESpecification,
} from "./shapes.js";
import type { IndexMeta, TableMeta } from "./table.js";
import { checkOnDemandRange, onDemandGiven } from "./onDemandThroughput.js";
import { createWarmThroughput } from "./warmThroughput.js";

const INVALID = "One or more parameter values were invalid: ";

/** `tableId`: the id ImportTable allocated when it was asked (it never changes); else a new one. */
export async function createTable(engine: DynamoDbEngine, input: CreateTableInput, tableId: string = uuid()) {
  const name = required(input.TableName, "tableName");
  const definitions = required(input.AttributeDefinitions, "attributeDefinitions");
  const keySchema = required(input.KeySchema, "keySchema");
  validateCreateTable(input, definitions.map((d) => d.AttributeName), keySchema);
  const stream = input.StreamSpecification;
  if (stream?.StreamEnabled && !stream.StreamViewType) throw new ValidationException(MESSAGES.createStreamNeedsViewType);
  if (stream && !stream.StreamEnabled && stream.StreamViewType) throw new ValidationException(MESSAGES.createDisabledStreamWithViewType);
  const tags = checkTags(input.Tags ?? []);
  const policy = input.ResourcePolicy !== undefined ? initialPolicy(engine, input.ResourcePolicy) : undefined;
  // A table an import is creating exists already on DynamoDB (the import passes its own table's id).
  if (engine.tables.has(name) || importCreating(engine.transfers, name, tableId)) throw new ResourceInUseException(MESSAGES.tableExists(name));

  const now = engine.nowSeconds();
  const arn = engine.tableArn(name);
  const onDemand = input.BillingMode === "PAY_PER_REQUEST";
  const warm = createWarmThroughput(input.WarmThroughput, onDemand, input.ProvisionedThroughput);
  const meta: TableMeta = {
    TableName: name,
    TableId: tableId,
    TableArn: arn,
    CreationDateTime: now,
    AttributeDefinitions: definitions,
    KeySchema: keySchema,
    BillingMode: onDemand ? "PAY_PER_REQUEST" : "PROVISIONED",
    BillingModeShown: input.BillingMode !== undefined,
    ...(onDemand ? { LastUpdateToPayPerRequestDateTime: now } : {}),
    ProvisionedThroughput: throughputDescription(input.ProvisionedThroughput),
    // An empty struct sets nothing (ack-api-quirks DDB-TABLE-039).
    ...(onDemandGiven(input.OnDemandThroughput) ? { OnDemandThroughput: input.OnDemandThroughput } : {}),
    ...(warm ? { WarmThroughputPeak: warm } : {}),
    LocalSecondaryIndexes: (input.LocalSecondaryIndexes ?? []).map((i) => indexMeta(i, false)),
    GlobalSecondaryIndexes: (input.GlobalSecondaryIndexes ?? []).map((i) => indexMeta(i, true)),
    ...(input.StreamSpecification?.StreamEnabled
      ? { StreamSpecification: input.StreamSpecification, LatestStreamLabel: engine.capture.streamLabel(name) }
      : {}),
    ...(sseEnabled(input.SSESpecification) ? { SSESpecification: { ...input.SSESpecification, Enabled: true } } : {}),
    ...(input.TableClass ? { TableClass: input.TableClass } : {}),
    DeletionProtectionEnabled: input.DeletionProtectionEnabled === true,
    Tags: tags,
    ...(policy ? { ResourcePolicy: policy } : {}),
  };
  const record = { op: "createTable", meta } as const;
  applyRecord({ tables: engine.tables }, record);
  await engine.commit(record);
  const description = describe(engine, engine.table(name), "CREATING");
  // Only a table created with warm throughput answers it, UPDATING (ack-api-quirks DDB-TABLE-032/033).
  if (warm) description.WarmThroughput = { ...warm, Status: "UPDATING" };
  return { TableDescription: description };
}

/** Stream labels are the creation time in ISO 8601 without a zone: "2026-01-01T00:00:00.000". */
export function streamLabel(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, -1);
}

export function throughputDescription(t: ProvisionedThroughput | undefined): ProvisionedThroughputDescription {
  return {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: t?.ReadCapacityUnits ?? 0,
    WriteCapacityUnits: t?.WriteCapacityUnits ?? 0,
  };
}

export function indexMeta(input: SecondaryIndexInput, global: boolean): IndexMeta {
  return {
    IndexName: input.IndexName,
    KeySchema: input.KeySchema,
    Projection: input.Projection,
    ...(global ? { ProvisionedThroughput: throughputDescription(input.ProvisionedThroughput) } : {}),
    ...(global && input.OnDemandThroughput ? { OnDemandThroughput: input.OnDemandThroughput } : {}),
  };
}

function names(schema: KeySchemaElement[]): string[] {
  return schema.map((k) => k.AttributeName);
}

/** DynamoDB's CreateTable checks, in its order (messages recorded by dynalite). */
export function validateCreateTable(input: CreateTableInput, defined: string[], keySchema: KeySchemaElement[]): void {
  const fail = (message: string): never => {
    throw new ValidationException(message);
  };
  if (input.BillingMode === "PAY_PER_REQUEST") {
    if (input.ProvisionedThroughput) {
      fail(`${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
    }
  } else {
    const t = input.ProvisionedThroughput;
    if (!t || !t.ReadCapacityUnits || !t.WriteCapacityUnits) {
      fail(`${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`);
    } else {
      checkCapacity(t);
    }
  }
  // ack-api-quirks DDB-TABLE-042 (2026-10): a name defined twice, whatever its types.
  const duplicate = defined.find((name, i) => defined.indexOf(name) !== i);
  if (duplicate !== undefined) fail(`Attribute Name is duplicated: ${duplicate}`);
  checkOnDemandThroughput(input.OnDemandThroughput, input.BillingMode ?? "PROVISIONED");
  checkOnDemandRange(input.OnDemandThroughput, false);
  createWarmThroughput(input.WarmThroughput, input.BillingMode === "PAY_PER_REQUEST", input.ProvisionedThroughput);
  checkSseSpecification(input.SSESpecification);
  checkTableClass(input.TableClass);
  const keys = names(keySchema);
  if (keys.length > defined.length) fail("Invalid KeySchema: Some index key attribute have no definition");
  checkKeySchema(keySchema, defined);

  const locals = input.LocalSecondaryIndexes;
  const globals = input.GlobalSecondaryIndexes;
  if (!locals && !globals && keys.length !== defined.length) {
    fail(`${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`);
  }
  const indexNames = new Set<string>();
  const used = [...keys];
  const use = (schema: KeySchemaElement[]) => {
    for (const n of names(schema)) if (!used.includes(n)) used.push(n);
  };
  if (locals) {
    if (locals.length === 0) fail(`${INVALID}List of LocalSecondaryIndexes is empty`);
    if (keySchema.length !== 2) {
      fail(`${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`);
    }
    for (const index of locals) {
      checkKeySchema(index.KeySchema, defined);
      if (index.KeySchema.length !== 2) {
        fail(`${INVALID}Index KeySchema does not have a range key for index: ${index.IndexName}`);
      }
      const indexHash = index.KeySchema[0].AttributeName;
      if (indexHash !== keys[0]) {
        fail(
          `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${indexHash}, table hash key: ${keys[0]}`,
        );
      }
      checkProjection(index);
      if (indexNames.has(index.IndexName)) fail(`${INVALID}Duplicate index name: ${index.IndexName}`);
      indexNames.add(index.IndexName);
      use(index.KeySchema);
    }
    if (locals.length > MAX_LOCAL_SECONDARY_INDEXES) {
      fail(`${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LOCAL_SECONDARY_INDEXES}`);
    }
  }
  if (globals) {
    if (globals.length === 0) fail(`${INVALID}List of GlobalSecondaryIndexes is empty`);
    for (const index of globals) {
      checkIndexKeySchema(index.KeySchema, defined);
      checkProjection(index);
      if (input.BillingMode === "PAY_PER_REQUEST" && index.ProvisionedThroughput) {
        fail(`${INVALID}ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`);
      }
      if (input.BillingMode !== "PAY_PER_REQUEST") {
        if (!index.ProvisionedThroughput) {
          fail(`${INVALID}ProvisionedThroughput is not specified for index: ${index.IndexName}`);
        } else {
          checkCapacity(index.ProvisionedThroughput);
        }
      }
      if (indexNames.has(index.IndexName)) fail(`${INVALID}Duplicate index name: ${index.IndexName}`);
      indexNames.add(index.IndexName);
      use(index.KeySchema);
    }
    if (globals.length > MAX_GLOBAL_SECONDARY_INDEXES) {
      fail(`${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_SECONDARY_INDEXES}`);
    }
  }
  if (used.length !== defined.length) {
    fail(`${INVALID}Some AttributeDefinitions are not used. AttributeDefinitions: [${defined.join(", ")}], keys used: [${used.join(", ")}]`);
  }
}

export function checkCapacity(t: ProvisionedThroughput): void {
  if (t.ReadCapacityUnits > MAX_CAPACITY_UNITS) {
    throw new ValidationException(`Given value ${t.ReadCapacityUnits} for ReadCapacityUnits is out of bounds`);
  }
  if (t.WriteCapacityUnits > MAX_CAPACITY_UNITS) {
    throw new ValidationException(`Given value ${t.WriteCapacityUnits} for WriteCapacityUnits is out of bounds`);
  }
}

export function checkKeySchema(schema: KeySchemaElement[], defined: string[]): void {
  const keys = names(schema);
  if (keys.some((k) => !defined.includes(k))) {
    throw new ValidationException(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${defined.join(", ")}]`,
    );
  }
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (schema[0]?.KeyType !== "HASH") {
    throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (schema.length > 1 && schema[1].KeyType !== "RANGE") {
    throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
}

/**
 * A global index's key schema: HASH attributes, then RANGE attributes, up to four of each
 * (multi-attribute keys); one HASH and at most one RANGE reads as a table's key schema does.
 * Texts from ack-api-quirks' ValidationException catalogue (DDB-TABLE-442, 2026-10).
 */
export function checkIndexKeySchema(schema: KeySchemaElement[], defined: string[]): void {
  const hashes = schema.filter((k) => k.KeyType === "HASH").length;
  const ranges = schema.length - hashes;
  if (hashes <= 1 && ranges <= 1) return checkKeySchema(schema, defined);
  const keys = names(schema);
  if (keys.some((k) => !defined.includes(k))) checkKeySchema(schema, defined);
  if (new Set(keys).size !== keys.length) {
    throw new ValidationException("The KeySchema contains multiple key attributes with the same name");
  }
  if (schema[0]?.KeyType !== "HASH") {
    throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (schema.slice(hashes).some((k) => k.KeyType !== "RANGE")) {
    throw new ValidationException(`${INVALID}All HASH key attributes must precede RANGE key attributes in the KeySchema`);
  }
  if (hashes > MAX_MULTI_ATTRIBUTE_KEY_PARTS || ranges > MAX_MULTI_ATTRIBUTE_KEY_PARTS) {
    const kind = hashes > MAX_MULTI_ATTRIBUTE_KEY_PARTS ? "HASH" : "RANGE";
    throw new ValidationException(`${INVALID}The KeySchema exceeds the maximum allowed number of ${kind} key attributes`);
  }
}

export function checkProjection(index: SecondaryIndexInput): void {
  const type = index.Projection?.ProjectionType;
  if (type === undefined) throw new ValidationException(`${INVALID}Unknown ProjectionType: null`);
  const nonKey = index.Projection.NonKeyAttributes;
  if (nonKey && type !== "INCLUDE") {
    throw new ValidationException(`${INVALID}ProjectionType is ${type}, but NonKeyAttributes is specified`);
  }
  // ack-api-quirks DDB-TABLE-126/442 (2026-10).
  if (!nonKey && type === "INCLUDE") throw new ValidationException(`${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`);
  const repeated = nonKey?.find((name, i) => nonKey.indexOf(name) !== i);
  if (repeated !== undefined) throw new ValidationException(`${INVALID}Duplicate element in NonKeyAttributes: ${repeated}`);
}

const TABLE_CLASSES = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"];

/** DynamoDB's own text for a table class it does not know (ack-api-quirks DDB-TABLE-442, 2026-10), not the model's enum text. */
export function checkTableClass(tableClass: string | undefined): void {
  if (tableClass !== undefined && !TABLE_CLASSES.includes(tableClass)) {
    throw new ValidationException(`Invalid table-class parameter provided. Please try again with a valid table-class value: [${TABLE_CLASSES.join(", ")}].`);
  }
}

/**
 * On-demand maxima belong to on-demand tables (ack-api-quirks DDB-TABLE-153/442, 2026-10):
 * CreateTable words it with the "One or more parameter values were invalid" prefix, UpdateTable
 * of a provisioned table without it.
 */
export function checkOnDemandThroughput(
  t: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number } | undefined,
  billing: string,
  prefix = INVALID,
): void {
  if (t === undefined || billing !== "PROVISIONED") return;
  const member = t.MaxReadRequestUnits !== undefined ? "MaxReadRequestUnits" : t.MaxWriteRequestUnits !== undefined ? "MaxWriteRequestUnits" : undefined;
  if (member !== undefined) {
    throw new ValidationException(`${prefix}${member} for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED`);
  }
}

/**
 * SSESpecification rules (ack-api-quirks DDB-TABLE-044/442, 2026-10); a specification without
 * Enabled but with SSEType KMS turns KMS encryption on.
 */
export function checkSseSpecification(spec: SSESpecification | undefined): void {
  if (!spec) return;
  if (spec.Enabled === false && spec.SSEType !== undefined) throw new ValidationException(`${INVALID}SSEType can not be specified if Enabled is false`);
  if (spec.Enabled === false && spec.KMSMasterKeyId !== undefined) {
    throw new ValidationException(`${INVALID}KMSMasterKeyId can not be specified if Enabled is false`);
  }
  if (spec.SSEType === "AES256") throw new ValidationException(`${INVALID}SSEType AES256 is not supported`);
  if (spec.KMSMasterKeyId !== undefined && spec.SSEType !== "KMS") throw new ValidationException(`${INVALID}SSEType KMS is required if KMSMasterKeyId is specified`);
}

export function sseEnabled(spec: SSESpecification | undefined): boolean {
  return spec !== undefined && (spec.Enabled === true || (spec.Enabled === undefined && spec.SSEType === "KMS"));
}
