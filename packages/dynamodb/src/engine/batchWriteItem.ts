import { AwsError } from "@sam-sandbox/core";
import { MESSAGES, ValidationException } from "../errors.js";
import { MAX_BATCH_WRITE_REQUESTS, MAX_ITEM_SIZE_BYTES } from "../limits.js";
import { addCost, consumed, itemWriteCost, wanted, type ConsumedCapacity, type Cost } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { checkItem } from "./items.js";
import { collectionsByTable } from "./itemCollections.js";
import { required } from "./params.js";
import type { BatchWriteItemInput } from "./shapes.js";
import type { ItemWrite } from "./state.js";
import type { Entry, Table } from "./table.js";
import type { Item } from "./types.js";

interface Planned {
  table: Table;
  key: string;
  item: Item | undefined;
  size: number;
  write: ItemWrite;
}

export async function batchWriteItem(engine: DynamoDbEngine, input: BatchWriteItemInput) {
  const requestItems = required(input.RequestItems, "requestItems");
  let total = 0;
  const sizes = new Map<object, number>();
  for (const [tableName, requests] of Object.entries(requestItems)) {
    if (!Array.isArray(requests)) required(null, `requestItems.${tableName}.member`);
    for (const request of requests) {
      required(request, `requestItems.${tableName}.member.member`);
      const put = request.PutRequest;
      const del = request.DeleteRequest;
      if ((put ? 1 : 0) + (del ? 1 : 0) !== 1) throw new ValidationException(MESSAGES.multipleDatatypes);
      if (put) {
        const size = checkItem(required(put.Item, "item"));
        if (size > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.itemTooLarge);
        sizes.set(put, size);
      } else if (del) {
        checkItem(required(del.Key, "key"));
      }
      if (++total > MAX_BATCH_WRITE_REQUESTS) throw new ValidationException(MESSAGES.tooManyBatchWriteRequests);
    }
  }

  const planned: Planned[] = [];
  for (const [tableName, requests] of Object.entries(requestItems)) {
    const table = engine.table(tableName);
    const seen = new Set<string>();
    for (const request of requests) {
      let plan: Planned;
      if (request.PutRequest) {
        const item = request.PutRequest.Item;
        plan = { table, key: itemKey(table, item), item, size: sizes.get(request.PutRequest) ?? 0, write: { op: "put", table: table.name, item } };
      } else {
        const key = request.DeleteRequest?.Key ?? {};
        plan = { table, key: table.keyOf(key), item: undefined, size: 0, write: { op: "delete", table: table.name, key } };
      }
      if (seen.has(plan.key)) throw new ValidationException(MESSAGES.duplicateKeys);
      seen.add(plan.key);
      planned.push(plan);
    }
  }

  const mode = input.ReturnConsumedCapacity;
  const costs = new Map<Table, Cost>();
  for (const plan of planned) {
    const old: Entry | undefined = plan.table.get(plan.key);
    const oldItem = old?.item; // `write` reuses the entry
    const oldSize = old ? old.size : 0;
    plan.table.write(plan.key, old, plan.item, plan.size);
    if (wanted(mode)) {
      const cost = costs.get(plan.table) ?? { table: 0 };
      costs.set(plan.table, cost);
      addCost(cost, itemWriteCost(plan.table, oldItem, oldSize, plan.item, plan.size));
    }
  }
  // One journal record: the batch survives a crash whole or not at all.
  await engine.commit({ op: "writes", writes: planned.map((p) => p.write) });
  const output: Record<string, unknown> = { UnprocessedItems: {} };
  const capacity = [...costs].map(([table, cost]) => consumed(mode, table.name, cost)).filter((c): c is ConsumedCapacity => c !== undefined);
  if (capacity.length > 0) output.ConsumedCapacity = capacity;
  const written = planned.map((p) => ({ table: p.table, item: p.write.op === "put" ? p.write.item : p.write.key }));
  const metrics = collectionsByTable(input.ReturnItemCollectionMetrics, written);
  if (metrics) output.ItemCollectionMetrics = metrics;
  return output;
}

/** BatchWriteItem reports a put's key problems as a schema mismatch (recorded by dynalite). */
function itemKey(table: Table, item: Item): string {
  try {
    return table.itemKey(item);
  } catch (error) {
    if (error instanceof AwsError && /Missing the key|Type mismatch for key/.test(error.message)) {
      throw new ValidationException(MESSAGES.keySchemaMismatch);
    }
    throw error;
  }
}
