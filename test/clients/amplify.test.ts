// Amplify JS v6 (`aws-amplify`) against the sandbox, through its public API only, as a web
// front end calls it: sign-up, SRP sign-in, attributes, sessions with identity-pool
// credentials, token refresh, password reset, TOTP MFA, remembered devices, choice-based sign-in
// (USER_AUTH) and sign-out; the ID token then calls an HTTP API behind a JWT authorizer. Amplify
// Storage cannot reach an http endpoint: its identity-pool credentials go to the AWS SDK instead.
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Amplify } from "aws-amplify";
import {
  autoSignIn, confirmResetPassword, confirmSignIn, confirmSignUp, confirmUserAttribute, deleteUser, fetchAuthSession,
  fetchDevices, fetchMFAPreference, fetchUserAttributes, forgetDevice, getCurrentUser, rememberDevice, resendSignUpCode,
  resetPassword, sendUserAttributeVerificationCode, setUpTOTP, signIn, signOut, signUp, updateMFAPreference, updatePassword,
  updateUserAttributes, verifyTOTPSetup,
} from "aws-amplify/auth";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
import { get } from "aws-amplify/api";
import { getUrl, uploadData } from "aws-amplify/storage";
import type { KeyValueStorageInterface } from "aws-amplify/utils";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const PASSWORD = "Passw0rd!";

/** Amplify keeps tokens in a KeyValueStorage; in Node there is no localStorage, so a Map. */
class MemoryStorage implements KeyValueStorageInterface {
  readonly items = new Map<string, string>();
  async setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value);
  }
  async getItem(key: string): Promise<string | null> {
    return this.items.get(key) ?? null;
  }
  async removeItem(key: string): Promise<void> {
    this.items.delete(key);
  }
  async clear(): Promise<void> {
    this.items.clear();
  }
}

/** How far `sandbox time advance` has moved the sandbox's clock past the real one. */
let offsetMs = 0;
const tokenStore = new MemoryStorage();
const lines: string[] = [];
let sandbox: RunningSandbox;
let userPoolId: string;
let userPoolClientId: string;
let identityPoolId: string;

beforeAll(async () => {
  const keep = (message: string) => void lines.push(message);
  sandbox = await createSandbox({
    template: join(import.meta.dirname, "fixtures", "amplify"),
    port: 0,
    edgePort: 0,
    inMemory: true,
    logger: { debug: () => {}, info: keep, warn: keep, error: keep },
  });
  userPoolId = String(sandbox.app.outputs.UserPoolId.value);
  userPoolClientId = String(sandbox.app.outputs.UserPoolClientId.value);
  identityPoolId = String(sandbox.app.outputs.IdentityPoolId.value);
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId,
        userPoolClientId,
        identityPoolId,
        userPoolEndpoint: sandbox.endpoint,
        identityPoolEndpoint: sandbox.endpoint,
        loginWith: { email: true },
      },
    },
    // Storage's one http option, an internal testing flag, still fails (see "Amplify Storage").
    Storage: { S3: { bucket: String(sandbox.app.outputs.BucketName.value), region: sandbox.region, dangerouslyConnectToHttpEndpointForTesting: "true" } },
    API: { REST: { app: { endpoint: sandbox.apiUrl } } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStore);
});

afterAll(async () => {
  await sandbox?.stop();
});

/** The last code the sandbox printed for this user ("… <purpose> code for <user> (<email>): 123456"). */
function printedCode(purpose: string, email: string): string {
  const line = [...lines].reverse().find((l) => l.includes(`${purpose} code for `) && l.includes(`(${email}): `));
  expect(line, `no ${purpose} code printed for ${email}`).toBeDefined();
  return line?.slice(line.lastIndexOf(" ") + 1) ?? "";
}

async function failure(promise: Promise<unknown>): Promise<{ name?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name?: string; message?: string };
  }
  throw new Error("expected a failure");
}

/** `sandbox time advance <duration>`, through the edge's control route. */
async function advance(duration: string): Promise<void> {
  const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: duration }) });
  offsetMs = ((await res.json()) as { offsetMs: number }).offsetMs;
}

/** RFC 6238 (SHA-1, 30 s, 6 digits) from a base32 secret, at the sandbox's time. */
function totp(secret: string, at = Date.now() + offsetMs): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secret.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** A user-pool action called directly, as Amplify's own client sends it. */
async function userPoolCall(action: string, input: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(sandbox.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function callMe(token: string | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.apiUrl}/me`, { headers: token === undefined ? {} : { authorization: token } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Amplify Auth", () => {
  const email = "amy@example.com";
  let sub: string;

  it("signs up with attributes and confirms with the printed code", async () => {
    const result = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email, name: "Amy" } } });
    expect(result.isSignUpComplete).toBe(false);
    expect(result.nextStep).toMatchObject({ signUpStep: "CONFIRM_SIGN_UP", codeDeliveryDetails: { deliveryMedium: "EMAIL", attributeName: "email" } });
    sub = result.userId ?? "";
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);
    const confirmed = await confirmSignUp({ username: email, confirmationCode: printedCode("confirmation", email) });
    expect(confirmed).toMatchObject({ isSignUpComplete: true });
  });

  it("signs in with SRP and knows the current user", async () => {
    const result = await signIn({ username: email, password: PASSWORD });
    expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    const user = await getCurrentUser();
    expect(user.userId).toBe(sub);
    expect(user.username).toBe(sub);
    expect(user.signInDetails).toMatchObject({ loginId: email, authFlowType: "USER_SRP_AUTH" });
  });

  it("reads and updates the user's attributes", async () => {
    expect(await fetchUserAttributes()).toMatchObject({ email, email_verified: "true", name: "Amy", sub });
    const updated = await updateUserAttributes({ userAttributes: { name: "Amy Pond" } });
    expect(updated.name).toMatchObject({ isUpdated: true, nextStep: { updateAttributeStep: "DONE" } });
    expect((await fetchUserAttributes()).name).toBe("Amy Pond");
  });

  it("fetches a session with tokens, an identity id and credentials from the identity pool", async () => {
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload).toMatchObject({ sub, email, token_use: "id", aud: userPoolClientId });
    expect(session.tokens?.accessToken.payload).toMatchObject({ sub, token_use: "access", client_id: userPoolClientId });
    expect(session.userSub).toBe(sub);
    expect(session.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(session.credentials?.sessionToken).toBeTruthy();
  });

  it("calls the JWT-authorized route with the ID token", async () => {
    const session = await fetchAuthSession();
    const idToken = session.tokens?.idToken?.toString() ?? "";
    expect(await callMe(idToken)).toMatchObject({ status: 200, body: { sub, email, token_use: "id" } });
    expect(await callMe(undefined)).toEqual({ status: 401, body: { message: "Unauthorized" } });
  });

  it("refreshes expired tokens with the refresh token", async () => {
    const before = await fetchAuthSession();
    const oldId = before.tokens?.idToken?.toString() ?? "";
    await advance("61m");
    expect((await callMe(oldId)).status).toBe(401);
    const after = await fetchAuthSession({ forceRefresh: true });
    const newId = after.tokens?.idToken?.toString() ?? "";
    expect(newId).not.toBe(oldId);
    expect(after.tokens?.accessToken.toString()).not.toBe(before.tokens?.accessToken.toString());
    expect(after.tokens?.accessToken.payload.exp).toBeGreaterThan((Date.now() + offsetMs) / 1000);
    expect((await callMe(newId)).status).toBe(200);
  });

  it("refuses a wrong password with Cognito's NotAuthorizedException", async () => {
    await signOut();
    const error = await failure(signIn({ username: email, password: "Wr0ngPassword!" }));
    expect(error).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("resets a forgotten password with the printed code", async () => {
    const started = await resetPassword({ username: email });
    expect(started).toMatchObject({ isPasswordReset: false, nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE", codeDeliveryDetails: { deliveryMedium: "EMAIL", attributeName: "email" } } });
    await confirmResetPassword({ username: email, newPassword: "N3wPassw0rd!", confirmationCode: printedCode("password reset", email) });
    const error = await failure(signIn({ username: email, password: PASSWORD }));
    expect(error).toMatchObject({ name: "NotAuthorizedException" });
  });

  it("signs in with USER_PASSWORD_AUTH when asked", async () => {
    const result = await signIn({ username: email, password: "N3wPassw0rd!", options: { authFlowType: "USER_PASSWORD_AUTH" } });
    expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect((await getCurrentUser()).signInDetails).toMatchObject({ authFlowType: "USER_PASSWORD_AUTH" });
  });

  it("signs out globally: the old access and refresh tokens are refused", async () => {
    const accessToken = (await fetchAuthSession()).tokens?.accessToken.toString() ?? "";
    const refreshToken = [...tokenStore.items].find(([key]) => key.endsWith(".refreshToken"))?.[1] ?? "";
    expect(refreshToken).not.toBe("");
    await signOut({ global: true });
    await expect(getCurrentUser()).rejects.toMatchObject({ name: "UserUnAuthenticatedException" });
    expect(tokenStore.items.size).toBe(0);
    expect(await userPoolCall("GetUser", { AccessToken: accessToken })).toEqual({ status: 400, body: { __type: "NotAuthorizedException", message: "Access Token has been revoked" } });
    expect(await userPoolCall("GetTokensFromRefreshToken", { ClientId: userPoolClientId, RefreshToken: refreshToken })).toEqual({
      status: 400,
      body: { __type: "NotAuthorizedException", message: "Refresh Token has been revoked" },
    });
  });

  it("sets up TOTP MFA and answers the sign-in's code step", async () => {
    await signIn({ username: email, password: "N3wPassw0rd!" });
    const setup = await setUpTOTP();
    expect(setup.sharedSecret).toMatch(/^[A-Z2-7]+$/);
    expect(setup.getSetupUri("amplify-test").href).toContain("otpauth://totp/amplify-test:");
    await verifyTOTPSetup({ code: totp(setup.sharedSecret) });
    await updateMFAPreference({ totp: "PREFERRED" });
    expect(await fetchMFAPreference()).toEqual({ enabled: ["TOTP"], preferred: "TOTP" });
    await signOut();
    await advance("60s");
    const first = await signIn({ username: email, password: "N3wPassw0rd!" });
    expect(first).toMatchObject({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" } });
    const done = await confirmSignIn({ challengeResponse: totp(setup.sharedSecret) });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    await signOut();
  });
});

describe("Amplify REST API", () => {
  const email = "rory@example.com";

  beforeAll(async () => {
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: printedCode("confirmation", email) });
    await signIn({ username: email, password: PASSWORD });
  });

  it("sends the ID token to the JWT-authorized route", async () => {
    const idToken = (await fetchAuthSession()).tokens?.idToken?.toString() ?? "";
    const { body, statusCode } = await get({ apiName: "app", path: "/me", options: { headers: { Authorization: idToken } } }).response;
    expect(statusCode).toBe(200);
    expect(await body.json()).toMatchObject({ email, token_use: "id", aud: userPoolClientId });
  });
});

describe("Amplify Storage", () => {
  it("cannot reach an http endpoint: its S3 client only builds https URLs", async () => {
    // Storage's endpoint resolver accepts only a host (customEndpoint → https://<host>); its
    // dangerouslyConnectToHttpEndpointForTesting flag picks http://localhost:20005 and then
    // fails the same check (aws-amplify 6.22, @aws-amplify/storage 6.17).
    await expect(uploadData({ path: "public/x.txt", data: "x" }).result).rejects.toMatchObject({ name: "InvalidCustomEndpoint" });
    await expect(getUrl({ path: "public/x.txt" })).rejects.toMatchObject({ name: "InvalidCustomEndpoint" });
  });

  it("gives identity-pool credentials that the AWS SDK's S3 client uses under the identity's prefix", async () => {
    const session = await fetchAuthSession();
    const credentials = session.credentials;
    if (!credentials) throw new Error("no credentials in the session");
    const s3 = new S3Client({ endpoint: sandbox.endpoint, region: sandbox.region, forcePathStyle: true, credentials });
    try {
      const Bucket = String(sandbox.app.outputs.BucketName.value);
      const Key = `private/${session.identityId ?? ""}/hello.txt`;
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: "hello amplify", ContentType: "text/plain" }));
      const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: `private/${session.identityId ?? ""}/` }));
      expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([[Key, 13]]);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(await got.Body?.transformToString()).toBe("hello amplify");
      await s3.send(new DeleteObjectCommand({ Bucket, Key }));
      expect((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount).toBe(0);
    } finally {
      s3.destroy();
    }
  });
});

describe("more of Amplify Auth", () => {
  const email = "clara@example.com";

  it("signs in by itself after the sign-up is confirmed (autoSignIn)", async () => {
    await signOut();
    const started = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email }, autoSignIn: true } });
    expect(started.nextStep.signUpStep).toBe("CONFIRM_SIGN_UP");
    const first = printedCode("confirmation", email);
    const resent = await resendSignUpCode({ username: email });
    expect(resent).toMatchObject({ deliveryMedium: "EMAIL", attributeName: "email" });
    expect(resent.destination).toMatch(/^c\*\*\*@e\*\*\*$/);
    expect(printedCode("confirmation", email)).not.toBe(first);
    const confirmed = await confirmSignUp({ username: email, confirmationCode: printedCode("confirmation", email) });
    expect(confirmed).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: "COMPLETE_AUTO_SIGN_IN" } });
    expect(await autoSignIn()).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it("changes the password", async () => {
    await updatePassword({ oldPassword: PASSWORD, newPassword: "Ch4nged!pass" });
    await signOut();
    expect(await signIn({ username: email, password: "Ch4nged!pass" })).toMatchObject({ isSignedIn: true });
  });

  it("changes the email with a verification code", async () => {
    const updated = await updateUserAttributes({ userAttributes: { email: "clara.oswald@example.com" } });
    expect(updated.email).toMatchObject({ isUpdated: false, nextStep: { updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE", codeDeliveryDetails: { attributeName: "email", deliveryMedium: "EMAIL" } } });
    const line = [...lines].reverse().find((l) => l.includes("(clara.oswald@example.com): "));
    await confirmUserAttribute({ userAttributeKey: "email", confirmationCode: line?.slice(line.lastIndexOf(" ") + 1) ?? "" });
    expect(await fetchUserAttributes()).toMatchObject({ email: "clara.oswald@example.com", email_verified: "true" });
    const resent = await sendUserAttributeVerificationCode({ userAttributeKey: "email" });
    expect(resent).toMatchObject({ attributeName: "email", deliveryMedium: "EMAIL", destination: "c***@e***" });
  });

  it("reports no MFA preference, then deletes the user", async () => {
    expect(await fetchMFAPreference()).toEqual({});
    await deleteUser();
    await expect(getCurrentUser()).rejects.toMatchObject({ name: "UserUnAuthenticatedException" });
    const error = await failure(signIn({ username: "clara.oswald@example.com", password: "Ch4nged!pass" }));
    expect(error).toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
  });
});

describe("Amplify with device tracking", () => {
  const email = "dan@example.com";

  const hadNavigator = "navigator" in globalThis;

  beforeAll(async () => {
    // Amplify names a new device after navigator.userAgent; Node 20 has no navigator (21+ has).
    if (!hadNavigator) Object.defineProperty(globalThis, "navigator", { value: { userAgent: "Node.js" }, configurable: true });
    await signOut();
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: String(sandbox.app.outputs.DeviceUserPoolId.value),
          userPoolClientId: String(sandbox.app.outputs.DeviceUserPoolClientId.value),
          userPoolEndpoint: sandbox.endpoint,
          loginWith: { email: true },
        },
      },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStore);
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: printedCode("confirmation", email) });
  });

  afterAll(() => {
    if (!hadNavigator) Reflect.deleteProperty(globalThis, "navigator");
  });

  it("confirms the new device at sign-in, remembers it, and signs in with it again", async () => {
    expect(await signIn({ username: email, password: PASSWORD })).toMatchObject({ isSignedIn: true });
    const deviceKey = [...tokenStore.items].find(([key]) => key.endsWith(".deviceKey"))?.[1];
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    let devices = await fetchDevices();
    expect(devices.map((d) => d.id)).toEqual([deviceKey]);
    expect(devices[0]?.attributes["dev:device_remembered_status"]).toBe("not_remembered");
    await rememberDevice();
    devices = await fetchDevices();
    expect(devices[0]?.attributes["dev:device_remembered_status"]).toBe("remembered");
    // Refreshing sends the device key the refresh token is tied to.
    await advance("61m");
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.accessToken.payload.device_key).toBe(deviceKey);
    await signOut();
    // The remembered device answers DEVICE_SRP_AUTH: no new device this time.
    expect(await signIn({ username: email, password: PASSWORD })).toMatchObject({ isSignedIn: true });
    expect((await fetchDevices()).map((d) => d.id)).toEqual([deviceKey]);
    expect((await fetchAuthSession()).tokens?.accessToken.payload.device_key).toBe(deviceKey);
    // Forgotten, the device is gone: the next sign-in gets (and confirms) a new one.
    await forgetDevice();
    await signOut();
    expect(await signIn({ username: email, password: PASSWORD })).toMatchObject({ isSignedIn: true });
    const newKey = [...tokenStore.items].find(([key]) => key.endsWith(".deviceKey"))?.[1];
    expect(newKey).toMatch(/^us-east-1_/);
    expect(newKey).not.toBe(deviceKey);
    expect((await fetchDevices()).map((d) => d.id)).toEqual([newKey]);
    await signOut();
  });
});

describe("Amplify with MFA required", () => {
  const email = "rose@example.com";

  beforeAll(async () => {
    await signOut();
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: String(sandbox.app.outputs.MfaUserPoolId.value),
          userPoolClientId: String(sandbox.app.outputs.MfaUserPoolClientId.value),
          userPoolEndpoint: sandbox.endpoint,
          loginWith: { email: true },
        },
      },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStore);
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: printedCode("confirmation", email) });
  });

  it("sets up an authenticator app during the first sign-in, then asks for its code", async () => {
    const first = await signIn({ username: email, password: PASSWORD });
    expect(first).toMatchObject({ isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP" } });
    if (first.nextStep.signInStep !== "CONTINUE_SIGN_IN_WITH_TOTP_SETUP") throw new Error("no TOTP setup step");
    const secret = first.nextStep.totpSetupDetails.sharedSecret;
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    expect(await confirmSignIn({ challengeResponse: totp(secret) })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ["TOTP"] });
    await signOut();
    await advance("60s");
    expect(await signIn({ username: email, password: PASSWORD })).toMatchObject({ nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" } });
    const wrong = await failure(confirmSignIn({ challengeResponse: totp(secret) === "000000" ? "111111" : "000000" }));
    expect(wrong).toMatchObject({ name: "CodeMismatchException", message: "Invalid code received for user" });
  });
});

describe("Amplify choice-based sign-in (USER_AUTH)", () => {
  const email = "zoe@example.com";

  beforeAll(async () => {
    await signOut();
    Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: sandbox.endpoint, loginWith: { email: true } } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStore);
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: printedCode("confirmation", email) });
  });

  afterEach(() => signOut());

  it("signs in with the password by SRP or as is", async () => {
    for (const preferredChallenge of ["PASSWORD_SRP", "PASSWORD"] as const) {
      const result = await signIn({ username: email, password: PASSWORD, options: { authFlowType: "USER_AUTH", preferredChallenge } });
      expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
      expect((await getCurrentUser()).signInDetails).toMatchObject({ loginId: email, authFlowType: "USER_AUTH" });
      await signOut();
    }
  });

  it("signs in without a password, with a code sent by email", async () => {
    const started = await signIn({ username: email, options: { authFlowType: "USER_AUTH", preferredChallenge: "EMAIL_OTP" } });
    expect(started).toMatchObject({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "z***@e***" } },
    });
    expect(await confirmSignIn({ challengeResponse: printedCode("email sign-in", email) })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
  });

  it("offers the factors to choose from, then sends the code of the one chosen", async () => {
    const started = await signIn({ username: email, options: { authFlowType: "USER_AUTH" } });
    expect(started).toMatchObject({ isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"] } });
    const chosen = await confirmSignIn({ challengeResponse: "EMAIL_OTP" });
    expect(chosen).toMatchObject({ nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE" } });
    const wrong = await failure(confirmSignIn({ challengeResponse: printedCode("email sign-in", email) === "000000" ? "111111" : "000000" }));
    expect(wrong).toMatchObject({ name: "CodeMismatchException", message: "Invalid code or auth state for the user." });
    expect(await confirmSignIn({ challengeResponse: printedCode("email sign-in", email) })).toMatchObject({ isSignedIn: true });
  });

  it("signs a new user in with ConfirmSignUp's session (autoSignIn with USER_AUTH)", async () => {
    const newcomer = "ada@example.com";
    await signUp({ username: newcomer, password: PASSWORD, options: { userAttributes: { email: newcomer }, autoSignIn: { authFlowType: "USER_AUTH" } } });
    const confirmed = await confirmSignUp({ username: newcomer, confirmationCode: printedCode("confirmation", newcomer) });
    expect(confirmed.nextStep.signUpStep).toBe("COMPLETE_AUTO_SIGN_IN");
    expect(await autoSignIn()).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect((await getCurrentUser()).signInDetails).toMatchObject({ loginId: newcomer, authFlowType: "USER_AUTH" });
  });

  it("signs in with a code sent by text message once the phone number is verified", async () => {
    await signIn({ username: email, password: PASSWORD, options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD" } });
    const phone = "+15555550123";
    // The pool auto-verifies email only: the new number is verified on request.
    const updated = await updateUserAttributes({ userAttributes: { phone_number: phone } });
    expect(updated.phone_number?.nextStep.updateAttributeStep).toBe("DONE");
    expect(await sendUserAttributeVerificationCode({ userAttributeKey: "phone_number" })).toMatchObject({ deliveryMedium: "SMS", attributeName: "phone_number" });
    await confirmUserAttribute({ userAttributeKey: "phone_number", confirmationCode: printedCode("phone_number verification", email) });
    await signOut();
    const started = await signIn({ username: email, options: { authFlowType: "USER_AUTH", preferredChallenge: "SMS_OTP" } });
    expect(started).toMatchObject({ nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE", codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******0123" } } });
    expect(await confirmSignIn({ challengeResponse: printedCode("SMS sign-in", phone) })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
  });

  it("chooses the password from the offered factors", async () => {
    await signIn({ username: email, options: { authFlowType: "USER_AUTH" } });
    expect(await confirmSignIn({ challengeResponse: "PASSWORD_SRP" })).toMatchObject({ nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_PASSWORD" } });
    expect(await confirmSignIn({ challengeResponse: PASSWORD })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
  });
});

describe("Amplify guest access", () => {
  beforeAll(async () => {
    await signOut();
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId,
          userPoolClientId,
          identityPoolId: String(sandbox.app.outputs.GuestIdentityPoolId.value),
          allowGuestAccess: true,
          userPoolEndpoint: sandbox.endpoint,
          identityPoolEndpoint: sandbox.endpoint,
          loginWith: { email: true },
        },
      },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStore);
  });

  it("gives a visitor who has not signed in a guest identity and credentials", async () => {
    const guest = await fetchAuthSession();
    expect(guest.tokens).toBeUndefined();
    expect(guest.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(guest.credentials?.accessKeyId).toMatch(/^ASIA/);
    // The same guest identity on the next call (Amplify caches it).
    expect((await fetchAuthSession()).identityId).toBe(guest.identityId);
  });

  it("gives the signed-in user an authenticated identity of the same pool", async () => {
    await signIn({ username: "zoe@example.com", password: PASSWORD });
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload.email).toBe("zoe@example.com");
    expect(session.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(session.credentials?.sessionToken).toBeTruthy();
    await signOut();
  });
});
