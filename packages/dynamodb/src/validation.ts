/**
 * Request validation from AWS's model (generated/dynamodb.ts): required members,
 * lengths, ranges, patterns and enums, with DynamoDB's texts (at most 10 failures
 * listed). AttributeValues and item maps are only checked for their JSON kind here;
 * the engine validates their contents itself while walking them once (engine/items.ts).
 */
import {
  coralJsonTypeRules,
  SerializationException,
  createValidator,
  renderValue,
  ValidationException,
  type OperationValidator,
  type ServiceModel,
  type ShapeModel,
} from "@sam-sandbox/core";
import { dynamodbModel } from "./generated/dynamodb.js";
import { dynamodbStreamsModel } from "./generated/dynamodbstreams.js";
import { checkValue } from "./engine/items.js";
import { UNSUPPORTED_ACTIONS } from "./engine/unsupported.js";
import { MAX_BATCH_GET_KEYS, MAX_CLIENT_REQUEST_TOKEN, MAX_GET_RECORDS_LIMIT, MAX_LIST_STREAMS_LIMIT } from "./limits.js";

/** The structure with its members listed in `order` first (AWS reports failing members in that order). */
function reorder(shape: ShapeModel, order: string[]): ShapeModel {
  const members = shape.members ?? {};
  const sorted = Object.fromEntries([
    ...order.filter((name) => name in members).map((name) => [name, members[name]] as const),
    ...Object.entries(members).filter(([name]) => !order.includes(name)),
  ]);
  return { ...shape, members: sorted };
}

/** The structure with one member pointed at another shape. */
function retarget(shape: ShapeModel, member: string, target: string): ShapeModel {
  return { ...shape, members: { ...shape.members, [member]: { ...shape.members?.[member], target } } };
}

/**
 * A global secondary index's key schema may name several HASH and RANGE attributes
 * (multi-attribute keys, API_GlobalSecondaryIndex: "Minimum number of 1 item", no
 * maximum); a table's and a local index's stay at two. The generated model predates that.
 */
const model: ServiceModel = {
  ...dynamodbModel,
  shapes: {
    ...dynamodbModel.shapes,
    GlobalSecondaryIndexKeySchema: { type: "list", member: "KeySchemaElement", length: { min: 1 } },
    GlobalSecondaryIndex: retarget(dynamodbModel.shapes.GlobalSecondaryIndex, "KeySchema", "GlobalSecondaryIndexKeySchema"),
    CreateGlobalSecondaryIndexAction: retarget(
      dynamodbModel.shapes.CreateGlobalSecondaryIndexAction,
      "KeySchema",
      "GlobalSecondaryIndexKeySchema",
    ),
    // Member and enum orders as DynamoDB lists them in a multi-error message (recorded by dynalite;
    // UpdateItem's and ConditionalOperator's checked again by the paritysuite conformance suite, 2026-10).
    PutItemInput: reorder(dynamodbModel.shapes.PutItemInput, [
      "ReturnConsumedCapacity", "TableName", "Item", "ConditionalOperator", "Expected", "ReturnValues", "ReturnItemCollectionMetrics",
    ]),
    UpdateItemInput: reorder(dynamodbModel.shapes.UpdateItemInput, [
      "ReturnConsumedCapacity", "TableName", "ReturnItemCollectionMetrics", "ReturnValues", "ConditionalOperator", "Key", "Expected",
    ]),
    DeleteItemInput: reorder(dynamodbModel.shapes.DeleteItemInput, [
      "ReturnConsumedCapacity", "TableName", "ReturnValues", "ReturnItemCollectionMetrics", "Key", "ConditionalOperator", "Expected",
    ]),
    GetItemInput: reorder(dynamodbModel.shapes.GetItemInput, ["ReturnConsumedCapacity", "AttributesToGet", "TableName", "Key"]),
    QueryInput: reorder(dynamodbModel.shapes.QueryInput, [
      "Select", "IndexName", "ReturnConsumedCapacity", "QueryFilter", "TableName", "ConditionalOperator", "AttributesToGet", "Limit", "KeyConditions",
    ]),
    ScanInput: reorder(dynamodbModel.shapes.ScanInput, [
      "Select", "IndexName", "TotalSegments", "ReturnConsumedCapacity", "TableName", "ConditionalOperator", "ScanFilter", "Segment", "Limit",
    ]),
    CreateTableInput: reorder(dynamodbModel.shapes.CreateTableInput, [
      "AttributeDefinitions", "TableName", "BillingMode", "ProvisionedThroughput", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
    ]),
    // DynamoDB checks the table class itself (engine/createTable.ts checkTableClass).
    TableClass: { type: "string" },
    // DynamoDB checks tags itself, with its own texts (engine/tags.ts), not by the model's lengths.
    TagKeyString: { type: "string" },
    TagValueString: { type: "string" },
    Tag: { ...dynamodbModel.shapes.Tag, members: { Key: { target: "TagKeyString" }, Value: { target: "TagValueString" } } },
    ReturnValue: { ...dynamodbModel.shapes.ReturnValue, values: ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"] },
    ConditionalOperator: { ...dynamodbModel.shapes.ConditionalOperator, values: ["OR", "AND"] },
    // dynalite test/createTable.js (recorded against DynamoDB): "[B, N, S]", not the model's order.
    ScalarAttributeType: { ...dynamodbModel.shapes.ScalarAttributeType, values: ["B", "N", "S"] },
    Select: { ...dynamodbModel.shapes.Select, values: ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"] },
    // DynamoDB refuses an empty S3Prefix for an export, though the model allows 0 characters (Alternator's
    // test_export_setting_fields_to_weird_values_or_skipping_fail, on AWS; its text was not recorded: the
    // model's length wording for the 1-character minimum). ImportTable's S3KeyPrefix keeps the model's.
    ExportS3Prefix: { type: "string", length: { min: 1, max: 1024 } },
    ExportTableToPointInTimeInput: retarget(dynamodbModel.shapes.ExportTableToPointInTimeInput, "S3Prefix", "ExportS3Prefix"),
    // ack-api-quirks DDB-IMPORT-009 (recorded on DynamoDB, 2026-10): "[ZSTD, NONE, GZIP]".
    InputCompressionType: { ...dynamodbModel.shapes.InputCompressionType, values: ["ZSTD", "NONE", "GZIP"] },
  },
};

const validator = createValidator(model, {
  maxErrors: 10,
  jsonTypes: coralJsonTypeRules("com.amazonaws.dynamodb.v20120810"),
  opaque: ["AttributeValue", "AttributeMap", "PutItemInputAttributeMap", "Key", "ExpressionAttributeValueMap"],
});

/** Table names: [a-zA-Z0-9_.-]+, 3 to 255 characters for CreateTable (DynamoDB's "Naming rules"). */
const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;
const MIN_TABLE_NAME = 3;
const MAX_TABLE_NAME = 255;

/**
 * The model types TableName as "TableArn" (1..1024 characters, any text) since tables can
 * be named by ARN; DynamoDB still holds plain names to its naming rules (texts captured
 * from DynamoDB by dynoxide).
 */
function tableNameErrors(action: string, name: string): string[] {
  const errors: string[] = [];
  const at = `Value '${name}' at 'tableName' failed to satisfy constraint: Member must`;
  if (action === "CreateTable") {
    if (!TABLE_NAME.test(name)) errors.push(`${at} satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
    if (name.length < MIN_TABLE_NAME) errors.push(`${at} have length greater than or equal to ${MIN_TABLE_NAME}`);
  } else if (name.startsWith("arn:")) {
    return errors;
  } else if (name !== "") {
    if (!TABLE_NAME.test(name)) errors.push(`${at} satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
    // A plain name under 3 characters too (Alternator's test_item.py::test_item_operations_improper_named_table,
    // PutItem 'xx'; DescribeTable 'ab' as recorded on DynamoDB 2026-10-08 by the ACK controller's probes).
    if (name.length < MIN_TABLE_NAME) errors.push(`${at} have length greater than or equal to ${MIN_TABLE_NAME}`);
  }
  if (name.length > MAX_TABLE_NAME) errors.push(`${at} have length less than or equal to ${MAX_TABLE_NAME}`);
  return errors;
}

const BATCH_TABLE_NAMES =
  "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";

/** A batch may name a table by ARN too (moto test_batch_write_using_arn, @aws_verified). */
function badTableName(name: string): boolean {
  if (name.startsWith("arn:")) return false;
  return name.length < MIN_TABLE_NAME || name.length > MAX_TABLE_NAME || !TABLE_NAME.test(name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The failures listed in a "N validation errors detected: …" message. */
function failures(error: unknown): string[] | undefined {
  if (!(error instanceof ValidationException)) return undefined;
  const match = /^\d+ validation errors? detected: (.*)$/s.exec(error.message);
  return match ? match[1].split(/; (?=Value )/) : undefined;
}

function detected(errors: string[]): ValidationException {
  return new ValidationException(`${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`);
}

/**
 * Checks of operations DynamoDB's newer validation framework has reached: it names the
 * member without echoing its value ("Value at 'RequestItems' …") and stops at the first
 * failure (captured by the paritysuite conformance suite, eu-west-2 and us-east-1, 2026-10).
 */
function newerChecks(action: string, input: Record<string, unknown>): void {
  const at = (path: string, constraint: string) =>
    new ValidationException(`1 validation error detected: Value at '${path}' failed to satisfy constraint: ${constraint}`);
  if (action === "BatchGetItem" && isRecord(input.RequestItems) && Object.keys(input.RequestItems).length === 0) {
    throw at("RequestItems", "Member must have length greater than or equal to 1");
  }
  // BatchWriteItem has not moved to the framework's wording in us-east-1 (nor most regions):
  // paritysuite captures/2026-10-07-batch-empty-request-items.json, two runs agreeing.
  if (action === "BatchWriteItem" && isRecord(input.RequestItems) && Object.keys(input.RequestItems).length === 0) {
    throw new ValidationException("The requestItems parameter is required for BatchWriteItem");
  }
  if (action === "BatchGetItem" && isRecord(input.RequestItems)) {
    const tables = Object.entries(input.RequestItems);
    for (const [name, request] of tables) {
      const keys = isRecord(request) ? request.Keys : undefined;
      if (!Array.isArray(keys)) continue;
      if (keys.length === 0) throw at(`RequestItems.${name}.member.Keys`, "Member must have length greater than or equal to 1");
      if (keys.length > MAX_BATCH_GET_KEYS) {
        throw at(`RequestItems.${name}.member.Keys`, `Member must have length less than or equal to ${MAX_BATCH_GET_KEYS}`);
      }
    }
  }
  if (action === "TransactWriteItems" && typeof input.ClientRequestToken === "string" && input.ClientRequestToken.length > MAX_CLIENT_REQUEST_TOKEN) {
    throw at("ClientRequestToken", `Member must have length less than or equal to ${MAX_CLIENT_REQUEST_TOKEN}`);
  }
}

/**
 * A batch names its tables as map keys, held to the naming rules. BatchGetItem reports a bad
 * one first, echoing the map as JSON, beside any other member failure; BatchWriteItem echoes
 * it as Java prints it and gives way to the other members' failures.
 */
function batchTableNames(action: string, input: Record<string, unknown>, validate: OperationValidator): void {
  const requestItems = input.RequestItems;
  const bad = isRecord(requestItems) && Object.keys(requestItems).some(badTableName);
  if (!bad || (action !== "BatchGetItem" && action !== "BatchWriteItem")) return validate(input);
  if (action === "BatchWriteItem") {
    validate(input);
    const shown = renderValue(model, "BatchWriteItemRequestMap", requestItems);
    throw detected([`Value '${shown}' at 'requestItems' failed to satisfy constraint: ${BATCH_TABLE_NAMES}`]);
  }
  const own = `Value '${JSON.stringify(requestItems)}' at 'requestItems' failed to satisfy constraint: ${BATCH_TABLE_NAMES}`;
  try {
    validate(input);
  } catch (error) {
    const others = failures(error);
    if (others === undefined) throw error;
    throw detected([own, ...others]);
  }
  throw detected([own]);
}

const validators = new Map<string, OperationValidator>();
const unchecked: OperationValidator = () => undefined;

/** The validator of one action, or undefined when DynamoDB has no such action. */
export function validatorFor(action: string): OperationValidator | undefined {
  let checked = validators.get(action);
  if (checked) return checked;
  const validate = validator.forOperation(action);
  // An action the sandbox does not emulate says so whatever its input, newer than the model too.
  if (!validate) return Object.hasOwn(UNSUPPORTED_ACTIONS, action) ? unchecked : undefined;
  const inputShape = model.operations[action]?.input;
  checked = (input) => {
    if (!isRecord(input)) return validate(input);
    try {
      checkMembers(action, input, validate);
    } catch (error) {
      // The deserializer reads every AttributeValue before any constraint is checked.
      if (error instanceof ValidationException && inputShape !== undefined) throw valueSerializationError(inputShape, input) ?? error;
      throw error;
    }
  };
  validators.set(action, checked);
  return checked;
}

/** The required member of each item write besides TableName. */
const ITEM_WRITE_TARGET: Record<string, string> = { PutItem: "Item", UpdateItem: "Key", DeleteItem: "Key" };

/** ReturnValues outside its enum, as the newer framework words it (typo "UPDATE_NEW" included). */
const RETURN_VALUES_ENUM = "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]";

/**
 * PutItem, UpdateItem and DeleteItem whose required members are all given go through the
 * newer validation framework: an empty TableName is named without its value and alone, and
 * ReturnValues outside its enum is worded without its value; UpdateItem reports that alone,
 * PutItem and DeleteItem among the other members' failures in the usual order. With a required
 * member missing they answer in the older aggregated form. (paritysuite
 * captures/cross-region-latest.json probes o_put_empty_table_*, o_del_*, o_upd_*,
 * o_put_three_bad_enums, us-east-1 and eu-west-2, 2026-09-20; tier3/validation-ordering/updateItem.)
 */
function itemWriteChecks(action: string, input: Record<string, unknown>, validate: OperationValidator): void {
  const target = ITEM_WRITE_TARGET[action];
  if (target === undefined || typeof input.TableName !== "string" || input[target] === undefined || input[target] === null) {
    return validate(input);
  }
  if (input.TableName === "") {
    throw detected(["Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
  }
  const returnValues = input.ReturnValues;
  const badReturnValues = typeof returnValues === "string" && !(model.shapes.ReturnValue.values ?? []).includes(returnValues);
  if (!badReturnValues) return validate(input);
  if (action === "UpdateItem") throw detected([RETURN_VALUES_ENUM]);
  try {
    validate(input);
  } catch (error) {
    const listed = failures(error);
    if (listed === undefined) throw error;
    throw detected(listed.map((failure) => (failure.startsWith("Value '") && failure.includes("' at 'returnValues' ") ? RETURN_VALUES_ENUM : failure)));
  }
}

/** AttributeName's own limit, 65535 characters (the model's); the validator leaves the item's map unread. */
const MAX_ATTRIBUTE_NAME = 65535;

/**
 * A PutItem item naming an attribute past 65535 characters (Alternator's
 * test_limits.py::test_limit_attribute_length_nonkey_bad, run against DynamoDB: 65535 is the last
 * accepted length), worded as the framework words the same limit on ExpressionAttributeNames.
 */
function itemNameErrors(item: unknown, errors: string[]): void {
  if (!isRecord(item)) return;
  for (const name in item) {
    if (name.length <= MAX_ATTRIBUTE_NAME) continue;
    const shown = renderValue(model, "PutItemInputAttributeMap", item);
    errors.push(
      `Value '${shown}' at 'item' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to ${MAX_ATTRIBUTE_NAME}, Member must have length greater than or equal to 0]`,
    );
    return;
  }
}

function checkMembers(action: string, input: Record<string, unknown>, validate: OperationValidator): void {
  newerChecks(action, input);
  const name = input.TableName;
  const nameErrors = typeof name === "string" ? tableNameErrors(action, name) : [];
  if (action === "PutItem") itemNameErrors(input.Item, nameErrors);
  try {
    if (action in ITEM_WRITE_TARGET) itemWriteChecks(action, input, validate);
    else batchTableNames(action, input, validate);
  } catch (error) {
    // A malformed table name is reported beside the other members' failures.
    const others = failures(error);
    if (nameErrors.length > 0 && others !== undefined) throw detected([...nameErrors, ...others]);
    throw error;
  }
  if (nameErrors.length > 0) throw detected(nameErrors);
}

/**
 * The SerializationException an AttributeValue inside `value` (of model shape `shape`) gets
 * from DynamoDB's deserializer, if any. Only called on the error path: the validator checks
 * AttributeValues for their JSON kind alone and the engine reads their contents later.
 */
function valueSerializationError(shape: string, value: unknown): SerializationException | undefined {
  if (shape === "AttributeValue") {
    try {
      checkValue(structuredClone(value));
    } catch (error) {
      if (error instanceof SerializationException) return error;
    }
    return undefined;
  }
  const described = model.shapes[shape];
  if (described === undefined) return undefined;
  if (described.type === "list" && Array.isArray(value) && described.member !== undefined) {
    for (const element of value) {
      const error = valueSerializationError(described.member, element);
      if (error) return error;
    }
  } else if (described.type === "map" && isRecord(value) && described.value !== undefined) {
    for (const name in value) {
      const error = valueSerializationError(described.value, value[name]);
      if (error) return error;
    }
  } else if ((described.type === "structure" || described.type === "union") && isRecord(value) && described.members !== undefined) {
    for (const name in value) {
      const member = described.members[name];
      const error = member === undefined ? undefined : valueSerializationError(member.target, value[name]);
      if (error) return error;
    }
  }
  return undefined;
}

/**
 * ListStreams takes at most 100 streams a page and GetRecords 1000 records (API_streams_ListStreams
 * and API_streams_GetRecords: "The upper limit is 100" / "1000"); more is a ValidationException
 * (Alternator's test_list_streams_too_high_limit and test_get_records_too_high_limit, run against
 * DynamoDB). The model gives the Limits no maximum.
 */
const streamsModel: ServiceModel = {
  ...dynamodbStreamsModel,
  shapes: {
    ...dynamodbStreamsModel.shapes,
    ListStreamsLimit: { type: "integer", range: { min: 1, max: MAX_LIST_STREAMS_LIMIT } },
    ListStreamsInput: retarget(dynamodbStreamsModel.shapes.ListStreamsInput, "Limit", "ListStreamsLimit"),
    GetRecordsLimit: { type: "integer", range: { min: 1, max: MAX_GET_RECORDS_LIMIT } },
    GetRecordsInput: retarget(dynamodbStreamsModel.shapes.GetRecordsInput, "Limit", "GetRecordsLimit"),
  },
};

const streamsValidator = createValidator(streamsModel, {
  maxErrors: 10,
  jsonTypes: coralJsonTypeRules("com.amazonaws.dynamodb.v20120810"),
});

/** The validator of one DynamoDB Streams action, or undefined when Streams has no such action. */
export function streamsValidatorFor(action: string): OperationValidator | undefined {
  return streamsValidator.forOperation(action);
}
