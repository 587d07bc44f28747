/**
 * Request validation from AWS's model (generated/dynamodb.ts): required members,
 * lengths, ranges, patterns and enums, with DynamoDB's texts (at most 10 failures
 * listed). AttributeValues and item maps are only checked for their JSON kind here;
 * the engine validates their contents itself while walking them once (engine/items.ts).
 */
import { coralJsonTypeRules, createValidator, ValidationException, type OperationValidator } from "@sam-sandbox/core";
import { dynamodbModel } from "./generated/dynamodb.js";
import { dynamodbStreamsModel } from "./generated/dynamodbstreams.js";

const validator = createValidator(dynamodbModel, {
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
  } else if (name !== "" && !TABLE_NAME.test(name)) {
    errors.push(`${at} satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
  }
  if (name.length > MAX_TABLE_NAME) errors.push(`${at} have length less than or equal to ${MAX_TABLE_NAME}`);
  return errors;
}

const validators = new Map<string, OperationValidator>();

/** The validator of one action, or undefined when DynamoDB has no such action. */
export function validatorFor(action: string): OperationValidator | undefined {
  let checked = validators.get(action);
  if (checked) return checked;
  const validate = validator.forOperation(action);
  if (!validate) return undefined;
  checked = (input) => {
    validate(input);
    const name = (input as { TableName?: unknown }).TableName;
    if (typeof name !== "string") return;
    const errors = tableNameErrors(action, name);
    if (errors.length > 0) {
      throw new ValidationException(`${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`);
    }
  };
  validators.set(action, checked);
  return checked;
}

const streamsValidator = createValidator(dynamodbStreamsModel, {
  maxErrors: 10,
  jsonTypes: coralJsonTypeRules("com.amazonaws.dynamodb.v20120810"),
});

/** The validator of one DynamoDB Streams action, or undefined when Streams has no such action. */
export function streamsValidatorFor(action: string): OperationValidator | undefined {
  return streamsValidator.forOperation(action);
}
