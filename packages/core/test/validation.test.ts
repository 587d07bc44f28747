import { describe, expect, it } from "vitest";
import { AwsError } from "../src/errors.js";
import { coralJsonTypeRules } from "../src/coralJson.js";
import { hasOperation, operationErrors, operationNames } from "../src/model.js";
import { createValidator, validateInput } from "../src/validation.js";
import type { ValidationOptions } from "../src/validation.js";
import { dynamodbModel } from "../../dynamodb/src/generated/dynamodb.js";
import { dynamodbStreamsModel } from "../../dynamodb/src/generated/dynamodbstreams.js";
import { lambdaModel } from "../../lambda/src/generated/lambda.js";

// DynamoDB's settings: Coral JSON type errors, at most 10 messages, AttributeValues left to the engine.
const DYNAMODB: ValidationOptions = {
  jsonTypes: coralJsonTypeRules("com.amazonaws.dynamodb.v20120810"),
  opaque: ["AttributeValue"],
};
const dynamodb = createValidator(dynamodbModel, DYNAMODB);
const lambda = createValidator(lambdaModel, { listMemberNotNull: true });

function failure(run: () => void): AwsError {
  try {
    run();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error("expected an AwsError");
}

const validTable = {
  TableName: "orders",
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

describe("constraint failures (ValidationException)", () => {
  it("accepts a valid CreateTable and PutItem", () => {
    expect(() => dynamodb("CreateTable", validTable)).not.toThrow();
    expect(() => dynamodb("PutItem", { TableName: "orders", Item: { pk: { S: "1" } } })).not.toThrow();
  });

  it("reports a 2-character index name with AWS's text", () => {
    const error = failure(() =>
      dynamodb("CreateTable", {
        ...validTable,
        GlobalSecondaryIndexes: [{ IndexName: "ab", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      }),
    );
    expect(error.code).toBe("ValidationException");
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      "1 validation error detected: Value 'ab' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: " +
        "Member must have length greater than or equal to 3",
    );
  });

  it("checks TableName as the model's TableArn (1 to 1024 characters), so a 2-character name passes", () => {
    expect(() => dynamodb("CreateTable", { ...validTable, TableName: "ab" })).not.toThrow();
    expect(failure(() => dynamodb("CreateTable", { ...validTable, TableName: "" })).message).toBe(
      "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("reports a 2-character TableName when the service gives TableArn the TableName rules", () => {
    const strict = createValidator(dynamodbModel, {
      ...DYNAMODB,
      shapeOverrides: { TableArn: { length: { min: 3, max: 255 }, pattern: "[a-zA-Z0-9_.-]+" } },
    });
    expect(failure(() => strict("CreateTable", { ...validTable, TableName: "ab" })).message).toBe(
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
    expect(failure(() => strict("CreateTable", { ...validTable, TableName: "abc;" })).message).toBe(
      "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it("reports a missing required member as Value null", () => {
    expect(failure(() => dynamodb("DescribeTable", {})).message).toBe(
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
    // JSON null is the same as absent.
    expect(failure(() => dynamodb("DescribeTable", { TableName: null })).message).toContain("Value null at 'tableName'");
  });

  it("reports a value outside an enum with the value set", () => {
    expect(failure(() => dynamodb("BatchWriteItem", { RequestItems: { abc: [{ DeleteRequest: { Key: {} } }] }, ReturnConsumedCapacity: "hi" })).message).toBe(
      "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: " +
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
    );
  });

  it("joins several failures with '; ' under one count", () => {
    const error = failure(() =>
      dynamodb("CreateTable", {
        TableName: "abc",
        AttributeDefinitions: [],
        KeySchema: [{ KeyType: "HASH" }, { AttributeName: "a" }, { KeyType: "Woop", AttributeName: "a" }],
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 },
      }),
    );
    expect(error.message).toBe(
      "5 validation errors detected: " +
        "Value null at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'keySchema.2.member.keyType' failed to satisfy constraint: Member must not be null; " +
        "Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]; " +
        "Value '[KeySchemaElement(attributeName=null, keyType=HASH), KeySchemaElement(attributeName=a, keyType=null), " +
        "KeySchemaElement(attributeName=a, keyType=Woop)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2; " +
        "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it("stops at 10 failures as DynamoDB does", () => {
    const error = failure(() =>
      dynamodb("CreateTable", { ...validTable, LocalSecondaryIndexes: [{}, {}, {}, {}, {}, {}, {}, {}, {}] }),
    );
    expect(error.message.startsWith("10 validation errors detected: ")).toBe(true);
    expect(error.message.split("; ")).toHaveLength(10);
    expect(error.message).toContain("Value null at 'localSecondaryIndexes.4.member.indexName' failed to satisfy constraint: Member must not be null");
  });

  it("honours a service's own limit on the number of failures", () => {
    const two = createValidator(dynamodbModel, { ...DYNAMODB, maxErrors: 2 });
    expect(failure(() => two("CreateTable", {})).message).toMatch(/^2 validation errors detected: /);
  });

  it("names map entries and list elements in the path", () => {
    expect(failure(() => dynamodb("BatchWriteItem", { RequestItems: { "aa;": [{ PutRequest: {} }] } })).message).toBe(
      "1 validation error detected: Value null at 'requestItems.aa;.member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null",
    );
  });

  it("reports a map value's own constraints once, for the whole map", () => {
    expect(failure(() => dynamodb("BatchWriteItem", { RequestItems: { abc: [] } })).message).toBe(
      "1 validation error detected: Value '{abc=[]}' at 'requestItems' failed to satisfy constraint: " +
        "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
    );
    expect(failure(() => dynamodb("BatchWriteItem", { RequestItems: {} })).message).toBe(
      "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("skips the constraint kinds a service does not enforce", () => {
    const lenient = createValidator(dynamodbModel, { ...DYNAMODB, skip: ["enum", "required"] });
    expect(() => lenient("DescribeTable", {})).not.toThrow();
    expect(() => lenient("Scan", { TableName: "abc", Select: "EVERYTHING" })).not.toThrow();
  });

  it("prints enum values in the order a service overrides", () => {
    // The order dynalite recorded from DynamoDB.
    const ordered = createValidator(dynamodbModel, {
      ...DYNAMODB,
      shapeOverrides: { ReturnValue: { values: ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"] } },
    });
    expect(failure(() => ordered("PutItem", { TableName: "abc", Item: {}, ReturnValues: "SOME" })).message).toContain(
      "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    );
  });

  it("uses the error code a service answers with", () => {
    const cognitoLike = createValidator(dynamodbModel, { ...DYNAMODB, errorCode: "InvalidParameterException" });
    const error = failure(() => cognitoLike("DescribeTable", {}));
    expect(error.code).toBe("InvalidParameterException");
    expect(error.statusCode).toBe(400);
  });
});

describe("omitValues", () => {
  it("names no value in a failure, as IAM answers them", () => {
    const quiet = createValidator(dynamodbModel, { ...DYNAMODB, omitValues: true });
    expect(failure(() => quiet("Scan", { TableName: "orders", Limit: 0 })).message).toBe(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});

describe("wrong JSON types (SerializationException)", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a number for a string", { TableName: 12 }, "NUMBER_VALUE cannot be converted to String"],
    ["a decimal for a string", { TableName: 1.5 }, "DECIMAL_VALUE cannot be converted to String"],
    ["a boolean for a string", { TableName: true }, "TRUE_VALUE cannot be converted to String"],
    ["a list for a string", { TableName: [] }, "Unrecognized collection type class java.lang.String"],
    ["an object for a string", { TableName: {} }, "Start of structure or map found where not expected"],
    ["an object for a list", { TableName: "abc", KeySchema: {} }, "Start of structure or map found where not expected"],
    ["a string for a list", { TableName: "abc", KeySchema: "x" }, "Unexpected field type"],
    ["a list for a list element structure", { TableName: "abc", KeySchema: [[]] }, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"],
    ["a string for a list element structure", { TableName: "abc", KeySchema: ["x"] }, "Unexpected value type in payload"],
    ["a number for a member structure", { TableName: "abc", ProvisionedThroughput: 3 }, "Unexpected field type"],
    ["a string for a long", { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: "1" } }, "STRING_VALUE cannot be converted to Long"],
    ["a boolean for a long", { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: false } }, "FALSE_VALUE cannot be converted to Long"],
  ];
  for (const [name, input, text] of cases) {
    it(`answers ${name} with DynamoDB's text`, () => {
      const error = failure(() => dynamodb("CreateTable", input));
      expect(error.code).toBe("SerializationException");
      expect(error.message).toBe(text);
    });
  }

  it("answers a list for a map with the map's Java type", () => {
    expect(failure(() => dynamodb("PutItem", { TableName: "abc", Item: [] })).message).toBe(
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    );
    expect(failure(() => dynamodb("BatchWriteItem", { RequestItems: [] })).message).toBe(
      "Unrecognized collection type java.util.Map<java.lang.String, java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>",
    );
  });

  it("fails on the type before any constraint", () => {
    const error = failure(() => dynamodb("CreateTable", { TableName: "", KeySchema: [], BillingMode: 3 }));
    expect(error.code).toBe("SerializationException");
    expect(error.message).toBe("NUMBER_VALUE cannot be converted to String");
  });

  it("converts what DynamoDB converts: boolean words and fractional integers", () => {
    const input: Record<string, unknown> = { TableName: "abc", Key: {}, ConsistentRead: "yes" };
    dynamodb("GetItem", input);
    expect(input.ConsistentRead).toBe(true);
    const scan: Record<string, unknown> = { TableName: "abc", Limit: 2.7 };
    dynamodb("Scan", scan);
    expect(scan.Limit).toBe(2);
    expect(failure(() => dynamodb("GetItem", { TableName: "abc", Key: {}, ConsistentRead: "maybe" })).message).toBe(
      "Unexpected token received from parser",
    );
  });

  it("checks an opaque shape's JSON kind but not its contents", () => {
    expect(() => dynamodb("PutItem", { TableName: "abc", Item: { a: { S: 5 } } })).not.toThrow();
    expect(failure(() => dynamodb("PutItem", { TableName: "abc", Item: { a: 5 } })).message).toBe("Unexpected value type in payload");
    const wholeItem = createValidator(dynamodbModel, { ...DYNAMODB, opaque: ["PutItemInputAttributeMap"] });
    expect(() => wholeItem("PutItem", { TableName: "abc", Item: { a: 5 } })).not.toThrow();
  });

  it("descends into AttributeValues when they are not opaque", () => {
    const strict = createValidator(dynamodbModel, { jsonTypes: DYNAMODB.jsonTypes });
    expect(failure(() => strict("PutItem", { TableName: "abc", Item: { a: { S: 5 } } })).message).toBe(
      "NUMBER_VALUE cannot be converted to String",
    );
    expect(failure(() => strict("PutItem", { TableName: "abc", Item: { a: { B: "abc" } } })).message).toBe(
      "Base64 encoded length is expected a multiple of 4 bytes but found: 3",
    );
  });

  it("leaves wrong types alone when the service gives no type rules", () => {
    const untyped = createValidator(dynamodbModel);
    expect(() => untyped("CreateTable", { ...validTable, TableName: 12, KeySchema: "x" })).not.toThrow();
  });
});

describe("Lambda (restJson) table", () => {
  it("quotes numbers and checks ranges", () => {
    const error = failure(() =>
      lambda("CreateFunction", { FunctionName: "f", Role: "arn:aws:iam::123456789012:role/r", Code: {}, Timeout: 0, MemorySize: 5555555 }),
    );
    expect(error.message).toBe(
      "2 validation errors detected: " +
        "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '5555555' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
  });

  it("lists a list element's constraints, with Member must not be null", () => {
    expect(failure(() => lambda("CreateFunctionUrlConfig", { FunctionName: "f", AuthType: "NONE", Cors: { AllowMethods: ["GET", "OPTIONSX"] } })).message).toBe(
      "1 validation error detected: Value '[GET, OPTIONSX]' at 'cors.allowMethods' failed to satisfy constraint: " +
        "Member must satisfy constraint: [Member must have length less than or equal to 6, Member must have length greater than or equal to 0, " +
        "Member must satisfy regular expression pattern: .*, Member must not be null]",
    );
    expect(failure(() => lambda("CreateFunction", { FunctionName: "f", Role: "arn:aws:iam::123456789012:role/r", Code: {}, Architectures: ["foo"] })).message).toBe(
      "1 validation error detected: Value '[foo]' at 'architectures' failed to satisfy constraint: " +
        "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
    );
  });

  it("hides sensitive values and prints AWS's unanchored pattern", () => {
    expect(failure(() => lambda("CreateFunction", { FunctionName: "f", Role: "arn:aws:iam::123456789012:role/r", Code: {}, Environment: { Variables: { _X: "1" } } })).message).toBe(
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: " +
        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    );
  });

  it("reads numbers and booleans bound to the query string or headers from their text", () => {
    const input: Record<string, unknown> = { MaxItems: "50" };
    lambda("ListFunctions", input);
    expect(input.MaxItems).toBe(50);
    expect(failure(() => lambda("ListFunctions", { MaxItems: "0" })).message).toBe(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it("validates members bound to the URI, query and headers by member name", () => {
    expect(() => lambda("Invoke", { FunctionName: "my-function", InvocationType: "Event", Qualifier: "$LATEST" })).not.toThrow();
    expect(failure(() => lambda("Invoke", { FunctionName: "my function", InvocationType: "Later" })).message).toBe(
      "2 validation errors detected: " +
        "Value 'my function' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?; " +
        "Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    );
  });
});

describe("operation lookup", () => {
  it("lists operation names for routing", () => {
    expect(operationNames(dynamodbModel)).toContain("PutItem");
    expect(operationNames(dynamodbStreamsModel)).toEqual(["DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"]);
    expect(hasOperation(lambdaModel, "Invoke")).toBe(true);
    expect(hasOperation(lambdaModel, "toString")).toBe(false);
  });

  it("gives an operation's error codes with their HTTP status", () => {
    expect(operationErrors(dynamodbModel, "GetItem")).toContainEqual({ code: "ResourceNotFoundException", status: 400, fault: "client" });
    expect(operationErrors(dynamodbModel, "GetItem")).toContainEqual({ code: "InternalServerError", status: 500, fault: "server" });
    expect(operationErrors(lambdaModel, "GetFunction")).toContainEqual({ code: "ResourceNotFoundException", status: 404, fault: "client" });
    expect(operationErrors(lambdaModel, "Nope")).toBeUndefined();
  });

  it("answers an unknown operation with UnknownOperationException", () => {
    expect(failure(() => dynamodb("PutThing", {})).code).toBe("UnknownOperationException");
    expect(dynamodb.forOperation("PutThing")).toBeUndefined();
  });

  it("validates in one call with a cached validator", () => {
    expect(() => validateInput(dynamodbStreamsModel, "GetRecords", { ShardIterator: "x".repeat(10) })).not.toThrow();
    expect(() => validateInput(dynamodbStreamsModel, "GetRecords", { ShardIterator: "x", Limit: 0 }, DYNAMODB)).toThrow(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});
