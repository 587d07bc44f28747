/** Groups and their members. */
import { groupExists, mustDeletePolicies, mustDetachPolicies, mustRemoveUsersFromGroup, noSuchGroup } from "../errors.js";
import { change, iamArn, now, put, remove, state, type IamContext } from "./context.js";
import { uniqueId } from "./ids.js";
import { page, sortedBy } from "./page.js";
import type { StoredGroup } from "./state.js";
import { findUser, groupsOfUser, userView } from "./users.js";

export function findGroup(ctx: IamContext, name: string): StoredGroup {
  const group = Object.hasOwn(state(ctx).groups, name) ? state(ctx).groups[name] : undefined;
  if (group === undefined) throw noSuchGroup(name);
  return group;
}

export function groupView(group: StoredGroup) {
  return { Path: group.Path, GroupName: group.GroupName, GroupId: group.GroupId, Arn: group.Arn, CreateDate: new Date(group.CreateDate) };
}

export async function createGroup(ctx: IamContext, input: { GroupName: string; Path?: string }) {
  if (Object.hasOwn(state(ctx).groups, input.GroupName)) throw groupExists(input.GroupName);
  const path = input.Path ?? "/";
  const group: StoredGroup = {
    GroupName: input.GroupName,
    GroupId: uniqueId("group"),
    Path: path,
    Arn: iamArn(ctx, "group", path, input.GroupName),
    CreateDate: now(ctx),
    inline: {},
    attached: [],
    members: [],
  };
  await change(ctx, put("groups", group.GroupName, group));
  return { Group: groupView(group) };
}

export function getGroup(ctx: IamContext, input: { GroupName: string; Marker?: string; MaxItems?: number }) {
  const group = findGroup(ctx, input.GroupName);
  const users = group.members.flatMap((name) => (Object.hasOwn(state(ctx).users, name) ? [state(ctx).users[name]] : []));
  const { items, ...rest } = page(users, (u) => u.UserName, input.Marker, input.MaxItems);
  return { Group: groupView(group), Users: items.map((u) => userView(u, "list")), ...rest };
}

export function listGroups(ctx: IamContext, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const groups = sortedBy(Object.values(state(ctx).groups), (g) => g.GroupName).filter((g) => g.Path.startsWith(input.PathPrefix ?? "/"));
  const { items, ...rest } = page(groups, (g) => g.GroupName, input.Marker, input.MaxItems);
  return { Groups: items.map(groupView), ...rest };
}

export async function updateGroup(ctx: IamContext, input: { GroupName: string; NewPath?: string; NewGroupName?: string }) {
  const group = findGroup(ctx, input.GroupName);
  const name = input.NewGroupName ?? group.GroupName;
  if (name !== group.GroupName && Object.hasOwn(state(ctx).groups, name)) throw groupExists(name);
  const path = input.NewPath ?? group.Path;
  await change(ctx, remove("groups", group.GroupName), put("groups", name, { ...group, GroupName: name, Path: path, Arn: iamArn(ctx, "group", path, name) }));
}

export async function deleteGroup(ctx: IamContext, input: { GroupName: string }) {
  const group = findGroup(ctx, input.GroupName);
  if (group.attached.length > 0) throw mustDetachPolicies();
  if (Object.keys(group.inline).length > 0) throw mustDeletePolicies();
  if (group.members.length > 0) throw mustRemoveUsersFromGroup();
  await change(ctx, remove("groups", group.GroupName));
}

export async function addUserToGroup(ctx: IamContext, input: { GroupName: string; UserName: string }) {
  findUser(ctx, input.UserName);
  const group = findGroup(ctx, input.GroupName);
  if (group.members.includes(input.UserName)) return;
  await change(ctx, put("groups", group.GroupName, { ...group, members: [...group.members, input.UserName] }));
}

export async function removeUserFromGroup(ctx: IamContext, input: { GroupName: string; UserName: string }) {
  findUser(ctx, input.UserName);
  const group = findGroup(ctx, input.GroupName);
  if (!group.members.includes(input.UserName)) return;
  await change(ctx, put("groups", group.GroupName, { ...group, members: group.members.filter((m) => m !== input.UserName) }));
}

export function listGroupsForUser(ctx: IamContext, input: { UserName: string; Marker?: string; MaxItems?: number }) {
  findUser(ctx, input.UserName);
  const { items, ...rest } = page(sortedBy(groupsOfUser(ctx, input.UserName), (g) => g.GroupName), (g) => g.GroupName, input.Marker, input.MaxItems);
  return { Groups: items.map(groupView), ...rest };
}
