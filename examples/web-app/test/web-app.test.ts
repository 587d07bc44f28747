import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, DescribeTableCommand, GetItemCommand, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Todo {
  id: string;
  title: string;
  status: "open" | "done";
  createdAt: string;
  updatedAt: string;
}

let sandbox: Sandbox;
let dynamodb: DynamoDBClient;
let tableName: string;
// State on disk, as `sandbox up` keeps it by default, in a directory of this test's own.
const dataDir = mkdtempSync(join(tmpdir(), "web-app-test-"));

beforeAll(async () => {
  sandbox = await createSandbox({ template: exampleDir, port: 0, edgePort: 0, dataDir });
  dynamodb = new DynamoDBClient({
    endpoint: sandbox.endpoint,
    region: sandbox.region,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const { TableNames = [] } = await dynamodb.send(new ListTablesCommand({}));
  tableName = TableNames.find((name) => name.endsWith("-todos")) ?? "";
});

afterAll(async () => {
  dynamodb?.destroy();
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function request(method: string, path: string, body?: string) {
  const res = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

async function createTodo(title: string): Promise<Todo> {
  const res = await request("POST", "/todos", JSON.stringify({ title }));
  expect(res.status).toBe(201);
  return res.json as Todo;
}

describe("template", () => {
  it("creates the table with its byStatus index at start-up", async () => {
    expect(tableName).toBe("web-app-todos");
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: "id", KeyType: "HASH" }]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["byStatus"]);
  });
});

describe("POST /todos", () => {
  it("creates a todo and stores it in DynamoDB", async () => {
    const todo = await createTodo("  Buy milk ");
    expect(todo).toMatchObject({ title: "Buy milk", status: "open" });
    expect(todo.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(todo.createdAt).toBe(todo.updatedAt);

    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: todo.id } } }));
    expect(Item).toEqual({
      id: { S: todo.id },
      title: { S: "Buy milk" },
      status: { S: "open" },
      createdAt: { S: todo.createdAt },
      updatedAt: { S: todo.updatedAt },
    });
  });

  it("answers malformed JSON with 400 and a message", async () => {
    const res = await request("POST", "/todos", '{"title":');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ message: "Request body must be valid JSON" });
  });

  it("answers a missing body, a non-object and a bad title with 400", async () => {
    expect((await request("POST", "/todos")).json).toEqual({ message: "Request body is required" });
    expect((await request("POST", "/todos", "[1]")).json).toEqual({ message: "Request body must be a JSON object" });
    const empty = await request("POST", "/todos", '{"title":"  "}');
    expect(empty.status).toBe(400);
    expect(empty.json).toEqual({ message: "title must be a non-empty string" });
    const long = await request("POST", "/todos", JSON.stringify({ title: "x".repeat(201) }));
    expect(long.json).toEqual({ message: "title must be at most 200 characters" });
  });
});

describe("GET /todos", () => {
  it("pages through every todo with limit and next", async () => {
    const created = await Promise.all(["a", "b", "c", "d", "e"].map((t) => createTodo(`page ${t}`)));
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const query = next === undefined ? "?limit=2" : `?limit=2&next=${encodeURIComponent(next)}`;
      const res = await request("GET", `/todos${query}`);
      expect(res.status).toBe(200);
      const page = res.json as { items: Todo[]; next?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((todo) => todo.id));
      next = page.next;
      pages++;
    } while (next !== undefined && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    for (const todo of created) expect(seen).toContain(todo.id);
  });

  it("lists one status newest first through the byStatus index", async () => {
    const first = await createTodo("status first");
    const second = await createTodo("status second");
    for (const todo of [first, second]) {
      const res = await request("PUT", `/todos/${todo.id}`, '{"status":"done"}');
      expect(res.status).toBe(200);
    }
    const res = await request("GET", "/todos?status=done&limit=100");
    expect(res.status).toBe(200);
    const items = (res.json as { items: Todo[] }).items;
    expect(items.every((todo) => todo.status === "done")).toBe(true);
    const ids = items.map((todo) => todo.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
  });

  it("answers bad query parameters with 400", async () => {
    expect((await request("GET", "/todos?limit=0")).json).toEqual({ message: "limit must be an integer from 1 to 100" });
    expect((await request("GET", "/todos?limit=abc")).status).toBe(400);
    expect((await request("GET", "/todos?status=later")).json).toEqual({ message: "status must be one of: open, done" });
    expect((await request("GET", "/todos?next=%25%25")).json).toEqual({ message: "next is not a valid page token" });
  });
});

describe("GET /todos/{id}", () => {
  it("reads one todo", async () => {
    const todo = await createTodo("read me");
    const res = await request("GET", `/todos/${todo.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.json).toEqual(todo);
  });

  it("answers an unknown id with 404", async () => {
    const res = await request("GET", "/todos/no-such-id");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ message: "Todo not found" });
  });
});

describe("PUT /todos/{id}", () => {
  it("updates the title and status", async () => {
    const todo = await createTodo("old title");
    const res = await request("PUT", `/todos/${todo.id}`, '{"title":"new title","status":"done"}');
    expect(res.status).toBe(200);
    const updated = res.json as Todo;
    expect(updated).toMatchObject({ id: todo.id, title: "new title", status: "done", createdAt: todo.createdAt });
    expect(updated.updatedAt >= todo.updatedAt).toBe(true);
    expect((await request("GET", `/todos/${todo.id}`)).json).toEqual(updated);
  });

  it("answers an unknown id with 404 and creates nothing", async () => {
    const res = await request("PUT", "/todos/never-created", '{"status":"done"}');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ message: "Todo not found" });
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: "never-created" } } }));
    expect(Item).toBeUndefined();
  });

  it("answers an empty update and a bad status with 400", async () => {
    const todo = await createTodo("unchanged");
    expect((await request("PUT", `/todos/${todo.id}`, "{}")).json).toEqual({ message: "Give title or status to update" });
    expect((await request("PUT", `/todos/${todo.id}`, '{"status":"later"}')).status).toBe(400);
    expect((await request("PUT", `/todos/${todo.id}`, "not json")).status).toBe(400);
  });
});

describe("DELETE /todos/{id}", () => {
  it("deletes a todo, then answers 404 for it", async () => {
    const todo = await createTodo("delete me");
    const res = await request("DELETE", `/todos/${todo.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await request("GET", `/todos/${todo.id}`)).status).toBe(404);
    expect((await request("DELETE", `/todos/${todo.id}`)).status).toBe(404);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: todo.id } } }));
    expect(Item).toBeUndefined();
  });
});

describe("API Gateway", () => {
  it("answers an unknown route with 404 Not Found", async () => {
    for (const [method, path] of [
      ["GET", "/nothing-here"],
      ["PATCH", "/todos"],
      ["GET", "/todos/a/b"],
    ]) {
      const res = await request(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json).toEqual({ message: "Not Found" });
    }
  });

  it("answers a CORS preflight from the template's CorsConfiguration", async () => {
    const res = await fetch(`${sandbox.apiUrl}/todos`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.ok).toBe(true);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")?.toUpperCase()).toContain("POST");
  });
});

describe("the table through the AWS SDK", () => {
  it("holds what the API wrote, readable with the DocumentClient", async () => {
    const todo = await createTodo("seen by the SDK");
    const doc = DynamoDBDocumentClient.from(dynamodb);
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    expect(items).toContainEqual(todo);
  });
});
