/**
 * ExecuteTransaction: up to 100 statements that all read (one item each, by full key) or
 * all write (INSERT, UPDATE, DELETE, and EXISTS(SELECT …) as a condition check), atomically.
 * Writes run as the engine's TransactWriteItems (conditions, ClientRequestToken
 * idempotency, TransactionCanceledException); a statement naming a missing table or no
 * single item cancels the transaction with its own reason.
 */
import { AwsError } from "@sam-sandbox/core";
import { MESSAGES, TransactionCanceledException, ValidationException, type CancellationReason } from "../../errors.js";
import { consumedByTransaction, TRANSACTION_FACTOR, wanted, type ConsumedCapacity } from "../capacity.js";
import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import type { TransactWriteItem } from "../shapes.js";
import type { Table } from "../table.js";
import type { AttributeValue, Item } from "../types.js";
import type { Statement } from "./ast.js";
import { unprefixedAsync } from "./filter.js";
import { planKeyedRead, type KeyedRead } from "./keyedRead.js";
import { checkParameters } from "./literals.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { checkParameterCount, parse } from "./prepare.js";
import { checkSource } from "./target.js";
import { KeyProblemError, keyMatchesSchema, planCheck, planDelete, planInsert, planUpdate, type WritePlan } from "./write.js";

export interface ParameterizedStatement {
  Statement: string;
  Parameters?: AttributeValue[];
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface ExecuteTransactionInput {
  TransactStatements: ParameterizedStatement[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: string;
}

/**
 * ExecuteTransaction keeps its ClientRequestTokens apart from TransactWriteItems' (the same
 * token in the other operation is another request: dynoxide PR #125, captured from DynamoDB).
 */
const TOKEN_SCOPE = "ExecuteTransaction\u0000";

const KEY_MISMATCH: CancellationReason = { Code: "ValidationError", Message: MESSAGES.keySchemaMismatch };
const NOT_FOUND: CancellationReason = { Code: "ResourceNotFound", Message: MESSAGES.resourceNotFound };
const NONE: CancellationReason = { Code: "None" };

type Member = { kind: "read"; read: KeyedRead } | { kind: "write"; plan: WritePlan; request: ParameterizedStatement } | { kind: "cancel"; reason: CancellationReason };

function sourceOf(statement: Statement) {
  switch (statement.kind) {
    case "select":
      return statement.from;
    case "exists":
      return statement.select.from;
    case "insert":
    case "update":
    case "delete":
      return statement.target;
    default:
      return undefined;
  }
}

/** One statement of the transaction; validation failures throw, item-level problems cancel. */
function planMember(engine: DynamoDbEngine, statement: Statement, parameters: readonly AttributeValue[], request: ParameterizedStatement): Member {
  const source = sourceOf(statement);
  if (source === undefined) throw new ValidationException(M.unsupportedOperation(statement.kind === "other" ? statement.operation : statement.kind));
  checkSource(source, false);
  const table = engine.tables.get(source.names[0]);
  if (table === undefined) return { kind: "cancel", reason: NOT_FOUND };
  if ((statement.kind === "update" || statement.kind === "delete") && statement.returning !== undefined) {
    throw new ValidationException(M.transactionReturning);
  }
  if (source.names.length > 1) {
    throw new ValidationException(statement.kind === "select" ? M.transactionIndexRead : M.notOnIndex);
  }
  if (statement.kind === "select") {
    const read = planKeyedRead(table, statement, parameters, M.transactionSelectKey);
    return keyMatchesSchema(table, read.key) ? { kind: "read", read } : { kind: "cancel", reason: KEY_MISMATCH };
  }
  try {
    const plan = writePlan(table, statement, parameters);
    if (plan.kind === "insert") {
      const missing = table.keyNames.find((name) => plan.item?.[name] === undefined);
      if (missing !== undefined) return { kind: "cancel", reason: { Code: "ValidationError", Message: MESSAGES.missingKey(missing) } };
    }
    if (!keyMatchesSchema(table, plan.key)) return { kind: "cancel", reason: KEY_MISMATCH };
    return { kind: "write", plan, request };
  } catch (error) {
    if (error instanceof KeyProblemError) {
      if (statement.kind === "exists") throw new ValidationException(M.existsCondition);
      return { kind: "cancel", reason: KEY_MISMATCH };
    }
    throw error;
  }
}

function writePlan(table: Table, statement: Statement, parameters: readonly AttributeValue[]): WritePlan {
  switch (statement.kind) {
    case "insert":
      return planInsert(table, statement, parameters);
    case "update":
      return planUpdate(table, statement, parameters);
    case "delete":
      return planDelete(table, statement, parameters);
    case "exists":
      return planCheck(table, statement, parameters);
    default:
      throw new ValidationException(M.unsupportedOperation(statement.kind));
  }
}

function transactItem(plan: WritePlan, request: ParameterizedStatement): TransactWriteItem {
  const common = {
    TableName: plan.table.name,
    ExpressionAttributeNames: plan.names,
    ExpressionAttributeValues: plan.values,
  };
  const onFailure = request.ReturnValuesOnConditionCheckFailure ?? undefined;
  switch (plan.kind) {
    case "insert":
      return { Put: { ...common, Item: plan.item ?? {}, ConditionExpression: plan.conditionExpression } };
    case "update":
      return {
        Update: {
          ...common,
          Key: plan.key,
          UpdateExpression: plan.updateExpression ?? "",
          ConditionExpression: plan.conditionExpression,
          ReturnValuesOnConditionCheckFailure: onFailure,
        },
      };
    case "delete":
      return { Delete: { ...common, Key: plan.key, ConditionExpression: plan.conditionExpression, ReturnValuesOnConditionCheckFailure: onFailure } };
    case "check":
      return {
        ConditionCheck: { ...common, Key: plan.key, ConditionExpression: plan.conditionExpression ?? "", ReturnValuesOnConditionCheckFailure: onFailure },
      };
  }
}

export async function executeTransaction(engine: DynamoDbEngine, input: ExecuteTransactionInput) {
  const requests = required(input.TransactStatements, "transactStatements");
  // Parameters are checked before any statement is read, and reported bare.
  for (const request of requests) checkParameters(request.Parameters ?? undefined);
  const statements = requests.map((request, i) => {
    try {
      const parsed = parse(required(request.Statement, "statement"));
      const parameters = request.Parameters ?? [];
      checkParameterCount(parsed, parameters);
      return { statement: parsed.statement, parameters };
    } catch (error) {
      if (error instanceof AwsError && error.code === "ValidationException") {
        throw new ValidationException(M.transactionStatement(i, error.message));
      }
      throw error;
    }
  });
  const reads = statements.some((s) => s.statement.kind === "select");
  const writes = statements.some((s) => s.statement.kind !== "select" && s.statement.kind !== "other");
  if (reads && writes) throw new ValidationException(M.transactionMixed);

  const members = statements.map((s, i) => {
    try {
      return planMember(engine, s.statement, s.parameters, requests[i]);
    } catch (error) {
      if (error instanceof AwsError && error.code === "ValidationException") {
        throw new ValidationException(M.transactionStatement(i, error.message));
      }
      throw error;
    }
  });
  if (members.some((m) => m.kind === "cancel")) {
    throw new TransactionCanceledException(members.map((m) => (m.kind === "cancel" ? m.reason : NONE)));
  }

  const mode = wanted(input.ReturnConsumedCapacity) ? input.ReturnConsumedCapacity : undefined;
  if (reads) {
    const targets = new Set<string>();
    for (const member of members) {
      if (member.kind !== "read") continue;
      const target = `${member.read.table.name}\u0000${member.read.table.keyOf(member.read.key)}`;
      if (targets.has(target)) throw new ValidationException(MESSAGES.transactDuplicateItems);
      targets.add(target);
    }
    // Each item costs twice a strongly consistent read of it, as in TransactGetItems.
    const units = new Map<string, number>();
    const responses = members.map((member) => {
      if (member.kind !== "read") return {};
      const name = member.read.table.name;
      const output = engine.getItem({ TableName: name, Key: member.read.key, ConsistentRead: true, ReturnConsumedCapacity: mode && "TOTAL" });
      const read = output.ConsumedCapacity as ConsumedCapacity | undefined;
      if (read) units.set(name, (units.get(name) ?? 0) + TRANSACTION_FACTOR * read.CapacityUnits);
      return output.Item === undefined ? {} : { Item: member.read.project(output.Item as Item) };
    });
    if (mode === undefined) return { Responses: responses };
    return { Responses: responses, ConsumedCapacity: [...units].map(([name, n]) => consumedByTransaction(mode, name, n, "read")) };
  }

  const plans = members.filter((m): m is Extract<Member, { kind: "write" }> => m.kind === "write");
  let output: { ConsumedCapacity?: unknown };
  try {
    // The writes are charged as TransactWriteItems charges them (sized on the items, twice the units).
    output = await unprefixedAsync(() =>
      engine.transactWriteItems({
        TransactItems: plans.map((m) => transactItem(m.plan, m.request)),
        ClientRequestToken: input.ClientRequestToken == null ? undefined : TOKEN_SCOPE + input.ClientRequestToken,
        ReturnConsumedCapacity: mode,
      }),
    );
  } catch (error) {
    if (!(error instanceof AwsError) || error.code !== "TransactionCanceledException") throw error;
    // A duplicate INSERT fails its existence condition: DynamoDB names that DuplicateItem.
    const reasons = (error.extra.CancellationReasons as CancellationReason[]).map((reason, i) =>
      plans[i].plan.kind === "insert" && reason.Code === "ConditionalCheckFailed"
        ? { Code: "DuplicateItem", Message: M.duplicateItem }
        : reason,
    );
    throw new TransactionCanceledException(reasons);
  }
  if (mode === undefined) return { Responses: [] };
  return { Responses: [], ConsumedCapacity: output.ConsumedCapacity ?? [] };
}
