/**
 * The Cognito user pools team's examples that the AWS SDK for JavaScript v3 carries in its command
 * typings (@aws-sdk/client-cognito-identity-provider, dist-types/commands/*Command.d.ts, "@example …"),
 * replayed through the SDK client; the shapes are compared, the author's values (ids, secrets, dates)
 * are not. AdminCreateUser's and InitiateAuth's examples answered as documented (userPools.test.ts,
 * mfa.test.ts); the sessions, replicas and provisioned-limit examples are of operations not emulated.
 */
import {
  CreateIdentityProviderCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, GetUserPoolMfaConfigCommand, ListUsersCommand, UpdateUserPoolClientCommand,
  AdminCreateUserCommand, type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, startCognito, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startCognito();
});
afterAll(() => h.close());

const keys = (o: object | undefined): string[] => Object.keys(o ?? {}).filter((k) => k !== "$metadata").sort();
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:MyFunction";

/** CreateUserPool's "Example user pool with email and username sign-in", as the example gives it. */
const EXAMPLE_POOL: CreateUserPoolCommandInput = {
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: false,
    InviteMessageTemplate: {
      EmailMessage: "Your username is {username} and temporary password is {####}.",
      EmailSubject: "Your sign-in information",
      SMSMessage: "Your username is {username} and temporary password is {####}.",
    },
  },
  AliasAttributes: ["email"],
  AutoVerifiedAttributes: ["email"],
  DeletionProtection: "ACTIVE",
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  EmailConfiguration: {
    ConfigurationSet: "my-test-ses-configuration-set",
    EmailSendingAccount: "DEVELOPER",
    From: "support@example.com",
    ReplyToEmailAddress: "support@example.com",
    SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/support@example.com",
  },
  EmailVerificationMessage: "Your verification code is {####}.",
  EmailVerificationSubject: "Verify your email address",
  LambdaConfig: {
    CustomEmailSender: { LambdaArn: FUNCTION, LambdaVersion: "V1_0" },
    CustomMessage: FUNCTION,
    CustomSMSSender: { LambdaArn: FUNCTION, LambdaVersion: "V1_0" },
    DefineAuthChallenge: FUNCTION,
    KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/a6c4f8e2-0c45-47db-925f-87854bc9e357",
    PostAuthentication: FUNCTION,
    PostConfirmation: FUNCTION,
    PreAuthentication: FUNCTION,
    PreSignUp: FUNCTION,
    PreTokenGeneration: FUNCTION,
    UserMigration: FUNCTION,
    VerifyAuthChallengeResponse: FUNCTION,
  },
  MfaConfiguration: "OPTIONAL",
  Policies: { PasswordPolicy: { MinimumLength: 6, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true, TemporaryPasswordValidityDays: 7 } },
  PoolName: "my-test-user-pool",
  Schema: [{
    AttributeDataType: "Number", DeveloperOnlyAttribute: true, Mutable: true, Name: "mydev", NumberAttributeConstraints: { MaxValue: "99", MinValue: "1" }, Required: false,
    StringAttributeConstraints: { MaxLength: "99", MinLength: "1" },
  }],
  SmsAuthenticationMessage: "Your verification code is {####}.",
  SmsConfiguration: { ExternalId: "my-role-external-id", SnsCallerArn: "arn:aws:iam::123456789012:role/service-role/test-cognito-SMS-Role" },
  SmsVerificationMessage: "Your verification code is {####}.",
  UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
  UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
  UserPoolTags: { "my-test-tag-key": "my-test-tag-value" },
  UsernameConfiguration: { CaseSensitive: true },
  VerificationMessageTemplate: {
    DefaultEmailOption: "CONFIRM_WITH_CODE",
    EmailMessage: "Your confirmation code is {####}",
    EmailMessageByLink: "Choose this link to {##verify your email##}",
    EmailSubject: "Here is your confirmation code",
    EmailSubjectByLink: "Here is your confirmation link",
    SmsMessage: "Your confirmation code is {####}",
  },
};

describe("CreateUserPool", () => {
  it("Example user pool with email and username sign-in: every member the example answers, the Number attribute's own constraints, SnsRegion", async () => {
    const { UserPool: pool } = await h.client.send(new CreateUserPoolCommand(EXAMPLE_POOL));
    expect(keys(pool)).toEqual(expect.arrayContaining([
      "AccountRecoverySetting", "AdminCreateUserConfig", "AliasAttributes", "Arn", "AutoVerifiedAttributes", "CreationDate", "DeletionProtection",
      "DeviceConfiguration", "EmailConfiguration", "EmailVerificationMessage", "EmailVerificationSubject", "EstimatedNumberOfUsers", "Id", "LambdaConfig",
      "LastModifiedDate", "MfaConfiguration", "Name", "Policies", "SchemaAttributes", "SmsAuthenticationMessage", "SmsConfiguration", "SmsVerificationMessage",
      "UserAttributeUpdateSettings", "UserPoolAddOns", "UserPoolTags", "UsernameConfiguration", "VerificationMessageTemplate",
    ]));
    // "dev:custom:mydev" keeps its NumberAttributeConstraints; the StringAttributeConstraints it was also given are dropped.
    expect(pool?.SchemaAttributes?.find((a) => a.Name === "dev:custom:mydev")).toEqual({
      AttributeDataType: "Number", DeveloperOnlyAttribute: true, Mutable: true, Name: "dev:custom:mydev", NumberAttributeConstraints: { MaxValue: "99", MinValue: "1" }, Required: false,
    });
    // The pool's Region when none was given, in DescribeUserPool and in GetUserPoolMfaConfig (its SMS factor).
    expect(pool?.SmsConfiguration).toEqual({ ExternalId: "my-role-external-id", SnsCallerArn: "arn:aws:iam::123456789012:role/service-role/test-cognito-SMS-Role", SnsRegion: "us-east-1" });
    const mfa = await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool?.Id }));
    expect(mfa.SmsMfaConfiguration?.SmsConfiguration?.SnsRegion).toBe("us-east-1");
  });
});

describe("CreateUserPoolClient", () => {
  const exampleClient = (poolId: string): CreateUserPoolClientCommandInput => ({
    AccessTokenValidity: 6, AllowedOAuthFlows: ["code"], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ["aws.cognito.signin.user.admin", "openid"],
    AnalyticsConfiguration: { ApplicationId: "d70b2ba36a8c4dc5a04a0451a31a1e12", ExternalId: "my-external-id", RoleArn: "arn:aws:iam::123456789012:role/test-cognitouserpool-role", UserDataShared: true },
    CallbackURLs: ["https://example.com", "http://localhost", "myapp://example"], ClientName: "my-test-app-client", DefaultRedirectURI: "https://example.com",
    ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], GenerateSecret: true, IdTokenValidity: 6,
    LogoutURLs: ["https://example.com/logout"], PreventUserExistenceErrors: "ENABLED", ReadAttributes: ["email", "address", "preferred_username"], RefreshTokenValidity: 6,
    SupportedIdentityProviders: ["SignInWithApple", "MySSO"], TokenValidityUnits: { AccessToken: "hours", IdToken: "minutes", RefreshToken: "days" },
    UserPoolId: poolId, WriteAttributes: ["family_name", "email"],
  });

  it("Example user pool app client with email and username sign-in: its identity providers must exist, then every member the example answers", async () => {
    const poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "clients" }))).UserPool?.Id ?? "";
    expect(await errorOf(h.client.send(new CreateUserPoolClientCommand(exampleClient(poolId))))).toEqual({
      name: "InvalidParameterException", message: `The provider SignInWithApple does not exist for User Pool ${poolId}.`, status: 400,
    });
    await h.client.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: "SignInWithApple", ProviderType: "SignInWithApple",
      ProviderDetails: { client_id: "com.example.app", team_id: "TEAMID1234", key_id: "KEYID12345", private_key: "key", authorize_scopes: "email name" },
    }));
    await h.client.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: "MySSO", ProviderType: "OIDC",
      ProviderDetails: { client_id: "sso", client_secret: "secret", attributes_request_method: "GET", oidc_issuer: "https://idp.example.com", authorize_scopes: "openid" },
    }));
    const { UserPoolClient: client } = await h.client.send(new CreateUserPoolClientCommand(exampleClient(poolId)));
    expect(keys(client)).toEqual([
      "AccessTokenValidity", "AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes", "AnalyticsConfiguration", "AuthSessionValidity", "CallbackURLs",
      "ClientId", "ClientName", "ClientSecret", "CreationDate", "DefaultRedirectURI", "EnablePropagateAdditionalUserContextData", "EnableTokenRevocation", "ExplicitAuthFlows",
      "IdTokenValidity", "LastModifiedDate", "LogoutURLs", "PreventUserExistenceErrors", "ReadAttributes", "RefreshTokenValidity", "SupportedIdentityProviders",
      "TokenValidityUnits", "UserPoolId", "WriteAttributes",
    ]);
    expect([client?.SupportedIdentityProviders, client?.AuthSessionValidity, client?.EnableTokenRevocation]).toEqual([["SignInWithApple", "MySSO"], 3, true]);
    // UpdateUserPoolClient checks the providers it names as well.
    expect(await errorOf(h.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: client?.ClientId, SupportedIdentityProviders: ["COGNITO", "Google"] })))).toMatchObject({
      name: "InvalidParameterException", message: `The provider Google does not exist for User Pool ${poolId}.`,
    });
  });
});

describe("ListUsers", () => {
  it('A ListUsers request for the next 3 users whose email address starts with "testuser.": the attribute name may be quoted', async () => {
    const poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "listing" }))).UserPool?.Id ?? "";
    for (const [username, email] of [["testuser", "testuser@example.com"], ["testuser2", "testuser2@example.com"], ["testuser3@example.com", "testuser3@example.com"], ["testuser4", "testuser4@example.com"], ["other", "other@example.com"]]) {
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: email }] }));
    }
    const first = await h.client.send(new ListUsersCommand({ AttributesToGet: ["email", "sub"], Filter: '"email"^="testuser"', Limit: 3, UserPoolId: poolId }));
    expect(keys(first)).toEqual(["PaginationToken", "Users"]);
    expect(first.Users?.map((u) => u.Username)).toEqual(["testuser", "testuser2", "testuser3@example.com"]);
    // The user's attributes in their own order (sub first), not AttributesToGet's.
    expect(first.Users?.map((u) => u.Attributes?.map((a) => a.Name))).toEqual([["sub", "email"], ["sub", "email"], ["sub", "email"]]);
    const next = await h.client.send(new ListUsersCommand({ AttributesToGet: ["email", "sub"], Filter: '"email"^="testuser"', Limit: 3, UserPoolId: poolId, PaginationToken: first.PaginationToken }));
    expect(next.Users?.map((u) => u.Username)).toEqual(["testuser4"]);
    expect(next.PaginationToken).toBeUndefined();
  });
});
