// dynamoose — the Mongoose-style modelling library — used the way its docs show: models with
// schemas that create their own tables (DescribeTable, CreateTable with a GSI, waiting for
// ACTIVE, TTL), create/get/update/delete with conditions, queries and scans built with its
// condition chain (eq, beginsWith, between, gt, in, contains, exists), pagination with startAt,
// batch operations and transactions. Every request and expression here is dynamoose's own.
import { join } from "node:path";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as dynamoose from "dynamoose";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let sandbox: RunningSandbox;
let raw: DynamoDBClient;

function models() {
  const order = dynamoose.model("Order", new dynamoose.Schema({
    customer: { type: String, hashKey: true },
    orderId: { type: String, rangeKey: true },
    status: { type: String, enum: ["new", "paid", "shipped"], default: "new", index: { name: "byStatus", type: "global", rangeKey: "total" } },
    total: { type: Number, required: true },
    lines: { type: Array, schema: [String] },
    tags: { type: Set, schema: [String] },
    address: { type: Object, schema: { city: String, zip: String } },
    gift: Boolean,
  }, { timestamps: true }));
  const session = dynamoose.model("Session", new dynamoose.Schema({ id: String, user: String }));
  new dynamoose.Table("Orders", [order], {
    throughput: "ON_DEMAND",
    waitForActive: { enabled: true, check: { timeout: 10_000, frequency: 20 } },
  });
  new dynamoose.Table("Sessions", [session], {
    throughput: { read: 2, write: 3 },
    expires: { ttl: 60_000, attribute: "expiresAt" },
    waitForActive: { enabled: true, check: { timeout: 10_000, frequency: 20 } },
  });
  return { order, session };
}

let Order: ReturnType<typeof models>["order"];
let Session: ReturnType<typeof models>["session"];

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "minimal.yaml"), port: 0, edgePort: 0, inMemory: true });
  const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  raw = new DynamoDBClient(config);
  dynamoose.aws.ddb.set(new dynamoose.aws.ddb.DynamoDB(config));
  ({ order: Order, session: Session } = models());
});

afterAll(async () => {
  raw?.destroy();
  await sandbox?.stop();
});

type Plain = Record<string, unknown>;
const plain = (item: unknown): Plain => (item as { toJSON(): Plain }).toJSON();

describe("dynamoose models against the sandbox", () => {
  it("creates its tables (GSI, on-demand, provisioned, TTL) and writes an item", async () => {
    const created = await Order.create({ customer: "c1", orderId: "o-001", total: 12, lines: ["book"], tags: new Set(["gift"]), address: { city: "Oslo", zip: "0150" } });
    expect(plain(created)).toMatchObject({ customer: "c1", status: "new", total: 12 });
    const table = await raw.send(new DescribeTableCommand({ TableName: "Orders" }));
    expect(table.Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byStatus", IndexStatus: "ACTIVE" });
    await Session.create({ id: "s1", user: "ada" });
    const ttl = await raw.send(new DescribeTimeToLiveCommand({ TableName: "Sessions" }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: "expiresAt" });
    const session = await Session.get("s1");
    // The TTL attribute is stored in epoch seconds and read back as a Date.
    expect((session as unknown as Plain).expiresAt).toBeInstanceOf(Date);
  });

  it("refuses a second create of the same key and overwrites with save()", async () => {
    await expect(Order.create({ customer: "c1", orderId: "o-001", total: 1 })).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    const item = await Order.get({ customer: "c1", orderId: "o-001" });
    expect(plain(item)).toMatchObject({ total: 12, lines: ["book"], address: { city: "Oslo", zip: "0150" } });
    expect((item as unknown as Plain).tags).toEqual(new Set(["gift"]));
    (item as unknown as Plain).gift = true;
    await item.save();
    const partial = await Order.get({ customer: "c1", orderId: "o-001" }, { attributes: ["orderId", "gift"] });
    expect(plain(partial)).toEqual({ orderId: "o-001", gift: true });
  });

  it("batch-puts, batch-gets and batch-deletes", async () => {
    const orders = Array.from({ length: 30 }, (_, i) => ({
      customer: i < 20 ? "c2" : "c3",
      orderId: `o-${String(i + 100).padStart(4, "0")}`,
      total: i * 5,
      status: ["new", "paid", "shipped"][i % 3],
    }));
    // BatchWriteItem takes 25 requests at most; dynamoose sends what it is given.
    for (const chunk of [orders.slice(0, 25), orders.slice(25)]) {
      const put = await Order.batchPut(chunk);
      expect(put.unprocessedItems).toEqual([]);
    }
    const got = await Order.batchGet([{ customer: "c2", orderId: "o-0100" }, { customer: "c3", orderId: "o-0129" }, { customer: "c9", orderId: "none" }]);
    expect(got.map((item) => plain(item).total).sort((a, b) => Number(a) - Number(b))).toEqual([0, 145]);
    expect(got.unprocessedKeys).toEqual([]);
    await Order.batchDelete([{ customer: "c3", orderId: "o-0129" }]);
    expect(await Order.get({ customer: "c3", orderId: "o-0129" })).toBeUndefined();
  });

  it("updates with $SET, $ADD, $REMOVE, $DELETE and a condition", async () => {
    const updated = await Order.update(
      { customer: "c1", orderId: "o-001" },
      { $SET: { status: "paid", address: { city: "Bergen", zip: "5003" } }, $ADD: { total: 8, lines: ["pen"], tags: ["urgent"] }, $REMOVE: ["gift"] },
      { condition: new dynamoose.Condition("status").eq("new").and().where("total").lt(100), returnValues: "ALL_NEW" },
    );
    expect(plain(updated)).toMatchObject({ status: "paid", total: 20, lines: ["book", "pen"], address: { city: "Bergen", zip: "5003" } });
    expect((updated as unknown as Plain).tags).toEqual(new Set(["gift", "urgent"]));
    expect(plain(updated)).not.toHaveProperty("gift");
    const removed = await Order.update({ customer: "c1", orderId: "o-001" }, { $DELETE: { tags: ["gift"] } });
    expect((removed as unknown as Plain).tags).toEqual(new Set(["urgent"]));
    await expect(Order.update({ customer: "c1", orderId: "o-001" }, { status: "shipped" }, { condition: new dynamoose.Condition("status").eq("new") }))
      .rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
  });

  it("queries the table with beginsWith, between, sort, filters and attributes", async () => {
    const begins = await Order.query("customer").eq("c2").where("orderId").beginsWith("o-011").exec();
    expect(begins.map((item) => plain(item).orderId)).toEqual(Array.from({ length: 10 }, (_, i) => `o-011${i}`));
    const between = await Order.query("customer").eq("c2").where("orderId").between("o-0102", "o-0105").sort("descending").exec();
    expect(between.map((item) => plain(item).orderId)).toEqual(["o-0105", "o-0104", "o-0103", "o-0102"]);
    const filtered = await Order.query("customer").eq("c2").and().where("total").ge(60).and().where("status").in(["paid", "shipped"]).attributes(["orderId", "total"]).exec();
    expect(filtered.map(plain)).toEqual([
      { orderId: "o-0113", total: 65 }, { orderId: "o-0114", total: 70 }, { orderId: "o-0116", total: 80 },
      { orderId: "o-0117", total: 85 }, { orderId: "o-0119", total: 95 },
    ]);
    const count = await Order.query("customer").eq("c2").where("total").not().lt(50).count().exec();
    expect(count).toMatchObject({ count: 10 });
  });

  it("pages a query with limit and startAt", async () => {
    const seen: unknown[] = [];
    let page = await Order.query("customer").eq("c2").limit(6).exec();
    seen.push(...page.map((item) => plain(item).orderId));
    let pages = 1;
    while (page.lastKey && pages < 10) {
      page = await Order.query("customer").eq("c2").limit(6).startAt(page.lastKey).exec();
      seen.push(...page.map((item) => plain(item).orderId));
      pages += 1;
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });

  it("queries the GSI on a numeric range", async () => {
    const res = await Order.query("status").eq("shipped").where("total").between(20, 80).using("byStatus").exec();
    expect(res.map((item) => plain(item).total)).toEqual([25, 40, 55, 70]);
    const all = await Order.query("status").eq("paid").using("byStatus").all().exec();
    expect(all.map((item) => plain(item).total)).toEqual([5, 20, 20, 35, 50, 65, 80, 95, 110, 125, 140]);
  });

  it("scans with contains, exists and comparisons", async () => {
    // (dynamoose 4.2 cannot build contains() on a list attribute: it fails before sending.)
    const contains = await Order.scan("orderId").contains("-00").exec();
    expect(contains.map((item) => plain(item).orderId)).toEqual(["o-001"]);
    const missing = await Order.scan("address").not().exists().and().where("total").gt(130).exec();
    expect(missing.map((item) => plain(item).total).sort((a, b) => Number(a) - Number(b))).toEqual([135, 140]);
    const beginsAndSize = await Order.scan(new dynamoose.Condition().where("orderId").beginsWith("o-01").and().where("customer").eq("c3")).all().exec();
    expect(beginsAndSize.length).toBe(9);
  });

  it("runs transactions: create, update, condition, delete and get", async () => {
    await dynamoose.transaction([
      Order.transaction.create({ customer: "c4", orderId: "t-1", total: 1 }),
      Order.transaction.update({ customer: "c1", orderId: "o-001" }, { $ADD: { total: 1 } }),
      Order.transaction.condition({ customer: "c2", orderId: "o-0100" }, new dynamoose.Condition("status").eq("new")),
      Order.transaction.delete({ customer: "c2", orderId: "o-0101" }),
    ]);
    const read = await dynamoose.transaction([
      Order.transaction.get({ customer: "c4", orderId: "t-1" }),
      Order.transaction.get({ customer: "c1", orderId: "o-001" }),
    ]) as unknown as unknown[];
    // (A key that finds nothing is answered `{}`, as DynamoDB does; dynamoose 4.2 cannot read that.)
    expect(read.map((item) => plain(item).total)).toEqual([1, 21]);
    expect(await Order.get({ customer: "c2", orderId: "o-0101" })).toBeUndefined();
    await expect(dynamoose.transaction([
      Order.transaction.create({ customer: "c4", orderId: "t-2", total: 1 }),
      Order.transaction.create({ customer: "c4", orderId: "t-1", total: 1 }),
    ])).rejects.toMatchObject({ name: "TransactionCanceledException" });
    expect(await Order.get({ customer: "c4", orderId: "t-2" })).toBeUndefined();
  });

  it("deletes with a condition", async () => {
    await expect(Order.delete({ customer: "c4", orderId: "t-1" }, { condition: new dynamoose.Condition("total").gt(5) }))
      .rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    await Order.delete({ customer: "c4", orderId: "t-1" }, { condition: new dynamoose.Condition("total").eq(1) });
    expect(await Order.get({ customer: "c4", orderId: "t-1" })).toBeUndefined();
  });
});

describe("dynamoose's less common requests", () => {
  function cats() {
    return dynamoose.model("Cat", new dynamoose.Schema({
      id: Number,
      name: { type: String, index: { name: "byName", type: "global", project: ["age"] } },
      age: Number,
      born: Date,
      photo: Buffer,
      parent: { type: Object, schema: { name: String, legs: Number } },
      toys: { type: Array, schema: [{ type: Object, schema: { kind: String } }] },
      nicks: { type: Set, schema: [Number] },
    }, { saveUnknown: ["extra"] }), {
      tableClass: "infrequentAccess",
      tags: { team: "cats" },
      waitForActive: { enabled: true, check: { timeout: 10_000, frequency: 20 } },
    } as Parameters<typeof dynamoose.model>[2]);
  }
  let Cat: ReturnType<typeof cats>;

  beforeAll(async () => {
    Cat = cats();
    await Cat.batchPut(Array.from({ length: 20 }, (_, i) => ({
      id: i, name: `cat${i % 4}`, age: i, born: new Date(1e12 + i), photo: Buffer.from([i]),
      parent: { name: "p", legs: 4 }, toys: [{ kind: "ball" }], nicks: new Set([i, 100]), extra: "e",
    })));
  });

  it("creates the table with its class, tags and an INCLUDE index, and reads the index", async () => {
    const table = await raw.send(new DescribeTableCommand({ TableName: "Cat" }));
    expect(table.Table?.TableClassSummary?.TableClass).toBe("STANDARD_INFREQUENT_ACCESS");
    expect(table.Table?.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({ ProjectionType: "INCLUDE", NonKeyAttributes: ["age"] });
    const res = await Cat.query("name").eq("cat1").using("byName").exec();
    expect(res.map(plain).sort((a, b) => Number(a.id) - Number(b.id))).toEqual([1, 5, 9, 13, 17].map((n) => ({ id: n, name: "cat1", age: n })));
  });

  it("scans with grouped conditions, in(), nested paths, counts and parallel segments", async () => {
    const grouped = await Cat.scan(new dynamoose.Condition()
      .group((c) => c.where("age").lt(3).or().where("age").gt(17))
      .and().where("name").not().eq("cat3")).exec();
    expect(grouped.map((cat) => plain(cat).id).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 18]);
    const listed = await Cat.scan("id").in([1, 2, 300]).exec();
    expect(listed.map((cat) => plain(cat).id).sort()).toEqual([1, 2]);
    const nested = await Cat.scan("parent.legs").eq(4).and().where("nicks").contains(7).exec();
    expect(nested.map((cat) => plain(cat).id)).toEqual([7]);
    const counted = await Cat.scan("age").between(5, 9).count().exec();
    expect(counted).toEqual({ count: 5, scannedCount: 20 });
    const parallel = await Cat.scan().parallel(4).exec();
    expect(parallel).toHaveLength(20);
    const page = await Cat.scan("parent.legs").eq(4).limit(5).exec();
    expect(page).toHaveLength(5);
    expect(page.lastKey).toBeDefined();
  });

  it("overwrites on create when asked, and updates sets, lists and numbers together", async () => {
    await Cat.create({ id: 1, name: "over" }, { overwrite: true });
    expect(plain(await Cat.get(1))).toEqual({ id: 1, name: "over" });
    const updated = await Cat.update({ id: 5 }, { $SET: { toys: [{ kind: "mouse" }] }, $ADD: { nicks: [7], age: -1 }, $REMOVE: ["photo", "born"] }, { returnValues: "ALL_NEW" });
    expect(plain(updated)).toMatchObject({ id: 5, age: 4, toys: [{ kind: "mouse" }], extra: "e" });
    expect((updated as unknown as Plain).nicks).toEqual(new Set([5, 7, 100]));
    expect(plain(updated)).not.toHaveProperty("photo");
    const got = await Cat.get(6, { consistent: true });
    expect((got as unknown as Plain).born).toEqual(new Date(1e12 + 6));
    expect((got as unknown as Plain).photo).toEqual(Buffer.from([6]));
  });

  it("checks a set member inside a transaction", async () => {
    await dynamoose.transaction([
      Cat.transaction.update({ id: 2 }, { $ADD: { age: 10 } }),
      Cat.transaction.condition({ id: 3 }, new dynamoose.Condition("age").eq(3).and().where("nicks").contains(3)),
    ]);
    expect(plain(await Cat.get(2))).toMatchObject({ age: 12 });
    await expect(dynamoose.transaction([
      Cat.transaction.update({ id: 2 }, { $ADD: { age: 10 } }),
      Cat.transaction.condition({ id: 3 }, new dynamoose.Condition("age").eq(4)),
    ])).rejects.toMatchObject({ name: "TransactionCanceledException" });
    expect(plain(await Cat.get(2))).toMatchObject({ age: 12 });
  });
});
