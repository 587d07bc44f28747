/**
 * PartiQL for DynamoDB: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.
 * Statements are parsed (tokenizer.ts, parser.ts; cached by text in prepare.ts), translated
 * into the engine's own requests (condition.ts, plan.ts, write.ts) and run through them.
 */
export { executeStatement, type ExecuteStatementInput, type ExecuteStatementOutput } from "./executeStatement.js";
export { batchExecuteStatement, type BatchExecuteStatementInput, type BatchStatementRequest, type BatchStatementResponse } from "./batchExecuteStatement.js";
export { executeTransaction, type ExecuteTransactionInput, type ParameterizedStatement } from "./executeTransaction.js";
export { clearStatementCache } from "./prepare.js";
export { DuplicateItemException } from "./messages.js";
