/**
 * Validation texts moto's DynamoDB exception tests pin down (getmoto/moto
 * tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py; the cases marked @aws_verified were
 * run against real DynamoDB, the others quote texts moto copied from AWS), replayed through the
 * real SDK v3 client.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
/** moto's BaseTest table: pk (S) alone. */
const base = tableName("motoBase");
/** moto's table_schema: partitionKey, with GSI-K1 on (gsiK1PartitionKey, gsiK1SortKey). */
const gsiTable = tableName("motoGsi");

const validation = (message: string) => `ValidationException: ${message}`;
/**
 * PutItem, UpdateItem and DeleteItem word a fault of the request itself inside the "1 validation
 * error detected: " envelope in the 2026 captures of paritysuite/dynamodb-conformance
 * (captures/cross-region-latest.json, eu-west-2 and us-east-1); moto's older @aws_verified runs
 * recorded the bare text. The newer recording wins.
 */
const enveloped = (message: string) => validation(`1 validation error detected: ${message}`);

async function create(input: Omit<CreateTableCommandInput, "TableName">, name = tableName("moto")): Promise<string> {
  await h.client.send(new CreateTableCommand({ TableName: name, ...input }));
  return name;
}

beforeAll(async () => {
  h = await startDynamoDb();
  await create(
    {
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    },
    base,
  );
  await create(
    {
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "partitionKey", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "GSI-K1",
          KeySchema: [
            { AttributeName: "gsiK1PartitionKey", KeyType: "HASH" },
            { AttributeName: "gsiK1SortKey", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
      AttributeDefinitions: [
        { AttributeName: "partitionKey", AttributeType: "S" },
        { AttributeName: "gsiK1PartitionKey", AttributeType: "S" },
        { AttributeName: "gsiK1SortKey", AttributeType: "S" },
      ],
    },
    gsiTable,
  );
});
afterAll(() => h.close());

/** The raw awsJson answer to a DynamoDB call (for bodies the SDK would refuse to send, and the body's keys). */
async function raw(action: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(h.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${action}`,
      authorization: "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("Query key conditions (test_query_gsi_with_wrong_key_attribute_names_throws_exception and neighbours)", () => {
  const query = (KeyConditionExpression: string, values: Record<string, string>, IndexName?: string) =>
    failure(() =>
      h.client.send(
        new QueryCommand({
          TableName: gsiTable,
          IndexName,
          KeyConditionExpression,
          ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { S: v }])),
        }),
      ),
    );

  it("names the index key element the condition missed", async () => {
    const missed = (name: string) => validation(`Query condition missed key schema element: ${name}`);
    expect(await query("gsiK1PartitionKey = :pk AND wrongName = :sk", { ":pk": "a", ":sk": "b" }, "GSI-K1")).toBe(missed("gsiK1SortKey"));
    expect(await query("wrongName = :pk AND gsiK1SortKey = :sk", { ":pk": "a", ":sk": "b" }, "GSI-K1")).toBe(missed("gsiK1PartitionKey"));
    expect(await query("gsiK1PartitionKey = :pk AND begins_with ( wrongName , :sk )", { ":pk": "a", ":sk": "b" }, "GSI-K1")).toBe(
      missed("gsiK1SortKey"),
    );
    expect(
      await query("gsiK1PartitionKey = :pk AND wrongName BETWEEN :sk1 and :sk2", { ":pk": "a", ":sk1": "b", ":sk2": "c" }, "GSI-K1"),
    ).toBe(missed("gsiK1SortKey"));
    // test_query_table_with_wrong_key_attribute_names_throws_exception
    expect(await query("wrongName = :pk", { ":pk": "a" })).toBe(missed("partitionKey"));
  });

  it("refuses anything but equality on the partition key", async () => {
    // test_hash_key_cannot_use_begins_with_operations, test_hash_key_can_only_use_equals_operations
    const unsupported = validation("Query key condition not supported");
    expect(await query("begins_with(partitionKey, :pk)", { ":pk": "prefix-" })).toBe(unsupported);
    for (const operator of ["<", "<=", ">", ">="]) expect(await query(`partitionKey ${operator} :pk`, { ":pk": "p" })).toBe(unsupported);
  });

  it("refuses one condition comparing two attributes", async () => {
    // test_query_with_missing_expression_attribute
    const got = await failure(() =>
      h.client.send(
        new QueryCommand({
          TableName: gsiTable,
          KeyConditionExpression: "#part_key=some_value",
          ExpressionAttributeNames: { "#part_key": "partitionKey" },
        }),
      ),
    );
    expect(got).toBe(validation("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"));
  });

  it("refuses empty projection and filter expressions", async () => {
    // test_query_with_empty_filter_expression
    const base = { TableName: gsiTable, KeyConditionExpression: "partitionKey = :v", ExpressionAttributeValues: { ":v": { S: "x" } } };
    expect(await failure(() => h.client.send(new QueryCommand({ ...base, ProjectionExpression: "" })))).toBe(
      validation("Invalid ProjectionExpression: The expression can not be empty;"),
    );
    expect(await failure(() => h.client.send(new QueryCommand({ ...base, FilterExpression: "" })))).toBe(
      validation("Invalid FilterExpression: The expression can not be empty;"),
    );
  });

  it("refuses begins_with without brackets, naming the token", async () => {
    // test_query_begins_with_without_brackets (moto quotes the text without its "near" part)
    const name = await create({
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
    const got = await failure(() =>
      h.client.send(
        new QueryCommand({
          TableName: name,
          KeyConditionExpression: "pk=:pk AND begins_with sk, :sk ",
          ExpressionAttributeValues: { ":pk": { S: "test1" }, ":sk": { S: "test2" } },
        }),
      ),
    );
    expect(got.startsWith(validation('Invalid KeyConditionExpression: Syntax error; token: "sk"'))).toBe(true);
  });

  it("refuses consistent reads on a global secondary index", async () => {
    // test_cannot_query_gsi_with_consistent_read, test_cannot_scan_gsi_with_consistent_read
    const text = validation("Consistent reads are not supported on global secondary indexes");
    expect(
      await failure(() =>
        h.client.send(
          new QueryCommand({
            TableName: gsiTable,
            IndexName: "GSI-K1",
            KeyConditionExpression: "gsiK1PartitionKey = :h and gsiK1SortKey = :r",
            ExpressionAttributeValues: { ":h": { S: "key1" }, ":r": { S: "range1" } },
            ConsistentRead: true,
          }),
        ),
      ),
    ).toBe(text);
    expect(await failure(() => h.client.send(new ScanCommand({ TableName: gsiTable, IndexName: "GSI-K1", ConsistentRead: true })))).toBe(text);
  });
});

describe("ExpressionAttributeNames given without use", () => {
  it("refuses an empty map with no expression, before looking at the key (@aws_verified)", async () => {
    // test_empty_expressionattributenames: the key is wrong too, yet this is the error.
    expect(await failure(() => h.client.send(new GetItemCommand({ TableName: base, Key: { id: { S: "my_id" } }, ExpressionAttributeNames: {} })))).toBe(
      validation("ExpressionAttributeNames can only be specified when using expressions"),
    );
  });

  it("refuses an empty map beside a projection", async () => {
    // test_empty_expressionattributenames_with_empty_projection, _with_projection
    for (const ProjectionExpression of ["a", "id"]) {
      expect(
        await failure(() =>
          h.client.send(new GetItemCommand({ TableName: base, Key: { id: { S: "my_id" } }, ProjectionExpression, ExpressionAttributeNames: {} })),
        ),
      ).toBe(validation("ExpressionAttributeNames must not be empty"));
    }
  });

  const unusedText = "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}";
  const unused = validation(unusedText);

  it("names the unused key in UpdateItem, PutItem, GetItem, DeleteItem, Query and Scan (@aws_verified)", async () => {
    await h.doc.send(new PutCommand({ TableName: base, Item: { pk: "pk1", spec: {}, am: 0 } }));
    // test_update_item_unused_attribute_name
    expect(
      await failure(() =>
        h.doc.send(
          new UpdateCommand({
            TableName: base,
            Key: { pk: "pk1" },
            UpdateExpression: "SET spec.#limit = :limit",
            ExpressionAttributeNames: { "#count": "count", "#limit": "limit" },
            ExpressionAttributeValues: { ":countChange": 1, ":limit": "limit" },
          }),
        ),
      ),
    ).toBe(enveloped(unusedText));
    expect(
      await failure(() =>
        h.doc.send(
          new UpdateCommand({
            TableName: base,
            Key: { pk: "pk1" },
            UpdateExpression: "ADD am :limit",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: { ":limit": 2 },
          }),
        ),
      ),
    ).toBe(enveloped(unusedText));
    // test_put_item_unused_attribute_name
    expect(
      await failure(() =>
        h.doc.send(
          new PutCommand({
            TableName: base,
            Item: { pk: "pk1", spec: {}, am: 0 },
            ConditionExpression: "attribute_not_exists(body)",
            ExpressionAttributeNames: { "#count": "count" },
          }),
        ),
      ),
    ).toBe(enveloped(unusedText));
    // test_get_item_unused_attribute_name
    expect(
      await failure(() =>
        h.doc.send(new GetCommand({ TableName: base, Key: { pk: "example_id" }, ProjectionExpression: "pk", ExpressionAttributeNames: { "#count": "count" } })),
      ),
    ).toBe(unused);
    // test_delete_unused_attribute_name
    expect(
      await failure(() =>
        h.client.send(
          new DeleteItemCommand({
            TableName: base,
            Key: { pk: { S: "pk1" } },
            ConditionExpression: "attribute_not_exists(body)",
            ExpressionAttributeNames: { "#count": "count" },
          }),
        ),
      ),
    ).toBe(enveloped(unusedText));
    // test_query_unused_attribute_name: the check comes before the key condition's own faults.
    expect(
      await failure(() =>
        h.client.send(
          new QueryCommand({
            TableName: base,
            KeyConditionExpression: "(#0 = x) AND (begins_with(#1, a))",
            ExpressionAttributeNames: { "#0": "pk", "#1": "sk", "#count": "count" },
          }),
        ),
      ),
    ).toBe(unused);
    // test_scan_unused_attribute_name
    expect(
      await failure(() =>
        h.client.send(
          new ScanCommand({
            TableName: base,
            FilterExpression: "#h = :h",
            ExpressionAttributeNames: { "#h": "pk", "#count": "count" },
            ExpressionAttributeValues: { ":h": { S: "hash_value" } },
          }),
        ),
      ),
    ).toBe(unused);
  });

  it("names the unused key in BatchGetItem even for a missing table (@aws_verified)", async () => {
    // test_batch_get_item_unused_attribute_name: table "users" does not exist.
    expect(
      await failure(() =>
        h.client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [tableName("users")]: {
                Keys: [0, 1, 2, 3].map((i) => ({ username: { S: `user${i}` } })),
                ConsistentRead: true,
                ProjectionExpression: "#rl",
                ExpressionAttributeNames: { "#rl": "username", "#count": "count" },
              },
            },
          }),
        ),
      ),
    ).toBe(unused);
  });

  it("names the unused key in each kind of TransactWriteItems entry (@aws_verified)", async () => {
    const transact = (item: Record<string, unknown>) =>
      failure(() => h.client.send(new TransactWriteItemsCommand({ TransactItems: [item] as never })));
    // test_transact_write_item_put_unused_attribute_name
    expect(
      await transact({
        Put: {
          Item: { pk: { S: "foo" }, foo: { S: "bar" } },
          TableName: base,
          ConditionExpression: "#i <> foo",
          ExpressionAttributeNames: { "#i": "pk", "#count": "count" },
        },
      }),
    ).toBe(unused);
    // test_transact_write_item_update_unused_attribute_name (the key is wrong too)
    expect(
      await transact({
        Update: {
          Key: { id: { S: "foo" } },
          TableName: base,
          UpdateExpression: "SET #e = test",
          ExpressionAttributeNames: { "#e": "email_address", "#count": "count" },
        },
      }),
    ).toBe(unused);
    // test_transact_write_item_delete_unused_attribute_name
    expect(
      await transact({
        Delete: {
          Key: { pk: { S: "foo" }, foo: { S: "bar" } },
          TableName: base,
          ConditionExpression: "#i <> foo",
          ExpressionAttributeNames: { "#i": "pk", "#count": "count" },
        },
      }),
    ).toBe(unused);
    // test_transact_write_item_unused_attribute_name_in_condition_check
    expect(
      await failure(() =>
        h.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  Key: { id: { S: "foo" } },
                  TableName: base,
                  ConditionExpression: "attribute_exists(#e)",
                  ExpressionAttributeNames: { "#e": "email_address", "#count": "count" },
                },
              },
              { Put: { Item: { id: { S: "bar" }, email_address: { S: "bar@moto.com" } }, TableName: base } },
            ],
          }),
        ),
      ),
    ).toBe(unused);
  });
});

describe("UpdateExpression clauses with clashing paths (TestUpdateExpressionClausesWithClashingExpressions, @aws_verified)", () => {
  const update = (UpdateExpression: string, values: Record<string, unknown>, names?: Record<string, string>) =>
    h.doc.send(
      new UpdateCommand({
        TableName: base,
        Key: { pk: "foo" },
        UpdateExpression,
        ExpressionAttributeValues: values,
        ...(names ? { ExpressionAttributeNames: names } : {}),
      }),
    );
  const overlap = enveloped("Invalid UpdateExpression: Two document paths overlap with each other;");

  it("refuses a section used twice", async () => {
    expect(await failure(() => update("ADD x :one SET a = :a ADD y :one", { ":one": 1, ":a": "lore ipsum" }))).toBe(
      enveloped('Invalid UpdateExpression: The "ADD" section can only be used once in an update expression;'),
    );
    expect(
      await failure(() =>
        update("REMOVE #ulist[0] SET current_user = :current_user REMOVE some_param", { ":current_user": { name: "Jane" } }, { "#ulist": "user_list" }),
      ),
    ).toBe(enveloped('Invalid UpdateExpression: The "REMOVE" section can only be used once in an update expression;'));
    expect(
      await failure(() => update("SET current_user = :current_user SET some_param = :current_user", { ":current_user": { name: "Jane" } })),
    ).toBe(enveloped('Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'));
  });

  it("refuses overlapping paths across and within sections", async () => {
    const cases: [string, Record<string, unknown>, Record<string, string> | undefined][] = [
      ["ADD #stringSet :addSet DELETE #stringSet :deleteSet", { ":addSet": new Set(["c"]), ":deleteSet": new Set(["a"]) }, { "#stringSet": "string_set" }],
      ["ADD #stringSet :addSet REMOVE #stringSet", { ":addSet": new Set(["c"]) }, { "#stringSet": "string_set.nested" }],
      ["REMOVE string_set SET string_set.nested = :h", { ":h": "H" }, undefined],
      ["SET string_set = :h, string_set.nested = :h", { ":h": "H" }, undefined],
      ["SET #stringSet = :h, #nested = :h", { ":h": "H" }, { "#stringSet": "string_set", "#nested": "string_set" }],
    ];
    for (const [expression, values, names] of cases) {
      const got = await failure(() => update(expression, values, names));
      expect(got.startsWith(overlap), `${expression}: ${got}`).toBe(true);
    }
  });

  it("words the overlap with the paths' resolved names, split into elements", async () => {
    expect(await failure(() => update("SET #stringSet = :h, #stringSet = :h", { ":h": "H" }, { "#stringSet": "string_set" }))).toBe(
      enveloped(
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [string_set], path two: [string_set]",
      ),
    );
    expect(await failure(() => update("SET string_set.nested = :h, string_set.nested = :h", { ":h": "H" }))).toBe(
      enveloped(
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [string_set, nested], path two: [string_set, nested]",
      ),
    );
  });

  it("takes a name holding a dot as one attribute, so no overlap", async () => {
    await update("SET string_set = :h, #nested = :h", { ":h": "H" }, { "#nested": "string_set.nested" });
    const { Item } = await h.doc.send(new GetCommand({ TableName: base, Key: { pk: "foo" } }));
    expect(Item).toEqual({ pk: "foo", string_set: "H", "string_set.nested": "H" });
  });

  it("updates siblings under one root, and sets apart from each other", async () => {
    await h.doc.send(new PutCommand({ TableName: base, Item: { pk: "1", name: "test", nested: { key1: "value1", key2: "value2", key3: "value3" } } }));
    await h.doc.send(
      new UpdateCommand({
        TableName: base,
        Key: { pk: "1" },
        UpdateExpression: "SET #root.#child1=:key1,#root.#child2=:key2",
        ExpressionAttributeNames: { "#root": "nested", "#child1": "key1", "#child2": "key2" },
        ExpressionAttributeValues: { ":key1": "new value1", ":key2": "new value2" },
      }),
    );
    const { Item } = await h.doc.send(new GetCommand({ TableName: base, Key: { pk: "1" } }));
    expect(Item?.nested).toEqual({ key1: "new value1", key2: "new value2", key3: "value3" });
    await h.doc.send(
      new UpdateCommand({
        TableName: base,
        Key: { pk: "the-key" },
        UpdateExpression: "ADD #stringSet1 :addSet DELETE #stringSet2 :deleteSet",
        ExpressionAttributeNames: { "#stringSet1": "ss1", "#stringSet2": "ss2" },
        ExpressionAttributeValues: { ":addSet": new Set(["c"]), ":deleteSet": new Set(["a"]) },
      }),
    );
  });

  it("refuses a trailing comma, naming <EOF>", async () => {
    // test_update_expression_with_trailing_comma
    const got = await failure(() =>
      update("SET #attr1 = :val1, #attr2 = :val2,", { ":val1": 3, ":val2": 4 }, { "#attr1": "attr1", "#attr2": "attr2" }),
    );
    expect(got).toBe(enveloped('Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","'));
  });
});

describe("ProjectionExpression with a path twice (TestDuplicateProjectionExpressions, @aws_verified)", () => {
  const overlapping = (got: string) =>
    got.startsWith(validation("Invalid ProjectionExpression: ")) &&
    got.includes("Two document paths overlap with each other; must remove or rewrite one of these paths");

  it("refuses it in Query, GetItem and Scan", async () => {
    expect(
      overlapping(
        await failure(() =>
          h.client.send(
            new QueryCommand({
              TableName: base,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": { S: "the-key" } },
              ProjectionExpression: "body, subject, body",
            }),
          ),
        ),
      ),
    ).toBe(true);
    const names = { "#rl": "body", "#rt": "attachment" };
    expect(
      overlapping(
        await failure(() =>
          h.client.send(
            new GetItemCommand({ TableName: base, Key: { pk: { S: "the-key" } }, ProjectionExpression: "#rl, #rt, subject, subject", ExpressionAttributeNames: names }),
          ),
        ),
      ),
    ).toBe(true);
    expect(
      overlapping(
        await failure(() =>
          h.client.send(
            new ScanCommand({
              TableName: base,
              FilterExpression: "forum_name = :v",
              ExpressionAttributeValues: { ":v": { S: "the-key" } },
              ProjectionExpression: "#rl, #rt, subject, subject",
              ExpressionAttributeNames: names,
            }),
          ),
        ),
      ),
    ).toBe(true);
  });
});

describe("CreateTable attribute definitions", () => {
  const attempt = (input: Omit<CreateTableCommandInput, "TableName">) =>
    failure(() => h.client.send(new CreateTableCommand({ TableName: tableName("motoCreate"), BillingMode: "PAY_PER_REQUEST", ...input })));
  const gsiOnUser = [{ IndexName: "gsi_user-items", KeySchema: [{ AttributeName: "user", KeyType: "HASH" as const }], Projection: { ProjectionType: "ALL" as const } }];

  // moto sorts the definitions it lists; DynamoDB lists them as given ("AttributeDefinitions:
  // [my-string, my-int, my-hash], keys used: [my-hash, my-string]" in a CloudFormation stack
  // failure quoted by a public README, 2020), so the lists below keep request order.
  it("refuses definitions no key uses", async () => {
    // test_create_table_with_redundant_attributes
    expect(
      await attempt({
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "created_at", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    ).toBe(
      validation(
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
      ),
    );
    expect(
      await attempt({
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "user", AttributeType: "S" },
          { AttributeName: "created_at", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        GlobalSecondaryIndexes: gsiOnUser,
      }),
    ).toBe(
      validation(
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [id, user, created_at], keys used: [id, user]",
      ),
    );
  });

  it("refuses keys without a definition", async () => {
    // test_create_table_with_missing_attributes, test_create_table_with_redundant_and_missing_attributes
    expect(
      await attempt({
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [
          { AttributeName: "id", KeyType: "HASH" },
          { AttributeName: "created_at", KeyType: "RANGE" },
        ],
      }),
    ).toBe(validation("Invalid KeySchema: Some index key attribute have no definition"));
    expect(
      await attempt({
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        GlobalSecondaryIndexes: gsiOnUser,
      }),
    ).toBe(
      validation(
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [user], AttributeDefinitions: [id]",
      ),
    );
    expect(
      await attempt({ AttributeDefinitions: [{ AttributeName: "created_at", AttributeType: "N" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] }),
    ).toBe(
      validation(
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [created_at]",
      ),
    );
    expect(
      await attempt({
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "created_at", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        GlobalSecondaryIndexes: gsiOnUser,
      }),
    ).toBe(
      validation(
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [user], AttributeDefinitions: [id, created_at]",
      ),
    );
  });

  it("refuses empty index lists", async () => {
    // test_creating_table_with_0_local_indexes, test_creating_table_with_0_global_indexes
    const key = { KeySchema: [{ AttributeName: "pk", KeyType: "HASH" as const }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" as const }] };
    expect(await attempt({ ...key, LocalSecondaryIndexes: [] })).toBe(
      validation("One or more parameter values were invalid: List of LocalSecondaryIndexes is empty"),
    );
    expect(await attempt({ ...key, GlobalSecondaryIndexes: [] })).toBe(
      validation("One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty"),
    );
  });

  it("refuses three key schema elements, listing them", async () => {
    // test_too_many_key_schema_attributes
    const got = await failure(() =>
      h.client.send(
        new CreateTableCommand({
          TableName: tableName("motoCreate"),
          AttributeDefinitions: [
            { AttributeName: "UUID", AttributeType: "S" },
            { AttributeName: "ComicBook", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "UUID", KeyType: "HASH" },
            { AttributeName: "ComicBook", KeyType: "RANGE" },
            { AttributeName: "Creator", KeyType: "RANGE" },
          ],
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      ),
    );
    expect(got).toBe(
      validation(
        "1 validation error detected: Value '[KeySchemaElement(attributeName=UUID, keyType=HASH), KeySchemaElement(attributeName=ComicBook, keyType=RANGE), KeySchemaElement(attributeName=Creator, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
      ),
    );
  });
});

describe("Item values", () => {
  let ranged: string;
  beforeAll(async () => {
    ranged = await create({
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "created_at", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "created_at", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("refuses a key of the wrong type", async () => {
    // test_put_item_wrong_attribute_type
    const put = (Item: Record<string, AttributeValue>) => failure(() => h.client.send(new PutItemCommand({ TableName: ranged, Item })));
    expect(await put({ id: { N: "1" }, created_at: { N: "2" }, someAttribute: { S: "lore ipsum" } })).toBe(
      validation("One or more parameter values were invalid: Type mismatch for key id expected: S actual: N"),
    );
    expect(await put({ id: { S: "some id" }, created_at: { S: "should be date not string" }, someAttribute: { S: "lore ipsum" } })).toBe(
      validation("One or more parameter values were invalid: Type mismatch for key created_at expected: N actual: S"),
    );
  });

  it("refuses a JSON number or an object where a string is due (SerializationException)", async () => {
    // test_put_item_wrong_datatype, test_put_item__string_as_integer_value
    const numberTable = await create({
      KeySchema: [{ AttributeName: "mykey", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "mykey", AttributeType: "N" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    const serialization = (message: string) => ({ status: 400, json: { __type: "com.amazon.coral.service#SerializationException", Message: message } });
    expect(await raw("PutItem", { TableName: numberTable, Item: { mykey: { N: 123 } } })).toEqual(
      serialization("NUMBER_VALUE cannot be converted to String"),
    );
    expect(await raw("PutItem", { TableName: numberTable, Item: { mykey: { N: "123" }, nested: { M: { sth: { N: 5 } } } } })).toEqual(
      serialization("NUMBER_VALUE cannot be converted to String"),
    );
    expect(await raw("PutItem", { TableName: base, Item: { pk: { S: 123 } } })).toEqual(serialization("NUMBER_VALUE cannot be converted to String"));
    expect(await raw("PutItem", { TableName: base, Item: { pk: { S: { S: "asdf" } } } })).toEqual(
      serialization("Start of structure or map found where not expected"),
    );
    // An attribute may be named "S".
    await h.client.send(new PutItemCommand({ TableName: base, Item: { pk: { S: "val" }, S: { S: "asdf" } } }));
    const { Item } = await h.client.send(new GetItemCommand({ TableName: base, Key: { pk: { S: "val" } } }));
    expect(Item).toEqual({ pk: { S: "val" }, S: { S: "asdf" } });
  });

  it("refuses empty sets, naming their type (@aws_verified)", async () => {
    // test_put_item_empty_set: boto3 writes an empty Python set as an empty NS inside the map.
    expect(
      await failure(() => h.client.send(new PutItemCommand({ TableName: base, Item: { pk: { S: "some-irrelevant_key" }, attr2: { M: { SS: { NS: [] } } } } }))),
    ).toBe(enveloped("One or more parameter values were invalid: An number set  may not be empty"));
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: base, Item: { pk: { S: "foo" }, stringSet: { SS: [] } } })))).toBe(
      enveloped("One or more parameter values were invalid: An string set  may not be empty"),
    );
  });

  it("refuses an empty string in a key attribute written by BatchWriteItem", async () => {
    // test_batch_put_item_with_empty_value
    const pkSk = await create({
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    const batchPut = (Item: Record<string, AttributeValue>) =>
      h.client.send(new BatchWriteItemCommand({ RequestItems: { [pkSk]: [{ PutRequest: { Item } }] } }));
    const empty = (key: string) =>
      validation(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${key}`);
    expect(await failure(() => batchPut({ pk: { S: "" }, sk: { S: "sth" } }))).toBe(empty("pk"));
    expect(await failure(() => batchPut({ pk: { S: "sth" }, sk: { S: "" } }))).toBe(empty("sk"));
    await batchPut({ pk: { S: "sth" }, sk: { S: "else" }, par: { S: "" } });
  });

  it("refuses an empty string or a NULL for an index key", async () => {
    const indexed = await create({
      KeySchema: [{ AttributeName: "unique_code", KeyType: "HASH" }],
      AttributeDefinitions: [
        { AttributeName: "unique_code", AttributeType: "S" },
        { AttributeName: "unique_id", AttributeType: "S" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "gsi_index",
          KeySchema: [{ AttributeName: "unique_id", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    // test_transact_write_items_with_empty_gsi_key
    expect(
      await failure(() =>
        h.client.send(
          new TransactWriteItemsCommand({ TransactItems: [{ Put: { Item: { unique_code: { S: "some code" }, unique_id: { S: "" } }, TableName: indexed } }] }),
        ),
      ),
    ).toBe(
      validation(
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi_index, IndexKey: unique_id",
      ),
    );
    // test_gsi_key_cannot_be_empty
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: indexed, Item: { unique_code: { S: "woop" }, unique_id: { NULL: true } } })))).toBe(
      validation("One or more parameter values were invalid: Type mismatch for Index Key unique_id Expected: S Actual: NULL IndexName: gsi_index"),
    );
  });
});

describe("UpdateItem", () => {
  it("refuses to change a key attribute, leaving the item as it was", async () => {
    // test_update_primary_key, test_update_primary_key_with_sortkey
    await h.doc.send(new PutCommand({ TableName: base, Item: { pk: "testchangepk" } }));
    const got = await failure(() =>
      h.doc.send(
        new UpdateCommand({
          TableName: base,
          Key: { pk: "n/a" },
          UpdateExpression: "SET #attr1 = :val1",
          ExpressionAttributeNames: { "#attr1": "pk" },
          ExpressionAttributeValues: { ":val1": "different" },
        }),
      ),
    );
    expect(got).toBe(validation("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"));
    expect((await h.doc.send(new GetCommand({ TableName: base, Key: { pk: "testchangepk" } }))).Item).toEqual({ pk: "testchangepk" });
  });

  it("refuses list_append over a missing attribute", async () => {
    // test_list_append_errors_for_unknown_attribute_value
    await h.client.send(new PutItemCommand({ TableName: base, Item: { pk: { S: "sha-of-file" }, crontab: { L: [{ S: "bar1" }] } } }));
    const append = (UpdateExpression: string, names?: Record<string, string>) =>
      h.client.send(
        new UpdateItemCommand({
          TableName: base,
          Key: { pk: { S: "sha-of-file" } },
          UpdateExpression,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: { ":i": { L: [{ S: "bar2" }] } },
          ReturnValues: "UPDATED_NEW",
        }),
      );
    const missing = validation("The provided expression refers to an attribute that does not exist in the item");
    expect(await failure(() => append("SET uk = list_append(uk, :i)"))).toBe(missing);
    expect(await failure(() => append("SET #0 = list_append(#0, :i)", { "#0": "uk" }))).toBe(missing);
    expect(await failure(() => append("SET crontab = list_append(uk, :i)"))).toBe(missing);
    const { Attributes } = await append("SET uk = list_append(crontab, :i)");
    expect(Attributes).toEqual({ uk: { L: [{ S: "bar1" }, { S: "bar2" }] } });
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    // test_update_item_non_existent_table
    const got = await failure(() =>
      h.client.send(
        new UpdateItemCommand({
          TableName: "non-existent",
          Key: { forum_name: { S: "LOLCat Forum" } },
          UpdateExpression: "set Body=:Body",
          ExpressionAttributeValues: { ":Body": { S: "" } },
        }),
      ),
    );
    expect(got).toBe("ResourceNotFoundException: Requested resource not found");
  });
});

describe("Batches and transactions", () => {
  it("answers ResourceNotFoundException for a missing table", async () => {
    // test_batch_get_item_non_existing_table, test_batch_write_item_non_existing_table
    const notFound = "ResourceNotFoundException: Requested resource not found";
    expect(await failure(() => h.client.send(new BatchGetItemCommand({ RequestItems: { "my-table": { Keys: [{ id: { N: "0" } }] } } })))).toBe(notFound);
    expect(await failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { "my-table": [{ PutRequest: { Item: {} } }] } })))).toBe(notFound);
  });

  it("refuses a batch naming one key twice", async () => {
    // test_batch_items_should_throw_exception_for_duplicate_request
    const item = { pk: { S: "test_dupe" } };
    const duplicates = validation("Provided list of item keys contains duplicates");
    expect(await failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [base]: [0, 1].map(() => ({ PutRequest: { Item: item } })) } })))).toBe(
      duplicates,
    );
    expect(await failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [base]: [0, 1].map(() => ({ DeleteRequest: { Key: item } })) } })))).toBe(
      duplicates,
    );
  });

  it("refuses two operations on one item, and two operations in one entry", async () => {
    // test_multiple_transactions_on_same_item
    const updateEmail = (email: string) => ({
      Update: {
        Key: { pk: { S: "foo" } },
        TableName: base,
        UpdateExpression: "SET #e = :v",
        ExpressionAttributeNames: { "#e": "email_address" },
        ExpressionAttributeValues: { ":v": { S: email } },
      },
    });
    expect(await failure(() => h.client.send(new TransactWriteItemsCommand({ TransactItems: [updateEmail("a@x"), updateEmail("b@x")] })))).toBe(
      validation("Transaction request cannot include multiple operations on one item"),
    );
    // test_transact_write_items_multiple_operations_fail
    expect(
      await failure(() =>
        h.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [{ Put: { Item: { pk: { S: "test" } }, TableName: base }, Delete: { Key: { pk: { S: "test" } }, TableName: base } }],
          }),
        ),
      ),
    ).toBe(validation("TransactItems can only contain one of Check, Put, Update or Delete"));
  });
});

describe("ReturnValuesOnConditionCheckFailure (TestReturnValuesOnConditionCheckFailure, @aws_verified)", () => {
  const stored = { pk: { S: "the-key" }, subject: { S: "123" }, body: { S: "some test msg" } };
  beforeAll(async () => {
    await h.client.send(new PutItemCommand({ TableName: base, Item: stored }));
  });
  const requests = (returnOld: boolean) => {
    const extra = returnOld ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" } : {};
    return [
      ["PutItem", { TableName: base, Item: { pk: { S: "the-key" }, bar: { S: "quuz" } }, ConditionExpression: "attribute_not_exists(body)", ...extra }],
      [
        "UpdateItem",
        {
          TableName: base,
          Key: { pk: { S: "the-key" } },
          UpdateExpression: "set #lock = :lock",
          ExpressionAttributeNames: { "#lock": "lock" },
          ExpressionAttributeValues: { ":lock": { S: "sth" } },
          ConditionExpression: "attribute_exists(#lock)",
          ...extra,
        },
      ],
      [
        "DeleteItem",
        { TableName: base, Key: { pk: { S: "the-key" } }, ExpressionAttributeNames: { "#lock": "lock" }, ConditionExpression: "attribute_exists(#lock)", ...extra },
      ],
    ] as const;
  };

  it("answers the lowercase message without the item", async () => {
    for (const [action, body] of requests(false)) {
      expect(await raw(action, body)).toEqual({
        status: 400,
        json: { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" },
      });
    }
  });

  it("answers the item and no lowercase message with ALL_OLD", async () => {
    for (const [action, body] of requests(true)) {
      const { status, json } = await raw(action, body);
      expect(status).toBe(400);
      expect(json.message).toBeUndefined();
      expect(json.Message).toBe("The conditional request failed");
      expect(json.Item).toEqual(stored);
    }
  });
});

describe("ExpressionAttributeValues keys (test_scan_with_missing_value, @aws_verified)", () => {
  it("refuses a key without its colon in Scan and Query", async () => {
    const text = validation('ExpressionAttributeValues contains invalid key: Syntax error; key: "loc"');
    expect(await failure(() => h.client.send(new ScanCommand({ TableName: base, FilterExpression: "attr = loc", ExpressionAttributeValues: { loc: { S: "sth" } } })))).toBe(
      text,
    );
    expect(
      await failure(() => h.client.send(new QueryCommand({ TableName: base, KeyConditionExpression: "attr = loc", ExpressionAttributeValues: { loc: { S: "sth" } } }))),
    ).toBe(text);
  });
});

describe("Keys not matching the schema (test_provide_range_key_against_table_without_range_key, @aws_verified)", () => {
  it("refuses an extra key attribute in GetItem, DeleteItem and UpdateItem", async () => {
    const mismatch = validation("The provided key element does not match the schema");
    const Key = { pk: { S: "pk" }, sk: { S: "sk" } };
    expect(await failure(() => h.client.send(new GetItemCommand({ TableName: base, Key })))).toBe(mismatch);
    expect(await failure(() => h.client.send(new DeleteItemCommand({ TableName: base, Key })))).toBe(mismatch);
    expect(
      await failure(() =>
        h.client.send(
          new UpdateItemCommand({
            TableName: base,
            Key: { pk: { S: "x" }, ReceivedTime: { S: "12/9/2011 11:36:03 PM" } },
            UpdateExpression: "set body=:New",
            ExpressionAttributeValues: { ":New": { S: "hello" } },
          }),
        ),
      ),
    ).toBe(mismatch);
  });
});

describe("DeleteTable (test_delete_table)", () => {
  it("refuses a table with deletion protection", async () => {
    const name = await create({
      AttributeDefinitions: [{ AttributeName: "client", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "client", KeyType: "HASH" }],
      ProvisionedThroughput: { ReadCapacityUnits: 123, WriteCapacityUnits: 123 },
      DeletionProtectionEnabled: true,
    });
    // moto words it "Table '<name>' can't be deleted while DeletionProtectionEnabled is set to True";
    // real DynamoDB's text is this one (nubo-db/dynoxide#46, aws-bench/aws-bench#41).
    expect(await failure(() => h.client.send(new DeleteTableCommand({ TableName: name })))).toBe(
      validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."),
    );
  });
});
