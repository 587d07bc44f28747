/** Users: CreateUser … DeleteUser, tags, permissions boundaries, login profiles, access keys. */
import {
  accessKeyQuota, loginProfileExists, mustDeleteAccessKeys, mustDeleteLoginProfile, mustDeletePolicies, mustDetachPolicies, mustRemoveUsersFromGroup,
  noSuchAccessKey, noSuchLoginProfile, noSuchUser, userExists, userNameRequired,
} from "../errors.js";
import { MAX_ACCESS_KEYS_PER_USER } from "../limits.js";
import { boundaryView, checkBoundary } from "./boundary.js";
import { change, iamArn, now, put, remove, state, type IamContext } from "./context.js";
import { accessKeyId, secretAccessKey, uniqueId } from "./ids.js";
import { page, sortedBy } from "./page.js";
import type { StoredAccessKey, StoredUser, Tag } from "./state.js";
import { checkTags, mergeTags, removeTags, tagList } from "./tags.js";

export function findUser(ctx: IamContext, name: string): StoredUser {
  const user = Object.hasOwn(state(ctx).users, name) ? state(ctx).users[name] : undefined;
  if (user === undefined) throw noSuchUser(name);
  return user;
}

/** The user whose access key signed the request, if an IAM user's key did. */
export function userOfAccessKey(ctx: IamContext, keyId: string | undefined): StoredUser | undefined {
  if (keyId === undefined) return undefined;
  return Object.values(state(ctx).users).find((u) => u.accessKeys.some((k) => k.AccessKeyId === keyId));
}

/**
 * The user an action without UserName is about: the IAM user whose key signed it. The sandbox's
 * default credentials are the account's root user, which has no user name.
 */
function callerUserName(ctx: IamContext, userName: string | undefined, callerKeyId: string | undefined): string {
  if (userName !== undefined) return userName;
  const caller = userOfAccessKey(ctx, callerKeyId);
  if (caller === undefined) throw userNameRequired();
  return caller.UserName;
}

/** The User shape; listed ("list"), without PermissionsBoundary and Tags (API reference, ListUsers). */
export function userView(user: StoredUser, form: "full" | "list" = "full") {
  return {
    Path: user.Path,
    UserName: user.UserName,
    UserId: user.UserId,
    Arn: user.Arn,
    CreateDate: new Date(user.CreateDate),
    ...(form === "full" && user.PermissionsBoundary !== undefined ? { PermissionsBoundary: boundaryView(user.PermissionsBoundary) } : {}),
    ...(form === "full" && user.Tags.length > 0 ? { Tags: user.Tags } : {}),
  };
}

async function save(ctx: IamContext, user: StoredUser): Promise<void> {
  await change(ctx, put("users", user.UserName, user));
}

export async function createUser(ctx: IamContext, input: { UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: Tag[] }) {
  checkTags(input.Tags);
  if (input.PermissionsBoundary !== undefined) checkBoundary(ctx, input.PermissionsBoundary);
  if (Object.hasOwn(state(ctx).users, input.UserName)) throw userExists(input.UserName);
  const path = input.Path ?? "/";
  const user: StoredUser = {
    UserName: input.UserName,
    UserId: uniqueId("user"),
    Path: path,
    Arn: iamArn(ctx, "user", path, input.UserName),
    CreateDate: now(ctx),
    ...(input.PermissionsBoundary !== undefined ? { PermissionsBoundary: input.PermissionsBoundary } : {}),
    Tags: tagList(input.Tags),
    inline: {},
    attached: [],
    accessKeys: [],
  };
  await save(ctx, user);
  return { User: userView(user) };
}

/**
 * GetUser. Without UserName it answers the caller: the IAM user whose key signed the request,
 * or the account's root user (its account id as UserId, the :root ARN, no name or path), as
 * IAM answers a root caller (LocalStack's provider, after AWS).
 */
export function getUser(ctx: IamContext, input: { UserName?: string }, callerKeyId: string | undefined, startedAt: number) {
  if (input.UserName !== undefined) return { User: userView(findUser(ctx, input.UserName)) };
  const caller = userOfAccessKey(ctx, callerKeyId);
  if (caller !== undefined) return { User: userView(caller) };
  // Temporary credentials (STS's ASIA… keys: an assumed role, a federated user) are no user.
  if (callerKeyId?.startsWith("ASIA") === true) throw userNameRequired();
  return { User: { UserId: ctx.accountId, Arn: `arn:${ctx.partition}:iam::${ctx.accountId}:root`, CreateDate: new Date(startedAt) } };
}

export function listUsers(ctx: IamContext, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const users = sortedBy(Object.values(state(ctx).users), (u) => u.UserName).filter((u) => u.Path.startsWith(input.PathPrefix ?? "/"));
  const { items, ...rest } = page(users, (u) => u.UserName, input.Marker, input.MaxItems);
  return { Users: items.map((u) => userView(u, "list")), ...rest };
}

/** Renaming or moving a user; its groups keep it under the new name. */
export async function updateUser(ctx: IamContext, input: { UserName: string; NewPath?: string; NewUserName?: string }) {
  const user = findUser(ctx, input.UserName);
  const name = input.NewUserName ?? user.UserName;
  if (name !== user.UserName && Object.hasOwn(state(ctx).users, name)) throw userExists(name);
  const path = input.NewPath ?? user.Path;
  const updated: StoredUser = { ...user, UserName: name, Path: path, Arn: iamArn(ctx, "user", path, name) };
  const groups = Object.values(state(ctx).groups)
    .filter((g) => g.members.includes(user.UserName))
    .map((g) => put("groups", g.GroupName, { ...g, members: g.members.map((m) => (m === user.UserName ? name : m)) }));
  await change(ctx, remove("users", user.UserName), put("users", name, updated), ...groups);
}

export function groupsOfUser(ctx: IamContext, userName: string) {
  return Object.values(state(ctx).groups).filter((g) => g.members.includes(userName));
}

export async function deleteUser(ctx: IamContext, input: { UserName: string }) {
  const user = findUser(ctx, input.UserName);
  if (user.loginProfile !== undefined) throw mustDeleteLoginProfile();
  if (user.accessKeys.length > 0) throw mustDeleteAccessKeys();
  if (user.attached.length > 0) throw mustDetachPolicies();
  if (Object.keys(user.inline).length > 0) throw mustDeletePolicies();
  if (groupsOfUser(ctx, user.UserName).length > 0) throw mustRemoveUsersFromGroup();
  await change(ctx, remove("users", user.UserName));
}

export async function tagUser(ctx: IamContext, input: { UserName: string; Tags: Tag[] }) {
  checkTags(input.Tags);
  const user = findUser(ctx, input.UserName);
  await save(ctx, { ...user, Tags: mergeTags(user.Tags, input.Tags) });
}

export async function untagUser(ctx: IamContext, input: { UserName: string; TagKeys: string[] }) {
  const user = findUser(ctx, input.UserName);
  await save(ctx, { ...user, Tags: removeTags(user.Tags, input.TagKeys) });
}

export function listUserTags(ctx: IamContext, input: { UserName: string; Marker?: string; MaxItems?: number }) {
  const { items, ...rest } = page(findUser(ctx, input.UserName).Tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: items, ...rest };
}

export async function putUserPermissionsBoundary(ctx: IamContext, input: { UserName: string; PermissionsBoundary: string }) {
  checkBoundary(ctx, input.PermissionsBoundary);
  await save(ctx, { ...findUser(ctx, input.UserName), PermissionsBoundary: input.PermissionsBoundary });
}

export async function deleteUserPermissionsBoundary(ctx: IamContext, input: { UserName: string }) {
  const { PermissionsBoundary: _dropped, ...user } = findUser(ctx, input.UserName);
  await save(ctx, user);
}

// Login profiles: the user's console password (kept only as "has one"; nothing signs in with it).

export async function createLoginProfile(ctx: IamContext, input: { UserName?: string; Password?: string; PasswordResetRequired?: boolean }, callerKeyId: string | undefined) {
  const user = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  if (user.loginProfile !== undefined) throw loginProfileExists(user.UserName);
  const loginProfile = { CreateDate: now(ctx), PasswordResetRequired: input.PasswordResetRequired ?? false };
  await save(ctx, { ...user, loginProfile });
  return { LoginProfile: { UserName: user.UserName, CreateDate: new Date(loginProfile.CreateDate), PasswordResetRequired: loginProfile.PasswordResetRequired } };
}

export function getLoginProfile(ctx: IamContext, input: { UserName?: string }, callerKeyId: string | undefined) {
  const user = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  if (user.loginProfile === undefined) throw noSuchLoginProfile(user.UserName);
  return { LoginProfile: { UserName: user.UserName, CreateDate: new Date(user.loginProfile.CreateDate), PasswordResetRequired: user.loginProfile.PasswordResetRequired } };
}

export async function updateLoginProfile(ctx: IamContext, input: { UserName: string; PasswordResetRequired?: boolean }) {
  const user = findUser(ctx, input.UserName);
  if (user.loginProfile === undefined) throw noSuchLoginProfile(user.UserName);
  const reset = input.PasswordResetRequired ?? user.loginProfile.PasswordResetRequired;
  await save(ctx, { ...user, loginProfile: { ...user.loginProfile, PasswordResetRequired: reset } });
}

export async function deleteLoginProfile(ctx: IamContext, input: { UserName?: string }, callerKeyId: string | undefined) {
  const { loginProfile, ...user } = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  if (loginProfile === undefined) throw noSuchLoginProfile(user.UserName);
  await save(ctx, user);
}

// Access keys.

export async function createAccessKey(ctx: IamContext, input: { UserName?: string }, callerKeyId: string | undefined) {
  const user = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  if (user.accessKeys.length >= MAX_ACCESS_KEYS_PER_USER) throw accessKeyQuota(MAX_ACCESS_KEYS_PER_USER);
  const key: StoredAccessKey = { AccessKeyId: accessKeyId(), SecretAccessKey: secretAccessKey(), Status: "Active", CreateDate: now(ctx) };
  await save(ctx, { ...user, accessKeys: [...user.accessKeys, key] });
  return { AccessKey: { UserName: user.UserName, AccessKeyId: key.AccessKeyId, Status: key.Status, SecretAccessKey: key.SecretAccessKey, CreateDate: new Date(key.CreateDate) } };
}

export function listAccessKeys(ctx: IamContext, input: { UserName?: string; Marker?: string; MaxItems?: number }, callerKeyId: string | undefined) {
  const user = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  const { items, ...rest } = page(user.accessKeys, (k) => k.AccessKeyId, input.Marker, input.MaxItems);
  return {
    AccessKeyMetadata: items.map((k) => ({ UserName: user.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) })),
    ...rest,
  };
}

function findKey(user: StoredUser, id: string): StoredAccessKey {
  const key = user.accessKeys.find((k) => k.AccessKeyId === id);
  if (key === undefined) throw noSuchAccessKey(id);
  return key;
}

export async function updateAccessKey(ctx: IamContext, input: { UserName?: string; AccessKeyId: string; Status: "Active" | "Inactive" }, callerKeyId: string | undefined) {
  const user = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  findKey(user, input.AccessKeyId);
  await save(ctx, { ...user, accessKeys: user.accessKeys.map((k) => (k.AccessKeyId === input.AccessKeyId ? { ...k, Status: input.Status } : k)) });
}

export async function deleteAccessKey(ctx: IamContext, input: { UserName?: string; AccessKeyId: string }, callerKeyId: string | undefined) {
  const user = findUser(ctx, callerUserName(ctx, input.UserName, callerKeyId));
  findKey(user, input.AccessKeyId);
  await save(ctx, { ...user, accessKeys: user.accessKeys.filter((k) => k.AccessKeyId !== input.AccessKeyId) });
}

/** A key never used answers ServiceName and Region "N/A" and no LastUsedDate (API reference, AccessKeyLastUsed). */
export function getAccessKeyLastUsed(ctx: IamContext, input: { AccessKeyId: string }) {
  const user = userOfAccessKey(ctx, input.AccessKeyId);
  if (user === undefined) throw noSuchAccessKey(input.AccessKeyId);
  return { UserName: user.UserName, AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" } };
}
