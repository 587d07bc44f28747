import { fileURLToPath } from "node:url";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, expect, it } from "vitest";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({
    template: fileURLToPath(new URL("..", import.meta.url)), // the directory holding template.yaml
    port: 0, // 0 = any free port
    edgePort: 0,
    inMemory: true, // write nothing to disk
  });
});

afterAll(async () => {
  await sandbox.stop();
});

it("stores a todo posted to the API", async () => {
  const res = await fetch(`${sandbox.apiUrl}/todos`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "Write tests" }),
  });
  expect(res.status).toBe(201);

  const db = new DynamoDBClient({
    endpoint: sandbox.endpoint,
    region: sandbox.region,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const { Items } = await db.send(new ScanCommand({ TableName: "web-app-todos" }));
  expect(Items?.map((item) => item.title.S)).toContain("Write tests");
});
