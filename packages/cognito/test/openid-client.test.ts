/**
 * The hosted UI and OAuth 2.0 endpoints of a user pool domain, driven by openid-client (panva; an
 * OpenID Certified relying-party library) as an app signing users in through managed login would:
 * discovery, the authorization code flow with PKCE (the library checks iss, aud, nonce, at_hash and
 * the signature against the JWKS), userinfo, refresh, revocation, client credentials and logout.
 * aws-jwt-verify then checks the tokens as an API behind the app would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import type { JwksCache } from "aws-jwt-verify/jwk";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  GetUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { accessTokenHash } from "../src/engine/tokens.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const CALLBACK = "http://localhost:3000/callback";
const SIGNED_OUT = "http://localhost:3000/signed-out";
const PASSWORD = "Passw0rd!";

type Jwks = Parameters<JwksCache["addJwks"]>[1];

const decode = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

describe("accessTokenHash", () => {
  it("is the left half of the access token's SHA-256, base64url (OpenID Connect Core, Appendix A.4's example)", () => {
    expect(accessTokenHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")).toBe("77QmUPtjPfzWtF2AnpK9RQ");
  });
});

describe("the hosted UI through openid-client", () => {
  let h: Harness;
  let poolId: string;
  let issuer: string;
  let base: string;
  let web: { id: string; secret: string };
  let spa: string;
  let noRevocation: string;
  let machine: { id: string; secret: string };
  let jwks: Jwks;

  const insecure = { execute: [oidc.allowInsecureRequests] };
  const discoverWeb = () => oidc.discovery(new URL(issuer), web.id, undefined, oidc.ClientSecretBasic(web.secret), insecure);
  const discoverSpa = () => oidc.discovery(new URL(issuer), spa, undefined, oidc.None(), insecure);

  /** The "cognito" session cookie a response sets (name=value), if any. */
  const sessionCookie = (response: Response): string | undefined =>
    response.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] ?? "")
      .find((pair) => pair.startsWith("cognito="));

  /**
   * Follows the authorization URL as a browser does: /oauth2/authorize redirects to /login with the
   * same parameters, whose form is submitted back to /login. Answers the app's callback URL and the
   * session cookie the sign-in set.
   */
  async function signIn(authorizationUrl: URL, username = "ann", password = PASSWORD): Promise<URL> {
    return (await browserSignIn(authorizationUrl, username, password)).callback;
  }

  async function browserSignIn(authorizationUrl: URL, username = "ann", password = PASSWORD): Promise<{ callback: URL; cookie: string }> {
    const authorize = await fetch(authorizationUrl, { redirect: "manual" });
    expect(authorize.status).toBe(302);
    const login = new URL(String(authorize.headers.get("location")), authorizationUrl);
    expect(login.pathname).toBe(`${new URL(base).pathname}/login`);
    expect(login.search).toBe(authorizationUrl.search);
    const page = await fetch(login);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="username"');
    // The form posts back to the page's own URL (no action attribute).
    expect(html).toMatch(/<form method="post">/);
    const submitted = await fetch(login, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password }).toString(),
    });
    expect(submitted.status).toBe(302);
    const cookie = sessionCookie(submitted);
    expect(cookie).toMatch(/^cognito=.+/);
    return { callback: new URL(String(submitted.headers.get("location"))), cookie: String(cookie) };
  }

  /** The whole authorization code flow with PKCE, state and nonce, checked by the library. */
  async function codeFlow(config: oidc.Configuration, scope: string) {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    const callback = await signIn(url);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    return { tokens, nonce };
  }

  beforeAll(async () => {
    h = await startCognito();
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "oidc", AutoVerifiedAttributes: ["email"] }));
    poolId = String(pool.UserPool?.Id);
    issuer = `${h.url}/${poolId}`;
    await h.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "orders", Name: "Orders API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read orders" }] }));
    const hosted = {
      UserPoolId: poolId,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code" as const],
      AllowedOAuthScopes: ["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin", "orders/read"],
      CallbackURLs: [CALLBACK],
      LogoutURLs: [SIGNED_OUT],
      SupportedIdentityProviders: ["COGNITO"],
    };
    const webClient = (await h.client.send(new CreateUserPoolClientCommand({ ...hosted, ClientName: "web", GenerateSecret: true }))).UserPoolClient;
    web = { id: String(webClient?.ClientId), secret: String(webClient?.ClientSecret) };
    spa = String((await h.client.send(new CreateUserPoolClientCommand({ ...hosted, ClientName: "spa", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId);
    noRevocation = String((await h.client.send(new CreateUserPoolClientCommand({ ...hosted, ClientName: "no-revocation", EnableTokenRevocation: false }))).UserPoolClient?.ClientId);
    const machineClient = (
      await h.client.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "worker", GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["orders/read"] }),
      )
    ).UserPoolClient;
    machine = { id: String(machineClient?.ClientId), secret: String(machineClient?.ClientSecret) };
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "oidc-app" }));
    base = `${h.url}/oidc-app.auth.us-east-1.amazoncognito.com`;
    await h.client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "ann",
        MessageAction: "SUPPRESS",
        TemporaryPassword: PASSWORD,
        UserAttributes: [
          { Name: "email", Value: "ann@example.com" },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: "Ann Example" },
          { Name: "phone_number", Value: "+12065551212" },
        ],
      }),
    );
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "ann", Password: PASSWORD, Permanent: true }));
    await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins", Precedence: 1 }));
    await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "ann", GroupName: "admins" }));
    jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as Jwks;
  });

  afterAll(() => h.close());

  it("discovers the pool's issuer, JWKS and the domain's endpoints", async () => {
    const metadata = (await discoverWeb()).serverMetadata();
    expect(metadata).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      end_session_endpoint: `${base}/logout`,
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
  });

  it("signs in with the authorization code flow and PKCE (client_secret_basic), the library checking the ID token", async () => {
    const config = await discoverWeb();
    const { tokens, nonce } = await codeFlow(config, "openid email profile aws.cognito.signin.user.admin orders/read");
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeTruthy();
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: issuer, aud: web.id, nonce, token_use: "id", "cognito:username": "ann", email: "ann@example.com", email_verified: true, "cognito:groups": ["admins"] });
    expect(claims?.at_hash).toBe(accessTokenHash(tokens.access_token));
    expect(decode(tokens.access_token)).toMatchObject({ version: 2, token_use: "access", client_id: web.id, username: "ann" });
    expect(tokens.scope).toBeUndefined();
  });

  it("answers userinfo for the access token, verified flags as strings", async () => {
    const config = await discoverWeb();
    const { tokens } = await codeFlow(config, "openid email phone");
    const sub = String(tokens.claims()?.sub);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    expect(info).toEqual({ sub, username: "ann", email: "ann@example.com", email_verified: "true", phone_number: "+12065551212" });
  });

  it("answers every attribute the client can read for openid alone, and the profile scope's for profile", async () => {
    const config = await discoverWeb();
    const all = (await codeFlow(config, "openid")).tokens;
    const sub = String(all.claims()?.sub);
    expect(await oidc.fetchUserInfo(config, all.access_token, sub)).toEqual({ sub, username: "ann", email: "ann@example.com", email_verified: "true", name: "Ann Example", phone_number: "+12065551212" });
    const profile = (await codeFlow(config, "openid profile")).tokens;
    expect(await oidc.fetchUserInfo(config, profile.access_token, sub)).toEqual({ sub, username: "ann", name: "Ann Example" });
  });

  it("refreshes, revokes, and refuses the revoked refresh token with invalid_grant", async () => {
    const config = await discoverWeb();
    const { tokens } = await codeFlow(config, "openid email");
    const refreshed = await oidc.refreshTokenGrant(config, String(tokens.refresh_token));
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()).toMatchObject({ iss: issuer, aud: web.id, sub: tokens.claims()?.sub });
    await oidc.tokenRevocation(config, String(tokens.refresh_token));
    const refused = await oidc.refreshTokenGrant(config, String(tokens.refresh_token)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect(refused).toMatchObject({ error: "invalid_grant", status: 400 });
    const userinfo = await oidc.fetchUserInfo(config, refreshed.access_token, String(tokens.claims()?.sub)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(userinfo).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    expect(userinfo).toMatchObject({ status: 401 });
  });

  it("signs a public client in with PKCE and client_id alone", async () => {
    const config = await discoverSpa();
    const { tokens } = await codeFlow(config, "openid");
    expect(tokens.claims()).toMatchObject({ aud: spa, "cognito:username": "ann" });
    await oidc.tokenRevocation(config, String(tokens.refresh_token));
  });

  it("authenticates with client_secret_post too", async () => {
    const config = await oidc.discovery(new URL(issuer), web.id, undefined, oidc.ClientSecretPost(web.secret), insecure);
    const { tokens } = await codeFlow(config, "openid");
    expect(tokens.claims()?.aud).toBe(web.id);
  });

  it("grants client_credentials a resource server's scope", async () => {
    const config = await oidc.discovery(new URL(issuer), machine.id, undefined, oidc.ClientSecretPost(machine.secret), insecure);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "orders/read" });
    expect(tokens.expires_in).toBe(3600);
    const verifier = JwtVerifier.create({
      issuer,
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      scope: "orders/read",
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: "access", clientId: machine.id }),
    });
    verifier.cacheJwks(jwks);
    expect(await verifier.verify(tokens.access_token)).toMatchObject({ sub: machine.id, client_id: machine.id, token_use: "access", scope: "orders/read" });
  });

  it("redirects the end-session URL to the registered sign-out URL", async () => {
    const config = await discoverWeb();
    const url = oidc.buildEndSessionUrl(config, { logout_uri: SIGNED_OUT });
    const out = await fetch(url, { redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(SIGNED_OUT);
  });

  it("lets the user-pools API take a hosted-UI access token only with the aws.cognito.signin.user.admin scope", async () => {
    const config = await discoverWeb();
    const { tokens } = await codeFlow(config, "openid email");
    expect(await errorOf(h.client.send(new GetUserCommand({ AccessToken: tokens.access_token })))).toEqual({ name: "NotAuthorizedException", message: "Access Token does not have required scopes", status: 400 });
    const admin = (await codeFlow(config, "openid aws.cognito.signin.user.admin")).tokens;
    expect((await h.client.send(new GetUserCommand({ AccessToken: admin.access_token }))).Username).toBe("ann");
  });

  it("issues tokens aws-jwt-verify accepts with the expected token_use, client, scope and groups", async () => {
    const config = await discoverWeb();
    const { tokens } = await codeFlow(config, "openid email aws.cognito.signin.user.admin orders/read");
    const idVerifier = JwtVerifier.create({
      issuer,
      audience: web.id,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: "id", clientId: web.id, groups: "admins" }),
    });
    idVerifier.cacheJwks(jwks);
    expect(await idVerifier.verify(String(tokens.id_token))).toMatchObject({ token_use: "id", aud: web.id, "cognito:groups": ["admins"] });
    const accessVerifier = JwtVerifier.create({
      issuer,
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      scope: ["orders/read"],
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: "access", clientId: web.id, groups: "admins" }),
    });
    accessVerifier.cacheJwks(jwks);
    const access = await accessVerifier.verify(tokens.access_token);
    expect(access).toMatchObject({ token_use: "access", client_id: web.id, username: "ann", "cognito:groups": ["admins"] });
    expect(String(access.scope).split(" ").sort()).toEqual(["aws.cognito.signin.user.admin", "email", "openid", "orders/read"]);
  });

  describe("error answers, as AWS's endpoint pages give them", () => {
    const post = (endpoint: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${base}${endpoint}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body).toString() });
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}` });
    const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });

    it("token endpoint: invalid_request, invalid_client, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope", async () => {
      const web64 = basic(web.id, web.secret);
      expect(await answer(await post("/oauth2/token", { client_id: spa }))).toEqual({ status: 400, body: { error: "invalid_request" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "refresh_token" }, web64))).toEqual({ status: 400, body: { error: "invalid_request" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "authorization_code", redirect_uri: CALLBACK }, web64))).toEqual({ status: 400, body: { error: "invalid_request" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "authorization_code", code: "0c4d9a1e-unknown", redirect_uri: CALLBACK }, web64))).toEqual({ status: 400, body: { error: "invalid_grant" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "refresh_token", refresh_token: "not-a-refresh-token" }, web64))).toEqual({ status: 400, body: { error: "invalid_grant" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "client_credentials" }, basic(web.id, "wrong-secret")))).toEqual({ status: 400, body: { error: "invalid_client" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "password", username: "ann", password: PASSWORD }, web64))).toEqual({ status: 400, body: { error: "unsupported_grant_type" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "client_credentials", scope: "orders/read" }, web64))).toEqual({ status: 400, body: { error: "unauthorized_client" } });
      expect(await answer(await post("/oauth2/token", { grant_type: "client_credentials", scope: "orders/write" }, basic(machine.id, machine.secret)))).toEqual({ status: 400, body: { error: "invalid_scope" } });
      // No form POST: 405 with no body.
      const json = await fetch(`${base}/oauth2/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials" }) });
      expect({ status: json.status, body: await json.text() }).toEqual({ status: 405, body: "" });
      const get = await fetch(`${base}/oauth2/token`);
      expect({ status: get.status, body: await get.text() }).toEqual({ status: 405, body: "" });
    });

    it("token endpoint through the library: a code is good for one exchange", async () => {
      const config = await discoverWeb();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid", code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256" });
      const callback = await signIn(url);
      await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, idTokenExpected: true });
      const again = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(again).toBeInstanceOf(oidc.ResponseBodyError);
      expect(again).toMatchObject({ error: "invalid_grant", status: 400 });
    });

    it("userInfo: 400 invalid_request without a token, 401 invalid_token for a bad one or one without the openid scope", async () => {
      const missing = await fetch(`${base}/oauth2/userInfo`);
      expect(missing.status).toBe(400);
      expect(missing.headers.get("www-authenticate")).toBe('Bearer error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"');
      const bad = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: "Bearer eyJraWQiOiJub3BlIn0.e30.c2ln" } });
      expect(bad.status).toBe(401);
      expect(bad.headers.get("www-authenticate")).toBe('Bearer error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."');
      const api = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: spa, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD } }));
      const config = await discoverSpa();
      const refused = await oidc.fetchUserInfo(config, String(api.AuthenticationResult?.AccessToken), oidc.skipSubjectCheck).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
      expect((refused as oidc.WWWAuthenticateChallengeError).cause[0]).toMatchObject({ scheme: "bearer", parameters: { error: "invalid_token", error_description: "Access token does not contain openid scope" } });
    });

    it("revoke: 401 invalid_client, 400 invalid_request without a token or with revocation off, 400 unsupported_token_type for an access token", async () => {
      const config = await discoverWeb();
      const { tokens } = await codeFlow(config, "openid");
      expect(await answer(await post("/oauth2/revoke", { token: String(tokens.refresh_token) }, basic(web.id, "wrong-secret")))).toEqual({ status: 401, body: { error: "invalid_client" } });
      expect(await answer(await post("/oauth2/revoke", {}, basic(web.id, web.secret)))).toEqual({ status: 400, body: { error: "invalid_request" } });
      expect(await answer(await post("/oauth2/revoke", { token: tokens.access_token }, basic(web.id, web.secret)))).toEqual({ status: 400, body: { error: "unsupported_token_type" } });
      expect(await answer(await post("/oauth2/revoke", { token: String(tokens.refresh_token), client_id: noRevocation }))).toEqual({ status: 400, body: { error: "invalid_request" } });
      // An unknown token is answered 200 (RFC 7009), and the refresh token still works.
      expect((await post("/oauth2/revoke", { token: "unknown", client_id: spa })).status).toBe(200);
      expect((await oidc.refreshTokenGrant(config, String(tokens.refresh_token))).access_token).toBeTruthy();
    });

    it("authorize: errors go back to the redirect_uri with the state", async () => {
      const authorize = (params: Record<string, string>) => fetch(`${base}/oauth2/authorize?${new URLSearchParams({ client_id: web.id, redirect_uri: CALLBACK, state: "s1", ...params })}`, { redirect: "manual" });
      const location = async (params: Record<string, string>) => (await authorize(params)).headers.get("location");
      expect(await location({})).toBe(`${CALLBACK}?error=invalid_request&state=s1`);
      expect(await location({ response_type: "code", code_challenge: "abc" })).toBe(`${CALLBACK}?error=invalid_request&state=s1`);
      expect(await location({ response_type: "code", code_challenge: "abc", code_challenge_method: "plain" })).toBe(`${CALLBACK}?error=invalid_request&state=s1`);
      expect(await location({ response_type: "token" })).toBe(`${CALLBACK}?error=unauthorized_client&state=s1`);
      expect(await location({ response_type: "code", scope: "openid orders/write" })).toBe(`${CALLBACK}?error=invalid_scope&state=s1`);
    });
  });

  // Last: these advance the sandbox's clock past the session's hour, and openid-client refuses tokens issued "in the future".
  describe("the hosted UI session (the \"cognito\" cookie)", () => {
    const authorizeUrl = (config: oidc.Configuration, extra: Record<string, string> = {}) => oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid", state: "st", ...extra });

    it("sends a signed-in browser straight back with a code, keeping auth_time, until /logout ends it", async () => {
      const config = await discoverWeb();
      const first = await browserSignIn(authorizeUrl(config));
      const firstTokens = await oidc.authorizationCodeGrant(config, first.callback, { expectedState: "st" });
      await h.clock.advance(2000);
      // Another authorization, as after the app forgot its tokens: no form, a code for the same user.
      const again = await fetch(authorizeUrl(config), { redirect: "manual", headers: { cookie: first.cookie } });
      expect(again.status).toBe(302);
      const callback = new URL(String(again.headers.get("location")));
      expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { expectedState: "st" });
      expect(tokens.claims()).toMatchObject({ "cognito:username": "ann", auth_time: firstTokens.claims()?.auth_time });
      expect(Number(tokens.claims()?.iat)).toBeGreaterThan(Number(firstTokens.claims()?.iat));
      // The cookie is the browser's: without it the form is shown.
      expect((await fetch(authorizeUrl(config), { redirect: "manual" })).headers.get("location")).toContain("/login?");

      const out = await fetch(oidc.buildEndSessionUrl(config, { logout_uri: SIGNED_OUT }), { redirect: "manual", headers: { cookie: first.cookie } });
      expect(out.headers.get("location")).toBe(SIGNED_OUT);
      expect(out.headers.getSetCookie().some((line) => line.startsWith("cognito=;") && line.includes("Max-Age=0"))).toBe(true);
      expect((await fetch(authorizeUrl(config), { redirect: "manual", headers: { cookie: first.cookie } })).headers.get("location")).toContain("/login?");
    });

    it("offers 'Sign in as' on /login, survives GlobalSignOut, and lasts an hour", async () => {
      const config = await discoverWeb();
      const { cookie } = await browserSignIn(authorizeUrl(config));
      await h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "ann" }));
      const login = new URL(`${base}/login${authorizeUrl(config, { response_type: "CODE" }).search}`);
      const page = await (await fetch(login, { headers: { cookie } })).text();
      expect(page).toContain("Sign in as ann");
      const continued = await fetch(login, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: "session=continue" });
      expect(new URL(String(continued.headers.get("location"))).searchParams.get("code")).toBeTruthy();
      expect(sessionCookie(continued)).toBe(cookie);
      // An hour after "Sign in as" renewed it, the session is over.
      await h.clock.advance(60 * 60 * 1000 - 1000);
      expect((await fetch(authorizeUrl(config), { redirect: "manual", headers: { cookie } })).headers.get("location")).not.toContain("/login?");
      await h.clock.advance(1000);
      expect((await fetch(authorizeUrl(config), { redirect: "manual", headers: { cookie } })).headers.get("location")).toContain("/login?");
      expect(await (await fetch(login, { headers: { cookie } })).text()).not.toContain("Sign in as");
    });
  });
});
