/**
 * DynamoDB's PartiQL error texts, verbatim. Sources: conformance suites captured against
 * real DynamoDB (paritysuite/dynamodb-conformance, floci's captures), DynamoDB Local's
 * ValidationExceptionMessages, and partiql-lang-kotlin's parser (the parser DynamoDB runs:
 * its syntax errors travel inside "Statement wasn't well formed, can't be processed: …").
 */
import { AwsError } from "@sam-sandbox/core";
import { MESSAGES, ValidationException } from "../../errors.js";

/** Where a token sits: 1-based line and column, and its length, as DynamoDB prints "at 1:8:16". */
export interface Position {
  line: number;
  column: number;
  length: number;
}

export function at(position: Position): string {
  return `at ${position.line}:${position.column}:${position.length}`;
}

export const PARTIQL_MESSAGES = {
  notWellFormed: (detail: string) => `Statement wasn't well formed, can't be processed: ${detail}`,

  // Parser details (partiql-lang-kotlin SqlParser)
  unexpectedTerm: "Unexpected term",
  unexpectedKeyword: "Unexpected keyword",
  unexpectedOperator: "Unexpected operator",
  leftover: "Unexpected token after expression",
  afterSemicolon: "Unexpected token after semicolon. (Only one query is allowed.)",
  missingRightHandSide: "Missing right-hand side expression of infix operator",
  simplePath: "Expected identifier for simple path",
  invalidDotComponent: "Invalid path dot component",
  typeName: "Expected type name",
  dataManipulation: "Expected data manipulation",
  fromAfterSelectList: "Expected FROM after SELECT list",
  fromAfterDelete: "Expected FROM after DELETE",
  expectedToken: (type: string) => `Expected ${type}`,
  expectedKeyword: (keyword: string) => `Expected ${keyword.toUpperCase()}`,
  expectedAssignment: "Expected '='",
  expectedIdentifierForAlias: (keyword: string) => `Expected identifier for ${keyword}-alias`,
  callWithStar: (name: string) => `${name}(*) is not allowed`,
  expressionAfterAnd: "Expected expression after AND",
  byAfterOrder: "Expected BY",

  // Statement translation (DynamoDB)
  aliasing: "Aliasing is not supported",
  unsupportedOperation: (operation: string) => `Unsupported operation: ${operation}`,
  existsOutsideTransaction: "EXISTS can only be used in ExecuteTransaction write requests.",
  incompleteKey: "Where clause does not contain a mandatory equality on all key attributes",
  multipleKeyConditions: (key: string) =>
    `Multiple conditions on same key ${key}. Only single item Update/Insert/Delete are supported`,
  overlappingConditions: "Overlapping conditions with range keys are not supported in where clause",
  tooManyReads: "Too many decomposed read operations for a given query.",
  keyTypeMismatch: (key: string) => `Key attribute's data type should match its data type in table's schema: Key ${key}`,
  notOnIndex: "This operation is not supported on an index",
  noSuchIndex: "The table does not have the specified index",
  consistentReadOnGsi: "Strongly consistent read is not supported on Global Secondary Indexes",
  emptyPathComponent: "Path component cannot be an empty string",
  tooManyPathComponents: "A path may contain at most 2 components in the FROM clause",
  invalidTableName:
    "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  gsiDoesNotProject: MESSAGES.gsiDoesNotProject,
  indexDoesNotProjectFilter: MESSAGES.indexDoesNotProjectFilter,
  parameterCount: "Number of parameters in request and statement don't match.",
  duplicateItem: "Duplicate primary key exists in table",
  selectValueOrPivot: "Select projection doesn't support value or pivot keywords",
  starAndOthers: "Other attributes should not be present in the projection when '*' is used.",
  duplicateSelectNames: (names: string) => `Duplicate identifiers in select clause: ${names}`,
  unexpectedPathComponent: (where: Position) => `Unexpected path component ${at(where)}`,
  unpivotPath: "Unpivot path component like a.*.b are not supported",
  wildcardPath: "Wildcard path component like a[*].b are not supported",
  listIndexRange: (index: string, where: Position) =>
    `List index is not within the allowable range; index: [${index}] ${at(where)}`,
  unrecognizedFunction: (name: string, where: Position) => `Unrecognized function: ${name} ${at(where)}`,
  missingMustUseIs: "MISSING must be compared using IS operator",
  isOperand: "The left hand side argument to IS must be a Variable Reference, Literal, or Path",
  isInUpdate: "IS operator is not supported in update expressions",
  unsupportedIsType: (type: string) =>
    `Unsupported data type for IS operator: ${type}. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]`,
  notOperand: "The argument to NOT must be a Type or Expression",
  andOrOperands: "The arguments to AND/OR must be Expressions",
  whereNotBoolean: "WHERE clause must contain an expression that resolves to a boolean",
  invalidIn:
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member",
  conditionOperator: (operator: string) => `Unsupported operator in Condition Expression. Operator: ${operator}`,
  updateOperator: (operator: string) => `Unsupported operator in Update Expression. Operator: ${operator}`,
  operandType: (operator: string, type: string) =>
    `Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${type}`,
  operandCount: (fn: string, count: number) =>
    `Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${count}`,
  documentPathRequired: (fn: string) => `Operator or function requires a document path; operator or function: ${fn}`,
  invalidTypeName: (type: string) =>
    `Invalid attribute type name found; type: ${type}, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`,
  setFunctionArgs: (fn: string, where: Position) => `SET_${fn} must have exactly two arguments ${at(where)}`,
  setFunctionFirst: (fn: string, where: Position) => `The first argument to SET_${fn} must equal the assignment value ${at(where)}`,
  setFunctionSecond: (fn: string, where: Position) =>
    `The second argument to SET_${fn} must be a value with type SET ${at(where)}`,

  // Literals
  emptyBag: "Empty bags are not supported",
  mixedBag: "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags",
  duplicateStrings: (values: string[]) =>
    `One or more parameter values were invalid: Input collection [${values.join(", ")}] contains duplicates.`,
  duplicateNumbers: (values: string[], path: string) =>
    `One or more parameter values were invalid: Input collection [${values.join(", ")}] contains duplicates! under ${path}`,
  unsupportedDataType: (what: string, path: string, where: Position) => `Unsupported data type: ${what} under key ${path} ${at(where)}`,
  tupleKeyType: (type: string, path: string) => `Tuple keys must be of type String. Actual type: ${type} under ${path}`,
  duplicateTupleKey: (key: string, path: string) => `Duplicate keys in tuple. Key: ${key} under ${path}`,
  literalNesting: (path: string) => `Nesting Levels have exceeded supported limits under ${path}`,
  /** A SELECT on a global index whose key has several HASH or RANGE attributes (captured from DynamoDB by the conformance suite). */
  multiAttributeIndex:
    "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys.",
  parameterNesting:
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
  numberUnder: (message: string, path: string) => `${message} under ${path}`,

  // INSERT, UPDATE, DELETE
  itemFormat:
    "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.",
  insertMultiple:
    'Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead',
  insertAt: "AT is not supported in insert statements.",
  /** INSERT INTO "T"."Index": refused before the table is looked up, naming where the table name sits (DynamoDB Local's DML_INVALID_FROM; position as captured from DynamoDB by dynoxide). */
  dmlSingleTable: (where: Position) => `FROM clause may only contain a single table name in data manipulation statements ${at(where)}`,
  returningInInsert: "RETURNING is not supported in INSERT",
  returningInDelete: (variant: string) =>
    `Invalid returning clause: RETURNING ${variant} *. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
  returningSyntax: "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
  returningMultiple: "Invalid syntax with multiple returning elements in RETURNING clause",

  // SELECT … ORDER BY and NextToken
  orderByWithoutWhere: "Must have WHERE clause in the statement when using ORDER BY clause.",
  orderByWithoutHashKey: "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
  orderByNotKey: (name: string) => `Attribute ${name} in ORDER BY clause must be part of the primary key`,
  orderByArgument: (type: string) => `Argument to ORDER BY must be of type VariableReference. Type: ${type}`,
  orderByHashKeyRequired:
    "Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.",
  invalidNextToken: "Invalid NextToken",
  nextTokenMismatch: "NextToken does not match request",

  // BatchExecuteStatement and ExecuteTransaction
  batchSelectKey: "Select statements within BatchExecuteStatement must specify the primary key in the where clause.",
  batchMixed: "Read and write requests together in the same batch is not supported.",
  transactionSelectKey: "Select statements within ExecuteTransaction must specify the primary key in the where clause.",
  transactionIndexRead: "Reads on indices are not supported within transactions.",
  transactionReturning: "RETURNING clause is not supported in ExecuteTransaction.",
  transactionMixed: "ExecuteTransaction API does not support both read and write operations in the same request.",
  existsCondition: "EXISTS() must contain a single item read with additional condition",
  transactionStatement: (index: number, message: string) => `Validation failed in TransactStatements[${index}]: ${message}`,
} as const;

/** A syntax error of the statement text: DynamoDB wraps the parser's detail. */
export function syntaxError(detail: string): ValidationException {
  return new ValidationException(PARTIQL_MESSAGES.notWellFormed(detail));
}

export class DuplicateItemException extends AwsError {
  constructor() {
    super("DuplicateItemException", PARTIQL_MESSAGES.duplicateItem, 400);
  }
}

const EXPRESSION_PREFIX = /^Invalid (?:ConditionExpression|FilterExpression|KeyConditionExpression|UpdateExpression|ProjectionExpression): /;

/**
 * Statements run as the engine's expression requests; DynamoDB reports the problems those
 * find in a statement without the "Invalid ConditionExpression: " prefix.
 */
export function withoutExpressionPrefix(error: unknown): unknown {
  if (!(error instanceof AwsError) || error.code !== "ValidationException") return error;
  if (!EXPRESSION_PREFIX.test(error.message)) return error;
  return new ValidationException(error.message.replace(EXPRESSION_PREFIX, "").replace(/;$/, ""));
}
