/** Running a planned write through the engine's PutItem, UpdateItem and DeleteItem. */
import { AwsError } from "@sam-sandbox/core";
import { deleteItem } from "../deleteItem.js";
import type { DynamoDbEngine } from "../engine.js";
import { putItem } from "../putItem.js";
import type { Item } from "../types.js";
import { updateItem } from "../updateItem.js";
import { unprefixedAsync } from "./filter.js";
import { DuplicateItemException } from "./messages.js";
import type { WritePlan } from "./write.js";

export interface WriteOptions {
  returnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
  returnConsumedCapacity?: string;
}

export interface WriteOutput {
  /** Attributes a RETURNING clause asked for (none when empty). */
  item?: Item;
  ConsumedCapacity?: unknown;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof AwsError && error.code === "ConditionalCheckFailedException";
}

export async function runWrite(engine: DynamoDbEngine, plan: WritePlan, options: WriteOptions): Promise<WriteOutput> {
  const common = {
    TableName: plan.table.name,
    ExpressionAttributeNames: plan.names,
    ExpressionAttributeValues: plan.values,
    ReturnConsumedCapacity: options.returnConsumedCapacity,
  };
  let output: { Attributes?: unknown; ConsumedCapacity?: unknown };
  switch (plan.kind) {
    case "insert":
      try {
        output = await unprefixedAsync(() => putItem(engine, { ...common, Item: plan.item ?? {}, ConditionExpression: plan.conditionExpression }, true));
      } catch (error) {
        if (isConditionFailure(error)) throw new DuplicateItemException();
        throw error;
      }
      break;
    case "update":
      output = await unprefixedAsync(() =>
        updateItem(
          engine,
          {
            ...common,
            Key: plan.key,
            UpdateExpression: plan.updateExpression,
            ConditionExpression: plan.conditionExpression,
            ReturnValues: plan.returnValues,
            ReturnValuesOnConditionCheckFailure: options.returnValuesOnConditionCheckFailure,
          },
          true,
        ),
      );
      break;
    case "delete":
      output = await unprefixedAsync(() =>
        deleteItem(
          engine,
          {
            ...common,
            Key: plan.key,
            ConditionExpression: plan.conditionExpression,
            ReturnValues: plan.returnValues,
            ReturnValuesOnConditionCheckFailure: options.returnValuesOnConditionCheckFailure,
          },
          true,
        ),
      );
      break;
    default:
      output = {};
  }
  const result: WriteOutput = {};
  if (output.Attributes !== undefined) result.item = output.Attributes as Item;
  if (output.ConsumedCapacity !== undefined) result.ConsumedCapacity = output.ConsumedCapacity;
  return result;
}
