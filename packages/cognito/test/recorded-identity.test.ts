import { CreateIdentityPoolCommand, DescribeIdentityPoolCommand, UpdateIdentityPoolCommand } from "@aws-sdk/client-cognito-identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIdentity, type IdentityHarness } from "./identityHelpers.js";

// Compared with recorded AWS answers: a DescribeIdentityPool answer of 181 bytes
// ({"AllowClassicFlow":false,"AllowUnauthenticatedIdentities":true,"IdentityPoolId":…,
// "IdentityPoolName":"MyTrans","IdentityPoolTags":{}}) and the AWS CLI's create-identity-pool
// example (ServerSideTokenCheck false on each user-pool provider).
describe("recorded AWS answers: identity pools", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity();
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers an untagged pool with an empty IdentityPoolTags map", async () => {
    const created = await h.client.send(new CreateIdentityPoolCommand({ IdentityPoolName: "MyTrans", AllowUnauthenticatedIdentities: true, AllowClassicFlow: false }));
    expect(created.IdentityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const described = await h.client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
    const { $metadata, ...body } = described;
    expect($metadata.httpStatusCode).toBe(200);
    expect(body).toEqual({
      IdentityPoolId: created.IdentityPoolId,
      IdentityPoolName: "MyTrans",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      IdentityPoolTags: {},
    });
  });

  it("keeps given tags and answers each user-pool provider with ServerSideTokenCheck", async () => {
    const created = await h.client.send(new CreateIdentityPoolCommand({
      IdentityPoolName: "MyIdentityPool",
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_111111111", ClientId: "3n4b5urk1ft4fl3mg5e62d9ado" }],
      IdentityPoolTags: { team: "a" },
    }));
    expect(created.CognitoIdentityProviders).toEqual([
      { ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_111111111", ClientId: "3n4b5urk1ft4fl3mg5e62d9ado", ServerSideTokenCheck: false },
    ]);
    expect(created.IdentityPoolTags).toEqual({ team: "a" });
    const updated = await h.client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: false }));
    expect(updated.IdentityPoolName).toBe("renamed");
  });
});
