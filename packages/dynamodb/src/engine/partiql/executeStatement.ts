/**
 * ExecuteStatement: one PartiQL statement. SELECT reads (paged with Limit/NextToken);
 * INSERT, UPDATE and DELETE write one item and answer with an empty Items list, or with
 * the item a RETURNING clause asks for.
 */
import { AwsError } from "@sam-sandbox/core";
import { ValidationException } from "../../errors.js";
import type { DynamoDbEngine } from "../engine.js";
import type { Table } from "../table.js";
import { required } from "../params.js";
import type { AttributeValue, Item } from "../types.js";
import type { DeleteStatement, Statement, UpdateStatement } from "./ast.js";
import { ConditionTranslator } from "./condition.js";
import { compileFilter } from "./filter.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { bindingOf, prepare } from "./prepare.js";
import { runWrite } from "./run.js";
import { executeSelect } from "./select.js";
import { resolveTarget } from "./target.js";
import { planDelete, planInsert, planUpdate, type WritePlan } from "./write.js";
import type { Parameters } from "./literals.js";

export interface ExecuteStatementInput {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  NextToken?: string;
  ReturnConsumedCapacity?: string;
  Limit?: number;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface ExecuteStatementOutput {
  Items: Item[];
  NextToken?: string;
  ConsumedCapacity?: unknown;
}

/** The write a statement plans on its (table) target; SELECT and others are not writes. */
export function planWrite(engine: DynamoDbEngine, statement: Statement, parameters: Parameters): WritePlan {
  switch (statement.kind) {
    case "insert":
      return planInsert(resolveTarget(engine, statement.target, true).table, statement, parameters);
    case "update":
      return planUpdate(writeTarget(engine, statement, parameters), statement, parameters);
    case "delete":
      return planDelete(writeTarget(engine, statement, parameters), statement, parameters);
    case "exists":
      throw new ValidationException(M.existsOutsideTransaction);
    case "other":
      throw new ValidationException(M.unsupportedOperation(statement.operation));
    default:
      throw new ValidationException(M.unsupportedOperation("Select"));
  }
}

/**
 * The table an UPDATE or DELETE writes. Its WHERE clause is checked as a condition even when
 * the table does not exist (an operand type with no ordering is refused before the table is
 * resolved: dynoxide's captures).
 */
function writeTarget(engine: DynamoDbEngine, statement: UpdateStatement | DeleteStatement, parameters: Parameters): Table {
  try {
    return resolveTarget(engine, statement.target, true).table;
  } catch (error) {
    if (error instanceof AwsError && error.code === "ResourceNotFoundException" && statement.where !== undefined) {
      compileFilter(new ConditionTranslator(parameters).where(statement.where), "pk");
    }
    throw error;
  }
}

export async function executeStatement(engine: DynamoDbEngine, input: ExecuteStatementInput): Promise<ExecuteStatementOutput> {
  const text = required(input.Statement, "statement");
  const { statement, parameters } = prepare(text, input.Parameters ?? undefined);
  if (statement.kind === "select") {
    return executeSelect(engine, statement, parameters, {
      consistentRead: input.ConsistentRead ?? undefined,
      limit: input.Limit ?? undefined,
      nextToken: input.NextToken ?? undefined,
      returnConsumedCapacity: input.ReturnConsumedCapacity ?? undefined,
      binding: bindingOf(text, parameters),
    });
  }
  const plan = planWrite(engine, statement, parameters);
  const result = await runWrite(engine, plan, {
    returnValuesOnConditionCheckFailure: input.ReturnValuesOnConditionCheckFailure ?? undefined,
    returnConsumedCapacity: input.ReturnConsumedCapacity ?? undefined,
  });
  const output: ExecuteStatementOutput = { Items: result.item === undefined ? [] : [result.item] };
  if (result.ConsumedCapacity !== undefined) output.ConsumedCapacity = result.ConsumedCapacity;
  return output;
}
