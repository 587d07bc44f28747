// An OAuth connection is AUTHORIZING while EventBridge exchanges its client credentials for a
// token at the AuthorizationEndpoint, then AUTHORIZED (its API destinations ACTIVE, called with
// the token) or DEAUTHORIZED when the endpoint gives none ("Connection states in EventBridge",
// User Guide). The endpoint here is a local HTTP server.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateApiDestinationCommand, CreateConnectionCommand, DescribeApiDestinationCommand, DescribeConnectionCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand,
  UpdateConnectionCommand,
} from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEventBridge, type Harness } from "./helpers.js";

let h: Harness;
let server: Server;
let base: string;
const requests: Array<{ path: string; method: string; headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  h = await startEventBridge();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", method: req.method ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (req.url?.startsWith("/token")) {
        const good = req.headers.authorization === `Basic ${Buffer.from("client-id:client-secret").toString("base64")}`;
        res.writeHead(good ? 200 : 401, { "content-type": "application/json" });
        res.end(good ? JSON.stringify({ access_token: "token-1", token_type: "Bearer", expires_in: 3600 }) : JSON.stringify({ error: "invalid_client" }));
        return;
      }
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await h.close();
  await new Promise((resolve) => server.close(resolve));
});

const oauth = (secret: string) => ({
  OAuthParameters: {
    AuthorizationEndpoint: `${base}/token`,
    HttpMethod: "POST" as const,
    ClientParameters: { ClientID: "client-id", ClientSecret: secret },
    OAuthHttpParameters: { BodyParameters: [{ Key: "grant_type", Value: "client_credentials" }], HeaderParameters: [{ Key: "X-Tenant", Value: "t1" }] },
  },
});
const state = async (Name: string) => (await h.client.send(new DescribeConnectionCommand({ Name }))).ConnectionState;

describe("an OAuth connection", () => {
  it("is AUTHORIZED once its client credentials bought a token, and its API destination calls carry the token", async () => {
    const created = await h.client.send(new CreateConnectionCommand({ Name: "oauth-good", AuthorizationType: "OAUTH_CLIENT_CREDENTIALS", AuthParameters: oauth("client-secret") }));
    expect(created.ConnectionState).toBe("AUTHORIZING");
    await h.eb.engine.connections.settled();
    expect(await state("oauth-good")).toBe("AUTHORIZED");
    const exchange = requests.find((r) => r.path === "/token");
    expect(exchange).toMatchObject({ method: "POST", body: "grant_type=client_credentials", headers: { "x-tenant": "t1", "content-type": "application/x-www-form-urlencoded" } });

    const destination = await h.client.send(new CreateApiDestinationCommand({ Name: "oauth-api", ConnectionArn: created.ConnectionArn, InvocationEndpoint: `${base}/api`, HttpMethod: "POST" }));
    expect((await h.client.send(new DescribeApiDestinationCommand({ Name: "oauth-api" }))).ApiDestinationState).toBe("ACTIVE");
    await h.client.send(new PutRuleCommand({ Name: "to-oauth-api", EventPattern: JSON.stringify({ source: ["oauth.test"] }) }));
    await h.client.send(new PutTargetsCommand({ Rule: "to-oauth-api", Targets: [{ Id: "api", Arn: destination.ApiDestinationArn, RoleArn: "arn:aws:iam::000000000000:role/events" }] }));
    await h.client.send(new PutEventsCommand({ Entries: [{ Source: "oauth.test", DetailType: "Ping", Detail: "{}" }] }));
    await expect.poll(() => requests.find((r) => r.path === "/api")?.headers.authorization, { timeout: 5_000 }).toBe("Bearer token-1");
  });

  it("is DEAUTHORIZED when the authorization endpoint refuses, AUTHORIZED again after an update with the right secret", async () => {
    const created = await h.client.send(new CreateConnectionCommand({ Name: "oauth-bad", AuthorizationType: "OAUTH_CLIENT_CREDENTIALS", AuthParameters: oauth("wrong") }));
    expect(created.ConnectionState).toBe("AUTHORIZING");
    await h.eb.engine.connections.settled();
    expect(await state("oauth-bad")).toBe("DEAUTHORIZED");
    await h.client.send(new CreateApiDestinationCommand({ Name: "oauth-bad-api", ConnectionArn: created.ConnectionArn, InvocationEndpoint: `${base}/api`, HttpMethod: "POST" }));
    expect((await h.client.send(new DescribeApiDestinationCommand({ Name: "oauth-bad-api" }))).ApiDestinationState).toBe("INACTIVE");

    const updated = await h.client.send(new UpdateConnectionCommand({ Name: "oauth-bad", AuthorizationType: "OAUTH_CLIENT_CREDENTIALS", AuthParameters: oauth("client-secret") }));
    expect(updated.ConnectionState).toBe("AUTHORIZING");
    await h.eb.engine.connections.settled();
    expect(await state("oauth-bad")).toBe("AUTHORIZED");
    expect((await h.client.send(new DescribeApiDestinationCommand({ Name: "oauth-bad-api" }))).ApiDestinationState).toBe("ACTIVE");
  });
});
