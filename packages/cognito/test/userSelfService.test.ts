import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifyUserAttributeCommand,
  type AttributeType,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Passw0rd!";

describe("a signed-in user's own attributes and factors", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 27, 6, 0, 0)) });
  });
  afterAll(() => h.close());

  async function pool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    return (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
  }

  async function client(poolId: string, input: Partial<CreateUserPoolClientCommandInput> = {}): Promise<string> {
    const created = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], ...input }));
    return created.UserPoolClient?.ClientId ?? "";
  }

  async function user(poolId: string, username: string, attributes: AttributeType[] = []): Promise<void> {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: attributes, MessageAction: "SUPPRESS", TemporaryPassword: "Temp0rary!" }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  async function signIn(poolId: string, clientId: string, username: string): Promise<string> {
    const out = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
    return out.AuthenticationResult?.AccessToken ?? "";
  }

  async function attributes(poolId: string, username: string): Promise<Record<string, string>> {
    const out = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    return Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
  }

  describe("DeleteUserAttributes", () => {
    it("deletes standard and custom attributes of the token's user", async () => {
      const poolId = await pool({ Schema: [{ Name: "team", AttributeDataType: "String", Mutable: true }] });
      const clientId = await client(poolId);
      await user(poolId, "ann", [{ Name: "given_name", Value: "Ann" }, { Name: "custom:team", Value: "blue" }, { Name: "locale", Value: "ja" }]);
      const token = await signIn(poolId, clientId, "ann");
      await h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["given_name", "custom:team"] }));
      const left = await attributes(poolId, "ann");
      expect(left.given_name).toBeUndefined();
      expect(left["custom:team"]).toBeUndefined();
      expect(left.locale).toBe("ja");
    });

    it("deletes email_verified with email, and the code waiting for it", async () => {
      const poolId = await pool({ AutoVerifiedAttributes: ["email"] });
      const clientId = await client(poolId);
      await user(poolId, "bea", [{ Name: "email", Value: "bea@example.com" }, { Name: "email_verified", Value: "true" }]);
      const token = await signIn(poolId, clientId, "bea");
      await h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }));
      const code = h.codeFor("bea");
      await h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["email"] }));
      const me = await h.client.send(new GetUserCommand({ AccessToken: token }));
      expect(me.UserAttributes?.map((a) => a.Name)).toEqual(["sub"]);
      expect(await errorOf(h.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code })))).toMatchObject({
        name: "InvalidParameterException",
        message: "Unable to verify attribute: email no value set to verify",
      });
      expect(h.cognito.engine.ctx.durable.state.pools.get(poolId)?.users.get("bea")?.attributeCodes).toBeUndefined();
    });

    it("refuses a required attribute with the schema's text", async () => {
      const poolId = await pool({ Schema: [{ Name: "name", AttributeDataType: "String", Required: true, Mutable: true }] });
      const clientId = await client(poolId);
      await user(poolId, "cal", [{ Name: "name", Value: "Cal" }]);
      const token = await signIn(poolId, clientId, "cal");
      const error = await errorOf(h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["name"] })));
      expect(error).toEqual({ name: "InvalidParameterException", message: "Attributes did not conform to the schema: name: The attribute is required.\n", status: 400 });
      expect((await attributes(poolId, "cal")).name).toBe("Cal");
    });

    it("refuses sub and attributes the schema does not have, as an update does", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      await user(poolId, "dee");
      const token = await signIn(poolId, clientId, "dee");
      expect(await errorOf(h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["sub"] })))).toMatchObject({ name: "InvalidParameterException", message: "user.sub: Attribute cannot be updated.\n" });
      expect(await errorOf(h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["custom:nope"] })))).toMatchObject({
        name: "InvalidParameterException",
        message: "user.custom:nope: Attribute does not exist in the schema.\n",
      });
    });

    it("deletes only what the app client may write", async () => {
      const poolId = await pool();
      const clientId = await client(poolId, { WriteAttributes: ["nickname"] });
      await user(poolId, "eve", [{ Name: "nickname", Value: "E" }, { Name: "locale", Value: "en" }]);
      const token = await signIn(poolId, clientId, "eve");
      expect(await errorOf(h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["locale"] })))).toMatchObject({ name: "NotAuthorizedException", message: "A client attempted to write unauthorized attribute" });
      await h.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["nickname"] }));
      expect(await attributes(poolId, "eve")).toMatchObject({ locale: "en" });
    });

    it("needs a valid access token", async () => {
      expect(await errorOf(h.client.send(new DeleteUserAttributesCommand({ AccessToken: "not-a-token", UserAttributeNames: ["locale"] })))).toMatchObject({ name: "NotAuthorizedException", message: "Invalid Access Token" });
    });

    it("AdminDeleteUserAttributes follows the same rules", async () => {
      const poolId = await pool({ Schema: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }] });
      await user(poolId, "fay", [{ Name: "email", Value: "fay@example.com" }, { Name: "phone_number", Value: "+15555550100" }, { Name: "phone_number_verified", Value: "true" }]);
      expect((await errorOf(h.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: "fay", UserAttributeNames: ["email"] })))).name).toBe("InvalidParameterException");
      await h.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: "fay", UserAttributeNames: ["phone_number"] }));
      const left = await attributes(poolId, "fay");
      expect(left.phone_number).toBeUndefined();
      expect(left.phone_number_verified).toBeUndefined();
      expect(left.email).toBe("fay@example.com");
    });
  });

  describe("GetUserAuthFactors", () => {
    it("names the password for a password user of a pool with the default sign-in policy", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      await user(poolId, "gus", [{ Name: "email", Value: "gus@example.com" }, { Name: "email_verified", Value: "true" }]);
      const out = await h.client.send(new GetUserAuthFactorsCommand({ AccessToken: await signIn(poolId, clientId, "gus") }));
      expect(out.Username).toBe("gus");
      expect(out.ConfiguredUserAuthFactors).toEqual(["PASSWORD"]);
      expect(out.PreferredMfaSetting).toBeUndefined();
      expect(out.UserMFASettingList).toBeUndefined();
    });

    it("adds EMAIL_OTP and SMS_OTP for verified addresses the pool allows, and shows MFA settings", async () => {
      const poolId = await pool({
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP", "SMS_OTP"] } },
        UserPoolTier: "ESSENTIALS",
        EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com" },
      });
      await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: { Message: "Code {####}", Subject: "Code" } }));
      const clientId = await client(poolId);
      await user(poolId, "hal", [
        { Name: "email", Value: "hal@example.com" },
        { Name: "email_verified", Value: "true" },
        { Name: "phone_number", Value: "+15555550101" },
      ]);
      const token = await signIn(poolId, clientId, "hal");
      expect((await h.client.send(new GetUserAuthFactorsCommand({ AccessToken: token }))).ConfiguredUserAuthFactors).toEqual(["PASSWORD", "EMAIL_OTP"]);
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "hal", UserAttributes: [{ Name: "phone_number_verified", Value: "true" }] }));
      await h.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
      const out = await h.client.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
      expect(out.ConfiguredUserAuthFactors).toEqual(["PASSWORD", "EMAIL_OTP", "SMS_OTP"]);
      expect(out.PreferredMfaSetting).toBe("EMAIL_OTP");
      expect(out.UserMFASettingList).toEqual(["EMAIL_OTP"]);
    });
  });

  describe("AdminLinkProviderForUser / AdminDisableProviderForUser", () => {
    async function poolWithGoogle(): Promise<string> {
      const poolId = await pool();
      await h.client.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: "Google",
          ProviderType: "Google",
          ProviderDetails: { client_id: "id", client_secret: "secret", authorize_scopes: "openid email" },
        }),
      );
      return poolId;
    }

    const link = (poolId: string, username: string, subject: string, provider = "Google") =>
      h.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: username },
          SourceUser: { ProviderName: provider, ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: subject },
        }),
      );

    it("shows the link in the user's identities attribute", async () => {
      const poolId = await poolWithGoogle();
      await user(poolId, "ivy");
      await link(poolId, "ivy", "1234567890");
      const identities = JSON.parse((await attributes(poolId, "ivy")).identities ?? "[]") as unknown[];
      expect(identities).toEqual([{ userId: "1234567890", providerName: "Google", providerType: "Google", issuer: null, primary: false, dateCreated: Date.UTC(2026, 10, 27, 6, 0, 0) }]);
      // Linking again changes nothing.
      await link(poolId, "ivy", "1234567890");
      expect(JSON.parse((await attributes(poolId, "ivy")).identities ?? "[]")).toHaveLength(1);
    });

    it("refuses a Cognito user as the source, with AWS's text", async () => {
      const poolId = await poolWithGoogle();
      await user(poolId, "jay");
      expect(await errorOf(link(poolId, "jay", "jay", "Cognito"))).toEqual({
        name: "InvalidParameterException",
        message: "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser",
        status: 400,
      });
    });

    it("refuses an unknown destination user and an identity linked to someone else", async () => {
      const poolId = await poolWithGoogle();
      await user(poolId, "kit");
      await user(poolId, "lou");
      expect((await errorOf(link(poolId, "nobody", "1"))).name).toBe("UserNotFoundException");
      await link(poolId, "kit", "42");
      expect((await errorOf(link(poolId, "lou", "42"))).name).toBe("AliasExistsException");
    });

    it("links at most five identities to a user", async () => {
      const poolId = await poolWithGoogle();
      await user(poolId, "max");
      for (const subject of ["1", "2", "3", "4", "5"]) await link(poolId, "max", subject);
      expect((await errorOf(link(poolId, "max", "6"))).name).toBe("LimitExceededException");
    });

    it("AdminDisableProviderForUser removes the link", async () => {
      const poolId = await poolWithGoogle();
      await user(poolId, "ned");
      await link(poolId, "ned", "77");
      await link(poolId, "ned", "78");
      await h.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: "Google", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "77" } }));
      const identities = JSON.parse((await attributes(poolId, "ned")).identities ?? "[]") as Array<{ userId: string }>;
      expect(identities.map((i) => i.userId)).toEqual(["78"]);
    });

    it("AdminDisableProviderForUser with ProviderName Cognito stops the local user's password sign-in", async () => {
      const poolId = await poolWithGoogle();
      const clientId = await client(poolId);
      await user(poolId, "oli");
      await signIn(poolId, clientId, "oli");
      await h.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: "Cognito", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "oli" } }));
      expect(await errorOf(signIn(poolId, clientId, "oli"))).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
      expect((await errorOf(h.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: "Cognito", ProviderAttributeValue: "nobody" } })))).name).toBe("UserNotFoundException");
    });
  });
});
