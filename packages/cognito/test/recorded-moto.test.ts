/**
 * moto's Cognito tests marked as verified against AWS (getmoto/moto tests/test_cognitoidp/
 * test_cognitoidp.py, `@pytest.mark.aws_verified` + `@cognitoidp_aws_verified`), their requests and
 * expected answers sent through the AWS SDK v3. The pool each test gets is built as the decorator
 * builds it (tests/test_cognitoidp/__init__.py): UsernameAttributes, AccountRecoverySetting,
 * AutoVerifiedAttributes, MfaConfiguration with an SMS role plus a software-token factor, and an app
 * client named TestAppClient with ReadAttributes, ExplicitAuthFlows and GenerateSecret.
 */
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type ExplicitAuthFlowsType,
  type RecoveryOptionType,
  type UserPoolMfaType,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { totpCode } from "../src/engine/mfa/totp.js";
import { srpClient } from "./srpClient.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const TIMESTAMP = "Thu Nov 26 02:30:00 UTC 2026";

interface Decorator {
  usernameAttributes?: Array<"email" | "phone_number">;
  readAttributes?: string[];
  explicitAuthFlows?: ExplicitAuthFlowsType[];
  generateSecret?: boolean;
  recovery?: RecoveryOptionType[];
  verifiedAttributes?: Array<"email" | "phone_number">;
  withMfa?: UserPoolMfaType;
}

/** SECRET_HASH as pycognito's AWSSRP.get_secret_hash computes it. */
const secretHashOf = (username: string, clientId: string, secret: string): string => createHmac("sha256", secret).update(username + clientId).digest("base64");

/** A JWT's claims (signature not checked, as moto's get_jwt_payload). */
function claimsOf(token: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from((token ?? "").split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("moto's AWS-verified Cognito tests", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 2, 30, 0)) });
  });
  afterAll(() => h.close());

  /** cognitoidp_aws_verified: the pool and TestAppClient the test runs against. */
  async function verifiedPool(d: Decorator = {}): Promise<{ poolId: string; clientId: string; clientSecret: string }> {
    const pool = await h.client.send(new CreateUserPoolCommand({
      PoolName: `TestUserPool_${randomUUID().slice(0, 6)}`,
      ...(d.usernameAttributes ? { UsernameAttributes: d.usernameAttributes } : {}),
      ...(d.recovery ? { AccountRecoverySetting: { RecoveryMechanisms: d.recovery } } : {}),
      ...(d.withMfa ? { MfaConfiguration: d.withMfa, SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/test-role-abc123" } } : {}),
      ...(d.verifiedAttributes ? { AutoVerifiedAttributes: d.verifiedAttributes } : {}),
    }));
    const poolId = pool.UserPool?.Id ?? "";
    if (d.withMfa) await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: d.withMfa }));
    const client = await h.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "TestAppClient",
      ...(d.readAttributes ? { ReadAttributes: d.readAttributes } : {}),
      ...(d.explicitAuthFlows ? { ExplicitAuthFlows: d.explicitAuthFlows } : {}),
      ...(d.generateSecret ? { GenerateSecret: true } : {}),
    }));
    return { poolId, clientId: client.UserPoolClient?.ClientId ?? "", clientSecret: client.UserPoolClient?.ClientSecret ?? "" };
  }

  /** USER_SRP_AUTH then PASSWORD_VERIFIER, as pycognito's get_auth_params / process_challenge send them. */
  async function initiateSrp(poolId: string, clientId: string, username: string, password: string, secretHash?: string) {
    const userIdFor = (challenge: Record<string, string>) => challenge.USER_ID_FOR_SRP ?? username;
    const poolName = poolId.slice(poolId.indexOf("_") + 1);
    let srp = srpClient(poolName, username, password);
    const started = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username, SRP_A: srp.A, ...(secretHash ? { SECRET_HASH: secretHash } : {}) } }));
    expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
    const params = started.ChallengeParameters ?? {};
    const userId = userIdFor(params);
    // The verifier is computed over USER_ID_FOR_SRP (the stored user name) with the same A.
    if (userId !== username) srp = { A: srp.A, claim: srpClient(poolName, userId, password).claim };
    return h.client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: {
        TIMESTAMP,
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK ?? "",
        PASSWORD_CLAIM_SIGNATURE: srp.claim(params, TIMESTAMP),
        ...(secretHash ? { SECRET_HASH: secretHash } : {}),
      },
    }));
  }

  /** The authenticator app's code for the current 30-second step (each step's code is good once). */
  function nextTotp(secret: string): string {
    h.clock.advance(30_000);
    return totpCode(secret, Math.floor(h.clock.now() / 30_000));
  }

  it("test_authorize_user_with_force_password_change_status: SRP sign-in of a FORCE_CHANGE_PASSWORD user asks NEW_PASSWORD_REQUIRED", async () => {
    const { poolId, clientId } = await verifiedPool();
    const username = "test@example.com";
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "Tempor@ryPassword123" }));
    const challenge = await initiateSrp(poolId, clientId, username, "Tempor@ryPassword123");
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(challenge.Session).toBeDefined();
    const result = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: challenge.Session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: "NewP@ssword456" } }));
    expect(result.AuthenticationResult?.TokenType).toBe("Bearer");
    expect(result.AuthenticationResult?.AccessToken).toBeDefined();
    expect(result.AuthenticationResult?.RefreshToken).toBeDefined();
  });

  it("test_group_in_access_token: ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED (the same password again), cognito:groups in the access token", async () => {
    const { poolId, clientId } = await verifiedPool({ readAttributes: ["given_name"], explicitAuthFlows: ["ADMIN_NO_SRP_AUTH"] });
    const username = randomUUID();
    const group = randomUUID();
    await h.client.send(new CreateGroupCommand({ GroupName: group, UserPoolId: poolId }));
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "P2$Sword", UserAttributes: [{ Name: "given_name", Value: randomUUID() }] }));
    await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group }));
    const started = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_NO_SRP_AUTH", AuthParameters: { USERNAME: username, PASSWORD: "P2$Sword" } }));
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(started.Session).toBeDefined();
    const result = await h.client.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, Session: started.Session, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", ChallengeResponses: { USERNAME: username, NEW_PASSWORD: "P2$Sword" } }));
    expect(claimsOf(result.AuthenticationResult?.AccessToken)["cognito:groups"]).toEqual([group]);
  });

  it("test_user_authentication_flow_mfa_on: MFA_SETUP, the token associated and verified with the Session, then SOFTWARE_TOKEN_MFA", async () => {
    const { poolId, clientId, clientSecret } = await verifiedPool({ generateSecret: true, withMfa: "ON" });
    const username = randomUUID();
    const secretHash = secretHashOf(username, clientId, clientSecret);
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: "P2$Sword", SecretHash: secretHash }));
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    const setup = await initiateSrp(poolId, clientId, username, "P2$Sword", secretHash);
    expect(setup.ChallengeName).toBe("MFA_SETUP");
    const associated = await h.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    const secret = associated.SecretCode ?? "";
    const verified = await h.client.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totpCode(secret, Math.floor(h.clock.now() / 30_000)) }));
    expect(verified.Status).toBe("SUCCESS");
    const mfa = await initiateSrp(poolId, clientId, username, "P2$Sword", secretHash);
    expect(mfa.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const result = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, Session: mfa.Session, ChallengeName: "SOFTWARE_TOKEN_MFA", ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: nextTotp(secret), USERNAME: username, SECRET_HASH: secretHash } }));
    expect(result.AuthenticationResult?.AccessToken).toBeDefined();
    expect(result.AuthenticationResult?.IdToken).toBeDefined();
    expect(result.AuthenticationResult?.RefreshToken).toBeDefined();
  });

  it("test_user_authentication_flow_mfa_optional: tokens at once, then a preferred software token asks SOFTWARE_TOKEN_MFA", async () => {
    const { poolId, clientId, clientSecret } = await verifiedPool({ generateSecret: true, withMfa: "OPTIONAL" });
    const username = randomUUID();
    const secretHash = secretHashOf(username, clientId, clientSecret);
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: "P2$Sword", SecretHash: secretHash }));
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    const first = await initiateSrp(poolId, clientId, username, "P2$Sword", secretHash);
    const accessToken = first.AuthenticationResult?.AccessToken;
    const secret = (await h.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }))).SecretCode ?? "";
    expect((await h.client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(secret, Math.floor(h.clock.now() / 30_000)) }))).Status).toBe("SUCCESS");
    await h.client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const mfa = await initiateSrp(poolId, clientId, username, "P2$Sword", secretHash);
    expect(mfa.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const result = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, Session: mfa.Session, ChallengeName: "SOFTWARE_TOKEN_MFA", ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: nextTotp(secret), USERNAME: username, SECRET_HASH: secretHash } }));
    expect(result.AuthenticationResult?.AccessToken).toBeDefined();
    expect(result.AuthenticationResult?.RefreshToken).toBeDefined();
  });

  it("test_forgot_password_with_email_delivery_details: email_verified given as \"True\" counts", async () => {
    const { poolId, clientId } = await verifiedPool({ recovery: [{ Name: "verified_email", Priority: 1 }] });
    const username = randomUUID();
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: [{ Name: "email", Value: "test@test.com" }, { Name: "email_verified", Value: "True" }] }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: "secretP2ss!", Permanent: true }));
    const result = await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
    expect(result.CodeDeliveryDetails).toEqual({ Destination: "t***@t***", DeliveryMedium: "EMAIL", AttributeName: "email" });
  });

  describe("SignUp's CodeDeliveryDetails", () => {
    it("test_sign_up: none without an auto-verified attribute", async () => {
      const { clientId } = await verifiedPool();
      const result = await h.client.send(new SignUpCommand({ ClientId: clientId, Username: randomUUID(), Password: "P2$Sword" }));
      expect(result.UserConfirmed).toBe(false);
      expect(result.UserSub).toBeDefined();
      expect(result.CodeDeliveryDetails).toBeUndefined();
    });

    it("test_sign_up_with_unverified_email: none when email is not auto-verified", async () => {
      const { clientId } = await verifiedPool({ recovery: [{ Name: "verified_email", Priority: 1 }] });
      const result = await h.client.send(new SignUpCommand({ ClientId: clientId, Username: randomUUID(), Password: "P2$Sword", UserAttributes: [{ Name: "email", Value: "test@test.com" }] }));
      expect(result.UserConfirmed).toBe(false);
      expect(result.CodeDeliveryDetails).toBeUndefined();
    });

    it("test_sign_up_with_verified_email: the masked address when email is auto-verified", async () => {
      const { clientId } = await verifiedPool({ recovery: [{ Name: "verified_email", Priority: 1 }], verifiedAttributes: ["email"] });
      const result = await h.client.send(new SignUpCommand({ ClientId: clientId, Username: randomUUID(), Password: "P2$Sword", UserAttributes: [{ Name: "email", Value: "test@test.com" }] }));
      expect(result.UserConfirmed).toBe(false);
      expect(result.CodeDeliveryDetails).toEqual({ Destination: "t***@t***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    });

    it("test_sign_up_with_verified_but_not_supplied_email: none without the address", async () => {
      const { clientId } = await verifiedPool({ recovery: [{ Name: "verified_email", Priority: 1 }], verifiedAttributes: ["email"] });
      const result = await h.client.send(new SignUpCommand({ ClientId: clientId, Username: randomUUID(), Password: "P2$Sword" }));
      expect(result.CodeDeliveryDetails).toBeUndefined();
    });
  });

  /** moto's user_authentication_flow(with_mfa=False): sign-up with SECRET_HASH, AdminConfirmSignUp, SRP sign-in, REFRESH_TOKEN. */
  async function userAuthenticationFlow(poolId: string, clientId: string, clientSecret: string) {
    const username = randomUUID();
    const secretHash = secretHashOf(username, clientId, clientSecret);
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: "P2$Sword", SecretHash: secretHash }));
    const described = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(described.UserPoolClient?.ClientSecret).toBe(clientSecret);
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    const signedIn = await initiateSrp(poolId, clientId, username, "P2$Sword", secretHash);
    const refreshToken = signedIn.AuthenticationResult?.RefreshToken ?? "";
    const refreshed = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN", AuthParameters: { SECRET_HASH: secretHash, REFRESH_TOKEN: refreshToken } }));
    expect(refreshed.AuthenticationResult?.IdToken).toBeDefined();
    expect(refreshed.AuthenticationResult?.TokenType).toBe("Bearer");
    return { username, secretHash, refreshToken };
  }

  it("test_initiate_auth_REFRESH_TOKEN: tokens of a refresh name the user and the client", async () => {
    const { poolId, clientId, clientSecret } = await verifiedPool({ generateSecret: true });
    const { username, secretHash, refreshToken } = await userAuthenticationFlow(poolId, clientId, clientSecret);
    const result = (await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN", AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: secretHash } }))).AuthenticationResult;
    const access = claimsOf(result?.AccessToken);
    expect(access.username).toBe(username);
    expect(access.client_id).toBe(clientId);
    const id = claimsOf(result?.IdToken);
    expect(id.sub).toBe(access.sub);
    expect(id["cognito:username"]).toBe(username);
    expect(id.aud).toBe(clientId);
  });

  it("test_initiate_auth_USER_PASSWORD_AUTH: a legacy USER_PASSWORD_AUTH client; a user without MFA shows no MFA members", async () => {
    const { poolId, clientId, clientSecret } = await verifiedPool({ generateSecret: true, explicitAuthFlows: ["USER_PASSWORD_AUTH"] });
    const { username, secretHash } = await userAuthenticationFlow(poolId, clientId, clientSecret);
    await h.client.send(new AdminSetUserMFAPreferenceCommand({ Username: username, UserPoolId: poolId, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }));
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    expect(user.UserMFASettingList ?? []).toHaveLength(0);
    expect(user.PreferredMfaSetting ?? "").toBe("");
    const result = (await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: "P2$Sword", SECRET_HASH: secretHash } }))).AuthenticationResult;
    expect(result?.RefreshToken).toBeDefined();
    expect(result?.TokenType).toBe("Bearer");
    const access = claimsOf(result?.AccessToken);
    expect(access.username).toBe(username);
    expect(access.client_id).toBe(clientId);
    expect(access.email).toBeUndefined();
    const id = claimsOf(result?.IdToken);
    expect(id.sub).toBe(access.sub);
    expect(id["cognito:username"]).toBe(username);
    expect(id.aud).toBe(clientId);
    expect(id.email).toBeUndefined();
  });

  it("test_initiate_auth_USER_PASSWORD_AUTH_with_email: email as username signs in; the token's username is the sub", async () => {
    const { poolId, clientId, clientSecret } = await verifiedPool({ generateSecret: true, explicitAuthFlows: ["USER_PASSWORD_AUTH"], usernameAttributes: ["email"] });
    const username = "test@moto.com";
    const secretHash = secretHashOf(username, clientId, clientSecret);
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: "SuperS3cret!", SecretHash: secretHash }));
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    const result = (await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: "SuperS3cret!", SECRET_HASH: secretHash } }))).AuthenticationResult;
    const access = claimsOf(result?.AccessToken);
    expect(access.username).toBe(access.sub);
    expect(access.client_id).toBe(clientId);
    expect(access.email).toBeUndefined();
    const id = claimsOf(result?.IdToken);
    expect(id.sub).toBe(access.sub);
    expect(id["cognito:username"]).toBe(id.sub);
    expect(id.aud).toBe(clientId);
    expect(id.email).toBe(username);
  });

  it("test_initiate_mfa_auth_USER_PASSWORD_AUTH_with_FORCE_CHANGE_PASSWORD_status: new password, MFA_SETUP, then SOFTWARE_TOKEN_MFA", async () => {
    const { poolId, clientId } = await verifiedPool({ explicitAuthFlows: ["USER_PASSWORD_AUTH"], withMfa: "ON" });
    const username = randomUUID();
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "P2$Sword" }));
    const started = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: "P2$Sword" } }));
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(started.AuthenticationResult).toBeUndefined();
    const setup = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: started.Session, ChallengeResponses: { NEW_PASSWORD: "P2$Sword2", USERNAME: username } }));
    expect(setup.ChallengeName).toBe("MFA_SETUP");
    expect(setup.Session).toBeDefined();
    const associated = await h.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    const secret = associated.SecretCode ?? "";
    const verified = await h.client.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totpCode(secret, Math.floor(h.clock.now() / 30_000)) }));
    expect(verified.Status).toBe("SUCCESS");
    const done = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, Session: verified.Session, ChallengeName: "MFA_SETUP", ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: nextTotp(secret), USERNAME: username } }));
    expect(done.ChallengeParameters).toEqual({});
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    expect(done.AuthenticationResult?.RefreshToken).toBeDefined();
    expect(done.AuthenticationResult?.IdToken).toBeDefined();
    const again = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: "P2$Sword2" } }));
    expect(again.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const last = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, Session: again.Session, ChallengeName: "SOFTWARE_TOKEN_MFA", ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: nextTotp(secret), USERNAME: username } }));
    expect(last.ChallengeParameters).toEqual({});
    expect(last.AuthenticationResult?.AccessToken).toBeDefined();
  });
});

// moto's tests/test_cognitoidp/test_cognitoidp_exceptions.py (TestCognitoUserPoolDuplidateEmails; not marked verified).
describe("moto's duplicate-email tests", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito();
  });
  afterAll(() => h.close());

  async function pools(): Promise<{ byUsername: string; byEmail: string }> {
    const byUsername = (await h.client.send(new CreateUserPoolCommand({ PoolName: "test" }))).UserPool?.Id ?? "";
    const byEmail = (await h.client.send(new CreateUserPoolCommand({ PoolName: "test", UsernameAttributes: ["email"] }))).UserPool?.Id ?? "";
    for (const user of ["user1", "user2"]) {
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: byUsername, Username: user, UserAttributes: [{ Name: "email", Value: `${user}@test.com` }] }));
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: byEmail, Username: `${user}@test.com`, UserAttributes: [{ Name: "email", Value: `${user}@test.com` }] }));
    }
    return { byUsername, byEmail };
  }

  it("test_use_existing_email__when_email_is_login: AliasExistsException", async () => {
    const { byEmail } = await pools();
    const update = h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: byEmail, Username: "user1@test.com", UserAttributes: [{ Name: "email", Value: "user2@test.com" }] }));
    expect(await errorOf(update)).toEqual({ name: "AliasExistsException", message: "An account with the given email already exists.", status: 400 });
  });

  it("test_use_existing_email__when_username_is_login: several users may share an email", async () => {
    const { byUsername } = await pools();
    await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: byUsername, Username: "user1", UserAttributes: [{ Name: "email", Value: "user2@test.com" }] }));
  });
});
