import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  GetGroupCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { secretHash } from "../src/index.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Passw0rd!";

describe("Cognito user pools", () => {
  let h: Harness;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    h = await startCognito();
    const pool = await h.client.send(
      new CreateUserPoolCommand({
        PoolName: "app-users",
        AutoVerifiedAttributes: ["email"],
        Schema: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }],
      }),
    );
    poolId = pool.UserPool?.Id ?? "";
    const client = await h.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    );
    clientId = client.UserPoolClient?.ClientId ?? "";
  });

  afterAll(() => h.close());

  async function confirmedUser(username: string, email = `${username}@example.com`): Promise<void> {
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: "email", Value: email }] }));
    await h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: h.codeFor(username) }));
  }

  const passwordAuth = (username: string, password = PASSWORD) =>
    h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));

  describe("pools and clients", () => {
    it("creates a pool with an id like us-east-1_AbCdEf123 and AWS's default password policy", async () => {
      expect(poolId).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
      const described = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      expect(described.UserPool?.Arn).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`);
      expect(described.UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireUppercase: true, RequireSymbols: true });
      expect(described.UserPool?.SchemaAttributes?.find((a) => a.Name === "email")?.Required).toBe(true);
      const listed = await h.client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      expect(listed.UserPools?.map((p) => p.Name)).toContain("app-users");
      expect(clientId).toMatch(/^[a-z0-9]{26}$/);
      const client = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
      expect(client.UserPoolClient?.ClientName).toBe("web");
    });

    it("answers an unknown pool with ResourceNotFoundException", async () => {
      const error = await errorOf(h.client.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_nothere00" })));
      expect(error).toMatchObject({ name: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.", status: 400 });
    });

    it("validates input against AWS's model", async () => {
      const error = await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: "" })));
      expect(error.name).toBe("InvalidParameterException");
      expect(error.message).toMatch(/^\d validation errors? detected: Value '' at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    });

    it("deletes a pool", async () => {
      const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "temporary" }));
      await h.client.send(new DeleteUserPoolCommand({ UserPoolId: pool.UserPool?.Id }));
      const error = await errorOf(h.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.UserPool?.Id })));
      expect(error.name).toBe("ResourceNotFoundException");
    });
  });

  describe("SignUp and ConfirmSignUp", () => {
    it("applies the password policy with AWS's texts", async () => {
      const short = await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: "weak", Password: "Ab1!", UserAttributes: [{ Name: "email", Value: "w@example.com" }] })));
      expect(short).toMatchObject({ name: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough" });
      const upper = await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: "weak", Password: "passw0rd!", UserAttributes: [{ Name: "email", Value: "w@example.com" }] })));
      expect(upper.message).toBe("Password did not conform with policy: Password must have uppercase characters");
      const symbol = await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: "weak", Password: "Passw0rdd", UserAttributes: [{ Name: "email", Value: "w@example.com" }] })));
      expect(symbol.message).toBe("Password did not conform with policy: Password must have symbol characters");
    });

    it("signs up an unconfirmed user, prints the code, and confirms it", async () => {
      const out = await h.client.send(new SignUpCommand({ ClientId: clientId, Username: "alice", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "alice@example.com" }] }));
      expect(out.UserConfirmed).toBe(false);
      expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.CodeDeliveryDetails).toEqual({ Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
      const code = h.codeFor("alice");
      expect(code).toMatch(/^\d{6}$/);

      const unconfirmed = await errorOf(passwordAuth("alice"));
      expect(unconfirmed).toMatchObject({ name: "UserNotConfirmedException", message: "User is not confirmed." });

      const wrong = await errorOf(h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code === "000000" ? "111111" : "000000" })));
      expect(wrong).toMatchObject({ name: "CodeMismatchException", message: "Invalid verification code provided, please try again." });

      await h.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "alice" }));
      await h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: h.codeFor("alice") }));
      const again = await errorOf(h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: h.codeFor("alice") })));
      expect(again).toMatchObject({ name: "NotAuthorizedException", message: "User cannot be confirmed. Current status is CONFIRMED" });

      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
      expect(user.UserStatus).toBe("CONFIRMED");
      expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
    });

    it("refuses a second user with the same name", async () => {
      const error = await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: "alice", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "x@example.com" }] })));
      expect(error).toMatchObject({ name: "UsernameExistsException", message: "User already exists" });
    });

    it("requires the schema's required attributes", async () => {
      const error = await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: "noemail", Password: PASSWORD })));
      expect(error).toMatchObject({ name: "InvalidParameterException", message: "Attributes did not conform to the schema: email: The attribute is required.\n" });
    });
  });

  describe("password sign-in and tokens", () => {
    it("issues RS256 id and access tokens with Cognito's claims", async () => {
      await confirmedUser("bob");
      const out = await passwordAuth("bob");
      const result = out.AuthenticationResult;
      expect(result?.TokenType).toBe("Bearer");
      expect(result?.ExpiresIn).toBe(3600);
      expect(result?.RefreshToken?.split(".")).toHaveLength(5);
      const id = decodeJwt(result?.IdToken ?? "");
      const access = decodeJwt(result?.AccessToken ?? "");
      expect(decodeProtectedHeader(result?.IdToken ?? "")).toMatchObject({ alg: "RS256", kid: expect.any(String) });
      expect(id).toMatchObject({ aud: clientId, token_use: "id", "cognito:username": "bob", email: "bob@example.com", email_verified: true, iss: `${h.url}/${poolId}` });
      expect(access).toMatchObject({ client_id: clientId, token_use: "access", username: "bob", scope: "aws.cognito.signin.user.admin", iss: `${h.url}/${poolId}` });
      expect(access.aud).toBeUndefined();
      expect(id.sub).toBe(access.sub);
      expect(id.origin_jti).toBe(access.origin_jti);
      expect(access.exp).toBe(Math.floor(h.clock.now() / 1000) + 3600);

      const me = await h.client.send(new GetUserCommand({ AccessToken: result?.AccessToken }));
      expect(me.Username).toBe("bob");
      expect(me.UserAttributes).toContainEqual({ Name: "email", Value: "bob@example.com" });
      const withId = await errorOf(h.client.send(new GetUserCommand({ AccessToken: result?.IdToken })));
      expect(withId).toMatchObject({ name: "NotAuthorizedException", message: "Invalid Access Token" });
    });

    it("rejects a wrong password and an unknown user with AWS's texts", async () => {
      expect(await errorOf(passwordAuth("bob", "Wrong0ne!"))).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
      expect(await errorOf(passwordAuth("nobody"))).toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
    });

    it("hides unknown users when PreventUserExistenceErrors is ENABLED", async () => {
      const hidden = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "hidden", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], PreventUserExistenceErrors: "ENABLED" }));
      const error = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: hidden.UserPoolClient?.ClientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "nobody", PASSWORD } })));
      expect(error).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    });

    it("refuses flows the client does not enable", async () => {
      const plain = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "plain" }));
      const error = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: plain.UserPoolClient?.ClientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bob", PASSWORD } })));
      expect(error).toMatchObject({ name: "InvalidParameterException", message: "USER_PASSWORD_AUTH flow not enabled for this client" });
    });

    it("refreshes tokens, and expires the access token on the clock", async () => {
      const first = await passwordAuth("bob");
      h.clock.advance(30 * 60 * 1000);
      const refreshed = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult?.RefreshToken ?? "" } }));
      expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
      const before = decodeJwt(first.AuthenticationResult?.AccessToken ?? "");
      const after = decodeJwt(refreshed.AuthenticationResult?.AccessToken ?? "");
      expect(after.origin_jti).toBe(before.origin_jti);
      expect(after.auth_time).toBe(before.auth_time);
      expect(after.iat).toBe((before.iat ?? 0) + 30 * 60);

      h.clock.advance(31 * 60 * 1000);
      const expired = await errorOf(h.client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult?.AccessToken })));
      expect(expired).toMatchObject({ name: "NotAuthorizedException", message: "Access Token has expired" });
      await h.client.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken }));

      const viaNewApi = await h.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: first.AuthenticationResult?.RefreshToken ?? "" }));
      expect(decodeJwt(viaNewApi.AuthenticationResult?.AccessToken ?? "").origin_jti).toBe(before.origin_jti);

      const garbage = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "garbage" } })));
      expect(garbage).toMatchObject({ name: "NotAuthorizedException", message: "Invalid Refresh Token" });
    });

    it("revokes tokens with GlobalSignOut and RevokeToken", async () => {
      const first = await passwordAuth("bob");
      await h.client.send(new GlobalSignOutCommand({ AccessToken: first.AuthenticationResult?.AccessToken }));
      expect(await errorOf(h.client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult?.AccessToken })))).toMatchObject({ message: "Access Token has been revoked" });
      const refresh = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult?.RefreshToken ?? "" } })));
      expect(refresh).toMatchObject({ name: "NotAuthorizedException", message: "Refresh Token has been revoked" });

      const second = await passwordAuth("bob");
      await h.client.send(new GetUserCommand({ AccessToken: second.AuthenticationResult?.AccessToken }));
      await h.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: second.AuthenticationResult?.RefreshToken }));
      expect(await errorOf(h.client.send(new GetUserCommand({ AccessToken: second.AuthenticationResult?.AccessToken })))).toMatchObject({ message: "Access Token has been revoked" });

      const third = await passwordAuth("bob");
      await h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "bob" }));
      expect(await errorOf(h.client.send(new GetUserCommand({ AccessToken: third.AuthenticationResult?.AccessToken })))).toMatchObject({ message: "Access Token has been revoked" });
    });

    it("refuses a disabled user", async () => {
      await confirmedUser("dora");
      await h.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "dora" }));
      expect(await errorOf(passwordAuth("dora"))).toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
      await h.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "dora" }));
      await passwordAuth("dora");
    });
  });

  describe("admin-created users", () => {
    it("asks for a new password (NEW_PASSWORD_REQUIRED) before issuing tokens", async () => {
      const created = await h.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: "carol@example.com" }] }),
      );
      expect(created.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
      const exists = await errorOf(h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", UserAttributes: [{ Name: "email", Value: "c@example.com" }] })));
      expect(exists).toMatchObject({ name: "UsernameExistsException", message: "User account already exists" });

      const challenge = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "carol", PASSWORD: "Temp0rary!" } }));
      expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      expect(challenge.Session).toBeTruthy();
      expect(JSON.parse(challenge.ChallengeParameters?.userAttributes ?? "{}")).toMatchObject({ email: "carol@example.com" });

      const done = await h.client.send(
        new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: challenge.Session, ChallengeResponses: { USERNAME: "carol", NEW_PASSWORD: "N3wPassword!" } }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
      const reused = await errorOf(
        h.client.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: challenge.Session, ChallengeResponses: { USERNAME: "carol", NEW_PASSWORD: "N3wPassword!" } })),
      );
      expect(reused).toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user." });
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol" }))).UserStatus).toBe("CONFIRMED");
    });

    it("sets passwords, confirms sign-ups and updates attributes", async () => {
      await h.client.send(new SignUpCommand({ ClientId: clientId, Username: "erin", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "erin@example.com" }] }));
      await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "erin" }));
      await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "erin", Password: "An0ther!pass", Permanent: true }));
      await passwordAuth("erin", "An0ther!pass");
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "erin", UserAttributes: [{ Name: "name", Value: "Erin E" }, { Name: "email", Value: "erin2@example.com" }] }));
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "erin" }));
      expect(user.UserAttributes).toContainEqual({ Name: "name", Value: "Erin E" });
      expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "false" });
    });
  });

  describe("passwords", () => {
    it("resets a forgotten password with the printed code, and changes it with the access token", async () => {
      await confirmedUser("frank");
      const sent = await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "frank" }));
      expect(sent.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
      const expiredCode = h.codeFor("frank");
      h.clock.advance(25 * 60 * 60 * 1000);
      const expired = await errorOf(h.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "frank", ConfirmationCode: expiredCode, Password: "Fresh1!pass" })));
      expect(expired).toMatchObject({ name: "ExpiredCodeException", message: "Invalid code provided, please request a code again." });
      await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "frank" }));
      await h.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "frank", ConfirmationCode: h.codeFor("frank"), Password: "Fresh1!pass" }));
      const signedIn = await passwordAuth("frank", "Fresh1!pass");
      const wrong = await errorOf(h.client.send(new ChangePasswordCommand({ AccessToken: signedIn.AuthenticationResult?.AccessToken, PreviousPassword: "nope1234A!", ProposedPassword: "Chang3d!pass" })));
      expect(wrong).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
      await h.client.send(new ChangePasswordCommand({ AccessToken: signedIn.AuthenticationResult?.AccessToken, PreviousPassword: "Fresh1!pass", ProposedPassword: "Chang3d!pass" }));
      await passwordAuth("frank", "Chang3d!pass");
    });
  });

  describe("AdminResetUserPassword", () => {
    it("requires a reset before the next sign-in", async () => {
      await confirmedUser("gina");
      await h.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "gina" }));
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "gina" }))).UserStatus).toBe("RESET_REQUIRED");
      expect(await errorOf(passwordAuth("gina"))).toMatchObject({ name: "PasswordResetRequiredException", message: "Password reset required for the user" });
      await h.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "gina", ConfirmationCode: h.codeFor("gina"), Password: "Res3t!pass" }));
      await passwordAuth("gina", "Res3t!pass");
    });
  });

  describe("ListUsers", () => {
    it("filters with = and ^=", async () => {
      const exact = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "bob@example.com"' }));
      expect(exact.Users?.map((u) => u.Username)).toEqual(["bob"]);
      const prefix = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "d"' }));
      expect(prefix.Users?.map((u) => u.Username)).toEqual(["dora"]);
      const bad = await errorOf(h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: "email is bob" })));
      expect(bad).toMatchObject({ name: "InvalidParameterException", message: "Error while parsing filter." });
    });
  });

  describe("groups", () => {
    it("puts groups in cognito:groups by precedence", async () => {
      await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "readers", Precedence: 5 }));
      await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins", Precedence: 1, RoleArn: "arn:aws:iam::000000000000:role/admin" }));
      const dup = await errorOf(h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins" })));
      expect(dup).toMatchObject({ name: "GroupExistsException", message: "A group with the name admins already exists." });
      await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "bob", GroupName: "readers" }));
      await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "bob", GroupName: "admins" }));
      const tokens = await passwordAuth("bob");
      const id = decodeJwt(tokens.AuthenticationResult?.IdToken ?? "");
      expect(id["cognito:groups"]).toEqual(["admins", "readers"]);
      expect(id["cognito:preferred_role"]).toBe("arn:aws:iam::000000000000:role/admin");
      expect(decodeJwt(tokens.AuthenticationResult?.AccessToken ?? "")["cognito:groups"]).toEqual(["admins", "readers"]);

      const groups = await h.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "bob" }));
      expect(groups.Groups?.map((g) => g.GroupName)).toEqual(["readers", "admins"]);
      const members = await h.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "admins" }));
      expect(members.Users?.map((u) => u.Username)).toEqual(["bob"]);
      expect((await h.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "admins" }))).Group?.Precedence).toBe(1);
      expect((await h.client.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups).toHaveLength(2);
      await h.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "bob", GroupName: "readers" }));
      const after = decodeJwt((await passwordAuth("bob")).AuthenticationResult?.IdToken ?? "");
      expect(after["cognito:groups"]).toEqual(["admins"]);
      const missing = await errorOf(h.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "nope" })));
      expect(missing).toMatchObject({ name: "ResourceNotFoundException", message: "Group not found." });
    });
  });

  describe("SECRET_HASH", () => {
    it("requires and checks the secret hash of a client with a secret", async () => {
      const created = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "server", GenerateSecret: true, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
      const id = created.UserPoolClient?.ClientId ?? "";
      const secret = created.UserPoolClient?.ClientSecret ?? "";
      expect(secret).toHaveLength(51);
      const missing = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bob", PASSWORD } })));
      expect(missing).toMatchObject({ name: "NotAuthorizedException", message: `Client ${id} is configured for secret but secret was not received` });
      const wrong = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bob", PASSWORD, SECRET_HASH: "bm9wZQ==" } })));
      expect(wrong).toMatchObject({ name: "NotAuthorizedException", message: `Unable to verify secret hash for client ${id}` });
      const ok = await h.client.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bob", PASSWORD, SECRET_HASH: secretHash(secret, "bob", id) } }));
      expect(ok.AuthenticationResult?.IdToken).toBeTruthy();
    });
  });
});
