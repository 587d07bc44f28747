import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateDeviceStatusCommand,
  AdminUserGlobalSignOutCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolCommand,
  type AttributeType,
  type DeviceConfigurationType,
  type DeviceType,
  type InitiateAuthCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type ICognitoStorage } from "amazon-cognito-identity-js";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { deviceSrpClient, newDeviceSecret, type DeviceSecret } from "./srpClient.js";
import { arn, fakeLambda } from "./fakeLambda.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Passw0rd!";
const SMS_CONFIGURATION = { SnsCallerArn: "arn:aws:iam::000000000000:role/sms", ExternalId: "sandbox" };
const TIMESTAMP = "Thu Nov 26 02:00:00 UTC 2026";

/** A browser's localStorage for amazon-cognito-identity-js: one per "device". */
class MemoryStorage implements ICognitoStorage {
  readonly items = new Map<string, string>();
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  /** What the SDK cached as this device's key. */
  deviceKey(): string | undefined {
    return [...this.items].find(([key]) => key.endsWith(".deviceKey"))?.[1];
  }
}

/** How amazon-cognito-identity-js's authenticateUser ended, and whether it asked for an SMS code on the way. */
interface SignInOutcome {
  session: CognitoUserSession;
  askedForCode: boolean;
  confirmationNecessary?: boolean;
}

function attribute(device: DeviceType | undefined, name: string): string | undefined {
  return device?.DeviceAttributes?.find((a) => a.Name === name)?.Value;
}

describe("Cognito device tracking (remembered devices)", () => {
  let h: Harness;
  let n = 0;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 2, 0, 0)) });
  });
  afterAll(() => h.close());

  async function pool(device?: DeviceConfigurationType, smsMfa = false): Promise<{ poolId: string; clientId: string }> {
    const poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: `devices-${n++}`, ...(device ? { DeviceConfiguration: device } : {}) }))).UserPool?.Id ?? "";
    if (smsMfa) await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON", SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION } }));
    const clientId = (
      await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))
    ).UserPoolClient?.ClientId ?? "";
    return { poolId, clientId };
  }

  async function user(poolId: string, username: string, attributes: AttributeType[] = []): Promise<void> {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS", UserAttributes: attributes }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  const passwordSignIn = (clientId: string, username: string, deviceKey?: string): Promise<InitiateAuthCommandOutput> =>
    h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) } }));

  /** Device SRP through the SDK: DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER signed with the device's secret. */
  async function deviceAuth(clientId: string, username: string, secret: DeviceSecret, session: string | undefined, sendSessions = true) {
    const srp = deviceSrpClient(secret);
    const verifier = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "DEVICE_SRP_AUTH", Session: session, ChallengeResponses: { USERNAME: username, DEVICE_KEY: secret.key, SRP_A: srp.A } }));
    const params = verifier.ChallengeParameters ?? {};
    return {
      verifier,
      answer: (signature = srp.claim(params, TIMESTAMP)) =>
        h.client.send(new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "DEVICE_PASSWORD_VERIFIER",
          ...(sendSessions ? { Session: verifier.Session } : {}),
          ChallengeResponses: { USERNAME: params.USERNAME ?? username, DEVICE_KEY: secret.key, PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK ?? "", PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP },
        })),
    };
  }

  describe("pool configuration", () => {
    it("DescribeUserPool shows DeviceConfiguration with both members only when the pool tracks devices", async () => {
      const { poolId } = await pool({ DeviceOnlyRememberedOnUserPrompt: true });
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true });
      await h.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } }));
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
      const { poolId: plain } = await pool();
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: plain }))).UserPool?.DeviceConfiguration).toBeUndefined();
    });

    it("a template's AWS::Cognito::UserPool DeviceConfiguration (YAML strings too) turns tracking on", async () => {
      const poolId = "us-east-1_Dev1ces01";
      await h.cognito.engine.createUserPool({ PoolName: "from-template", DeviceConfiguration: { ChallengeRequiredOnNewDevice: "true", DeviceOnlyRememberedOnUserPrompt: false } }, poolId);
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
      const clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
      await user(poolId, "tess");
      expect((await passwordSignIn(clientId, "tess")).AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    });

    it("a pool without DeviceConfiguration hands out no device key and ignores DEVICE_KEY", async () => {
      const { poolId, clientId } = await pool();
      await user(poolId, "plain");
      const first = await passwordSignIn(clientId, "plain");
      expect(first.AuthenticationResult?.AccessToken).toBeDefined();
      expect(first.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
      const withKey = await passwordSignIn(clientId, "plain", "us-east-1_00000000-0000-0000-0000-000000000000");
      expect(withKey.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
      expect((await h.client.send(new ListDevicesCommand({ AccessToken: withKey.AuthenticationResult?.AccessToken }))).Devices).toEqual([]);
    });
  });

  describe("with the AWS SDK (user opt-in, no MFA)", () => {
    let poolId: string;
    let clientId: string;
    let secret: DeviceSecret;
    let accessToken: string;
    let refreshToken: string;

    beforeAll(async () => {
      ({ poolId, clientId } = await pool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true }));
      await user(poolId, "sam");
    });

    it("a sign-in without a device gets NewDeviceMetadata: a <region>_<uuid> key and its group key", async () => {
      const { AuthenticationResult } = await passwordSignIn(clientId, "sam");
      const metadata = AuthenticationResult?.NewDeviceMetadata;
      expect(metadata?.DeviceKey).toMatch(/^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(metadata?.DeviceGroupKey).toMatch(/^[\w-]{9}$/);
      secret = newDeviceSecret(metadata?.DeviceKey ?? "", metadata?.DeviceGroupKey ?? "");
      accessToken = AuthenticationResult?.AccessToken ?? "";
      refreshToken = AuthenticationResult?.RefreshToken ?? "";
    });

    it("the device does not exist until ConfirmDevice, and only the key this sign-in was given can be confirmed", async () => {
      expect(await errorOf(h.client.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey: secret.key })))).toEqual({ name: "ResourceNotFoundException", message: "Device does not exist.", status: 400 });
      const other = "us-east-1_11111111-2222-3333-4444-555555555555";
      expect(await errorOf(h.client.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: other, DeviceSecretVerifierConfig: secret.verifierConfig })))).toEqual({
        name: "InvalidParameterException",
        message: "Invalid device key given.",
        status: 400,
      });
      // An unconfirmed device's refresh token does not refresh.
      const refresh = h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: secret.key } }));
      expect(await errorOf(refresh)).toMatchObject({ name: "NotAuthorizedException", message: "Invalid Refresh Token" });
    });

    it("ConfirmDevice on a user-prompt pool answers UserConfirmationNecessary and leaves the device not remembered", async () => {
      const confirmed = await h.client.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: secret.key, DeviceName: "Sam's laptop", DeviceSecretVerifierConfig: secret.verifierConfig }));
      expect(confirmed.UserConfirmationNecessary).toBe(true);
      const { Devices } = await h.client.send(new ListDevicesCommand({ AccessToken: accessToken }));
      expect(Devices).toHaveLength(1);
      const device = Devices?.[0];
      expect(device?.DeviceKey).toBe(secret.key);
      expect(device?.DeviceAttributes).toEqual([
        { Name: "device_status", Value: "valid" },
        { Name: "device_name", Value: "Sam's laptop" },
        { Name: "dev:device_arn", Value: `arn:aws:cognito-idp:us-east-1:000000000000:owner/sam.${poolId}/device/${secret.key}` },
        { Name: "dev:device_owner", Value: `sam.${poolId}` },
        { Name: "last_ip_used", Value: "127.0.0.1" },
        { Name: "dev:device_remembered_status", Value: "not_remembered" },
        // As the AWS CLI's examples admin-get-device.rst / get-device.rst end the list.
        { Name: "dev:device_sdk", Value: "aws-sdk" },
      ]);
      expect(device?.DeviceCreateDate).toEqual(new Date(Date.UTC(2026, 10, 26, 2, 0, 0)));
      expect(device?.DeviceLastModifiedDate).toEqual(device?.DeviceCreateDate);
      expect(device?.DeviceLastAuthenticatedDate).toEqual(device?.DeviceCreateDate);
      expect(await errorOf(h.client.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: secret.key, DeviceSecretVerifierConfig: secret.verifierConfig })))).toMatchObject({
        name: "DeviceKeyExistsException",
      });
    });

    it("UpdateDeviceStatus remembers the device and moves DeviceLastModifiedDate", async () => {
      h.clock.advance(60_000);
      await h.client.send(new UpdateDeviceStatusCommand({ AccessToken: accessToken, DeviceKey: secret.key, DeviceRememberedStatus: "remembered" }));
      const { Device } = await h.client.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey: secret.key }));
      expect(attribute(Device, "dev:device_remembered_status")).toBe("remembered");
      expect(Device?.DeviceLastModifiedDate).toEqual(new Date(Date.UTC(2026, 10, 26, 2, 1, 0)));
      expect(Device?.DeviceCreateDate).toEqual(new Date(Date.UTC(2026, 10, 26, 2, 0, 0)));
    });

    it("signing in with DEVICE_KEY asks DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER, then gives tokens without a new device", async () => {
      h.clock.advance(60_000);
      const started = await passwordSignIn(clientId, "sam", secret.key);
      expect(started.ChallengeName).toBe("DEVICE_SRP_AUTH");
      expect(started.AuthenticationResult).toBeUndefined();
      const { verifier, answer } = await deviceAuth(clientId, "sam", secret, started.Session);
      expect(verifier.ChallengeName).toBe("DEVICE_PASSWORD_VERIFIER");
      expect(Object.keys(verifier.ChallengeParameters ?? {}).sort()).toEqual(["DEVICE_KEY", "SALT", "SECRET_BLOCK", "SRP_B", "USERNAME"]);
      expect(verifier.ChallengeParameters?.DEVICE_KEY).toBe(secret.key);
      const done = await answer();
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
      expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
      const { Device } = await h.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "sam", DeviceKey: secret.key }));
      expect(Device?.DeviceLastAuthenticatedDate).toEqual(new Date(Date.UTC(2026, 10, 26, 2, 2, 0)));
      // The refresh token of a device sign-in refreshes with the device's key only.
      const refreshWith = (deviceKey?: string) =>
        h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: done.AuthenticationResult?.RefreshToken ?? "", ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) } }));
      expect((await refreshWith(secret.key)).AuthenticationResult?.AccessToken).toBeDefined();
      expect(await errorOf(refreshWith())).toMatchObject({ name: "NotAuthorizedException", message: "Invalid Refresh Token" });
      // The first sign-in's refresh token works now that its device is confirmed.
      const first = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: secret.key } }));
      expect(first.AuthenticationResult?.IdToken).toBeDefined();
    });

    it("clients that send no Session for the device steps (franken-srp) are answered by DEVICE_KEY and SECRET_BLOCK", async () => {
      const started = await passwordSignIn(clientId, "sam", secret.key);
      const { verifier, answer } = await deviceAuth(clientId, "sam", secret, undefined, false);
      expect(verifier.ChallengeName).toBe("DEVICE_PASSWORD_VERIFIER");
      expect((await answer()).AuthenticationResult?.AccessToken).toBeDefined();
      // The step is used up: the first sign-in's Session no longer leads anywhere.
      const again = h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "DEVICE_SRP_AUTH", Session: started.Session, ChallengeResponses: { USERNAME: "sam", DEVICE_KEY: secret.key, SRP_A: deviceSrpClient(secret).A } }));
      expect(await errorOf(again)).toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user." });
    });

    it("a wrong device secret is NotAuthorizedException, an unknown key ResourceNotFoundException", async () => {
      const started = await passwordSignIn(clientId, "sam", secret.key);
      const { answer } = await deviceAuth(clientId, "sam", secret, started.Session);
      expect(await errorOf(answer(Buffer.alloc(32).toString("base64")))).toEqual({ name: "NotAuthorizedException", message: "Incorrect username or password.", status: 400 });
      expect(await errorOf(passwordSignIn(clientId, "sam", "us-east-1_99999999-9999-9999-9999-999999999999"))).toEqual({ name: "ResourceNotFoundException", message: "Device does not exist.", status: 400 });
      const wrongDevice = newDeviceSecret(secret.key, "otherGrp1");
      const again = await passwordSignIn(clientId, "sam", secret.key);
      expect(await errorOf((await deviceAuth(clientId, "sam", wrongDevice, again.Session)).answer())).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    });

    it("GlobalSignOut revokes the device's tokens but the device stays remembered", async () => {
      const started = await passwordSignIn(clientId, "sam", secret.key);
      const done = await (await deviceAuth(clientId, "sam", secret, started.Session)).answer();
      await h.client.send(new GlobalSignOutCommand({ AccessToken: done.AuthenticationResult?.AccessToken }));
      const refresh = h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: done.AuthenticationResult?.RefreshToken ?? "", DEVICE_KEY: secret.key } }));
      expect(await errorOf(refresh)).toMatchObject({ name: "NotAuthorizedException", message: "Refresh Token has been revoked" });
      expect(await errorOf(h.client.send(new ListDevicesCommand({ AccessToken: done.AuthenticationResult?.AccessToken })))).toMatchObject({ name: "NotAuthorizedException", message: "Access Token has been revoked" });
      const { Devices } = await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "sam" }));
      expect(Devices?.map((d) => [d.DeviceKey, attribute(d, "dev:device_remembered_status")])).toEqual([[secret.key, "remembered"]]);
      const next = await passwordSignIn(clientId, "sam", secret.key);
      expect(next.ChallengeName).toBe("DEVICE_SRP_AUTH");
      await h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "sam" }));
      expect((await passwordSignIn(clientId, "sam", secret.key)).ChallengeName).toBe("DEVICE_SRP_AUTH");
    });

    it("Admin* device actions: pages of AdminListDevices, AdminUpdateDeviceStatus, AdminForgetDevice", async () => {
      // A second device for the same user.
      const second = (await passwordSignIn(clientId, "sam")).AuthenticationResult;
      const secondKey = second?.NewDeviceMetadata?.DeviceKey ?? "";
      const secondSecret = newDeviceSecret(secondKey, second?.NewDeviceMetadata?.DeviceGroupKey ?? "");
      h.clock.advance(1000);
      await h.client.send(new ConfirmDeviceCommand({ AccessToken: second?.AccessToken, DeviceKey: secondKey, DeviceSecretVerifierConfig: secondSecret.verifierConfig }));
      const firstPage = await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "sam", Limit: 1 }));
      expect(firstPage.Devices?.map((d) => d.DeviceKey)).toEqual([secret.key]);
      expect(firstPage.PaginationToken).toBeDefined();
      const secondPage = await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "sam", Limit: 1, PaginationToken: firstPage.PaginationToken }));
      expect(secondPage.Devices?.map((d) => d.DeviceKey)).toEqual([secondKey]);
      expect(secondPage.PaginationToken).toBeUndefined();
      expect(attribute(secondPage.Devices?.[0], "device_name")).toBeUndefined();

      await h.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: "sam", DeviceKey: secondKey, DeviceRememberedStatus: "remembered" }));
      expect(attribute((await h.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "sam", DeviceKey: secondKey }))).Device, "dev:device_remembered_status")).toBe("remembered");

      await h.client.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: "sam", DeviceKey: secondKey }));
      expect(await errorOf(h.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "sam", DeviceKey: secondKey })))).toEqual({ name: "ResourceNotFoundException", message: "Device does not exist.", status: 400 });
      // Forgetting a device signs it out: its refresh tokens stop working.
      const refresh = h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: second?.RefreshToken ?? "", DEVICE_KEY: secondKey } }));
      expect(await errorOf(refresh)).toMatchObject({ name: "NotAuthorizedException", message: "Refresh Token has been revoked" });
      expect(await errorOf(h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "nobody" })))).toEqual({ name: "UserNotFoundException", message: "User does not exist.", status: 400 });
    });

    it("the token endpoint's refresh_token grant wants the device_key too", async () => {
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "devices-app" }));
      const signedIn = (await passwordSignIn(clientId, "sam", secret.key));
      const done = await (await deviceAuth(clientId, "sam", secret, signedIn.Session)).answer();
      const grant = (deviceKey?: string) =>
        fetch(`${h.url}/devices-app.auth.us-east-1.amazoncognito.com/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "refresh_token", client_id: clientId, refresh_token: done.AuthenticationResult?.RefreshToken ?? "", ...(deviceKey ? { device_key: deviceKey } : {}) }).toString(),
        });
      const without = await grant();
      expect(without.status).toBe(400);
      expect(await without.json()).toEqual({ error: "invalid_grant" });
      const withKey = await grant(secret.key);
      expect(withKey.status).toBe(200);
      expect(((await withKey.json()) as { access_token?: string }).access_token).toBeDefined();
    });

    it("ForgetDevice with the user's own access token", async () => {
      const signedIn = (await passwordSignIn(clientId, "sam")).AuthenticationResult;
      const key = signedIn?.NewDeviceMetadata?.DeviceKey ?? "";
      await h.client.send(new ConfirmDeviceCommand({ AccessToken: signedIn?.AccessToken, DeviceKey: key, DeviceSecretVerifierConfig: newDeviceSecret(key, signedIn?.NewDeviceMetadata?.DeviceGroupKey ?? "").verifierConfig }));
      await h.client.send(new ForgetDeviceCommand({ AccessToken: signedIn?.AccessToken, DeviceKey: key }));
      // The sign-in tied to the forgotten device is signed out with it.
      expect(await errorOf(h.client.send(new ListDevicesCommand({ AccessToken: signedIn?.AccessToken })))).toMatchObject({ name: "NotAuthorizedException", message: "Access Token has been revoked" });
      const other = accessTokenOf(await passwordSignIn(clientId, "sam"));
      expect((await h.client.send(new ListDevicesCommand({ AccessToken: other }))).Devices?.map((d) => d.DeviceKey)).toEqual([secret.key]);
      expect(await errorOf(h.client.send(new ForgetDeviceCommand({ AccessToken: other, DeviceKey: key })))).toMatchObject({ name: "ResourceNotFoundException", message: "Device does not exist." });
    });
  });

  describe("with amazon-cognito-identity-js (always remember, remembered devices skip SMS MFA)", () => {
    let poolId: string;
    let userPool: CognitoUserPool;
    const storage = new MemoryStorage();

    beforeAll(async () => {
      const created = await pool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }, true);
      poolId = created.poolId;
      userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: created.clientId, endpoint: h.url, Storage: storage });
      await user(poolId, "dana", [{ Name: "phone_number", Value: "+15555550123" }]);
    });

    /** authenticateUser as an app calls it: the SMS code read from the terminal when asked. */
    function signIn(cognitoUser: CognitoUser): Promise<SignInOutcome> {
      let askedForCode = false;
      return new Promise((resolve, reject) => {
        const callbacks = {
          onSuccess: (session: CognitoUserSession, confirmationNecessary?: boolean) => resolve({ session, askedForCode, ...(confirmationNecessary !== undefined ? { confirmationNecessary } : {}) }),
          onFailure: (err: unknown) => reject(err),
          mfaRequired: () => {
            askedForCode = true;
            cognitoUser.sendMFACode(h.codeFor("dana"), callbacks);
          },
        };
        cognitoUser.authenticateUser(new AuthenticationDetails({ Username: "dana", Password: PASSWORD }), callbacks);
      });
    }

    const newUser = () => new CognitoUser({ Username: "dana", Pool: userPool, Storage: storage });
    const listDevices = (cognitoUser: CognitoUser) =>
      new Promise<DeviceType[]>((resolve, reject) => cognitoUser.listDevices(60, null, { onSuccess: (data: { Devices: DeviceType[] }) => resolve(data.Devices), onFailure: reject }));

    it("the first sign-in answers MFA, then the SDK confirms the new device on its own (remembered at once)", async () => {
      const first = await signIn(newUser());
      expect(first.askedForCode).toBe(true);
      expect(first.confirmationNecessary).toBeUndefined();
      const key = storage.deviceKey();
      expect(key).toMatch(/^us-east-1_/);
      const { Devices } = await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "dana" }));
      expect(Devices?.map((d) => [d.DeviceKey, attribute(d, "dev:device_remembered_status")])).toEqual([[key, "remembered"]]);
      expect(attribute(Devices?.[0], "device_name")).toBeDefined();
    });

    it("the next sign-in authenticates the device (DEVICE_SRP_AUTH) instead of asking for an SMS code", async () => {
      const cognitoUser = newUser();
      const printed = h.lines.length;
      const second = await signIn(cognitoUser);
      expect(second.askedForCode).toBe(false);
      expect(h.lines.slice(printed).some((l) => l.includes("SMS MFA sign-in code"))).toBe(false);
      expect(second.session.isValid()).toBe(true);
      expect((await listDevices(cognitoUser)).map((d) => d.DeviceKey)).toEqual([storage.deviceKey()]);
      // refreshSession sends the cached DEVICE_KEY with the refresh token.
      const fresh = await new Promise<CognitoUserSession>((resolve, reject) =>
        cognitoUser.refreshSession(second.session.getRefreshToken(), (err: unknown, session: CognitoUserSession) => (err ? reject(err) : resolve(session))),
      );
      expect(fresh.getAccessToken().getJwtToken()).not.toBe(second.session.getAccessToken().getJwtToken());
    });

    it("a device set not remembered answers MFA again, then still authenticates the device", async () => {
      const cognitoUser = newUser();
      await signIn(cognitoUser);
      await new Promise((resolve, reject) => cognitoUser.setDeviceStatusNotRemembered({ onSuccess: resolve, onFailure: reject }));
      const key = storage.deviceKey();
      const again = await signIn(newUser());
      expect(again.askedForCode).toBe(true);
      expect(storage.deviceKey()).toBe(key);
      await new Promise((resolve, reject) => newUserWithSession(again.session).setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }));
      expect((await signIn(newUser())).askedForCode).toBe(false);
    });

    /** A CognitoUser holding a session (the SDK's device calls need one). */
    function newUserWithSession(session: CognitoUserSession): CognitoUser {
      const cognitoUser = newUser();
      cognitoUser.setSignInUserSession(session);
      cognitoUser.getCachedDeviceKeyAndPassword();
      return cognitoUser;
    }

    it("a device forgotten elsewhere: the SDK signs in again without its key and gets a new device", async () => {
      const oldKey = storage.deviceKey() ?? "";
      await h.client.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: "dana", DeviceKey: oldKey }));
      const after = await signIn(newUser());
      expect(after.askedForCode).toBe(true);
      const newKey = storage.deviceKey();
      expect(newKey).toMatch(/^us-east-1_/);
      expect(newKey).not.toBe(oldKey);
      const { Devices } = await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "dana" }));
      expect(Devices?.map((d) => d.DeviceKey)).toEqual([newKey]);
      await new Promise((resolve, reject) => newUserWithSession(after.session).forgetDevice({ onSuccess: resolve, onFailure: reject }));
      expect(storage.deviceKey()).toBeUndefined();
      expect((await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "dana" }))).Devices).toEqual([]);
    });
  });
});

function accessTokenOf(output: InitiateAuthCommandOutput): string {
  return output.AuthenticationResult?.AccessToken ?? "";
}

describe("devices on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-devices-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a confirmed device, its status and its tie to refresh tokens survive a restart", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 26, 3, 0, 0));
    const first = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = (await first.client.send(new CreateUserPoolCommand({ PoolName: "kept", DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } }))).UserPool?.Id ?? "";
    const clientId = (await first.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    await first.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "kim", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    await first.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "kim", Password: PASSWORD, Permanent: true }));
    const signedIn = (await first.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD } }))).AuthenticationResult;
    const secret = newDeviceSecret(signedIn?.NewDeviceMetadata?.DeviceKey ?? "", signedIn?.NewDeviceMetadata?.DeviceGroupKey ?? "");
    await first.client.send(new ConfirmDeviceCommand({ AccessToken: signedIn?.AccessToken, DeviceKey: secret.key, DeviceName: "kept", DeviceSecretVerifierConfig: secret.verifierConfig }));
    await first.client.send(new UpdateDeviceStatusCommand({ AccessToken: signedIn?.AccessToken, DeviceKey: secret.key, DeviceRememberedStatus: "remembered" }));
    await first.close();

    const second = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      const { Device } = await second.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "kim", DeviceKey: secret.key }));
      expect(attribute(Device, "device_name")).toBe("kept");
      expect(attribute(Device, "dev:device_remembered_status")).toBe("remembered");
      const refresh = (deviceKey?: string) =>
        second.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: signedIn?.RefreshToken ?? "", ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) } }));
      expect((await refresh(secret.key)).AuthenticationResult?.AccessToken).toBeDefined();
      expect(await errorOf(refresh())).toMatchObject({ name: "NotAuthorizedException", message: "Invalid Refresh Token" });
      // The device's verifier came back too: device SRP still signs in.
      const started = await second.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "kim", PASSWORD, DEVICE_KEY: secret.key } }));
      const srp = deviceSrpClient(secret);
      const verifier = await second.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "DEVICE_SRP_AUTH", Session: started.Session, ChallengeResponses: { USERNAME: "kim", DEVICE_KEY: secret.key, SRP_A: srp.A } }));
      const params = verifier.ChallengeParameters ?? {};
      const done = await second.client.send(new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "DEVICE_PASSWORD_VERIFIER",
        Session: verifier.Session,
        ChallengeResponses: { USERNAME: "kim", DEVICE_KEY: secret.key, PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK ?? "", PASSWORD_CLAIM_SIGNATURE: srp.claim(params, TIMESTAMP), TIMESTAMP },
      }));
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    } finally {
      await second.close();
    }
  });
});

describe("devices in CUSTOM_AUTH with amazon-cognito-identity-js", () => {
  let h: Harness;
  const storage = new MemoryStorage();
  let userPool: CognitoUserPool;
  let poolId: string;

  beforeAll(async () => {
    h = await startCognito({
      invoker: fakeLambda(
        {
          // One question; right answer → tokens.
          define: (event) => {
            const session = event.request.session as Array<{ challengeResult: boolean }>;
            const last = session.at(-1);
            return { ...event, response: last?.challengeResult === true ? { issueTokens: true, failAuthentication: false } : session.length > 0 ? { issueTokens: false, failAuthentication: true } : { challengeName: "CUSTOM_CHALLENGE", issueTokens: false, failAuthentication: false } };
          },
          create: (event) => ({ ...event, response: { publicChallengeParameters: { question: "2+2" }, privateChallengeParameters: { answer: "4" }, challengeMetadata: "MATH" } }),
          verify: (event) => ({ ...event, response: { answerCorrect: event.request.challengeAnswer === (event.request.privateChallengeParameters as { answer: string }).answer } }),
        },
        [],
      ),
    });
    poolId = (await h.client.send(new CreateUserPoolCommand({
      PoolName: "custom-devices",
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      LambdaConfig: { DefineAuthChallenge: arn("define"), CreateAuthChallenge: arn("create"), VerifyAuthChallengeResponse: arn("verify") },
    }))).UserPool?.Id ?? "";
    const clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: h.url, Storage: storage });
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "cara", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "cara", Password: PASSWORD, Permanent: true }));
  });
  afterAll(() => h.close());

  function customSignIn(): Promise<CognitoUserSession> {
    const cognitoUser = new CognitoUser({ Username: "cara", Pool: userPool, Storage: storage });
    cognitoUser.setAuthenticationFlowType("CUSTOM_AUTH");
    return new Promise((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: CognitoUserSession) => resolve(session),
        onFailure: (err: unknown) => reject(err),
        customChallenge: () => cognitoUser.sendCustomChallengeAnswer("4", callbacks),
      };
      cognitoUser.initiateAuth(new AuthenticationDetails({ Username: "cara" }), callbacks);
    });
  }

  it("the first custom sign-in gets a device the SDK confirms; the next answers with DEVICE_KEY and authenticates it", async () => {
    expect((await customSignIn()).isValid()).toBe(true);
    const key = storage.deviceKey();
    expect(key).toMatch(/^us-east-1_/);
    h.clock.advance(60_000);
    expect((await customSignIn()).isValid()).toBe(true);
    expect(storage.deviceKey()).toBe(key);
    const { Devices } = await h.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "cara" }));
    expect(Devices?.map((d) => d.DeviceKey)).toEqual([key]);
    expect(Devices?.[0]?.DeviceLastAuthenticatedDate?.getTime()).toBe((Devices?.[0]?.DeviceCreateDate?.getTime() ?? 0) + 60_000);
  });
});
