import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { silentLogger, type Logger } from "@sam-sandbox/core";
import type { RunningSandbox } from "@sam-sandbox/sandbox";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCognitoSandbox } from "./helpers.js";

const fixture = join(import.meta.dirname, "fixtures", "cognito-triggers");

function claims(token: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(token).split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The event a fixture trigger echoed back as its error ("<Trigger> failed with error <event JSON>."). */
function echoedEvent(error: unknown, trigger: string): Record<string, unknown> {
  const message = error instanceof Error ? error.message : "";
  const prefix = `${trigger} failed with error `;
  expect(message.startsWith(prefix)).toBe(true);
  return JSON.parse(message.slice(prefix.length, -1)) as Record<string, unknown>;
}

describe("Cognito user pool Lambda triggers", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-cognito-triggers-"));
  const lines: string[] = [];
  const logger: Logger = { ...silentLogger, info: (m) => lines.push(m) };
  let sandbox: RunningSandbox;
  let cognito: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;

  const codeFor = (name: string) => {
    const line = [...lines].reverse().find((l) => l.includes(` for ${name}`));
    return line?.match(/(\d{6})$/)?.[1] ?? "";
  };
  const signUp = async (username: string, email: string, extra: Record<string, unknown> = {}) =>
    cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: "Password1", UserAttributes: [{ Name: "email", Value: email }], ...extra }));
  const passwordSignIn = (username: string, password = "Password1", metadata?: Record<string, string>) =>
    cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password }, ...(metadata ? { ClientMetadata: metadata } : {}) }));
  const confirmedUser = async (username: string, email: string) => {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS", TemporaryPassword: "Password1", UserAttributes: [{ Name: "email", Value: email }] }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: "Password1", Permanent: true }));
  };

  beforeAll(async () => {
    ({ sandbox, cognito } = await startCognitoSandbox(fixture, { dataDir, logger }));
    poolId = String(sandbox.app.outputs.UserPoolId?.value);
    clientId = String(sandbox.app.outputs.ClientId?.value);
  });

  afterAll(async () => {
    cognito.destroy();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("puts Fn::GetAtt ARNs and SAM Cognito events into the pool's LambdaConfig", async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    expect(UserPool?.LambdaConfig).toMatchObject({
      PreSignUp: arn("trigger-pre-sign-up"),
      PostConfirmation: arn("trigger-post-confirmation"),
      PreAuthentication: arn("trigger-auth"),
      PostAuthentication: arn("trigger-auth"),
      PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: arn("trigger-token-v2") },
    });
  });

  describe("PreSignUp", () => {
    it("turns the function's error into UserLambdaValidationException", async () => {
      const error = await signUp("mallory", "mallory@blocked.test").catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "UserLambdaValidationException", message: "PreSignUp failed with error Sign-ups from blocked.test are closed.", $metadata: { httpStatusCode: 400 } });
      const missing = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "mallory" })).catch((e: Error) => e);
      expect(missing).toMatchObject({ name: "UserNotFoundException" });
    });

    it("confirms and verifies the user when the function says autoConfirmUser / autoVerifyEmail", async () => {
      const result = await signUp("auto", "auto@auto.test");
      expect(result.UserConfirmed).toBe(true);
      expect(result.CodeDeliveryDetails).toBeUndefined();
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "auto" }));
      expect(user.UserStatus).toBe("CONFIRMED");
      expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
      expect((await passwordSignIn("auto")).AuthenticationResult?.IdToken).toBeDefined();
    });

    it("sends the documented event", async () => {
      const error = await signUp("evt", "evt@example.com", { ValidationData: [{ Name: "invite", Value: "abc" }], ClientMetadata: { echo: "PreSignUp_SignUp" } }).catch((e: unknown) => e);
      const event = echoedEvent(error, "PreSignUp");
      expect(event).toEqual({
        version: "1",
        triggerSource: "PreSignUp_SignUp",
        region: "us-east-1",
        userPoolId: poolId,
        userName: "evt",
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        request: { userAttributes: { email: "evt@example.com" }, validationData: { invite: "abc" }, clientMetadata: { echo: "PreSignUp_SignUp" } },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      });
    });
  });

  it("runs PreSignUp_AdminCreateUser for AdminCreateUser", async () => {
    const error = await cognito
      .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "admin-made", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: "am@example.com" }], ClientMetadata: { echo: "PreSignUp_AdminCreateUser" } }))
      .catch((e: unknown) => e);
    const event = echoedEvent(error, "PreSignUp");
    expect(event).toMatchObject({ triggerSource: "PreSignUp_AdminCreateUser", userName: "admin-made", callerContext: { clientId: "CLIENT_ID_NOT_APPLICABLE" }, request: { userAttributes: { email: "am@example.com" } } });
  });

  it("prints the CustomMessage function's message with the code, and runs PostConfirmation from a SAM Cognito event", async () => {
    await signUp("ann", "ann@example.com");
    const line = lines.find((l) => l.includes("confirmation message for ann"));
    expect(line).toMatch(/\[Welcome\]: Hello ann, your code is \d{6}$/);
    const error = await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "ann", ConfirmationCode: codeFor("ann"), ClientMetadata: { echo: "PostConfirmation_ConfirmSignUp" } })).catch((e: unknown) => e);
    const event = echoedEvent(error, "PostConfirmation");
    expect(event).toMatchObject({ version: "1", triggerSource: "PostConfirmation_ConfirmSignUp", userName: "ann", callerContext: { clientId }, response: {} });
    expect(event.request).toMatchObject({ userAttributes: { email: "ann@example.com", email_verified: "true", "cognito:user_status": "CONFIRMED" }, clientMetadata: { echo: "PostConfirmation_ConfirmSignUp" } });
    // As on AWS, the confirmation stands although PostConfirmation failed.
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ann" }))).UserStatus).toBe("CONFIRMED");
  });

  describe("sign-in triggers", () => {
    beforeAll(async () => {
      await confirmedUser("bob", "bob@example.com");
      await confirmedUser("locked", "locked@example.com");
    });

    it("denies the sign-in when PreAuthentication fails", async () => {
      const error = await passwordSignIn("locked").catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "UserLambdaValidationException", message: "PreAuthentication failed with error Account locked." });
    });

    it("sends PreAuthentication and PostAuthentication their documented events", async () => {
      const pre = echoedEvent(await passwordSignIn("bob", "Password1", { echo: "PreAuthentication_Authentication" }).catch((e: unknown) => e), "PreAuthentication");
      expect(pre).toMatchObject({ triggerSource: "PreAuthentication_Authentication", userName: "bob", request: { userNotFound: false, validationData: { echo: "PreAuthentication_Authentication" } }, response: {} });
      const post = echoedEvent(await passwordSignIn("bob", "Password1", { echo: "PostAuthentication_Authentication" }).catch((e: unknown) => e), "PostAuthentication");
      expect(post).toMatchObject({ triggerSource: "PostAuthentication_Authentication", request: { newDeviceUsed: false, userAttributes: { email: "bob@example.com" } }, response: {} });
    });

    it("applies PreTokenGeneration V2_0 claims, suppressions, groups and scopes to both tokens, on sign-in and refresh", async () => {
      const { AuthenticationResult } = await passwordSignIn("bob");
      const id = claims(AuthenticationResult?.IdToken);
      const access = claims(AuthenticationResult?.AccessToken);
      expect(id).toMatchObject({ tenant: "acme", source: "TokenGeneration_Authentication", "cognito:groups": ["vip"], "cognito:username": "bob" });
      expect(id.email).toBeUndefined();
      expect(id.version).toBeUndefined();
      expect(access).toMatchObject({ tier: "gold", scope: "aws.cognito.signin.user.admin orders/read", "cognito:groups": ["vip"] });
      const refreshed = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: String(AuthenticationResult?.RefreshToken) } }));
      expect(claims(refreshed.AuthenticationResult?.IdToken).source).toBe("TokenGeneration_RefreshTokens");
    });
  });

  describe("UserMigration", () => {
    it("creates an unknown user the function vouches for, with the password signed in with", async () => {
      const { AuthenticationResult } = await passwordSignIn("legacy", "OldPassword1");
      expect(claims(AuthenticationResult?.IdToken)).toMatchObject({ "cognito:username": "legacy", tenant: "acme" });
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "legacy" }));
      expect(user.UserStatus).toBe("CONFIRMED");
      expect(user.UserAttributes).toContainEqual({ Name: "email", Value: "legacy@old.test" });
      // Now known: the pool checks the password itself.
      expect(await passwordSignIn("legacy", "Wrong1234").catch((e: Error) => e)).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    });

    it("turns the function's error into UserLambdaValidationException", async () => {
      const error = await passwordSignIn("ghost", "Whatever1").catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "UserLambdaValidationException", message: "UserMigration failed with error Bad password." });
    });

    it("migrates on ForgotPassword, leaving the user to reset the password", async () => {
      const result = await cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "legacy-reset" }));
      expect(result.CodeDeliveryDetails).toEqual({ Destination: "l***@o***", DeliveryMedium: "EMAIL", AttributeName: "email" });
      expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "legacy-reset" }))).UserStatus).toBe("RESET_REQUIRED");
    });
  });

  describe("CUSTOM_AUTH", () => {
    beforeAll(() => confirmedUser("carol", "carol@example.com"));
    const start = () => cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "carol" } }));
    const answer = (session: string | undefined, value: string) =>
      cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: session, ChallengeResponses: { USERNAME: "carol", ANSWER: value } }));

    it("asks CreateAuthChallenge's question until VerifyAuthChallengeResponse accepts the answer", async () => {
      const first = await start();
      expect(first).toMatchObject({ ChallengeName: "CUSTOM_CHALLENGE", ChallengeParameters: { question: "2 + 2 = ?", attempt: "1", USERNAME: "carol" } });
      const second = await answer(first.Session, "5");
      expect(second).toMatchObject({ ChallengeName: "CUSTOM_CHALLENGE", ChallengeParameters: { attempt: "2" } });
      const done = await answer(second.Session, "4");
      expect(claims(done.AuthenticationResult?.AccessToken)).toMatchObject({ username: "carol", token_use: "access" });
    });

    it("fails the sign-in when DefineAuthChallenge says failAuthentication", async () => {
      let step = await start();
      step = await answer(step.Session, "1");
      step = await answer(step.Session, "2");
      const error = await answer(step.Session, "3").catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    });
  });

  it("serves the template domain's hosted UI on the edge, running the sign-in and token triggers", async () => {
    const hostedClient = String(sandbox.app.outputs.HostedClientId?.value);
    const base = `${sandbox.endpoint}/trigger-app.auth.us-east-1.amazoncognito.com`;
    const callback = "http://localhost:3000/callback";
    const url = `${base}/oauth2/authorize?${new URLSearchParams({ client_id: hostedClient, redirect_uri: callback, response_type: "code", scope: "openid email", state: "s" })}`;
    expect((await fetch(url)).status).toBe(200);
    const locked = await fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=locked&password=Password1" });
    expect(await locked.text()).toContain("PreAuthentication failed with error Account locked.");
    const signedIn = await fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=bob&password=Password1" });
    expect(signedIn.status).toBe(302);
    const code = String(new URL(String(signedIn.headers.get("location"))).searchParams.get("code"));
    const tokens = await fetch(`${base}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: hostedClient, code, redirect_uri: callback }).toString(),
    });
    const body = (await tokens.json()) as Record<string, unknown>;
    expect(claims(String(body.id_token))).toMatchObject({ "cognito:username": "bob", source: "TokenGeneration_HostedAuth", tenant: "acme" });
    expect(claims(String(body.access_token)).scope).toBe("openid email orders/read");
  });

  describe("a pool with PreTokenGeneration V1_0", () => {
    it("answers InvalidLambdaResponseException for a function that returns nothing, and applies V1 claims to the ID token only", async () => {
      const v1Pool = String(sandbox.app.outputs.V1PoolId?.value);
      const v1Client = String(sandbox.app.outputs.V1ClientId?.value);
      await cognito.send(new SignUpCommand({ ClientId: v1Client, Username: "dan", Password: "Password1!" }));
      const error = await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: v1Pool, Username: "dan" })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "InvalidLambdaResponseException", message: "Invalid lambda function output : Invalid JSON" });
      const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({ ClientId: v1Client, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "dan", PASSWORD: "Password1!" } }));
      expect(claims(AuthenticationResult?.IdToken)).toMatchObject({ plan: "v1", source: "TokenGeneration_Authentication", eventVersion: "1", hasScopes: "false" });
      expect(claims(AuthenticationResult?.AccessToken).plan).toBeUndefined();
    });
  });
});
