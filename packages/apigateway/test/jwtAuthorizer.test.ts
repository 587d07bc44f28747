import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, START, startGateway } from "./helpers.js";

/** A local OpenID issuer: its keys at /.well-known/jwks.json, counted. */
async function startIssuer(): Promise<{ url: string; privateKey: KeyLike; fetches: () => number; close: () => Promise<void> }> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      fetches++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, privateKey, fetches: () => fetches, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("HTTP API JWT authorizer", () => {
  let h: Harness;
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  const now = Math.floor(START / 1000);

  const token = (claims: Record<string, unknown>, options: { iss?: string; exp?: number } = {}) =>
    new SignJWT({ scope: "read write", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(options.iss ?? issuer.url)
      .setIssuedAt(now)
      .setExpirationTime(options.exp ?? now + 3600)
      .setSubject("user-7")
      .sign(issuer.privateKey);

  beforeAll(async () => {
    issuer = await startIssuer();
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/me", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Jwt" } },
          { method: "GET", path: "/admin", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Jwt", scopes: ["admin"] } },
          { method: "GET", path: "/down", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "Down" } },
          { method: "GET", path: "/unresolved", functionName: "app", payloadFormatVersion: "2.0", authorization: { authorizer: "NotUrl" } },
        ],
        {
          authorizers: [
            { name: "Jwt", type: "JWT", issuer: issuer.url, audience: ["my-client"], identitySources: ["$request.header.Authorization"] },
            { name: "Down", type: "JWT", issuer: "http://127.0.0.1:9", audience: ["x"], identitySources: ["$request.header.Authorization"] },
            // What a template's issuer becomes when it names a nested stack's output the sandbox does not resolve.
            { name: "NotUrl", type: "JWT", issuer: "AuthStack.Outputs.Issuer", audience: ["x"], identitySources: ["$request.header.Authorization"] },
          ],
        },
      ),
    ]);
    h.lambda.script("app", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(async () => {
    await h.close();
    await issuer.close();
  });

  it("passes a valid token (with or without Bearer) and gives the claims to the function", async () => {
    const jwt = await token({ aud: "my-client" });
    for (const value of [`Bearer ${jwt}`, jwt]) {
      const res = await fetch(`${h.url}/me`, { headers: { Authorization: value } });
      expect(res.status).toBe(200);
    }
    const authorizer = (h.lambda.lastEvent().requestContext as Record<string, unknown>).authorizer;
    expect(authorizer).toEqual({
      jwt: { claims: { scope: "read write", iss: issuer.url, aud: "my-client", iat: String(now), exp: String(now + 3600), sub: "user-7" }, scopes: null },
    });
    expect(issuer.fetches()).toBe(1);
  });

  it("accepts client_id when the token has no aud", async () => {
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: await token({ client_id: "my-client" }) } });
    expect(res.status).toBe(200);
  });

  it("answers 401 without a token", async () => {
    const res = await fetch(`${h.url}/me`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
  });

  it("answers 401 with AWS's www-authenticate challenge for another audience", async () => {
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: await token({ aud: "someone-else" }) } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"');
  });

  it("answers 401 for an expired token (on the gateway's clock), a wrong issuer and a bad signature", async () => {
    const expired = await token({ aud: "my-client" }, { exp: now - 10 });
    const wrongIssuer = await token({ aud: "my-client" }, { iss: "https://elsewhere.example" });
    const good = await token({ aud: "my-client" });
    const tampered = `${good.slice(0, -4)}AAAA`;
    for (const jwt of [expired, wrongIssuer, tampered]) {
      expect((await fetch(`${h.url}/me`, { headers: { Authorization: jwt } })).status).toBe(401);
    }
  });

  it("answers 403 Forbidden when the token has none of the route's scopes, and passes scopes when it has one", async () => {
    const res = await fetch(`${h.url}/admin`, { headers: { Authorization: await token({ aud: "my-client" }) } });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"message":"Forbidden"}');
    const ok = await fetch(`${h.url}/admin`, { headers: { Authorization: await token({ aud: "my-client", scope: "admin" }) } });
    expect(ok.status).toBe(200);
    expect((h.lambda.lastEvent().requestContext as Record<string, Record<string, unknown>>).authorizer.jwt).toMatchObject({ scopes: ["admin"] });
  });

  it("answers 401 and warns once, naming the issuer, when the issuer cannot be reached", async () => {
    const jwt = await token({ aud: "x" });
    expect((await fetch(`${h.url}/down`, { headers: { Authorization: jwt } })).status).toBe(401);
    expect((await fetch(`${h.url}/down`, { headers: { Authorization: jwt } })).status).toBe(401);
    const warnings = h.warnings.filter((w) => w.includes("http://127.0.0.1:9"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("JWT authorizer Down");
  });

  it("starts with an issuer that is not a URL and refuses every token with 401", async () => {
    const jwt = await token({ aud: "x" });
    expect((await fetch(`${h.url}/unresolved`, { headers: { Authorization: jwt } })).status).toBe(401);
    expect((await fetch(`${h.url}/unresolved`)).status).toBe(401);
  });
});
