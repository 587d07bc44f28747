/**
 * The rest of moto's Cognito user pool tests (getmoto/moto tests/test_cognitoidp/test_cognitoidp.py,
 * the 2024 file with @cognitoidp_aws_verified), replayed through the AWS SDK v3 where AWS behaves as
 * moto asserts; recorded-moto.test.ts has the AWS-verified ones, recorded-moto2.test.ts those about
 * recovery, attribute permissions and aliases. Where moto's text is its own (AWS answered otherwise in a
 * recorded report), the case asserts AWS's and says so.
 */
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddCustomAttributesCommand,
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteGroupCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetGroupCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateGroupCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type AuthFlowType,
  type CreateUserPoolCommandInput,
  type CreateUserPoolCommandOutput,
  type CreateUserPoolClientCommandInput,
  type SchemaAttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "P2$Sword";
const RECOVERY = [{ Name: "verified_email" as const, Priority: 1 }];
const CUSTOM_SCHEMA: SchemaAttributeType[] = [
  { Name: "string", AttributeDataType: "String" },
  { Name: "number", AttributeDataType: "Number" },
  { Name: "string_no_min", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "10" } },
  { Name: "number_no_max", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "10" } },
  { Name: "banana", AttributeDataType: "String", DeveloperOnlyAttribute: true },
  { Name: "foo", AttributeDataType: "String", Mutable: true, Required: false },
];
const ADMIN_FLOWS: CreateUserPoolClientCommandInput["ExplicitAuthFlows"] = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

describe("moto's Cognito user pool tests (test_cognitoidp.py), the rest", () => {
  let h: Harness;
  // A pool costs two RSA keys: the cases share five, each kept apart by its own names.
  let shared: CreateUserPoolCommandOutput["UserPool"];
  /** Custom attributes, a lenient password policy, a PreSignUp trigger and a recovery setting. */
  let custom: string;
  /** A pool whose clients, providers, groups and resource servers the paging cases count. */
  let counted: string;
  /** Email or phone number as the username. */
  let byEmail: string;
  /** The users test_list_users_inherent_attributes filters. */
  let inherent: string;
  let sharedClient: string;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 2, 30, 0)) });
    shared = (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID() }))).UserPool;
    sharedClient = (await appClient(shared?.Id ?? "")).clientId;
    custom = await pool({
      Schema: CUSTOM_SCHEMA,
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false } },
      // A trigger only CUSTOM_AUTH runs: the function does not exist, and the users made here never sign in that way.
      LambdaConfig: { DefineAuthChallenge: "arn:aws:lambda:us-east-1:000000000000:function:define" },
      AccountRecoverySetting: { RecoveryMechanisms: RECOVERY },
    });
    counted = await pool();
    byEmail = await pool({ UsernameAttributes: ["email", "phone_number"] });
    inherent = await pool();
  });
  afterAll(() => h.close());

  async function pool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    return (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
  }

  async function appClient(poolId: string, input: Partial<CreateUserPoolClientCommandInput> = {}) {
    const created = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: randomUUID(), ExplicitAuthFlows: ADMIN_FLOWS, ...input }));
    return { clientId: created.UserPoolClient?.ClientId ?? "", secret: created.UserPoolClient?.ClientSecret };
  }

  async function users(poolId: string, names: string[]): Promise<void> {
    for (const name of names) await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name }));
  }

  /** A CONFIRMED user with PASSWORD, signed in through ADMIN_USER_PASSWORD_AUTH. */
  async function signedIn(poolId: string, clientId: string, username: string) {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "Temp-pass1!", MessageAction: "SUPPRESS" }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const result = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
    return result.AuthenticationResult ?? {};
  }

  describe("user pools", () => {
    it("test_create_user_pool_should_have_all_default_attributes_in_schema: birthdate is 10 characters, as AWS's describe-user-pool answers show", async () => {
      const described = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: shared?.Id }));
      for (const schema of [shared?.SchemaAttributes, described.UserPool?.SchemaAttributes]) {
        const byName = new Map((schema ?? []).map((a): [string, SchemaAttributeType] => [a.Name ?? "", a]));
        // awscli/examples/cognito-idp/describe-user-pool.rst; amplify-js#6138 printed the same.
        expect(byName.get("birthdate")).toEqual({ Name: "birthdate", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: false, StringAttributeConstraints: { MinLength: "10", MaxLength: "10" } });
        expect(byName.get("sub")?.StringAttributeConstraints).toEqual({ MinLength: "1", MaxLength: "2048" });
        expect(byName.get("email")?.StringAttributeConstraints).toEqual({ MinLength: "0", MaxLength: "2048" });
        expect(byName.get("updated_at")?.NumberAttributeConstraints).toEqual({ MinValue: "0" });
        expect(byName.get("email_verified")).not.toHaveProperty("StringAttributeConstraints");
        expect([...byName.values()].every((a) => a.DeveloperOnlyAttribute === false)).toBe(true);
      }
    });

    it("test_create_user_pool_unknown_attribute_data_type: AWS's model check names the member (moto words it without)", async () => {
      const e = await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), Schema: [{ Name: "custom", AttributeDataType: "Banana" as never }] })));
      expect(e).toEqual({
        name: "InvalidParameterException",
        message: "1 validation error detected: Value 'Banana' at 'schema.1.member.attributeDataType' failed to satisfy constraint: Member must satisfy enum value set: [String, Number, DateTime, Boolean]",
        status: 400,
      });
    });

    it("test_create_user_pool_invalid_schema_values, _string_schema_max_length_over_2048, _min_bigger_than_max", async () => {
      const refused = async (attribute: SchemaAttributeType) => (await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), Schema: [attribute] })))).message;
      expect(await refused({ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "invalid_value" } })).toBe("Invalid StringAttributeConstraints for schema attribute email");
      expect(await refused({ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "invalid_value" } })).toBe("Invalid StringAttributeConstraints for schema attribute email");
      expect(await refused({ Name: "updated_at", AttributeDataType: "Number", NumberAttributeConstraints: { MaxValue: "invalid_value" } })).toBe("Invalid NumberAttributeConstraints for schema attribute updated_at");
      expect(await refused({ Name: "updated_at", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "invalid_value" } })).toBe("Invalid NumberAttributeConstraints for schema attribute updated_at");
      expect(await refused({ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "2049" } })).toBe("user.email: String attributes cannot have a length of more than 2048");
      expect(await refused({ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "2049" } })).toBe("user.email: String attributes cannot have a length of more than 2048");
      expect(await refused({ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "2", MaxLength: "1" } })).toBe("user.email: Max length cannot be less than min length.");
      expect(await refused({ Name: "updated_at", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "2", MaxValue: "1" } })).toBe("user.updated_at: Max value cannot be less than min value.");
    });

    it("test_create_user_pool_custom_attribute_defaults, _attribute_partial_schema, test_add_custom_attributes(_existing_attribute)", async () => {
      const created = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: custom }));
      const byName = new Map((created.UserPool?.SchemaAttributes ?? []).map((a): [string, SchemaAttributeType] => [a.Name ?? "", a]));
      expect(byName.get("custom:string")).toMatchObject({ DeveloperOnlyAttribute: false, Mutable: true });
      expect(byName.get("custom:number")).toMatchObject({ DeveloperOnlyAttribute: false, Mutable: true });
      expect(byName.get("custom:number")).not.toHaveProperty("NumberAttributeConstraints");
      expect(byName.get("custom:string_no_min")?.StringAttributeConstraints).toEqual({ MaxLength: "10" });
      expect(byName.get("custom:number_no_max")?.NumberAttributeConstraints).toEqual({ MinValue: "10" });
      const poolId = custom;
      await h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "added", AttributeDataType: "String" }] }));
      const described = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      expect(described.UserPool?.SchemaAttributes?.map((a) => a.Name)).toContain("custom:added");
      const again = await errorOf(h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "banana", AttributeDataType: "String", DeveloperOnlyAttribute: true }] })));
      expect(again).toEqual({ name: "InvalidParameterException", message: "custom:banana: Existing attribute already has name dev:custom:banana.", status: 400 });
    });

    it("test_set_user_pool_mfa_config: ON without a factor gets AWS's text (aws-sdk-js#4186), not moto's", async () => {
      const poolId = custom;
      const none = await errorOf(h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON" })));
      expect(none).toEqual({ name: "InvalidParameterException", message: "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.", status: 400 });
      const on = await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: "ON" }));
      expect(on).not.toHaveProperty("SmsMfaConfiguration");
      expect(on).toMatchObject({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.MfaConfiguration).toBe("ON");
      const off = await h.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OFF" }));
      expect(off).not.toHaveProperty("SoftwareTokenMfaConfiguration");
      expect(off.MfaConfiguration).toBe("OFF");
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.MfaConfiguration).toBe("OFF");
    });

    it("test_list_user_pools_returns_next_tokens, _when_max_items_more_than_total_items", async () => {
      const names = [shared?.Id, custom, counted, byEmail, inherent];
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await h.client.send(new ListUserPoolsCommand({ MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
        expect(page.UserPools?.length).toBeLessThanOrEqual(2);
        seen.push(...(page.UserPools ?? []).map((p) => p.Id ?? ""));
        token = page.NextToken;
      } while (token);
      for (const id of names) expect(seen).toContain(id);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it("test_describe_user_pool(_resource_not_found, _estimated_number_of_users), test_update_user_pool", async () => {
      let described = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: custom }))).UserPool;
      expect(described?.LambdaConfig).toEqual({ DefineAuthChallenge: "arn:aws:lambda:us-east-1:000000000000:function:define" });
      expect(described?.AccountRecoverySetting?.RecoveryMechanisms).toEqual(RECOVERY);
      const poolId = counted;
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.EstimatedNumberOfUsers).toBe(0);
      await users(poolId, ["a", "b", "c"]);
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.EstimatedNumberOfUsers).toBe(3);
      const policies = { PasswordPolicy: { MinimumLength: 16, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true } };
      await h.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, Policies: policies }));
      described = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
      expect(described?.Policies?.PasswordPolicy).toMatchObject(policies.PasswordPolicy);
      expect(described?.AdminCreateUserConfig).toBeDefined();
      expect(described?.EmailConfiguration).toBeDefined();
      expect(described?.VerificationMessageTemplate).toBeDefined();
      const missing = await errorOf(h.client.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_FooBar123" })));
      expect(missing).toEqual({ name: "ResourceNotFoundException", message: "User pool us-east-1_FooBar123 does not exist.", status: 400 });
    });

    it("a link message without link text is refused as AWS does (aws-cdk#6811, aws-cli#8280)", async () => {
      const template = { SmsMessage: "SMS CODE {####}", EmailMessage: "EMAIL CODE {####}", EmailSubject: "Your verification code", EmailMessageByLink: "EMAIL CODE {####}", EmailSubjectByLink: "Your verification code", DefaultEmailOption: "CONFIRM_WITH_CODE" as const };
      const poolId = counted;
      const updated = await errorOf(h.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, VerificationMessageTemplate: template })));
      expect(updated).toEqual({ name: "InvalidParameterException", message: "The message is invalid.", status: 400 });
      const created = await errorOf(h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), VerificationMessageTemplate: { ...template, DefaultEmailOption: "CONFIRM_WITH_LINK" } })));
      expect(created).toEqual({ name: "InvalidParameterException", message: "The message is invalid.", status: 400 });
      await h.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, VerificationMessageTemplate: { ...template, EmailMessageByLink: "Verify: {##Click Here##}" } }));
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.VerificationMessageTemplate?.EmailMessageByLink).toBe("Verify: {##Click Here##}");
    });
  });

  describe("domains", () => {
    it("test_describe_user_pool_domain, test_delete_user_pool_domain: a deleted domain is described as an empty DomainDescription", async () => {
      const poolId = shared?.Id ?? "";
      const domain = randomUUID();
      expect((await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }))).$metadata.httpStatusCode).toBe(200);
      const described = await h.client.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
      expect(described.DomainDescription).toMatchObject({ Domain: domain, UserPoolId: poolId, AWSAccountId: "000000000000" });
      expect((await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Domain).toBe(domain);
      await h.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
      const gone = await h.client.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
      expect(gone.$metadata.httpStatusCode).toBe(200);
      expect(gone.DomainDescription).toEqual({});
    });

    it("test_create_user_pool_domain_custom_domain_config: a custom domain answers its CloudFront domain", async () => {
      const poolId = shared?.Id ?? "";
      const created = await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `auth-${randomUUID().slice(0, 8)}.example.com`, CustomDomainConfig: { CertificateArn: "arn:aws:acm:us-east-1:000000000000:certificate/123456789012" } }));
      expect(created.CloudFrontDomain).toMatch(/\.cloudfront\.net$/);
    });
  });

  describe("app clients", () => {
    it("test_create_user_pool_client(_returns_secret), test_update_user_pool_client(_returns_secret), test_delete_user_pool_client", async () => {
      const poolId = shared?.Id ?? "";
      const plain = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "plain", CallbackURLs: ["https://example.com/cb"] }));
      expect(plain.UserPoolClient?.ClientId).toMatch(/^[0-9a-z]{26}$/);
      expect(plain.UserPoolClient).not.toHaveProperty("ClientSecret");
      expect(plain.UserPoolClient).toMatchObject({ UserPoolId: poolId, ClientName: "plain", CallbackURLs: ["https://example.com/cb"] });
      const secret = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "secret", GenerateSecret: true }));
      const updated = await h.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: secret.UserPoolClient?.ClientId, ClientName: "renamed", CallbackURLs: ["https://example.com/new"] }));
      expect(updated.UserPoolClient).toMatchObject({ ClientName: "renamed", ClientSecret: secret.UserPoolClient?.ClientSecret, CallbackURLs: ["https://example.com/new"] });
      const renamedPlain = await h.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.UserPoolClient?.ClientId, ClientName: "plain2" }));
      expect(renamedPlain.UserPoolClient).not.toHaveProperty("ClientSecret");
      await h.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.UserPoolClient?.ClientId }));
      const gone = await errorOf(h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.UserPoolClient?.ClientId })));
      expect(gone.name).toBe("ResourceNotFoundException");
    });

    it("test_list_user_pool_clients_returns_next_tokens, _when_max_items_more_than_total_items", async () => {
      const poolId = counted;
      for (let i = 0; i < 4; i++) await appClient(poolId);
      const first = await h.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 2 }));
      expect(first.UserPoolClients).toHaveLength(2);
      const second = await h.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
      expect(second.UserPoolClients).toHaveLength(2);
      expect(second).not.toHaveProperty("NextToken");
      const all = await h.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 9 }));
      expect(all.UserPoolClients).toHaveLength(4);
      expect(all).not.toHaveProperty("NextToken");
    });
  });

  describe("identity providers", () => {
    const facebook = { client_id: "app", client_secret: "secret", authorize_scopes: "email" };

    it("test_create_identity_provider, test_describe_identity_providers, test_update_identity_provider, test_delete_identity_providers", async () => {
      const poolId = shared?.Id ?? "";
      const created = await h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook", ProviderType: "Facebook", ProviderDetails: facebook }));
      expect(created.IdentityProvider).toMatchObject({ UserPoolId: poolId, ProviderName: "Facebook", ProviderType: "Facebook", ProviderDetails: facebook });
      const described = await h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook" }));
      expect(described.IdentityProvider?.ProviderDetails).toEqual(facebook);
      const updated = await h.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook", ProviderDetails: { ...facebook, client_id: "app2" }, AttributeMapping: { email: "email", username: "id" } }));
      expect(updated.IdentityProvider).toMatchObject({ ProviderType: "Facebook", ProviderDetails: { client_id: "app2" }, AttributeMapping: { email: "email", username: "id" } });
      await h.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook" }));
      expect((await errorOf(h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook" })))).name).toBe("ResourceNotFoundException");
    });

    it("test_update_identity_provider_no_user_pool, _no_identity_provider: ResourceNotFoundException, 400", async () => {
      const noPool = await errorOf(h.client.send(new UpdateIdentityProviderCommand({ UserPoolId: "us-east-1_NoSuchPool", ProviderName: "bar", ProviderDetails: { thing: "x" } })));
      expect(noPool).toMatchObject({ name: "ResourceNotFoundException", status: 400 });
      const noProvider = await errorOf(h.client.send(new UpdateIdentityProviderCommand({ UserPoolId: shared?.Id, ProviderName: "foo", ProviderDetails: { thing: "x" } })));
      expect(noProvider).toMatchObject({ name: "ResourceNotFoundException", status: 400 });
    });

    it("test_list_identity_providers_returns_next_tokens, _when_max_items_more_than_total_items", async () => {
      const poolId = counted;
      for (let i = 0; i < 4; i++) {
        await h.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: `oidc${i}`, ProviderType: "OIDC", ProviderDetails: { client_id: "x", authorize_scopes: "openid", oidc_issuer: "https://issuer.example.com", attributes_request_method: "GET" } }));
      }
      const first = await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2 }));
      expect(first.Providers?.map((p) => [p.ProviderName, p.ProviderType])).toEqual([["oidc0", "OIDC"], ["oidc1", "OIDC"]]);
      const second = await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
      expect(second.Providers).toHaveLength(2);
      expect(second).not.toHaveProperty("NextToken");
      expect((await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 9 }))).Providers).toHaveLength(4);
    });
  });

  describe("groups", () => {
    it("test_create_group, test_update_group, test_get_group, test_create_group_with_duplicate_name_raises_error, test_delete_group", async () => {
      const poolId = shared?.Id ?? "";
      const created = await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "g", Description: "d", RoleArn: "arn:aws:iam::000000000000:role/my-iam-role", Precedence: 7 }));
      expect(created.Group).toMatchObject({ GroupName: "g", UserPoolId: poolId, Description: "d", RoleArn: "arn:aws:iam::000000000000:role/my-iam-role", Precedence: 7 });
      expect(created.Group?.CreationDate).toBeInstanceOf(Date);
      expect(created.Group?.LastModifiedDate).toBeInstanceOf(Date);
      const updated = await h.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "g", Description: "d2", RoleArn: "arn:aws:iam::000000000000:role/my-iam-role2", Precedence: 9 }));
      expect(updated.Group).toMatchObject({ Description: "d2", RoleArn: "arn:aws:iam::000000000000:role/my-iam-role2", Precedence: 9 });
      expect((await h.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "g" }))).Group?.GroupName).toBe("g");
      const duplicate = await errorOf(h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "g" })));
      expect(duplicate).toMatchObject({ name: "GroupExistsException", status: 400 });
      const deleted = await h.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "g" }));
      expect(Object.keys(deleted)).toEqual(["$metadata"]);
      expect((await errorOf(h.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "g" })))).name).toBe("ResourceNotFoundException");
    });

    it("test_list_groups_returns_pagination_tokens, test_list_users_in_group_returns_pagination_tokens, test_admin_list_groups_for_users_returns_pagination_tokens", async () => {
      const poolId = counted;
      await users(poolId, ["u0", "u1", "u2", "u3"]);
      for (let i = 0; i < 4; i++) await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: `group_${i}` }));
      for (let i = 0; i < 4; i++) {
        await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "u0", GroupName: `group_${i}` }));
        await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: `u${i}`, GroupName: "group_0" }));
      }
      const groups = await h.client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2 }));
      expect(groups.Groups).toHaveLength(2);
      const groups2 = await h.client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken: groups.NextToken }));
      expect(groups2.Groups).toHaveLength(2);
      expect(groups2).not.toHaveProperty("NextToken");
      const members = await h.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "group_0", Limit: 2 }));
      expect(members.Users).toHaveLength(2);
      const members2 = await h.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "group_0", Limit: 2, NextToken: members.NextToken }));
      expect(members2.Users).toHaveLength(2);
      expect(members2).not.toHaveProperty("NextToken");
      const mine = await h.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "u0", Limit: 2 }));
      expect(mine.Groups).toHaveLength(2);
      const mine2 = await h.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "u0", Limit: 2, NextToken: mine.NextToken }));
      expect(mine2.Groups).toHaveLength(2);
      expect(mine2).not.toHaveProperty("NextToken");
    });

    it("test_admin_add_user_to_group_again_is_noop, _ignores_deleted_user / _group, test_admin_remove_user_from_group(_with_username_attributes)", async () => {
      const poolId = byEmail;
      await users(poolId, ["one@example.com", "two@example.com"]);
      for (const group of ["g1", "g2"]) await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
      const added = await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "one@example.com", GroupName: "g1" }));
      expect(Object.keys(added)).toEqual(["$metadata"]);
      await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "one@example.com", GroupName: "g1" }));
      await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "one@example.com", GroupName: "g2" }));
      await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "two@example.com", GroupName: "g1" }));
      await h.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "two@example.com" }));
      const members = await h.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "g1" }));
      expect(members.Users?.map((u) => u.Attributes?.find((a) => a.Name === "email")?.Value)).toEqual(["one@example.com"]);
      await h.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "g2" }));
      expect((await h.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "one@example.com" }))).Groups?.map((g) => g.GroupName)).toEqual(["g1"]);
      const removed = await h.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "one@example.com", GroupName: "g1" }));
      expect(Object.keys(removed)).toEqual(["$metadata"]);
      expect((await h.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "g1" }))).Users).toEqual([]);
      expect((await h.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "one@example.com" }))).Groups).toEqual([]);
    });
  });

  describe("users", () => {
    it("test_admin_create_user_with_username_attributes, test_admin_get_user_with_username_attributes: found by email, phone number and sub", async () => {
      const poolId = byEmail;
      const created = await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "test@example.com", UserAttributes: [{ Name: "phone_number", Value: "+123456789" }] }));
      const username = created.User?.Username ?? "";
      expect(username).not.toBe("test@example.com");
      expect(created.User).toMatchObject({ UserStatus: "FORCE_CHANGE_PASSWORD", Enabled: true });
      expect(created.User?.UserCreateDate).toEqual(created.User?.UserLastModifiedDate);
      const sub = created.User?.Attributes?.find((a) => a.Name === "sub")?.Value ?? "";
      expect(sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const name of ["test@example.com", "+123456789", sub]) {
        const found = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }));
        expect(found.Username).toBe(username);
        expect(found.UserAttributes).toEqual(expect.arrayContaining([{ Name: "email", Value: "test@example.com" }, { Name: "phone_number", Value: "+123456789" }, { Name: "sub", Value: sub }]));
      }
      const notEither = await errorOf(h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: randomUUID() })));
      expect(notEither).toEqual({ name: "InvalidParameterException", message: "Username should be either an email or a phone number.", status: 400 });
    });

    it("test_update_user_attributes_also_changes_last_modified_date, test_delete_user_attributes_also_changes_last_modified_date", async () => {
      const poolId = byEmail;
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dates@example.com" }));
      h.clock.advance(1000);
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "dates@example.com", UserAttributes: [{ Name: "phone_number", Value: "+15555550123" }] }));
      let user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dates@example.com" }));
      expect(user.UserLastModifiedDate?.getTime()).toBeGreaterThan(user.UserCreateDate?.getTime() ?? Infinity);
      const modified = user.UserLastModifiedDate?.getTime() ?? 0;
      h.clock.advance(1000);
      await h.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: "dates@example.com", UserAttributeNames: ["phone_number"] }));
      user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dates@example.com" }));
      expect(user.UserLastModifiedDate?.getTime()).toBeGreaterThan(modified);
      expect(user.UserAttributes?.map((a) => a.Name)).not.toContain("phone_number");
    });

    it("test_admin_confirm_sign_up(_non_existing_user, _non_existing_pool), test_admin_resend_invitation_missing_user, test_admin_get_missing_user", async () => {
      const poolId = shared?.Id ?? "";
      const clientId = sharedClient;
      const username = randomUUID();
      await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: "Passw0rd!" }));
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus).toBe("UNCONFIRMED");
      await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus).toBe("CONFIRMED");
      const missingUser = { name: "UserNotFoundException", message: "User does not exist.", status: 400 };
      expect(await errorOf(h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: randomUUID() })))).toEqual(missingUser);
      expect(await errorOf(h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: randomUUID(), MessageAction: "RESEND" })))).toEqual(missingUser);
      expect(await errorOf(h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: randomUUID() })))).toEqual(missingUser);
      expect(await errorOf(h.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: randomUUID(), UserAttributeNames: ["nickname"] })))).toEqual(missingUser);
      const missingPool = { name: "ResourceNotFoundException", message: "User pool us-east-1_aaaaaaaa does not exist.", status: 400 };
      expect(await errorOf(h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: "us-east-1_aaaaaaaa", Username: username })))).toEqual(missingPool);
      expect(await errorOf(h.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: "us-east-1_aaaaaaaa", Username: username, UserAttributeNames: ["nickname"] })))).toEqual(missingPool);
    });

    it("test_admin_delete_user_attributes: custom and standard attributes go, the rest stay", async () => {
      const poolId = custom;
      const username = randomUUID();
      await h.client.send(new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributes: [{ Name: "family_name", Value: "Doe" }, { Name: "given_name", Value: "John" }, { Name: "nickname", Value: "Joe" }, { Name: "custom:foo", Value: "bar" }],
      }));
      await h.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: username, UserAttributeNames: ["nickname", "custom:foo"] }));
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      expect(user.UserAttributes).toHaveLength(3);
      expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: "family_name", Value: "Doe" }, { Name: "given_name", Value: "John" }]));
    });
  });

  describe("ListUsers", () => {
    it("test_list_users: exact, spaced and prefix filters, an empty value", async () => {
      const poolId = shared?.Id ?? "";
      await users(poolId, [randomUUID()]);
      const phoneUser = randomUUID();
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: phoneUser, UserAttributes: [{ Name: "phone_number", Value: "+33666666666" }] }));
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "user0@example.com", UserAttributes: [{ Name: "phone_number", Value: "+48555555555" }] }));
      const names = async (filter: string) => ((await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: filter }))).Users ?? []).map((u) => u.Username);
      expect(await names('phone_number="+33666666666"')).toEqual([phoneUser]);
      expect(await names('phone_number = "+33666666666"')).toEqual([phoneUser]);
      expect(await names('phone_number ^= "+48"')).toEqual(["user0@example.com"]);
      expect(await names('family_name=""')).toEqual([]);
    });

    it("test_list_users_incorrect_filter: AWS's text ends with a period (aws-sdk-php#1088), moto's does not", async () => {
      const poolId = shared?.Id ?? "";
      for (const filter of ["username = foo", "username="]) {
        expect(await errorOf(h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: filter })))).toEqual({ name: "InvalidParameterException", message: "Error while parsing filter.", status: 400 });
      }
      // Custom attributes are not searchable (ListUsers Filter); moto's "Invalid search attribute: custom:foo" has no AWS source.
      expect((await errorOf(h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'custom:foo = "bar"' })))).name).toBe("InvalidParameterException");
    });

    it("test_list_users_inherent_attributes: username, status and cognito:user_status, the last in any case (ListUsers Filter: case-insensitive)", async () => {
      const poolId = inherent;
      const { clientId } = await appClient(poolId);
      await users(poolId, [randomUUID()]);
      const disabled = randomUUID();
      await h.client.send(new SignUpCommand({ ClientId: clientId, Username: disabled, Password: PASSWORD }));
      await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: disabled }));
      await h.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: disabled }));
      const only = async (filter: string) => (await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: filter }))).Users ?? [];
      expect((await only(`username="${disabled}"`)).map((u) => u.Username)).toEqual([disabled]);
      expect((await only('status="Disabled"')).map((u) => [u.Username, u.Enabled])).toEqual([[disabled, false]]);
      expect((await only('cognito:user_status="CONFIRMED"')).map((u) => [u.Username, u.UserStatus])).toEqual([[disabled, "CONFIRMED"]]);
      expect((await only('cognito:user_status="confirmed"')).map((u) => u.Username)).toEqual([disabled]);
      expect((await only('cognito:user_status ^= "force"')).map((u) => u.UserStatus)).toEqual(["FORCE_CHANGE_PASSWORD"]);
    });

    it("test_list_users_returns_pagination_tokens, _when_limit_more_than_total_items, test_list_users_with_attributes_to_get", async () => {
      const poolId = custom;
      for (let i = 0; i < 4; i++) {
        await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `jane${i}`, UserAttributes: [{ Name: "family_name", Value: "Doe" }, { Name: "given_name", Value: "Jane" }, { Name: "custom:foo", Value: "bar" }] }));
      }
      const total = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.EstimatedNumberOfUsers ?? 0;
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, ...(token ? { PaginationToken: token } : {}) }));
        expect(page.Users?.length).toBeLessThanOrEqual(2);
        seen.push(...(page.Users ?? []).map((u) => u.Username ?? ""));
        token = page.PaginationToken;
      } while (token);
      expect(new Set(seen).size).toBe(total);
      const all = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: total + 5 }));
      expect(all.Users).toHaveLength(total);
      expect(all).not.toHaveProperty("PaginationToken");
      const janes = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'given_name = "Jane"', AttributesToGet: ["given_name", "family_name"] }));
      expect(janes.Users).toHaveLength(4);
      for (const user of janes.Users ?? []) expect(user.Attributes).toEqual([{ Name: "family_name", Value: "Doe" }, { Name: "given_name", Value: "Jane" }]);
      // moto answers an attribute some users lack (its "unknown", a custom one) by leaving it out; AWS refuses it
      // (API reference, ListUsers AttributesToGet: a custom attribute must be set on every user of the pool).
      for (const attributes of [["given_name", "unknown"], ["custom:foo"]]) {
        const refused = await errorOf(h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'given_name = "Jane"', AttributesToGet: attributes })));
        expect(refused).toEqual({ name: "InvalidParameterException", message: "Input fails to satisfy the constraints.", status: 400 });
      }
      // A filterable attribute needs a value only on the users answered.
      const byName = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "jane0"', AttributesToGet: ["family_name"] }));
      expect(byName.Users?.map((u) => u.Attributes)).toEqual([[{ Name: "family_name", Value: "Doe" }]]);
    });
  });

  describe("resource servers", () => {
    it("test_create_resource_server, test_describe_resource_server: a duplicate identifier and an unknown one", async () => {
      const poolId = shared?.Id ?? "";
      const scopes = [{ ScopeName: "app:write", ScopeDescription: "write scope" }, { ScopeName: "app:read", ScopeDescription: "read scope" }];
      const created = await h.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "http://localhost.localdomain", Name: "local server", Scopes: scopes }));
      expect(created.ResourceServer).toEqual({ UserPoolId: poolId, Identifier: "http://localhost.localdomain", Name: "local server", Scopes: scopes });
      const duplicate = await errorOf(h.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "http://localhost.localdomain", Name: "local server", Scopes: scopes })));
      expect(duplicate).toEqual({ name: "InvalidParameterException", message: `http://localhost.localdomain already exists in user pool ${poolId}.`, status: 400 });
      expect((await h.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: "http://localhost.localdomain" }))).ResourceServer?.Scopes).toEqual(scopes);
      const missing = await errorOf(h.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: "non_existent_server" })));
      expect(missing).toEqual({ name: "ResourceNotFoundException", message: "Resource server non_existent_server does not exist.", status: 400 });
    });

    it("test_list_resource_servers_empty_set, _single_page, _multi_page: pages of MaxResults in creation order", async () => {
      const poolId = counted;
      const empty = await h.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50 }));
      expect(empty.ResourceServers).toEqual([]);
      expect(empty).not.toHaveProperty("NextToken");
      const identifiers = Array.from({ length: 53 }, (_, i) => `my_server${i}`);
      for (const [i, identifier] of identifiers.entries()) {
        await h.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: identifier, Name: `server${i}`, Scopes: [{ ScopeName: `app:write${i}`, ScopeDescription: `write scope${i}` }] }));
      }
      const first = await h.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50 }));
      expect(first.ResourceServers?.map((s) => s.Identifier)).toEqual(identifiers.slice(0, 50));
      expect(first.ResourceServers?.[7]).toEqual({ UserPoolId: poolId, Identifier: "my_server7", Name: "server7", Scopes: [{ ScopeName: "app:write7", ScopeDescription: "write scope7" }] });
      expect(first.NextToken).toEqual(expect.any(String));
      const second = await h.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50, NextToken: first.NextToken }));
      expect(second.ResourceServers?.map((s) => s.Identifier)).toEqual(identifiers.slice(50));
      expect(second).not.toHaveProperty("NextToken");
    });
  });

  describe("sign-in", () => {
    it("test_authentication_flow_invalid_flow, test_authentication_flow_invalid_user_flow, test_initiate_auth_invalid_admin_auth_flow: AWS's model enum, not moto's list", async () => {
      const poolId = shared?.Id ?? "";
      const clientId = sharedClient;
      const parameters = { USERNAME: "u", PASSWORD };
      const unknown = await errorOf(h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "NO_SUCH_FLOW" as AuthFlowType, AuthParameters: parameters })));
      expect(unknown.name).toBe("InvalidParameterException");
      expect(unknown.message).toMatch(/^1 validation error detected: Value 'NO_SUCH_FLOW' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: \[/);
      const userFlow = await errorOf(h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: parameters })));
      expect(userFlow).toEqual({ name: "InvalidParameterException", message: "Initiate Auth method not supported.", status: 400 });
      const adminFlow = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: parameters })));
      expect(adminFlow).toEqual({ name: "InvalidParameterException", message: "Initiate Auth method not supported.", status: 400 });
      const noClient = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: "unknown", AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: parameters })));
      expect(noClient).toMatchObject({ name: "ResourceNotFoundException", status: 400 });
    });

    it("test_initiate_auth_USER_SRP_AUTH, test_initiate_auth_with_invalid_secret_hash, test_initiate_auth_USER_PASSWORD_AUTH_unconfirmed_user / _user_not_found / _user_incorrect_password", async () => {
      const poolId = shared?.Id ?? "";
      const { clientId, secret } = await appClient(poolId, { GenerateSecret: true });
      const hash = (username: string) => createHmac("sha256", secret ?? "").update(username + clientId).digest("base64");
      const username = randomUUID();
      await h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, SecretHash: hash(username) }));
      const password = (name: string, pw = PASSWORD) => h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: name, PASSWORD: pw, SECRET_HASH: hash(name) } }));
      expect(await errorOf(password(username))).toEqual({ name: "UserNotConfirmedException", message: "User is not confirmed.", status: 400 });
      await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
      const srp = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username, SRP_A: randomUUID().replace(/-/g, ""), SECRET_HASH: hash(username) } }));
      expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
      expect(srp.ChallengeParameters).toMatchObject({ USERNAME: username, USER_ID_FOR_SRP: username });
      const badHash = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username, SRP_A: "abc123", SECRET_HASH: randomUUID() } })));
      expect(badHash).toEqual({ name: "NotAuthorizedException", message: `Unable to verify secret hash for client ${clientId}`, status: 400 });
      expect((await errorOf(password("INVALIDUSER"))).name).toBe("UserNotFoundException");
      expect(await errorOf(password(username, "NotAuthorizedException1!"))).toEqual({ name: "NotAuthorizedException", message: "Incorrect username or password.", status: 400 });
    });

    it("test_initiate_auth_USER_PASSWORD_AUTH_with_FORCE_CHANGE_PASSWORD_status: NEW_PASSWORD_REQUIRED, then tokens", async () => {
      const poolId = shared?.Id ?? "";
      const clientId = sharedClient;
      const username = randomUUID();
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: PASSWORD }));
      const started = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
      expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      expect(started.Session).toEqual(expect.any(String));
      expect(started).not.toHaveProperty("AuthenticationResult");
      const answered = await h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: started.Session, ChallengeResponses: { NEW_PASSWORD: "P2$Sword2", USERNAME: username } }));
      expect(answered.AuthenticationResult).toMatchObject({ TokenType: "Bearer", IdToken: expect.any(String), AccessToken: expect.any(String) });
    });

    it("test_global_sign_out, test_admin_user_global_sign_out(_twice, _unknown_user): the refresh token is revoked", async () => {
      const poolId = shared?.Id ?? "";
      const clientId = sharedClient;
      const username = randomUUID();
      const tokens = await signedIn(poolId, clientId, username);
      await h.client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
      const refresh = () => h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN", AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken ?? "" } }));
      expect(await errorOf(refresh())).toEqual({ name: "NotAuthorizedException", message: "Refresh Token has been revoked", status: 400 });
      const other = randomUUID();
      const again = await signedIn(poolId, clientId, other);
      await h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: other }));
      await h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: other }));
      const revoked = await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN", AuthParameters: { REFRESH_TOKEN: again.RefreshToken ?? "" } })));
      expect(revoked).toEqual({ name: "NotAuthorizedException", message: "Refresh Token has been revoked", status: 400 });
      expect(await errorOf(h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "n-a" })))).toEqual({ name: "UserNotFoundException", message: "User does not exist.", status: 400 });
    });

    it("test_admin_set_invalid_user_password(__custom_policy_provided), test_sign_up_with_invalid_password: InvalidPasswordException", async () => {
      const poolId = shared?.Id ?? "";
      const clientId = sharedClient;
      await users(poolId, ["pw"]);
      for (const password of ["pa$$word", "Password", "p2ssword", "P2$S"]) {
        expect((await errorOf(h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "pw", Password: password, Permanent: true })))).name).toBe("InvalidPasswordException");
      }
      for (const password of ["p2$$word", "P2$s"]) {
        expect((await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: randomUUID(), Password: password })))).name).toBe("InvalidPasswordException");
      }
      const lenient = custom;
      await users(lenient, ["pw"]);
      for (const password of ["password", "P2$$word"]) {
        expect((await errorOf(h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: lenient, Username: "pw", Password: password, Permanent: true })))).name).toBe("InvalidPasswordException");
      }
      await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: lenient, Username: "pw", Password: "longpassword", Permanent: true }));
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: lenient, Username: "pw" }))).UserStatus).toBe("CONFIRMED");
    });
  });
});
