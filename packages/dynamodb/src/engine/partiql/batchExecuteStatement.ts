/**
 * BatchExecuteStatement: up to 25 statements, all reads or all writes, each run on its own.
 * A statement that fails answers with Error {Code, Message} in its place (the call itself
 * succeeds); reads must name one item by its full primary key.
 */
import { AwsError } from "@sam-sandbox/core";
import { ValidationException } from "../../errors.js";
import { sumConsumed, wanted, writeUnits, type ConsumedCapacity } from "../capacity.js";
import { itemSize } from "../items.js";
import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import type { AttributeValue, Item } from "../types.js";
import type { Statement } from "./ast.js";
import { planWrite } from "./executeStatement.js";
import { planKeyedRead, type KeyedRead } from "./keyedRead.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { prepare } from "./prepare.js";
import { runWrite } from "./run.js";
import { checkSource, findTable } from "./target.js";
import type { WritePlan } from "./write.js";

export interface BatchStatementRequest {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  /** Accepted and inert: a failed member never carries the item (captured from DynamoDB by dynoxide). */
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface BatchExecuteStatementInput {
  Statements: BatchStatementRequest[];
  ReturnConsumedCapacity?: string;
}

export interface BatchStatementResponse {
  Error?: { Code: string; Message: string };
  TableName?: string;
  Item?: Item;
}

/** BatchStatementError codes: the exception's name without "Exception", ValidationError for validation. */
function errorCode(error: AwsError): string {
  if (error.code === "ValidationException") return "ValidationError";
  if (error.code === "ConditionalCheckFailedException") return "ConditionalCheckFailed";
  return error.code.replace(/Exception$/, "");
}

function failure(error: unknown, tableName?: string): BatchStatementResponse {
  if (!(error instanceof AwsError)) throw error;
  const response: BatchStatementResponse = { Error: { Code: errorCode(error), Message: error.message } };
  // DynamoDB names the table of a statement that ran (callers pass no name for one refused
  // before it ran), except when the table does not exist.
  if (tableName !== undefined && error.code !== "ResourceNotFoundException") response.TableName = tableName;
  return response;
}

/** A write that reached its item and failed there (its condition, or INSERT of an existing key). */
function isFailedAttempt(error: unknown): boolean {
  return error instanceof AwsError && (error.code === "ConditionalCheckFailedException" || error.code === "DuplicateItemException");
}

/** Write units of a failed attempt: the larger of the stored item and the item an INSERT carried. */
function attemptUnits(plan: WritePlan): number {
  const stored = plan.table.get(plan.table.keyOf(plan.key));
  return writeUnits(Math.max(stored?.size ?? 0, plan.item ? itemSize(plan.item) : 0));
}

const WRITES = new Set(["insert", "update", "delete"]);

type Planned =
  | { kind: "read"; read: KeyedRead; consistent: boolean }
  | { kind: "write"; plan: WritePlan; request: BatchStatementRequest }
  | { kind: "failed"; response: BatchStatementResponse };

function planRead(engine: DynamoDbEngine, statement: Statement & { kind: "select" }, request: BatchStatementRequest, parameters: readonly AttributeValue[]): Planned {
  checkSource(statement.from, false);
  const table = findTable(engine, statement.from);
  if (statement.from.names.length > 1) {
    // A multi-attribute index is refused ahead of the key-only rule.
    if (table.index(statement.from.names[1])?.codec.multi) throw new ValidationException(M.multiAttributeIndex);
    throw new ValidationException(M.batchSelectKey);
  }
  return { kind: "read", read: planKeyedRead(table, statement, parameters, M.batchSelectKey), consistent: request.ConsistentRead === true };
}

export async function batchExecuteStatement(engine: DynamoDbEngine, input: BatchExecuteStatementInput) {
  const requests = required(input.Statements, "statements");
  const prepared = requests.map((request) => {
    try {
      return prepare(required(request.Statement, "statement"), request.Parameters ?? undefined);
    } catch (error) {
      return failure(error);
    }
  });
  const reads = prepared.some((p) => "statement" in p && p.statement.kind === "select");
  const writes = prepared.some((p) => "statement" in p && WRITES.has(p.statement.kind));
  if (reads && writes) throw new ValidationException(M.batchMixed);

  const planned: Planned[] = prepared.map((p, i) => {
    if (!("statement" in p)) return { kind: "failed", response: p };
    try {
      if (p.statement.kind === "select") return planRead(engine, p.statement, requests[i], p.parameters);
      if (p.statement.kind === "exists") throw new ValidationException(M.existsOutsideTransaction);
      return { kind: "write", plan: planWrite(engine, p.statement, p.parameters), request: requests[i] };
    } catch (error) {
      // A statement refused before it reached its table answers without TableName.
      return { kind: "failed", response: failure(error) };
    }
  });

  // The same item twice in one batch is refused as a whole (as BatchWriteItem does).
  const targets = new Set<string>();
  for (const p of planned) {
    if (p.kind === "failed") continue;
    const table = p.kind === "read" ? p.read.table : p.plan.table;
    const key = p.kind === "read" ? p.read.key : p.plan.key;
    if (table.keyNames.some((name) => key[name] === undefined)) continue;
    let encoded: string;
    try {
      encoded = `${table.name}\u0000${table.keyOf(key)}`;
    } catch {
      continue;
    }
    if (targets.has(encoded)) throw new ValidationException("Provided list of item keys contains duplicates");
    targets.add(encoded);
  }

  const mode = wanted(input.ReturnConsumedCapacity) ? input.ReturnConsumedCapacity : undefined;
  const responses: BatchStatementResponse[] = [];
  // Each statement is charged as the read or write it runs (sized, index shares included), summed per table.
  const consumed = new Map<string, ConsumedCapacity>();
  const attempted = new Map<string, number>();
  const charge = (output: { ConsumedCapacity?: unknown }) => {
    const capacity = output.ConsumedCapacity as ConsumedCapacity | undefined;
    if (capacity !== undefined) consumed.set(capacity.TableName, sumConsumed(consumed.get(capacity.TableName), capacity));
  };
  for (const p of planned) {
    if (p.kind === "failed") {
      responses.push(p.response);
      continue;
    }
    if (p.kind === "read") {
      try {
        const output = engine.getItem({ TableName: p.read.table.name, Key: p.read.key, ConsistentRead: p.consistent, ReturnConsumedCapacity: mode });
        const response: BatchStatementResponse = { TableName: p.read.table.name };
        if (output.Item !== undefined) response.Item = p.read.project(output.Item as Item);
        responses.push(response);
        charge(output);
      } catch (error) {
        responses.push(failure(error, p.read.table.name));
      }
      continue;
    }
    try {
      const result = await runWrite(engine, p.plan, {
        returnConsumedCapacity: mode,
      });
      const response: BatchStatementResponse = { TableName: p.plan.table.name };
      if (result.item !== undefined) response.Item = result.item;
      responses.push(response);
      charge(result);
    } catch (error) {
      if (mode !== undefined && isFailedAttempt(error)) attempted.set(p.plan.table.name, (attempted.get(p.plan.table.name) ?? 0) + attemptUnits(p.plan));
      responses.push(failure(error, p.plan.table.name));
    }
  }
  // Nothing ran successfully: no ConsumedCapacity at all. A failed write adds the write it
  // attempted to its table's total but to no share, and only to a table that has an entry
  // (captured from DynamoDB by dynoxide, src/actions/batch_execute_statement.rs).
  if (mode === undefined || consumed.size === 0) return { Responses: responses };
  for (const [name, units] of attempted) {
    const entry = consumed.get(name);
    if (entry) entry.CapacityUnits += units;
  }
  return { Responses: responses, ConsumedCapacity: [...consumed.values()] };
}
