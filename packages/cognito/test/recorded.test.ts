import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejectionOf, startCognito, type Harness } from "./helpers.js";

// Answers compared with AWS-recorded output: the AWS CLI's describe-user-pool example
// (awscli/examples/cognito-idp/describe-user-pool.rst) and AWS's defaults for a pool
// created through the API without these settings.
describe("recorded AWS answers: DescribeUserPool defaults", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCognito();
  });
  afterAll(async () => {
    await h.close();
  });

  it("fills in VerificationMessageTemplate, EmailConfiguration and AdminCreateUserConfig like AWS", async () => {
    const created = await h.client.send(new CreateUserPoolCommand({ PoolName: "defaults" }));
    const id = created.UserPool?.Id ?? "";
    const { UserPool } = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(UserPool?.VerificationMessageTemplate).toEqual({ DefaultEmailOption: "CONFIRM_WITH_CODE" });
    expect(UserPool?.EmailConfiguration).toEqual({ EmailSendingAccount: "COGNITO_DEFAULT" });
    expect(UserPool?.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 });
    expect(UserPool?.UserAttributeUpdateSettings).toEqual({ AttributesRequireVerificationBeforeUpdate: [] });
    expect(UserPool?.UserPoolTier).toBe("ESSENTIALS");
    expect(UserPool?.Policies?.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ["PASSWORD"] });
    expect(UserPool?.Policies?.PasswordPolicy).toEqual({
      MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7,
    });
    expect(UserPool?.DeletionProtection).toBe("INACTIVE");
    expect(UserPool?.LambdaConfig).toEqual({});
    expect(UserPool?.UserPoolTags).toEqual({});
    expect(UserPool?.EstimatedNumberOfUsers).toBe(0);
    expect(UserPool?.MfaConfiguration).toBe("OFF");
    expect(UserPool?.Arn).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${id}`);
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
  });

  it("reports the temporary password validity as UnusedAccountValidityDays", async () => {
    const created = await h.client.send(new CreateUserPoolCommand({
      PoolName: "short",
      Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    }));
    const { UserPool } = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: created.UserPool?.Id ?? "" }));
    expect(UserPool?.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 1 });
    expect(UserPool?.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays).toBe(1);
  });

  it("answers DescribeUserPoolClient with AWS's defaults, TokenValidityUnits an empty map", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "clients" }));
    const poolId = pool.UserPool?.Id ?? "";
    const created = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"] }));
    const { UserPoolClient } = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.UserPoolClient?.ClientId ?? "" }));
    expect(UserPoolClient).toMatchObject({
      UserPoolId: poolId,
      ClientName: "app",
      RefreshTokenValidity: 30,
      TokenValidityUnits: {},
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
      AllowedOAuthFlowsUserPoolClient: false,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });
    expect(UserPoolClient?.ClientSecret).toBeUndefined();
  });

  it("answers SignUp, AdminGetUser and InitiateAuth in AWS's shapes", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "users", AutoVerifiedAttributes: ["email"] }));
    const poolId = pool.UserPool?.Id ?? "";
    const app = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    const clientId = app.UserPoolClient?.ClientId ?? "";
    const signUp = await h.client.send(new SignUpCommand({ ClientId: clientId, Username: "jane", Password: "Passw0rd!", UserAttributes: [{ Name: "email", Value: "jane@example.com" }] }));
    expect(signUp.UserConfirmed).toBe(false);
    expect(signUp.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(signUp.CodeDeliveryDetails).toEqual({ Destination: "j***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "jane" }));
    expect(user.Username).toBe("jane");
    expect(user.Enabled).toBe(true);
    expect(user.UserStatus).toBe("UNCONFIRMED");
    expect(user.UserCreateDate).toBeInstanceOf(Date);
    expect(user.UserAttributes).toContainEqual({ Name: "sub", Value: signUp.UserSub });
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "jane" }));
    const auth = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "jane", PASSWORD: "Passw0rd!" } }));
    expect(auth.ChallengeParameters).toEqual({});
    expect(auth.AuthenticationResult?.TokenType).toBe("Bearer");
    expect(auth.AuthenticationResult?.ExpiresIn).toBe(3600);
    expect(auth.AuthenticationResult?.RefreshToken).toBeTypeOf("string");
  });

  it("names the user/client pair for an unknown user in ConfirmSignUp, ResendConfirmationCode and ForgotPassword", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "unknown" }));
    const poolId = pool.UserPool?.Id ?? "";
    const app = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }));
    const ClientId = app.UserPoolClient?.ClientId ?? "";
    const calls = [
      h.client.send(new ConfirmSignUpCommand({ ClientId, Username: "nobody", ConfirmationCode: "123456" })),
      h.client.send(new ResendConfirmationCodeCommand({ ClientId, Username: "nobody" })),
      h.client.send(new ForgotPasswordCommand({ ClientId, Username: "nobody" })),
    ];
    for (const call of calls) {
      expect(await rejectionOf(call)).toMatchObject({
        name: "UserNotFoundException",
        message: "Username/client id combination not found.",
        $metadata: { httpStatusCode: 400 },
      });
    }
    const hidden = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "hidden", PreventUserExistenceErrors: "ENABLED" }));
    const hiddenId = hidden.UserPoolClient?.ClientId ?? "";
    expect(await rejectionOf(h.client.send(new ConfirmSignUpCommand({ ClientId: hiddenId, Username: "nobody", ConfirmationCode: "123456" })))).toMatchObject({ name: "CodeMismatchException" });
    const resend = await h.client.send(new ResendConfirmationCodeCommand({ ClientId: hiddenId, Username: "nobody" }));
    expect(resend.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
  });

  it("answers a duplicate AdminCreateUser and SignUp with AWS's two texts", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "dupes" }));
    const poolId = pool.UserPool?.Id ?? "";
    const app = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }));
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "sam" }));
    expect(await rejectionOf(h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "sam" })))).toMatchObject({
      name: "UsernameExistsException", message: "User account already exists",
    });
    expect(await rejectionOf(h.client.send(new SignUpCommand({ ClientId: app.UserPoolClient?.ClientId ?? "", Username: "sam", Password: "Passw0rd!" })))).toMatchObject({
      name: "UsernameExistsException", message: "User already exists",
    });
  });

  it("answers the common sign-in failures with AWS's codes and texts", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "failures" }));
    const poolId = pool.UserPool?.Id ?? "";
    const srpOnly = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "srp" }));
    const app = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    const ClientId = app.UserPoolClient?.ClientId ?? "";
    const signIn = (clientId: string, USERNAME: string, PASSWORD: string) =>
      h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME, PASSWORD } }));
    expect(await rejectionOf(h.client.send(new SignUpCommand({ ClientId, Username: "short", Password: "Ab1!" })))).toMatchObject({
      name: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough",
    });
    await h.client.send(new SignUpCommand({ ClientId, Username: "kim", Password: "Passw0rd!" }));
    expect(await rejectionOf(signIn(ClientId, "kim", "Passw0rd!"))).toMatchObject({ name: "UserNotConfirmedException", message: "User is not confirmed." });
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "kim" }));
    expect(await rejectionOf(signIn(ClientId, "kim", "wrong-Passw0rd!"))).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    expect(await rejectionOf(signIn(ClientId, "nobody", "Passw0rd!"))).toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
    expect(await rejectionOf(signIn(srpOnly.UserPoolClient?.ClientId ?? "", "kim", "Passw0rd!"))).toMatchObject({
      name: "InvalidParameterException", message: "USER_PASSWORD_AUTH flow not enabled for this client",
    });
    expect(await rejectionOf(signIn("1example23456789", "kim", "Passw0rd!"))).toMatchObject({
      name: "ResourceNotFoundException", message: "User pool client 1example23456789 does not exist.",
    });
    expect(await rejectionOf(h.client.send(new ConfirmSignUpCommand({ ClientId, Username: "kim", ConfirmationCode: "123456" })))).toMatchObject({
      name: "NotAuthorizedException", message: "User cannot be confirmed. Current status is CONFIRMED",
    });
    expect(await rejectionOf(h.client.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_nothere00" })))).toMatchObject({
      name: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.",
    });
  });

  it("answers AdminCreateUser and ListUsers like the AWS CLI's recorded examples", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "admin" }));
    const poolId = pool.UserPool?.Id ?? "";
    const created = await h.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: "diego",
      UserAttributes: [{ Name: "phone_number", Value: "+15555551212" }, { Name: "email", Value: "diego@example.com" }],
      MessageAction: "SUPPRESS",
    }));
    const user = created.User;
    expect(Object.keys(user ?? {}).sort()).toEqual(["Attributes", "Enabled", "UserCreateDate", "UserLastModifiedDate", "UserStatus", "Username"]);
    expect(user?.Attributes?.[0]?.Name).toBe("sub");
    expect(user?.Attributes).toEqual(expect.arrayContaining([{ Name: "phone_number", Value: "+15555551212" }, { Name: "email", Value: "diego@example.com" }]));
    expect(user).toMatchObject({ Username: "diego", Enabled: true, UserStatus: "FORCE_CHANGE_PASSWORD" });
    const listed = await h.client.send(new ListUsersCommand({ UserPoolId: poolId }));
    expect(listed.Users).toHaveLength(1);
    expect(Object.keys(listed.Users?.[0] ?? {}).sort()).toEqual(["Attributes", "Enabled", "UserCreateDate", "UserLastModifiedDate", "UserStatus", "Username"]);
    expect(listed.PaginationToken).toBeUndefined();
  });
});
