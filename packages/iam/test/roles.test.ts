import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand,
  GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, ListRoleTagsCommand, PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand, UpdateRoleDescriptionCommand,
  DeleteRolePermissionsBoundaryCommand, type IAMClient,
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

describe("CreateRole / GetRole", () => {
  it("creates a role with an AROA id, a region-less ARN and the trust policy URL-encoded", async () => {
    const out = await iam.send(new CreateRoleCommand({ RoleName: "app-fn", Path: "/service/", AssumeRolePolicyDocument: TRUST, Description: "d" }));
    expect(out.Role).toMatchObject({ RoleName: "app-fn", Path: "/service/", Arn: `arn:aws:iam::${ACCOUNT}:role/service/app-fn` });
    expect(out.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(out.Role?.CreateDate).toEqual(new Date(NOW));
    expect(out.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    // CreateRole answers neither MaxSessionDuration nor RoleLastUsed.
    expect(out.Role?.MaxSessionDuration).toBeUndefined();
    expect(out.Role?.RoleLastUsed).toBeUndefined();

    const got = await iam.send(new GetRoleCommand({ RoleName: "app-fn" }));
    expect(got.Role).toMatchObject({ RoleName: "app-fn", Description: "d", MaxSessionDuration: 3600, RoleId: out.Role?.RoleId });
    expect(got.Role?.RoleLastUsed).toEqual({});
    expect(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ""))).toEqual(JSON.parse(TRUST));
  });

  it("encodes per RFC 3986: slashes and stars too", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "enc", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "enc", PolicyName: "read", PolicyDocument: S3_READ }));
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: "enc", PolicyName: "read" }));
    expect(out.PolicyDocument).toContain("arn%3Aaws%3As3%3A%3A%3Abucket%2F%2A");
    expect(decodeURIComponent(out.PolicyDocument ?? "")).toBe(S3_READ);
  });

  it("refuses a second role of the same name, and answers NoSuchEntity for a missing one", async () => {
    expect(await errorOf(iam.send(new CreateRoleCommand({ RoleName: "app-fn", AssumeRolePolicyDocument: TRUST })))).toEqual({
      code: "EntityAlreadyExistsException",
      status: 409,
      message: "Role with name app-fn already exists.",
    });
    expect(await errorOf(iam.send(new GetRoleCommand({ RoleName: "nope" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: "The role with name nope cannot be found.",
    });
  });

  it("checks the trust policy as IAM does", async () => {
    const bad = (doc: string) => errorOf(iam.send(new CreateRoleCommand({ RoleName: "bad", AssumeRolePolicyDocument: doc })));
    expect(await bad("{not json")).toMatchObject({ code: "MalformedPolicyDocumentException", message: "This policy contains invalid Json" });
    const withResource = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });
    expect(await bad(withResource)).toMatchObject({ message: "Has prohibited field Resource" });
    const s3Action = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Principal: { Service: "x" } }] });
    expect(await bad(s3Action)).toMatchObject({ message: "AssumeRole policy may only specify STS AssumeRole actions." });
    const principals = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/trusted-role-number-${i}`);
    const tooLong = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: principals }, Action: "sts:AssumeRole" }] });
    expect(await bad(tooLong)).toEqual({ code: "LimitExceededException", status: 409, message: "Cannot exceed quota for ACLSizePerRole: 2048" });
  });

  it("validates the name against the model", async () => {
    const e = await errorOf(iam.send(new CreateRoleCommand({ RoleName: "has space", AssumeRolePolicyDocument: TRUST })));
    expect(e.code).toBe("ValidationError");
    expect(e.message).toBe("1 validation error detected: Value at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  });

  it("answers tag constraint failures as IAM does, naming no value", async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect((await errorOf(iam.send(new CreateRoleCommand({ RoleName: "t", AssumeRolePolicyDocument: TRUST, Tags: tags })))).message).toBe(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
    const longKey = [{ Key: "k".repeat(129), Value: "v" }];
    expect((await errorOf(iam.send(new CreateRoleCommand({ RoleName: "t", AssumeRolePolicyDocument: TRUST, Tags: longKey })))).message).toBe(
      "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    await iam.send(new CreateRoleCommand({ RoleName: "t", AssumeRolePolicyDocument: TRUST }));
    expect((await errorOf(iam.send(new UntagRoleCommand({ RoleName: "t", TagKeys: ["bad#"] })))).message).toBe(
      "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]",
    );
  });
});

describe("UpdateRole / UpdateRoleDescription / UpdateAssumeRolePolicy", () => {
  it("changes what is given and keeps the rest", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "upd", AssumeRolePolicyDocument: TRUST, Description: "first" }));
    await iam.send(new UpdateRoleCommand({ RoleName: "upd", MaxSessionDuration: 7200 }));
    expect((await iam.send(new GetRoleCommand({ RoleName: "upd" }))).Role).toMatchObject({ Description: "first", MaxSessionDuration: 7200 });
    const described = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: "upd", Description: "second" }));
    expect(described.Role).toMatchObject({ Description: "second" });
    expect(described.Role?.MaxSessionDuration).toBeUndefined();
    const trust2 = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "upd", PolicyDocument: trust2 }));
    expect(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: "upd" }))).Role?.AssumeRolePolicyDocument ?? "")).toBe(trust2);
  });
});

describe("ListRoles", () => {
  it("filters by PathPrefix and pages with Marker / MaxItems / IsTruncated", async () => {
    for (const n of ["p-c", "p-a", "p-b"]) await iam.send(new CreateRoleCommand({ RoleName: n, Path: "/paged/", AssumeRolePolicyDocument: TRUST }));
    const first = await iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2 }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(["p-a", "p-b"]);
    expect(first.IsTruncated).toBe(true);
    // A listed role carries MaxSessionDuration but not RoleLastUsed.
    expect(first.Roles?.[0]?.MaxSessionDuration).toBe(3600);
    expect(first.Roles?.[0]?.RoleLastUsed).toBeUndefined();
    const second = await iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker: first.Marker }));
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(["p-c"]);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });
});

describe("tags", () => {
  it("tags, lists and untags a role; keys are case-insensitive", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "tagged", AssumeRolePolicyDocument: TRUST, Tags: [{ Key: "env", Value: "dev" }] }));
    await iam.send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "ENV", Value: "prod" }, { Key: "team", Value: "a" }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "tagged" }))).Tags).toEqual([{ Key: "ENV", Value: "prod" }, { Key: "team", Value: "a" }]);
    await iam.send(new UntagRoleCommand({ RoleName: "tagged", TagKeys: ["Team"] }));
    expect((await iam.send(new GetRoleCommand({ RoleName: "tagged" }))).Role?.Tags).toEqual([{ Key: "ENV", Value: "prod" }]);
    const dup = await errorOf(iam.send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }] })));
    expect(dup).toEqual({ code: "InvalidInputException", status: 400, message: "Duplicate tag keys found. Please note that Tag keys are case insensitive." });
  });
});

describe("inline and attached policies", () => {
  it("puts, lists, gets and deletes inline policies", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "inl", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "inl", PolicyName: "b", PolicyDocument: S3_READ }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "inl", PolicyName: "a", PolicyDocument: S3_READ }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "inl" }))).PolicyNames).toEqual(["a", "b"]);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "inl", PolicyName: "a" }));
    expect(await errorOf(iam.send(new GetRolePolicyCommand({ RoleName: "inl", PolicyName: "a" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: "The role policy with name a cannot be found.",
    });
    const bad = await errorOf(iam.send(new PutRolePolicyCommand({ RoleName: "inl", PolicyName: "c", PolicyDocument: "[" })));
    expect(bad).toMatchObject({ code: "MalformedPolicyDocumentException", message: "This policy contains invalid Json" });
  });

  it("attaches AWS managed and own policies, and refuses a customer policy that does not exist", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "att", AssumeRolePolicyDocument: TRUST }));
    const own = await iam.send(new CreatePolicyCommand({ PolicyName: "own-read", PolicyDocument: S3_READ }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "att", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "att", PolicyArn: own.Policy?.Arn }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "att" }))).AttachedPolicies).toEqual([
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
      { PolicyName: "own-read", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/own-read` },
    ]);
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "att", PathPrefix: "/service-role/" }))).AttachedPolicies).toHaveLength(1);
    const missing = `arn:aws:iam::${ACCOUNT}:policy/nonexistent-policy`;
    expect(await errorOf(iam.send(new AttachRolePolicyCommand({ RoleName: "att", PolicyArn: missing })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: `Policy ${missing} does not exist or is not attachable.`,
    });
    expect(await errorOf(iam.send(new AttachRolePolicyCommand({ RoleName: "att", PolicyArn: "longpolicynamebutnoarn" })))).toMatchObject({
      code: "ValidationError",
      message: "ARN longpolicynamebutnoarn is not valid.",
    });
    expect(await errorOf(iam.send(new DetachRolePolicyCommand({ RoleName: "att", PolicyArn: "arn:aws:iam::aws:policy/Nonexistent" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: "Policy arn:aws:iam::aws:policy/Nonexistent was not found.",
    });
  });
});

describe("DeleteRole", () => {
  it("refuses while policies are attached or inline policies exist, then deletes", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "del", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "del", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "del", PolicyName: "p", PolicyDocument: S3_READ }));
    expect(await errorOf(iam.send(new DeleteRoleCommand({ RoleName: "del" })))).toEqual({
      code: "DeleteConflictException",
      status: 409,
      message: "Cannot delete entity, must detach all policies first.",
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: "del", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }));
    expect(await errorOf(iam.send(new DeleteRoleCommand({ RoleName: "del" })))).toMatchObject({ message: "Cannot delete entity, must delete policies first." });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: "del", PolicyName: "p" }));
    await iam.send(new DeleteRoleCommand({ RoleName: "del" }));
    expect(await errorOf(iam.send(new GetRoleCommand({ RoleName: "del" })))).toMatchObject({ code: "NoSuchEntityException" });
  });
});

describe("permissions boundaries", () => {
  it("puts and deletes a boundary; refuses a policy that is not there", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: "bounded", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAccess" }));
    expect((await iam.send(new GetRoleCommand({ RoleName: "bounded" }))).Role?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: "Policy",
      PermissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "bounded" }));
    expect((await iam.send(new GetRoleCommand({ RoleName: "bounded" }))).Role?.PermissionsBoundary).toBeUndefined();
    const missing = `arn:aws:iam::${ACCOUNT}:policy/nonexistent-policy`;
    expect(await errorOf(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: missing })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: `Scope ARN: ${missing} does not exist or is not attachable.`,
    });
    const notPolicy = `arn:aws:iam::${ACCOUNT}:not_a_policy/invalid`;
    expect(await errorOf(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "bounded", PermissionsBoundary: notPolicy })))).toEqual({
      code: "InvalidInputException",
      status: 400,
      message: `ARN ${notPolicy} is not valid.`,
    });
  });
});
