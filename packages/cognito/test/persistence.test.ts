import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolDomainCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { startCognito } from "./helpers.js";

describe("Cognito state on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps pools, keys, users, groups, domains, resource servers and refresh tokens across a restart", async () => {
    const clock = new VirtualClock(Math.floor(Date.now() / 1000) * 1000);
    const first = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = (await first.client.send(new CreateUserPoolCommand({ PoolName: "kept" }))).UserPool?.Id ?? "";
    const clientId = (await first.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    await first.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "kim", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    await first.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "kim", Password: "Passw0rd!", Permanent: true }));
    await first.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "staff" }));
    await first.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "kept-app" }));
    await first.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "api", Name: "API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }] }));
    const tokens = await first.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD: "Passw0rd!" } }));
    const jwksBefore = first.cognito.engine.jwks(poolId);
    await first.close();

    const second = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      expect(second.cognito.engine.jwks(poolId)).toEqual(jwksBefore);
      expect((await second.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "kim" }))).UserStatus).toBe("CONFIRMED");
      expect((await second.client.send(new DescribeUserPoolDomainCommand({ Domain: "kept-app" }))).DomainDescription?.UserPoolId).toBe(poolId);
      expect((await second.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: "api" }))).ResourceServer?.Scopes).toEqual([{ ScopeName: "read", ScopeDescription: "Read" }]);
      await second.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD: "Passw0rd!" } }));
      const refreshed = await second.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: tokens.AuthenticationResult?.RefreshToken ?? "" } }));
      // The new server has another port, so another issuer: the refreshed token is checked against it.
      const me = await second.client.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken }));
      expect(me.Username).toBe("kim");
    } finally {
      await second.close();
    }
  });
});
