/**
 * DynamoDB's errors and message texts, verbatim as DynamoDB sends them (texts checked
 * against dynalite's recordings of real DynamoDB and against AWS's documentation).
 */
import { AwsError, ValidationException } from "@sam-sandbox/core";
import type { Item } from "./engine/types.js";

export { ValidationException };

export class ResourceNotFoundException extends AwsError {
  constructor(message: string = MESSAGES.resourceNotFound) {
    super("ResourceNotFoundException", message, 400);
  }
}

export class ResourceInUseException extends AwsError {
  constructor(message: string) {
    super("ResourceInUseException", message, 400);
  }
}

/** A per-table cooldown (deletion protection), not a rate limit: the message names when to retry. */
export class ThrottlingException extends AwsError {
  constructor(message: string) {
    super("ThrottlingException", message, 400);
  }
}

export class ConditionalCheckFailedException extends AwsError {
  /** `item` is returned when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
  constructor(item?: Item) {
    super("ConditionalCheckFailedException", MESSAGES.conditionalCheckFailed, 400, item ? { Item: item } : {});
  }
}

export class LimitExceededException extends AwsError {
  constructor(message: string) {
    super("LimitExceededException", message, 400);
  }
}

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

export class TransactionCanceledException extends AwsError {
  constructor(reasons: CancellationReason[]) {
    super(
      "TransactionCanceledException",
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
      400,
      { CancellationReasons: reasons },
    );
  }
}

/**
 * A key value DynamoDB refuses while reading the request (empty, too long): inside a
 * transaction it fails the whole request, where a key of the wrong type or shape only
 * cancels its own action with a ValidationError reason (captured by the paritysuite
 * conformance suite). Same code and text as any ValidationException.
 */
export class KeyValueException extends ValidationException {}

/**
 * A malformed number or a repeated set member. DynamoDB checks values in one of two layers
 * and the layer decides the text (captured by the paritysuite conformance suite in four
 * regions, 2026-10): the current one (PutItem, UpdateItem, DeleteItem, GetItem,
 * BatchGetItem, Query) answers with `message`, the older one (BatchWriteItem,
 * TransactWriteItems, TransactGetItems, Scan) with `older`; see engine/valueLayer.ts.
 */
export class ValueException extends ValidationException {
  constructor(
    message: string,
    readonly older: string,
  ) {
    super(message);
  }
}

export class IdempotentParameterMismatchException extends AwsError {
  constructor() {
    super(
      "IdempotentParameterMismatchException",
      "Request with the same client token was already processed with different parameters",
      400,
    );
  }
}

/** DynamoDB Streams: the shard iterator is older than 15 minutes (API_streams_GetRecords). */
export class ExpiredIteratorException extends AwsError {
  constructor(message: string = MESSAGES.iteratorExpired) {
    super("ExpiredIteratorException", message, 400);
  }
}

/** DynamoDB Streams: the position read is older than the 24-hour trim point (API_streams_GetRecords). */
export class TrimmedDataAccessException extends AwsError {
  constructor(message: string = MESSAGES.trimmedData) {
    super("TrimmedDataAccessException", message, 400);
  }
}

/** Backups: no backup has this ARN (text recorded from DynamoDB by moto and steampipe users). */
/**
 * A restore target in the middle of its restore (RestoreTableFromBackup with an empty
 * OnDemandThroughputOverride reports its own restore so: ack-api-quirks DDB-TABLE-463, 2026-10).
 */
export class TableInUseException extends AwsError {
  constructor(table: string, backupArn: string) {
    super("TableInUseException", `Table: ${table} is already being restored from backup: ${backupArn}`, 400);
  }
}

export class BackupNotFoundException extends AwsError {
  constructor(arn: string) {
    super("BackupNotFoundException", `Backup not found: ${arn}`, 400);
  }
}

/** Backups and continuous backups name a missing table with this code, not ResourceNotFoundException. */
export class TableNotFoundException extends AwsError {
  /** Without a name, the bare text RestoreTableToPointInTime answers for a SourceTableArn (ack-api-quirks DDB-TABLE-447, 2026-10). */
  constructor(name?: string) {
    super("TableNotFoundException", name === undefined ? "Table not found" : `Table not found: ${name}`, 400);
  }
}

/** A restore's target table exists already. */
export class TableAlreadyExistsException extends AwsError {
  constructor(name: string) {
    super("TableAlreadyExistsException", `Table already exists: ${name}`, 400);
  }
}

/** RestoreTableToPointInTime on a table without point in time recovery. */
export class PointInTimeRecoveryUnavailableException extends AwsError {
  constructor(message: string) {
    super("PointInTimeRecoveryUnavailableException", message, 400);
  }
}

/** RestoreTableToPointInTime: RestoreDateTime outside [EarliestRestorableDateTime, LatestRestorableDateTime]. */
export class InvalidRestoreTimeException extends AwsError {
  constructor(message: string) {
    super("InvalidRestoreTimeException", message, 400);
  }
}

/** ExportTableToPointInTime: ExportTime outside the point in time recovery window. */
export class InvalidExportTimeException extends AwsError {
  constructor(message: string) {
    super("InvalidExportTimeException", message, 400);
  }
}

/** A ClientToken reused with other parameters (ExportTableToPointInTime). */
export class ExportConflictException extends AwsError {
  constructor() {
    super("ExportConflictException", `Export conflict: ${MESSAGES.duplicateRequest}`, 400);
  }
}

/** A ClientToken reused for another table (ImportTable). */
export class ImportConflictException extends AwsError {
  constructor() {
    super("ImportConflictException", `Import conflict: ${MESSAGES.duplicateRequest}`, 400);
  }
}

export class ExportNotFoundException extends AwsError {
  constructor(message: string = MESSAGES.exportNotFound) {
    super("ExportNotFoundException", message, 400);
  }
}

export class ImportNotFoundException extends AwsError {
  constructor() {
    super("ImportNotFoundException", MESSAGES.importNotFound, 400);
  }
}

/** Errors thrown by the coral framework in front of DynamoDB carry its namespaces in `__type`. */
const CORAL_SERVICE_ERRORS = new Set([
  "SerializationException",
  "UnknownOperationException",
  "MissingAuthenticationTokenException",
  "InternalFailure",
]);

/** `__type` of an error body: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", … */
export function errorType(error: AwsError): string {
  if (error.code === "ValidationException") return "com.amazon.coral.validate#ValidationException";
  if (CORAL_SERVICE_ERRORS.has(error.code)) return `com.amazon.coral.service#${error.code}`;
  return `com.amazonaws.dynamodb.v20120810#${error.code}`;
}

const INVALID = "One or more parameter values were invalid: ";

/** Message texts, one place (STYLE.md: errors as values with names). */
export const MESSAGES = {
  resourceNotFound: "Requested resource not found",
  tableNotFound: (name: string) => `Requested resource not found: Table: ${name} not found`,
  tableExists: (name: string) => `Table already exists: ${name}`,
  /** UpdateTable naming no change (ack-api-quirks DDB-TABLE-442, recorded live in two regions, 2026-10). */
  updateTableNothing:
    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required",
  /** UpdateTable naming an index the table lacks (ack-api-quirks DDB-TABLE-446/456, 2026-10). */
  indexNotFoundForTable: (index: string, table: string) => `Requested resource not found: Index ${index} for table ${table}`,
  deletionProtected: "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
  /** DeleteTable while a background update runs (ack-api-quirks DDB-TABLE-063/069, 2026-10). */
  tableBeingUpdated: (name: string) => `Attempt to change a resource which is still in use: Table: ${name} is in the process of being updated.`,
  /** An import that met any item it could not write (ack-api-quirks DDB-IMPORT-013/015/020, 2026-10). */
  importItemValidation: "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details.",
  /** A deletion protection change within 15 s of the last one (ack-api-quirks DDB-TABLE-003/054, 2026-10). */
  deletionProtectionCooldown: (name: string, retryAt: string) =>
    `Deletion protection setting for table ${name} modified within the previous 15000 milliseconds. Please try again after ${retryAt}`,
  conditionalCheckFailed: "The conditional request failed",
  keySchemaMismatch: "The provided key element does not match the schema",
  missingKey: (name: string) => `${INVALID}Missing the key ${name} in the item`,
  keyTypeMismatch: (name: string, expected: string, actual: string) =>
    `${INVALID}Type mismatch for key ${name} expected: ${expected} actual: ${actual}`,
  indexKeyTypeMismatch: (name: string, expected: string, actual: string, index: string) =>
    `${INVALID}Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${index}`,
  emptyKeyValue: (name: string, binary: boolean) =>
    `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${binary ? "binary" : "string"} value. Key: ${name}`,
  emptyKeyValueInItem: (name: string, binary: boolean) =>
    `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${binary ? "binary" : "string"} value. Key: ${name}`,
  emptyIndexKeyValue: (index: string, name: string, binary: boolean) =>
    `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${binary ? "binary" : "string"} value. IndexName: ${index}, IndexKey: ${name}`,
  hashKeyTooLong: `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
  rangeKeyTooLong: `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
  /**
   * An index key value over its key's limit (2048 bytes for a partition key, 1024 for a sort key), as DynamoDB
   * answers it (architect/dynalite#35, wellcomecollection/platform#2285: "Max Size: 2048 bytes"); the sort
   * key's "Max Size: 1024 bytes" follows the same form.
   */
  indexKeyTooLong: (name: string, bytes: number, max: number, index: string) =>
    `${INVALID}Size limit exceeded for Index Key ${name} Actual Size: ${bytes} bytes Max Size: ${max} bytes IndexName: ${index}`,
  itemTooLarge: "Item size has exceeded the maximum allowed size",
  updatedItemTooLarge: "Item size to update has exceeded the maximum allowed size",
  cannotUpdateKey: (name: string) => `${INVALID}Cannot update attribute ${name}. This attribute is part of the key`,
  indexKeyUnsupportedType: "The update expression attempted to update the secondary index key to unsupported type",
  nestedKeyPath: (name: string) =>
    `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${name}`,
  nestedIndexKeyPath: (name: string) =>
    `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ${name}`,

  // AttributeValue checks
  emptyAttributeValue: "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
  multipleDatatypes:
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
  nullMustBeTrue: `${INVALID}Null attribute value types must have the value of true`,
  emptyStringSet: `${INVALID}An string set  may not be empty`,
  emptyNumberSet: `${INVALID}An number set  may not be empty`,
  emptyBinarySet: `${INVALID}Binary sets should not be empty`,
  duplicateStrings: (values: string[]) => `${INVALID}Input collection [${values.join(", ")}] contains duplicates.`,
  duplicateNumbers: "Input collection contains duplicates",
  duplicateBinaries: (values: string[]) => `${INVALID}Input collection [${values.join(", ")}]of type BS contains duplicates.`,
  // The current layer quotes the members (byte order up to the first repeat, then the rest as sent).
  duplicateStringsQuoted: (values: string[]) =>
    `${INVALID}Input collection [${values.map((v) => JSON.stringify(v)).join(", ")}] contains duplicates.`,
  duplicateNumbersCurrent: `${INVALID}Input collection contains duplicates.`,
  duplicateBinariesQuoted: (values: string[]) => `${INVALID}Input collection ${JSON.stringify(values)}of type BS contains duplicates.`,
  nestingTooDeep: "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",

  // ReturnValues
  returnValuesPutDelete: "ReturnValues can only be ALL_OLD or NONE",

  // Expression/legacy parameter mixing
  mixedParameters: (legacy: string[], expressions: string[]) =>
    `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(", ")}} Expression parameters: {${expressions.join(", ")}}`,
  namesWithoutExpressions: "ExpressionAttributeNames can only be specified when using expressions",
  valuesWithoutExpressions: (expressions: string[]) =>
    `ExpressionAttributeValues can only be specified when using expressions: ${expressions.join(" and ")} ${expressions.length > 1 ? "are" : "is"} null`,
  valuesWithoutExpressionsCurrent: "ExpressionAttributeValues can only be specified when using expressions",

  // Query/Scan
  noSuchIndex: (index: string) => `The table does not have the specified index: ${index}`,
  consistentReadOnGsi: "Consistent reads are not supported on global secondary indexes",
  keyConditionRequired: "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
  filterOnKey: (name: string) =>
    `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`,
  // localstack/localstack#478 (Query on AWS) and paritysuite captures/cross-region-latest.json
  // (proj_gsi_query_nonprojected, proj_gsi_scan_nonprojected, 2026-09).
  gsiDoesNotProject: (index: string, names: readonly string[]) =>
    `${INVALID}Global secondary index ${index} does not project [${names.join(", ")}]`,
  // Answered by DynamoDB to a Query filter on a KEYS_ONLY index (sensedeep/dynamodb-onetable#377).
  indexDoesNotProjectFilter: (index: string, names: readonly string[]) =>
    `${INVALID}Secondary index ${index} does not project one or more filter attributes: [${names.join(", ")}]`,
  selectAllOnGsi: (index: string) =>
    `${INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index ${index} because its projection type is not ALL`,
  invalidStartKey: "The provided starting key is invalid",
  invalidStartKeyDetail: (detail: string) => `The provided starting key is invalid: ${detail}`,
  startKeyOutsideQuery: "The provided starting key is outside query boundaries based on provided conditions",
  startKeyRangeMismatch: "The provided starting key does not match the range key predicate",
  segmentWithoutTotal:
    "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
  totalWithoutSegment:
    "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
  segmentTooLarge: (segment: number, total: number) =>
    `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
  startKeyWrongSegment: (total: number, segment: number) =>
    `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`,

  // Batch and transactions
  duplicateKeys: "Provided list of item keys contains duplicates",
  tooManyBatchGetKeys: "Too many items requested for the BatchGetItem call",
  tooManyBatchWriteRequests: "Too many items requested for the BatchWriteItem call",
  transactDuplicateItems: "Transaction request cannot include multiple operations on one item",
  transactSizeExceeded: "Transaction request cannot be larger than 4 MB",

  // Streams (UpdateTable/CreateTable texts recorded from DynamoDB by ack-api-quirks; the
  // Streams API texts from AWS SDK users' reports of the real service)
  streamAlreadyEnabled: (table: string) => `Table already has an enabled stream: TableName: ${table}`,
  noStreamToDisable: (table: string) => `Table has no stream to disable: TableName: ${table}`,
  enableStreamNeedsViewType: `${INVALID}If stream is being enabled then UpdateViewType is required`,
  disableStreamWithViewType: `${INVALID}If stream is being disabled, then UpdateViewType must not be specified`,
  createStreamNeedsViewType: `${INVALID}Table is being created with a stream enabled, UpdateViewType is required`,
  createDisabledStreamWithViewType: `${INVALID}Table is being created with a stream disabled, UpdateViewType should not be specified`,
  streamWithThroughputChange: `${INVALID}You cannot modify stream status while updating table IOPS`,
  streamWithIndexChange: `${INVALID}You cannot create or delete index while changing stream status`,
  streamNotFound: (arn: string) => `Requested resource not found: Stream: ${arn} not found`,
  shardNotFound: "Requested resource not found: Shard does not exist",
  iteratorShardGone: "Invalid ShardId in ShardIterator",
  // The AWS SDK for JavaScript's integration test of DescribeStream matches this text (run against AWS).
  invalidStreamArn: "Invalid StreamArn",
  iteratorExpired: "Shard iterator has expired",
  trimmedData: "The data you are trying to access has been trimmed",
  // Not recorded from AWS: our wording for inputs AWS rejects with these codes.
  invalidShardIterator: "Invalid ShardIterator",
  sequenceNumberRequired: (type: string) => `SequenceNumber is required for ShardIteratorType ${type}`,
  sequenceNumberNotAllowed: (type: string) => `SequenceNumber must not be specified for ShardIteratorType ${type}`,
  sequenceNumberNotInShard: (sequenceNumber: string, shardId: string) =>
    `Invalid SequenceNumber ${sequenceNumber} for shard ${shardId}`,
  // Point in time recovery. Not recorded from AWS: our wording for what the sandbox cannot do.
  pitrNotEnabled: (table: string) => `Point in time recovery is not enabled for table '${table}'`,
  restoreTimeUnavailable:
    "The sandbox keeps no history of a table: it restores only to LatestRestorableDateTime (set UseLatestRestorableTime)",
  unsupportedUpdate: (member: string, feature: string) => `The sandbox does not emulate UpdateTable's ${member} (${feature} AWS-only)`,
  // Kinesis streaming destinations. The stream that cannot be used and the enable/disable state texts
  // as LocalStack's DynamoDB provider answers them (localstack/services/dynamodb/provider.py, modelled on
  // DynamoDB's); the update texts as another emulator's (no AWS recording found for them).
  kinesisStreamUnusable: "User does not have a permission to use kinesis stream",
  kinesisEnableState:
    "Table is not in a valid state to enable Kinesis Streaming Destination:EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE operation.",
  kinesisDisableState:
    "Table is not in a valid state to disable Kinesis Streaming Destination:DisableKinesisStreamingDestination must be ACTIVE to perform DISABLE operation.",
  kinesisUpdateNoDestination: (stream: string, table: string) =>
    `Table is not in a valid state to enable Kinesis Streaming Destination: No streaming destination with streamArn: ${stream} found for table with tableName: ${table}`,
  kinesisUpdateNotActive:
    "Table is not in a valid state to enable Kinesis Streaming Destination: Kinesis streaming is not in ACTIVE state. Updates are only allowed in ACTIVE state.",
  kinesisUpdateNothing: "Streaming destination cannot be updated with given parameters: UpdateKinesisStreamingConfiguration cannot be null or contain only null values",
  kinesisUpdateSamePrecision: (precision: string) => `Invalid Request: Precision is already set to the desired value of ${precision}`,
  unsupportedAction: (action: string, feature: string) => `The sandbox does not emulate DynamoDB's ${action} (${feature} AWS-only)`,
  // Exports and imports. A ClientToken reused with other parameters, and a past ExportTime
  // (ScyllaDB's Alternator conformance tests, test_export.py / test_import.py, run against DynamoDB;
  // the conflicts' "Export conflict: " / "Import conflict: " prefixes: ack-api-quirks DDB-EXPORT-009 / DDB-IMPORT-017, 2026-10).
  duplicateRequest: "Duplicate request detected with conflicting parameters",
  exportTimeInvalid: "Export Time is invalid",
  // An incremental export's window (ack-api-quirks DDB-EXPORT-004/019, 2026-10).
  incrementalFromTime: (from: string) => `Incremental export period from time cannot be less than the table creation time : ${from}`,
  incrementalToTime: (to: string) => `Incremental export period to time cannot be greater than the current time : ${to}`,
  incrementalTooShort: "Difference between export period from time and export period to time is less than 15 minutes",
  // ExportNotFoundException / ImportNotFoundException: the API reference's descriptions of the errors.
  exportNotFound: "The specified export was not found.",
  importNotFound: "The specified import was not found.",
  /** DescribeExport of a well-formed ARN naming no export, and of another Region's (ack-api-quirks DDB-EXPORT-006, 2026-10). */
  exportArnNotFound: (arn: string) => `Export not found: Export not found: ${arn}`,
  exportOtherRegion: "Export not found: Invalid export arn",
  // ExportTableToPointInTime's couplings (ack-api-quirks DDB-EXPORT-003/005, 2026-10).
  incrementalTypeExpected: "Invalid Request: Export Type expected to be Incremental Export when incremental export specification is provided",
  incrementalSpecWithFull: "Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be provided",
  incrementalSpecExpected: "Invalid Request: Incremental Export Specification expected when export type is set as Incremental Export",
  incrementalFromTimeExpected: "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification",
  exportTableArnNotArn: `${INVALID}tableArn is not a valid ARN`,
  exportTableArnInvalid: "Invalid Request: Table ARN is invalid.",
  exportKmsKeyWithoutKms: "Invalid Request: KMS Key Id is not supported for this encryption type",
  // DescribeExport / DescribeImport with an ARN that names no export or import (Alternator's tests, run against DynamoDB).
  invalidExportArn: "Invalid Export ARN",
  invalidImportArn: "Invalid Import ARN",
  // Not recorded from AWS: our wording for what the sandbox does not do.
  exportTimeNotNow:
    "The sandbox keeps no history of a table: it exports the table as it is now (leave ExportTime out, or give the current time)",
  incrementalExport:
    "The sandbox keeps no history of a table's changes: it writes FULL_EXPORT exports only (INCREMENTAL_EXPORT is AWS-only)",
  ionImport: "The sandbox imports DYNAMODB_JSON and CSV only: ION imports are AWS-only (it writes ION exports)",
  zstdUnavailable: "This Node.js has no Zstandard decompression (node:zlib zstd, Node.js 22.15 and later): use GZIP or NONE",
  importOnDemandOfProvisioned: (member: string) => `${INVALID}${member} for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.`,
  /** ImportTable's InputFormatOptions.Csv with another format (ack-api-quirks DDB-IMPORT-009, 2026-10). */
  csvOptionsWithJson: (format: string) => `Invalid Request: Unsupported InputFormatOptions for the given input format: ${format}.`,
  /** ListExports' token given to ListImports, and back (ack-api-quirks DDB-EXPORT-006, 2026-10). */
  invalidNextToken: (token: string) => `Invalid Request: Provided nextToken is invalid: ${token}`,
} as const;
