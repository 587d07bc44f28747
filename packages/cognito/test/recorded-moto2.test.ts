/**
 * moto's Cognito tests that are not verified on AWS (getmoto/moto tests/test_cognitoidp/
 * test_cognitoidp.py), kept where AWS's documentation or real-AWS reports say the same. Each case
 * names the moto test and the evidence for AWS's behaviour and text.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  VerifyUserAttributeCommand,
  type AttributeType,
  type CreateUserPoolCommandInput,
  type CreateUserPoolClientCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Perm-pass1!";
const VERIFIED_EMAIL: AttributeType[] = [{ Name: "email", Value: "u@example.com" }, { Name: "email_verified", Value: "true" }];
const VERIFIED_PHONE: AttributeType[] = [{ Name: "phone_number", Value: "+15555550100" }, { Name: "phone_number_verified", Value: "true" }];

function claimsOf(token: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from((token ?? "").split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("moto's Cognito tests, as AWS documents them", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 2, 30, 0)) });
  });
  afterAll(() => h.close());

  async function pool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    return (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
  }

  async function client(poolId: string, input: Partial<CreateUserPoolClientCommandInput> = {}): Promise<string> {
    const flows: CreateUserPoolClientCommandInput["ExplicitAuthFlows"] = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    return (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: randomUUID(), ExplicitAuthFlows: flows, ...input }))).UserPoolClient?.ClientId ?? "";
  }

  /** A CONFIRMED user with a permanent password. */
  async function confirmed(poolId: string, username: string, attributes: AttributeType[] = []): Promise<void> {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "Temp-pass1!", UserAttributes: attributes, MessageAction: "SUPPRESS" }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  async function signIn(poolId: string, clientId: string, username: string) {
    const result = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
    return result.AuthenticationResult ?? {};
  }

  describe("CreateUserPool Schema", () => {
    // moto test_create_user_pool_custom_attribute_required; AWS's text in serverless-cognito-manager#4 and terraform-provider-aws#18430.
    it("refuses a required custom attribute", async () => {
      const refused = await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: "p", Schema: [{ Name: "banana", AttributeDataType: "String", Required: true }] })));
      expect(refused).toEqual({ name: "InvalidParameterException", message: "Required custom attributes are not supported currently.", status: 400 });
    });

    // moto test_create_user_pool_custom_attribute_without_data_type; AWS's text in sst#1645 and amplify-cli#9960.
    it("refuses a custom attribute without AttributeDataType", async () => {
      const refused = await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: "p", Schema: [{ Name: "custom" }] })));
      expect(refused).toEqual({ name: "InvalidParameterException", message: "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.", status: 400 });
    });

    // moto test_create_user_pool_standard_attribute_with_changed_data_type_or_developer_only; AWS's text quoted in a user's Terraform configuration (email_verified).
    it("refuses a standard attribute with another data type or developer-only", async () => {
      const text = "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email";
      for (const attribute of [{ Name: "email", AttributeDataType: "Number" as const }, { Name: "email", DeveloperOnlyAttribute: true }]) {
        expect(await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: "p", Schema: [attribute] })))).toEqual({ name: "InvalidParameterException", message: text, status: 400 });
      }
      await h.client.send(new CreateUserPoolCommand({ PoolName: "p", Schema: [{ Name: "email", AttributeDataType: "String", Required: true }, { Name: "email_verified", AttributeDataType: "Boolean" }] }));
    });

    // moto test_create_user_pool_custom_attribute_developer_only; the API reference's DescribeUserPool example names one "dev:custom:mydev".
    it("names a developer-only attribute dev:custom:<name>, which an administrator sets", async () => {
      const created = await h.client.send(new CreateUserPoolCommand({ PoolName: "p", Schema: [{ Name: "banana", AttributeDataType: "String", DeveloperOnlyAttribute: true }] }));
      const attribute = created.UserPool?.SchemaAttributes?.find((a) => a.Name?.endsWith("banana"));
      expect(attribute).toMatchObject({ Name: "dev:custom:banana", DeveloperOnlyAttribute: true, Mutable: true, Required: false });
      const poolId = created.UserPool?.Id ?? "";
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "u", UserAttributes: [{ Name: "dev:custom:banana", Value: "yellow" }] }));
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "u" }));
      expect(user.UserAttributes).toContainEqual({ Name: "dev:custom:banana", Value: "yellow" });
    });
  });

  describe("ForgotPassword and AccountRecoverySetting", () => {
    // moto test_forgot_password_user_with_all_recovery_attributes; RecoveryOptionType: the priority picks the attribute.
    it("sends the code to the recovery mechanism of the highest priority", async () => {
      const poolId = await pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] } });
      const clientId = await client(poolId);
      await confirmed(poolId, "u", [...VERIFIED_EMAIL, ...VERIFIED_PHONE]);
      const byEmail = await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "u" }));
      expect(byEmail.CodeDeliveryDetails).toEqual({ Destination: "u***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
      await h.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_phone_number", Priority: 1 }, { Name: "verified_email", Priority: 2 }] } }));
      const bySms = await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "u" }));
      expect(bySms.CodeDeliveryDetails).toEqual({ Destination: "+*******0100", DeliveryMedium: "SMS", AttributeName: "phone_number" });
    });

    // AccountRecoverySettingType: without the setting SMS is preferred over email; with it, SMS does not qualify for a user with SMS MFA.
    it("prefers SMS without the setting, and skips SMS for a user with SMS MFA", async () => {
      const legacy = await pool();
      const legacyClient = await client(legacy);
      await confirmed(legacy, "u", [...VERIFIED_EMAIL, ...VERIFIED_PHONE]);
      expect((await h.client.send(new ForgotPasswordCommand({ ClientId: legacyClient, Username: "u" }))).CodeDeliveryDetails?.DeliveryMedium).toBe("SMS");

      const poolId = await pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_phone_number", Priority: 1 }, { Name: "verified_email", Priority: 2 }] } });
      const clientId = await client(poolId);
      await confirmed(poolId, "u", [...VERIFIED_EMAIL, ...VERIFIED_PHONE]);
      await h.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "u", SMSMfaSettings: { Enabled: true } }));
      expect((await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "u" }))).CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    });

    // moto test_forgot_password_admin_only_recovery; RecoveryOptionType: admin_only prevents self-service account recovery (the text is moto's).
    it("refuses a self-service reset when recovery is admin_only", async () => {
      const poolId = await pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "admin_only", Priority: 1 }] } });
      const clientId = await client(poolId);
      await confirmed(poolId, "u", VERIFIED_EMAIL);
      const refused = await errorOf(h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "u" })));
      expect(refused).toEqual({ name: "NotAuthorizedException", message: "Contact administrator to reset password.", status: 400 });
    });

    // amplify-flutter#3048 and amplify-js#6543: a user with a temporary password cannot reset it.
    it("refuses a user who still holds a temporary password", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "u", TemporaryPassword: "Temp-pass1!", UserAttributes: VERIFIED_EMAIL, MessageAction: "SUPPRESS" }));
      const refused = await errorOf(h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "u" })));
      expect(refused).toEqual({ name: "NotAuthorizedException", message: "User password cannot be reset in the current state.", status: 400 });
    });
  });

  describe("AdminResetUserPassword", () => {
    // moto test_admin_reset_password_disabled_user; amazon-cognito-identity-js#373 (AWS answers a disabled user with NotAuthorizedException).
    it("refuses a disabled user", async () => {
      const poolId = await pool();
      await confirmed(poolId, "u", VERIFIED_EMAIL);
      await h.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "u" }));
      expect(await errorOf(h.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "u" })))).toEqual({ name: "NotAuthorizedException", message: "User is disabled.", status: 400 });
    });

    // moto test_admin_reset_password_unconfirmed_user; AWS's text in amplify-flutter#3048.
    it("refuses a FORCE_CHANGE_PASSWORD user", async () => {
      const poolId = await pool();
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "u", TemporaryPassword: "Temp-pass1!", UserAttributes: VERIFIED_EMAIL, MessageAction: "SUPPRESS" }));
      const refused = await errorOf(h.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "u" })));
      expect(refused).toEqual({ name: "NotAuthorizedException", message: "User password cannot be reset in the current state.", status: 400 });
    });

    // moto test_admin_reset_password_no_verified_notification_channel; AWS's text in amplify-js#11270 and aws-sdk-js-v3#7101.
    it("refuses a user without a verified email or phone number", async () => {
      const poolId = await pool();
      await confirmed(poolId, "u", [{ Name: "email", Value: "u@example.com" }]);
      const refused = await errorOf(h.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "u" })));
      expect(refused).toEqual({ name: "InvalidParameterException", message: "Cannot reset password for the user as there is no registered/verified email or phone_number", status: 400 });
    });

    // moto test_admin_reset_password_multiple_invocations.
    it("may be called again on a RESET_REQUIRED user", async () => {
      const poolId = await pool();
      await confirmed(poolId, "u", VERIFIED_EMAIL);
      for (let i = 0; i < 3; i++) {
        await h.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "u" }));
        expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "u" }))).UserStatus).toBe("RESET_REQUIRED");
      }
    });
  });

  describe("app client attribute permissions", () => {
    // CreateUserPoolClient ranges (access/ID 5 minutes–1 day, refresh 60 minutes–10 years); AWS's text in terraform-provider-aws#32504 and cloudfront-authorization-at-edge#144.
    it("refuses a token validity outside AWS's range", async () => {
      const poolId = await pool();
      const outOfRange = { name: "InvalidParameterException", message: "Invalid range for token validity.", status: 400 };
      for (const settings of [
        { AccessTokenValidity: 4, TokenValidityUnits: { AccessToken: "minutes" as const } },
        { IdTokenValidity: 2, TokenValidityUnits: { IdToken: "days" as const } },
        { RefreshTokenValidity: 3651 },
        { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: "minutes" as const } },
      ]) {
        expect(await errorOf(h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", ...settings })))).toEqual(outOfRange);
      }
      const clientId = await client(poolId, { AccessTokenValidity: 5, IdTokenValidity: 24, RefreshTokenValidity: 3650, TokenValidityUnits: { AccessToken: "minutes" } });
      expect(await errorOf(h.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, AccessTokenValidity: 25 })))).toEqual(outOfRange);
    });

    // amplify-cli#12887, aws-sdk-java#1395, aws-cdk#20760: attributes the pool does not define; email_verified is Cognito's to write.
    it("refuses Read/WriteAttributes the pool does not define or the client may not write", async () => {
      const poolId = await pool({ Schema: [{ Name: "tenant", AttributeDataType: "String" }] });
      const created = (member: "ReadAttributes" | "WriteAttributes", names: string[]) => errorOf(h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", [member]: names })));
      expect(await created("ReadAttributes", ["custom:nope"])).toEqual({ name: "InvalidParameterException", message: "Invalid read attributes specified while creating a client", status: 400 });
      expect(await created("WriteAttributes", ["email_verified"])).toEqual({ name: "InvalidParameterException", message: "Invalid write attributes specified while creating a client", status: 400 });
      const clientId = await client(poolId, { ReadAttributes: ["email", "email_verified", "custom:tenant"], WriteAttributes: ["email", "custom:tenant"] });
      const updated = await errorOf(h.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, WriteAttributes: ["custom:other"] })));
      expect(updated).toEqual({ name: "InvalidParameterException", message: "Invalid write attributes specified while updating a client", status: 400 });
    });

    // UserPoolClientType ReadAttributes: the access token reads only the listed attributes (moto's authentication_flow sets ReadAttributes).
    it("ReadAttributes narrow the ID token's claims and GetUser's attributes", async () => {
      const poolId = await pool();
      const clientId = await client(poolId, { ReadAttributes: ["email"] });
      await confirmed(poolId, "u", [...VERIFIED_EMAIL, { Name: "given_name", Value: "Gina" }]);
      const tokens = await signIn(poolId, clientId, "u");
      const claims = claimsOf(tokens.IdToken);
      expect(claims.email).toBe("u@example.com");
      expect(claims).not.toHaveProperty("given_name");
      expect(claims).not.toHaveProperty("email_verified");
      const user = await h.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
      expect(user.UserAttributes?.map((a) => a.Name).sort()).toEqual(["email", "sub"]);
    });

    // UserPoolClientType WriteAttributes; AWS's text in aws-sdk-js#1084.
    it("WriteAttributes limit what SignUp and UpdateUserAttributes may set", async () => {
      const poolId = await pool();
      const clientId = await client(poolId, { WriteAttributes: ["email"] });
      const unauthorized = { name: "NotAuthorizedException", message: "A client attempted to write unauthorized attribute", status: 400 };
      expect(await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: "s", Password: PASSWORD, UserAttributes: [{ Name: "given_name", Value: "x" }] })))).toEqual(unauthorized);
      await confirmed(poolId, "u");
      const tokens = await signIn(poolId, clientId, "u");
      expect(await errorOf(h.client.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: "given_name", Value: "x" }] })))).toEqual(unauthorized);
      await h.client.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: "email", Value: "new@example.com" }] }));
    });

    // SchemaAttributeType Mutable; AWS's text in amplify-swift#3981 and amplify-js#3526.
    it("an immutable attribute keeps the value it was created with", async () => {
      const poolId = await pool({ Schema: [{ Name: "fixed", AttributeDataType: "String", Mutable: false }] });
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "u", UserAttributes: [{ Name: "custom:fixed", Value: "a" }] }));
      const refused = await errorOf(h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "u", UserAttributes: [{ Name: "custom:fixed", Value: "b" }] })));
      expect(refused).toEqual({ name: "InvalidParameterException", message: "user.custom:fixed: Attribute cannot be updated.\n", status: 400 });
    });
  });

  describe("sign-in attributes", () => {
    const passwordAuth = (clientId: string, username: string) =>
      h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));

    // Developer guide, user pool attributes (aliases): an email or phone number alias signs in once verified; preferred_username at once.
    it("an email alias signs in once verified", async () => {
      const poolId = await pool({ AliasAttributes: ["email", "preferred_username"] });
      const clientId = await client(poolId, { ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
      await confirmed(poolId, "bob", [{ Name: "email", Value: "bob@example.com" }, { Name: "preferred_username", Value: "bobby" }]);
      expect(await errorOf(passwordAuth(clientId, "bob@example.com"))).toEqual({ name: "UserNotFoundException", message: "User does not exist.", status: 400 });
      expect((await passwordAuth(clientId, "bobby")).AuthenticationResult?.AccessToken).toBeDefined();
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "bob", UserAttributes: [{ Name: "email_verified", Value: "true" }] }));
      expect((await passwordAuth(clientId, "bob@example.com")).AuthenticationResult?.AccessToken).toBeDefined();
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "bob@example.com" }))).Username).toBe("bob");
    });

    // AliasExistsException (API reference): a verified email alias belongs to one user.
    it("refuses to verify an email another user holds as an alias", async () => {
      const poolId = await pool({ AliasAttributes: ["email"] });
      await confirmed(poolId, "bob", VERIFIED_EMAIL);
      await confirmed(poolId, "carl", [{ Name: "email", Value: "u@example.com" }]);
      const refused = await errorOf(h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "carl", UserAttributes: [{ Name: "email_verified", Value: "true" }] })));
      expect(refused).toEqual({ name: "AliasExistsException", message: "An account with the given email already exists.", status: 400 });
    });

    // ConfirmSignUp ForceAliasCreation (API reference): false answers AliasExistsException, true moves the alias to the new user.
    it("ConfirmSignUp moves a taken alias only with ForceAliasCreation", async () => {
      const poolId = await pool({ AliasAttributes: ["email"], AutoVerifiedAttributes: ["email"] });
      const clientId = await client(poolId, { ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
      await confirmed(poolId, "bob", VERIFIED_EMAIL);
      await h.client.send(new SignUpCommand({ ClientId: clientId, Username: "carl", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "u@example.com" }] }));
      const confirm = (force: boolean) => h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "carl", ConfirmationCode: h.codeFor("carl"), ForceAliasCreation: force }));
      expect(await errorOf(confirm(false))).toEqual({ name: "AliasExistsException", message: "An account with the given email already exists.", status: 400 });
      await confirm(true);
      expect(claimsOf((await passwordAuth(clientId, "u@example.com")).AuthenticationResult?.IdToken)["cognito:username"]).toBe("carl");
      const bob = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "bob" }));
      expect(bob.UserAttributes).toContainEqual({ Name: "email_verified", Value: "false" });
    });

    // UsernameConfigurationType: with CaseSensitive false, "users can sign in using username, USERNAME, or UserName".
    it("UsernameConfiguration CaseSensitive false matches the username in any case", async () => {
      const poolId = await pool({ UsernameConfiguration: { CaseSensitive: false } });
      const clientId = await client(poolId, { ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
      await confirmed(poolId, "UserName");
      expect((await passwordAuth(clientId, "username")).AuthenticationResult?.AccessToken).toBeDefined();
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "USERNAME" }))).Username).toBe("UserName");
      const taken = await errorOf(h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "username" })));
      expect(taken.name).toBe("UsernameExistsException");
      const sensitive = await pool();
      await confirmed(sensitive, "UserName");
      expect((await errorOf(h.client.send(new AdminGetUserCommand({ UserPoolId: sensitive, Username: "username" })))).name).toBe("UserNotFoundException");
    });
  });

  describe("verifying an attribute after sign-in", () => {
    // UpdateUserAttributes (CodeDeliveryDetailsList), GetUserAttributeVerificationCode and VerifyUserAttribute (API reference);
    // the refusal of another attribute is AWS's text quoted in amplify-js#3652.
    it("a changed auto-verified email gets a code that VerifyUserAttribute takes", async () => {
      const poolId = await pool({ AutoVerifiedAttributes: ["email"] });
      const clientId = await client(poolId);
      await confirmed(poolId, "u", VERIFIED_EMAIL);
      const { AccessToken } = await signIn(poolId, clientId, "u");
      const changed = await h.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: "new@example.com" }] }));
      expect(changed.CodeDeliveryDetailsList).toEqual([{ Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" }]);
      const verify = (Code: string) => h.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code }));
      expect(await errorOf(verify("000000"))).toMatchObject({ name: "CodeMismatchException", message: "Invalid verification code provided, please try again." });
      await verify(h.codeFor("u"));
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "u" }));
      expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: "email", Value: "new@example.com" }, { Name: "email_verified", Value: "true" }]));
      expect(await errorOf(verify(h.codeFor("u")))).toMatchObject({ name: "ExpiredCodeException", message: "Invalid code provided, please request a code again." });

      const resent = await h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
      expect(resent.CodeDeliveryDetails).toEqual({ Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
      const refused = await errorOf(h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "given_name" })));
      expect(refused).toEqual({ name: "InvalidParameterException", message: "Invalid attribute name. Only phone_number and email can be verified.", status: 400 });
    });
  });
});
