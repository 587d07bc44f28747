/**
 * PartiQL (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) as suites recorded
 * against real DynamoDB answer it, each case naming its recording: LocalStack's
 * AWS-validated snapshots (tests/aws/services/dynamodb/test_dynamodb.snapshot.json), moto's
 * @aws_verified tests (tests/test_dynamodb/test_dynamodb_statements.py) and the paritysuite /
 * nubo-db conformance suites (tests/tier2/partiql, tests/tier3/error-messages, captured on
 * DynamoDB in eu-west-2 and re-checked in other regions).
 */
import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  DynamoDBServiceException,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
  type ExecuteStatementCommandInput,
  type KeySchemaElement,
  type ScalarAttributeType,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, type Harness } from "./helpers.js";

type Item = Record<string, AttributeValue>;

let h: Harness;
let counter = 0;

/** A table name PartiQL reads unquoted (letters, digits, underscores), unique per test. */
function plainName(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

async function createTable(name: string, hash: [string, ScalarAttributeType], range?: [string, ScalarAttributeType]): Promise<string> {
  const keys: [string, ScalarAttributeType][] = range ? [hash, range] : [hash];
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      KeySchema: keys.map(([AttributeName], i): KeySchemaElement => ({ AttributeName, KeyType: i === 0 ? "HASH" : "RANGE" })),
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  return name;
}

function run(Statement: string, extra: Omit<ExecuteStatementCommandInput, "Statement"> = {}) {
  return h.client.send(new ExecuteStatementCommand({ Statement, ...extra }));
}

async function rows(Statement: string, Parameters?: AttributeValue[]): Promise<Item[]> {
  return (await run(Statement, { Parameters, ConsistentRead: true })).Items ?? [];
}

async function put(TableName: string, Item: Item): Promise<void> {
  await h.client.send(new PutItemCommand({ TableName, Item }));
}

async function stored(TableName: string, Key: Item): Promise<Item | undefined> {
  return (await h.client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
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

async function refused(Statement: string, message: string, Parameters?: AttributeValue[]): Promise<void> {
  const error = await rejection(() => run(Statement, { Parameters }));
  expect(`${error.name}: ${error.message}`).toBe(`ValidationException: ${message}`);
}

/** "1:<column>:<length>" of the first `token` at or after `from`, as DynamoDB places it. */
function at(statement: string, token: string, length = token.length, from = 0): string {
  return `1:${statement.indexOf(token, from) + 1}:${length}`;
}

beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

describe("LocalStack's AWS-validated snapshots", () => {
  // test_dynamodb_execute_transaction: a transaction of writes answers an empty Responses list.
  it("runs a transaction of INSERTs into an unquoted table, answering Responses: []", async () => {
    const table = await createTable(plainName("table"), ["Username", "S"]);
    const result = await h.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO ${table} VALUE {'Username': 'user01'}` },
          { Statement: `INSERT INTO ${table} VALUE {'Username': 'user02'}` },
        ],
      }),
    );
    expect(result.Responses).toEqual([]);
    const scan = await h.client.send(new ScanCommand({ TableName: table }));
    expect(scan.Count).toBe(2);
    expect(scan.Items?.map((item) => item.Username.S).sort()).toEqual(["user01", "user02"]);
  });

  // test_dynamodb_batch_execute_statement: each write answers its TableName alone.
  it("runs a batch of an INSERT and an UPDATE, answering each with its TableName", async () => {
    const table = await createTable(plainName("test_table"), ["Username", "S"]);
    await put(table, { Username: { S: "user02" } });
    const result = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO ${table} VALUE {'Username': 'user01'}` },
          { Statement: `UPDATE ${table} SET Age=20 WHERE Username='user02'` },
        ],
      }),
    );
    expect(result.Responses).toEqual([{ TableName: table }, { TableName: table }]);
    expect(await stored(table, { Username: { S: "user02" } })).toEqual({ Age: { N: "20" }, Username: { S: "user02" } });
    expect(await stored(table, { Username: { S: "user01" } })).toEqual({ Username: { S: "user01" } });
  });

  // test_dynamodb_partiql_missing: IS [NOT] MISSING in a SELECT that scans.
  it("filters a scan with IS NOT MISSING and IS MISSING", async () => {
    const table = await createTable(plainName("table_with_stream"), ["Username", "S"]);
    await run(`INSERT INTO ${table} VALUE {'Username': 'Alice123', 'FirstName':'Alice'}`);
    expect((await run(`SELECT * FROM ${table} WHERE FirstName IS NOT MISSING`)).Items).toEqual([
      { FirstName: { S: "Alice" }, Username: { S: "Alice123" } },
    ]);
    expect((await run(`SELECT * FROM ${table} WHERE FirstName IS MISSING`)).Items).toEqual([]);
  });
});

describe("moto's @aws_verified statements (test_dynamodb_statements.py)", () => {
  const item1: Item = {
    pk: { S: "msg1" },
    body: { S: "some text" },
    nested_attrs: { M: { some: { S: "key" } } },
    price: { N: "123.4" },
    list_attrs: { L: [{ BOOL: true }, { BOOL: false }] },
    bool_attr: { BOOL: true },
  };
  const item2: Item = { pk: { S: "msg2" }, body: { S: "n/a" }, unique_key: { S: "key" } };

  async function withItems(): Promise<string> {
    const table = await createTable(plainName("t"), ["pk", "S"]);
    await put(table, item1);
    await put(table, item2);
    return table;
  }

  // test_execute_statement_select_star, _with_quoted_table.
  it("reads every item, the table name quoted or not", async () => {
    const table = await withItems();
    for (const name of [table, `"${table}"`]) {
      const items = (await run(`select * from ${name}`)).Items ?? [];
      expect(items).toHaveLength(2);
      expect(items).toContainEqual(item1);
      expect(items).toContainEqual(item2);
    }
  });

  // test_execute_statement_select_attr: an item without the projected attribute answers {}.
  it("answers an empty map for an item that lacks every projected attribute", async () => {
    const table = await withItems();
    const items = (await run(`select unique_key from ${table}`)).Items ?? [];
    expect(items).toHaveLength(2);
    expect(items).toContainEqual({});
    expect(items).toContainEqual({ unique_key: { S: "key" } });
  });

  // test_execute_statement_with_parameter, _with_no_results.
  it("binds the key as a parameter, and answers [] for a key with no item", async () => {
    const table = await withItems();
    expect((await run(`select * from ${table} where pk = ?`, { Parameters: [{ S: "msg1" }] })).Items).toEqual([item1]);
    expect((await run(`select pk from ${table} where pk = ?`, { Parameters: [{ S: "msg1" }] })).Items).toEqual([{ pk: { S: "msg1" } }]);
    expect((await run(`select * from ${table} where pk = ?`, { Parameters: [{ S: "msg3" }] })).Items).toEqual([]);
  });

  // test_insert_data, test_update_data, test_delete_data.
  it("inserts nested literals, updates with SET and REMOVE, deletes by key", async () => {
    const table = await withItems();
    expect((await run(`INSERT INTO "${table}" value {'pk': 'msg3'}`)).Items).toEqual([]);
    await run(`INSERT INTO "${table}" value {'pk': 'msg4', 'attr':{'sth': ['other']}}`);
    expect(await stored(table, { pk: { S: "msg4" } })).toEqual({ pk: { S: "msg4" }, attr: { M: { sth: { L: [{ S: "other" }] } } } });

    await run(`UPDATE "${table}" SET body='other' WHERE pk='msg1'`);
    await run(`UPDATE "${table}" SET new_attr='asdf' WHERE pk='msg1'`);
    expect((await stored(table, { pk: { S: "msg1" } }))?.new_attr).toEqual({ S: "asdf" });
    await run(`UPDATE "${table}" REMOVE new_attr WHERE pk='msg1'`);
    expect(await stored(table, { pk: { S: "msg1" } })).toEqual({ ...item1, body: { S: "other" } });

    await run(`DELETE FROM "${table}" WHERE pk='msg1'`);
    expect(await stored(table, { pk: { S: "msg1" } })).toBeUndefined();
  });

  // test_execute_statement_with_all_clauses.
  it("combines contains, OR, comparisons, IS NOT MISSING and attribute_type in one scan", async () => {
    const table = await createTable(plainName("t"), ["pk", "S"]);
    const S = (value: string) => ({ S: value });
    const N = (value: string) => ({ N: value });
    await put(table, { pk: S("0"), NameLower: S("lambda"), DescriptionLower: S("run code in under 15 minutes"), Price: N("2E-7"), Category: S("free"), FreeTier: N("1E+6") });
    await put(table, { pk: S("1"), NameLower: S("auto scaling"), DescriptionLower: S("automatically scale the number of ec2 instances with demand"), Price: N("0"), Category: S("free"), FreeTier: { NULL: true } });
    await put(table, { pk: S("2"), NameLower: S("ec2"), DescriptionLower: S("servers in the cloud"), Price: N("7.2"), Category: S("trial") });
    await put(table, { pk: S("3"), NameLower: S("config"), DescriptionLower: S("audit the configuration of aws resources"), Price: N("0.003"), Category: S("paid") });
    const statement =
      `SELECT pk FROM "${table}" WHERE (contains("NameLower", 'code') OR contains("DescriptionLower", 'code')) AND Category = 'free' ` +
      `AND Price >= 0 AND Price <= 1 AND FreeTier IS NOT MISSING AND attribute_type("FreeTier", 'N')`;
    expect((await run(statement)).Items).toEqual([{ pk: { S: "0" } }]);
  });
});

describe("number literals and comments (paritysuite tier2/partiql/grammar, recorded on DynamoDB)", () => {
  let numbers: string;
  let strings: string;
  let ordered: string;

  beforeAll(async () => {
    numbers = await createTable(plainName("hashN"), ["pk", "N"]);
    strings = await createTable(plainName("hash"), ["pk", "S"]);
    ordered = await createTable(plainName("compositeN"), ["pk", "S"], ["sk", "N"]);
    for (const n of ["7310000", "7.3", "-7.3"]) await put(numbers, { pk: { N: n }, tag: { S: "grammar" } });
    for (const s of ["pq-grammar-a", "pq-grammar-b", "pq-grammar-c"]) await put(strings, { pk: { S: s }, tag: { S: "grammar" } });
    for (const n of ["1", "2", "3"]) await put(ordered, { pk: { S: "pq-grammar-order" }, sk: { N: n } });
  });

  it("matches a key written with an exponent, in every spelling", async () => {
    for (const literal of ["7.31e6", "7.31E6", "7.31e+6", "731e4", "73100000e-1"]) {
      expect(await rows(`SELECT * FROM "${numbers}" WHERE pk = ${literal}`), literal).toEqual([{ pk: { N: "7310000" }, tag: { S: "grammar" } }]);
    }
  });

  it("matches numbers with no leading digit, signed or not", async () => {
    expect((await rows(`SELECT * FROM "${numbers}" WHERE pk = .73e1`)).map((item) => item.pk)).toEqual([{ N: "7.3" }]);
    expect((await rows(`SELECT * FROM "${numbers}" WHERE pk = -.73e1`)).map((item) => item.pk)).toEqual([{ N: "-7.3" }]);
  });

  it("stores the number an exponent or a bare fraction denotes", async () => {
    await run(`INSERT INTO "${numbers}" VALUE {'pk': 7.32e6, 'tag': 'grammar'}`);
    await run(`INSERT INTO "${numbers}" VALUE {'pk': .7325e1, 'tag': 'grammar'}`);
    expect(await stored(numbers, { pk: { N: "7320000" } })).toBeDefined();
    expect(await stored(numbers, { pk: { N: "7.325" } })).toBeDefined();
  });

  it("skips line and block comments wherever they stand, the WHERE clause kept in force", async () => {
    const one = async (statement: string, pk: string) => expect((await rows(statement)).map((item) => item.pk.S), statement).toEqual([pk]);
    await one(`SELECT * FROM "${strings}" WHERE pk = 'pq-grammar-a' -- a note`, "pq-grammar-a");
    await one(`SELECT * FROM "${strings}" -- a note\nWHERE pk = 'pq-grammar-b'`, "pq-grammar-b");
    await one(`-- a note\nSELECT * FROM "${strings}" WHERE pk = 'pq-grammar-a'`, "pq-grammar-a");
    await one(`SELECT * FROM "${strings}" /* a note */ WHERE pk = 'pq-grammar-c'`, "pq-grammar-c");
    await one(`SELECT * FROM "${strings}" WHERE pk = 'pq-grammar-c' /* a note */`, "pq-grammar-c");
  });

  it("orders a partition by a number sort key, DESC and ASC", async () => {
    const sortKeys = async (direction: string) => (await rows(`SELECT * FROM "${ordered}" WHERE pk = 'pq-grammar-order' ORDER BY sk ${direction}`)).map((item) => item.sk.N);
    expect(await sortKeys("DESC")).toEqual(["3", "2", "1"]);
    expect(await sortKeys("ASC")).toEqual(["1", "2", "3"]);
  });

  it("refuses a leftover alias on INSERT and writes nothing", async () => {
    await refused(`INSERT INTO "${numbers}" VALUE {'pk': 7330000} foo`, "Statement wasn't well formed, can't be processed: Unexpected token after expression");
    expect(await stored(numbers, { pk: { N: "7330000" } })).toBeUndefined();
  });
});

describe("functions DynamoDB refuses (paritysuite tier3/error-messages/partiqlFunctions, recorded on DynamoDB)", () => {
  let table: string;
  const ITEM = "pq-fn-msg";

  beforeAll(async () => {
    table = await createTable(plainName("hash"), ["pk", "S"]);
    await put(table, { pk: { S: ITEM }, ss: { SS: ["a", "b", "c"] }, s: { S: "str" }, m: { M: { inner: { SS: ["x"] } } } });
  });

  it("names EXISTS(path) in a WHERE clause an unrecognized function, at its position", async () => {
    const statement = `SELECT * FROM "${table}" WHERE pk = '${ITEM}' AND EXISTS(ss)`;
    await refused(statement, `Unrecognized function: exists at ${at(statement, "EXISTS")}`);
  });

  it("names set_add in a WHERE clause an unrecognized function, and an unsupported data type in an INSERT", async () => {
    const where = `SELECT * FROM "${table}" WHERE pk = '${ITEM}' AND set_add(ss, <<'x'>>) = ss`;
    await refused(where, `Unrecognized function: set_add at ${at(where, "set_add")}`);
    const insert = `INSERT INTO "${table}" VALUE {'pk': 'pq-fn-msg-insert', 'ss': set_add(<<'a'>>, <<'b'>>)}`;
    await refused(insert, `Unsupported data type: set_add under key root at ${at(insert, "set_add")}`);
    expect(await stored(table, { pk: { S: "pq-fn-msg-insert" } })).toBeUndefined();
  });

  it("places the second-argument error of set_delete on its first argument", async () => {
    const statement = `UPDATE "${table}" SET ss = set_delete(ss, 'a') WHERE pk = '${ITEM}'`;
    await refused(statement, `The second argument to SET_DELETE must be a value with type SET at ${at(statement, "ss", 2, statement.indexOf("set_delete("))}`);
  });

  it("refuses set_add of a mismatched member type as UpdateItem does", async () => {
    await refused(`UPDATE "${table}" SET ss = set_add(ss, <<1>>) WHERE pk = '${ITEM}'`, "An operand in the update expression has an incorrect data type");
    await refused(`UPDATE "${table}" SET s = set_add(s, <<'x'>>) WHERE pk = '${ITEM}'`, "An operand in the update expression has an incorrect data type");
  });

  it("refuses attribute_exists on a SELECT's WHERE inside a transaction and a batch for want of the key", async () => {
    const statement = `SELECT * FROM "${table}" WHERE pk = '${ITEM}' AND attribute_exists(ss)`;
    const error = await rejection(() => h.client.send(new ExecuteTransactionCommand({ TransactStatements: [{ Statement: statement }] })));
    expect(error.message).toBe("Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.");
    const batch = await h.client.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: statement }] }));
    expect(batch.Responses).toEqual([
      { Error: { Code: "ValidationError", Message: "Select statements within BatchExecuteStatement must specify the primary key in the where clause." } },
    ]);
  });
});

describe("OR branches with a negated sort key condition (paritysuite tier2/partiql/whereOverlap, recorded on DynamoDB)", () => {
  let table: string;
  const PK = "pq-overlap";

  beforeAll(async () => {
    table = await createTable(plainName("composite"), ["pk", "S"], ["sk", "S"]);
    for (const sk of ["1", "2", "3"]) await put(table, { pk: { S: PK }, sk: { S: sk } });
  });

  async function sortKeys(where: string): Promise<string[]> {
    return (await rows(`SELECT * FROM "${table}" WHERE ${where}`)).map((item) => item.sk.S ?? "").sort();
  }

  it.each([
    ["NOT sk = ...", `pk = '${PK}' AND NOT sk = '1'`, ["2", "3"]],
    ["sk <> ...", `pk = '${PK}' AND sk <> '1'`, ["2", "3"]],
    ["NOT begins_with", `pk = '${PK}' AND NOT begins_with(sk, 'x')`, ["1", "2", "3"]],
    ["NOT sk IN", `pk = '${PK}' AND NOT sk IN ['1', '3']`, ["2"]],
    ["NOT sk > ...", `pk = '${PK}' AND NOT sk > '5'`, ["1", "2", "3"]],
  ])("runs a branch with %s beside an equality branch, answering the union", async (_label, left, expected) => {
    expect(await sortKeys(`${left} OR pk = '${PK}' AND sk = '2'`)).toEqual(expected);
  });

  it("runs a bare partition branch beside one with a negated sort key", async () => {
    expect(await sortKeys(`pk = '${PK}' OR pk = '${PK}' AND NOT sk = '1'`)).toEqual(["1", "2", "3"]);
  });
});

describe("number parameters (paritysuite tier3/error-messages/partiqlParameterNumbers, recorded on DynamoDB)", () => {
  const UNCONVERTIBLE = "The parameter cannot be converted to a numeric value";
  let table: string;

  beforeAll(async () => {
    table = await createTable(plainName("composite"), ["pk", "S"], ["sk", "S"]);
  });

  it("refuses an exponent beyond 32 bits in every position, echoing it", async () => {
    const positions = [
      `SELECT * FROM "${table}" WHERE pk = 'pq-pn' AND n = ?`,
      `INSERT INTO "${table}" VALUE {'pk': 'pq-pn-insert', 'sk': 's', 'n': ?}`,
      `UPDATE "${table}" SET n = ? WHERE pk = 'pq-pn' AND sk = 's'`,
      `SELECT * FROM "${table}" WHERE pk = ?`,
    ];
    for (const statement of positions) {
      await refused(statement, `${UNCONVERTIBLE}: 1e-2147483648`, [{ N: "1e-2147483648" }]);
      // Inside 32 bits the magnitude check wraps: 1e2147483647 reads as an underflow.
      await refused(statement, "Number underflow. Attempting to store a number with magnitude smaller than supported range", [{ N: "1e2147483647" }]);
    }
  });

  it("answers the first problem in document order when a parameter is also too deep", async () => {
    let deep: AttributeValue = { S: "leaf" };
    for (let i = 0; i < 40; i++) deep = { M: { n: deep } };
    const pair = `SELECT * FROM "${table}" WHERE pk = 'pq-pn' AND x = ? AND y = ?`;
    await refused(pair, "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit", [deep, { N: "abc" }]);
    await refused(pair, `${UNCONVERTIBLE}: abc`, [{ N: "abc" }, deep]);
    const batch = await h.client.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: pair, Parameters: [{ N: "abc" }, deep] }] }));
    expect(batch.Responses).toEqual([{ Error: { Code: "ValidationError", Message: `${UNCONVERTIBLE}: abc` } }]);
  });
});

describe("comparing non-scalar values (paritysuite tier2/partiql/comparison, recorded on DynamoDB)", () => {
  let table: string;
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const stored: [string, AttributeValue][] = [
    ["SS", { SS: ["a", "b", "c"] }],
    ["BS", { BS: [bytes(1, 2), bytes(3, 4)] }],
    ["L", { L: [{ S: "a" }, { S: "b" }] }],
    ["M", { M: { x: { N: "1" }, y: { N: "2" } } }],
    ["B", { B: bytes(1, 2, 3) }],
  ];

  beforeAll(async () => {
    table = await createTable(plainName("hash"), ["pk", "S"]);
    for (const [type, val] of stored) await put(table, { pk: { S: `pq-cmp-${type}` }, val });
  });

  async function matches(type: string, value: AttributeValue, operator = "="): Promise<boolean> {
    return (await rows(`SELECT pk FROM "${table}" WHERE pk = ? AND val ${operator} ?`, [{ S: `pq-cmp-${type}` }, value])).length === 1;
  }

  it("compares sets and maps by content, lists by order, and <> as the complement", async () => {
    expect(await matches("SS", { SS: ["c", "a", "b"] })).toBe(true);
    expect(await matches("BS", { BS: [bytes(3, 4), bytes(1, 2)] })).toBe(true);
    expect(await matches("M", { M: { y: { N: "2" }, x: { N: "1" } } })).toBe(true);
    expect(await matches("L", { L: [{ S: "b" }, { S: "a" }] })).toBe(false);
    expect(await matches("SS", { SS: ["a", "b", "d"] }, "<>")).toBe(true);
    expect(await matches("SS", { SS: ["a", "b", "c"] }, "<>")).toBe(false);
  });

  it("orders binary by its bytes", async () => {
    expect(await matches("B", { B: bytes(1, 2, 4) }, "<")).toBe(true);
    expect(await matches("B", { B: bytes(1, 2, 4) }, ">")).toBe(false);
  });

  it("refuses an unordered operand to every ordering operator as written, BETWEEN included", async () => {
    const statement = (condition: string) => `SELECT pk FROM "${table}" WHERE pk = 'pq-cmp-B' AND ${condition}`;
    for (const operator of ["<", "<=", ">", ">="]) {
      await refused(statement(`val ${operator} ?`), `Incorrect operand type for operator or function; operator or function: ${operator}, operand type: BOOL`, [{ BOOL: true }]);
    }
    const error = await rejection(() => run(statement("val BETWEEN ? AND ?"), { Parameters: [{ BOOL: true }, { BOOL: false }] }));
    expect(error.message).toContain("operator or function: BETWEEN");
    // Equality takes every type the ordering operators refuse.
    expect(await matches("B", { L: [{ S: "a" }] }, "<>")).toBe(true);
  });
});

describe("write responses and the FROM-first UPDATE (paritysuite tier2/partiql/writeResponses and fromFirstUpdate, recorded on DynamoDB)", () => {
  let table: string;

  beforeAll(async () => {
    table = await createTable(plainName("hash"), ["pk", "S"]);
    for (const pk of ["pq-wr-tx-a", "pq-wr-tx-c", "pq-ff-tx", "pq-ff-batch", "pq-ff-lower"]) await put(table, { pk: { S: pk }, a: { N: "1" } });
  });

  it("answers a transaction of writes with Responses: [] beside the capacity asked for", async () => {
    const result = await h.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO "${table}" VALUE {'pk': 'pq-wr-tx-new'}` },
          { Statement: `DELETE FROM "${table}" WHERE pk = 'pq-wr-tx-c'` },
          { Statement: `UPDATE "${table}" SET a = 3 WHERE pk = 'pq-wr-tx-a'` },
        ],
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(result.Responses).toEqual([]);
    expect(result.ConsumedCapacity?.map((entry) => entry.TableName)).toEqual([table]);
  });

  it("answers a DELETE that finds no item with Items: []", async () => {
    expect((await run(`DELETE FROM "${table}" WHERE pk = 'pq-wr-never-written'`)).Items).toEqual([]);
  });

  it("runs FROM … WHERE … SET in lower case, in a transaction and in a batch", async () => {
    await run(`from "${table}" where pk = 'pq-ff-lower' set e = 4`);
    await h.client.send(new ExecuteTransactionCommand({ TransactStatements: [{ Statement: `FROM "${table}" WHERE pk = 'pq-ff-tx' SET c = 1` }] }));
    const batch = await h.client.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: `FROM "${table}" WHERE pk = 'pq-ff-batch' SET c = 1` }] }));
    expect(batch.Responses).toEqual([{ TableName: table }]);
    expect((await stored(table, { pk: { S: "pq-ff-lower" } }))?.e).toEqual({ N: "4" });
    expect((await stored(table, { pk: { S: "pq-ff-tx" } }))?.c).toEqual({ N: "1" });
    expect((await stored(table, { pk: { S: "pq-ff-batch" } }))?.c).toEqual({ N: "1" });
  });
});

describe("BatchExecuteStatement members (nubo-db tier2/partiql/batchExecuteStatement, recorded on DynamoDB)", () => {
  it("answers a member that does not parse in its place, running its siblings", async () => {
    const table = await createTable(plainName("hash"), ["pk", "S"]);
    await put(table, { pk: { S: "batch-parse-ok" }, data: { S: "valid" } });
    const result = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SLECT * FROM "${table}" WHERE pk = 'batch-parse-ok'` },
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'batch-parse-ok'` },
        ],
      }),
    );
    expect(result.Responses).toEqual([
      { Error: { Code: "ValidationError", Message: "Statement wasn't well formed, can't be processed: Expected data manipulation" } },
      { TableName: table, Item: { pk: { S: "batch-parse-ok" }, data: { S: "valid" } } },
    ]);
  });
});

describe("NextToken", () => {
  // aws/aws-sdk-js-v3#4424 quotes DynamoDB's answer to a token from another statement.
  it("refuses a token carried to a different statement", async () => {
    const table = await createTable(plainName("hash"), ["pk", "S"]);
    for (const pk of ["a", "b", "c"]) await put(table, { pk: { S: pk } });
    const first = await run(`SELECT * FROM "${table}"`, { Limit: 1 });
    expect(first.NextToken).toBeDefined();
    const error = await rejection(() => run(`SELECT pk FROM "${table}"`, { NextToken: first.NextToken }));
    expect(`${error.name}: ${error.message}`).toBe("ValidationException: NextToken does not match request");
  });
});
