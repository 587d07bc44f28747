// What Amplify JS v6 relies on, checked with the plain AWS SDK (test/clients/amplify.test.ts runs
// Amplify itself): it keys a user pool's token in Logins by the token's `iss` without its scheme,
// and it reads `device_key` from access tokens of a remembered device.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateIdentityPoolCommand, GetCredentialsForIdentityCommand, GetIdCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { errorOf } from "./helpers.js";
import { createUser, PASSWORD, signIn, startIdentity, type IdentityHarness } from "./identityHelpers.js";

describe("what Amplify v6 needs", () => {
  let h: IdentityHarness;
  let userPoolId: string;
  let clientId: string;
  let identityPoolId: string;

  beforeAll(async () => {
    h = await startIdentity();
    userPoolId = (await h.idp.send(new CreateUserPoolCommand({ PoolName: "amplify" }))).UserPool?.Id ?? "";
    clientId = (await h.idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    identityPoolId = (await h.client.send(new CreateIdentityPoolCommand({
      IdentityPoolName: "amplify",
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`, ClientId: clientId }],
    }))).IdentityPoolId ?? "";
    await h.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: { authenticated: "arn:aws:iam::000000000000:role/signed-in" } }));
    await createUser(h.idp, userPoolId, "amy");
  });
  afterAll(() => h.close());

  describe("GetId and GetCredentialsForIdentity", () => {
    it("take the Logins key Amplify forms from the token's issuer, as the pool's provider", async () => {
      const { idToken } = await signIn(h.idp, clientId, "amy");
      const issuer = String(decodeJwt(idToken).iss);
      expect(issuer).toBe(`${h.url}/${userPoolId}`);
      const amplifyKey = issuer.replace(/^\w+:\/\//, "");
      const byAmplify = await h.client.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [amplifyKey]: idToken } }));
      const byAws = await h.client.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [`cognito-idp.us-east-1.amazonaws.com/${userPoolId}`]: idToken } }));
      expect(byAmplify.IdentityId).toBe(byAws.IdentityId);
      const credentials = await h.client.send(new GetCredentialsForIdentityCommand({ IdentityId: byAmplify.IdentityId, Logins: { [amplifyKey]: idToken } }));
      expect(credentials.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    });

    it("still refuses a key naming another host's pool", async () => {
      const { idToken } = await signIn(h.idp, clientId, "amy");
      expect(await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [`elsewhere.example.com/${userPoolId}`]: idToken } })))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Token is not from a supported provider of this identity pool.",
      });
    });
  });

  describe("access tokens of a device", () => {
    it("carry device_key when the sign-in is tied to a device", async () => {
      const pool = (await h.idp.send(new CreateUserPoolCommand({ PoolName: "devices", DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } }))).UserPool?.Id ?? "";
      const client = (await h.idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
      await createUser(h.idp, pool, "dan");
      const auth = await h.idp.send(new InitiateAuthCommand({ ClientId: client, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "dan", PASSWORD } }));
      const deviceKey = auth.AuthenticationResult?.NewDeviceMetadata?.DeviceKey;
      expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
      expect(decodeJwt(auth.AuthenticationResult?.AccessToken ?? "").device_key).toBe(deviceKey);
      expect(decodeJwt(auth.AuthenticationResult?.IdToken ?? "").device_key).toBeUndefined();
    });

    it("carry none without a device", async () => {
      const { accessToken } = await signIn(h.idp, clientId, "amy");
      expect(decodeJwt(accessToken).device_key).toBeUndefined();
    });
  });
});
