/**
 * The AWS CLI's own cognito-idp examples (aws/aws-cli, awscli/examples/cognito-idp/<command>.rst: a
 * command and the JSON AWS answered), replayed through the AWS SDK v3 against a Cognito service on a
 * free port; each case names its example. Ids, accounts and dates are the author's, not compared.
 */
import {
  CreateIdentityProviderCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, CreateUserPoolDomainCommand, DescribeIdentityProviderCommand, DescribeUserPoolClientCommand,
  DescribeUserPoolDomainCommand, GetUICustomizationCommand, SetUICustomizationCommand, UpdateIdentityProviderCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCognito, type Harness } from "./helpers.js";

let h: Harness;
let poolId: string;
beforeAll(async () => {
  h = await startCognito();
  poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "MyUserPool" }))).UserPool?.Id ?? "";
});
afterAll(async () => {
  await h.close();
});

describe("create-user-pool-client.rst", () => {
  it("a Pinpoint project named by ApplicationArn is published to through Cognito's service-linked role, named as RoleArn", async () => {
    const ApplicationArn = "arn:aws:mobiletargeting:us-west-2:767671399759:apps/thisisanexamplepinpointapplicationid";
    const created = await h.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: "MyTestClient", GenerateSecret: true, AnalyticsConfiguration: { ApplicationArn, UserDataShared: true },
      PreventUserExistenceErrors: "ENABLED", EnableTokenRevocation: true, EnablePropagateAdditionalUserContextData: true, AuthSessionValidity: 4,
    }));
    const analytics = {
      ApplicationArn, UserDataShared: true,
      RoleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\/aws-service-role\/cognito-idp\.amazonaws\.com\/AWSServiceRoleForAmazonCognitoIdp$/),
    };
    expect(created.UserPoolClient?.AnalyticsConfiguration).toEqual(analytics);
    const described = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.UserPoolClient?.ClientId }));
    expect(described.UserPoolClient?.AnalyticsConfiguration).toEqual(analytics);
  });

  it("a configuration naming its own role keeps it", async () => {
    const AnalyticsConfiguration = { ApplicationId: "abcdef0123456789", RoleArn: "arn:aws:iam::123456789012:role/pinpoint", ExternalId: "x", UserDataShared: false };
    const created = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "own-role", AnalyticsConfiguration }));
    expect(created.UserPoolClient?.AnalyticsConfiguration).toEqual(AnalyticsConfiguration);
  });
});

describe("create-identity-provider.rst (Example 2: a SAML provider from a metadata file)", () => {
  // The example's metadata file, its signing certificate left out.
  const METADATA = [
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.example.com/sso">',
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://www.example.com/slo/saml"/>',
    '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://www.example.com/slo/saml"/>',
    "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>",
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://www.example.com/sso/saml"/>',
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://www.example.com/sso/saml"/>',
    "</md:IDPSSODescriptor></md:EntityDescriptor>",
  ].join("");

  it("names the redirect-binding endpoints of the metadata and, for encrypted responses, the pool's encryption certificate", async () => {
    const created = await h.client.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: "MySAML2", ProviderType: "SAML",
      ProviderDetails: { MetadataFile: METADATA, IDPSignout: "true", RequestSigningAlgorithm: "rsa-sha256", EncryptedResponses: "true", IDPInit: "true" },
      AttributeMapping: { email: "idp_email", email_verified: "idp_email_verified" }, IdpIdentifiers: ["platform"],
    }));
    expect(created.IdentityProvider).toEqual({
      UserPoolId: poolId, ProviderName: "MySAML2", ProviderType: "SAML",
      ProviderDetails: {
        ActiveEncryptionCertificate: expect.stringMatching(/^MII[A-Za-z0-9+/]+=*$/), EncryptedResponses: "true", IDPInit: "true", IDPSignout: "true", MetadataFile: METADATA,
        RequestSigningAlgorithm: "rsa-sha256", SLORedirectBindingURI: "https://www.example.com/slo/saml", SSORedirectBindingURI: "https://www.example.com/sso/saml",
      },
      AttributeMapping: { email: "idp_email", email_verified: "idp_email_verified" }, IdpIdentifiers: ["platform"], LastModifiedDate: expect.any(Date), CreationDate: expect.any(Date),
    });
    const described = await h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "MySAML2" }));
    expect(described.IdentityProvider?.ProviderDetails).toEqual(created.IdentityProvider?.ProviderDetails);
  });

  it("a provider without encrypted responses names no certificate; an update reads its new metadata", async () => {
    await h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Plain", ProviderType: "SAML", ProviderDetails: { MetadataFile: METADATA } }));
    const moved = METADATA.replaceAll("https://www.example.com/sso/saml", "https://idp.example.org/sso");
    const updated = await h.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Plain", ProviderDetails: { MetadataFile: moved } }));
    expect(updated.IdentityProvider?.ProviderDetails).toEqual({
      MetadataFile: moved, SLORedirectBindingURI: "https://www.example.com/slo/saml", SSORedirectBindingURI: "https://idp.example.org/sso",
    });
  });
});

describe("set-ui-customization.rst, get-ui-customization.rst", () => {
  it("answers the customization with its CSSVersion (yyyyMMddHHmmss) in the ImageUrl, and no dates", async () => {
    const poolId2 = (await h.client.send(new CreateUserPoolCommand({ PoolName: "branded" }))).UserPool?.Id ?? "";
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId2, Domain: `branded-${poolId2.slice(-8).toLowerCase()}` }));
    const clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId2, ClientName: "web" }))).UserPoolClient?.ClientId ?? "";
    const CSS = ".logo-customizable {\n\tmax-width: 60%;\n\tmax-height: 30%;\n}\n.banner-customizable {\n\tpadding: 25px 0px 25px 0px;\n\tbackground-color: lightgray;\n}\n";
    const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const set = await h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId2, ClientId: clientId, CSS, ImageFile: new Uint8Array(Buffer.from(PNG, "base64")) }));
    const version = new Date(h.clock.now()).toISOString().slice(0, 19).replace(/\D/g, "");
    expect(set.UICustomization).toEqual({ UserPoolId: poolId2, ClientId: clientId, ImageUrl: expect.stringContaining(`/${clientId}/${version}/`), CSS, CSSVersion: version });
    expect((await h.client.send(new GetUICustomizationCommand({ UserPoolId: poolId2, ClientId: clientId }))).UICustomization).toEqual(set.UICustomization);
  });
});

describe("describe-user-pool-domain.rst", () => {
  it("a prefix domain is described with an empty CustomDomainConfig", async () => {
    const poolId3 = (await h.client.send(new CreateUserPoolCommand({ PoolName: "prefixed" }))).UserPool?.Id ?? "";
    const Domain = `my-domain-${poolId3.slice(-8).toLowerCase()}`;
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId3, Domain }));
    expect((await h.client.send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription).toEqual({
      UserPoolId: poolId3, AWSAccountId: expect.stringMatching(/^\d{12}$/), Domain, S3Bucket: expect.any(String), CloudFrontDistribution: expect.stringMatching(/\.cloudfront\.net$/),
      Version: expect.stringMatching(/^\d{14}$/), Status: "ACTIVE", CustomDomainConfig: {},
    });
  });
});
