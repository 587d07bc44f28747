// dynamodb-toolbox (the v1 API: Table, Entity and commands built from them) used the way its docs
// show, through a DocumentClient from @aws-sdk/lib-dynamodb: puts with conditions, updates with
// $add/$subtract/$sum/$append/$prepend/$remove/$delete/$get and nested paths, queries on the
// primary key and a GSI with range operators and filters, scans, batch get/write and
// transactions. Every expression here is the library's own.
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  $add, $append, $delete, $get, $prepend, $remove, $set, $subtract, $sum,
  BatchDeleteRequest, DeletePartitionCommand, UpdateAttributesCommand, binary, nul, any, tuple, anyOf, BatchGetCommand, BatchGetRequest, BatchPutRequest, BatchWriteCommand, ConditionCheck,
  DeleteItemCommand, DeleteTransaction, Entity, GetItemCommand, GetTransaction, PutItemCommand, PutTransaction,
  QueryCommand, ScanCommand, Table, UpdateItemCommand, UpdateTransaction,
  executeBatchGet, executeBatchWrite, executeTransactGet, executeTransactWrite,
  isConditionCheckFailed, item, list, map, number, record, set, string, boolean,
} from "dynamodb-toolbox";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let sandbox: RunningSandbox;
let raw: DynamoDBClient;

function model(documentClient: DynamoDBDocumentClient) {
  const table = new Table({
    name: "toolbox",
    partitionKey: { name: "PK", type: "string" },
    sortKey: { name: "SK", type: "string" },
    indexes: {
      byTrainer: { type: "global", partitionKey: { name: "trainerId", type: "string" }, sortKey: { name: "level", type: "number" } },
    },
    documentClient,
  });
  const pokemon = new Entity({
    name: "Pokemon",
    schema: item({
      pokemonClass: string().key().savedAs("PK"),
      pokemonId: string().key().savedAs("SK"),
      trainerId: string().optional(),
      level: number().default(1),
      maxLevel: number().default(100),
      nickname: string().optional(),
      shiny: boolean().default(false),
      types: set(string()).optional(),
      moves: list(string()).optional(),
      stats: map({ hp: number(), attack: number() }).optional(),
      counters: record(string(), number()).optional(),
    }),
    table,
  });
  return { table, pokemon };
}

let table: ReturnType<typeof model>["table"];
let pokemon: ReturnType<typeof model>["pokemon"];

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "minimal.yaml"), port: 0, edgePort: 0, inMemory: true });
  raw = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  await raw.send(new CreateTableCommand({
    TableName: "toolbox",
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "PK", AttributeType: "S" }, { AttributeName: "SK", AttributeType: "S" },
      { AttributeName: "trainerId", AttributeType: "S" }, { AttributeName: "level", AttributeType: "N" },
    ],
    KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }, { AttributeName: "SK", KeyType: "RANGE" }],
    GlobalSecondaryIndexes: [{
      IndexName: "byTrainer",
      KeySchema: [{ AttributeName: "trainerId", KeyType: "HASH" }, { AttributeName: "level", KeyType: "RANGE" }],
      Projection: { ProjectionType: "ALL" },
    }],
  }));
  ({ table, pokemon } = model(DynamoDBDocumentClient.from(raw)));
});

afterAll(async () => {
  raw?.destroy();
  await sandbox?.stop();
});

const key = (pokemonId: string) => ({ pokemonClass: "pikachu", pokemonId });

describe("dynamodb-toolbox against the sandbox", () => {
  it("puts with a condition and refuses a second put of the same key", async () => {
    await pokemon.build(PutItemCommand)
      .item({ ...key("p-001"), trainerId: "ash", level: 5, types: new Set(["electric"]), moves: ["tackle"], stats: { hp: 35, attack: 55 } })
      .options({ condition: { attr: "pokemonId", exists: false } })
      .send();
    const again = pokemon.build(PutItemCommand).item({ ...key("p-001"), level: 9 }).options({ condition: { attr: "pokemonId", exists: false } }).send();
    await expect(again).rejects.toSatisfy(isConditionCheckFailed);
    const { Item } = await pokemon.build(GetItemCommand).key(key("p-001")).send();
    expect(Item).toMatchObject({ level: 5, shiny: false, maxLevel: 100, types: new Set(["electric"]), stats: { hp: 35, attack: 55 } });
    expect(typeof Item?.created).toBe("string");
  });

  it("puts with compound and/or/not, size and attribute-reference conditions", async () => {
    const res = await pokemon.build(PutItemCommand)
      .item({ ...key("p-001"), trainerId: "ash", level: 6, moves: ["tackle", "growl"] })
      .options({
        condition: {
          and: [
            { attr: "level", between: [1, 10] },
            { attr: "level", lt: { attr: "maxLevel" } },
            { or: [{ attr: "nickname", exists: false }, { attr: "nickname", beginsWith: "Sp" }] },
            { not: { attr: "shiny", eq: true } },
            { size: "moves", eq: 1 },
            { attr: "types", contains: "electric" },
            { attr: "trainerId", in: ["ash", "misty"] },
            { attr: "stats.hp", gte: 35 },
            { attr: "level", type: "N" },
          ],
        },
        returnValues: "ALL_OLD",
      })
      .send();
    expect(res.Attributes).toMatchObject({ level: 5, moves: ["tackle"] });
    const failing = pokemon.build(PutItemCommand).item({ ...key("p-001"), level: 7 }).options({ condition: { size: "moves", gt: 5 } }).send();
    await expect(failing).rejects.toSatisfy(isConditionCheckFailed);
  });

  it("updates with $add, $subtract, $sum, $append, $prepend, $delete, $remove and $get", async () => {
    await pokemon.build(PutItemCommand)
      .item({ ...key("p-002"), trainerId: "ash", level: 10, nickname: "Sparky", types: new Set(["electric", "mouse"]), moves: ["thunder"], stats: { hp: 40, attack: 60 }, counters: { wins: 1 } })
      .send();
    const { Attributes } = await pokemon.build(UpdateItemCommand)
      .item({
        ...key("p-002"),
        level: $add(2),
        maxLevel: $subtract($get("maxLevel"), 10),
        moves: $append(["quick-attack"]),
        types: $delete(new Set(["mouse"])),
        nickname: $remove(),
        stats: { attack: $sum($get("stats.hp"), 30) },
        counters: { losses: 3, wins: $add(1) },
      })
      .options({ returnValues: "ALL_NEW" })
      .send();
    expect(Attributes).toMatchObject({
      level: 12, maxLevel: 90, moves: ["thunder", "quick-attack"], types: new Set(["electric"]),
      stats: { hp: 40, attack: 70 }, counters: { wins: 2, losses: 3 },
    });
    expect(Attributes).not.toHaveProperty("nickname");
    const prepended = await pokemon.build(UpdateItemCommand)
      .item({ ...key("p-002"), moves: $prepend(["growl"]), level: $get("maxLevel") })
      .options({ returnValues: "UPDATED_NEW" })
      .send();
    expect(prepended.Attributes).toMatchObject({ moves: ["growl", "thunder", "quick-attack"], level: 90 });
    // A list element by index, and a nested member removed.
    const indexed = await pokemon.build(UpdateItemCommand)
      .item({ ...key("p-002"), moves: { 1: "thunderbolt" }, counters: { losses: $remove() } })
      .options({ returnValues: "ALL_NEW" })
      .send();
    expect(indexed.Attributes).toMatchObject({ moves: ["growl", "thunderbolt", "quick-attack"], counters: { wins: 2 } });
  });

  it("updates conditionally and reports the old item when asked", async () => {
    const ok = await pokemon.build(UpdateItemCommand)
      .item({ ...key("p-002"), shiny: true })
      .options({ condition: { and: [{ attr: "shiny", eq: false }, { attr: "level", gte: 50 }] }, returnValues: "UPDATED_OLD" })
      .send();
    expect(ok.Attributes).toMatchObject({ shiny: false });
    const refused = pokemon.build(UpdateItemCommand).item({ ...key("p-002"), shiny: false }).options({ condition: { attr: "shiny", eq: false } }).send();
    await expect(refused).rejects.toSatisfy(isConditionCheckFailed);
  });

  it("batch-writes and batch-gets", async () => {
    const puts = Array.from({ length: 40 }, (_, i) => pokemon.build(BatchPutRequest).item({
      pokemonClass: "bulbasaur", pokemonId: `b-${String(i).padStart(3, "0")}`, trainerId: i % 2 === 0 ? "brock" : "misty", level: i + 1,
    }));
    await executeBatchWrite(table.build(BatchWriteCommand).requests(...puts.slice(0, 25)));
    await executeBatchWrite(table.build(BatchWriteCommand).requests(...puts.slice(25)));
    const res = await executeBatchGet(table.build(BatchGetCommand).requests(
      pokemon.build(BatchGetRequest).key({ pokemonClass: "bulbasaur", pokemonId: "b-003" }),
      pokemon.build(BatchGetRequest).key({ pokemonClass: "bulbasaur", pokemonId: "b-039" }),
      pokemon.build(BatchGetRequest).key({ pokemonClass: "bulbasaur", pokemonId: "missing" }),
    ));
    const [items] = res.Responses ?? [];
    expect(items).toEqual([expect.objectContaining({ level: 4 }), expect.objectContaining({ level: 40 }), undefined]);
    await executeBatchWrite(table.build(BatchWriteCommand).requests(
      pokemon.build(BatchDeleteRequest).key({ pokemonClass: "bulbasaur", pokemonId: "b-039" }),
    ));
    const { Item } = await pokemon.build(GetItemCommand).key({ pokemonClass: "bulbasaur", pokemonId: "b-039" }).send();
    expect(Item).toBeUndefined();
  });

  it("queries the primary key with range operators and filters", async () => {
    const begins = await table.build(QueryCommand).entities(pokemon)
      .query({ partition: "bulbasaur", range: { beginsWith: "b-01" } }).send();
    expect(begins.Items?.map((p) => p.pokemonId)).toEqual(Array.from({ length: 10 }, (_, i) => `b-01${i}`));
    const between = await table.build(QueryCommand).entities(pokemon)
      .query({ partition: "bulbasaur", range: { between: ["b-005", "b-008"] } })
      .options({ reverse: true }).send();
    expect(between.Items?.map((p) => p.pokemonId)).toEqual(["b-008", "b-007", "b-006", "b-005"]);
    const filtered = await table.build(QueryCommand).entities(pokemon)
      .query({ partition: "bulbasaur", range: { gte: "b-030" } })
      .options({ filters: { Pokemon: { and: [{ attr: "trainerId", eq: "misty" }, { attr: "level", gt: 33 }] } }, attributes: ["pokemonId", "level"] })
      .send();
    expect(filtered.Items).toEqual([{ pokemonId: "b-033", level: 34 }, { pokemonId: "b-035", level: 36 }, { pokemonId: "b-037", level: 38 }]);
  });

  it("queries a GSI on a numeric range and pages with limit and exclusiveStartKey", async () => {
    const seen: number[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await table.build(QueryCommand).entities(pokemon)
        .query({ index: "byTrainer", partition: "brock", range: { between: [5, 30] } })
        .options({ limit: 4, exclusiveStartKey })
        .send();
      seen.push(...(page.Items ?? []).map((p) => p.level));
      exclusiveStartKey = page.LastEvaluatedKey;
      pages += 1;
    } while (exclusiveStartKey && pages < 10);
    expect(seen).toEqual([5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]);
    const all = await table.build(QueryCommand).entities(pokemon)
      .query({ index: "byTrainer", partition: "misty", range: { lt: 7 } }).options({ maxPages: Infinity }).send();
    expect(all.Items?.map((p) => p.level)).toEqual([2, 4, 6]);
  });

  it("scans with a filter and a select count", async () => {
    const res = await table.build(ScanCommand).entities(pokemon)
      .options({ filters: { Pokemon: { attr: "pokemonClass", eq: "pikachu" } }, maxPages: Infinity }).send();
    expect(res.Items?.map((p) => p.pokemonId).sort()).toEqual(["p-001", "p-002"]);
    const count = await table.build(ScanCommand).options({ select: "COUNT", maxPages: Infinity }).send();
    expect(count.Count).toBe(41);
  });

  it("writes and reads transactions, and reports a cancelled one", async () => {
    await executeTransactWrite(
      pokemon.build(PutTransaction).item({ ...key("p-003"), trainerId: "ash", level: 3 }).options({ condition: { attr: "pokemonId", exists: false } }),
      pokemon.build(UpdateTransaction).item({ ...key("p-001"), level: $add(1), moves: $append(["swift"]) }),
      pokemon.build(DeleteTransaction).key({ pokemonClass: "bulbasaur", pokemonId: "b-000" }).options({ condition: { attr: "level", eq: 1 } }),
      pokemon.build(ConditionCheck).key(key("p-002")).condition({ attr: "shiny", eq: true }),
    );
    const { Responses } = await executeTransactGet(
      pokemon.build(GetTransaction).key(key("p-003")),
      pokemon.build(GetTransaction).key(key("p-001")).options({ attributes: ["level", "moves"] }),
      pokemon.build(GetTransaction).key({ pokemonClass: "bulbasaur", pokemonId: "b-000" }),
    );
    expect(Responses?.map((r) => r.Item)).toEqual([
      expect.objectContaining({ level: 3, trainerId: "ash" }),
      { level: 7, moves: ["tackle", "growl", "swift"] },
      undefined,
    ]);
    const cancelled = executeTransactWrite(
      pokemon.build(PutTransaction).item({ ...key("p-004"), level: 1 }),
      pokemon.build(ConditionCheck).key(key("p-002")).condition({ attr: "shiny", eq: false }),
    );
    await expect(cancelled).rejects.toMatchObject({ name: "TransactionCanceledException" });
    const { Item } = await pokemon.build(GetItemCommand).key(key("p-004")).send();
    expect(Item).toBeUndefined();
  });

  it("returns the item that failed a condition when asked, alone and in a transaction", async () => {
    const failed = await pokemon.build(PutItemCommand).item({ ...key("p-001"), level: 1 })
      .options({ condition: { attr: "level", gt: 100 }, returnValuesOnConditionFalse: "ALL_OLD" })
      .send()
      .catch((error: unknown) => error as { name: string; Item?: Record<string, unknown> });
    expect(failed).toMatchObject({ name: "ConditionalCheckFailedException", Item: { SK: { S: "p-001" }, level: { N: "7" } } });
    const cancelled = await executeTransactWrite(
      pokemon.build(PutTransaction).item({ ...key("p-001"), level: 1 }).options({ condition: { attr: "level", gt: 100 }, returnValuesOnConditionFalse: "ALL_OLD" }),
      pokemon.build(PutTransaction).item({ ...key("p-009"), level: 1 }),
    ).catch((error: unknown) => error as { name: string; CancellationReasons?: Array<{ Code: string; Item?: Record<string, unknown> }> });
    expect(cancelled).toMatchObject({ name: "TransactionCanceledException" });
    const reasons = (cancelled as { CancellationReasons?: Array<{ Code: string; Item?: Record<string, unknown> }> }).CancellationReasons;
    expect(reasons?.map((reason) => reason.Code)).toEqual(["ConditionalCheckFailed", "None"]);
    expect(reasons?.[0]?.Item).toMatchObject({ level: { N: "7" } });
  });

  it("deletes with a condition", async () => {
    const refused = pokemon.build(DeleteItemCommand).key(key("p-003")).options({ condition: { attr: "level", gt: 3 } }).send();
    await expect(refused).rejects.toSatisfy(isConditionCheckFailed);
    const res = await pokemon.build(DeleteItemCommand).key(key("p-003")).options({ condition: { attr: "level", lte: 3 }, returnValues: "ALL_OLD" }).send();
    expect(res.Attributes).toMatchObject({ level: 3 });
  });
});

describe("dynamodb-toolbox on a table with a number sort key, a KEYS_ONLY local index and a binary-keyed INCLUDE global index", () => {
  function extra(documentClient: DynamoDBDocumentClient) {
    const extraTable = new Table({
      name: "toolbox-extra",
      partitionKey: { name: "PK", type: "string" },
      sortKey: { name: "SK", type: "number" },
      indexes: {
        lsi: { type: "local", sortKey: { name: "lsiSK", type: "string" } },
        byBlob: { type: "global", partitionKey: { name: "blob", type: "binary" } },
      },
      documentClient,
    });
    const thing = new Entity({
      name: "Thing",
      table: extraTable,
      schema: item({
        PK: string().key(), SK: number().key(), lsiSK: string().optional(), blob: binary().optional(), name: string().optional(),
        empty: nul().optional(), loose: any().optional(), rec: record(string(), map({ c: number() })).optional(),
        pair: tuple(string(), number()).optional(), either: anyOf(string(), number()).optional(),
        blobs: set(binary()).optional(), nums: set(number()).optional(),
        rows: list(map({ v: number(), w: string().optional() })).optional(),
      }),
    });
    return { extraTable, thing };
  }
  let extraTable: ReturnType<typeof extra>["extraTable"];
  let thing: ReturnType<typeof extra>["thing"];

  beforeAll(async () => {
    await raw.send(new CreateTableCommand({
      TableName: "toolbox-extra",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "PK", AttributeType: "S" }, { AttributeName: "SK", AttributeType: "N" },
        { AttributeName: "lsiSK", AttributeType: "S" }, { AttributeName: "blob", AttributeType: "B" },
      ],
      KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }, { AttributeName: "SK", KeyType: "RANGE" }],
      LocalSecondaryIndexes: [{ IndexName: "lsi", KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }, { AttributeName: "lsiSK", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
      GlobalSecondaryIndexes: [{ IndexName: "byBlob", KeySchema: [{ AttributeName: "blob", KeyType: "HASH" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["name"] } }],
    }));
    ({ extraTable, thing } = extra(DynamoDBDocumentClient.from(raw)));
    for (let i = 0; i < 30; i++) {
      await thing.build(PutItemCommand).item({
        PK: "p", SK: i, lsiSK: `l${String(29 - i).padStart(2, "0")}`, blob: new Uint8Array([i % 3]), name: `n${i}`, empty: null,
        loose: { q: [i] }, rec: { a: { c: i } }, pair: ["s", i], either: i % 2 ? "odd" : i,
        blobs: new Set([new Uint8Array([1, i])]), nums: new Set([i, 0.5, -1e-5]), rows: [{ v: i }, { v: i + 1, w: "w" }],
      }).send();
    }
  });

  it("reads a KEYS_ONLY local index and a binary-keyed INCLUDE global index", async () => {
    const local = await extraTable.build(QueryCommand).query({ partition: "p", index: "lsi", range: { lt: "l03" } }).send();
    expect(local.Items).toEqual([{ PK: "p", SK: 29, lsiSK: "l00" }, { PK: "p", SK: 28, lsiSK: "l01" }, { PK: "p", SK: 27, lsiSK: "l02" }]);
    const global = await extraTable.build(QueryCommand).query({ partition: new Uint8Array([1]), index: "byBlob" }).options({ maxPages: Infinity }).send();
    expect(global.Items).toHaveLength(10);
    expect(Object.keys(global.Items?.[0] ?? {}).sort()).toEqual(["PK", "SK", "blob", "name"]);
  });

  it("projects nested map members, list elements and tuple positions", async () => {
    const res = await extraTable.build(QueryCommand).entities(thing)
      .query({ partition: "p", range: { between: [3, 4] } })
      .options({ attributes: ["SK", "rec.a.c", "rows[1].w", "pair[1]"] })
      .send();
    expect(res.Items).toEqual([
      { SK: 3, rec: { a: { c: 3 } }, pair: [3], rows: [{ w: "w" }] },
      { SK: 4, rec: { a: { c: 4 } }, pair: [4], rows: [{ w: "w" }] },
    ]);
    const { Item } = await thing.build(GetItemCommand).key({ PK: "p", SK: 3 }).options({ attributes: ["rows[0].v", "nums", "empty"] }).send();
    expect(Item).toEqual({ empty: null, nums: new Set([-1e-5, 0.5, 3]), rows: [{ v: 3 }] });
  });

  it("filters on NULL and binary set members, number set members, list sizes and nested values", async () => {
    const res = await extraTable.build(QueryCommand).entities(thing).query({ partition: "p" }).options({
      filters: { Thing: { and: [
        { attr: "rec.a.c", gt: 10 }, { attr: "rows[1].v", lte: 15 }, { attr: "empty", type: "NULL" },
        { attr: "blobs", contains: new Uint8Array([1, 12]) }, { attr: "nums", contains: 0.5 }, { size: "rows", eq: 2 }, { attr: "either", type: "N" },
      ] } },
      maxPages: Infinity,
    }).send();
    expect(res.Items?.map((t) => t.SK)).toEqual([12]);
    const counted = await extraTable.build(QueryCommand).query({ partition: "p" }).options({ select: "COUNT", maxPages: Infinity }).send();
    expect(counted.Count).toBe(30);
  });

  it("updates list elements, record entries, tuples and sets, removing and adding in one expression", async () => {
    const { Attributes } = await thing.build(UpdateItemCommand).item({
      PK: "p", SK: 1,
      rows: { 1: { v: $add(5) } },
      rec: { a: { c: $subtract($get("SK"), 1) }, b: $set({ c: 3 }) },
      nums: $delete(new Set([0.5])),
      pair: { 0: "t" },
      loose: $set({ fresh: true }),
      either: $remove(),
    }).options({ returnValues: "ALL_NEW" }).send();
    expect(Attributes).toMatchObject({ rows: [{ v: 1 }, { v: 7, w: "w" }], rec: { a: { c: 0 }, b: { c: 3 } }, nums: new Set([-1e-5, 1]), pair: ["t", 1], loose: { fresh: true } });
    expect(Attributes).not.toHaveProperty("either");
    const removed = await thing.build(UpdateItemCommand).item({ PK: "p", SK: 1, rows: { 0: $remove() } }).options({ returnValues: "UPDATED_NEW" }).send();
    expect(removed.Attributes?.rows).toEqual([{ v: 7, w: "w" }]);
    const attrs = await thing.build(UpdateAttributesCommand).item({ PK: "p", SK: 2, rec: { z: { c: 1 } }, rows: $append([{ v: 100 }]) })
      .options({ returnValues: "UPDATED_NEW" }).send();
    expect(attrs.Attributes).toMatchObject({ rec: { z: { c: 1 } }, rows: [{ v: 2 }, { v: 3, w: "w" }, { v: 100 }] });
  });

  it("deletes a range of a partition", async () => {
    await extraTable.build(DeletePartitionCommand).entities(thing).query({ partition: "p", range: { gte: 20 } }).send();
    const counted = await extraTable.build(QueryCommand).query({ partition: "p" }).options({ select: "COUNT", maxPages: Infinity }).send();
    expect(counted.Count).toBe(20);
  });
});
