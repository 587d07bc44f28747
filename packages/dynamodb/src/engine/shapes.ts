/**
 * The DynamoDB API shapes the engine reads and writes (AWS member names verbatim).
 * Request members are optional here: the wire validates required members first, and the
 * engine still never crashes when one is missing.
 */
import type { AttributeValue, ExpressionAttributeNames, ExpressionAttributeValues, Item, Key } from "./types.js";

export type ScalarAttributeType = "S" | "N" | "B";
export type KeyType = "HASH" | "RANGE";
export type BillingMode = "PROVISIONED" | "PAY_PER_REQUEST";
export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";
export type ReturnValue = "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW";
export type Select = "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES" | "COUNT";

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarAttributeType;
}

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: KeyType;
}

export interface Projection {
  ProjectionType?: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

export interface ProvisionedThroughputDescription extends ProvisionedThroughput {
  NumberOfDecreasesToday: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

export interface OnDemandThroughput {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

export interface WarmThroughput {
  ReadUnitsPerSecond?: number;
  WriteUnitsPerSecond?: number;
}

export interface StreamSpecification {
  StreamEnabled: boolean;
  StreamViewType?: "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";
}

export interface SSESpecification {
  Enabled?: boolean;
  SSEType?: "AES256" | "KMS";
  KMSMasterKeyId?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface SecondaryIndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  ProvisionedThroughput?: ProvisionedThroughput;
  OnDemandThroughput?: OnDemandThroughput;
}

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  LocalSecondaryIndexes?: SecondaryIndexInput[];
  GlobalSecondaryIndexes?: SecondaryIndexInput[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughput;
  StreamSpecification?: StreamSpecification;
  SSESpecification?: SSESpecification;
  Tags?: Tag[];
  TableClass?: "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: WarmThroughput;
  /** A resource-based policy for the table (engine/resourcePolicy.ts). */
  ResourcePolicy?: string;
}

export interface GlobalSecondaryIndexUpdate {
  Create?: SecondaryIndexInput;
  Update?: { IndexName: string; ProvisionedThroughput?: ProvisionedThroughput; OnDemandThroughput?: OnDemandThroughput; WarmThroughput?: WarmThroughput };
  Delete?: { IndexName: string };
}

export interface UpdateTableInput {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  StreamSpecification?: StreamSpecification;
  SSESpecification?: SSESpecification;
  TableClass?: "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: WarmThroughput;
  // Global tables' and vector indexes' members, refused (not emulated: updateTable.ts).
  ReplicaUpdates?: unknown;
  MultiRegionConsistency?: unknown;
  GlobalTableWitnessUpdates?: unknown;
  GlobalTableSettingsReplicationMode?: unknown;
  DisassociationProtectionEnabled?: unknown;
  VectorIndexUpdates?: unknown;
}

export interface ListTablesInput {
  ExclusiveStartTableName?: string;
  Limit?: number;
}

/** Members shared by every request that may carry expressions. */
export interface ExpressionInput {
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
}

/** Pre-expression parameters: rejected when mixed with expressions, unsupported alone. */
export interface LegacyInput {
  Expected?: unknown;
  ConditionalOperator?: unknown;
  AttributesToGet?: unknown;
  AttributeUpdates?: unknown;
  KeyConditions?: unknown;
  QueryFilter?: unknown;
  ScanFilter?: unknown;
}

export interface PutItemInput extends ExpressionInput, LegacyInput {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export interface GetItemInput extends ExpressionInput, LegacyInput {
  TableName: string;
  Key: Key;
  ProjectionExpression?: string;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
}

export interface UpdateItemInput extends ExpressionInput, LegacyInput {
  TableName: string;
  Key: Key;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export interface DeleteItemInput extends ExpressionInput, LegacyInput {
  TableName: string;
  Key: Key;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export interface QueryInput extends ExpressionInput, LegacyInput {
  TableName: string;
  IndexName?: string;
  Select?: Select;
  Limit?: number;
  ConsistentRead?: boolean;
  ScanIndexForward?: boolean;
  ExclusiveStartKey?: Key;
  ProjectionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ReturnConsumedCapacity?: string;
}

export interface ScanInput extends ExpressionInput, LegacyInput {
  TableName: string;
  IndexName?: string;
  Select?: Select;
  Limit?: number;
  ConsistentRead?: boolean;
  ExclusiveStartKey?: Key;
  Segment?: number;
  TotalSegments?: number;
  ProjectionExpression?: string;
  FilterExpression?: string;
  ReturnConsumedCapacity?: string;
}

export interface KeysAndAttributes extends ExpressionInput, LegacyInput {
  Keys: Key[];
  ProjectionExpression?: string;
  ConsistentRead?: boolean;
}

export interface BatchGetItemInput {
  RequestItems: Record<string, KeysAndAttributes>;
  ReturnConsumedCapacity?: string;
}

export interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Key };
}

export interface BatchWriteItemInput {
  RequestItems: Record<string, WriteRequest[]>;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export interface TransactConditionCheck extends ExpressionInput {
  TableName: string;
  Key: Key;
  ConditionExpression: string;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface TransactPut extends ExpressionInput {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface TransactDelete extends ExpressionInput {
  TableName: string;
  Key: Key;
  ConditionExpression?: string;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface TransactUpdate extends TransactDelete {
  UpdateExpression: string;
}

export interface TransactWriteItem {
  ConditionCheck?: TransactConditionCheck;
  Put?: TransactPut;
  Delete?: TransactDelete;
  Update?: TransactUpdate;
}

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export interface TransactGetItemsInput {
  TransactItems: { Get: { TableName: string; Key: Key; ProjectionExpression?: string; ExpressionAttributeNames?: ExpressionAttributeNames } }[];
  ReturnConsumedCapacity?: string;
}

export interface UpdateTimeToLiveInput {
  TableName: string;
  TimeToLiveSpecification: { Enabled: boolean; AttributeName: string };
}

export interface TagResourceInput {
  ResourceArn: string;
  Tags: Tag[];
}

export interface UntagResourceInput {
  ResourceArn: string;
  TagKeys: string[];
}

export type { AttributeValue, Item, Key };
