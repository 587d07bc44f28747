/**
 * CreateUserPool / UpdateUserPool as Terraform's aws_cognito_user_pool sends them (aws-sdk-go-v2):
 * a PasswordPolicy whose false members are left out, a standard attribute with its own lengths, and
 * tags set with TagResource before an UpdateUserPool that names none. Each is read back as AWS
 * answers it, so a second `terraform plan` finds nothing to change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { errorOf, startCognito, type Harness } from "./helpers.js";

describe("what Terraform's aws_cognito_user_pool sends", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito();
  });

  afterAll(() => h.close());

  it("a PasswordPolicy's left-out Require* members are false (the model's default), not the default policy's true", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({
      PoolName: "tf-policy",
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireLowercase: true, RequireNumbers: true, RequireUppercase: true, TemporaryPasswordValidityDays: 3 } },
    }));
    const id = pool.UserPool?.Id ?? "";
    expect(pool.UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 10, RequireLowercase: true, RequireNumbers: true, RequireUppercase: true, RequireSymbols: false, TemporaryPasswordValidityDays: 3 });
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: "alice", MessageAction: "SUPPRESS" }));
    // No symbol needed; the length still is.
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: "alice", Password: "Passw0rdPassw0rd", Permanent: true }));
    expect(await errorOf(h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: "alice", Password: "Passw0rd", Permanent: true })))).toMatchObject({
      name: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough",
    });
    // A policy given with nothing at all requires no character class and lasts 7 days.
    await h.client.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: {} } }));
    const bare = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(bare.UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireLowercase: false, RequireNumbers: false, RequireUppercase: false, RequireSymbols: false, TemporaryPasswordValidityDays: 7 });
    // No PasswordPolicy at all is AWS's default policy, every class required.
    const plain = await h.client.send(new CreateUserPoolCommand({ PoolName: "tf-default" }));
    expect(plain.UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireLowercase: true, RequireNumbers: true, RequireUppercase: true, RequireSymbols: true });
  });

  it("a standard attribute keeps the lengths CreateUserPool gave it", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({
      PoolName: "tf-schema",
      Schema: [
        { Name: "email", AttributeDataType: "String", Required: true, Mutable: true, StringAttributeConstraints: { MinLength: "5", MaxLength: "254" } },
        { Name: "name", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MaxLength: "100" } },
        { Name: "tenant", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "64" } },
      ],
    }));
    const attributes = pool.UserPool?.SchemaAttributes ?? [];
    expect(attributes.find((a) => a.Name === "email")).toEqual({
      Name: "email", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: true, StringAttributeConstraints: { MinLength: "5", MaxLength: "254" },
    });
    expect(attributes.find((a) => a.Name === "name")?.StringAttributeConstraints).toEqual({ MinLength: "0", MaxLength: "100" });
    expect(attributes.find((a) => a.Name === "given_name")?.StringAttributeConstraints).toEqual({ MinLength: "0", MaxLength: "2048" });
    expect(attributes.find((a) => a.Name === "custom:tenant")?.StringAttributeConstraints).toEqual({ MinLength: "1", MaxLength: "64" });
  });

  it("tags set with TagResource stay through an UpdateUserPool that names no UserPoolTags", async () => {
    const pool = await h.client.send(new CreateUserPoolCommand({ PoolName: "tf-tags", UserPoolTags: { env: "dev" } }));
    const arn = pool.UserPool?.Arn ?? "";
    await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: "prod" } }));
    await h.client.send(new UpdateUserPoolCommand({ UserPoolId: pool.UserPool?.Id, MfaConfiguration: "OFF" }));
    expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.UserPool?.Id }))).UserPool?.UserPoolTags).toEqual({ env: "prod" });
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ env: "prod" });
    // UserPoolTags given to UpdateUserPool replace them.
    await h.client.send(new UpdateUserPoolCommand({ UserPoolId: pool.UserPool?.Id, UserPoolTags: { team: "a" } }));
    expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.UserPool?.Id }))).UserPool?.UserPoolTags).toEqual({ team: "a" });
  });
});
