import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminSetUserSettingsCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type AttributeType,
  type SetUserPoolMfaConfigCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { base32Encode, totpCode } from "../src/engine/mfa/totp.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Passw0rd!";
const SMS_CONFIGURATION = { SnsCallerArn: "arn:aws:iam::000000000000:role/sms", ExternalId: "sandbox" };

/** RFC 6238 (SHA-1, 30 s, 6 digits) written out here, independent of the service's own. */
function totp(secretBase32: string, nowMs: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secretBase32) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = (mac[19] ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** A 6-digit code that is not `code`. */
const otherThan = (code: string): string => (code === "000000" ? "111111" : "000000");

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC's SHA-1 test vector, cut to 6 digits", () => {
    const secret = base32Encode(Buffer.from("12345678901234567890"));
    expect(secret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    // RFC 6238 Appendix B: T = 59 s → 94287082; T = 1111111109 s → 07081804.
    expect(totpCode(secret, 1)).toBe("287082");
    expect(totpCode(secret, Math.floor(1111111109 / 30))).toBe("081804");
  });
});

describe("Cognito MFA", () => {
  let h: Harness;
  let n = 0;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 0, 0, 0)) });
  });
  afterAll(() => h.close());

  /** A pool with the given MFA settings and an app client allowing password and admin sign-in. */
  async function pool(mfa?: Omit<SetUserPoolMfaConfigCommandInput, "UserPoolId">) {
    const poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: `mfa-${n++}` }))).UserPool?.Id ?? "";
    if (mfa) await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...mfa }));
    const clientId = (
      await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))
    ).UserPoolClient?.ClientId ?? "";
    return { poolId, clientId };
  }

  async function user(poolId: string, username: string, attributes: AttributeType[] = []): Promise<void> {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS", UserAttributes: attributes }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  const signIn = (clientId: string, username: string) => h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));

  /** The next 30-second step, so a code is not the one just used. */
  const nextStep = () => h.clock.advance(30_000);

  describe("pool configuration", () => {
    it("starts OFF and answers SetUserPoolMfaConfig's checks with AWS's texts", async () => {
      const { poolId } = await pool();
      expect(await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject({ MfaConfiguration: "OFF" });
      expect(await errorOf(h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON" })))).toEqual({
        name: "InvalidParameterException",
        message: "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
        status: 400,
      });
      expect(await errorOf(h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OFF", SoftwareTokenMfaConfiguration: { Enabled: true } })))).toMatchObject({
        name: "InvalidParameterException",
        message: "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
      });
      const set = await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: "Your code" } }));
      expect(set).toMatchObject({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: "Your code" } });
      const got = await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
      expect(got).toMatchObject({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: "Your code" } });
      expect(got.SmsMfaConfiguration).toBeUndefined();
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.MfaConfiguration).toBe("OPTIONAL");
    });

    it("CreateUserPool / UpdateUserPool turn MFA on only with SMS configured", async () => {
      expect(await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: "no-sms", MfaConfiguration: "ON" })))).toMatchObject({
        name: "InvalidParameterException",
        message: "SMS configuration and Auto verification for phone_number are required when MFA is required/optional",
      });
      const created = await h.client.send(new CreateUserPoolCommand({ PoolName: "sms", MfaConfiguration: "OPTIONAL", SmsConfiguration: SMS_CONFIGURATION, SmsAuthenticationMessage: "Code: {####}" }));
      const poolId = created.UserPool?.Id ?? "";
      expect(created.UserPool?.MfaConfiguration).toBe("OPTIONAL");
      expect(await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject({ MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: { SmsAuthenticationMessage: "Code: {####}", SmsConfiguration: SMS_CONFIGURATION } });
      await h.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
      expect(await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject({ MfaConfiguration: "OFF" });
    });

    it("a template's AWS::Cognito::UserPool names its factors with EnabledMfas", async () => {
      const poolId = "us-east-1_Tmpl12345";
      await h.cognito.engine.createUserPool({ PoolName: "from-template", MfaConfiguration: "OPTIONAL", EnabledMfas: ["SOFTWARE_TOKEN_MFA"] }, poolId);
      expect(await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toEqual(expect.objectContaining({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const described = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool as Record<string, unknown>;
      expect(described.MfaConfiguration).toBe("OPTIONAL");
      expect(described.EnabledMfas).toBeUndefined();
    });
  });

  describe("software token (TOTP)", () => {
    it("associates and verifies with an access token, then SOFTWARE_TOKEN_MFA guards sign-in", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });
      await user(poolId, "tina");
      const first = await signIn(clientId, "tina");
      expect(first.ChallengeName).toBeUndefined();
      const accessToken = first.AuthenticationResult?.AccessToken ?? "";

      expect(await errorOf(h.client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })))).toMatchObject({
        name: "InvalidParameterException",
        message: "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA",
      });
      const { SecretCode } = await h.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      const secret = SecretCode ?? "";
      expect(secret).toMatch(/^[A-Z2-7]{52}$/);
      expect(await errorOf(h.client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: otherThan(totp(secret, h.clock.now())) })))).toMatchObject({
        name: "EnableSoftwareTokenMFAException",
        message: "Code mismatch and fail enable Software Token MFA",
      });
      expect(await h.client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(secret, h.clock.now()), FriendlyDeviceName: "phone" }))).toMatchObject({ Status: "SUCCESS" });
      await h.client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
      expect(await h.client.send(new GetUserCommand({ AccessToken: accessToken }))).toMatchObject({ UserMFASettingList: ["SOFTWARE_TOKEN_MFA"], PreferredMfaSetting: "SOFTWARE_TOKEN_MFA" });

      const challenge = await signIn(clientId, "tina");
      expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      // The authenticator's name VerifySoftwareToken gave (the AWS CLI's examples admin-initiate-auth.rst, respond-to-auth-challenge.rst).
      expect(challenge.ChallengeParameters).toEqual({ FRIENDLY_DEVICE_NAME: "phone", USER_ID_FOR_SRP: "tina" });
      expect(challenge.AuthenticationResult).toBeUndefined();
      const respond = (code: string) =>
        h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: challenge.Session, ChallengeResponses: { USERNAME: "tina", SOFTWARE_TOKEN_MFA_CODE: code } }));
      // The code VerifySoftwareToken took is spent for its 30 seconds.
      expect(await errorOf(respond(totp(secret, h.clock.now())))).toMatchObject({ name: "ExpiredCodeException", message: "Your software token has already been used once." });
      await nextStep();
      expect(await errorOf(respond(otherThan(totp(secret, h.clock.now()))))).toMatchObject({ name: "CodeMismatchException", message: "Invalid code received for user" });
      const tokens = await respond(totp(secret, h.clock.now()));
      expect(tokens.AuthenticationResult?.AccessToken).toBeTruthy();
      expect(tokens.ChallengeName).toBeUndefined();

      // Refreshing never asks for MFA.
      const refreshed = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: tokens.AuthenticationResult?.RefreshToken ?? "" } }));
      expect(refreshed.AuthenticationResult?.IdToken).toBeTruthy();
    });

    it("expires the MFA session after 3 minutes", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION } });
      await user(poolId, "sam", [{ Name: "phone_number", Value: "+15555550123" }]);
      await h.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "sam", SMSMfaSettings: { Enabled: true } }));
      const challenge = await signIn(clientId, "sam");
      expect(challenge.ChallengeName).toBe("SMS_MFA");
      await h.clock.advance(3 * 60_000 + 1000);
      const late = h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_MFA", Session: challenge.Session, ChallengeResponses: { USERNAME: "sam", SMS_MFA_CODE: h.codeFor("sam") } }));
      expect(await errorOf(late)).toEqual({ name: "NotAuthorizedException", message: "Invalid session for the user, session is expired.", status: 400 });
    });

    it("MFA_SETUP: a pool requiring MFA has a new user register an authenticator during sign-in", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
      await user(poolId, "nia");
      const setup = await signIn(clientId, "nia");
      expect(setup).toMatchObject({ ChallengeName: "MFA_SETUP", ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: "nia" } });
      const associated = await h.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
      expect(associated.Session).toBeTruthy();
      const secret = associated.SecretCode ?? "";
      const verified = await h.client.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(secret, h.clock.now()) }));
      expect(verified.Status).toBe("SUCCESS");
      // The setup session is spent; only VerifySoftwareToken's new one finishes the sign-in.
      expect(await errorOf(h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "MFA_SETUP", Session: setup.Session, ChallengeResponses: { USERNAME: "nia" } })))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Invalid session for the user, session can only be used once.",
      });
      const done = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "MFA_SETUP", Session: verified.Session, ChallengeResponses: { USERNAME: "nia" } }));
      expect(done.AuthenticationResult?.IdToken).toBeTruthy();
      expect(await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "nia" }))).toMatchObject({ UserMFASettingList: ["SOFTWARE_TOKEN_MFA"], PreferredMfaSetting: "SOFTWARE_TOKEN_MFA" });

      await nextStep();
      const again = await signIn(clientId, "nia");
      expect(again.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      const tokens = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: again.Session, ChallengeResponses: { USERNAME: "nia", SOFTWARE_TOKEN_MFA_CODE: totp(secret, h.clock.now()) } }));
      expect(tokens.AuthenticationResult?.AccessToken).toBeTruthy();
    });
  });

  describe("SMS and email codes", () => {
    it("SMS_MFA through AdminInitiateAuth: the code is printed, the destination masked", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: { SmsAuthenticationMessage: "Your code is {####}", SmsConfiguration: SMS_CONFIGURATION } });
      await user(poolId, "pat", [{ Name: "phone_number", Value: "+15555551234" }]);
      expect(await errorOf(h.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "pat", EmailMfaSettings: { Enabled: true } })))).toMatchObject({
        name: "InvalidParameterException",
        message: "User does not have delivery config set to turn on EMAIL_OTP",
      });
      await h.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "pat", SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
      const challenge = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "pat", PASSWORD } }));
      expect(challenge).toMatchObject({
        ChallengeName: "SMS_MFA",
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******1234", USER_ID_FOR_SRP: "pat" },
      });
      const code = h.codeFor("pat");
      expect(h.lines.at(-1)).toBe(`Cognito ${poolId}: SMS MFA sign-in code for pat (+15555551234): ${code}`);
      const respond = (answer: string) =>
        h.client.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: "SMS_MFA", Session: challenge.Session, ChallengeResponses: { USERNAME: "pat", SMS_MFA_CODE: answer } }));
      // A wrong SMS or email code has another text than a wrong software token code; the session stays.
      expect(await errorOf(respond(otherThan(code)))).toMatchObject({ name: "CodeMismatchException", message: "Invalid code or auth state for the user." });
      expect((await respond(code)).AuthenticationResult?.IdToken).toBeTruthy();
      expect(await errorOf(respond(code))).toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user, session can only be used once." });
      const after = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "pat" }));
      expect(after.UserAttributes).toContainEqual({ Name: "phone_number_verified", Value: "true" });
    });

    it("SELECT_MFA_TYPE when the user has several factors and no preference; EMAIL_OTP after choosing it", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: "Code {####}", Subject: "Sign-in" } });
      await user(poolId, "eve", [{ Name: "email", Value: "eve@example.com" }]);
      const signedIn = await signIn(clientId, "eve");
      const accessToken = signedIn.AuthenticationResult?.AccessToken ?? "";
      const secret = (await h.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }))).SecretCode ?? "";
      await h.client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(secret, h.clock.now()) }));
      await h.client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }));
      const got = await h.client.send(new GetUserCommand({ AccessToken: accessToken }));
      expect(got.UserMFASettingList).toEqual(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
      expect(got.PreferredMfaSetting).toBeUndefined();

      const select = await signIn(clientId, "eve");
      expect(select).toMatchObject({ ChallengeName: "SELECT_MFA_TYPE", ChallengeParameters: { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' } });
      const email = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SELECT_MFA_TYPE", Session: select.Session, ChallengeResponses: { USERNAME: "eve", ANSWER: "EMAIL_OTP" } }));
      expect(email).toMatchObject({ ChallengeName: "EMAIL_OTP", ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "e***@e***" } });
      const tokens = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "EMAIL_OTP", Session: email.Session, ChallengeResponses: { USERNAME: "eve", EMAIL_OTP_CODE: h.codeFor("eve") } }));
      expect(tokens.AuthenticationResult?.RefreshToken).toBeTruthy();
    });

    it("the legacy MFAOptions (AdminSetUserSettings) turn SMS MFA on", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION } });
      await user(poolId, "leo", [{ Name: "phone_number", Value: "+15555559876" }]);
      await h.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: "leo", MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] }));
      expect(await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "leo" }))).toMatchObject({ MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }], UserMFASettingList: ["SMS_MFA"] });
      expect((await signIn(clientId, "leo")).ChallengeName).toBe("SMS_MFA");
    });

    it("a pool requiring MFA texts a user with a phone number without any setup", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "ON", SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION }, SoftwareTokenMfaConfiguration: { Enabled: true } });
      await user(poolId, "ray", [{ Name: "phone_number", Value: "+15555550001" }]);
      await user(poolId, "una");
      expect(await signIn(clientId, "ray")).toMatchObject({ ChallengeName: "SMS_MFA", ChallengeParameters: { CODE_DELIVERY_DESTINATION: "+*******0001" } });
      expect(await signIn(clientId, "una")).toMatchObject({ ChallengeName: "MFA_SETUP", ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } });
    });
  });

  it("the sandbox's hosted UI refuses a user MFA would challenge instead of skipping the factor", async () => {
    const { poolId } = await pool({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
    await user(poolId, "hal");
    const clientId = (
      await h.client.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: ["http://localhost:3000/cb"], SupportedIdentityProviders: ["COGNITO"] }),
      )
    ).UserPoolClient?.ClientId ?? "";
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "mfa-app" }));
    const url = `${h.url}/mfa-app.auth.us-east-1.amazoncognito.com/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: "http://localhost:3000/cb", response_type: "code" })}`;
    const page = await fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "hal", password: PASSWORD }).toString() });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("does not ask for MFA");
  });

  describe("with amazon-cognito-identity-js", () => {
    type Step = { session: CognitoUserSession } | { mfaSetup: true } | { totpRequired: true };

    function authenticate(user: CognitoUser): Promise<Step> {
      return new Promise((resolve, reject) =>
        user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }), {
          onSuccess: (session) => resolve({ session }),
          onFailure: (err: unknown) => reject(err),
          mfaSetup: () => resolve({ mfaSetup: true }),
          totpRequired: () => resolve({ totpRequired: true }),
        }),
      );
    }

    it("signs in by SRP, sets up TOTP in mfaSetup, and answers totpRequired with sendMFACode", async () => {
      const { poolId, clientId } = await pool({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
      await user(poolId, "ana");
      const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: h.url });
      const ana = new CognitoUser({ Username: "ana", Pool: userPool });
      expect(await authenticate(ana)).toEqual({ mfaSetup: true });
      const secret = await new Promise<string>((resolve, reject) => ana.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
      const session = await new Promise<CognitoUserSession>((resolve, reject) =>
        ana.verifySoftwareToken(totp(secret, h.clock.now()), "phone", { onSuccess: (s: CognitoUserSession) => resolve(s), onFailure: reject }),
      );
      expect(session.getIdToken().payload["cognito:username"]).toBe("ana");

      await nextStep();
      const again = new CognitoUser({ Username: "ana", Pool: userPool });
      expect(await authenticate(again)).toEqual({ totpRequired: true });
      const signedIn = await new Promise<CognitoUserSession>((resolve, reject) =>
        again.sendMFACode(totp(secret, h.clock.now()), { onSuccess: resolve, onFailure: reject }, "SOFTWARE_TOKEN_MFA"),
      );
      expect(signedIn.isValid()).toBe(true);
    });
  });
});

describe("MFA state on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-mfa-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the pool's MFA configuration, the user's factors and TOTP secret across a restart", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 26, 1, 0, 0));
    const first = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = (await first.client.send(new CreateUserPoolCommand({ PoolName: "kept" }))).UserPool?.Id ?? "";
    await first.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const clientId = (await first.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    await first.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "kim", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    await first.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "kim", Password: PASSWORD, Permanent: true }));
    const setup = await first.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD } }));
    const associated = await first.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    const secret = associated.SecretCode ?? "";
    await first.client.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(secret, clock.now()) }));
    await first.close();

    await clock.advance(30_000);
    const second = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      expect(await second.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
      const challenge = await second.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD } }));
      expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      const tokens = await second.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: challenge.Session, ChallengeResponses: { USERNAME: "kim", SOFTWARE_TOKEN_MFA_CODE: totp(secret, clock.now()) } }));
      expect(tokens.AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      await second.close();
    }
  });
});
