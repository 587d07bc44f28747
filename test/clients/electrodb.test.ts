// ElectroDB — the single-table modelling library — used the way its docs show, through a
// DocumentClient from @aws-sdk/lib-dynamodb: entities with composite keys sharing one table,
// a collection across entities on a GSI, sort-key queries (begins_with, between, gt/lte),
// where() filters, pagination cursors, batch operations, transactions through its Service,
// update operations (set/add/subtract/append/remove/delete, data callbacks) and the
// conditions it writes for create/patch/upsert. Every expression here is ElectroDB's own.
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Entity, Service } from "electrodb";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const table = "electro";
let sandbox: RunningSandbox;
let raw: DynamoDBClient;
let client: DynamoDBDocumentClient;

function entities(docClient: DynamoDBDocumentClient) {
  const task = new Entity({
    model: { entity: "task", version: "1", service: "taskapp" },
    attributes: {
      project: { type: "string", required: true },
      taskId: { type: "string", required: true },
      employee: { type: "string", required: true },
      title: { type: "string" },
      status: { type: ["open", "in-progress", "closed"] as const, default: "open" },
      points: { type: "number", default: 0 },
      budget: { type: "number" },
      tags: { type: "set", items: "string" },
      comments: { type: "list", items: { type: "string" } },
      details: { type: "map", properties: { owner: { type: "string" }, estimate: { type: "number" } } },
      note: { type: "string" },
    },
    indexes: {
      byProject: { pk: { field: "pk", composite: ["project"] }, sk: { field: "sk", composite: ["taskId"] } },
      byEmployee: {
        index: "gsi1",
        collection: "assignments",
        pk: { field: "gsi1pk", composite: ["employee"] },
        sk: { field: "gsi1sk", composite: ["project", "taskId"] },
      },
    },
  }, { table, client: docClient });
  const employee = new Entity({
    model: { entity: "employee", version: "1", service: "taskapp" },
    attributes: {
      employee: { type: "string", required: true },
      name: { type: "string", required: true },
      office: { type: "string" },
    },
    indexes: {
      byId: { pk: { field: "pk", composite: ["employee"] }, sk: { field: "sk", composite: [] } },
      byEmployee: {
        index: "gsi1",
        collection: "assignments",
        pk: { field: "gsi1pk", composite: ["employee"] },
        sk: { field: "gsi1sk", composite: [] },
      },
    },
  }, { table, client: docClient });
  return { task, employee, service: new Service({ task, employee }, { table, client: docClient }) };
}

let task: ReturnType<typeof entities>["task"];
let employee: ReturnType<typeof entities>["employee"];
let service: ReturnType<typeof entities>["service"];

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "minimal.yaml"), port: 0, edgePort: 0, inMemory: true });
  raw = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  client = DynamoDBDocumentClient.from(raw);
  await raw.send(new CreateTableCommand({
    TableName: table,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: ["pk", "sk", "gsi1pk", "gsi1sk"].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    GlobalSecondaryIndexes: [{
      IndexName: "gsi1",
      KeySchema: [{ AttributeName: "gsi1pk", KeyType: "HASH" }, { AttributeName: "gsi1sk", KeyType: "RANGE" }],
      Projection: { ProjectionType: "ALL" },
    }],
  }));
  ({ task, employee, service } = entities(client));
});

afterAll(async () => {
  raw?.destroy();
  await sandbox?.stop();
});

describe("ElectroDB entities against the sandbox", () => {
  it("creates items with its attribute_not_exists condition and refuses a duplicate", async () => {
    const created = await task.create({ project: "apollo", taskId: "t-001", employee: "e1", title: "Design", points: 3, tags: ["ui"] }).go();
    expect(created.data).toMatchObject({ project: "apollo", taskId: "t-001", status: "open", points: 3 });
    await expect(task.create({ project: "apollo", taskId: "t-001", employee: "e1" }).go()).rejects.toThrow(/conditional request failed/i);
    // The key fields hold ElectroDB's composite strings.
    const stored = await raw.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "$taskapp#project_apollo" }, sk: { S: "$task_1#taskid_t-001" } } }));
    expect(stored.Item?.gsi1pk).toEqual({ S: "$taskapp#employee_e1" });
    expect(stored.Item?.__edb_e__).toEqual({ S: "task" });
  });

  it("puts, gets and batch-writes many items", async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      project: "apollo",
      taskId: `t-${String(i + 10).padStart(3, "0")}`,
      employee: i % 2 === 0 ? "e1" : "e2",
      title: `Task ${i}`,
      points: i,
      status: (i % 3 === 0 ? "closed" : "open") as "closed" | "open",
    }));
    const put = await task.put(items).go();
    expect(put.unprocessed).toEqual([]);
    await employee.put([{ employee: "e1", name: "Ada", office: "ldn" }, { employee: "e2", name: "Grace" }]).go();
    const got = await task.get({ project: "apollo", taskId: "t-015" }).go();
    expect(got.data).toMatchObject({ title: "Task 5", points: 5 });
    const missing = await task.get({ project: "apollo", taskId: "nope" }).go();
    expect(missing.data).toBeNull();
  });

  it("batch-gets by keys, reporting none unprocessed", async () => {
    const res = await task.get([{ project: "apollo", taskId: "t-010" }, { project: "apollo", taskId: "t-011" }, { project: "apollo", taskId: "zzz" }]).go();
    expect(res.data.map((item) => item.taskId).sort()).toEqual(["t-010", "t-011"]);
    expect(res.unprocessed).toEqual([]);
  });

  it("queries with begins_with on a partial sort key and with between", async () => {
    const begins = await task.query.byProject({ project: "apollo" }).begins({ taskId: "t-02" }).go({ pages: "all" });
    expect(begins.data.map((item) => item.taskId)).toEqual(["t-020", "t-021", "t-022", "t-023", "t-024", "t-025", "t-026", "t-027", "t-028", "t-029"]);
    const between = await task.query.byProject({ project: "apollo" }).between({ taskId: "t-012" }, { taskId: "t-015" }).go();
    expect(between.data.map((item) => item.taskId)).toEqual(["t-012", "t-013", "t-014", "t-015"]);
    const gt = await task.query.byProject({ project: "apollo" }).gt({ taskId: "t-036" }).go();
    expect(gt.data.map((item) => item.taskId)).toEqual(["t-037", "t-038", "t-039"]);
    const lte = await task.query.byProject({ project: "apollo" }).lte({ taskId: "t-010" }).go({ order: "desc" });
    expect(lte.data.map((item) => item.taskId)).toEqual(["t-010", "t-001"]);
  });

  it("filters with where() callbacks", async () => {
    const res = await task.query.byProject({ project: "apollo" })
      .where(({ status, points }, { eq, gte }) => `${eq(status, "closed")} AND ${gte(points, 20)}`)
      .go({ pages: "all" });
    expect(res.data.map((item) => item.points)).toEqual([21, 24, 27]);
    const contains = await task.query.byProject({ project: "apollo" })
      .where(({ title, tags }, { contains, notExists, begins }) => `${begins(title, "Task 1")} AND ${notExists(tags)} AND ${contains(title, "9")}`)
      .go({ pages: "all" });
    expect(contains.data.map((item) => item.title)).toEqual(["Task 19"]);
  });

  it("pages through a query with limit and cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: Array<{ taskId: string }>; cursor: string | null } = await task.query.byProject({ project: "apollo" }).go({ limit: 7, cursor });
      seen.push(...page.data.map((item) => item.taskId));
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    expect(pages).toBeGreaterThanOrEqual(5);
  });

  it("queries a collection across entities on the GSI", async () => {
    const res = await service.collections.assignments({ employee: "e1" }).go({ pages: "all" });
    expect(res.data.employee).toEqual([expect.objectContaining({ employee: "e1", name: "Ada", office: "ldn" })]);
    expect(res.data.task.length).toBe(16);
    expect(res.data.task.every((item) => item.employee === "e1")).toBe(true);
  });

  it("updates with set, add, subtract, append, remove and delete", async () => {
    await task.update({ project: "apollo", taskId: "t-001" })
      .set({ title: "Design v2", details: { owner: "ada", estimate: 5 } })
      .add({ points: 4, tags: ["backend"] })
      .subtract({ budget: 10 })
      .append({ comments: ["first"] })
      .go();
    const res = await task.update({ project: "apollo", taskId: "t-001" })
      .append({ comments: ["second"] })
      .delete({ tags: ["ui"] })
      .remove(["title"])
      .go({ response: "all_new" });
    expect(res.data).toMatchObject({ points: 7, budget: -10, comments: ["first", "second"], tags: ["backend"], details: { owner: "ada", estimate: 5 } });
    expect(res.data).not.toHaveProperty("title");
  });

  it("updates through a data() callback, nested paths and if_not_exists", async () => {
    const res = await task.patch({ project: "apollo", taskId: "t-001" })
      .data(({ details, points, note, comments, budget }, { set, add, subtract, ifNotExists, append, remove }) => {
        set(details.estimate, 8);
        add(points, 1);
        subtract(budget, 5);
        ifNotExists(note, "first note");
        append(comments, ["third"]);
        remove(details.owner);
      })
      .go({ response: "all_new" });
    expect(res.data).toMatchObject({ points: 8, budget: -15, note: "first note", comments: ["first", "second", "third"], details: { estimate: 8 } });
    expect(res.data.details).not.toHaveProperty("owner");
    const again = await task.patch({ project: "apollo", taskId: "t-001" })
      .data(({ note }, { ifNotExists }) => { ifNotExists(note, "ignored"); })
      .go({ response: "updated_new" });
    // UPDATED_NEW names every attribute the expression SETs, ElectroDB's own identity ones too.
    expect(again.data).toEqual({ note: "first note", project: "apollo", taskId: "t-001" });
  });

  it("applies conditional writes and reports their failure", async () => {
    // patch requires the item to exist.
    await expect(task.patch({ project: "apollo", taskId: "ghost" }).set({ title: "x" }).go()).rejects.toThrow(/conditional request failed/i);
    const ok = await task.update({ project: "apollo", taskId: "t-012" })
      .set({ status: "in-progress" })
      .where(({ status, points }, { eq, lt }) => `${eq(status, "open")} AND ${lt(points, 100)}`)
      .go({ response: "all_old" });
    expect(ok.data).toMatchObject({ status: "open" });
    await expect(task.update({ project: "apollo", taskId: "t-012" })
      .set({ status: "closed" })
      .where(({ status }, { eq }) => eq(status, "open"))
      .go()).rejects.toThrow(/conditional request failed/i);
    await expect(task.delete({ project: "apollo", taskId: "t-012" }).where(({ points }, { gt }) => gt(points, 1000)).go()).rejects.toThrow(/conditional request failed/i);
    const removed = await task.remove({ project: "apollo", taskId: "t-012" }).go({ response: "all_old" });
    expect(removed.data).toMatchObject({ taskId: "t-012", status: "in-progress" });
    await expect(task.remove({ project: "apollo", taskId: "t-012" }).go()).rejects.toThrow(/conditional request failed/i);
  });

  it("upserts, creating then updating with if_not_exists and add", async () => {
    await task.upsert({ project: "gemini", taskId: "u-1", employee: "e3", title: "Upserted" }).add({ points: 2 }).go();
    const res = await task.upsert({ project: "gemini", taskId: "u-1", employee: "e3", title: "Upserted again" }).add({ points: 2 }).ifNotExists({ note: "kept" }).go({ response: "all_new" });
    expect(res.data).toMatchObject({ title: "Upserted again", points: 4, note: "kept", status: "open" });
  });

  it("batch-deletes items", async () => {
    const res = await task.delete([{ project: "apollo", taskId: "t-038" }, { project: "apollo", taskId: "t-039" }]).go();
    expect(res.unprocessed).toEqual([]);
    const gone = await task.get([{ project: "apollo", taskId: "t-038" }, { project: "apollo", taskId: "t-039" }]).go();
    expect(gone.data).toEqual([]);
  });

  it("writes and reads transactions through its Service", async () => {
    const write = await service.transaction.write(({ task: t, employee: e }) => [
      t.create({ project: "gemini", taskId: "tx-1", employee: "e9", title: "In a transaction" }).commit(),
      e.create({ employee: "e9", name: "Margaret" }).commit(),
      t.patch({ project: "apollo", taskId: "t-001" }).add({ points: 10 }).commit(),
      t.check({ project: "apollo", taskId: "t-010" }).where(({ status }, { eq }) => eq(status, "closed")).commit(),
    ]).go();
    expect(write.canceled).toBe(false);
    const read = await service.transaction.get(({ task: t, employee: e }) => [
      t.get({ project: "gemini", taskId: "tx-1" }).commit(),
      e.get({ employee: "e9" }).commit(),
      t.get({ project: "apollo", taskId: "t-001" }).commit(),
    ]).go();
    expect(read.canceled).toBe(false);
    expect(read.data.map((entry) => entry.item)).toEqual([
      expect.objectContaining({ title: "In a transaction" }),
      expect.objectContaining({ name: "Margaret" }),
      expect.objectContaining({ points: 18 }),
    ]);
  });

  it("reports a canceled transaction with the failing item's reason", async () => {
    const res = await service.transaction.write(({ task: t }) => [
      t.create({ project: "gemini", taskId: "tx-2", employee: "e9" }).commit(),
      t.create({ project: "gemini", taskId: "tx-1", employee: "e9" }).commit(),
    ]).go();
    expect(res.canceled).toBe(true);
    expect(res.data.map((entry) => entry.code)).toEqual(["None", "ConditionalCheckFailed"]);
    const absent = await task.get({ project: "gemini", taskId: "tx-2" }).go();
    expect(absent.data).toBeNull();
  });

  it("scans an entity, matching only its own items", async () => {
    const res = await employee.scan.go({ pages: "all" });
    expect(res.data.map((item) => item.employee).sort()).toEqual(["e1", "e2", "e9"]);
    const filtered = await task.scan.where(({ project }, { eq }) => eq(project, "gemini")).go({ pages: "all" });
    expect(filtered.data.map((item) => item.taskId).sort()).toEqual(["tx-1", "u-1"]);
  });
});

describe("ElectroDB's less common expressions", () => {
  function documents() {
    const doc = new Entity({
      model: { entity: "doc", version: "1", service: "docs" },
      attributes: {
        org: { type: "string", required: true },
        id: { type: "number", required: true, padding: { length: 5, char: "0" } },
        title: { type: "string" },
        n: { type: "number" },
        tags: { type: "set", items: "string" },
        nums: { type: "set", items: "number" },
        list: { type: "list", items: { type: "map", properties: { a: { type: "string" }, b: { type: "number" } } } },
        meta: { type: "map", properties: { x: { type: "map", properties: { y: { type: "string" } } }, z: { type: "list", items: { type: "string" } } } },
        anything: { type: "any" },
        flag: { type: "boolean" },
      },
      indexes: {
        main: { pk: { field: "pk", composite: ["org"] }, sk: { field: "sk", composite: ["id"] } },
        byTitle: { index: "gsi1", collection: "library", type: "clustered", pk: { field: "gsi1pk", composite: ["org"] }, sk: { field: "gsi1sk", composite: ["title"] } },
      },
    }, { table, client });
    const note = new Entity({
      model: { entity: "note", version: "1", service: "docs" },
      attributes: { org: { type: "string", required: true }, title: { type: "string", required: true }, body: { type: "string" } },
      indexes: {
        main: { pk: { field: "pk", composite: ["title"] }, sk: { field: "sk", composite: [] } },
        byTitle: { index: "gsi1", collection: "library", type: "clustered", pk: { field: "gsi1pk", composite: ["org"] }, sk: { field: "gsi1sk", composite: ["title"] } },
      },
    }, { table, client });
    return { doc, note, docs: new Service({ doc, note }, { table, client }) };
  }
  let doc: ReturnType<typeof documents>["doc"];
  let note: ReturnType<typeof documents>["note"];
  let docs: ReturnType<typeof documents>["docs"];

  beforeAll(async () => {
    ({ doc, note, docs } = documents());
    const items = Array.from({ length: 60 }, (_, i) => ({
      org: "o", id: i, title: `t${i % 7}`, n: i, tags: ["x", `y${i}`], nums: [i, i + 1], list: [{ a: "p", b: i }],
      meta: { x: { y: "yy" }, z: ["q"] }, anything: { deep: [1, { k: "v" }] }, flag: i % 2 === 0,
    }));
    const put = await doc.put(items).go({ concurrency: 3 });
    expect(put.unprocessed).toEqual([]);
    await note.put([{ org: "o", title: "t3", body: "b" }]).go();
  });

  it("batch-gets more keys than one BatchGetItem takes", async () => {
    const keys = Array.from({ length: 110 }, (_, i) => ({ org: "o", id: i }));
    const res = await doc.get(keys).go();
    expect(res.data).toHaveLength(60);
    expect(res.unprocessed).toEqual([]);
  });

  it("filters with size, attribute_type, contains, between, nested paths and list indexes", async () => {
    const res = await doc.query.main({ org: "o" })
      .where(({ tags, title, n, meta, list, flag }, { size, type, notContains, between, name, value, exists, escape, eq }) => [
        `${size(tags)} = ${escape(2)}`, type(title, "S"), notContains(title, "6"), between(n, 3, 40),
        `${name(meta.x.y)} = ${value(meta.x.y, "yy")}`, exists(list[0].a), eq(flag, true),
      ].join(" AND "))
      .go({ pages: "all", attributes: ["id", "title", "meta", "list"] });
    expect(res.data).toHaveLength(16);
    expect(res.data[0]).toEqual({ id: 4, title: "t4", meta: { x: { y: "yy" }, z: ["q"] }, list: [{ a: "p", b: 4 }] });
  });

  it("queries a clustered collection and an index with begins_with, and finds by attributes", async () => {
    const collection = await docs.collections.library({ org: "o" }).go({ pages: "all" });
    expect([collection.data.doc.length, collection.data.note.length]).toEqual([60, 1]);
    const byTitle = await doc.query.byTitle({ org: "o" }).begins({ title: "t3" }).go({ pages: "all" });
    expect(byTitle.data.map((item) => item.id).sort((a, b) => a - b)).toEqual([3, 10, 17, 24, 31, 38, 45, 52, 59]);
    const matched = await doc.match({ org: "o", title: "t2", flag: true }).go({ pages: "all" });
    expect(matched.data.map((item) => item.id).sort((a, b) => a - b)).toEqual([2, 16, 30, 44, 58]);
    const found = await doc.find({ org: "o", title: "t2" }).where(({ n }, { gt }) => gt(n, 30)).go({ pages: "all" });
    expect(found.data.map((item) => item.id).sort((a, b) => a - b)).toEqual([37, 44, 51, 58]);
  });

  it("updates list elements, nested maps, number sets and any-typed values through data()", async () => {
    const res = await doc.patch({ org: "o", id: 5 }).data(({ list, meta, tags, nums, anything }, { set, remove, del, add, append }) => {
      set(list[0].a, "changed");
      add(list[0].b, 100);
      remove(meta.x.y);
      del(tags, ["x"]);
      add(nums, [99]);
      append(meta.z, ["w"]);
      set(anything.deep[1].k, "v2");
    }).go({ response: "all_new" });
    expect(res.data).toMatchObject({
      tags: ["y5"], nums: [5, 6, 99], list: [{ a: "changed", b: 105 }], meta: { x: {}, z: ["q", "w"] }, anything: { deep: [1, { k: "v2" }] },
    });
  });

  it("counts, and pages forwards and backwards with cursors", async () => {
    const counted = await doc.query.main({ org: "o" }).go({ count: 13 });
    expect(counted.data).toHaveLength(13);
    expect(counted.cursor).not.toBeNull();
    for (const order of ["asc", "desc"] as const) {
      const ids: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res: { data: Array<{ id: number }>; cursor: string | null } = await doc.query.main({ org: "o" }).go({ cursor, limit: 7, order });
        ids.push(...res.data.map((item) => item.id));
        cursor = res.cursor;
        if (!cursor) break;
      }
      const expected = Array.from({ length: 60 }, (_, i) => i);
      expect(ids).toEqual(order === "asc" ? expected : expected.reverse());
    }
  });

  it("replays a transaction written twice with the same token", async () => {
    const write = () => docs.transaction.write(({ doc: d }) => [
      d.update({ org: "o", id: 1 }).add({ n: 1 }).commit(),
      d.delete({ org: "o", id: 2 }).commit(),
    ]).go({ token: "electrodb-token-1" });
    expect((await write()).canceled).toBe(false);
    expect((await write()).canceled).toBe(false);
    expect((await doc.get({ org: "o", id: 1 }).go()).data?.n).toBe(2);
    const read = await docs.transaction.get(({ doc: d }) => [d.get({ org: "o", id: 3 }).commit(), d.get({ org: "o", id: 2 }).commit()]).go();
    expect(read.data.map((entry) => entry.item?.id ?? null)).toEqual([3, null]);
  });
});
