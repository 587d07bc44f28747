import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  GetPrincipalTagAttributeMapCommand,
  ListTagsForResourceCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
  TagResourceCommand,
  UnlinkDeveloperIdentityCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminDeleteUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GlobalSignOutCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { errorOf } from "./helpers.js";
import { createUser as createPoolUser, signIn as passwordSignIn, startIdentity, type IdentityHarness } from "./identityHelpers.js";

const AUTH_ROLE = "arn:aws:iam::000000000000:role/app-authenticated";
const DEVELOPER = "login.example.app";

describe("Cognito identity pools: developer users, tags, principal tags, server-side token check", () => {
  let h: IdentityHarness;
  let userPoolId: string;
  let clientId: string;
  let provider: string;

  const createUser = (username: string) => createPoolUser(h.idp, userPoolId, username);
  const signIn = (username: string) => passwordSignIn(h.idp, clientId, username);

  async function developerPool(name = "dev") {
    const pool = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: false, DeveloperProviderName: DEVELOPER }));
    const id = pool.IdentityPoolId ?? "";
    await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: AUTH_ROLE } }));
    return id;
  }

  async function developerIdentity(poolId: string, userId: string) {
    return (await h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: userId } }))).IdentityId ?? "";
  }

  async function userPoolIdentityPool(serverSideTokenCheck: boolean) {
    const pool = await h.client.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: "checked",
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId, ServerSideTokenCheck: serverSideTokenCheck }],
      }),
    );
    const id = pool.IdentityPoolId ?? "";
    await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: AUTH_ROLE } }));
    return id;
  }

  beforeAll(async () => {
    h = await startIdentity();
    userPoolId = (await h.idp.send(new CreateUserPoolCommand({ PoolName: "users" }))).UserPool?.Id ?? "";
    const flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;
    clientId = (await h.idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "web", ExplicitAuthFlows: [...flows] }))).UserPoolClient?.ClientId ?? "";
    provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
    for (const name of ["alice", "bob", "carol", "dave"]) await createUser(name);
  });
  afterAll(() => h.close());

  describe("LookupDeveloperIdentity", () => {
    it("finds the identity of a developer user and the developer users of an identity", async () => {
      const poolId = await developerPool();
      const identityId = await developerIdentity(poolId, "user-1");
      const byUser = await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: "user-1" }));
      expect(byUser).toMatchObject({ IdentityId: identityId, DeveloperUserIdentifierList: ["user-1"] });
      expect(byUser.NextToken).toBeUndefined();
      const byId = await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: identityId }));
      expect(byId).toMatchObject({ IdentityId: identityId, DeveloperUserIdentifierList: ["user-1"] });
      const both = await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: identityId, DeveloperUserIdentifier: "user-1" }));
      expect(both).toMatchObject({ IdentityId: identityId, DeveloperUserIdentifierList: ["user-1"] });
    });

    it("answers an unknown pool, identity or user and a mismatched pair with errors", async () => {
      const poolId = await developerPool();
      const identityId = await developerIdentity(poolId, "user-2");
      const unknown = "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
      expect(await errorOf(h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: unknown, DeveloperUserIdentifier: "user-2" })))).toEqual({
        name: "ResourceNotFoundException",
        message: `IdentityPool '${unknown}' not found.`,
        status: 400,
      });
      expect(await errorOf(h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: unknown })))).toMatchObject({
        name: "ResourceNotFoundException",
        message: `Identity '${unknown}' not found.`,
      });
      expect(await errorOf(h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: "nobody" })))).toMatchObject({ name: "ResourceNotFoundException" });
      expect(await errorOf(h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: identityId, DeveloperUserIdentifier: "user-3" })))).toMatchObject({
        name: "ResourceConflictException",
      });
      expect(await errorOf(h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId })))).toMatchObject({ name: "InvalidParameterException" });
      const tooMany = await errorOf(h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: identityId, MaxResults: 61 })));
      expect(tooMany).toMatchObject({ name: "ValidationException", message: "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60" });
    });
  });

  describe("GetId", () => {
    it("refuses the identity pool's own OpenID token, which only GetCredentialsForIdentity takes", async () => {
      const poolId = await developerPool();
      const { Token } = await h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: "own-token" } }));
      const error = await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { "cognito-identity.amazonaws.com": Token ?? "" } })));
      expect(error).toEqual({ name: "NotAuthorizedException", message: "Invalid login token. Can't pass in a Cognito token.", status: 400 });
    });
  });

  describe("MergeDeveloperIdentities", () => {
    it("moves the source user to the destination's identity and pages its developer users", async () => {
      const poolId = await developerPool();
      const destination = await developerIdentity(poolId, "dest");
      const source = await developerIdentity(poolId, "src");
      const third = await developerIdentity(poolId, "third");
      expect(source).not.toBe(destination);
      const merged = await h.client.send(new MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: DEVELOPER, SourceUserIdentifier: "src", DestinationUserIdentifier: "dest" }));
      expect(merged.IdentityId).toBe(destination);
      await h.client.send(new MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: DEVELOPER, SourceUserIdentifier: "third", DestinationUserIdentifier: "src" }));
      // The source identities are gone; their users now open the destination identity.
      expect(await errorOf(h.client.send(new DescribeIdentityCommand({ IdentityId: source })))).toMatchObject({ name: "ResourceNotFoundException", message: `Identity '${source}' not found.` });
      expect(await errorOf(h.client.send(new DescribeIdentityCommand({ IdentityId: third })))).toMatchObject({ name: "ResourceNotFoundException" });
      expect(await developerIdentity(poolId, "src")).toBe(destination);
      expect((await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: "third" }))).IdentityId).toBe(destination);

      const first = await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination, MaxResults: 2 }));
      expect(first.DeveloperUserIdentifierList).toEqual(["dest", "src"]);
      expect(first.NextToken).toBeTruthy();
      const rest = await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination, MaxResults: 2, NextToken: first.NextToken }));
      expect(rest.DeveloperUserIdentifierList).toEqual(["third"]);
      expect(rest.NextToken).toBeUndefined();

      // Unlinking one developer user keeps the others.
      await h.client.send(new UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination, DeveloperProviderName: DEVELOPER, DeveloperUserIdentifier: "dest" }));
      expect((await h.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination }))).DeveloperUserIdentifierList).toEqual(["src", "third"]);
      expect((await h.client.send(new DescribeIdentityCommand({ IdentityId: destination }))).Logins).toEqual([DEVELOPER]);
    });

    it("refuses another developer provider and unknown users", async () => {
      const poolId = await developerPool();
      await developerIdentity(poolId, "a");
      const other = await errorOf(h.client.send(new MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: "login.other.app", SourceUserIdentifier: "a", DestinationUserIdentifier: "b" })));
      expect(other).toMatchObject({ name: "NotAuthorizedException", message: "This identity pool does not support the specified developer provider" });
      const missing = await errorOf(h.client.send(new MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: DEVELOPER, SourceUserIdentifier: "a", DestinationUserIdentifier: "b" })));
      expect(missing).toMatchObject({ name: "ResourceNotFoundException", status: 400 });
    });
  });

  describe("tags", () => {
    it("tags, lists and untags a pool by its ARN; Describe and Update keep the same tags", async () => {
      const pool = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "tagged", AllowUnauthenticatedIdentities: true, IdentityPoolTags: { team: "web" } }));
      const poolId = pool.IdentityPoolId ?? "";
      const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${poolId}`;
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ team: "web" });
      await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { stage: "dev", team: "mobile" } }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ team: "mobile", stage: "dev" });
      await h.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team", "absent"] }));
      expect((await h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }))).IdentityPoolTags).toEqual({ stage: "dev" });
      const updated = await h.client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: poolId, IdentityPoolName: "tagged", AllowUnauthenticatedIdentities: true }));
      expect(updated.IdentityPoolTags).toEqual({ stage: "dev" });
      await h.client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: poolId, IdentityPoolName: "tagged", AllowUnauthenticatedIdentities: true, IdentityPoolTags: { owner: "me" } }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ owner: "me" });
    });

    it("answers the ARN of an unknown pool with ResourceNotFoundException", async () => {
      const unknown = "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
      const error = await errorOf(h.client.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${unknown}` })));
      expect(error).toEqual({ name: "ResourceNotFoundException", message: `IdentityPool '${unknown}' not found.`, status: 400 });
    });
  });

  describe("principal tag attribute maps", () => {
    it("sets and gets a provider's map, and tags the credentials' session with the token's claims", async () => {
      const poolId = await userPoolIdentityPool(false);
      expect(await h.client.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: provider }))).toMatchObject({
        IdentityPoolId: poolId,
        IdentityProviderName: provider,
        UseDefaults: false,
        PrincipalTags: {},
      });
      const set = await h.client.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: provider, UseDefaults: false, PrincipalTags: { name: "cognito:username", user: "sub" } }));
      expect(set).toMatchObject({ IdentityPoolId: poolId, IdentityProviderName: provider, UseDefaults: false, PrincipalTags: { name: "cognito:username", user: "sub" } });
      expect(await h.client.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: provider }))).toMatchObject({ UseDefaults: false, PrincipalTags: { name: "cognito:username", user: "sub" } });

      const { idToken } = await signIn("alice");
      const sub = String(decodeJwt(idToken).sub);
      const logins = { [provider]: idToken };
      const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
      await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
      expect(h.debug.at(-2)).toBe(`Cognito identity ${IdentityId}: session tags {"name":"alice","user":"${sub}"}`);

      await h.client.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: provider, UseDefaults: true }));
      await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
      expect(h.debug.at(-2)).toBe(`Cognito identity ${IdentityId}: session tags {"username":"${sub}","client":"${clientId}"}`);
    });

    it("answers an unknown pool with ResourceNotFoundException", async () => {
      const unknown = "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
      expect(await errorOf(h.client.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: unknown, IdentityProviderName: provider, UseDefaults: true })))).toMatchObject({
        name: "ResourceNotFoundException",
        message: `IdentityPool '${unknown}' not found.`,
      });
    });

    it("tags a developer identity's session with GetOpenIdTokenForDeveloperIdentity's PrincipalTags", async () => {
      const poolId = await developerPool();
      const { IdentityId, Token } = await h.client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: "tagged-user" }, PrincipalTags: { tenant: "t1" } }));
      await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { "cognito-identity.amazonaws.com": Token ?? "" } }));
      expect(h.debug.at(-2)).toBe(`Cognito identity ${IdentityId}: session tags {"tenant":"t1"}`);
    });
  });

  describe("ServerSideTokenCheck", () => {
    it("refuses the ID token of a user who signed out globally, only where the check is on", async () => {
      const checked = await userPoolIdentityPool(true);
      const unchecked = await userPoolIdentityPool(false);
      const { idToken, accessToken } = await signIn("bob");
      const logins = { [provider]: idToken };
      const { IdentityId } = await h.client.send(new GetIdCommand({ IdentityPoolId: checked, Logins: logins }));
      await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
      await h.idp.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
      const refused = await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: checked, Logins: logins })));
      expect(refused).toMatchObject({ name: "NotAuthorizedException", status: 400 });
      expect(await errorOf(h.client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins })))).toMatchObject({ name: "NotAuthorizedException" });
      // Without the check the signed-out token still works until it expires, as on AWS.
      expect((await h.client.send(new GetIdCommand({ IdentityPoolId: unchecked, Logins: logins }))).IdentityId).toMatch(/^us-east-1:/);
      // A new sign-in works again.
      expect((await h.client.send(new GetIdCommand({ IdentityPoolId: checked, Logins: { [provider]: (await signIn("bob")).idToken } }))).IdentityId).toBe(IdentityId);
    });

    it("refuses tokens of a revoked refresh token and of a deleted user", async () => {
      const checked = await userPoolIdentityPool(true);
      const carol = await signIn("carol");
      await h.idp.send(new RevokeTokenCommand({ ClientId: clientId, Token: carol.refreshToken }));
      expect(await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: checked, Logins: { [provider]: carol.idToken } })))).toMatchObject({ name: "NotAuthorizedException" });
      const dave = await signIn("dave");
      await h.idp.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: "dave" }));
      expect(await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: checked, Logins: { [provider]: dave.idToken } })))).toMatchObject({ name: "NotAuthorizedException" });
    });
  });
});
