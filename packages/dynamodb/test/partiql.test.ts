import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  DynamoDBServiceException,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type ExecuteStatementCommandInput,
} from "@aws-sdk/client-dynamodb";
import { ExecuteStatementCommand as DocExecuteStatementCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "../src/engine/partiql/prepare.js";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";

let h: Harness;
let T: string; // pk S
let C: string; // pk S, sk N; GSI byStatus (status S, KEYS_ONLY); LSI byRank (pk, rank N, INCLUDE note)
let N: string; // pk N

beforeAll(async () => {
  h = await startDynamoDb();
  T = tableName("pq");
  C = tableName("pqc");
  N = tableName("pqn");
  await h.client.send(
    new CreateTableCommand({
      TableName: T,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await h.client.send(
    new CreateTableCommand({
      TableName: C,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
        { AttributeName: "status", AttributeType: "S" },
        { AttributeName: "rank", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byStatus",
          KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "byRank",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "rank", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["note"] },
        },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await h.client.send(
    new CreateTableCommand({
      TableName: N,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "N" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  for (let sk = 1; sk <= 5; sk++) {
    await h.client.send(
      new PutItemCommand({
        TableName: C,
        Item: {
          pk: { S: "p1" },
          sk: { N: String(sk) },
          status: { S: sk % 2 === 0 ? "even" : "odd" },
          rank: { N: String(10 - sk) },
          note: { S: `note-${sk}` },
          secret: { S: `secret-${sk}` },
        },
      }),
    );
  }
  await h.client.send(new PutItemCommand({ TableName: C, Item: { pk: { S: "p2" }, sk: { N: "1" }, status: { S: "odd" } } }));
});
afterAll(() => h.close());

function run(Statement: string, extra: Omit<ExecuteStatementCommandInput, "Statement"> = {}) {
  return h.client.send(new ExecuteStatementCommand({ Statement, ...extra }));
}

async function rejection(send: () => Promise<unknown>): Promise<DynamoDBServiceException> {
  try {
    await send();
  } catch (error) {
    if (error instanceof DynamoDBServiceException) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

async function expectError(statement: string, name: string, message: string, extra: Omit<ExecuteStatementCommandInput, "Statement"> = {}) {
  const error = await rejection(() => run(statement, extra));
  expect(error.name).toBe(name);
  expect(error.message).toBe(message);
}

async function stored(table: string, key: Record<string, AttributeValue>) {
  const { Item } = await h.client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return Item;
}

describe("ExecuteStatement INSERT", () => {
  it("stores an item written as a PartiQL literal, numbers normalized and bags as sets", async () => {
    const res = await run(
      `INSERT INTO "${T}" VALUE {'pk': 'ins-1', 'n': 1.50, 'e': 7.31e2, 'neg': -.5, 'b': TRUE, 'z': NULL, ` +
        `'m': {'k': [1, 'two']}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2.5>>, 'q': 'it''s'}`,
    );
    expect(res.Items).toEqual([]);
    expect(await stored(T, { pk: { S: "ins-1" } })).toEqual({
      pk: { S: "ins-1" },
      n: { N: "1.5" },
      e: { N: "731" },
      neg: { N: "-0.5" },
      b: { BOOL: true },
      z: { NULL: true },
      m: { M: { k: { L: [{ N: "1" }, { S: "two" }] } } },
      ss: { SS: ["a", "b"] },
      ns: { NS: ["1", "2.5"] },
      q: { S: "it's" },
    });
  });

  it("binds ? parameters, also through lib-dynamodb's document client", async () => {
    await h.doc.send(
      new DocExecuteStatementCommand({
        Statement: `INSERT INTO "${T}" VALUE {'pk': ?, 'tags': ?, 'count': ?}`,
        Parameters: ["ins-doc", ["x", "y"], 3],
      }),
    );
    const res = await h.doc.send(new DocExecuteStatementCommand({ Statement: `SELECT * FROM "${T}" WHERE pk = ?`, Parameters: ["ins-doc"] }));
    expect(res.Items).toEqual([{ pk: "ins-doc", tags: ["x", "y"], count: 3 }]);
  });

  it("refuses a key that exists with DuplicateItemException", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'ins-dup'}`);
    await expectError(`INSERT INTO "${T}" VALUE {'pk': 'ins-dup', 'x': 1}`, "DuplicateItemException", "Duplicate primary key exists in table");
    expect(await stored(T, { pk: { S: "ins-dup" } })).toEqual({ pk: { S: "ins-dup" } });
  });

  it("refuses an item without its key, and a value that is not a struct", async () => {
    await expectError(`INSERT INTO "${C}" VALUE {'pk': 'x'}`, "ValidationException", "One or more parameter values were invalid: Missing the key sk in the item");
    await expectError(
      `INSERT INTO "${T}" VALUE ['pk']`,
      "ValidationException",
      "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.",
    );
  });

  it("reports literal problems with DynamoDB's messages and paths", async () => {
    await expectError(`INSERT INTO "${N}" VALUE {'pk': 970006, 'm': {'x': 1e126}}`, "ValidationException",
      "Number overflow. Attempting to store a number with magnitude larger than supported range under root.x");
    await expectError(`INSERT INTO "${N}" VALUE {'pk': 970007, 'l': [1, 1e126]}`, "ValidationException",
      "Number overflow. Attempting to store a number with magnitude larger than supported range under root[1]");
    await expectError(`INSERT INTO "${T}" VALUE {'pk': 'bag', 's': <<>>}`, "ValidationException", "Empty bags are not supported");
    await expectError(`INSERT INTO "${T}" VALUE {'pk': 'bag', 's': <<1, 'a'>>}`, "ValidationException",
      "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
    await expectError(`INSERT INTO "${T}" VALUE {'pk': 'bag', 's': <<'a', 'a'>>}`, "ValidationException",
      "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
    const statement = `INSERT INTO "${T}" VALUE {'pk': 'lit', 'm': {'k': ?}}`;
    await expectError(statement, "ValidationException", `Unsupported data type: Parameter under key root.k at 1:${statement.indexOf("?") + 1}:1`, {
      Parameters: [{ S: "v" }],
    });
  });
});

describe("ExecuteStatement UPDATE", () => {
  beforeAll(async () => {
    await h.client.send(
      new PutItemCommand({
        TableName: T,
        Item: {
          pk: { S: "upd" },
          n: { N: "5" },
          l: { L: [{ N: "1" }] },
          ss: { SS: ["a", "b"] },
          gone: { S: "x" },
          m: { M: { inner: { S: "y" } } },
        },
      }),
    );
  });

  it("applies SET, arithmetic, list_append, set_add, set_delete and REMOVE in one statement", async () => {
    const res = await run(
      `UPDATE "${T}" SET n = n + 2 SET l = list_append(l, [2, 3]) SET ss = set_add(ss, <<'c'>>) ` +
        `SET ss2 = set_add(ss2, <<'z'>>), "m"."k" = ? REMOVE gone WHERE pk = 'upd'`,
      { Parameters: [{ S: "new" }] },
    );
    expect(res.Items).toEqual([]);
    const item = await stored(T, { pk: { S: "upd" } });
    expect(item?.n).toEqual({ N: "7" });
    expect(item?.l).toEqual({ L: [{ N: "1" }, { N: "2" }, { N: "3" }] });
    expect(item?.ss?.SS?.sort()).toEqual(["a", "b", "c"]);
    expect(item?.ss2).toEqual({ SS: ["z"] });
    expect(item?.m).toEqual({ M: { inner: { S: "y" }, k: { S: "new" } } });
    expect(item?.gone).toBeUndefined();
    await run(`UPDATE "${T}" SET ss2 = set_delete(ss2, <<'z'>>) SET n=n-- note\n- 1 WHERE pk = 'upd'`);
    const after = await stored(T, { pk: { S: "upd" } });
    expect(after?.ss2).toBeUndefined();
    expect(after?.n).toEqual({ N: "6" });
  });

  it("returns what RETURNING asks for", async () => {
    const newer = await run(`UPDATE "${T}" SET r = 1 WHERE pk = 'upd' RETURNING ALL NEW *`);
    expect(newer.Items?.[0]?.r).toEqual({ N: "1" });
    expect(newer.Items?.[0]?.pk).toEqual({ S: "upd" });
    const modifiedOld = await run(`UPDATE "${T}" SET r = 2 WHERE pk = 'upd' RETURNING MODIFIED OLD *`);
    expect(modifiedOld.Items).toEqual([{ r: { N: "1" } }]);
    const modifiedNew = await run(`UPDATE "${T}" REMOVE r WHERE pk = 'upd' RETURNING MODIFIED NEW *`);
    expect(modifiedNew.Items).toEqual([]);
  });

  it("treats the rest of the WHERE clause as a condition, and a missing item as a failed one", async () => {
    await run(`UPDATE "${T}" SET c = 1 WHERE pk = 'upd' AND n = 6 AND attribute_exists(l)`);
    expect((await stored(T, { pk: { S: "upd" } }))?.c).toEqual({ N: "1" });
    await expectError(`UPDATE "${T}" SET c = 2 WHERE pk = 'upd' AND n = 99`, "ConditionalCheckFailedException", "The conditional request failed");
    await expectError(`UPDATE "${T}" SET c = 2 WHERE pk = 'upd-missing'`, "ConditionalCheckFailedException", "The conditional request failed");
    expect(await stored(T, { pk: { S: "upd-missing" } })).toBeUndefined();
  });

  it("returns the item with a failed condition when ReturnValuesOnConditionCheckFailure is ALL_OLD", async () => {
    const error = await rejection(() =>
      run(`UPDATE "${T}" SET c = 3 WHERE pk = 'upd' AND n = 0`, { ReturnValuesOnConditionCheckFailure: "ALL_OLD" }),
    );
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect((error as unknown as { Item?: Record<string, AttributeValue> }).Item?.pk).toEqual({ S: "upd" });
  });

  it("supports the FROM-first form", async () => {
    await run(`FROM "${T}" WHERE pk = ? SET ff = 1`, { Parameters: [{ S: "upd" }] });
    expect((await stored(T, { pk: { S: "upd" } }))?.ff).toEqual({ N: "1" });
    await expectError(`FROM "${T}" SET c = 1`, "ValidationException", "Where clause does not contain a mandatory equality on all key attributes");
  });

  it("refuses a WHERE clause that does not name one item", async () => {
    await expectError(`UPDATE "${C}" SET a = 1 WHERE pk = 'p1'`, "ValidationException", "Where clause does not contain a mandatory equality on all key attributes");
    await expectError(`UPDATE "${C}" SET a = 1 WHERE pk = 'p1' OR sk = 1`, "ValidationException", "Where clause does not contain a mandatory equality on all key attributes");
    await expectError(`UPDATE "${C}" SET a = 1 WHERE pk = 'p1' AND sk = 1 AND pk = 'p2'`, "ValidationException",
      "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported");
    await expectError(`UPDATE "${C}"."byStatus" SET a = 1 WHERE pk = 'p1' AND sk = 1`, "ValidationException", "This operation is not supported on an index");
  });

  it("reports misused set functions and operand types as DynamoDB does", async () => {
    const prefix = `UPDATE "${T}" SET t = `;
    await expectError(`${prefix}set_add(ss, <<'x'>>) WHERE pk = 'upd'`, "ValidationException",
      `The first argument to SET_ADD must equal the assignment value at 1:${prefix.length + 1}:7`);
    const second = `UPDATE "${T}" SET ss = set_add(ss, 'x') WHERE pk = 'upd'`;
    await expectError(second, "ValidationException",
      `The second argument to SET_ADD must be a value with type SET at 1:${second.indexOf("set_add(") + 9}:2`);
    await expectError(`UPDATE "${T}" SET ss = set_add(ss, <<1>>) WHERE pk = 'upd'`, "ValidationException",
      "An operand in the update expression has an incorrect data type");
    await expectError(`UPDATE "${T}" SET n = 'a' + 1 WHERE pk = 'upd' AND nope = 'x'`, "ValidationException",
      "Incorrect operand type for operator or function; operator or function: +, operand type: S");
    await expectError(`UPDATE "${T}" SET nol = list_append(nol, [1]) WHERE pk = 'upd'`, "ValidationException",
      "The provided expression refers to an attribute that does not exist in the item");
  });
});

describe("ExecuteStatement DELETE", () => {
  it("deletes by key, returns the old item when asked, and is a no-op on a missing item", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'del-1', 'a': 1}`);
    const res = await run(`DELETE FROM "${T}" WHERE pk = 'del-1' RETURNING ALL OLD *`);
    expect(res.Items).toEqual([{ pk: { S: "del-1" }, a: { N: "1" } }]);
    expect(await stored(T, { pk: { S: "del-1" } })).toBeUndefined();
    expect((await run(`DELETE FROM "${T}" WHERE pk = 'del-1'`)).Items).toEqual([]);
    expect((await run(`DELETE FROM "${T}" WHERE pk = 'del-1' AND a = 1`)).Items).toEqual([]);
  });

  it("fails its condition on an item that does not meet it", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'del-2', 'a': 1}`);
    await expectError(`DELETE FROM "${T}" WHERE pk = 'del-2' AND a = 2`, "ConditionalCheckFailedException", "The conditional request failed");
    expect(await stored(T, { pk: { S: "del-2" } })).toBeDefined();
  });

  it("allows only RETURNING ALL OLD *", async () => {
    await expectError(`DELETE FROM "${T}" WHERE pk = 'x' RETURNING ALL NEW *`, "ValidationException",
      "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
  });
});

describe("ExecuteStatement SELECT", () => {
  const sks = (items: Record<string, AttributeValue>[] | undefined) => (items ?? []).map((i) => i.sk?.N);

  it("reads one partition, narrowed by sort key conditions and filtered by the rest", async () => {
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1'`)).Items)).toEqual(["1", "2", "3", "4", "5"]);
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1' AND sk BETWEEN 2 AND 4`)).Items)).toEqual(["2", "3", "4"]);
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1' AND sk > 3`)).Items)).toEqual(["4", "5"]);
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1' AND sk <> 3 AND status = 'odd'`)).Items)).toEqual(["1", "5"]);
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1' AND sk IN [1, 5]`)).Items)).toEqual(["1", "5"]);
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1' AND (sk < 2 OR sk > 4)`)).Items)).toEqual(["1", "5"]);
  });

  it("scans with the WHERE clause as a filter when no partition is pinned", async () => {
    const res = await run(`SELECT pk, sk FROM "${C}" WHERE status = 'odd' AND sk = 1`);
    expect((res.Items ?? []).map((i) => i.pk.S).sort()).toEqual(["p1", "p2"]);
  });

  it("orders by the sort key, and across partitions by the partition key", async () => {
    expect(sks((await run(`SELECT * FROM "${C}" WHERE pk = 'p1' ORDER BY sk DESC`)).Items)).toEqual(["5", "4", "3", "2", "1"]);
    const both = await run(`SELECT pk, sk FROM "${C}" WHERE pk IN ['p1', 'p2'] ORDER BY pk DESC, sk ASC`);
    expect((both.Items ?? []).map((i) => `${i.pk.S}/${i.sk.N}`)).toEqual(["p2/1", "p1/1", "p1/2", "p1/3", "p1/4", "p1/5"]);
    await expectError(`SELECT * FROM "${C}" ORDER BY sk`, "ValidationException", "Must have WHERE clause in the statement when using ORDER BY clause.");
    await expectError(`SELECT * FROM "${C}" WHERE pk = 'p1' ORDER BY note`, "ValidationException",
      "Attribute note in ORDER BY clause must be part of the primary key");
    await expectError(`SELECT * FROM "${C}" WHERE pk IN ['p1', 'p2'] ORDER BY sk`, "ValidationException",
      "Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.");
  });

  it("pages with Limit and NextToken, bound to the statement", async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const res = await run(`SELECT * FROM "${C}" WHERE pk = 'p1'`, { Limit: 2, NextToken });
      seen.push(...sks(res.Items).map(String));
      NextToken = res.NextToken;
      pages++;
    } while (NextToken !== undefined && pages < 10);
    expect(seen).toEqual(["1", "2", "3", "4", "5"]);
    const first = await run(`SELECT * FROM "${C}" WHERE pk IN ['p1', 'p2']`, { Limit: 5 });
    expect(first.Items).toHaveLength(5);
    const second = await run(`SELECT * FROM "${C}" WHERE pk IN ['p1', 'p2']`, { Limit: 5, NextToken: first.NextToken });
    expect(second.Items?.map((i) => i.pk.S)).toEqual(["p2"]);
    await expectError(`SELECT * FROM "${C}"`, "ValidationException", "NextToken does not match request", { NextToken: first.NextToken });
    await expectError(`SELECT * FROM "${C}"`, "ValidationException", "Invalid NextToken", { NextToken: "not a token" });
  });

  it("projects paths under their last name", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'proj', 'm': {'k': ['c', 'd']}, 'a': {'b': 1}}`);
    const res = await run(`SELECT m.k[1], a.b, missing_one FROM "${T}" WHERE pk = 'proj'`);
    expect(res.Items).toEqual([{ "k[1]": { S: "d" }, b: { N: "1" } }]);
  });

  it("evaluates PartiQL's functions and IS tests", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'fn', 's': 'str', 'ss': <<'a', 'b'>>, 'nul': NULL, 'flag': TRUE}`);
    const keys = async (condition: string) =>
      ((await run(`SELECT pk FROM "${T}" WHERE pk = 'fn' AND ${condition}`)).Items ?? []).length;
    expect(await keys("attribute_exists(ss)")).toBe(1);
    expect(await keys("ATTRIBUTE_NOT_EXISTS(nope)")).toBe(1);
    expect(await keys("begins_with(s, 'st')")).toBe(1);
    expect(await keys("contains(ss, 'b')")).toBe(1);
    expect(await keys("size(s) = 3")).toBe(1);
    expect(await keys("attribute_type(ss, 'SS')")).toBe(1);
    expect(await keys("nope IS MISSING AND s IS NOT MISSING")).toBe(1);
    expect(await keys("nul IS NULL AND s IS NOT NULL AND flag IS BOOLEAN AND s IS STRING")).toBe(1);
    expect(await keys("nope IS NULL")).toBe(0);
    expect(await keys("attribute_exists(nope) = false")).toBe(1);
    expect(await keys("s IN ['x', 'str'] AND NOT s = 'x'")).toBe(1);
    expect(await keys("s != 'str'")).toBe(0);
  });

  it("reads through a secondary index", async () => {
    const gsi = await run(`SELECT * FROM "${C}"."byStatus" WHERE status = 'even'`);
    expect(sks(gsi.Items).sort()).toEqual(["2", "4"]);
    expect(Object.keys(gsi.Items?.[0] ?? {}).sort()).toEqual(["pk", "sk", "status"]);
    const lsi = await run(`SELECT sk, secret FROM "${C}"."byRank" WHERE pk = 'p1' AND rank > 7`, { ConsistentRead: true });
    expect(lsi.Items).toEqual([
      { sk: { N: "2" }, secret: { S: "secret-2" } },
      { sk: { N: "1" }, secret: { S: "secret-1" } },
    ]);
    await expectError(`SELECT * FROM "${C}"."byStatus" WHERE status = 'even'`, "ValidationException",
      "Strongly consistent read is not supported on Global Secondary Indexes", { ConsistentRead: true });
    await expectError(`SELECT note FROM "${C}"."byStatus" WHERE status = 'even'`, "ValidationException",
      "One or more parameter values were invalid: Global secondary index byStatus does not project [note]");
    await expectError(`SELECT * FROM "${C}"."nope" WHERE pk = 'p1'`, "ValidationException", "The table does not have the specified index");
  });

  it("refuses overlapping key conditions and too many decomposed reads", async () => {
    await expectError(`SELECT * FROM "${C}" WHERE pk = 'p1' AND (sk > 1 OR sk < 3)`, "ValidationException",
      "Overlapping conditions with range keys are not supported in where clause");
    const many = Array.from({ length: 51 }, (_, i) => `'v${i}'`).join(", ");
    await expectError(`SELECT * FROM "${C}" WHERE pk IN [${many}]`, "ValidationException", "Too many decomposed read operations for a given query.");
    await expectError(`SELECT * FROM "${C}" WHERE pk = 1`, "ValidationException",
      "Key attribute's data type should match its data type in table's schema: Key pk");
  });

  it("refuses ordering comparisons of unordered types", async () => {
    await expectError(`SELECT pk FROM "${T}" WHERE pk = 'x' AND val < ?`, "ValidationException",
      "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL", { Parameters: [{ BOOL: true }] });
  });
});

describe("ExecuteStatement errors", () => {
  it("wraps syntax errors as DynamoDB does", async () => {
    await expectError(`SELECT * FROM "${N}" WHERE pk = 1 foo`, "ValidationException", `${NOT_WELL_FORMED}Unexpected token after expression`);
    await expectError(`SELECT * FROM "${T}" WHERE`, "ValidationException", `${NOT_WELL_FORMED}Unexpected term`);
    await expectError(`SELECT * FROM "${T}" WHERE pk = 'a' AND`, "ValidationException",
      `${NOT_WELL_FORMED}Missing right-hand side expression of infix operator`);
    await expectError(`SELECT * FROM "${T}" WHERE ORDER BY pk`, "ValidationException", `${NOT_WELL_FORMED}Unexpected keyword`);
    await expectError(`SELECT * FROM "${T}" WHERE pk = LIKE`, "ValidationException", `${NOT_WELL_FORMED}Unexpected operator`);
    await expectError("DELETE FROM WHERE pk = 'a'", "ValidationException", `${NOT_WELL_FORMED}Expected identifier for simple path`);
    await expectError(`SELECT * FROM "${T}" WHERE pk = 'a' AND x IS FOO`, "ValidationException", `${NOT_WELL_FORMED}Expected type name`);
    await expectError(`SELECT * FROM "${T}" WHERE pk = 'a' # note`, "ValidationException", NOT_WELL_FORMED);
    await expectError(`SELECT * FROM "${N}" WHERE pk = 1e2147483648`, "ValidationException", NOT_WELL_FORMED);
    await expectError(`SELECT * FROM "${T}" WHERE attribute_exists(m.inner)`, "ValidationException", `${NOT_WELL_FORMED}Invalid path dot component`);
    await expectError(`SELECT * FROM "${T}" t WHERE pk = 'x'`, "ValidationException", "Aliasing is not supported");
    await expectError("x IS INT4", "ValidationException", "Unsupported operation: IsType");
  });

  it("skips comments", async () => {
    const res = await run(`-- first\nSELECT/**/pk FROM "${T}" /* the table */ WHERE pk = 'proj'; -- done`);
    expect(res.Items).toEqual([{ pk: { S: "proj" } }]);
  });

  it("checks parameters before the statement, then their number", async () => {
    await expectError(`UPDATE "${T}" SET WHERE`, "ValidationException",
      "One or more parameter values were invalid: Input collection [a, a] contains duplicates.", { Parameters: [{ SS: ["a", "a"] }] });
    await expectError(`SELECT * FROM "${T}" WHERE pk = 'a' AND n = ?`, "ValidationException",
      "The parameter cannot be converted to a numeric value: 1e99999999999", { Parameters: [{ N: "1e99999999999" }] });
    await expectError(`SELECT * FROM "${T}" WHERE pk = ?`, "ValidationException", "Number of parameters in request and statement don't match.");
    await expectError(`SELECT * FROM "${T}" WHERE pk = ?`, "ValidationException", "Number of parameters in request and statement don't match.", {
      Parameters: [{ S: "a" }, { S: "b" }],
    });
  });

  it("answers a missing table with ResourceNotFoundException", async () => {
    await expectError(`SELECT * FROM "no-such-table" WHERE pk = 'a'`, "ResourceNotFoundException", "Requested resource not found");
    await expectError(`INSERT INTO "no-such-table" VALUE {'pk': 'a'}`, "ResourceNotFoundException", "Requested resource not found");
  });

  it("refuses EXISTS outside a transaction", async () => {
    await expectError(`EXISTS(SELECT * FROM "${T}" WHERE pk = 'a' AND x = 1)`, "ValidationException",
      "EXISTS can only be used in ExecuteTransaction write requests.");
  });
});

describe("BatchExecuteStatement", () => {
  it("reads items by full key, one response per statement", async () => {
    const res = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT sk, note FROM "${C}" WHERE pk = 'p1' AND sk = 2` },
          { Statement: `SELECT * FROM "${C}" WHERE pk = ? AND sk = ?`, Parameters: [{ S: "p1" }, { N: "99" }] },
          { Statement: `SELECT * FROM "${C}" WHERE pk = 'p1'` },
          { Statement: `SELECT * FROM "no-such-table" WHERE pk = 'p1'` },
          { Statement: `SELECT * FROM "${C}" WHERE` },
        ],
      }),
    );
    expect(res.Responses).toEqual([
      { TableName: C, Item: { sk: { N: "2" }, note: { S: "note-2" } } },
      { TableName: C },
      // Refused before it reached its table: no TableName (nubo-db/dynamodb-conformance, captured from DynamoDB).
      { Error: { Code: "ValidationError", Message: "Select statements within BatchExecuteStatement must specify the primary key in the where clause." } },
      { Error: { Code: "ResourceNotFound", Message: "Requested resource not found" } },
      { Error: { Code: "ValidationError", Message: `${NOT_WELL_FORMED}Unexpected term` } },
    ]);
  });

  it("writes each statement on its own and reports the ones that fail", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'b-dup'}`);
    await run(`INSERT INTO "${T}" VALUE {'pk': 'b-upd'}`);
    const res = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'b-new'}` },
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'b-dup'}` },
          { Statement: `UPDATE "${T}" SET a = 1 WHERE pk = 'b-absent'` },
          { Statement: `UPDATE "${T}" SET a = 1 WHERE pk = 'b-upd' RETURNING ALL NEW *` },
        ],
      }),
    );
    expect(res.Responses).toEqual([
      { TableName: T },
      { TableName: T, Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" } },
      { TableName: T, Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" } },
      { TableName: T, Item: { pk: { S: "b-upd" }, a: { N: "1" } } },
    ]);
    expect(await stored(T, { pk: { S: "b-new" } })).toBeDefined();
  });

  it("refuses two statements on one item", async () => {
    const error = await rejection(() =>
      h.client.send(
        new BatchExecuteStatementCommand({
          Statements: [{ Statement: `DELETE FROM "${T}" WHERE pk = 'b-same'` }, { Statement: `INSERT INTO "${T}" VALUE {'pk': 'b-same'}` }],
        }),
      ),
    );
    expect(error.message).toBe("Provided list of item keys contains duplicates");
  });

  it("refuses reads and writes together", async () => {
    const error = await rejection(() =>
      h.client.send(
        new BatchExecuteStatementCommand({
          Statements: [{ Statement: `SELECT * FROM "${T}" WHERE pk = 'a'` }, { Statement: `DELETE FROM "${T}" WHERE pk = 'a'` }],
        }),
      ),
    );
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("Read and write requests together in the same batch is not supported.");
  });
});

describe("ExecuteTransaction", () => {
  it("writes every statement or none", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'tx-a', 'n': 1}`);
    const ok = await h.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `UPDATE "${T}" SET n = n + 1 WHERE pk = 'tx-a'` },
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'tx-b'}` },
        ],
      }),
    );
    expect(ok.Responses).toEqual([]);
    expect((await stored(T, { pk: { S: "tx-a" } }))?.n).toEqual({ N: "2" });

    const error = await rejection(() =>
      h.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `UPDATE "${T}" SET n = 100 WHERE pk = 'tx-a'` },
            { Statement: `INSERT INTO "${T}" VALUE {'pk': 'tx-b'}` },
            { Statement: `DELETE FROM "${T}" WHERE pk = 'tx-c' AND n = 1` },
          ],
        }),
      ),
    );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [None, DuplicateItem, None]");
    expect((error as unknown as { CancellationReasons: unknown }).CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" },
      { Code: "None" },
    ]);
    expect((await stored(T, { pk: { S: "tx-a" } }))?.n).toEqual({ N: "2" });
  });

  it("checks a condition with EXISTS", async () => {
    await run(`INSERT INTO "${T}" VALUE {'pk': 'tx-guard', 'open': TRUE}`);
    await h.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `EXISTS(SELECT * FROM "${T}" WHERE pk = 'tx-guard' AND "open" = TRUE)` },
          { Statement: `UPDATE "${T}" SET touched = 1 WHERE pk = 'tx-a'` },
        ],
      }),
    );
    expect((await stored(T, { pk: { S: "tx-a" } }))?.touched).toEqual({ N: "1" });
    const error = await rejection(() =>
      h.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `EXISTS(SELECT * FROM "${T}" WHERE pk = 'tx-guard' AND closed IS NOT MISSING)` },
            { Statement: `UPDATE "${T}" SET touched = 2 WHERE pk = 'tx-a'` },
          ],
        }),
      ),
    );
    expect(error.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]");
  });

  it("reads items by full key", async () => {
    const res = await h.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `SELECT n FROM "${T}" WHERE pk = 'tx-a'` },
          { Statement: `SELECT * FROM "${T}" WHERE pk = 'tx-none'` },
        ],
      }),
    );
    expect(res.Responses).toEqual([{ Item: { n: { N: "2" } } }, {}]);
  });

  it("cancels on a missing table or a statement that names no single item", async () => {
    const error = await rejection(() =>
      h.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `UPDATE "no-such-table" SET a = 1 WHERE pk = 'x'` },
            { Statement: `UPDATE "${C}" SET a = 1 WHERE pk = 'p1'` },
            { Statement: `UPDATE "${T}" SET a = 1 WHERE pk = 'tx-a'` },
          ],
        }),
      ),
    );
    expect((error as unknown as { CancellationReasons: unknown }).CancellationReasons).toEqual([
      { Code: "ResourceNotFound", Message: "Requested resource not found" },
      { Code: "ValidationError", Message: "The provided key element does not match the schema" },
      { Code: "None" },
    ]);
  });

  it("refuses what a transaction cannot do, naming the statement", async () => {
    const message = async (statements: string[]) => {
      const error = await rejection(() =>
        h.client.send(new ExecuteTransactionCommand({ TransactStatements: statements.map((Statement) => ({ Statement })) })),
      );
      return error.message;
    };
    expect(await message([`SELECT * FROM "${T}" WHERE pk = 'a'`, `DELETE FROM "${T}" WHERE pk = 'a'`])).toBe(
      "ExecuteTransaction API does not support both read and write operations in the same request.",
    );
    expect(await message([`UPDATE "${T}" SET a = 1 WHERE pk = 'a' RETURNING ALL NEW *`])).toBe(
      "Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.",
    );
    expect(await message([`SELECT * FROM "${C}"."byStatus" WHERE status = 'odd'`])).toBe(
      "Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.",
    );
    expect(await message([`SELECT * FROM "${T}" WHERE pk = 'a' AND x = 1`])).toBe(
      "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.",
    );
    expect(await message([`SELECT * FROM "${T}" WHERE`])).toBe(`Validation failed in TransactStatements[0]: ${NOT_WELL_FORMED}Unexpected term`);
    expect(await message([`EXISTS(SELECT * FROM "${T}" WHERE pk = 'a')`, `DELETE FROM "${T}" WHERE pk = 'b'`])).toBe(
      "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition",
    );
  });

  it("replays a ClientRequestToken instead of writing twice", async () => {
    const send = (n: number) =>
      h.client.send(
        new ExecuteTransactionCommand({
          ClientRequestToken: "partiql-token-1",
          TransactStatements: [{ Statement: `UPDATE "${T}" SET n = n + ? WHERE pk = 'tx-a'`, Parameters: [{ N: String(n) }] }],
        }),
      );
    const before = Number((await stored(T, { pk: { S: "tx-a" } }))?.n?.N);
    await send(10);
    await send(10);
    expect((await stored(T, { pk: { S: "tx-a" } }))?.n).toEqual({ N: String(before + 10) });
    const error = await rejection(() => send(11));
    expect(error.name).toBe("IdempotentParameterMismatchException");
  });
});

describe("PartiQL as DynamoDB reads it (cases captured from DynamoDB)", () => {
  let E: string; // pk S, sk S
  let G: string; // pk S; GSI gsi-inc (gsiPk S, INCLUDE projattr)
  beforeAll(async () => {
    E = tableName("pqe");
    G = tableName("pqg");
    await h.client.send(
      new CreateTableCommand({
        TableName: E,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await h.client.send(
      new CreateTableCommand({
        TableName: G,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "gsiPk", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: "gsi-inc",
            KeySchema: [{ AttributeName: "gsiPk", KeyType: "HASH" }],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["projattr"] },
          },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    for (const sk of ["1", "2", "3"]) {
      await h.client.send(
        new PutItemCommand({
          TableName: E,
          Item: { pk: { S: "r" }, sk: { S: sk }, n: { N: "1" }, flag: { S: "right" }, yes: { BOOL: true } },
        }),
      );
    }
    await h.client.send(
      new PutItemCommand({ TableName: G, Item: { pk: { S: "p" }, gsiPk: { S: "y" }, projattr: { S: "proj1" }, nonproj: { S: "np1" } } }),
    );
  });

  const count = async (where: string) => ((await run(`SELECT sk FROM "${E}" WHERE pk = 'r' AND ${where}`)).Items ?? []).length;

  it("compares conditions with truth values", async () => {
    for (const holds of [
      "attribute_exists(nope) = false",
      "true = attribute_exists(n)",
      "attribute_exists(n) <> 1",
      "(n BETWEEN 0 AND 5) = true",
      "(n = 5 OR flag = 'x') = false",
      "attribute_exists(nope) IN [true, false]",
      "attribute_exists(n) = attribute_exists(flag)",
      "attribute_exists(n) = yes",
    ]) {
      expect(await count(holds), holds).toBe(3);
    }
    for (const fails of ["attribute_exists(n) = 1", "NOT attribute_exists(n) = true", "(attribute_exists(n) = true) = false", "attribute_exists(n) = flag"]) {
      expect(await count(fails), fails).toBe(0);
    }
    await expectError(`SELECT sk FROM "${E}" WHERE pk = 'r' AND attribute_exists(n) > false`, "ValidationException",
      "Incorrect operand type for operator or function; operator or function: >, operand type: BOOL");
  });

  it("reads OR branches with a negated sort key condition, and folds signs into numbers", async () => {
    const sks = async (where: string) =>
      ((await run(`SELECT sk FROM "${E}" WHERE ${where}`)).Items ?? []).map((i) => i.sk.S).sort();
    expect(await sks("pk = 'r' AND NOT sk = '1' OR pk = 'r' AND sk = '2'")).toEqual(["2", "3"]);
    expect(await sks("pk = 'r' AND NOT sk IN ['1', '3'] OR pk = 'r' AND sk = '2'")).toEqual(["2"]);
    expect(await sks("pk = 'r' OR pk = 'r' AND NOT sk = '1'")).toEqual(["1", "2", "3"]);
    expect(await count("n = - - 1")).toBe(3);
    expect(await count("n > -/* c */-1")).toBe(0);
    await expectError(`SELECT * FROM "${E}" WHERE pk IN ['r', 'r']`, "ValidationException",
      "Overlapping conditions with range keys are not supported in where clause");
  });

  it("checks an index read's filter against the index projection", async () => {
    const gsi = (where: string) => run(`SELECT pk FROM "${G}"."gsi-inc" WHERE ${where}`);
    const refused = "One or more parameter values were invalid: Secondary index gsi-inc does not project one or more filter attributes: ";
    await expectError(`SELECT pk FROM "${G}"."gsi-inc" WHERE gsiPk='y' AND b='1' AND (a='2' OR projattr='3')`, "ValidationException", `${refused}[a, b]`);
    await expectError(`SELECT pk FROM "${G}"."gsi-inc" WHERE (gsiPk='b' AND u1='1') OR (gsiPk='q' AND u2='1')`, "ValidationException", `${refused}[u2]`);
    expect((await gsi("gsiPk='y' AND (projattr='proj1' OR projattr='proj2')")).Items).toEqual([{ pk: { S: "p" } }]);
    // Without a partition key the index is scanned, and its filter sees only what it projects.
    expect((await gsi("nonproj='np1'")).Items).toEqual([]);
    expect((await gsi("NOT nonproj='np1'")).Items).toEqual([{ pk: { S: "p" } }]);
  });

  it("refuses literals and parameters nested 32 deep", async () => {
    await expectError(`UPDATE "${E}" SET d = ${"{'a':".repeat(32)}1${"}".repeat(32)} WHERE pk = 'r' AND sk = '1'`, "ValidationException",
      `Nesting Levels have exceeded supported limits under root${".a".repeat(32)}`);
    await run(`INSERT INTO "${E}" VALUE {'pk': 'nested', 'sk': '1', 'd': ${"{'a':".repeat(31)}1${"}".repeat(31)}}`);
    let deep: AttributeValue = { S: "leaf" };
    for (let i = 0; i < 40; i++) deep = { M: { n: deep } };
    await expectError(`SELECT * FROM "${E}" WHERE pk = 'x' AND a = ? AND b = ?`, "ValidationException",
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
      { Parameters: [deep, { N: "abc" }] });
    await expectError(`SELECT * FROM "${E}" WHERE pk = 'x' AND a = ? AND b = ?`, "ValidationException",
      "The parameter cannot be converted to a numeric value: abc", { Parameters: [{ N: "abc" }, deep] });
  });

  it("refuses list indexes outside 0..2^31-1 and several items in one INSERT", async () => {
    await expectError(`SELECT l[-1] FROM "${E}" WHERE pk = 'r' AND sk = '1'`, "ValidationException",
      "List index is not within the allowable range; index: [-1] at 1:11:1");
    await expectError(`INSERT INTO "${E}" VALUES ('a', 'b')`, "ValidationException",
      'Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead');
  });

  it("checks a transaction's reads for key types before it looks for repeated items", async () => {
    const read = `SELECT * FROM "${E}" WHERE pk = 'r' AND sk = '1'`;
    const error = await rejection(() =>
      h.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [read, read, `SELECT * FROM "${E}" WHERE pk = 1 AND sk = '1'`].map((Statement) => ({ Statement })),
        }),
      ),
    );
    expect(error.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ValidationError]");
    const repeated = await rejection(() =>
      h.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [read, `SELECT sk FROM "${E}" WHERE sk = '1' AND pk = 'r'`].map((Statement) => ({ Statement })),
        }),
      ),
    );
    expect(repeated.message).toBe("Transaction request cannot include multiple operations on one item");
  });

  it("parses a statement text once", () => {
    const text = `SELECT * FROM "${E}" WHERE pk = ?`;
    expect(parse(text)).toBe(parse(text));
    expect(parse(text).parameterCount).toBe(1);
  });
});
