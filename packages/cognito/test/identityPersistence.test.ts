import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CreateIdentityPoolCommand, DescribeIdentityCommand, GetIdCommand, GetIdentityPoolRolesCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
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
});
