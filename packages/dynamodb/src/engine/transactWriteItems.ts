import { AwsError } from "@sam-sandbox/core";
import {
  IdempotentParameterMismatchException,
  KeyValueException,
  MESSAGES,
  TransactionCanceledException,
  ValidationException,
  type CancellationReason,
} from "../errors.js";
import { MAX_ITEM_SIZE_BYTES, MAX_TRANSACT_BYTES } from "../limits.js";
import { fingerprintOf, liveToken, rememberToken, type ClientToken } from "./clientTokens.js";
import { addCost, consumedByTransaction, itemWriteCost, readUnits, TRANSACTION_FACTOR, wanted, writeUnits, type Cost } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { collectionsByTable } from "./itemCollections.js";
import { RequestExpressions, type Condition, type Update } from "./expr.js";
import { checkItem, itemSize } from "./items.js";
import { required } from "./params.js";
import type { TransactWriteItem, TransactWriteItemsInput } from "./shapes.js";
import type { ItemWrite } from "./state.js";
import type { Entry, Table } from "./table.js";
import { checkUpdatedPaths } from "./updateItem.js";
import type { Item, Key } from "./types.js";


/** An action after its own checks (values, expressions), before its table is looked up. */
interface Prepared {
  tableName: string;
  kind: "ConditionCheck" | "Put" | "Delete" | "Update";
  item?: Item;
  keyAttributes?: Key;
  size: number;
  condition?: Condition;
  update?: Update;
  returnOld: boolean;
}

interface Action extends Prepared {
  table: Table;
  key: string;
  /** A key of the wrong type or shape: the action's ValidationError reason. */
  invalid?: string;
}

export async function transactWriteItems(engine: DynamoDbEngine, input: TransactWriteItemsInput) {
  const transactItems = required(input.TransactItems, "transactItems");
  const token = input.ClientRequestToken;
  const now = engine.options.clock.now();
  // Taken before the request's numbers are normalized in place.
  const fingerprint = token === undefined ? "" : fingerprintOf(transactItems);
  if (token !== undefined) {
    const previous = liveToken(engine.clientTokens, token, now);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw new IdempotentParameterMismatchException();
      return replayed(previous, input.ReturnConsumedCapacity);
    }
  }

  // Every action's own checks run, in request order, before any table is looked up.
  const prepared = transactItems.map((transactItem, i) => prepare(transactItem, i));
  const actions = prepared.map((p) => plan(engine, p));
  const targets = new Set<string>();
  let totalBytes = 0;
  for (const action of actions) {
    if (action.invalid !== undefined) continue;
    const target = `${action.table.name}\u0000${action.key}`;
    if (targets.has(target)) throw new ValidationException(MESSAGES.transactDuplicateItems);
    targets.add(target);
    totalBytes += action.size;
  }
  if (totalBytes > MAX_TRANSACT_BYTES) throw new ValidationException(MESSAGES.transactSizeExceeded);

  // Actions are validated before any runs, and the first invalid one stops that: it alone has a
  // ValidationError, every other action "None", its condition unread (Alternator's
  // test_transact.py::test_transact_write_cancellation_reasons_validationerror, run against DynamoDB).
  const firstInvalid = actions.find((action) => action.invalid !== undefined);
  if (firstInvalid !== undefined) {
    throw new TransactionCanceledException(
      actions.map((action) => (action === firstInvalid ? { Code: "ValidationError", Message: firstInvalid.invalid } : { Code: "None" })),
    );
  }

  // Every condition is checked against the same state before anything is written.
  const reasons: CancellationReason[] = [];
  const results: (Item | undefined)[] = [];
  let cancelled = false;
  for (const action of actions) {
    const old = action.table.get(action.key);
    if (action.condition && !action.condition.test(old?.item)) {
      cancelled = true;
      reasons.push({
        Code: "ConditionalCheckFailed",
        Message: MESSAGES.conditionalCheckFailed,
        ...(action.returnOld && old ? { Item: old.item } : {}),
      });
      results.push(undefined);
      continue;
    }
    try {
      results.push(newItem(action, old?.item));
      reasons.push({ Code: "None" });
    } catch (error) {
      if (!(error instanceof AwsError) || error.code !== "ValidationException") throw error;
      cancelled = true;
      reasons.push({ Code: "ValidationError", Message: error.message });
      results.push(undefined);
    }
  }
  if (cancelled) throw new TransactionCanceledException(reasons);

  const writes: ItemWrite[] = [];
  const mode = input.ReturnConsumedCapacity;
  // Each item costs the table twice its write units, on the larger of its sizes before and
  // after; an index pays once for a change of its entry (a ConditionCheck changes none).
  const units = new Map<string, Cost>();
  const add = (table: Table, cost: Cost) => {
    const into = units.get(table.name);
    if (into) addCost(into, cost);
    else units.set(table.name, cost);
  };
  const charge = (table: Table, before: Entry | undefined, after?: Item, afterSize = 0) => {
    if (!wanted(mode)) return;
    const cost = itemWriteCost(table, before?.item, before?.size ?? 0, after, afterSize);
    cost.table *= TRANSACTION_FACTOR;
    // A local secondary index is written with its item, inside the transaction: its share doubles too
    // (the AWS CLI's example transact-write-items.rst: 10.0 for an update moving an AlbumTitleIndex
    // entry and a delete); a global one's does not (dynoxide's captures, see consumedByTransaction).
    for (const [index, units] of cost.indexes ?? []) if (!index.global) cost.indexes?.set(index, units * TRANSACTION_FACTOR);
    add(table, cost);
  };
  // The size each action was charged on, kept with the token for a retry's capacity.
  const images: [string, number][] = [];
  actions.forEach((action, i) => {
    const old = action.table.get(action.key);
    const oldSize = old ? old.size : 0;
    const item = results[i];
    // The new item's size: a Put's was measured when planned; a Delete or ConditionCheck has none.
    const size = item === undefined ? 0 : action.kind === "Put" ? action.size : itemSize(item);
    if (token !== undefined) images.push([action.table.name, Math.max(oldSize, size)]);
    if (action.kind === "ConditionCheck") {
      if (wanted(mode)) add(action.table, { table: TRANSACTION_FACTOR * writeUnits(oldSize) });
    } else if (action.kind === "Delete") {
      charge(action.table, old);
      if (!old) return;
      action.table.write(action.key, old, undefined);
      writes.push({ op: "delete", table: action.table.name, key: action.keyAttributes ?? {} });
    } else if (item) {
      charge(action.table, old, item, size);
      action.table.write(action.key, old, item, size);
      writes.push({ op: "put", table: action.table.name, item });
    }
  });
  // One journal record: the transaction, and its token, survive a crash whole or not at all.
  const used: ClientToken | undefined = token === undefined ? undefined : { token, fingerprint, at: now, images };
  if (used) rememberToken(engine.clientTokens, used);
  if (writes.length > 0 || used) await engine.commit(used ? { op: "writes", writes, token: used } : { op: "writes", writes });
  const output: Record<string, unknown> = {};
  if (units.size > 0) output.ConsumedCapacity = [...units].map(([name, n]) => consumedByTransaction(mode, name, n, "write"));
  const written = actions.filter((a) => a.kind !== "ConditionCheck").map((a) => ({ table: a.table, item: a.item ?? a.keyAttributes ?? {} }));
  const metrics = collectionsByTable(input.ReturnItemCollectionMetrics, written);
  if (metrics) output.ItemCollectionMetrics = metrics;
  return output;
}

function prepare(transactItem: TransactWriteItem, i: number): Prepared {
  const { ConditionCheck: check, Put: put, Delete: del, Update: update } = transactItem;
  const given = [check, put, del, update].filter((a) => a !== undefined && a !== null);
  if (given.length === 0) {
    throw new ValidationException("Invalid Request: TransactWriteRequest should contain Delete or Put or Update request");
  }
  if (given.length > 1) throw new ValidationException("TransactItems can only contain one of Check, Put, Update or Delete");
  const request = required(given[0], `transactItems.${i + 1}.member`);
  const expressions = new RequestExpressions(request);
  const condition = expressions.condition(request.ConditionExpression, "ConditionExpression");
  const parsedUpdate = update ? expressions.update(required(update.UpdateExpression, "updateExpression")) : undefined;
  expressions.done();
  const returnOld = request.ReturnValuesOnConditionCheckFailure === "ALL_OLD";
  if (put) {
    // A Put's size is known from the request: over the limit fails the request, not the action.
    const size = checkItem(required(put.Item, "item"));
    if (size > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.itemTooLarge);
    return { tableName: put.TableName, kind: "Put", item: put.Item, size, condition, returnOld };
  }
  const keyAttributes = required((check ?? del ?? update)?.Key, "key");
  checkItem(keyAttributes);
  const kind = check ? "ConditionCheck" : del ? "Delete" : "Update";
  return { tableName: request.TableName, kind, keyAttributes, size: 0, condition, update: parsedUpdate, returnOld };
}

function plan(engine: DynamoDbEngine, prepared: Prepared): Action {
  const table = engine.table(prepared.tableName);
  let key = "";
  let invalid: string | undefined;
  try {
    key = prepared.item ? table.itemKey(prepared.item) : table.keyOf(prepared.keyAttributes ?? {});
  } catch (error) {
    // Empty or oversized key values fail the request; a key of the wrong type cancels the action.
    if (error instanceof KeyValueException || !(error instanceof AwsError) || error.code !== "ValidationException") throw error;
    invalid = error.message;
  }
  if (prepared.update && invalid === undefined) checkUpdatedPaths(table, prepared.update);
  return { ...prepared, table, key, ...(invalid === undefined ? {} : { invalid }) };
}

function newItem(action: Action, old: Item | undefined): Item | undefined {
  if (action.kind === "Put") return action.item;
  if (action.kind !== "Update" || !action.update) return undefined;
  const item = action.update.apply(old, action.keyAttributes ?? {});
  if (itemSize(item) > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.updatedItemTooLarge);
  action.table.itemKey(item);
  return item;
}

/**
 * A retry within the token's window writes nothing; asked for capacity, it reports a
 * transactional read of each item the first call wrote, at the size that call was charged
 * on (API_TransactWriteItems, ClientRequestToken; figures captured from DynamoDB by dynoxide).
 */
function replayed(previous: ClientToken, mode: string | undefined): Record<string, unknown> {
  if (!wanted(mode) || previous.images === undefined) return {};
  const units = new Map<string, number>();
  for (const [name, size] of previous.images) units.set(name, (units.get(name) ?? 0) + TRANSACTION_FACTOR * readUnits(size, true));
  return { ConsumedCapacity: [...units].map(([name, n]) => consumedByTransaction(mode, name, n, "read")) };
}
