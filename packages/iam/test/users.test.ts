import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateLoginProfileCommand, CreateUserCommand,
  DeleteAccessKeyCommand, DeleteGroupCommand, DeleteLoginProfileCommand, DeleteUserCommand, DetachUserPolicyCommand, GetAccessKeyLastUsedCommand,
  GetGroupCommand, GetGroupPolicyCommand, GetLoginProfileCommand, GetUserCommand, ListAccessKeysCommand, ListGroupsCommand,
  ListGroupsForUserCommand, ListUsersCommand, ListUserTagsCommand, PutGroupPolicyCommand, PutUserPolicyCommand, RemoveUserFromGroupCommand,
  TagUserCommand, UpdateAccessKeyCommand, UpdateUserCommand, DeleteUserPolicyCommand, DeleteGroupPolicyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import { ACCOUNT, errorOf, NOW, S3_READ, startIam, type IamServer } from "./helpers.js";

let server: IamServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startIam();
  iam = server.client();
});

afterAll(async () => {
  await server.close();
});

describe("users", () => {
  it("creates, gets, lists, tags, renames and deletes a user", async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: "alice", Path: "/people/", Tags: [{ Key: "team", Value: "a" }] }));
    expect(created.User).toMatchObject({ UserName: "alice", Path: "/people/", Arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`, CreateDate: new Date(NOW), Tags: [{ Key: "team", Value: "a" }] });
    expect(created.User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(await errorOf(iam.send(new CreateUserCommand({ UserName: "alice" })))).toEqual({
      code: "EntityAlreadyExistsException",
      status: 409,
      message: "User with name alice already exists.",
    });
    await iam.send(new TagUserCommand({ UserName: "alice", Tags: [{ Key: "TEAM", Value: "b" }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: "alice" }))).Tags).toEqual([{ Key: "TEAM", Value: "b" }]);
    const listed = (await iam.send(new ListUsersCommand({ PathPrefix: "/people/" }))).Users;
    expect(listed?.map((u) => u.UserName)).toEqual(["alice"]);
    // ListUsers answers no Tags nor PermissionsBoundary.
    expect(listed?.[0]?.Tags).toBeUndefined();
    await iam.send(new UpdateUserCommand({ UserName: "alice", NewUserName: "alice2", NewPath: "/staff/" }));
    expect((await iam.send(new GetUserCommand({ UserName: "alice2" }))).User).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/staff/alice2`, UserId: created.User?.UserId });
    expect(await errorOf(iam.send(new GetUserCommand({ UserName: "alice" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: "The user with name alice cannot be found.",
    });
    await iam.send(new DeleteUserCommand({ UserName: "alice2" }));
  });

  it("GetUser without a name answers the root user for the sandbox's keys, and the IAM user for its own keys", async () => {
    const root = await iam.send(new GetUserCommand({}));
    expect(root.User).toMatchObject({ UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
    expect(root.User?.UserName).toBeUndefined();
    await iam.send(new CreateUserCommand({ UserName: "bob" }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "bob" }))).AccessKey;
    const asBob = server.client({ accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" });
    expect((await asBob.send(new GetUserCommand({}))).User?.UserName).toBe("bob");
    expect((await asBob.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([key?.AccessKeyId]);
    // Temporary credentials (an assumed role's ASIA… key) are no user.
    const asRole = server.client({ accessKeyId: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "x" });
    expect(await errorOf(asRole.send(new GetUserCommand({})))).toEqual({
      code: "ValidationError",
      status: 400,
      message: "Must specify userName when calling with non-User credentials",
    });
  });

  it("refuses to delete a user with a login profile, access keys, policies or groups", async () => {
    await iam.send(new CreateUserCommand({ UserName: "carol" }));
    await iam.send(new CreateLoginProfileCommand({ UserName: "carol", Password: "Secret-123", PasswordResetRequired: true }));
    expect((await iam.send(new GetLoginProfileCommand({ UserName: "carol" }))).LoginProfile).toMatchObject({ UserName: "carol", PasswordResetRequired: true });
    expect(await errorOf(iam.send(new CreateLoginProfileCommand({ UserName: "carol", Password: "x-Secret-123" })))).toMatchObject({
      code: "EntityAlreadyExistsException",
      message: "Login Profile for user carol already exists.",
    });
    expect(await errorOf(iam.send(new DeleteUserCommand({ UserName: "carol" })))).toEqual({
      code: "DeleteConflictException",
      status: 409,
      message: "Cannot delete entity, must delete login profile first.",
    });
    await iam.send(new DeleteLoginProfileCommand({ UserName: "carol" }));
    expect(await errorOf(iam.send(new GetLoginProfileCommand({ UserName: "carol" })))).toMatchObject({ message: "Login Profile for User carol cannot be found." });
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "carol" }))).AccessKey;
    expect(await errorOf(iam.send(new DeleteUserCommand({ UserName: "carol" })))).toMatchObject({ message: "Cannot delete entity, must delete access keys first." });
    await iam.send(new DeleteAccessKeyCommand({ UserName: "carol", AccessKeyId: key?.AccessKeyId }));
    await iam.send(new AttachUserPolicyCommand({ UserName: "carol", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    expect(await errorOf(iam.send(new DeleteUserCommand({ UserName: "carol" })))).toMatchObject({ message: "Cannot delete entity, must detach all policies first." });
    await iam.send(new DetachUserPolicyCommand({ UserName: "carol", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "carol", PolicyName: "p", PolicyDocument: S3_READ }));
    expect(await errorOf(iam.send(new DeleteUserCommand({ UserName: "carol" })))).toMatchObject({ message: "Cannot delete entity, must delete policies first." });
    await iam.send(new DeleteUserPolicyCommand({ UserName: "carol", PolicyName: "p" }));
    await iam.send(new CreateGroupCommand({ GroupName: "carols" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "carols", UserName: "carol" }));
    expect(await errorOf(iam.send(new DeleteUserCommand({ UserName: "carol" })))).toMatchObject({ message: "Cannot delete entity, must remove users from group first." });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: "carols", UserName: "carol" }));
    await iam.send(new DeleteUserCommand({ UserName: "carol" }));
  });
});

describe("access keys", () => {
  it("creates up to two AKIA keys, deactivates and deletes them", async () => {
    await iam.send(new CreateUserCommand({ UserName: "keys" }));
    const first = (await iam.send(new CreateAccessKeyCommand({ UserName: "keys" }))).AccessKey;
    expect(first).toMatchObject({ UserName: "keys", Status: "Active", CreateDate: new Date(NOW) });
    expect(first?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(first?.SecretAccessKey).toHaveLength(40);
    await iam.send(new CreateAccessKeyCommand({ UserName: "keys" }));
    expect(await errorOf(iam.send(new CreateAccessKeyCommand({ UserName: "keys" })))).toEqual({
      code: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for AccessKeysPerUser: 2",
    });
    await iam.send(new UpdateAccessKeyCommand({ UserName: "keys", AccessKeyId: first?.AccessKeyId, Status: "Inactive" }));
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: "keys" }));
    expect(listed.AccessKeyMetadata?.find((k) => k.AccessKeyId === first?.AccessKeyId)).toMatchObject({ Status: "Inactive", UserName: "keys" });
    expect((await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: first?.AccessKeyId }))).AccessKeyLastUsed).toEqual({ ServiceName: "N/A", Region: "N/A" });
    await iam.send(new DeleteAccessKeyCommand({ UserName: "keys", AccessKeyId: first?.AccessKeyId }));
    expect(await errorOf(iam.send(new DeleteAccessKeyCommand({ UserName: "keys", AccessKeyId: first?.AccessKeyId })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: `The Access Key with id ${first?.AccessKeyId} cannot be found.`,
    });
  });
});

describe("groups", () => {
  it("holds members and policies, and refuses deletion until they are gone", async () => {
    const created = await iam.send(new CreateGroupCommand({ GroupName: "devs", Path: "/eng/" }));
    expect(created.Group).toMatchObject({ GroupName: "devs", Path: "/eng/", Arn: `arn:aws:iam::${ACCOUNT}:group/eng/devs` });
    expect(created.Group?.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(await errorOf(iam.send(new CreateGroupCommand({ GroupName: "devs" })))).toMatchObject({ code: "EntityAlreadyExistsException", message: "Group with name devs already exists." });
    await iam.send(new CreateUserCommand({ UserName: "dana" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "dana" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "dana" }));
    expect((await iam.send(new GetGroupCommand({ GroupName: "devs" }))).Users?.map((u) => u.UserName)).toEqual(["dana"]);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: "dana" }))).Groups?.map((g) => g.GroupName)).toEqual(["devs"]);
    expect(await errorOf(iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "nobody" })))).toMatchObject({ message: "The user with name nobody cannot be found." });
    await iam.send(new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "read", PolicyDocument: S3_READ }));
    expect(decodeURIComponent((await iam.send(new GetGroupPolicyCommand({ GroupName: "devs", PolicyName: "read" }))).PolicyDocument ?? "")).toBe(S3_READ);
    expect(await errorOf(iam.send(new DeleteGroupCommand({ GroupName: "devs" })))).toMatchObject({ message: "Cannot delete entity, must delete policies first." });
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: "devs", PolicyName: "read" }));
    expect(await errorOf(iam.send(new DeleteGroupCommand({ GroupName: "devs" })))).toMatchObject({ message: "Cannot delete entity, must remove users from group first." });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: "devs", UserName: "dana" }));
    await iam.send(new DeleteGroupCommand({ GroupName: "devs" }));
    expect((await iam.send(new ListGroupsCommand({}))).Groups?.map((g) => g.GroupName)).not.toContain("devs");
    expect(await errorOf(iam.send(new GetGroupCommand({ GroupName: "devs" })))).toEqual({
      code: "NoSuchEntityException",
      status: 404,
      message: "The group with name devs cannot be found.",
    });
  });

  it("keeps a renamed user in its groups", async () => {
    await iam.send(new CreateGroupCommand({ GroupName: "ops" }));
    await iam.send(new CreateUserCommand({ UserName: "erin" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "ops", UserName: "erin" }));
    await iam.send(new UpdateUserCommand({ UserName: "erin", NewUserName: "erin2" }));
    expect((await iam.send(new GetGroupCommand({ GroupName: "ops" }))).Users?.map((u) => u.UserName)).toEqual(["erin2"]);
  });
});
