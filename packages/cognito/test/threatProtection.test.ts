import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminListUserAuthEventsCommand,
  DescribeUserPoolCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ChangePasswordCommand,
  ConfirmSignUpCommand,
  CreateManagedLoginBrandingCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeRiskConfigurationCommand,
  ForgotPasswordCommand,
  GetSigningCertificateCommand,
  GetUICustomizationCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SetUICustomizationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 27, 6, 0, 0);
const PASSWORD = "Passw0rd!";
const THREAT_PROTECTION: Partial<CreateUserPoolCommandInput> = { UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" }, AutoVerifiedAttributes: ["email"] };
const TAKEOVER = {
  NotifyConfiguration: { SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com", From: "security@example.com" },
  Actions: { LowAction: { Notify: true, EventAction: "NO_ACTION" as const }, MediumAction: { Notify: true, EventAction: "MFA_IF_CONFIGURED" as const }, HighAction: { Notify: true, EventAction: "BLOCK" as const } },
};

async function newPool(client: CognitoIdentityProviderClient, input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
  return (await client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
}

async function newClient(client: CognitoIdentityProviderClient, poolId: string): Promise<string> {
  const created = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
  return created.UserPoolClient?.ClientId ?? "";
}

describe("Cognito threat protection", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(NOW) });
  });
  afterAll(() => h.close());

  const pool = (input: Partial<CreateUserPoolCommandInput> = {}) => newPool(h.client, input);
  const client = (poolId: string) => newClient(h.client, poolId);

  async function signedUp(poolId: string, clientId: string, username: string): Promise<void> {
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: "email", Value: `${username}@example.com` }] }));
    await h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: h.codeFor(username) }));
  }

  const signIn = (clientId: string, username: string, password = PASSWORD) =>
    h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));

  describe("with threat protection off", () => {
    it("answers UserPoolAddOnNotEnabledException to every threat-protection action", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "ann");
      const calls: Array<() => Promise<unknown>> = [
        () => h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: TAKEOVER })),
        () => h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId })),
        () => h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "ann" })),
        () => h.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "ann", EventId: "e", FeedbackValue: "Valid" })),
        () => h.client.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "ann", EventId: "e", FeedbackToken: "t", FeedbackValue: "Valid" })),
      ];
      for (const call of calls) expect(await errorOf(call())).toMatchObject({ name: "UserPoolAddOnNotEnabledException", status: 400 });
    });

    it("records no events", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "bob");
      await signIn(clientId, "bob");
      expect(h.cognito.engine.ctx.durable.state.pools.get(poolId)?.users.get("bob")?.authEvents).toBeUndefined();
    });
  });

  describe("the feature plan", () => {
    const refusal = { name: "FeatureUnavailableInTierException", message: "The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection", status: 400 };

    it("refuses threat protection in an Essentials pool, with AWS's text", async () => {
      expect(await errorOf(pool({ UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }))).toEqual(refusal);
      expect(await errorOf(pool({ UserPoolTier: "ESSENTIALS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }))).toEqual(refusal);
      const essentials = await pool();
      expect(await errorOf(h.client.send(new UpdateUserPoolCommand({ UserPoolId: essentials, UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } })))).toEqual(refusal);
    });

    it("takes it on the Plus plan, and in a Lite pool (the legacy add-on)", async () => {
      const described = async (poolId: string) => {
        const { UserPool } = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
        return `${UserPool?.UserPoolTier}:${UserPool?.UserPoolAddOns?.AdvancedSecurityMode}`;
      };
      expect(await described(await pool({ UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }))).toBe("PLUS:ENFORCED");
      expect(await described(await pool({ UserPoolTier: "LITE", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }))).toBe("LITE:AUDIT");
      const plus = await pool({ UserPoolTier: "PLUS" });
      await h.client.send(new UpdateUserPoolCommand({ UserPoolId: plus, UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }));
      expect(await described(plus)).toBe("PLUS:AUDIT");
      expect(await described(await pool({ UserPoolAddOns: { AdvancedSecurityMode: "OFF" } }))).toBe("ESSENTIALS:OFF");
    });
  });

  describe("SetRiskConfiguration / DescribeRiskConfiguration", () => {
    it("sets the pool's configuration, which a client without its own shows", async () => {
      const poolId = await pool(THREAT_PROTECTION);
      const clientId = await client(poolId);
      const compromised = { EventFilter: ["SIGN_IN" as const, "SIGN_UP" as const], Actions: { EventAction: "BLOCK" as const } };
      const exceptions = { BlockedIPRangeList: ["192.0.2.0/24"], SkippedIPRangeList: ["2001:db8::/32"] };
      const set = await h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: compromised, AccountTakeoverRiskConfiguration: TAKEOVER, RiskExceptionConfiguration: exceptions }));
      expect(set.RiskConfiguration).toEqual({
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: compromised,
        AccountTakeoverRiskConfiguration: TAKEOVER,
        RiskExceptionConfiguration: exceptions,
        LastModifiedDate: new Date(NOW),
      });
      expect((await h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration).toEqual(set.RiskConfiguration);
      const inherited = (await h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration;
      expect(inherited).toEqual({ ...set.RiskConfiguration, ClientId: clientId });

      // A client's own configuration, then back to inheriting the pool's with only the ids.
      await h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId, RiskExceptionConfiguration: { SkippedIPRangeList: ["10.0.0.0/8"] } }));
      expect((await h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration?.RiskExceptionConfiguration).toEqual({ SkippedIPRangeList: ["10.0.0.0/8"] });
      await h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }));
      expect((await h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration?.RiskExceptionConfiguration).toEqual(exceptions);

      // Only the pool id: the defaults again.
      await h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId }));
      expect((await h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration).toEqual({ UserPoolId: poolId });
    });

    it("refuses IP ranges outside CIDR notation, notifying without a NotifyConfiguration, and an unknown client", async () => {
      const poolId = await pool(THREAT_PROTECTION);
      expect((await errorOf(h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.1"] } })))).name).toBe("InvalidParameterException");
      expect((await errorOf(h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/33"] } })))).name).toBe("InvalidParameterException");
      const { NotifyConfiguration: _dropped, ...withoutNotify } = TAKEOVER;
      expect((await errorOf(h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: withoutNotify })))).name).toBe("InvalidParameterException");
      expect(await errorOf(h.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: "nosuchclient" })))).toMatchObject({ name: "ResourceNotFoundException", message: "User pool client nosuchclient does not exist." });
    });
  });

  describe("the always-block IP list", () => {
    const signInFrom = (clientId: string, ip: string) =>
      h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "fox", PASSWORD }, UserContextData: { IpAddress: ip } }));

    it("blocks a sign-in from a listed address in ENFORCED mode, with AWS's text, and records it", async () => {
      const poolId = await pool({ ...THREAT_PROTECTION, UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } });
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "fox");
      await h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24", "2001:db8::/32"], SkippedIPRangeList: ["192.0.2.128/25"] } }));
      expect(await errorOf(signInFrom(clientId, "192.0.2.7"))).toEqual({ name: "NotAuthorizedException", message: "Request not allowed due to security reasons.", status: 400 });
      expect((await errorOf(signInFrom(clientId, "2001:db8::1"))).name).toBe("NotAuthorizedException");
      // The always-allow list wins, and other addresses pass.
      await signInFrom(clientId, "192.0.2.200");
      await signInFrom(clientId, "198.51.100.1");
      const events = (await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "fox" }))).AuthEvents ?? [];
      expect(events.slice(0, 4).map((e) => `${e.EventResponse}:${e.EventRisk?.RiskDecision}:${e.EventContextData?.IpAddress}`)).toEqual([
        "Pass:NoRisk:198.51.100.1",
        "Pass:NoRisk:192.0.2.200",
        "Fail:Block:2001:db8::1",
        "Fail:Block:192.0.2.7",
      ]);
    });

    it("only audits in AUDIT mode", async () => {
      const poolId = await pool(THREAT_PROTECTION);
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "fox");
      await h.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] } }));
      const signedIn = await signInFrom(clientId, "192.0.2.7");
      expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
      const events = (await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "fox" }))).AuthEvents ?? [];
      expect(`${events[0]?.EventType}:${events[0]?.EventResponse}:${events[0]?.EventContextData?.IpAddress}`).toBe("SignIn:Pass:192.0.2.7");
    });
  });

  describe("auth events", () => {
    it("records sign-up, failed and passed sign-ins, password reset and change, newest first", async () => {
      const poolId = await pool(THREAT_PROTECTION);
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "cai");
      const start = h.clock.now();
      h.clock.advance(1000);
      expect((await errorOf(signIn(clientId, "cai", "Wrong0ne!"))).name).toBe("NotAuthorizedException");
      h.clock.advance(1000);
      const tokens = await signIn(clientId, "cai");
      h.clock.advance(1000);
      await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: tokens.AuthenticationResult?.RefreshToken ?? "" } }));
      await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "cai" }));
      h.clock.advance(1000);
      await h.client.send(new ChangePasswordCommand({ AccessToken: tokens.AuthenticationResult?.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: "N3wPassw0rd!" }));

      const events = (await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "cai" }))).AuthEvents ?? [];
      expect(events.map((e) => `${e.EventType}:${e.EventResponse}`)).toEqual(["PasswordChange:Pass", "ForgotPassword:Pass", "SignIn:Pass", "SignIn:Fail", "SignUp:Pass"]);
      const passed = events[2];
      expect(passed?.EventId).toBe(decodeJwt(tokens.AuthenticationResult?.AccessToken ?? "").event_id);
      expect(passed).toMatchObject({ CreationDate: new Date(start + 2000), EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false }, ChallengeResponses: [{ ChallengeName: "Password", ChallengeResponse: "Success" }] });
      expect(events[3]?.ChallengeResponses).toEqual([{ ChallengeName: "Password", ChallengeResponse: "Failure" }]);
    });

    it("pages with MaxResults and NextToken", async () => {
      const poolId = await pool(THREAT_PROTECTION);
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "dan");
      for (let i = 0; i < 3; i++) await signIn(clientId, "dan");
      const first = await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "dan", MaxResults: 3 }));
      expect(first.AuthEvents).toHaveLength(3);
      const second = await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "dan", MaxResults: 3, NextToken: first.NextToken }));
      expect(second.AuthEvents?.map((e) => e.EventType)).toEqual(["SignUp"]);
      expect(second.NextToken).toBeUndefined();
      expect((await errorOf(h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "nobody" })))).name).toBe("UserNotFoundException");
    });

    it("takes feedback from an administrator and from the user with the event's token", async () => {
      const poolId = await pool(THREAT_PROTECTION);
      const clientId = await client(poolId);
      await signedUp(poolId, clientId, "eli");
      const tokens = await signIn(clientId, "eli");
      const eventId = String(decodeJwt(tokens.AuthenticationResult?.AccessToken ?? "").event_id);
      h.clock.advance(5000);
      const at = h.clock.now();
      await h.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "eli", EventId: eventId, FeedbackValue: "Invalid" }));
      const listed = async () => (await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "eli" }))).AuthEvents?.find((e) => e.EventId === eventId);
      expect((await listed())?.EventFeedback).toEqual({ FeedbackValue: "Invalid", Provider: "Admin", FeedbackDate: new Date(at) });

      const line = h.lines.find((l) => l.includes(`event ${eventId} `)) ?? "";
      const feedbackToken = line.slice(line.lastIndexOf(" ") + 1);
      expect((await errorOf(h.client.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "eli", EventId: eventId, FeedbackToken: "wrong", FeedbackValue: "Valid" })))).name).toBe("NotAuthorizedException");
      await h.client.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "eli", EventId: eventId, FeedbackToken: feedbackToken, FeedbackValue: "Valid" }));
      expect((await listed())?.EventFeedback).toMatchObject({ FeedbackValue: "Valid", Provider: "User" });
      expect((await errorOf(h.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "eli", EventId: "no-such-event", FeedbackValue: "Valid" })))).name).toBe("ResourceNotFoundException");
    });
  });
});

describe("Cognito pool extras on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-extras-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the signing certificate, UI customization, branding, risk configuration and auth events across a restart", async () => {
    const clock = new VirtualClock(NOW);
    const first = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = await newPool(first.client, THREAT_PROTECTION);
    const clientId = await newClient(first.client, poolId);
    await first.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `kept-${randomUUID().slice(0, 8)}` }));
    const certificate = (await first.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate;
    await first.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: ".banner-customizable {padding: 25px 0px 25px 0px;}" }));
    const brandingId = (await first.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }))).ManagedLoginBranding?.ManagedLoginBrandingId;
    await first.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24"] } }));
    await first.client.send(new SignUpCommand({ ClientId: clientId, Username: "kim", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "kim@example.com" }] }));
    await first.close();

    const second = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      expect((await second.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate).toBe(certificate);
      expect((await second.client.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization?.CSS).toBe(".banner-customizable {padding: 25px 0px 25px 0px;}");
      expect((await second.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }))).ManagedLoginBranding?.ManagedLoginBrandingId).toBe(brandingId);
      expect((await second.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration?.RiskExceptionConfiguration).toEqual({ BlockedIPRangeList: ["198.51.100.0/24"] });
      expect((await second.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "kim" }))).AuthEvents?.map((e) => e.EventType)).toEqual(["SignUp"]);
    } finally {
      await second.close();
    }
  });
});
