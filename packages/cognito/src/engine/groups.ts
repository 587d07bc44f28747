/** CreateGroup … ListUsersInGroup: groups and membership (cognito:groups in tokens). */
import { groupNotFound, GroupExistsException } from "../errors.js";
import { MAX_LIST_GROUPS } from "../limits.js";
import { page, poolOf, userOf, write, type CognitoContext, type Input } from "./context.js";
import type { Group, PoolState } from "./state.js";
import { userSummary } from "./users.js";

function groupType(poolId: string, g: Group): Record<string, unknown> {
  return {
    GroupName: g.name,
    UserPoolId: poolId,
    ...(g.description !== undefined ? { Description: g.description } : {}),
    ...(g.roleArn !== undefined ? { RoleArn: g.roleArn } : {}),
    ...(g.precedence !== undefined ? { Precedence: g.precedence } : {}),
    LastModifiedDate: g.modified / 1000,
    CreationDate: g.created / 1000,
  };
}

function groupOf(pool: PoolState, name: string): Group {
  const group = pool.groups.get(name);
  if (!group) throw groupNotFound();
  return group;
}

export async function createGroup(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const name = String(input.GroupName);
  if (pool.groups.has(name)) throw new GroupExistsException(`A group with the name ${name} already exists.`);
  const now = ctx.clock.now();
  const group: Group = {
    name,
    ...(input.Description !== undefined ? { description: String(input.Description) } : {}),
    ...(input.RoleArn !== undefined ? { roleArn: String(input.RoleArn) } : {}),
    ...(input.Precedence !== undefined ? { precedence: Number(input.Precedence) } : {}),
    created: now,
    modified: now,
  };
  await write(ctx, { t: "group", poolId: pool.pool.id, group });
  return { Group: groupType(pool.pool.id, group) };
}

export async function updateGroup(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const old = groupOf(pool, String(input.GroupName));
  const group: Group = {
    ...old,
    ...(input.Description !== undefined ? { description: String(input.Description) } : {}),
    ...(input.RoleArn !== undefined ? { roleArn: String(input.RoleArn) } : {}),
    ...(input.Precedence !== undefined ? { precedence: Number(input.Precedence) } : {}),
    modified: ctx.clock.now(),
  };
  await write(ctx, { t: "group", poolId: pool.pool.id, group });
  return { Group: groupType(pool.pool.id, group) };
}

export function getGroup(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return { Group: groupType(pool.pool.id, groupOf(pool, String(input.GroupName))) };
}

export function listGroups(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const { items, next } = page([...pool.groups.values()], (g) => g.name, input.Limit, input.NextToken, MAX_LIST_GROUPS);
  return { Groups: items.map((g) => groupType(pool.pool.id, g)), ...(next ? { NextToken: next } : {}) };
}

export async function deleteGroup(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const group = groupOf(pool, String(input.GroupName));
  await write(ctx, { t: "deleteGroup", poolId: pool.pool.id, name: group.name });
  return {};
}

export async function adminAddUserToGroup(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const group = groupOf(pool, String(input.GroupName));
  if (!user.groups.includes(group.name)) {
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, groups: [...user.groups, group.name] } });
  }
  return {};
}

export async function adminRemoveUserFromGroup(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const group = groupOf(pool, String(input.GroupName));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, groups: user.groups.filter((g) => g !== group.name) } });
  return {};
}

export function adminListGroupsForUser(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const groups = user.groups.map((name) => pool.groups.get(name)).filter((g) => g !== undefined);
  const { items, next } = page(groups, (g) => g.name, input.Limit, input.NextToken, MAX_LIST_GROUPS);
  return { Groups: items.map((g) => groupType(pool.pool.id, g)), ...(next ? { NextToken: next } : {}) };
}

export function listUsersInGroup(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const group = groupOf(pool, String(input.GroupName));
  const users = [...pool.users.values()].filter((u) => u.groups.includes(group.name));
  const { items, next } = page(users, (u) => u.username, input.Limit, input.NextToken, MAX_LIST_GROUPS);
  return { Users: items.map((u) => userSummary(u)), ...(next ? { NextToken: next } : {}) };
}
