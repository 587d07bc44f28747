/**
 * ConsumedCapacity of the PartiQL operations and of transactions on indexed tables, and the
 * PartiQL details found while comparing with captures of DynamoDB (nubo-db/dynamodb-conformance
 * tests/tier2/partiql/*, dynoxide's tests/transact_index_capacity captures).
 */
import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type ExecuteStatementCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
/** pk/sk (S); GSIs gsi-inc (gsiPk, INCLUDE proj) and gsi-all (gsiPk, ALL); LSI lsi-keys (lsiSk, KEYS_ONLY). */
let X: string;

const pad = (n: number) => "x".repeat(n);
const s = (value: string): AttributeValue => ({ S: value });

beforeAll(async () => {
  h = await startDynamoDb();
  X = await indexedTable();
});
afterAll(() => h.close());

async function indexedTable(): Promise<string> {
  const name = tableName("pqcap");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "gsiPk", AttributeType: "S" },
        { AttributeName: "lsiSk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: "gsi-inc", KeySchema: [{ AttributeName: "gsiPk", KeyType: "HASH" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["proj"] } },
        { IndexName: "gsi-all", KeySchema: [{ AttributeName: "gsiPk", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "lsi-keys",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "lsiSk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
  return name;
}

/** pk/sk table with only the GSI gsi-inc (INCLUDE proj): the transaction captures' shape, without the LSI. */
async function gsiTable(): Promise<string> {
  const name = tableName("txcap");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "gsiPk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: "gsi-inc", KeySchema: [{ AttributeName: "gsiPk", KeyType: "HASH" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["proj"] } },
      ],
    }),
  );
  return name;
}

function select(Statement: string, extra: Omit<ExecuteStatementCommandInput, "Statement"> = {}) {
  return h.client.send(new ExecuteStatementCommand({ Statement, ReturnConsumedCapacity: "INDEXES", ...extra }));
}

describe("ExecuteStatement SELECT capacity", () => {
  beforeAll(async () => {
    // Two items in one partition, ~1.5 KB each; both in gsi-all and lsi-keys.
    for (const sk of ["s1", "s2"]) {
      await h.client.send(
        new PutItemCommand({ TableName: X, Item: { pk: s("p"), sk: s(sk), gsiPk: s("g"), lsiSk: s(`l-${sk}`), proj: s("p"), big: s(pad(1500)) } }),
      );
    }
  });

  it("charges a read through a global index to the index, with a zero table share", async () => {
    const { ConsumedCapacity } = await select(`SELECT pk FROM "${X}"."gsi-all" WHERE gsiPk = 'g'`);
    // Two ~1.5 KB entries read: one 4 KB unit, halved (eventually consistent).
    expect(ConsumedCapacity).toEqual({ TableName: X, CapacityUnits: 0.5, Table: { CapacityUnits: 0 }, GlobalSecondaryIndexes: { "gsi-all": { CapacityUnits: 0.5 } } });
  });

  it("charges a local index that fetches unprojected attributes to the table too, doubled when consistent", async () => {
    const eventual = await select(`SELECT big FROM "${X}"."lsi-keys" WHERE pk = 'p'`);
    expect(eventual.Items).toHaveLength(2);
    expect(eventual.ConsumedCapacity).toEqual({
      TableName: X,
      CapacityUnits: 1.5,
      Table: { CapacityUnits: 1 },
      LocalSecondaryIndexes: { "lsi-keys": { CapacityUnits: 0.5 } },
    });
    const consistent = await select(`SELECT big FROM "${X}"."lsi-keys" WHERE pk = 'p'`, { ConsistentRead: true });
    expect(consistent.ConsumedCapacity?.Table?.CapacityUnits).toBe(2);
    expect(consistent.ConsumedCapacity?.LocalSecondaryIndexes?.["lsi-keys"]?.CapacityUnits).toBe(1);
    // Naming only projected attributes reads the index alone.
    const projected = await select(`SELECT lsiSk FROM "${X}"."lsi-keys" WHERE pk = 'p'`);
    expect(projected.ConsumedCapacity?.Table?.CapacityUnits).toBe(0);
  });

  it("sums the reads of a SELECT that decomposes into several key reads", async () => {
    const { ConsumedCapacity } = await select(`SELECT pk FROM "${X}" WHERE pk IN ['p', 'q']`, { ReturnConsumedCapacity: "TOTAL" });
    expect(ConsumedCapacity).toEqual({ TableName: X, CapacityUnits: 1 });
  });
});

describe("BatchExecuteStatement capacity", () => {
  it("charges each read on its own item size and consistency", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("a"), sk: s("1"), body: s(pad(5000)) } }));
    const { ConsumedCapacity } = await h.client.send(
      new BatchExecuteStatementCommand({
        ReturnConsumedCapacity: "TOTAL",
        Statements: [
          // 5 KB, strongly consistent: 2 units; missing item, eventually consistent: 0.5.
          { Statement: `SELECT * FROM "${name}" WHERE pk = 'a' AND sk = '1'`, ConsistentRead: true },
          { Statement: `SELECT * FROM "${name}" WHERE pk = 'zz' AND sk = '1'` },
        ],
      }),
    );
    expect(ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 2.5 }]);
  });

  it("charges each write on its size, with the index shares under INDEXES", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("u"), sk: s("1"), gsiPk: s("g"), proj: s("p") } }));
    const { ConsumedCapacity } = await h.client.send(
      new BatchExecuteStatementCommand({
        ReturnConsumedCapacity: "INDEXES",
        Statements: [
          // ~2.5 KB joining the index with a small projected entry: table 3, index 1.
          { Statement: `INSERT INTO "${name}" VALUE {'pk': 'n', 'sk': '1', 'gsiPk': 'g', 'body': ?}`, Parameters: [s(pad(2500))] },
          // An attribute outside the INCLUDE projection: the table alone.
          { Statement: `UPDATE "${name}" SET other = 1 WHERE pk = 'u' AND sk = '1'` },
        ],
      }),
    );
    expect(ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 5, Table: { CapacityUnits: 4 }, GlobalSecondaryIndexes: { "gsi-inc": { CapacityUnits: 1 } } }]);
  });

  it("adds a failed write's attempt to its table's total but to no share; all failed reports none", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("big"), sk: s("1"), body: s(pad(3000)) } }));
    const mixed = await h.client.send(
      new BatchExecuteStatementCommand({
        ReturnConsumedCapacity: "INDEXES",
        Statements: [
          { Statement: `INSERT INTO "${name}" VALUE {'pk': 'ok', 'sk': '1'}` },
          // Refused on the ~3 KB item already stored there: 3 units.
          { Statement: `INSERT INTO "${name}" VALUE {'pk': 'big', 'sk': '1'}` },
        ],
      }),
    );
    expect(mixed.ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 4, Table: { CapacityUnits: 1 } }]);
    const failed = await h.client.send(
      new BatchExecuteStatementCommand({ ReturnConsumedCapacity: "TOTAL", Statements: [{ Statement: `INSERT INTO "${name}" VALUE {'pk': 'big', 'sk': '1'}` }] }),
    );
    expect(failed.Responses?.[0].Error?.Code).toBe("DuplicateItem");
    expect(failed.ConsumedCapacity).toBeUndefined();
  });
});

describe("BatchExecuteStatement TableName on failures", () => {
  it("omits TableName on a member refused before it reached its table, keeps it on one that ran", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("d"), sk: s("1"), val: s("here") } }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("dup"), sk: s("1") } }));
    const writes = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `UPDATE "${name}" SET touched = 'yes' WHERE pk = 'd' AND sk = '1' AND val = 'wrong'` },
          { Statement: `INSERT INTO "${name}" VALUE {'pk': 'dup', 'sk': '1'}` },
          { Statement: `UPDATE "${name}" SET touched = 'yes' WHERE pk = 'e'` },
        ],
      }),
    );
    expect(writes.Responses).toEqual([
      { TableName: name, Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" } },
      { TableName: name, Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" } },
      { Error: { Code: "ValidationError", Message: "Where clause does not contain a mandatory equality on all key attributes" } },
    ]);
    const reads = await h.client.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: `SELECT * FROM "${name}" WHERE val = 'a'` }] }));
    expect(reads.Responses).toEqual([
      { Error: { Code: "ValidationError", Message: "Select statements within BatchExecuteStatement must specify the primary key in the where clause." } },
    ]);
  });
});

describe("BatchExecuteStatement ReturnValuesOnConditionCheckFailure", () => {
  it("is accepted and inert: a failed member never carries the item", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("rv"), sk: s("1"), val: s("here") } }));
    for (const ReturnValuesOnConditionCheckFailure of ["ALL_OLD", "NONE"] as const) {
      const { Responses } = await h.client.send(
        new BatchExecuteStatementCommand({
          Statements: [{ Statement: `UPDATE "${name}" SET t = 1 WHERE pk = 'rv' AND sk = '1' AND val = 'wrong'`, ReturnValuesOnConditionCheckFailure }],
        }),
      );
      expect(Responses).toEqual([{ TableName: name, Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" } }]);
    }
  });
});

describe("ExecuteTransaction capacity", () => {
  it("charges writes as TransactWriteItems does: the table twice, an index once", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("m"), sk: s("1"), gsiPk: s("g1"), proj: s(pad(1500)) } }));
    const { ConsumedCapacity } = await h.client.send(
      new ExecuteTransactionCommand({
        ReturnConsumedCapacity: "INDEXES",
        TransactStatements: [
          // A sub-1 KB index member: table 2, index 1.
          { Statement: `INSERT INTO "${name}" VALUE {'pk': 'i', 'sk': '1', 'gsiPk': 'g1'}` },
          // A ~1.5 KB index key move: table 2 x 2, index 2 + 2.
          { Statement: `UPDATE "${name}" SET gsiPk = 'g9' WHERE pk = 'm' AND sk = '1'` },
        ],
      }),
    );
    expect(ConsumedCapacity).toEqual([
      { TableName: name, CapacityUnits: 11, WriteCapacityUnits: 11, Table: { CapacityUnits: 6, WriteCapacityUnits: 6 }, GlobalSecondaryIndexes: { "gsi-inc": { CapacityUnits: 5 } } },
    ]);
  });

  it("charges reads twice a strongly consistent read of each item, missing ones included", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("r"), sk: s("1"), body: s(pad(5000)) } }));
    const { ConsumedCapacity } = await h.client.send(
      new ExecuteTransactionCommand({
        ReturnConsumedCapacity: "INDEXES",
        TransactStatements: [{ Statement: `SELECT pk FROM "${name}" WHERE pk = 'r' AND sk = '1'` }, { Statement: `SELECT pk FROM "${name}" WHERE pk = 'none' AND sk = '1'` }],
      }),
    );
    // 5 KB: 2 x 2 units; missing: 2 x 1.
    expect(ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 6, ReadCapacityUnits: 6, Table: { CapacityUnits: 6, ReadCapacityUnits: 6 } }]);
  });
});

describe("ExecuteTransaction ClientRequestToken", () => {
  it("applies once; the retry reports a transactional read instead of the write", async () => {
    const name = await gsiTable();
    await h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${name}" VALUE {'pk': 'idem', 'sk': '1', 'n': 0}` }));
    const request = {
      ClientRequestToken: "et-idem",
      ReturnConsumedCapacity: "INDEXES" as const,
      TransactStatements: [{ Statement: `UPDATE "${name}" SET n = n + 1 WHERE pk = 'idem' AND sk = '1'` }],
    };
    const first = await h.client.send(new ExecuteTransactionCommand(request));
    const retry = await h.client.send(new ExecuteTransactionCommand(request));
    const { Items } = await h.client.send(new ExecuteStatementCommand({ Statement: `SELECT n FROM "${name}" WHERE pk = 'idem' AND sk = '1'` }));
    expect(Items).toEqual([{ n: { N: "1" } }]);
    expect(first.ConsumedCapacity?.[0]).toMatchObject({ CapacityUnits: 2, WriteCapacityUnits: 2 });
    expect(first.ConsumedCapacity?.[0].ReadCapacityUnits).toBeUndefined();
    expect(retry.ConsumedCapacity?.[0]).toMatchObject({ CapacityUnits: 2, ReadCapacityUnits: 2 });
    expect(retry.ConsumedCapacity?.[0].WriteCapacityUnits).toBeUndefined();
  });
});

describe("ExecuteTransaction ClientRequestToken scope", () => {
  it("is its own: the same token in TransactWriteItems is another request", async () => {
    const name = await gsiTable();
    await h.client.send(
      new TransactWriteItemsCommand({ ClientRequestToken: "shared-token", TransactItems: [{ Put: { TableName: name, Item: { pk: s("tw"), sk: s("1") } } }] }),
    );
    await h.client.send(
      new ExecuteTransactionCommand({ ClientRequestToken: "shared-token", TransactStatements: [{ Statement: `INSERT INTO "${name}" VALUE {'pk': 'et', 'sk': '1'}` }] }),
    );
    const { Items } = await h.client.send(new ExecuteStatementCommand({ Statement: `SELECT pk FROM "${name}" WHERE pk = 'et' AND sk = '1'` }));
    expect(Items).toEqual([{ pk: s("et") }]);
  });
});

describe("TransactWriteItems index capacity (captured from DynamoDB by dynoxide)", () => {
  async function consumed(name: string, TransactItems: NonNullable<ConstructorParameters<typeof TransactWriteItemsCommand>[0]["TransactItems"]>) {
    const { ConsumedCapacity } = await h.client.send(new TransactWriteItemsCommand({ TransactItems, ReturnConsumedCapacity: "INDEXES" }));
    return ConsumedCapacity?.[0];
  }

  it("A1: a Put of an index member doubles the table share only", async () => {
    const name = await gsiTable();
    expect(await consumed(name, [{ Put: { TableName: name, Item: { pk: s("a1"), sk: s("1"), gsiPk: s("g1") } } }])).toEqual({
      TableName: name,
      CapacityUnits: 3,
      WriteCapacityUnits: 3,
      Table: { CapacityUnits: 2, WriteCapacityUnits: 2 },
      GlobalSecondaryIndexes: { "gsi-inc": { CapacityUnits: 1 } },
    });
  });

  it("B5: a Delete is sized on the stored item; A12: a ConditionCheck touches no index", async () => {
    const name = await gsiTable();
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("b5"), sk: s("1"), gsiPk: s("g1"), proj: s(pad(3000)) } }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: s("a12"), sk: s("1"), gsiPk: s("g1") } }));
    const del = await consumed(name, [{ Delete: { TableName: name, Key: { pk: s("b5"), sk: s("1") } } }]);
    expect(del).toMatchObject({ CapacityUnits: 9, Table: { CapacityUnits: 6 }, GlobalSecondaryIndexes: { "gsi-inc": { CapacityUnits: 3 } } });
    const check = await consumed(name, [{ ConditionCheck: { TableName: name, Key: { pk: s("a12"), sk: s("1") }, ConditionExpression: "attribute_exists(pk)" } }]);
    expect(check).toEqual({ TableName: name, CapacityUnits: 2, WriteCapacityUnits: 2, Table: { CapacityUnits: 2, WriteCapacityUnits: 2 } });
  });

  it("a same-token retry reports a transactional read of the items at the first call's sizes", async () => {
    const name = await gsiTable();
    const request = {
      TransactItems: [{ Put: { TableName: name, Item: { pk: s("tok"), sk: s("1"), body: s(pad(1500)) } } }],
      ClientRequestToken: "retry-capacity",
    };
    const first = await h.client.send(new TransactWriteItemsCommand({ ...request, ReturnConsumedCapacity: "INDEXES" }));
    expect(first.ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 4, WriteCapacityUnits: 4, Table: { CapacityUnits: 4, WriteCapacityUnits: 4 } }]);
    const retry = await h.client.send(new TransactWriteItemsCommand({ ...request, ReturnConsumedCapacity: "INDEXES" }));
    expect(retry.ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 2, ReadCapacityUnits: 2, Table: { CapacityUnits: 2, ReadCapacityUnits: 2 } }]);
    const silent = await h.client.send(new TransactWriteItemsCommand(request));
    expect(silent.ConsumedCapacity).toBeUndefined();
  });

  it("TOTAL folds the index shares into the sum, and names the write units", async () => {
    const name = await gsiTable();
    const { ConsumedCapacity } = await h.client.send(
      new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: name, Item: { pk: s("t"), sk: s("1"), gsiPk: s("g1") } } }], ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 3, WriteCapacityUnits: 3 }]);
  });
});

describe("PartiQL writes naming an index", () => {
  it("refuses INSERT INTO a table path, before the index or the table is looked up", async () => {
    const message = (where: string) => `ValidationException: FROM clause may only contain a single table name in data manipulation statements at ${where}`;
    expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${X}"."gsi-all" VALUE {'pk': 'w', 'sk': 'w'}` })))).toBe(
      message(`1:13:${X.length + 2}`),
    );
    expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "no-such-table"."no-such-index" VALUE {'pk': 'w'}` })))).toBe(
      message("1:13:15"),
    );
    // UPDATE and DELETE parse the qualifier and refuse it as an operation.
    expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `UPDATE "${X}"."gsi-all" SET a = 1 WHERE pk = 'p' AND sk = 's1'` })))).toBe(
      "ValidationException: This operation is not supported on an index",
    );
  });
});

describe("PartiQL index reads filtering on unprojected attributes", () => {
  beforeAll(async () => {
    await h.client.send(new PutItemCommand({ TableName: X, Item: { pk: s("f1"), sk: s("1"), gsiPk: s("gy"), proj: s("p1"), nonproj: s("np1") } }));
    await h.client.send(new PutItemCommand({ TableName: X, Item: { pk: s("f2"), sk: s("1"), gsiPk: s("gy2"), proj: s("p2") } }));
  });

  it("refuses a keyed read beside the filter, accepts one where an OR branch carries no such filter", async () => {
    expect(await failure(() => select(`SELECT pk FROM "${X}"."gsi-inc" WHERE gsiPk = 'gy' AND nonproj = 'np1'`))).toBe(
      "ValidationException: One or more parameter values were invalid: Secondary index gsi-inc does not project one or more filter attributes: [nonproj]",
    );
    // The first branch matches nothing (the index does not hold nonproj); the second returns its row.
    const { Items } = await select(`SELECT pk FROM "${X}"."gsi-inc" WHERE (gsiPk = 'gy' AND nonproj = 'np1') OR (gsiPk = 'gy2')`);
    expect(Items).toEqual([{ pk: s("f2") }]);
  });
});

describe("PartiQL order of checks", () => {
  it("refuses an aggregate in the projection before it looks the table up", async () => {
    // dynoxide's capture (eu-west-2): the COUNT rejection fires before the table-existence check.
    expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `SELECT COUNT(*) FROM "no-such-table"` })))).toBe(
      "ValidationException: Unexpected path component at 1:8:5",
    );
  });

  it("refuses an ordering comparison of an unordered operand before it looks the table up", async () => {
    // dynoxide's capture (eu-west-2): the check fires before the table is resolved.
    for (const Statement of [
      `SELECT pk FROM "no-such-table" WHERE pk = 'x' AND val < ?`,
      `UPDATE "no-such-table" SET a = 1 WHERE pk = 'x' AND val < ?`,
      `DELETE FROM "no-such-table" WHERE pk = 'x' AND val < ?`,
    ]) {
      expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement, Parameters: [{ BOOL: true }] })))).toBe(
        "ValidationException: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL",
      );
    }
    // A valid clause on a missing table is the table's own answer.
    expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "no-such-table" WHERE pk = 'x'` })))).toBe(
      "ResourceNotFoundException: Requested resource not found",
    );
  });
});
