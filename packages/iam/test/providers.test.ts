import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddClientIDToOpenIDConnectProviderCommand, AddRoleToInstanceProfileCommand, CreateAccountAliasCommand, CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateSAMLProviderCommand, CreateServiceLinkedRoleCommand, DeleteAccountPasswordPolicyCommand,
  DeleteInstanceProfileCommand, DeleteOpenIDConnectProviderCommand, DeleteRoleCommand, DeleteServiceLinkedRoleCommand, GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand, GetInstanceProfileCommand, GetOpenIDConnectProviderCommand, GetSAMLProviderCommand, GetServiceLinkedRoleDeletionStatusCommand,
  ListAccountAliasesCommand, ListInstanceProfilesForRoleCommand, ListOpenIDConnectProvidersCommand, RemoveRoleFromInstanceProfileCommand,
  UpdateAccountPasswordPolicyCommand, UpdateOpenIDConnectProviderThumbprintCommand, GetAccountAuthorizationDetailsCommand, AttachRolePolicyCommand,
  CreatePolicyCommand, CreateUserCommand, PutRolePolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { ACCOUNT, errorOf, startIam, TRUST, type IamServer } from "./helpers.js";

let server: IamServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startIam();
  iam = server.client();
});

afterAll(async () => {
  await server.close();
});

describe("instance profiles", () => {
  it("holds one role; the role cannot be deleted while in it", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "ec2", AssumeRolePolicyDocument: TRUST }));
    const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "web" }));
    expect(created.InstanceProfile).toMatchObject({ InstanceProfileName: "web", Path: "/", Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`, Roles: [] });
    expect(created.InstanceProfile?.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "ec2" }));
    expect((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: "web" }))).InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(["ec2"]);
    expect(await errorOf(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "ec2" })))).toEqual({
      code: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
    });
    expect((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: "ec2" }))).InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(["web"]);
    expect(await errorOf(iam.send(new DeleteRoleCommand({ RoleName: "ec2" })))).toMatchObject({ message: "Cannot delete entity, must remove roles from instance profile first." });
    expect(await errorOf(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: "web" })))).toMatchObject({ code: "DeleteConflictException" });
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "ec2" }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: "web" }));
    expect(await errorOf(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: "web" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: "Instance Profile web cannot be found.",
    });
    await iam.send(new DeleteRoleCommand({ RoleName: "ec2" }));
  });
});

describe("OpenID Connect providers", () => {
  const github = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

  it("keeps GitHub Actions' provider: URL without its scheme, client ids, thumbprints", async () => {
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: "https://token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"], ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"] }),
    );
    expect(created.OpenIDConnectProviderArn).toBe(github);
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: github, ClientID: "other" }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: github, ThumbprintList: ["1c58a3a8518e8759bf075b76b750d4f2df264fcd"] }));
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: github }));
    expect(got).toMatchObject({ Url: "token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com", "other"], ThumbprintList: ["1c58a3a8518e8759bf075b76b750d4f2df264fcd"] });
    expect((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([{ Arn: github }]);
    expect(await errorOf(iam.send(new CreateOpenIDConnectProviderCommand({ Url: "https://token.actions.githubusercontent.com", ThumbprintList: [] })))).toEqual({
      code: "EntityAlreadyExistsException",
      status: 409,
      message: "Provider with url https://token.actions.githubusercontent.com already exists.",
    });
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: github }));
    expect(await errorOf(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: github })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: `OpenIDConnect Provider not found for arn ${github}`,
    });
  });

  it("refuses a URL that is not https", async () => {
    expect(await errorOf(iam.send(new CreateOpenIDConnectProviderCommand({ Url: "http://example.com" })))).toEqual({
      code: "ValidationError",
      status: 400,
      message: "Invalid Open ID Connect Provider URL",
    });
  });
});

describe("SAML providers", () => {
  it("keeps the metadata document", async () => {
    // The model wants a document of at least 1000 characters.
    const metadata = `<EntityDescriptor entityID="https://idp.example.com">${"<!-- padding -->".repeat(70)}</EntityDescriptor>`;
    const { SAMLProviderArn } = await iam.send(new CreateSAMLProviderCommand({ Name: "corp", SAMLMetadataDocument: metadata }));
    expect(SAMLProviderArn).toBe(`arn:aws:iam::${ACCOUNT}:saml-provider/corp`);
    expect((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn }))).SAMLMetadataDocument).toContain("EntityDescriptor");
  });
});

describe("service-linked roles", () => {
  it("creates AWS's role name under /aws-service-role/<service>/ and deletes it as a task", async () => {
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "elasticbeanstalk.amazonaws.com" }));
    expect(Role).toMatchObject({ RoleName: "AWSServiceRoleForElasticBeanstalk", Path: "/aws-service-role/elasticbeanstalk.amazonaws.com/" });
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: "AWSServiceRoleForElasticBeanstalk" }));
    expect((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status).toBe("SUCCEEDED");
  });
});

describe("the account", () => {
  it("has one alias, a password policy with IAM's defaults, and a summary", async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: "my-sandbox" }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(["my-sandbox"]);
    expect(await errorOf(iam.send(new GetAccountPasswordPolicyCommand({})))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
    });
    await iam.send(new UpdateAccountPasswordPolicyCommand({ RequireNumbers: true, MaxPasswordAge: 90 }));
    expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 6,
      RequireNumbers: true,
      RequireSymbols: false,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    expect(await errorOf(iam.send(new DeleteAccountPasswordPolicyCommand({})))).toMatchObject({ message: "The account policy with name PasswordPolicy cannot be found." });
    await iam.send(new CreateRoleCommand({ RoleName: "counted", AssumeRolePolicyDocument: TRUST }));
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(summary).toMatchObject({ Roles: 1, Users: 0, AccessKeysPerUserQuota: 2 });
  });
});

describe("GetAccountAuthorizationDetails", () => {
  it("lists users, roles with their policies and profiles, and the managed policies in use with their versions", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "audited", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "audited", PolicyName: "inline", PolicyDocument: TRUST.replace("sts:AssumeRole", "s3:GetObject").replace('"Principal":{"Service":"lambda.amazonaws.com"},', '"Resource":"*",') }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "audited", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "audited-own", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] }) }));
    await iam.send(new CreateUserCommand({ UserName: "auditor" }));
    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const role = all.RoleDetailList?.find((r) => r.RoleName === "audited");
    expect(role?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(["inline"]);
    expect(role?.AttachedManagedPolicies).toEqual([{ PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }]);
    expect(all.UserDetailList?.map((u) => u.UserName)).toContain("auditor");
    const arns = all.Policies?.map((p) => p.Arn);
    expect(arns).toContain(Policy?.Arn);
    expect(arns).toContain("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    expect(all.Policies?.find((p) => p.Arn === Policy?.Arn)?.PolicyVersionList).toMatchObject([{ VersionId: "v1", IsDefaultVersion: true }]);
    const rolesOnly = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Role"] }));
    expect(rolesOnly.UserDetailList).toEqual([]);
    expect(rolesOnly.Policies).toEqual([]);
    const paged = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1 }));
    expect(paged.IsTruncated).toBe(true);
    expect((paged.UserDetailList?.length ?? 0) + (paged.RoleDetailList?.length ?? 0) + (paged.GroupDetailList?.length ?? 0) + (paged.Policies?.length ?? 0)).toBe(1);
  });
});
