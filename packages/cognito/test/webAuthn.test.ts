import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteWebAuthnCredentialCommand,
  DescribeUserPoolCommand,
  GetUserAuthFactorsCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";
import { SoftAuthenticator } from "./softAuthenticator.js";

const PASSWORD = "Passw0rd!";
const RP_ID = "localhost";

interface Pool {
  poolId: string;
  clientId: string;
  otherClientId: string;
}

describe("Passkeys (WebAuthn)", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0)) });
  });
  afterAll(() => h.close());

  async function newPool(options: { factors?: string[]; rpId?: string | null } & Partial<CreateUserPoolCommandInput> = {}): Promise<Pool> {
    const { factors = ["PASSWORD", "WEB_AUTHN"], rpId = RP_ID, ...extra } = options;
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "passkeys", Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never } }, ...extra }));
    const poolId = pool.UserPool?.Id ?? "";
    if (rpId !== null) await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OFF", WebAuthnConfiguration: { RelyingPartyId: rpId, UserVerification: "preferred" } }));
    const flows = ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;
    const client = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: [...flows] }));
    const other = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "other", ExplicitAuthFlows: [...flows] }));
    return { poolId, clientId: client.UserPoolClient?.ClientId ?? "", otherClientId: other.UserPoolClient?.ClientId ?? "" };
  }

  async function signedIn(pool: Pool, username = "ana", clientId = pool.clientId): Promise<string> {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, MessageAction: "SUPPRESS" })).catch(() => undefined);
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const out = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
    return out.AuthenticationResult?.AccessToken ?? "";
  }

  async function startRegistration(token: string): Promise<{ challenge: string; rp: { id: string; name: string }; [k: string]: unknown }> {
    const out = await h.client.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    return out.CredentialCreationOptions as { challenge: string; rp: { id: string; name: string } };
  }

  async function register(token: string, device = new SoftAuthenticator()): Promise<SoftAuthenticator> {
    const options = await startRegistration(token);
    await h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: device.create(options) as never }));
    return device;
  }

  describe("StartWebAuthnRegistration", () => {
    it("answers CredentialCreationOptions for the pool's relying party and the user's sub", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const options = await startRegistration(token);
      const sub = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()).sub as string;
      expect(options).toMatchObject({
        rp: { id: RP_ID, name: RP_ID },
        user: { id: Buffer.from(sub).toString("base64url"), name: "ana", displayName: "" },
        pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
        timeout: 60000,
        excludeCredentials: [],
        authenticatorSelection: { requireResidentKey: true, residentKey: "required", userVerification: "preferred" },
      });
      expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{22}$/);
    });

    it("takes the pool's domain as relying party when none is configured", async () => {
      const pool = await newPool({ rpId: null });
      const token = await signedIn(pool);
      expect(await errorOf(h.client.send(new StartWebAuthnRegistrationCommand({ AccessToken: token })))).toMatchObject({ name: "WebAuthnConfigurationMissingException", status: 400 });
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.poolId, Domain: `passkeys-${pool.poolId.slice(-6).toLowerCase()}` }));
      const options = await startRegistration(token);
      expect(options.rp.id).toBe(`passkeys-${pool.poolId.slice(-6).toLowerCase()}.auth.us-east-1.amazoncognito.com`);
    });

    it("is refused when the pool does not allow WEB_AUTHN sign-in", async () => {
      const pool = await newPool({ factors: ["PASSWORD"] });
      const token = await signedIn(pool);
      expect(await errorOf(h.client.send(new StartWebAuthnRegistrationCommand({ AccessToken: token })))).toMatchObject({ name: "WebAuthnNotEnabledException" });
    });
  });

  describe("CompleteWebAuthnRegistration and ListWebAuthnCredentials", () => {
    it("keeps a passkey whose attestation verifies, and lists it", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const device = await register(token);
      const listed = await h.client.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
      expect(listed.Credentials).toEqual([
        { CredentialId: device.id, FriendlyCredentialName: "Passkey", RelyingPartyId: RP_ID, AuthenticatorAttachment: "platform", AuthenticatorTransports: ["internal"], CreatedAt: new Date(Date.UTC(2026, 10, 26, 6, 0, 0)) },
      ]);
      expect(listed.NextToken).toBeUndefined();
      // GetUserAuthFactors counts it as a first factor.
      expect((await h.client.send(new GetUserAuthFactorsCommand({ AccessToken: token }))).ConfiguredUserAuthFactors).toEqual(["PASSWORD", "WEB_AUTHN"]);
      // The next registration excludes it.
      expect((await startRegistration(token)).excludeCredentials).toEqual([{ type: "public-key", id: device.id }]);
    });

    it("pages with MaxResults and NextToken", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const first = await register(token);
      const second = await register(token);
      const page1 = await h.client.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 1 }));
      expect(page1.Credentials?.map((c) => c.CredentialId)).toEqual([first.id]);
      const page2 = await h.client.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 1, NextToken: page1.NextToken }));
      expect(page2.Credentials?.map((c) => c.CredentialId)).toEqual([second.id]);
      expect(page2.NextToken).toBeUndefined();
      const all = await h.client.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 0 }));
      expect(all.Credentials?.map((c) => c.CredentialId)).toEqual([first.id, second.id]);
    });

    it("refuses a credential without a started registration, or for another challenge", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const device = new SoftAuthenticator();
      const stale = device.create({ challenge: "AAAAAAAAAAAAAAAAAAAAAA", rp: { id: RP_ID } });
      expect(await errorOf(h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: stale as never })))).toMatchObject({ name: "WebAuthnChallengeNotFoundException" });
      await startRegistration(token);
      expect(await errorOf(h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: stale as never })))).toMatchObject({ name: "WebAuthnChallengeNotFoundException" });
    });

    it("refuses an attestation object without authenticator data as not supported, not with a server error", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const credential = new SoftAuthenticator().create(await startRegistration(token)) as { response: Record<string, unknown> };
      // CBOR {"fmt": "none"}: a map without authData.
      credential.response.attestationObject = Buffer.from([0xa1, 0x63, ...Buffer.from("fmt"), 0x64, ...Buffer.from("none")]).toString("base64url");
      const sent = h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }));
      expect(await errorOf(sent)).toMatchObject({ name: "WebAuthnCredentialNotSupportedException", status: 400 });
    });

    it("refuses a challenge past its time", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const options = await startRegistration(token);
      await h.clock.advance(5 * 60 * 1000 + 1);
      const late = new SoftAuthenticator().create(options);
      expect(await errorOf(h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: late as never })))).toMatchObject({ name: "WebAuthnChallengeNotFoundException" });
    });

    it("refuses another origin, another relying party, and a token of another app client", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const options = await startRegistration(token);
      const device = new SoftAuthenticator();
      const send = (credential: Record<string, unknown>, accessToken = token) => h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));
      expect(await errorOf(send(device.create(options, { origin: "https://evil.example.com" })))).toMatchObject({ name: "WebAuthnOriginNotAllowedException" });
      expect(await errorOf(send(device.create(options, { rpId: "example.com" })))).toMatchObject({ name: "WebAuthnRelyingPartyMismatchException" });
      const otherToken = await signedIn(pool, "ana", pool.otherClientId);
      expect(await errorOf(send(device.create(options), otherToken))).toMatchObject({ name: "WebAuthnClientMismatchException" });
      // http is fine on localhost, as browsers allow.
      await send(device.create(options, { origin: "http://localhost:5173" }));
    });

    it("requires user verification when the pool says required", async () => {
      const pool = await newPool();
      await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId, MfaConfiguration: "OFF", WebAuthnConfiguration: { RelyingPartyId: RP_ID, UserVerification: "required" } }));
      const token = await signedIn(pool);
      const options = await startRegistration(token);
      const unverified = new SoftAuthenticator().create(options, { noUserVerification: true });
      expect(await errorOf(h.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: unverified as never })))).toMatchObject({ name: "WebAuthnCredentialNotSupportedException" });
    });
  });

  describe("DeleteWebAuthnCredential", () => {
    it("deletes the user's passkey; an unknown id is ResourceNotFoundException", async () => {
      const pool = await newPool();
      const token = await signedIn(pool);
      const device = await register(token);
      await h.client.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: device.id }));
      expect((await h.client.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }))).Credentials).toEqual([]);
      expect(await errorOf(h.client.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: device.id })))).toMatchObject({ name: "ResourceNotFoundException" });
    });
  });

  describe("USER_AUTH with WEB_AUTHN", () => {
    async function passkeyUser(): Promise<{ pool: Pool; device: SoftAuthenticator }> {
      const pool = await newPool();
      const device = await register(await signedIn(pool));
      return { pool, device };
    }

    it("signs in with PREFERRED_CHALLENGE WEB_AUTHN: CREDENTIAL_REQUEST_OPTIONS, then the assertion as CREDENTIAL", async () => {
      const { pool, device } = await passkeyUser();
      const started = await h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "ana", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
      expect(started.ChallengeName).toBe("WEB_AUTHN");
      const options = JSON.parse(started.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? "{}") as { challenge: string; rpId: string };
      expect(options).toMatchObject({ rpId: RP_ID, timeout: 60000, userVerification: "preferred", allowCredentials: [{ type: "public-key", id: device.id, transports: ["internal"] }] });
      const done = await h.client.send(new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "WEB_AUTHN",
        Session: started.Session,
        ChallengeResponses: { USERNAME: "ana", CREDENTIAL: JSON.stringify(device.get(options)) },
      }));
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it("offers WEB_AUTHN in SELECT_CHALLENGE to a user with a passkey", async () => {
      const { pool, device } = await passkeyUser();
      const started = await h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "ana" } }));
      expect(started.ChallengeName).toBe("SELECT_CHALLENGE");
      expect(started.AvailableChallenges).toContain("WEB_AUTHN");
      const challenge = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: "SELECT_CHALLENGE", Session: started.Session, ChallengeResponses: { USERNAME: "ana", ANSWER: "WEB_AUTHN" } }));
      expect(challenge.ChallengeName).toBe("WEB_AUTHN");
      const options = JSON.parse(challenge.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? "{}") as { challenge: string; rpId: string };
      const done = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: "WEB_AUTHN", Session: challenge.Session, ChallengeResponses: { USERNAME: "ana", CREDENTIAL: JSON.stringify(device.get(options)) } }));
      expect(done.AuthenticationResult?.IdToken).toBeDefined();
    });

    it("refuses an assertion that does not verify, and a user without a passkey is not offered WEB_AUTHN", async () => {
      const { pool, device } = await passkeyUser();
      const started = await h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "ana", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
      const options = JSON.parse(started.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? "{}") as { challenge: string; rpId: string };
      const forged = h.client.send(new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: "WEB_AUTHN", Session: started.Session, ChallengeResponses: { USERNAME: "ana", CREDENTIAL: JSON.stringify(device.get(options, { tamper: true })) } }));
      expect(await errorOf(forged)).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
      await signedIn(pool, "bob");
      const bob = await h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "bob" } }));
      expect(bob.AvailableChallenges).not.toContain("WEB_AUTHN");
    });
  });

  it("answers CREDENTIAL null as wrong credentials, not a server error", async () => {
    const pool = await newPool();
    await register(await signedIn(pool));
    const started = await h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "ana", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
    const answer = h.client.send(new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: "WEB_AUTHN", Session: started.Session, ChallengeResponses: { USERNAME: "ana", CREDENTIAL: "null" } }));
    expect(await errorOf(answer)).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("a passkey sign-in keeps a change made to the user while its assertion was checked", async () => {
    const pool = await newPool();
    const token = await signedIn(pool);
    const device = await register(token);
    const started = await h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "ana", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
    const options = JSON.parse(started.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? "{}") as { challenge: string; rpId: string };
    const signIn = h.client.send(new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: "WEB_AUTHN", Session: started.Session, ChallengeResponses: { USERNAME: "ana", CREDENTIAL: JSON.stringify(device.get(options)) } }));
    // Sent while the sign-in verifies the assertion (asynchronous crypto): acknowledged, so it must stay.
    await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.poolId, Username: "ana", UserAttributes: [{ Name: "name", Value: "Ana" }] }));
    expect((await signIn).AuthenticationResult?.AccessToken).toBeDefined();
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: "ana" }));
    expect(user.UserAttributes).toContainEqual({ Name: "name", Value: "Ana" });
  });

  it("GetUserPoolMfaConfig shows the WebAuthnConfiguration; DescribeUserPool does not", async () => {
    const pool = await newPool();
    expect((await h.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.poolId }))).WebAuthnConfiguration).toEqual({ RelyingPartyId: RP_ID, UserVerification: "preferred" });
    expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.poolId }))).UserPool).not.toHaveProperty("WebAuthnConfiguration");
  });
});
