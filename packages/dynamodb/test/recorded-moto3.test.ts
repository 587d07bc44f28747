/**
 * Update and condition expressions as moto's tests pin them down (getmoto/moto
 * tests/test_dynamodb/test_dynamodb_update_expressions.py, all @aws_verified, and
 * test_dynamodb_condition_expressions.py), replayed through the real SDK v3 clients.
 */
import { CreateTableCommand, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, ScanCommand as DocScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

/** A fresh table keyed by `pk` (S), like moto's dynamodb_aws_verified() tables. */
async function pkTable(): Promise<string> {
  const name = tableName("motoExpr");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  return name;
}

describe("UpdateExpression (test_dynamodb_update_expressions.py, @aws_verified)", () => {
  it("sets two elements of one map, and reads an expression across new lines", async () => {
    // test_update_different_map_elements_in_single_request
    const table = await pkTable();
    await h.doc.send(new PutCommand({ TableName: table, Item: { pk: "example_id", d: { hello: "h", world: "w" } } }));
    const { Attributes } = await h.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "example_id" },
        UpdateExpression: "set d.hello = :h, d.world = :w",
        ExpressionAttributeValues: { ":h": "H", ":w": "W" },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(Attributes).toEqual({ pk: "example_id", d: { hello: "H", world: "W" } });
    await h.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "example_id" },
        UpdateExpression: "\n            ADD \n              MyTotalCount :MyCount\n            ",
        ExpressionAttributeValues: { ":MyCount": 5 },
      }),
    );
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { pk: "example_id" } }))).Item?.MyTotalCount).toBe(5);
  });

  it("adds decimals and integers exactly", async () => {
    // test_update_item_add_float
    const table = await pkTable();
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "foo" }, amount: { N: "100" }, nr: { N: "5" } } }));
    const add = async (attribute: string, delta: string) => {
      await h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: "foo" } },
          UpdateExpression: `ADD ${attribute} :delta`,
          ExpressionAttributeValues: { ":delta": { N: delta } },
        }),
      );
      return (await h.client.send(new ScanCommand({ TableName: table }))).Items?.[0]?.[attribute];
    };
    expect(await add("amount", "-88.3")).toEqual({ N: "11.7" });
    expect(await add("amount", "25.41")).toEqual({ N: "37.11" });
    expect(await add("amount", "6")).toEqual({ N: "43.11" });
    expect(await add("nr", "1")).toEqual({ N: "6" });
    expect(await add("nr", "25.41")).toEqual({ N: "31.41" });
  });

  it("leaves an empty map when DELETE takes a set's last member", async () => {
    // test_delete_last_item_from_map
    const table = await pkTable();
    await h.doc.send(new PutCommand({ TableName: table, Item: { pk: "foo", map: { sset: new Set(["foo"]) } } }));
    const { Attributes } = await h.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "foo" },
        UpdateExpression: "DELETE #map.#sset :s",
        ExpressionAttributeNames: { "#map": "map", "#sset": "sset" },
        ExpressionAttributeValues: { ":s": new Set(["foo"]) },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(Attributes).toEqual({ pk: "foo", map: {} });
  });

  it("deletes from a missing set or a missing member without failing", async () => {
    // test_delete_non_existing_item
    const table = await pkTable();
    await h.doc.send(new PutCommand({ TableName: table, Item: { pk: "name" } }));
    const change = (action: "ADD" | "DELETE", member: string) =>
      h.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: "name" },
          UpdateExpression: `${action} #users :users`,
          ExpressionAttributeNames: { "#users": "users" },
          ExpressionAttributeValues: { ":users": new Set([member]) },
          ReturnValues: "ALL_NEW",
        }),
      );
    const item = async () => (await h.doc.send(new GetCommand({ TableName: table, Key: { pk: "name" } }))).Item;
    await change("DELETE", "karl");
    expect(await item()).toEqual({ pk: "name" });
    await change("ADD", "karl");
    expect(await item()).toEqual({ pk: "name", users: new Set(["karl"]) });
    await change("DELETE", "karl2");
    expect(await item()).toEqual({ pk: "name", users: new Set(["karl"]) });
    await change("DELETE", "karl");
    expect(await item()).toEqual({ pk: "name" });
  });

  it("refuses ADD of an empty set, whether or not the attribute exists", async () => {
    // test_update_item_add_empty_set (moto checks the text with `in`: the envelope may precede it)
    const table = await pkTable();
    const addEmpty = () =>
      h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: "foo" } },
          UpdateExpression: "ADD stringset :emptySet",
          ExpressionAttributeValues: { ":emptySet": { SS: [] } },
        }),
      );
    const text = "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty";
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "foo" } } }));
    let got = await failure(addEmpty);
    expect(got.startsWith("ValidationException: ") && got.includes(text), got).toBe(true);
    expect((await h.client.send(new ScanCommand({ TableName: table }))).Items).toEqual([{ pk: { S: "foo" } }]);
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "foo" }, stringset: { SS: ["item1"] } } }));
    got = await failure(addEmpty);
    expect(got.startsWith("ValidationException: ") && got.includes(text), got).toBe(true);
    expect((await h.client.send(new ScanCommand({ TableName: table }))).Items).toEqual([{ pk: { S: "foo" }, stringset: { SS: ["item1"] } }]);
  });

  it("refuses an empty ExpressionAttributeValues and an empty UpdateExpression", async () => {
    // test_update_item_with_empty_values, test_update_item_with_empty_expression (bare in moto's
    // older recording; the 2026 captures add the request envelope, see recorded-moto2.test.ts)
    const table = await pkTable();
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "foo" } } }));
    const emptyValues = await failure(() =>
      h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: "foo" } },
          UpdateExpression: "SET #d = :s",
          ExpressionAttributeNames: { "#d": "d" },
          ExpressionAttributeValues: {},
        }),
      ),
    );
    expect(emptyValues).toMatch(/^ValidationException: (1 validation error detected: )?ExpressionAttributeValues must not be empty$/);
    const emptyExpression = await failure(() =>
      h.client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "foo" } }, UpdateExpression: "" })),
    );
    expect(emptyExpression).toMatch(/^ValidationException: (1 validation error detected: )?Invalid UpdateExpression: The expression can not be empty;$/);
  });

  it("removes a list element and an attribute in one REMOVE", async () => {
    // test_update_expression_remove_list_and_attribute
    const table = await pkTable();
    const person = (name: string, surname: string): AttributeValue => ({ M: { name: { S: name }, surname: { S: surname } } });
    await h.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: "primary_key" }, user_list: { L: [person("John", "Doe"), person("Jane", "Smith")] }, some_param: { NULL: true } },
      }),
    );
    await h.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: "primary_key" } },
        UpdateExpression: "REMOVE #ulist[0], some_param",
        ExpressionAttributeNames: { "#ulist": "user_list" },
      }),
    );
    const { Item } = await h.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "primary_key" } } }));
    expect(Item).toEqual({ pk: { S: "primary_key" }, user_list: { L: [person("Jane", "Smith")] } });
  });
});

describe("ConditionExpression (test_dynamodb_condition_expressions.py)", () => {
  const conditionFailed = "ConditionalCheckFailedException: The conditional request failed";

  it("resolves names holding dots and evaluates size and contains on a nested set", async () => {
    // test_condition_expression_with_dot_in_attr_name
    const table = await pkTable();
    await h.doc.send(new PutCommand({ TableName: table, Item: { pk: "key-0", first: { "test@foo.com": { third: new Set(["VALUE"]) } } } }));
    await h.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "key-0" },
        UpdateExpression: "REMOVE #first.#second, #other",
        ExpressionAttributeNames: { "#first": "first", "#second": "test@foo.com", "#third": "third", "#other": "other" },
        ExpressionAttributeValues: { ":value": "VALUE", ":one": 1 },
        ConditionExpression: "size(#first.#second.#third) = :one AND contains(#first.#second.#third, :value)",
        ReturnValues: "ALL_NEW",
      }),
    );
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { pk: "key-0" } }))).Item).toEqual({ pk: "key-0", first: {} });
  });

  it("evaluates AND, OR, NOT, BETWEEN and IN on put, update and delete", async () => {
    // test_condition_expressions
    const table = tableName("motoCond");
    await h.client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "client", AttributeType: "S" },
          { AttributeName: "app", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "client", KeyType: "HASH" },
          { AttributeName: "app", KeyType: "RANGE" },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 123, WriteCapacityUnits: 123 },
      }),
    );
    const Item = { client: { S: "client1" }, app: { S: "app1" }, match: { S: "match" }, existing: { S: "existing" } };
    const put = (ConditionExpression?: string, names?: Record<string, string>, values?: Record<string, AttributeValue>) =>
      h.client.send(
        new PutItemCommand({
          TableName: table,
          Item,
          ...(ConditionExpression ? { ConditionExpression } : {}),
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    await put();
    const all = { "#existing": "existing", "#nonexistent": "nope", "#match": "match" };
    await put("attribute_exists(#existing) AND attribute_not_exists(#nonexistent) AND #match = :match", all, { ":match": { S: "match" } });
    await put("NOT(attribute_exists(#nonexistent1) AND attribute_exists(#nonexistent2))", { "#nonexistent1": "nope", "#nonexistent2": "nope2" });
    await put("attribute_exists(#nonexistent) OR attribute_exists(#existing)", { "#nonexistent": "nope", "#existing": "existing" });
    await put("#client BETWEEN :a AND :z", { "#client": "client" }, { ":a": { S: "a" }, ":z": { S: "z" } });
    await put("#client IN (:client1, :client2)", { "#client": "client" }, { ":client1": { S: "client1" }, ":client2": { S: "client2" } });
    expect(
      await failure(() => put("attribute_exists(#nonexistent1) AND attribute_exists(#nonexistent2)", { "#nonexistent1": "nope", "#nonexistent2": "nope2" })),
    ).toBe(conditionFailed);
    expect(
      await failure(() =>
        put("NOT(attribute_not_exists(#nonexistent1) AND attribute_not_exists(#nonexistent2))", { "#nonexistent1": "nope", "#nonexistent2": "nope2" }),
      ),
    ).toBe(conditionFailed);
    expect(
      await failure(() =>
        put("attribute_exists(#existing) AND attribute_not_exists(#nonexistent) AND #match = :match", all, { ":match": { S: "match2" } }),
      ),
    ).toBe(conditionFailed);

    const update = (client: string, ConditionExpression: string) =>
      h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { client: { S: client }, app: { S: "app1" } },
          UpdateExpression: "set #match=:match",
          ConditionExpression,
          ExpressionAttributeNames: { "#existing": "existing", "#match": "match" },
          ExpressionAttributeValues: { ":match": { S: "match" } },
        }),
      );
    await update("client1", "attribute_exists(#existing)");
    expect(await failure(() => update("client1", "attribute_not_exists(#existing)"))).toBe(conditionFailed);
    expect(await failure(() => update("client2", "attribute_exists(#existing)"))).toBe(conditionFailed);
    // moto's request also carried #match and :match, unused, which DynamoDB refuses first
    // (recorded-moto2.test.ts); the condition alone is replayed.
    const deleteFailure = await failure(() =>
      h.doc.send(
        new DeleteCommand({
          TableName: table,
          Key: { client: "client1", app: "app1" },
          ConditionExpression: "attribute_not_exists(#existing)",
          ExpressionAttributeNames: { "#existing": "existing" },
        }),
      ),
    );
    expect(deleteFailure).toBe(conditionFailed);
  });

  it("compares numbers with zero", async () => {
    // test_condition_expression_numerical_attribute
    const table = await pkTable();
    await h.doc.send(new PutCommand({ TableName: table, Item: { pk: "pk-pos", myAttr: 5 } }));
    await h.doc.send(new PutCommand({ TableName: table, Item: { pk: "pk-neg", myAttr: -5 } }));
    const bump = async (pk: string, ConditionExpression: string) => {
      await h.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk },
          UpdateExpression: "ADD myAttr :one",
          ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
          ConditionExpression,
        }),
      );
      return (await h.doc.send(new GetCommand({ TableName: table, Key: { pk } }))).Item?.myAttr;
    };
    expect(await bump("pk-pos", "myAttr > :zero")).toBe(6);
    expect(await bump("pk-pos", "myAttr >= :zero")).toBe(7);
    expect(await bump("pk-neg", "myAttr < :zero")).toBe(-4);
    expect(await bump("pk-neg", "myAttr <= :zero")).toBe(-3);
  });

  it("fails attribute_not_exists on the second write, and short-circuits OR and AND", async () => {
    // test_condition_expression__attr_doesnt_exist, __or_order, __and_order
    const table = await pkTable();
    const setOnce = () =>
      h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: "the-key" } },
          UpdateExpression: "set #new_state=:new_state, #ttl=:ttl",
          ConditionExpression: "attribute_not_exists(#new_state)",
          ExpressionAttributeNames: { "#new_state": "foobar", "#ttl": "ttl" },
          ExpressionAttributeValues: { ":new_state": { S: "some-value" }, ":ttl": { N: "12345.67" } },
          ReturnValues: "ALL_NEW",
        }),
      );
    await setOnce();
    expect(await failure(setOnce)).toBe(conditionFailed);
    const ttl = (ConditionExpression: string) =>
      h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: "other-key" } },
          UpdateExpression: "set #ttl=:ttl",
          ConditionExpression,
          ExpressionAttributeNames: { "#ttl": "ttl" },
          ExpressionAttributeValues: { ":ttl": { N: "6" }, ":old_ttl": { N: "5" } },
        }),
      );
    expect(await failure(() => ttl("attribute_exists(#ttl) AND #ttl <= :old_ttl"))).toBe(conditionFailed);
    await ttl("attribute_not_exists(#ttl) OR #ttl <= :old_ttl");
  });

  it("refuses a reserved word in the condition and leaves the item; a name placeholder works", async () => {
    // test_condition_expression_with_reserved_keyword_as_attr_name
    const table = await pkTable();
    const record = { pk: "key-0", first: { "test@foo.com": { end: new Set(["VALUE"]) } } };
    await h.doc.send(new PutCommand({ TableName: table, Item: record }));
    const names = { "#first": "first", "#second": "test@foo.com", "#other": "other" };
    const got = await failure(() =>
      h.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: "key-0" },
          UpdateExpression: "REMOVE #first.#second, #other",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ":value": "VALUE", ":one": 1 },
          ConditionExpression: "size(#first.#second.end) = :one AND contains(#first.#second.end, :value)",
          ReturnValues: "ALL_NEW",
        }),
      ),
    );
    expect(got).toMatch(/^ValidationException: (1 validation error detected: )?Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: end$/);
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { pk: "key-0" } }))).Item).toEqual(record);
    await h.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "key-0" },
        UpdateExpression: "REMOVE #first.#second, #other",
        ExpressionAttributeNames: { ...names, "#end": "end" },
        ExpressionAttributeValues: { ":value": "VALUE", ":one": 1 },
        ConditionExpression: "size(#first.#second.#end) = :one AND contains(#first.#second.#end, :value)",
      }),
    );
    expect((await h.doc.send(new DocScanCommand({ TableName: table }))).Items).toEqual([{ pk: "key-0", first: {} }]);
  });
});
