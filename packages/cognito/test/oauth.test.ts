import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListResourceServersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const CALLBACK = "http://localhost:3000/callback";

function claims(token: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(token).split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("user pool domains, resource servers and the hosted UI", () => {
  let h: Harness;
  let poolId: string;
  let clientId: string;
  let machineId: string;
  let machineSecret: string;
  let base: string;

  const authorizeUrl = (params: Record<string, string>) => `${base}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, ...params })}`;
  const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body).toString() });
  const login = (url: string, username: string, password: string) =>
    fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username, password }).toString() });

  beforeAll(async () => {
    h = await startCognito();
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "hosted" }));
    poolId = String(pool.UserPool?.Id);
    const client = await h.client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "spa",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code", "implicit"],
        AllowedOAuthScopes: ["openid", "email", "profile"],
        CallbackURLs: [CALLBACK],
        LogoutURLs: ["http://localhost:3000/bye"],
        SupportedIdentityProviders: ["COGNITO"],
      }),
    );
    clientId = String(client.UserPoolClient?.ClientId);
    await h.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "orders", Name: "Orders API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read orders" }] }));
    const machine = await h.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "worker", GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["orders/read"] }),
    );
    machineId = String(machine.UserPoolClient?.ClientId);
    machineSecret = String(machine.UserPoolClient?.ClientSecret);
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "my-app" }));
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "ann", MessageAction: "SUPPRESS", TemporaryPassword: "Passw0rd!", UserAttributes: [{ Name: "email", Value: "ann@example.com" }] }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "ann", Password: "Passw0rd!", Permanent: true }));
    base = `${h.url}/my-app.auth.us-east-1.amazoncognito.com`;
  });

  afterAll(() => h.close());

  describe("CreateUserPoolDomain", () => {
    it("describes the domain and shows it in DescribeUserPool and the discovery document", async () => {
      const { DomainDescription } = await h.client.send(new DescribeUserPoolDomainCommand({ Domain: "my-app" }));
      expect(DomainDescription).toMatchObject({ UserPoolId: poolId, Domain: "my-app", Status: "ACTIVE", AWSAccountId: "000000000000" });
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Domain).toBe("my-app");
      const discovery = (await (await fetch(`${h.url}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, string>;
      expect(discovery.authorization_endpoint).toBe(`${base}/oauth2/authorize`);
      expect(discovery.token_endpoint).toBe(`${base}/oauth2/token`);
    });

    it("refuses a domain another pool has, and answers an unknown domain with an empty description", async () => {
      const other = await h.client.send(new CreateUserPoolCommand({ PoolName: "other" }));
      expect(await errorOf(h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: String(other.UserPool?.Id), Domain: "my-app" })))).toMatchObject({
        name: "InvalidParameterException",
        message: "Domain already associated with another user pool.",
      });
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: String(other.UserPool?.Id), Domain: "other-app" }));
      await h.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: String(other.UserPool?.Id), Domain: "other-app" }));
      expect((await h.client.send(new DescribeUserPoolDomainCommand({ Domain: "other-app" }))).DomainDescription).toEqual({});
    });

    it("keeps resource servers", async () => {
      const { ResourceServer } = await h.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: "orders" }));
      expect(ResourceServer).toEqual({ UserPoolId: poolId, Identifier: "orders", Name: "Orders API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read orders" }] });
      expect((await h.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10 }))).ResourceServers).toHaveLength(1);
    });
  });

  describe("authorization code grant with PKCE", () => {
    const verifier = "a-code-verifier-that-is-long-enough-0123456789";
    const challenge = createHash("sha256").update(verifier).digest("base64url");

    it("serves a sign-in form, redirects with a code and state, and exchanges the code once", async () => {
      const url = authorizeUrl({ response_type: "code", scope: "openid email", state: "xyz", nonce: "n-0S6", code_challenge: challenge, code_challenge_method: "S256" });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(await page.text()).toContain('name="password"');

      const wrong = await login(url, "ann", "nope");
      expect(wrong.status).toBe(200);
      expect(await wrong.text()).toContain("Incorrect username or password.");

      const signedIn = await login(url, "ann", "Passw0rd!");
      expect(signedIn.status).toBe(302);
      const location = new URL(String(signedIn.headers.get("location")));
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.searchParams.get("state")).toBe("xyz");
      const code = String(location.searchParams.get("code"));

      const badVerifier = await form({ grant_type: "authorization_code", client_id: clientId, code, redirect_uri: CALLBACK, code_verifier: "wrong" });
      expect(badVerifier.status).toBe(400);
      expect(await badVerifier.json()).toEqual({ error: "invalid_grant" });

      // The failed exchange used the code up; sign in again for a fresh one.
      const again = new URL(String((await login(url, "ann", "Passw0rd!")).headers.get("location")));
      const exchange = await form({ grant_type: "authorization_code", client_id: clientId, code: String(again.searchParams.get("code")), redirect_uri: CALLBACK, code_verifier: verifier });
      expect(exchange.status).toBe(200);
      const tokens = (await exchange.json()) as Record<string, unknown>;
      expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
      expect(claims(tokens.access_token)).toMatchObject({ scope: "openid email", username: "ann", client_id: clientId });
      expect(claims(tokens.id_token)).toMatchObject({ "cognito:username": "ann", aud: clientId, email: "ann@example.com", nonce: "n-0S6" });

      const info = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${String(tokens.access_token)}` } });
      expect(await info.json()).toMatchObject({ sub: claims(tokens.id_token).sub, email: "ann@example.com", username: "ann" });

      const refreshed = await form({ grant_type: "refresh_token", client_id: clientId, refresh_token: String(tokens.refresh_token) });
      const next = (await refreshed.json()) as Record<string, unknown>;
      expect(claims(next.access_token).scope).toBe("openid email");
      expect(next.refresh_token).toBeUndefined();

      const revoked = await fetch(`${base}/oauth2/revoke`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: String(tokens.refresh_token), client_id: clientId }).toString() });
      expect(revoked.status).toBe(200);
      expect(await (await form({ grant_type: "refresh_token", client_id: clientId, refresh_token: String(tokens.refresh_token) })).json()).toEqual({ error: "invalid_grant" });
      const afterRevoke = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${String(next.access_token)}` } });
      expect(afterRevoke.status).toBe(401);
    });

    it("answers the token endpoint's OAuth errors", async () => {
      expect(await (await form({ grant_type: "authorization_code", client_id: clientId, code: "unknown", redirect_uri: CALLBACK })).json()).toEqual({ error: "invalid_grant" });
      expect(await (await form({ grant_type: "password", client_id: clientId })).json()).toEqual({ error: "unsupported_grant_type" });
      expect(await (await form({ grant_type: "authorization_code", client_id: "nope", code: "x" })).json()).toEqual({ error: "invalid_client" });
    });

    it("redirects a bad redirect_uri to the error page and a bad scope back to the app", async () => {
      const mismatch = await fetch(authorizeUrl({ response_type: "code", redirect_uri: "http://evil.test/" }), { redirect: "manual" });
      expect(mismatch.status).toBe(302);
      expect(mismatch.headers.get("location")).toBe(`/my-app.auth.us-east-1.amazoncognito.com/error?error=redirect_mismatch&client_id=${clientId}`);
      const scope = await fetch(authorizeUrl({ response_type: "code", scope: "phone", state: "s1" }), { redirect: "manual" });
      expect(scope.headers.get("location")).toBe(`${CALLBACK}?error=invalid_scope&state=s1`);
    });
  });

  it("returns tokens in the fragment for the implicit grant", async () => {
    const signedIn = await login(authorizeUrl({ response_type: "token", scope: "openid", state: "st" }), "ann", "Passw0rd!");
    const fragment = new URLSearchParams(new URL(String(signedIn.headers.get("location"))).hash.slice(1));
    expect(fragment.get("token_type")).toBe("Bearer");
    expect(fragment.get("state")).toBe("st");
    expect(claims(fragment.get("id_token")).token_use).toBe("id");
  });

  it("grants client_credentials the resource server's scopes, with the client secret", async () => {
    const basic = `Basic ${Buffer.from(`${machineId}:${machineSecret}`).toString("base64")}`;
    const response = await form({ grant_type: "client_credentials", scope: "orders/read" }, { authorization: basic });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(claims(body.access_token)).toMatchObject({ sub: machineId, client_id: machineId, scope: "orders/read", token_use: "access" });
    expect(await (await form({ grant_type: "client_credentials", scope: "orders/write" }, { authorization: basic })).json()).toEqual({ error: "invalid_scope" });
    expect(await (await form({ grant_type: "client_credentials", client_id: machineId, client_secret: "wrong" })).json()).toEqual({ error: "invalid_client" });
  });

  it("redirects /logout to a registered logout_uri", async () => {
    const out = await fetch(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: "http://localhost:3000/bye" })}`, { redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("http://localhost:3000/bye");
  });
});
