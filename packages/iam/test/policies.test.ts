import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DetachRolePolicyCommand, GetPolicyCommand,
  GetPolicyVersionCommand, ListEntitiesForPolicyCommand, ListPoliciesCommand, ListPolicyTagsCommand, ListPolicyVersionsCommand,
  PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, SetDefaultPolicyVersionCommand, TagPolicyCommand, UntagPolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { ACCOUNT, errorOf, NOW, S3_READ, startIam, TRUST, type IamServer } from "./helpers.js";

let server: IamServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startIam();
  iam = server.client();
});

afterAll(async () => {
  await server.close();
});

const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

describe("CreatePolicy / GetPolicy / DeletePolicy", () => {
  it("creates a policy at v1 with an ANPA id; GetPolicy adds Description and Tags", async () => {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: "p1", Path: "/app/", PolicyDocument: S3_READ, Description: "reads" }));
    expect(created.Policy).toMatchObject({
      PolicyName: "p1",
      Arn: `arn:aws:iam::${ACCOUNT}:policy/app/p1`,
      Path: "/app/",
      DefaultVersionId: "v1",
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: new Date(NOW),
      UpdateDate: new Date(NOW),
    });
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(created.Policy?.Description).toBeUndefined();
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: created.Policy?.Arn }));
    expect(got.Policy).toMatchObject({ Description: "reads", Tags: [] });
  });

  it("refuses a duplicate name and a document that is no policy", async () => {
    expect(await errorOf(iam.send(new CreatePolicyCommand({ PolicyName: "p1", PolicyDocument: S3_READ })))).toEqual({
      code: "EntityAlreadyExistsException",
      status: 409,
      message: "A policy called p1 already exists. Duplicate names are not allowed.",
    });
    expect(await errorOf(iam.send(new CreatePolicyCommand({ PolicyName: "bad", PolicyDocument: "{" })))).toMatchObject({
      code: "MalformedPolicyDocumentException",
      message: "This policy contains invalid Json",
    });
    const noResource = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*" }] });
    expect(await errorOf(iam.send(new CreatePolicyCommand({ PolicyName: "bad", PolicyDocument: noResource })))).toMatchObject({
      message: "Policy statement must contain resources.",
    });
  });

  it("answers NoSuchEntity for a policy that is not there", async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/ghost`;
    expect(await errorOf(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toEqual({ code: "NoSuchEntityException", status: 404, message: `Policy ${arn} was not found.` });
  });

  it("refuses to delete a policy that is attached, or that has other versions", async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "attached", PolicyDocument: S3_READ }));
    await iam.send(new CreateRoleCommand({ RoleName: "holder", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "holder", PolicyArn: Policy?.Arn }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: Policy?.Arn }))).Policy?.AttachmentCount).toBe(1);
    expect(await errorOf(iam.send(new DeletePolicyCommand({ PolicyArn: Policy?.Arn })))).toEqual({
      code: "DeleteConflictException",
      status: 409,
      message: "Cannot delete a policy attached to entities.",
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: "holder", PolicyArn: Policy?.Arn }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy?.Arn, PolicyDocument: doc("s3:ListBucket") }));
    expect(await errorOf(iam.send(new DeletePolicyCommand({ PolicyArn: Policy?.Arn })))).toMatchObject({
      code: "DeleteConflictException",
      message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    });
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: Policy?.Arn, VersionId: "v2" }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: Policy?.Arn }));
    expect(await errorOf(iam.send(new GetPolicyCommand({ PolicyArn: Policy?.Arn })))).toMatchObject({ code: "NoSuchEntityException" });
  });
});

describe("policy size", () => {
  // A statement of n actions: IAM counts the document's characters other than whitespace.
  const sized = (actions: number) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: Array.from({ length: actions }, (_, i) => `s3:Action${String(i).padStart(4, "0")}`), Resource: "*" }] }, null, 2);

  it("refuses a managed policy past 6144 characters, whitespace not counted", async () => {
    const big = sized(400);
    expect(big.replace(/\s/g, "").length).toBeGreaterThan(6144);
    expect(await errorOf(iam.send(new CreatePolicyCommand({ PolicyName: "big", PolicyDocument: big })))).toEqual({
      code: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for PolicySize: 6144",
    });
    // Indentation does not count: 290 actions fit in 6144 characters once whitespace is left out.
    const indented = sized(290);
    expect(indented.length).toBeGreaterThan(6144);
    expect(indented.replace(/\s/g, "").length).toBeLessThanOrEqual(6144);
    await iam.send(new CreatePolicyCommand({ PolicyName: "fits", PolicyDocument: indented }));
  });

  it("refuses a role's inline policies past 10240 characters together", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "inline-heavy", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "inline-heavy", PolicyName: "a", PolicyDocument: sized(340) }));
    expect(await errorOf(iam.send(new PutRolePolicyCommand({ RoleName: "inline-heavy", PolicyName: "b", PolicyDocument: sized(340) })))).toEqual({
      code: "LimitExceededException",
      status: 409,
      message: "Maximum policy size of 10240 bytes exceeded for role inline-heavy",
    });
  });
});

describe("policy versions", () => {
  it("keeps at most five versions, lists them newest first, and moves the default", async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "versioned", PolicyDocument: doc("s3:A") }));
    const arn = Policy?.Arn;
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:B"), SetAsDefault: true }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: "v2", IsDefaultVersion: true });
    expect(v2.PolicyVersion?.Document).toBeUndefined();
    for (const a of ["s3:C", "s3:D", "s3:E"]) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(a) }));
    expect(await errorOf(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:F") })))).toEqual({
      code: "LimitExceededException",
      status: 409,
      message: "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    });
    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([["v5", false], ["v4", false], ["v3", false], ["v2", true], ["v1", false]]);
    expect(await errorOf(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v2" })))).toMatchObject({
      code: "DeleteConflictException",
      message: "Cannot delete the default version of a policy.",
    });
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: "v4" }));
    const v4 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v4" }));
    expect(v4.PolicyVersion).toMatchObject({ VersionId: "v4", IsDefaultVersion: true });
    expect(decodeURIComponent(v4.PolicyVersion?.Document ?? "")).toBe(doc("s3:D"));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe("v4");
    // Version ids keep counting after a delete.
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }));
    expect((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc("s3:G") }))).PolicyVersion?.VersionId).toBe("v6");
    expect(await errorOf(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: `Policy ${arn} version v1 does not exist or is not attachable.`,
    });
  });
});

describe("AWS managed policies", () => {
  const basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

  it("answers GetPolicy and the default version with AWS's id and document", async () => {
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: basic }));
    expect(got.Policy).toMatchObject({
      PolicyName: "AWSLambdaBasicExecutionRole",
      PolicyId: "ANPAJNCQGXC42545SKXIK",
      Path: "/service-role/",
      DefaultVersionId: "v1",
      Description: "Provides write permissions to CloudWatch Logs.",
      CreateDate: new Date("2015-04-09T15:03:43Z"),
      Tags: [],
    });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: basic, VersionId: "v1" }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? ""))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }],
    });
  });

  it("counts attachments, lists with Scope AWS / Local and OnlyAttached", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "counted", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "counted", PolicyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess" }));
    const aws = await iam.send(new ListPoliciesCommand({ Scope: "AWS", OnlyAttached: true }));
    expect(aws.Policies?.map((p) => [p.PolicyName, p.AttachmentCount])).toEqual([["AmazonDynamoDBFullAccess", 1]]);
    const local = await iam.send(new ListPoliciesCommand({ Scope: "Local" }));
    expect(local.Policies?.every((p) => p.Arn?.startsWith(`arn:aws:iam::${ACCOUNT}:policy/`))).toBe(true);
    const all = await iam.send(new ListPoliciesCommand({ Scope: "AWS", MaxItems: 5 }));
    expect(all.Policies).toHaveLength(5);
    expect(all.IsTruncated).toBe(true);
  });

  it("takes an AWS managed ARN the sandbox does not ship for attachment, but GetPolicy does not know it", async () => {
    const unshipped = "arn:aws:iam::aws:policy/AmazonBedrockFullAccess";
    await iam.send(new CreateRoleCommand({ RoleName: "bedrock", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "bedrock", PolicyArn: unshipped }));
    expect(await errorOf(iam.send(new GetPolicyCommand({ PolicyArn: unshipped })))).toMatchObject({ code: "NoSuchEntityException" });
  });
});

describe("tags and entities", () => {
  it("tags a policy (keys compared exactly) and lists who uses it", async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "shared", PolicyDocument: S3_READ, Tags: [{ Key: "a", Value: "1" }] }));
    const arn = Policy?.Arn;
    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: "A", Value: "2" }] }));
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toEqual([{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }]);
    await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ["a"] }));
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toEqual([{ Key: "A", Value: "2" }]);

    await iam.send(new CreateRoleCommand({ RoleName: "r-shared", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new CreateUserCommand({ UserName: "u-shared" }));
    await iam.send(new CreateGroupCommand({ GroupName: "g-shared" }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r-shared", PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "u-shared", PolicyArn: arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: "g-shared", PolicyArn: arn }));
    await iam.send(new CreateRoleCommand({ RoleName: "r-bounded", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "r-bounded", PermissionsBoundary: arn }));
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect(entities.PolicyRoles?.map((r) => r.RoleName).sort()).toEqual(["r-bounded", "r-shared"]);
    expect(entities.PolicyUsers?.map((u) => u.UserName)).toEqual(["u-shared"]);
    expect(entities.PolicyGroups?.map((g) => g.GroupName)).toEqual(["g-shared"]);
    const boundaries = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: "PermissionsBoundary" }));
    expect(boundaries.PolicyRoles?.map((r) => r.RoleName)).toEqual(["r-bounded"]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ AttachmentCount: 3, PermissionsBoundaryUsageCount: 1 });
  });
});
