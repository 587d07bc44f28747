import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  GetPrincipalTagAttributeMapCommand,
  ListTagsForResourceCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
  TagResourceCommand,
} from "@aws-sdk/client-cognito-identity";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { startIdentity } from "./identityHelpers.js";

describe("Cognito identity pools on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-identity-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps pools, roles, identities and the OpenID key across a restart", async () => {
    const clock = new VirtualClock(Math.floor(Date.now() / 1000) * 1000);
    const first = await startIdentity({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = (await first.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "kept", AllowUnauthenticatedIdentities: true }))).IdentityPoolId ?? "";
    await first.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { unauthenticated: "arn:aws:iam::000000000000:role/guest" } }));
    const { IdentityId } = await first.client.send(new GetIdCommand({ IdentityPoolId: poolId }));
    const jwks = await first.identity.engine.jwks();
    await first.close();

    const second = await startIdentity({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      expect((await second.client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }))).Roles).toEqual({ unauthenticated: "arn:aws:iam::000000000000:role/guest" });
      expect((await second.client.send(new DescribeIdentityCommand({ IdentityId }))).IdentityId).toBe(IdentityId);
      expect(await second.identity.engine.jwks()).toEqual(jwks);
    } finally {
      await second.close();
    }
  });

  it("keeps merged developer users, tags and principal tag maps across a restart", async () => {
    const clock = new VirtualClock(Math.floor(Date.now() / 1000) * 1000);
    const first = await startIdentity({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = (await first.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "dev", AllowUnauthenticatedIdentities: false, DeveloperProviderName: "login.example.app" }))).IdentityPoolId ?? "";
    const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${poolId}`;
    const developer = (userId: string) => new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { "login.example.app": userId } });
    const destination = (await first.client.send(developer("dest"))).IdentityId;
    await first.client.send(developer("src"));
    await first.client.send(new MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: "login.example.app", SourceUserIdentifier: "src", DestinationUserIdentifier: "dest" }));
    await first.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { team: "web" } }));
    await first.client.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: "login.example.app", UseDefaults: false, PrincipalTags: { id: "sub" } }));
    await first.close();

    const second = await startIdentity({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      expect(await second.client.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: "src" }))).toMatchObject({ IdentityId: destination, DeveloperUserIdentifierList: ["dest", "src"] });
      expect((await second.client.send(developer("src"))).IdentityId).toBe(destination);
      expect((await second.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ team: "web" });
      expect(await second.client.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: "login.example.app" }))).toMatchObject({ UseDefaults: false, PrincipalTags: { id: "sub" } });
    } finally {
      await second.close();
    }
  });
});
