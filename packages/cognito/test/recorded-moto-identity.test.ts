/**
 * moto's identity pool tests (getmoto/moto tests/test_cognitoidentity/test_cognitoidentity.py) replayed
 * through the AWS SDK v3, with AWS's answers where moto's differ: an id that is no identity pool id is
 * refused by AWS's model pattern before any lookup, and an unknown pool is "IdentityPool '<id>' not found."
 * (the text AWS's SDKs quote, aws-sdk-android-samples#163).
 */
import {
  CreateIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  ListIdentitiesCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "./helpers.js";
import { startIdentity, type IdentityHarness } from "./identityHelpers.js";

describe("moto's identity pool tests (test_cognitoidentity.py)", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity();
  });
  afterAll(() => h.close());

  it("test_create_identity_pool_invalid_name: AWS's model pattern, ValidationException", async () => {
    for (const name of ["pool#name", "with!excl", "with?quest"]) {
      const e = await errorOf(h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: false })));
      expect(e).toEqual({
        name: "ValidationException",
        message: `1 validation error detected: Value '${name}' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+`,
        status: 400,
      });
    }
  });

  it("test_create_identity_pool_valid_name", async () => {
    for (const name of ["x", "pool-", "pool_name", "with space"]) {
      const created = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: false }));
      expect(created.IdentityPoolName).toBe(name);
    }
  });

  it("test_create_identity_pool, test_describe_identity_pool: every member comes back as given", async () => {
    const input = {
      IdentityPoolName: "TestPool",
      AllowUnauthenticatedIdentities: false,
      SupportedLoginProviders: { "graph.facebook.com": "123456789012345" },
      DeveloperProviderName: "devname",
      OpenIdConnectProviderARNs: ["arn:aws:iam::000000000000:oidc-provider/example.com"],
      CognitoIdentityProviders: [{ ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123", ClientId: "CLIENT12345", ServerSideTokenCheck: true }],
      SamlProviderARNs: ["arn:aws:iam::000000000000:saml-provider/corp"],
    };
    const created = await h.client.send(new CreateIdentityPoolCommand(input));
    expect(created.IdentityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const { $metadata, ...described } = await h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
    expect($metadata.httpStatusCode).toBe(200);
    expect(described).toEqual({ ...input, IdentityPoolId: created.IdentityPoolId, IdentityPoolTags: {} });
  });

  it("test_update_identity_pool: SupportedLoginProviders added to, then emptied; the answer is what Describe shows", async () => {
    const created = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "TestPool", AllowUnauthenticatedIdentities: false, SupportedLoginProviders: { "graph.facebook.com": "123456789012345" } }));
    const id = created.IdentityPoolId;
    const steps: Array<Record<string, string>> = [{ "graph.facebook.com": "123456789012345", "accounts.google.com": "00000000" }, {}];
    for (const providers of steps) {
      const updated = await h.client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: "TestPool", AllowUnauthenticatedIdentities: false, SupportedLoginProviders: providers }));
      expect(updated.SupportedLoginProviders).toEqual(providers);
      expect((await h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).SupportedLoginProviders).toEqual(providers);
    }
  });

  it("an update that leaves DeveloperProviderName out keeps it (terraform-provider-aws#49985, measured on AWS)", async () => {
    const created = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "dev", AllowUnauthenticatedIdentities: false, DeveloperProviderName: "login.example.app" }));
    const renamed = await h.client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: false }));
    expect(renamed).toMatchObject({ IdentityPoolName: "renamed", DeveloperProviderName: "login.example.app" });
    expect((await h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }))).DeveloperProviderName).toBe("login.example.app");
  });

  it("test_describe_identity_pool_with_invalid_id_raises_error: AWS's model refuses the id; an unknown pool is ResourceNotFoundException", async () => {
    const invalid = await errorOf(h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: "us-west-2_non-existent" })));
    expect(invalid).toEqual({
      name: "ValidationException",
      message: "1 validation error detected: Value 'us-west-2_non-existent' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
      status: 400,
    });
    const id = "us-east-1:00000000-0000-4000-8000-000000000000";
    expect(await errorOf(h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })))).toEqual({ name: "ResourceNotFoundException", message: `IdentityPool '${id}' not found.`, status: 400 });
  });

  it("test_get_id, test_list_identities, test_get_open_id_token: a guest identity is listed and gets a token", async () => {
    const created = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "test_identity_pool", AllowUnauthenticatedIdentities: true }));
    const { IdentityId } = await h.client.send(new GetIdCommand({ AccountId: "000000000000", IdentityPoolId: created.IdentityPoolId }));
    expect(IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const listed = await h.client.send(new ListIdentitiesCommand({ IdentityPoolId: created.IdentityPoolId, MaxResults: 60 }));
    expect(listed.IdentityPoolId).toBe(created.IdentityPoolId);
    expect(listed.Identities?.map((i) => i.IdentityId)).toEqual([IdentityId]);
    const token = await h.client.send(new GetOpenIdTokenCommand({ IdentityId }));
    expect(token.IdentityId).toBe(IdentityId);
    expect(token.Token?.split(".")).toHaveLength(3);
    // A login of a provider the pool does not support is refused, not given an identity.
    const unsupported = await errorOf(h.client.send(new GetIdCommand({ IdentityPoolId: created.IdentityPoolId, Logins: { someurl: "12345" } })));
    expect(unsupported.name).toBe("NotAuthorizedException");
  });
});
