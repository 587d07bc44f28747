import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UnlinkDeveloperIdentityCommand,
  UnlinkIdentityCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { errorOf } from "./helpers.js";
import { createUser as createPoolUser, signIn as passwordSignIn, startIdentity, type IdentityHarness } from "./identityHelpers.js";

const AUTH_ROLE = "arn:aws:iam::000000000000:role/app-authenticated";
const UNAUTH_ROLE = "arn:aws:iam::000000000000:role/app-guest";
const ADMIN_ROLE = "arn:aws:iam::000000000000:role/app-admin";

describe("Cognito identity pools", () => {
  let h: IdentityHarness;
  let userPoolId: string;
  let clientId: string;
  let otherClientId: string;
  let provider: string;

  const signIn = (username: string, client = clientId) => passwordSignIn(h.idp, client, username);
  const createUser = (username: string) => createPoolUser(h.idp, userPoolId, username);

  async function identityPool(options: { unauthenticated: boolean; name?: string }) {
    const pool = await h.client.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: options.name ?? "app",
        AllowUnauthenticatedIdentities: options.unauthenticated,
        CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
      }),
    );
    const id = pool.IdentityPoolId ?? "";
    await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: AUTH_ROLE, unauthenticated: UNAUTH_ROLE } }));
    return id;
  }

  beforeAll(async () => {
    h = await startIdentity();
    userPoolId = (await h.idp.send(new CreateUserPoolCommand({ PoolName: "users" }))).UserPool?.Id ?? "";
    const flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;
    clientId = (await h.idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "web", ExplicitAuthFlows: [...flows] }))).UserPoolClient?.ClientId ?? "";
    otherClientId = (await h.idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "other", ExplicitAuthFlows: [...flows] }))).UserPoolClient?.ClientId ?? "";
    provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
    await createUser("alice");
    await createUser("bob");
    await h.idp.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: "admins", RoleArn: ADMIN_ROLE, Precedence: 1 }));
    await h.idp.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: "bob", GroupName: "admins" }));
  });
  afterAll(() => h.close());

  describe("identity pools", () => {
    it("creates, describes, lists, updates and deletes a pool", async () => {
      const created = await h.client.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: "crud",
          AllowUnauthenticatedIdentities: false,
          AllowClassicFlow: true,
          CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
          SupportedLoginProviders: { "accounts.google.com": "google-client" },
          IdentityPoolTags: { team: "web" },
        }),
      );
      const id = created.IdentityPoolId ?? "";
      expect(id).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created.CognitoIdentityProviders).toEqual([{ ProviderName: provider, ClientId: clientId, ServerSideTokenCheck: false }]);
      const described = await h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
      expect(described).toMatchObject({ IdentityPoolId: id, IdentityPoolName: "crud", AllowUnauthenticatedIdentities: false, AllowClassicFlow: true, IdentityPoolTags: { team: "web" } });
      const listed = await h.client.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
      expect(listed.IdentityPools).toContainEqual({ IdentityPoolId: id, IdentityPoolName: "crud" });
      const updated = await h.client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: true }));
      expect(updated).toMatchObject({ IdentityPoolId: id, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: true });
      expect(updated.CognitoIdentityProviders).toBeUndefined();
      await h.client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }));
      expect(await errorOf(h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })))).toEqual({ name: "ResourceNotFoundException", message: `IdentityPool '${id}' not found.`, status: 400 });
    });

    it("pages ListIdentityPools", async () => {
      const ids = [await identityPool({ unauthenticated: true, name: "page-a" }), await identityPool({ unauthenticated: true, name: "page-b" })];
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await h.client.send(new ListIdentityPoolsCommand({ MaxResults: 1, NextToken: token }));
        expect(page.IdentityPools?.length).toBe(1);
        seen.push(...(page.IdentityPools ?? []).map((p) => p.IdentityPoolId ?? ""));
        token = page.NextToken;
      } while (token);
      expect(seen).toEqual(expect.arrayContaining(ids));
    });

    // Identity pools name a constraint failure ValidationException, where user pools say InvalidParameterException
    // (x-amzn-ErrorType "ValidationException:" in aws-sdk-ios#2317, aws-sdk-cpp#1085, amazon-freertos#1829).
    it("validates input against AWS's model with ValidationException", async () => {
      const error = await errorOf(h.client.send(new ListIdentityPoolsCommand({ MaxResults: 0 })));
      expect(error).toEqual({
        name: "ValidationException",
        message: "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
        status: 400,
      });
      // An identity id without its "<region>:" prefix is refused before any lookup (amazon-freertos#1829's identityPoolId alike).
      const bare = await errorOf(h.client.send(new DescribeIdentityCommand({ IdentityId: "00000000-0000-0000-0000-000000000000" })));
      expect(bare).toEqual({
        name: "ValidationException",
        message: "1 validation error detected: Value '00000000-0000-0000-0000-000000000000' at 'identityId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
        status: 400,
      });
    });

    it("sets and gets roles and role mappings", async () => {
      const id = await identityPool({ unauthenticated: false });
      const mapping = { Type: "Token" as const, AmbiguousRoleResolution: "AuthenticatedRole" as const };
      await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: AUTH_ROLE }, RoleMappings: { [`${provider}:${clientId}`]: mapping } }));
      const roles = await h.client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
      expect(roles).toMatchObject({ IdentityPoolId: id, Roles: { authenticated: AUTH_ROLE }, RoleMappings: { [`${provider}:${clientId}`]: mapping } });
      const error = await errorOf(h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: {}, RoleMappings: { "accounts.google.com": mapping } })));
      expect(error).toMatchObject({ name: "InvalidParameterException", message: "accounts.google.com is not a valid RoleMapping ProviderName or is not a configured provider." });
    });
  });

  describe("unauthenticated identities", () => {
    it("gives a guest identity and one hour of credentials", async () => {
      const poolId = await identityPool({ unauthenticated: true });
      const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId }));
      expect(IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
      const result = await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
      expect(result.IdentityId).toBe(IdentityId);
      expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(result.Credentials?.SecretKey).toHaveLength(40);
      expect(result.Credentials?.SessionToken?.length).toBeGreaterThan(100);
      expect(result.Credentials?.Expiration?.getTime()).toBe(h.clock.now() + 60 * 60 * 1000);
      expect(h.debug.at(-1)).toBe(`Cognito identity ${IdentityId}: credentials for role ${UNAUTH_ROLE}`);
      const described = await h.client.send(new DescribeIdentityCommand({ IdentityId }));
      expect(described).toMatchObject({ IdentityId, Logins: [] });
      expect(described.CreationDate?.getTime()).toBe(h.clock.now());
    });

    it("refuses guests when the pool does not allow them", async () => {
      const poolId = await identityPool({ unauthenticated: false });
      const error = await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: poolId })));
      expect(error).toEqual({ name: "NotAuthorizedException", message: "Unauthenticated access is not supported for this identity pool.", status: 400 });
    });

    it("answers an unknown pool and identity with ResourceNotFoundException", async () => {
      const unknown = "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
      expect(await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: unknown })))).toMatchObject({ name: "ResourceNotFoundException", message: `IdentityPool '${unknown}' not found.` });
      expect(await errorOf(h.client.send(new GetCredentialsForIdentityCommand({ IdentityId: unknown })))).toMatchObject({ name: "ResourceNotFoundException", message: `Identity '${unknown}' not found.` });
    });

    it("answers a pool without roles with InvalidIdentityPoolConfigurationException", async () => {
      const pool = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "no-roles", AllowUnauthenticatedIdentities: true }));
      const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId }));
      expect(await errorOf(h.client.send(new GetCredentialsForIdentityCommand({ IdentityId })))).toEqual({
        name: "InvalidIdentityPoolConfigurationException",
        message: "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
        status: 400,
      });
    });
  });

  describe("user pool sign-in → GetId → GetCredentialsForIdentity", () => {
    it("gives one identity per user and credentials for the authenticated role", async () => {
      const poolId = await identityPool({ unauthenticated: false });
      const { idToken } = await signIn("alice");
      const logins = { [provider]: idToken };
      const first = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
      const again = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: (await signIn("alice")).idToken } }));
      expect(again.IdentityId).toBe(first.IdentityId);
      const bob = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: (await signIn("bob")).idToken } }));
      expect(bob.IdentityId).not.toBe(first.IdentityId);

      const credentials = await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins: logins }));
      expect(credentials.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(h.debug.at(-1)).toBe(`Cognito identity ${first.IdentityId}: credentials for role ${AUTH_ROLE}`);
      expect((await h.client.send(new DescribeIdentityCommand({ IdentityId: first.IdentityId }))).Logins).toEqual([provider]);
      // An authenticated identity needs its login.
      expect(await errorOf(h.client.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId })))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Logins don't match. Please include at least one valid login for this identity or identity pool.",
      });
      // Another user's token does not open alice's identity.
      expect(await errorOf(h.client.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins: { [provider]: (await signIn("bob")).idToken } })))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Logins don't match. Please include at least one valid login for this identity or identity pool.",
      });
    });

    it("builds credentials with fromCognitoIdentityPool", async () => {
      const poolId = await identityPool({ unauthenticated: true });
      const { idToken } = await signIn("alice");
      const provide = fromCognitoIdentityPool({ identityPoolId: poolId, logins: { [provider]: idToken }, clientConfig: { endpoint: h.url, region: "us-east-1" } });
      const credentials = await provide();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      expect(credentials.sessionToken).toBeTruthy();
      expect(credentials.expiration?.getTime()).toBe(h.clock.now() + 60 * 60 * 1000);
      expect(credentials.identityId).toMatch(/^us-east-1:/);
      const guest = await fromCognitoIdentityPool({ identityPoolId: poolId, clientConfig: { endpoint: h.url, region: "us-east-1" } })();
      expect(guest.identityId).not.toBe(credentials.identityId);
    });

    it("picks the role of the token (cognito:preferred_role) or of the first matching rule", async () => {
      const poolId = await identityPool({ unauthenticated: false });
      const key = `${provider}:${clientId}`;
      await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: AUTH_ROLE }, RoleMappings: { [key]: { Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" } } }));
      const credentialsRole = async (username: string) => {
        const logins = { [provider]: (await signIn(username)).idToken };
        const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
        await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
        return h.debug.at(-1)?.split(" ").at(-1);
      };
      expect(await credentialsRole("bob")).toBe(ADMIN_ROLE);
      expect(await credentialsRole("alice")).toBe(AUTH_ROLE);

      const rules = { Rules: [{ Claim: "cognito:username", MatchType: "Equals" as const, Value: "alice", RoleARN: ADMIN_ROLE }] };
      await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: AUTH_ROLE }, RoleMappings: { [key]: { Type: "Rules", AmbiguousRoleResolution: "Deny", RulesConfiguration: rules } } }));
      expect(await credentialsRole("alice")).toBe(ADMIN_ROLE);
      const denied = await errorOf(credentialsRole("bob"));
      expect(denied).toMatchObject({ name: "NotAuthorizedException", message: "The ambiguous role mapping rules denied this request." });
    });
  });

  describe("bad login tokens", () => {
    let poolId: string;
    const getId = (token: string, key = provider) => errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [key]: token } })));
    beforeAll(async () => {
      poolId = await identityPool({ unauthenticated: true });
    });

    it("rejects a token with a changed signature", async () => {
      const { idToken } = await signIn("alice");
      const [header, payload, signature] = idToken.split(".");
      const tampered = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
      expect(await getId(tampered)).toEqual({ name: "NotAuthorizedException", message: "Invalid login token. Couldn't verify signed token.", status: 400 });
    });

    it("rejects an access token (no aud) and a token of an unlisted app client", async () => {
      expect(await getId((await signIn("alice")).accessToken)).toMatchObject({ message: "Invalid login token. Missing a required claim: aud" });
      expect(await getId((await signIn("alice", otherClientId)).idToken)).toMatchObject({ name: "NotAuthorizedException", message: "Token is not from a supported provider of this identity pool." });
    });

    it("rejects a token of another user pool and text that is no token", async () => {
      const { idToken } = await signIn("alice");
      expect(await getId(idToken, "cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1234")).toMatchObject({ message: "Token is not from a supported provider of this identity pool." });
      expect(await getId("not-a-token")).toMatchObject({ name: "NotAuthorizedException", message: "Invalid login token. Not a Cognito token." });
    });

    it("rejects an expired token with AWS's timestamps", async () => {
      const { idToken } = await signIn("alice");
      const exp = Number(decodeJwt(idToken).exp);
      h.clock.advance(2 * 60 * 60 * 1000);
      const now = Math.floor(h.clock.now() / 1000);
      expect(await getId(idToken)).toEqual({ name: "NotAuthorizedException", message: `Invalid login token. Token expired: ${now} >= ${exp}`, status: 400 });
    });
  });

  describe("OpenID tokens and developer identities", () => {
    it("signs GetOpenIdToken's token with the key the edge serves", async () => {
      const poolId = await identityPool({ unauthenticated: false });
      const logins = { [provider]: (await signIn("alice")).idToken };
      const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
      const { Token } = await h.client.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
      const jwks = (await (await fetch(`${h.url}/cognito-identity/.well-known/jwks_uri`)).json()) as Parameters<typeof createLocalJWKSet>[0];
      const { payload } = await jwtVerify(Token ?? "", createLocalJWKSet(jwks), { issuer: "https://cognito-identity.amazonaws.com", audience: poolId, currentDate: new Date(h.clock.now()) });
      expect(payload.sub).toBe(IdentityId);
      expect(payload.amr).toEqual(["authenticated", provider, `${provider}:CognitoSignIn:${decodeJwt(logins[provider]).sub}`]);
      expect(Number(payload.exp) - Number(payload.iat)).toBe(600);
    });

    it("gives a developer-authenticated identity whose token opens credentials", async () => {
      const pool = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "dev", AllowUnauthenticatedIdentities: false, DeveloperProviderName: "login.example.app" }));
      const poolId = pool.IdentityPoolId ?? "";
      await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: AUTH_ROLE } }));
      const first = await h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { "login.example.app": "user-42" }, TokenDuration: 3600 }));
      const again = await h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { "login.example.app": "user-42" } }));
      expect(again.IdentityId).toBe(first.IdentityId);
      const claims = decodeJwt(first.Token ?? "");
      expect(claims).toMatchObject({ sub: first.IdentityId, aud: poolId, iss: "https://cognito-identity.amazonaws.com" });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
      const credentials = await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins: { "cognito-identity.amazonaws.com": first.Token ?? "" } }));
      expect(credentials.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect((await h.client.send(new DescribeIdentityCommand({ IdentityId: first.IdentityId }))).Logins).toContain("login.example.app");
      const other = await errorOf(h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { "login.other.app": "user-42" } })));
      expect(other).toMatchObject({ name: "NotAuthorizedException", message: "This identity pool does not support the specified developer provider" });
    });
  });

  describe("unlinking", () => {
    it("unlinks a user-pool login with the identity's own token", async () => {
      const poolId = await identityPool({ unauthenticated: true });
      const logins = { [provider]: (await signIn("alice")).idToken };
      const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
      const bobs = { [provider]: (await signIn("bob")).idToken };
      expect(await errorOf(h.client.send(new UnlinkIdentityCommand({ IdentityId, Logins: bobs, LoginsToRemove: [provider] })))).toMatchObject({ name: "NotAuthorizedException" });
      await h.client.send(new UnlinkIdentityCommand({ IdentityId, Logins: logins, LoginsToRemove: [provider] }));
      expect((await h.client.send(new DescribeIdentityCommand({ IdentityId }))).Logins).toEqual([]);
      // The login is free again: the next GetId gives a new identity.
      expect((await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))).IdentityId).not.toBe(IdentityId);
    });

    it("unlinks a developer user", async () => {
      const pool = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "dev2", AllowUnauthenticatedIdentities: false, DeveloperProviderName: "login.example.app" }));
      const poolId = pool.IdentityPoolId ?? "";
      const { IdentityId } = await h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { "login.example.app": "user-7" } }));
      await h.client.send(new UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId, DeveloperProviderName: "login.example.app", DeveloperUserIdentifier: "user-7" }));
      expect((await h.client.send(new DescribeIdentityCommand({ IdentityId }))).Logins).toEqual([]);
    });
  });

  describe("identities", () => {
    it("lists and deletes identities", async () => {
      const poolId = await identityPool({ unauthenticated: true });
      const a = (await h.client.send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId ?? "";
      const b = (await h.client.send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId ?? "";
      const page = await h.client.send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 1 }));
      expect(page.Identities?.map((i) => i.IdentityId)).toEqual([a]);
      const rest = await h.client.send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 10, NextToken: page.NextToken }));
      expect(rest.Identities?.map((i) => i.IdentityId)).toEqual([b]);
      expect(rest.NextToken).toBeUndefined();
      expect(await h.client.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [a] }))).toMatchObject({ UnprocessedIdentityIds: [] });
      expect((await h.client.send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 10 }))).Identities?.map((i) => i.IdentityId)).toEqual([b]);
      expect(await errorOf(h.client.send(new DescribeIdentityCommand({ IdentityId: a })))).toMatchObject({ name: "ResourceNotFoundException", message: `Identity '${a}' not found.` });
    });
  });
});
