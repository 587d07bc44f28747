import { ConditionalCheckFailedException, MESSAGES, ValidationException } from "../errors.js";
import { MAX_ITEM_SIZE_BYTES } from "../limits.js";
import { writeCapacity } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { projectOn, RequestExpressions, type Condition, type Update } from "./expr.js";
import { checkItem, itemSize } from "./items.js";
import { itemCollectionMetrics } from "./itemCollections.js";
import { attributeUpdates, withExpressions } from "./legacy.js";
import { required } from "./params.js";
import { checkExpressionParameters, enveloped } from "./requestChecks.js";
import type { UpdateItemInput } from "./shapes.js";
import type { Table } from "./table.js";
import type { Item } from "./types.js";

/** What UpdateItem checks before it reads the table. */
function checkRequest(input: UpdateItemInput) {
  const tableName = required(input.TableName, "tableName");
  const keyAttributes = required(input.Key, "key");
  checkExpressionParameters(
    input,
    ["UpdateExpression", "ConditionExpression"],
    ["AttributeUpdates", "Expected", "ConditionalOperator"],
    true,
  );
  // Key values, then AttributeUpdates, then Expected (dynalite test/updateItem.js, recorded against DynamoDB).
  checkItem(keyAttributes);
  const legacyUpdate =
    input.AttributeUpdates !== undefined && input.AttributeUpdates !== null
      ? attributeUpdates(input.AttributeUpdates as Parameters<typeof attributeUpdates>[0])
      : undefined;
  input = withExpressions(input);
  let update: Update | undefined = legacyUpdate;
  let condition: Condition | undefined;
  if (input.UpdateExpression !== undefined || input.ConditionExpression !== undefined || input.ExpressionAttributeNames || input.ExpressionAttributeValues) {
    const expressions = new RequestExpressions(input);
    if (input.UpdateExpression !== undefined) update = expressions.update(input.UpdateExpression);
    condition = expressions.condition(input.ConditionExpression, "ConditionExpression");
    expressions.done();
  }
  return { tableName, keyAttributes, update, condition };
}

/**
 * `viaPartiQL`: a PartiQL statement runs through here; DynamoDB words its failures without
 * the request envelope, and sizes the item by the finished item alone.
 */
export async function updateItem(engine: DynamoDbEngine, input: UpdateItemInput, viaPartiQL = false) {
  const { tableName, keyAttributes, update, condition } = viaPartiQL ? checkRequest(input) : enveloped(() => checkRequest(input));
  const table = engine.table(tableName);
  const key = table.keyOf(keyAttributes);
  if (update) checkUpdatedPaths(table, update);
  const old = table.get(key);
  // Checked before the condition: what the statement writes, beside the finished item below.
  if (!viaPartiQL && update?.cost && update.cost(old?.item) > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.updatedItemTooLarge);
  if (condition && !condition.test(old?.item)) {
    throw new ConditionalCheckFailedException(input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" ? old?.item : undefined);
  }
  const item = update ? update.apply(old?.item, keyAttributes) : (old?.item ?? keyAttributes);
  const size = item === old?.item ? old.size : itemSize(item);
  if (size > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.updatedItemTooLarge);
  if (update?.operandPaths && table.indexes.length > 0) checkCopiedIndexKeys(table, update, item);
  table.itemKey(item); // index key types of the new item
  const oldItem = old?.item; // `write` reuses the entry
  const oldSize = old ? old.size : 0;
  // Removing from a missing item does not create it, though an empty update does (Alternator's
  // test_item.py::test_update_item_non_existent, checked against DynamoDB: its issue #5862).
  const written = old !== undefined || !update?.removesOnly;
  if (written) {
    table.write(key, old, item, size);
    await engine.commit({ op: "put", table: table.name, item });
  }

  const output: Record<string, unknown> = {};
  const attributes = written ? returnedAttributes(input.ReturnValues, oldItem, item, update) : undefined;
  if (attributes) output.Attributes = attributes;
  const capacity = writeCapacity(input.ReturnConsumedCapacity, table, oldItem, oldSize, item, size, tableName);
  if (capacity) output.ConsumedCapacity = capacity;
  const metrics = written ? itemCollectionMetrics(input.ReturnItemCollectionMetrics, table, item) : undefined;
  if (metrics) output.ItemCollectionMetrics = metrics;
  return output;
}

/**
 * Key attributes cannot be updated; index keys must stay scalars. Every path is checked for a
 * key attribute before any for an index key (dynalite test/updateItem.js, recorded against DynamoDB).
 */
export function checkUpdatedPaths(table: Table, update: Update): void {
  for (const path of update.paths) {
    const head = path[0];
    if (typeof head === "string" && table.keyNames.includes(head)) throw new ValidationException(MESSAGES.cannotUpdateKey(head));
  }
  // An index key given a value of the wrong type, where the request alone shows it, comes next.
  const types = update.staticTypes?.();
  if (types !== undefined && types.size > 0) {
    for (const index of table.indexes) {
      for (const attribute of index.keyAttributes) {
        const type = types.get(attribute.name);
        if (type !== undefined && type !== attribute.type) {
          throw new ValidationException(MESSAGES.indexKeyTypeMismatch(attribute.name, attribute.type, type, index.name));
        }
      }
    }
  }
  // Paths the values read count too: SET f = d[1] reads into the index key d.
  const paths = update.operandPaths ? [...update.paths, ...update.operandPaths()] : update.paths;
  for (const path of paths) {
    const head = path[0];
    if (typeof head !== "string" || path.length === 1) continue;
    if (table.keyNames.includes(head)) throw new ValidationException(MESSAGES.nestedKeyPath(head));
    if (table.indexes.some((i) => i.keyAttributes.some((a) => a.name === head))) throw new ValidationException(MESSAGES.nestedIndexKeyPath(head));
  }
}

/**
 * An index key SET from another attribute (SET c = e) gets DynamoDB's own text when the copied
 * value has the wrong type (dynalite test/updateItem.js, recorded against DynamoDB); a value the
 * request shows was refused before (checkUpdatedPaths).
 */
function checkCopiedIndexKeys(table: Table, update: Update, item: Item): void {
  const typed = update.staticTypes?.();
  for (const path of update.paths) {
    const name = path[0];
    if (path.length !== 1 || typeof name !== "string" || typed?.has(name)) continue;
    const value = item[name];
    if (value === undefined) continue;
    for (const index of table.indexes) {
      for (const attribute of index.keyAttributes) {
        if (attribute.name === name && !(attribute.type in value)) throw new ValidationException(MESSAGES.indexKeyUnsupportedType);
      }
    }
  }
}

function returnedAttributes(
  returnValues: string | undefined,
  old: Item | undefined,
  item: Item,
  update: Update | undefined,
): Item | undefined {
  let attributes: Item | undefined;
  switch (returnValues) {
    case "ALL_OLD":
      attributes = old;
      break;
    case "ALL_NEW":
      attributes = item;
      break;
    case "UPDATED_OLD":
      attributes = old && update ? projectOn(old, update.paths) : undefined;
      break;
    case "UPDATED_NEW":
      attributes = update ? projectOn(item, update.paths) : undefined;
      break;
    default:
      return undefined;
  }
  if (!attributes) return undefined;
  for (const _ in attributes) return attributes;
  return undefined;
}
