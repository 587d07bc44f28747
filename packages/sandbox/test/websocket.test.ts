import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiGatewayManagementApiClient, GetConnectionCommand, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type WebSocket from "ws";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { handshakeStatus, openWebSocket, type WebSocketClient } from "./helpers.js";

const fixture = join(import.meta.dirname, "fixtures", "websocket-chat");
const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

let sandbox: RunningSandbox;
let url: string;
const clients: WebSocket[] = [];

const connect = (query = ""): Promise<WebSocketClient> => openWebSocket(`${url}${query}`, clients);

async function connectionIds(): Promise<string[]> {
  const db = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: CREDENTIALS });
  const { Items = [] } = await db.send(new ScanCommand({ TableName: "chat-connections" }));
  db.destroy();
  return Items.map((item) => item.connectionId?.S ?? "").sort();
}

async function whoami(client: WebSocketClient): Promise<string> {
  client.ws.send('{"action":"whoami"}');
  return (JSON.parse(await client.next()) as { connectionId: string }).connectionId;
}

beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn() {} };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
  url = sandbox.webSocketUrls[0]?.url ?? "";
});

afterAll(async () => {
  for (const ws of clients) ws.terminate();
  await sandbox?.stop();
});

describe("a WebSocket chat from the template", () => {
  it("is served on the app port under its stage", () => {
    expect(sandbox.webSocketUrls).toEqual([{ api: "ChatApi", url: `${sandbox.apiUrl.replace("http", "ws")}/prod` }]);
    expect(sandbox.app.webSocketApis[0]?.routes.map((r) => r.routeKey)).toEqual(["$connect", "$disconnect", "$default", "sendmessage", "whoami"]);
  });

  it("runs $connect, routes messages to real functions and broadcasts through PostToConnection", async () => {
    const lines: string[] = [];
    const onRequest = (e: { method: string; path: string; status: number }) => lines.push(`${e.method} ${e.path} ${e.status}`);
    sandbox.events.on("request", onRequest);
    const alice = await connect();
    const bob = await connect();
    const aliceId = await whoami(alice);
    const bobId = await whoami(bob);
    expect(await connectionIds()).toEqual([aliceId, bobId].sort());

    alice.ws.send(JSON.stringify({ action: "sendmessage", message: "hello" }));
    const expected = { from: aliceId, message: "hello" };
    expect(JSON.parse(await alice.next())).toEqual(expected);
    expect(JSON.parse(await bob.next())).toEqual(expected);

    // $default answers through https://${domainName}/${stage}, made http locally.
    bob.ws.send("not json");
    expect(await bob.next()).toBe('Use {"action": "sendmessage", "message": "..."}');
    sandbox.events.off("request", onRequest);
    // The terminal's lines: a two-way route logs before its reply is sent.
    expect(lines).toEqual(expect.arrayContaining(["WS /prod $connect 101", "WS /prod whoami 200"]));
  });

  it("rejects the handshake when $connect answers 403", async () => {
    expect(await handshakeStatus(`${url}?token=bad`)).toBe(403);
  });

  it("answers on the edge port too, at /_aws/execute-api/<id>/<stage> and Host <id>.execute-api.… /<stage>", async () => {
    const apiId = sandbox.app.webSocketApis[0]?.apiId ?? "";
    const edge = sandbox.endpoint.replace(/^http/, "ws");
    const byPath = await openWebSocket(`${edge}/_aws/execute-api/${apiId}/prod`, clients);
    expect(await whoami(byPath)).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    const byHost = await openWebSocket(`${edge}/prod`, clients, { host: `${apiId}.execute-api.localhost.localstack.cloud` });
    expect(await whoami(byHost)).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(await handshakeStatus(`${edge}/_aws/execute-api/${apiId}/other`)).toBe(403);
  });

  it("runs $disconnect on close; the connection is then gone (410) for @connections", async () => {
    const carol = await connect();
    const id = await whoami(carol);
    const api = new ApiGatewayManagementApiClient({ endpoint: url.replace(/^ws/, "http"), region: "us-east-1", credentials: CREDENTIALS });
    const info = await api.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.Identity?.SourceIp).toBe("127.0.0.1");

    // The edge answers @connections too (AWS_ENDPOINT_URL inside functions).
    const edge = new ApiGatewayManagementApiClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: CREDENTIALS });
    const frame = carol.next();
    await edge.send(new PostToConnectionCommand({ ConnectionId: id, Data: "from the edge" }));
    expect(await frame).toBe("from the edge");

    const disconnected = new Promise<string>((resolve) => {
      const listener = (e: { functionName: string; status: string }) => {
        if (e.functionName !== "chat-disconnect") return;
        sandbox.events.off("invocation", listener);
        resolve(e.status);
      };
      sandbox.events.on("invocation", listener);
    });
    const closed = new Promise<void>((resolve) => carol.ws.once("close", () => resolve()));
    carol.ws.close(1000, "bye");
    await closed;
    await expect(api.send(new PostToConnectionCommand({ ConnectionId: id, Data: "late" }))).rejects.toMatchObject({
      name: "GoneException",
      $metadata: { httpStatusCode: 410 },
    });
    // $disconnect (run after the socket closed) removed the row.
    expect(await disconnected).toBe("ok");
    expect(await connectionIds()).not.toContain(id);
    api.destroy();
    edge.destroy();
  });
});
