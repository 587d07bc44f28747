import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetIdentityProviderByIdentifierCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolDomainCommand,
  VerifyUserAttributeCommand,
  type AttributeType,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Passw0rd!";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

describe("Cognito user pool gaps", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0)) });
  });
  afterAll(() => h.close());

  async function pool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    return (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
  }

  async function schemaOf(poolId: string) {
    return (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.SchemaAttributes ?? [];
  }

  describe("AddCustomAttributes", () => {
    // API reference AddCustomAttributes; awscli example add-custom-attributes (CustomAttr1, String, 1–15 characters).
    it("adds custom attributes that DescribeUserPool lists and users can hold", async () => {
      const poolId = await pool();
      await h.client.send(
        new AddCustomAttributesCommand({
          UserPoolId: poolId,
          CustomAttributes: [
            { Name: "CustomAttr1", AttributeDataType: "String", DeveloperOnlyAttribute: false, Required: false, StringAttributeConstraints: { MinLength: "1", MaxLength: "15" } },
            { Name: "secret", AttributeDataType: "Number", DeveloperOnlyAttribute: true },
          ],
        }),
      );
      const schema = await schemaOf(poolId);
      expect(schema).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Name: "custom:CustomAttr1", AttributeDataType: "String", Mutable: true, Required: false, StringAttributeConstraints: { MinLength: "1", MaxLength: "15" } }),
          expect.objectContaining({ Name: "dev:custom:secret", AttributeDataType: "Number", DeveloperOnlyAttribute: true }),
        ]),
      );
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "u", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "custom:CustomAttr1", Value: "gold" }] }));
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "u" }));
      expect(user.UserAttributes).toContainEqual({ Name: "custom:CustomAttr1", Value: "gold" });
    });

    // AWS's text, quoted in serverless-cognito-add-custom-attributes#3; moto test_add_custom_attributes_existing_attribute (dev: prefix).
    it("refuses a name the schema already has", async () => {
      const poolId = await pool({ Schema: [{ Name: "tier", AttributeDataType: "String" }, { Name: "banana", AttributeDataType: "String", DeveloperOnlyAttribute: true }] });
      const again = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "tier", AttributeDataType: "String" }] })));
      expect(again).toEqual({ name: "InvalidParameterException", message: "custom:tier: Existing attribute already has name custom:tier.", status: 400 });
      const dev = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "banana", AttributeDataType: "String" }] })));
      expect(dev.message).toBe("custom:banana: Existing attribute already has name dev:custom:banana.");
      const twice = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "x", AttributeDataType: "String" }, { Name: "x", AttributeDataType: "String" }] })));
      expect(twice.message).toBe("custom:x: Existing attribute already has name custom:x.");
      expect((await schemaOf(poolId)).some((a) => a.Name === "custom:x")).toBe(false);
    });

    // The model's limits: 1–25 attributes, names of 1–20 characters; an unknown pool.
    it("refuses what the API reference's limits exclude", async () => {
      const poolId = await pool();
      const none = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [] })));
      expect(none.name).toBe("InvalidParameterException");
      expect(none.message).toContain("customAttributes");
      const long = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "n".repeat(21), AttributeDataType: "String" }] })));
      expect(long.name).toBe("InvalidParameterException");
      const missing = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: "us-east-1_nothere00", CustomAttributes: [{ Name: "a", AttributeDataType: "String" }] })));
      expect(missing).toEqual({ name: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.", status: 400 });
    });
  });

  describe("UpdateUserPoolDomain", () => {
    // awscli example update-user-pool-domain: a custom domain's certificate and branding version; output CloudFrontDomain and ManagedLoginVersion.
    it("changes a custom domain's certificate and managed login version", async () => {
      const poolId = await pool();
      const domain = `auth-${randomUUID().slice(0, 8)}.example.com`;
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, CustomDomainConfig: { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/old" }, ManagedLoginVersion: 1 }));
      const updated = await h.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: CERTIFICATE } }));
      expect(updated.ManagedLoginVersion).toBe(2);
      expect(updated.CloudFrontDomain).toMatch(/\.cloudfront\.net$/);
      const described = (await h.client.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription;
      expect(described).toMatchObject({ UserPoolId: poolId, Domain: domain, ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: CERTIFICATE } });
    });

    it("changes a prefix domain's managed login version", async () => {
      const poolId = await pool();
      const domain = `prefix-${randomUUID().slice(0, 8)}`;
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
      const updated = await h.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, ManagedLoginVersion: 2 }));
      expect(updated).toMatchObject({ ManagedLoginVersion: 2 });
      expect(updated.CloudFrontDomain).toBeUndefined();
      expect((await h.client.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription?.ManagedLoginVersion).toBe(2);
    });

    it("refuses a domain the pool does not have", async () => {
      const poolId = await pool();
      const refused = await errorOf(h.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "not-mine", ManagedLoginVersion: 2 })));
      expect(refused).toEqual({ name: "InvalidParameterException", message: "No such domain or user pool exists.", status: 400 });
      const noPool = await errorOf(h.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: "us-east-1_nothere00", Domain: "x", ManagedLoginVersion: 2 })));
      expect(noPool.name).toBe("ResourceNotFoundException");
    });
  });

  describe("UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate", () => {
    const OLD: AttributeType[] = [{ Name: "email", Value: "old@example.com" }, { Name: "email_verified", Value: "true" }];

    async function signedIn(poolId: string, username: string, attributes: AttributeType[]) {
      const clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "c", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS", UserAttributes: attributes }));
      await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
      const auth = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
      return auth.AuthenticationResult?.AccessToken ?? "";
    }

    const emailOf = async (poolId: string, username: string) => {
      const attributes = (await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes ?? [];
      return { email: attributes.find((a) => a.Name === "email")?.Value, verified: attributes.find((a) => a.Name === "email_verified")?.Value };
    };

    // API reference UserAttributeUpdateSettingsType: "Amazon Cognito doesn't change the value of the attribute until your user
    // responds to the verification message and confirms the new value" — the code goes to the new address.
    it("keeps the old verified email until VerifyUserAttribute confirms the new one", async () => {
      const poolId = await pool({ AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] } });
      const AccessToken = await signedIn(poolId, "u", OLD);
      const changed = await h.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: "new@example.com" }] }));
      expect(changed.CodeDeliveryDetailsList).toEqual([{ Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" }]);
      expect(await emailOf(poolId, "u")).toEqual({ email: "old@example.com", verified: "true" });
      const own = (await h.client.send(new GetUserCommand({ AccessToken }))).UserAttributes ?? [];
      expect(own).toContainEqual({ Name: "email", Value: "old@example.com" });

      const resent = await h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
      expect(resent.CodeDeliveryDetails).toEqual({ Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
      const wrong = await errorOf(h.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: "000000" })));
      expect(wrong.name).toBe("CodeMismatchException");
      expect(await emailOf(poolId, "u")).toEqual({ email: "old@example.com", verified: "true" });

      await h.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: h.codeFor("u") }));
      expect(await emailOf(poolId, "u")).toEqual({ email: "new@example.com", verified: "true" });
    });

    // "You can also call the AdminUpdateUserAttributes API and set email_verified or phone_number_verified to true."
    it("applies an admin update that sets email_verified to true at once", async () => {
      const poolId = await pool({ AutoVerifiedAttributes: ["email"], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] } });
      await signedIn(poolId, "a", OLD);
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "a", UserAttributes: [{ Name: "email", Value: "held@example.com" }] }));
      expect(await emailOf(poolId, "a")).toEqual({ email: "old@example.com", verified: "true" });
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "a", UserAttributes: [{ Name: "email", Value: "now@example.com" }, { Name: "email_verified", Value: "true" }] }));
      expect(await emailOf(poolId, "a")).toEqual({ email: "now@example.com", verified: "true" });
    });

    // "When AttributesRequireVerificationBeforeUpdate is false ... API operations that change attribute values can immediately update".
    it("without the setting the change applies at once, unverified", async () => {
      const poolId = await pool({ AutoVerifiedAttributes: ["email"] });
      const AccessToken = await signedIn(poolId, "v", OLD);
      await h.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: "new@example.com" }] }));
      expect(await emailOf(poolId, "v")).toEqual({ email: "new@example.com", verified: "false" });
    });
  });
});

describe("Cognito user pool identity providers", () => {
  let h: Harness;
  let poolId: string;
  const OIDC = { client_id: "abc", client_secret: "shh", attributes_request_method: "GET", oidc_issuer: "https://issuer.example.com", authorize_scopes: "openid email" };

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0)) });
    poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "federated" }))).UserPool?.Id ?? "";
  });
  afterAll(() => h.close());

  // API reference CreateIdentityProvider / DescribeIdentityProvider / UpdateIdentityProvider / ListIdentityProviders /
  // GetIdentityProviderByIdentifier / DeleteIdentityProvider: stored as given, listed without details.
  it("stores, describes, updates, lists, finds by identifier and deletes a provider", async () => {
    const created = await h.client.send(
      new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp", ProviderType: "OIDC", ProviderDetails: OIDC, AttributeMapping: { email: "email" }, IdpIdentifiers: ["corp.example.com"] }),
    );
    expect(created.IdentityProvider).toMatchObject({ UserPoolId: poolId, ProviderName: "Corp", ProviderType: "OIDC", ProviderDetails: OIDC, AttributeMapping: { email: "email" }, IdpIdentifiers: ["corp.example.com"] });
    expect(created.IdentityProvider?.CreationDate).toEqual(new Date(Date.UTC(2026, 10, 26, 6, 0, 0)));

    await h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Google", ProviderType: "Google", ProviderDetails: { client_id: "g", client_secret: "s", authorize_scopes: "profile" } }));
    h.clock.advance(60_000);
    const updated = await h.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp", AttributeMapping: { email: "email", name: "name" } }));
    expect(updated.IdentityProvider).toMatchObject({ ProviderDetails: OIDC, AttributeMapping: { email: "email", name: "name" }, IdpIdentifiers: ["corp.example.com"] });
    expect(updated.IdentityProvider?.LastModifiedDate).toEqual(new Date(Date.UTC(2026, 10, 26, 6, 1, 0)));

    const described = await h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp" }));
    expect(described.IdentityProvider?.AttributeMapping).toEqual({ email: "email", name: "name" });
    const byId = await h.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: "corp.example.com" }));
    expect(byId.IdentityProvider?.ProviderName).toBe("Corp");

    const first = await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 1 }));
    expect(first.Providers).toEqual([{ ProviderName: "Corp", ProviderType: "OIDC", CreationDate: expect.any(Date), LastModifiedDate: expect.any(Date) }]);
    const second = await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }));
    expect(second.Providers?.map((p) => p.ProviderName)).toEqual(["Google"]);
    expect(second.NextToken).toBeUndefined();

    await h.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp" }));
    expect((await errorOf(h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp" })))).name).toBe("ResourceNotFoundException");
    expect((await errorOf(h.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: "corp.example.com" })))).name).toBe("ResourceNotFoundException");
    expect((await errorOf(h.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp" })))).name).toBe("ResourceNotFoundException");
  });

  // DuplicateProviderException's text from CloudTrail (cloudformation-coverage-roadmap#1287); a social provider named
  // other than its type (aws-cli#3179).
  it("refuses a duplicate name and a social provider named other than its type", async () => {
    await h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Saml1", ProviderType: "SAML", ProviderDetails: { MetadataURL: "https://idp.example.com/metadata" } }));
    const again = await errorOf(h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Saml1", ProviderType: "SAML", ProviderDetails: { MetadataURL: "https://idp.example.com/metadata" } })));
    expect(again).toEqual({ name: "DuplicateProviderException", message: `Saml1 already exists in user pool ${poolId}`, status: 400 });
    const named = await errorOf(h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "NameOfGP", ProviderType: "Google", ProviderDetails: { client_id: "g" } })));
    expect(named).toEqual({ name: "InvalidParameterException", message: "Provider NameOfGP cannot be of type Google.", status: 400 });
    const badType = await errorOf(h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "X1", ProviderType: "Okta" as "OIDC", ProviderDetails: {} })));
    expect(badType.name).toBe("InvalidParameterException");
  });
});
