import { MESSAGES, ValidationException } from "../errors.js";
import { MAX_BATCH_GET_BYTES, MAX_BATCH_GET_KEYS } from "../limits.js";
import { consumed, readUnits, type ConsumedCapacity } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type Projection } from "./expr.js";
import { checkItem } from "./items.js";
import { withExpressions } from "./legacy.js";
import { isRecord, required } from "./params.js";
import { checkExpressionParameters } from "./requestChecks.js";
import type { BatchGetItemInput, KeysAndAttributes } from "./shapes.js";
import type { Item, Key } from "./types.js";

/** A key's attributes in a canonical order (duplicate detection before the schema is known). */
export function canonicalKey(key: Key): string {
  return Object.keys(key)
    .sort()
    .map((name) => `${name}\u0000${JSON.stringify(key[name])}`)
    .join("\u0001");
}

export function batchGetItem(engine: DynamoDbEngine, input: BatchGetItemInput) {
  const requestItems = required(input.RequestItems, "requestItems");
  const projections = new Map<string, Projection | undefined>();
  let requested = 0;
  // One table's ProjectionExpression beside another's AttributesToGet mixes the two forms too.
  const blocks = Object.values(requestItems).filter(isRecord);
  if (blocks.some((b) => b.ProjectionExpression !== undefined) && blocks.some((b) => b.AttributesToGet !== undefined)) {
    throw new ValidationException(MESSAGES.mixedParameters(["AttributesToGet"], ["ProjectionExpression"]));
  }
  for (const [tableName, request] of Object.entries(requestItems)) {
    required(request, `requestItems.${tableName}.member`);
    required(request.Keys, `requestItems.${tableName}.member.keys`);
    checkExpressionParameters(request, ["ProjectionExpression"], ["AttributesToGet"]);
    const rewritten = withExpressions(request);
    const expressions = new RequestExpressions(rewritten);
    projections.set(tableName, expressions.projection(rewritten.ProjectionExpression));
    expressions.done();
    const seen = new Set<string>();
    for (const key of request.Keys ?? []) {
      checkItem(key);
      const canonical = canonicalKey(key);
      if (seen.has(canonical)) throw new ValidationException(MESSAGES.duplicateKeys);
      seen.add(canonical);
      if (++requested > MAX_BATCH_GET_KEYS) throw new ValidationException(MESSAGES.tooManyBatchGetKeys);
    }
  }

  const tables = Object.entries(requestItems).map(([name, request]) => {
    const table = engine.table(name);
    return { name, request, table, keys: (request.Keys ?? []).map((key) => table.keyOf(key)) };
  });
  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, KeysAndAttributes> = {};
  const capacity: ConsumedCapacity[] = [];
  let bytes = 0;
  for (const { name, request, table, keys } of tables) {
    const items: Item[] = (responses[name] = []);
    const projection = projections.get(name);
    let units = 0;
    keys.forEach((encoded, i) => {
      const entry = table.get(encoded);
      if (entry && bytes + entry.size > MAX_BATCH_GET_BYTES) {
        // Over 16 MB: the rest comes back as UnprocessedKeys, as DynamoDB does.
        const left = (unprocessed[name] ??= { ...withoutKeys(request), Keys: [] });
        left.Keys.push(request.Keys[i]);
        return;
      }
      units += readUnits(entry?.size ?? 0, request.ConsistentRead);
      if (!entry) return;
      bytes += entry.size;
      items.push(projection ? projection.apply(entry.item) : entry.item);
    });
    const used = consumed(input.ReturnConsumedCapacity, name, units);
    if (used) capacity.push(used);
  }
  const output: Record<string, unknown> = { Responses: responses, UnprocessedKeys: unprocessed };
  if (capacity.length > 0) output.ConsumedCapacity = capacity;
  return output;
}

function withoutKeys(request: KeysAndAttributes): Omit<KeysAndAttributes, "Keys"> {
  const { Keys: _keys, ...rest } = request;
  return isRecord(rest) ? rest : {};
}
