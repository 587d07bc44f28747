/**
 * What a third-party SDK conformance sweep of user pools found missing or unlike AWS: a pool's
 * second prefix domain, GetCSVHeader, and tagging a pool by its ARN.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddCustomAttributesCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetCSVHeaderCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { errorOf, startCognito, type Harness } from "./helpers.js";

describe("user pools through the SDK", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito();
  });

  afterAll(() => h.close());

  async function pool(input: { tags?: Record<string, string> } = {}): Promise<{ id: string; arn: string }> {
    const { UserPool } = await h.client.send(new CreateUserPoolCommand({ PoolName: "conformance", ...(input.tags ? { UserPoolTags: input.tags } : {}) }));
    return { id: String(UserPool?.Id), arn: String(UserPool?.Arn) };
  }

  describe("CreateUserPoolDomain", () => {
    it("answers a prefix domain with a blank response and refuses a second prefix domain for the same pool", async () => {
      const { id } = await pool();
      const created = await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "first-prefix" }));
      expect(created.CloudFrontDomain).toBeUndefined();

      const second = await errorOf(h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "second-prefix" })));
      expect(second).toEqual({ name: "InvalidParameterException", message: "User pool already has a domain configured.", status: 400 });
      expect((await h.client.send(new DescribeUserPoolDomainCommand({ Domain: "first-prefix" }))).DomainDescription?.UserPoolId).toBe(id);
      expect((await h.client.send(new DescribeUserPoolDomainCommand({ Domain: "second-prefix" }))).DomainDescription).toEqual({});
    });

    it("accepts a new prefix once the pool's domain is deleted", async () => {
      const { id } = await pool();
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "old-prefix" }));
      await h.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: id, Domain: "old-prefix" }));
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "new-prefix" }));
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool?.Domain).toBe("new-prefix");
    });
  });

  describe("GetCSVHeader", () => {
    it("lists the pool's attributes without sub, custom ones after the standard ones, then the import columns", async () => {
      const { id } = await pool();
      await h.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: "joinedOn", AttributeDataType: "String" }] }));
      const header = await h.client.send(new GetCSVHeaderCommand({ UserPoolId: id }));
      expect(header.UserPoolId).toBe(id);
      expect(header.CSVHeader).toEqual([
        "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
        "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at",
        "custom:joinedOn", "cognito:mfa_enabled", "cognito:username",
      ]);
    });

    it("answers an unknown pool with ResourceNotFoundException", async () => {
      const error = await errorOf(h.client.send(new GetCSVHeaderCommand({ UserPoolId: "us-east-1_nothere00" })));
      expect(error).toEqual({ name: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.", status: 400 });
    });
  });

  describe("TagResource, UntagResource, ListTagsForResource", () => {
    it("tags a pool by its ARN, and DescribeUserPool shows the same UserPoolTags", async () => {
      const { id, arn } = await pool({ tags: { Team: "identity" } });
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ Team: "identity" });

      await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { Environment: "test", Owner: "alice" } }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ Team: "identity", Environment: "test", Owner: "alice" });

      await h.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["Owner", "Team", "NotThere"] }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ Environment: "test" });
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool?.UserPoolTags).toEqual({ Environment: "test" });
    });

    it("answers the ARN of an unknown pool with ResourceNotFoundException", async () => {
      const arn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_nothere00";
      const missing = { name: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.", status: 400 };
      expect(await errorOf(h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn })))).toEqual(missing);
      expect(await errorOf(h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: "b" } })))).toEqual(missing);
      expect(await errorOf(h.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a"] })))).toEqual(missing);
    });
  });
});
