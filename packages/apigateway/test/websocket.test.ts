import { DeleteConnectionCommand, GetConnectionCommand, ApiGatewayManagementApiClient, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import { serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createWebSocketGateway, type WebSocketApiConfig, type WebSocketGateway } from "../src/index.js";
import { FakeLambda, START } from "./helpers.js";

const CONNECTION_ID = /^[A-Za-z0-9_-]{15}=$/;
const CREDENTIALS = { accessKeyId: "x", secretAccessKey: "x" };

const chat: WebSocketApiConfig = {
  logicalId: "ChatApi",
  apiId: "wsapi12345",
  stageName: "dev",
  routeSelectionExpression: "$request.body.action",
  routes: [
    { routeKey: "$connect", functionName: "connect" },
    { routeKey: "$disconnect", functionName: "disconnect" },
    { routeKey: "$default", functionName: "default" },
    { routeKey: "sendmessage", functionName: "send" },
    { routeKey: "echo", functionName: "echo", twoWay: true },
    { routeKey: "boom", functionName: "boom", twoWay: true },
  ],
};
const strict: WebSocketApiConfig = {
  logicalId: "StrictApi",
  apiId: "strict6789",
  stageName: "strict",
  routeSelectionExpression: "$request.body.meta.type",
  routes: [{ routeKey: "ping", functionName: "echo", twoWay: true }],
};

/** $connect behind a Lambda REQUEST authorizer whose identity sources are a header and a query parameter. */
const guarded: WebSocketApiConfig = {
  apiId: "guard12345",
  stageName: "guarded",
  routeSelectionExpression: "$request.body.action",
  stageVariables: { room: "lobby" },
  routes: [
    { routeKey: "$connect", functionName: "connect", authorizer: { functionName: "authz", identitySources: ["route.request.header.Auth", "route.request.querystring.room"] } },
    { routeKey: "whoami", functionName: "whoami", twoWay: true },
  ],
};

let lambda: FakeLambda;
let clock: VirtualClock;
let gateway: WebSocketGateway;
let server: Awaited<ReturnType<typeof serveHandler>>;
let wsUrl: string;
const open: WebSocket[] = [];
/** What PostToConnection answered a $connect function that posted to its own connection. */
let earlyPost: unknown;

/** The endpoint a function builds from its event, as on AWS: `${domainName}/${stage}` (http locally). */
function management(event: Record<string, unknown>): ApiGatewayManagementApiClient {
  const ctx = event.requestContext as { domainName: string; stage: string };
  return new ApiGatewayManagementApiClient({ endpoint: `http://${ctx.domainName}/${ctx.stage}`, region: "us-east-1", credentials: CREDENTIALS });
}

/** A connected client and the frames it receives, awaited one by one. */
async function connect(path = "/dev", headers: Record<string, string> = {}): Promise<{ ws: WebSocket; next(): Promise<string> }> {
  const ws = new WebSocket(`${wsUrl}${path}`, { headers });
  open.push(ws);
  const frames: string[] = [];
  const waiters: Array<(frame: string) => void> = [];
  ws.on("message", (data: Buffer) => {
    const waiter = waiters.shift();
    if (waiter) waiter(data.toString("utf8"));
    else frames.push(data.toString("utf8"));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { ws, next: () => new Promise((resolve) => (frames.length > 0 ? resolve(frames.shift() ?? "") : waiters.push(resolve))) };
}

/** The HTTP status of a refused handshake. */
function handshakeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url, { headers });
  ws.on("error", () => undefined);
  return new Promise((resolve) =>
    ws.once("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    }),
  );
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

/** Resolves with the event of the next call of `functionName` (that `accept` accepts). */
function nextEventOf(functionName: string, accept: (event: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  let seen = lambda.calls.length;
  const wait = async (): Promise<Record<string, unknown>> => {
    await lambda.nextCall();
    // Every call since the last look: several may have started before this continuation ran.
    for (; seen < lambda.calls.length; seen++) {
      const call = lambda.calls[seen];
      if (call?.functionName !== functionName) continue;
      const event = JSON.parse(call.payload.toString("utf8")) as Record<string, unknown>;
      if (accept(event)) return event;
    }
    return wait();
  };
  return wait();
}

beforeAll(async () => {
  lambda = new FakeLambda();
  clock = new VirtualClock(START);
  gateway = createWebSocketGateway({ apis: [chat, strict, guarded], invoker: lambda, clock, logger: silentLogger, region: "eu-west-1", accountId: "123456789012" });
  server = await serveHandler((req) => gateway.handleManagement(req));
  gateway.attach(server.server);
  wsUrl = server.url.replace("http", "ws");
  lambda.script("connect", async (event) => {
    const query = event.queryStringParameters as Record<string, string> | undefined;
    if (query?.deny) return { statusCode: Number(query.deny) };
    if (query?.postEarly) {
      const ctx = event.requestContext as { connectionId: string };
      earlyPost = await management(event).send(new PostToConnectionCommand({ ConnectionId: ctx.connectionId, Data: "too early" })).catch((error: unknown) => error);
    }
    return { statusCode: 200 };
  });
  lambda.script("disconnect", () => ({ statusCode: 200 }));
  lambda.script("default", async (event) => {
    const ctx = event.requestContext as { connectionId: string };
    await management(event).send(new PostToConnectionCommand({ ConnectionId: ctx.connectionId, Data: `default got ${String(event.body)}` }));
    return { statusCode: 200 };
  });
  lambda.script("send", async (event) => {
    const ctx = event.requestContext as { connectionId: string };
    const { text } = JSON.parse(String(event.body)) as { text: string };
    await management(event).send(new PostToConnectionCommand({ ConnectionId: ctx.connectionId, Data: new TextEncoder().encode(`you said ${text}`) }));
    return { statusCode: 200, body: "not sent: the route is one-way" };
  });
  lambda.script("echo", (event) => ({ statusCode: 200, body: `echo ${String(event.body)}` }));
  lambda.script("boom", () => {
    throw new Error("boom");
  });
  lambda.script("authz", (event) => {
    const auth = (event.headers as Record<string, string>).Auth;
    if (auth === "unauth") throw new Error("Unauthorized");
    if (auth === "broken") return { principalId: "me" };
    const statement = { Action: "execute-api:Invoke", Effect: auth === "allow" ? "Allow" : "Deny", Resource: String(event.methodArn) };
    return { principalId: "user-1", policyDocument: { Version: "2012-10-17", Statement: [statement] }, context: { tier: "gold", level: 3 } };
  });
  lambda.script("whoami", (event) => ({ statusCode: 200, body: JSON.stringify((event.requestContext as Record<string, unknown>).authorizer) }));
});

afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});

afterAll(async () => {
  await gateway.close();
  await server.close();
});

describe("$connect", () => {
  it("is invoked with API Gateway's CONNECT event before the handshake completes", async () => {
    const event = nextEventOf("connect");
    const { ws } = await connect("/dev?room=blue&room=red", { "User-Agent": "tester/1.0", "X-Custom": "one" });
    const e = await event;
    const host = new URL(server.url).host;
    expect(Object.keys(e)).toEqual(["headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "requestContext", "isBase64Encoded"]);
    expect(e.headers).toMatchObject({ Host: host, "User-Agent": "tester/1.0", "X-Custom": "one", "Sec-WebSocket-Version": "13", "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http" });
    expect(e.queryStringParameters).toEqual({ room: "red" });
    expect(e.multiValueQueryStringParameters).toEqual({ room: ["blue", "red"] });
    expect(e.isBase64Encoded).toBe(false);
    const ctx = e.requestContext as Record<string, unknown>;
    expect(Object.keys(ctx)).toEqual([
      "routeKey", "eventType", "extendedRequestId", "requestTime", "messageDirection", "stage", "connectedAt",
      "requestTimeEpoch", "identity", "requestId", "domainName", "connectionId", "apiId",
    ]);
    expect(ctx).toMatchObject({
      routeKey: "$connect",
      eventType: "CONNECT",
      messageDirection: "IN",
      stage: "dev",
      connectedAt: START,
      requestTimeEpoch: START,
      requestTime: "25/Nov/2026:12:00:00 +0000",
      identity: { userAgent: "tester/1.0", sourceIp: "127.0.0.1" },
      domainName: host,
      apiId: "wsapi12345",
    });
    expect(ctx.connectionId).toMatch(CONNECTION_ID);
    expect(ctx.requestId).toMatch(CONNECTION_ID);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it("rejects the handshake with the status a non-2xx $connect answer gives", async () => {
    expect(await handshakeStatus(`${wsUrl}/dev?deny=401`)).toBe(401);
  });

  it("is not connected yet while $connect runs: PostToConnection answers 410 GoneException", async () => {
    await connect("/dev?postEarly=1");
    expect(earlyPost).toMatchObject({ name: "GoneException", $metadata: { httpStatusCode: 410 } });
  });

  it("answers 403 for a stage no WebSocket API serves", async () => {
    expect(await handshakeStatus(`${wsUrl}/nope`)).toBe(403);
  });
});

describe("messages", () => {
  it("routes by $request.body.action; the function answers through PostToConnection", async () => {
    const client = await connect();
    const event = nextEventOf("send");
    client.ws.send(JSON.stringify({ action: "sendmessage", text: "hi" }));
    expect(await client.next()).toBe("you said hi");
    const e = await event;
    expect(Object.keys(e)).toEqual(["requestContext", "body", "isBase64Encoded"]);
    const ctx = e.requestContext as Record<string, unknown>;
    expect(Object.keys(ctx)).toEqual([
      "routeKey", "messageId", "eventType", "extendedRequestId", "requestTime", "messageDirection", "stage", "connectedAt",
      "requestTimeEpoch", "identity", "requestId", "domainName", "connectionId", "apiId",
    ]);
    expect(ctx).toMatchObject({ routeKey: "sendmessage", eventType: "MESSAGE", messageDirection: "IN", stage: "dev", apiId: "wsapi12345" });
    expect(ctx.messageId).toMatch(CONNECTION_ID);
    expect(e.body).toBe('{"action":"sendmessage","text":"hi"}');
  });

  it("sends a non-JSON body and an unknown action to $default", async () => {
    const client = await connect();
    client.ws.send("plain text");
    expect(await client.next()).toBe("default got plain text");
    client.ws.send('{"action":"nobody"}');
    expect(await client.next()).toBe('default got {"action":"nobody"}');
  });

  it("sends a two-way route's response body back to the client", async () => {
    const client = await connect();
    client.ws.send('{"action":"echo"}');
    expect(await client.next()).toBe('echo {"action":"echo"}');
  });

  it("answers AWS's Forbidden frame when no route and no $default match", async () => {
    const client = await connect("/strict");
    client.ws.send('{"meta":{"type":"ping"}}');
    expect(await client.next()).toBe('echo {"meta":{"type":"ping"}}');
    client.ws.send('{"meta":{"type":"other"}}');
    const frame = await client.next();
    expect(frame).toMatch(/^\{"message": "Forbidden", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[A-Za-z0-9_-]{15}="\}$/);
  });

  it("answers AWS's Internal server error frame when the function fails", async () => {
    const client = await connect();
    client.ws.send('{"action":"boom"}');
    expect(await client.next()).toMatch(/^\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[A-Za-z0-9_-]{15}="\}$/);
  });

  it("closes the connection on a binary frame (1003) and on a message over 128 KB (1009 Message too big)", async () => {
    const binary = await connect();
    const done = closed(binary.ws);
    binary.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await done).code).toBe(1003);
    const big = await connect();
    const tooBig = closed(big.ws);
    const disconnected = nextEventOf("disconnect", (e) => (e.requestContext as { disconnectStatusCode: number }).disconnectStatusCode === 1009);
    big.ws.send("x".repeat(128 * 1024 + 1));
    expect(await tooBig).toEqual({ code: 1009, reason: "Message too big" });
    expect((await disconnected).requestContext).toMatchObject({ disconnectStatusCode: 1009, disconnectReason: "Message too big" });
  });
});

describe("@connections", () => {
  it("GetConnection describes the connection; DeleteConnection closes it and $disconnect follows; then 410 GoneException", async () => {
    const connected = nextEventOf("connect");
    const client = await connect("/dev", { "User-Agent": "tester/2.0" });
    const id = ((await connected).requestContext as { connectionId: string }).connectionId;
    const api = new ApiGatewayManagementApiClient({ endpoint: `${server.url}/dev`, region: "us-east-1", credentials: CREDENTIALS });

    await clock.advance(5_000);
    client.ws.send('{"action":"echo"}');
    await client.next();
    const info = await api.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.ConnectedAt?.toISOString()).toBe(new Date(START).toISOString());
    expect(info.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(START + 5_000);
    expect(info.Identity).toEqual({ SourceIp: "127.0.0.1", UserAgent: "tester/2.0" });

    // The endpoint without the stage works too (/@connections/<id>).
    const bare = new ApiGatewayManagementApiClient({ endpoint: server.url, region: "us-east-1", credentials: CREDENTIALS });
    await bare.send(new PostToConnectionCommand({ ConnectionId: id, Data: "direct" }));
    expect(await client.next()).toBe("direct");

    const disconnected = nextEventOf("disconnect", (e) => (e.requestContext as { connectionId: string }).connectionId === id);
    const closing = closed(client.ws);
    await api.send(new DeleteConnectionCommand({ ConnectionId: id }));
    await closing;
    const d = await disconnected;
    expect(Object.keys(d)).toEqual(["headers", "multiValueHeaders", "requestContext", "isBase64Encoded"]);
    expect(d.requestContext).toMatchObject({ routeKey: "$disconnect", eventType: "DISCONNECT", connectionId: id, disconnectStatusCode: 1000, disconnectReason: "" });

    const gone = await api.send(new PostToConnectionCommand({ ConnectionId: id, Data: "late" })).catch((error: unknown) => error);
    expect(gone).toMatchObject({ name: "GoneException", $metadata: { httpStatusCode: 410 } });
    await expect(api.send(new GetConnectionCommand({ ConnectionId: id }))).rejects.toMatchObject({ name: "GoneException" });
    await expect(api.send(new DeleteConnectionCommand({ ConnectionId: id }))).rejects.toMatchObject({ name: "GoneException" });
    api.destroy();
    bare.destroy();
  });

  it("reports the client's close code and reason to $disconnect", async () => {
    const client = await connect();
    const disconnected = nextEventOf("disconnect", (e) => (e.requestContext as { disconnectStatusCode: number }).disconnectStatusCode === 4001);
    client.ws.close(4001, "bye");
    const ctx = (await disconnected).requestContext as Record<string, unknown>;
    expect(ctx.disconnectStatusCode).toBe(4001);
    expect(ctx.disconnectReason).toBe("bye");
  });

  it("refuses Data over 128 KB with PayloadTooLargeException", async () => {
    const connected = nextEventOf("connect");
    await connect();
    const id = ((await connected).requestContext as { connectionId: string }).connectionId;
    const api = new ApiGatewayManagementApiClient({ endpoint: `${server.url}/dev`, region: "us-east-1", credentials: CREDENTIALS });
    await expect(api.send(new PostToConnectionCommand({ ConnectionId: id, Data: "x".repeat(128 * 1024 + 1) }))).rejects.toMatchObject({
      name: "PayloadTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
    api.destroy();
  });
});

describe("quotas", () => {
  it("closes a connection idle for 10 minutes (1001 Going away)", async () => {
    const client = await connect();
    const done = closed(client.ws);
    await clock.advance(10 * 60 * 1000 - 1);
    client.ws.send('{"action":"echo"}');
    await client.next();
    // The message re-armed the idle timer: 10 more minutes from now.
    await clock.advance(10 * 60 * 1000);
    expect(await done).toEqual({ code: 1001, reason: "Going away" });
  });

  it("closes a connection after 2 hours even when active", async () => {
    const client = await connect();
    const done = closed(client.ws);
    for (let i = 0; i < 13; i++) {
      await clock.advance(9 * 60 * 1000);
      client.ws.send('{"action":"echo"}');
      await client.next();
    }
    // 117 minutes in, idle for none of them: the 2-hour limit ends it 3 minutes later.
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    await clock.advance(3 * 60 * 1000);
    expect(await done).toEqual({ code: 1001, reason: "Going away" });
  });
});

describe("a Lambda REQUEST authorizer on $connect", () => {
  const url = () => `${wsUrl}/guarded?room=a`;

  it("refuses with 401 before any call when an identity source is missing", async () => {
    const calls = lambda.calls.length;
    expect(await handshakeStatus(`${wsUrl}/guarded?room=a`)).toBe(401);
    expect(await handshakeStatus(`${wsUrl}/guarded`, { Auth: "allow" })).toBe(401);
    expect(lambda.calls.slice(calls).filter((c) => c.functionName === "authz" || c.functionName === "connect")).toEqual([]);
  });

  it("answers the function's verdict: 401 for Unauthorized, 403 for a Deny, 500 for no policy", async () => {
    expect(await handshakeStatus(url(), { Auth: "unauth" })).toBe(401);
    expect(await handshakeStatus(url(), { Auth: "deny" })).toBe(403);
    expect(await handshakeStatus(url(), { Auth: "broken" })).toBe(500);
  });

  it("gives the function the REQUEST event, then $connect and every message its principalId and context", async () => {
    const authorizerEvent = nextEventOf("authz");
    const connectEvent = nextEventOf("connect", (e) => (e.requestContext as Record<string, unknown>).apiId === "guard12345");
    const ws = new WebSocket(url(), { headers: { Auth: "allow" } });
    open.push(ws);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const event = await authorizerEvent;
    expect(event).toMatchObject({
      type: "REQUEST",
      methodArn: "arn:aws:execute-api:eu-west-1:123456789012:guard12345/guarded/$connect",
      headers: { Auth: "allow" },
      queryStringParameters: { room: "a" },
      stageVariables: { room: "lobby" },
      requestContext: { routeKey: "$connect", eventType: "CONNECT", stage: "guarded", apiId: "guard12345" },
    });
    expect((event.requestContext as Record<string, unknown>).authorizer).toBeUndefined();
    const authorizer = { tier: "gold", level: 3, principalId: "user-1", integrationLatency: 0 };
    expect((await connectEvent).requestContext).toMatchObject({ authorizer });
    const reply = new Promise<string>((resolve) => ws.once("message", (data: Buffer) => resolve(data.toString("utf8"))));
    ws.send('{"action":"whoami"}');
    expect(JSON.parse(await reply)).toEqual(authorizer);
  });
});
