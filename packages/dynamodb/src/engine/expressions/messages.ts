/**
 * DynamoDB's expression error texts, verbatim (dynalite's recordings of DynamoDB, AWS
 * issues quoting DynamoDB, and conformance suites captured against DynamoDB).
 */
import { ValidationException } from "@sam-sandbox/core";

export type ExpressionKind =
  | "ConditionExpression"
  | "FilterExpression"
  | "KeyConditionExpression"
  | "UpdateExpression"
  | "ProjectionExpression";

export const EXPRESSION_MESSAGES = {
  empty: "The expression can not be empty;",
  tooLarge: "Expression size has exceeded the maximum allowed size;",
  syntax: (token: string, near: string) => `Syntax error; token: "${token}", near: "${near}"`,
  redundantParentheses: "The expression has redundant parentheses;",
  reservedWord: (name: string) => `Attribute name is a reserved keyword; reserved keyword: ${name}`,
  undefinedName: (name: string) =>
    `An expression attribute name used in the document path is not defined; attribute name: ${name}`,
  undefinedValue: (name: string) =>
    `An expression attribute value used in expression is not defined; attribute value: ${name}`,
  unknownFunction: (name: string) => `Invalid function name; function: ${name}`,
  misusedFunction: (name: string) =>
    `The function is not allowed to be used this way in an expression; function: ${name}`,
  operandCount: (fn: string, count: number) =>
    `Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${count}`,
  documentPathRequired: (fn: string) => `Operator or function requires a document path; operator or function: ${fn}`,
  operandType: (fn: string, type: string) =>
    `Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${type}`,
  updateOperandType: (operator: string, type: string) =>
    `Incorrect operand type for operator or function; operator: ${operator}, operand type: ${type}`,
  invalidTypeName: (type: string) => `Invalid attribute type name found; type: ${type}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
  notDistinct: (operator: string, path: string) =>
    `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${path}`,
  betweenTypes: (low: string, high: string) =>
    `The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: ${low}, upper bound operand: AttributeValue: ${high}`,
  betweenOrder: (low: string, high: string) =>
    `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${low}, upper bound operand: AttributeValue: ${high}`,
  tooManyInOperands: (count: number) => `The IN operator is provided with too many operands; number of operands: ${count}`,
  tooManyOperators: (count: number) => `The expression contains too many operators; operator count: ${count}`,
  sectionRepeated: (section: string) => `The "${section}" section can only be used once in an update expression;`,
  pathsOverlap: (one: string, two: string) =>
    `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
  pathsConflict: (one: string, two: string) =>
    `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
  /** As DynamoDB answered a 33-level ProjectionExpression (scylladb test_projection_expression.py, test_projection_expression_path_nesting_levels). */
  pathTooDeep: (levels: number) => `The document path has too many nesting levels; nesting levels: ${levels}`,

  // ExpressionAttributeNames / ExpressionAttributeValues maps
  namesEmpty: "ExpressionAttributeNames must not be empty",
  nameKeyInvalid: (key: string) => `ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`,
  nameEmpty: (key: string) => `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`,
  valuesEmpty: "ExpressionAttributeValues must not be empty",
  valueKeyInvalid: (key: string) => `ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`,
  valueInvalid: (detail: string, key: string) => `ExpressionAttributeValues contains invalid value: ${detail} for key ${key}`,
  unusedNames: (keys: string[]) => `Value provided in ExpressionAttributeNames unused in expressions: keys: {${keys.join(", ")}}`,
  unusedValues: (keys: string[]) => `Value provided in ExpressionAttributeValues unused in expressions: keys: {${keys.join(", ")}}`,

  // KeyConditionExpression structure (sent without the "Invalid KeyConditionExpression:" prefix)
  keyInvalidOperator: (operator: string) => `Invalid operator used in KeyConditionExpression: ${operator}`,
  keyNestedOperation: "KeyConditionExpressions cannot contain nested operations",
  keyFirstOperand: (operator: string) =>
    `Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`,
  keyMultipleNames: "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
  keyNestedAttribute: "KeyConditionExpressions cannot have conditions on nested attributes",
  keyNoAttribute: "Invalid condition in KeyConditionExpression: No key attribute specified",
  keyOneConditionPerKey: "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
  keyConditionCount: (conditions: number, attributes: number) =>
    `The number of query conditions (${conditions}) exceeds the number of key attributes defined in the schema (${attributes})`,
  keyRangeNeedsEquality: (name: string, conditioned: string) =>
    `RANGE key attributes ${name} must have equality conditions specified in the query because a condition is present on key attribute ${conditioned}`,
  keyMissedSchemaElement: (name: string) => `Query condition missed key schema element: ${name}`,
  keyConditionNotSupported: "Query key condition not supported",
  keyTypeMismatch: "One or more parameter values were invalid: Condition parameter type does not match schema type",

  // Evaluating an UpdateExpression against the item
  invalidUpdatePath: "The document path provided in the update expression is invalid for update",
  missingAttribute: "The provided expression refers to an attribute that does not exist in the item",
  incorrectDataType: "An operand in the update expression has an incorrect data type",
} as const;

/** "Invalid UpdateExpression: <detail>" */
export function invalidExpression(kind: ExpressionKind, detail: string): ValidationException {
  return new ValidationException(`Invalid ${kind}: ${detail}`);
}
