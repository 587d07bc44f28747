/** Instance profiles: a role's container for EC2 (stored; nothing runs). */
import { instanceProfileExists, instanceProfileRoleQuota, mustRemoveFromInstanceProfile, noSuchInstanceProfile, noSuchRole } from "../errors.js";
import { MAX_ROLES_PER_INSTANCE_PROFILE } from "../limits.js";
import { change, iamArn, now, put, remove, state, type IamContext } from "./context.js";
import { uniqueId } from "./ids.js";
import { page, sortedBy } from "./page.js";
import { findRole, profilesOfRole, roleView } from "./roles.js";
import type { StoredInstanceProfile, Tag } from "./state.js";
import { checkTags, mergeTags, removeTags, tagList } from "./tags.js";

function findProfile(ctx: IamContext, name: string): StoredInstanceProfile {
  const profile = Object.hasOwn(state(ctx).instanceProfiles, name) ? state(ctx).instanceProfiles[name] : undefined;
  if (profile === undefined) throw noSuchInstanceProfile(name);
  return profile;
}

function profileView(ctx: IamContext, profile: StoredInstanceProfile) {
  const roles = profile.roles.flatMap((name) => (Object.hasOwn(state(ctx).roles, name) ? [roleView(state(ctx).roles[name], "list")] : []));
  return {
    Path: profile.Path,
    InstanceProfileName: profile.InstanceProfileName,
    InstanceProfileId: profile.InstanceProfileId,
    Arn: profile.Arn,
    CreateDate: new Date(profile.CreateDate),
    Roles: roles,
    ...(profile.Tags.length > 0 ? { Tags: profile.Tags } : {}),
  };
}

async function save(ctx: IamContext, profile: StoredInstanceProfile): Promise<void> {
  await change(ctx, put("instanceProfiles", profile.InstanceProfileName, profile));
}

export async function createInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string; Path?: string; Tags?: Tag[] }) {
  checkTags(input.Tags);
  if (Object.hasOwn(state(ctx).instanceProfiles, input.InstanceProfileName)) throw instanceProfileExists(input.InstanceProfileName);
  const path = input.Path ?? "/";
  const profile: StoredInstanceProfile = {
    InstanceProfileName: input.InstanceProfileName,
    InstanceProfileId: uniqueId("instanceProfile"),
    Path: path,
    Arn: iamArn(ctx, "instance-profile", path, input.InstanceProfileName),
    CreateDate: now(ctx),
    roles: [],
    Tags: tagList(input.Tags),
  };
  await save(ctx, profile);
  return { InstanceProfile: profileView(ctx, profile) };
}

export function getInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string }) {
  return { InstanceProfile: profileView(ctx, findProfile(ctx, input.InstanceProfileName)) };
}

export async function deleteInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string }) {
  const profile = findProfile(ctx, input.InstanceProfileName);
  if (profile.roles.length > 0) throw mustRemoveFromInstanceProfile();
  await change(ctx, remove("instanceProfiles", profile.InstanceProfileName));
}

export async function addRoleToInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string; RoleName: string }) {
  const profile = findProfile(ctx, input.InstanceProfileName);
  findRole(ctx, input.RoleName);
  if (profile.roles.length >= MAX_ROLES_PER_INSTANCE_PROFILE) throw instanceProfileRoleQuota();
  await save(ctx, { ...profile, roles: [...profile.roles, input.RoleName] });
}

export async function removeRoleFromInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string; RoleName: string }) {
  const profile = findProfile(ctx, input.InstanceProfileName);
  if (!profile.roles.includes(input.RoleName)) throw noSuchRole(input.RoleName);
  await save(ctx, { ...profile, roles: profile.roles.filter((r) => r !== input.RoleName) });
}

export function listInstanceProfiles(ctx: IamContext, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const profiles = sortedBy(Object.values(state(ctx).instanceProfiles), (p) => p.InstanceProfileName).filter((p) => p.Path.startsWith(input.PathPrefix ?? "/"));
  const { items, ...rest } = page(profiles, (p) => p.InstanceProfileName, input.Marker, input.MaxItems);
  return { InstanceProfiles: items.map((p) => profileView(ctx, p)), ...rest };
}

export function listInstanceProfilesForRole(ctx: IamContext, input: { RoleName: string; Marker?: string; MaxItems?: number }) {
  findRole(ctx, input.RoleName);
  const profiles = sortedBy(profilesOfRole(ctx, input.RoleName), (p) => p.InstanceProfileName);
  const { items, ...rest } = page(profiles, (p) => p.InstanceProfileName, input.Marker, input.MaxItems);
  return { InstanceProfiles: items.map((p) => profileView(ctx, p)), ...rest };
}

export async function tagInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string; Tags: Tag[] }) {
  checkTags(input.Tags);
  const profile = findProfile(ctx, input.InstanceProfileName);
  await save(ctx, { ...profile, Tags: mergeTags(profile.Tags, input.Tags) });
}

export async function untagInstanceProfile(ctx: IamContext, input: { InstanceProfileName: string; TagKeys: string[] }) {
  const profile = findProfile(ctx, input.InstanceProfileName);
  await save(ctx, { ...profile, Tags: removeTags(profile.Tags, input.TagKeys) });
}

export function listInstanceProfileTags(ctx: IamContext, input: { InstanceProfileName: string; Marker?: string; MaxItems?: number }) {
  const { items, ...rest } = page(findProfile(ctx, input.InstanceProfileName).Tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: items, ...rest };
}
