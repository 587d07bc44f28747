/**
 * X-Ray groups (CreateGroup, GetGroup, GetGroups, UpdateGroup, DeleteGroup). A group is a
 * named filter expression; "Default" always exists (seeded in the state), matches every
 * trace and cannot be given a filter or deleted; its insights can be switched on. Group ARNs: arn:aws:xray:<region>:<account>:group/<name>/<id>
 * (the Default group's has no id).
 */
import { arn, xrayGroupId, type DurableState } from "@sam-sandbox/core";
import { InvalidRequestException, messages } from "../errors.js";
import { parseFilter, type FilterNode } from "../filter/parse.js";
import { DEFAULT_NAME, MAX_GROUPS } from "../limits.js";
import { change, type ConfigRecord, type ConfigState, type InsightsConfiguration, type StoredGroup, type Tag } from "./config.js";
import { checkTags } from "./tags.js";

export interface GroupRef {
  GroupName?: string;
  GroupARN?: string;
}

export interface CreateGroupInput {
  GroupName: string;
  FilterExpression?: string;
  InsightsConfiguration?: Partial<InsightsConfiguration>;
  Tags?: Tag[];
}

export interface UpdateGroupInput extends GroupRef {
  FilterExpression?: string;
  InsightsConfiguration?: Partial<InsightsConfiguration>;
}

export interface Account {
  region: string;
  accountId: string;
}

const NO_INSIGHTS: InsightsConfiguration = { InsightsEnabled: false, NotificationsEnabled: false };

export function defaultGroup(account: Account): StoredGroup {
  return { GroupName: DEFAULT_NAME, GroupARN: groupArn(account, `group/${DEFAULT_NAME}`), InsightsConfiguration: NO_INSIGHTS, Tags: [] };
}

function groupArn(account: Account, resource: string): string {
  return arn({ service: "xray", region: account.region, account: account.accountId, resource });
}


/** The API's view of a group (no tags). */
export function groupView(group: StoredGroup): Record<string, unknown> {
  return {
    GroupName: group.GroupName,
    GroupARN: group.GroupARN,
    ...(group.FilterExpression !== undefined ? { FilterExpression: group.FilterExpression } : {}),
    InsightsConfiguration: group.InsightsConfiguration,
  };
}

/** The group a request names by GroupName or GroupARN ("Group not found" otherwise). */
export function findGroup(state: ConfigState, account: Account, ref: GroupRef): StoredGroup {
  if (ref.GroupName === undefined && ref.GroupARN === undefined) throw new InvalidRequestException(messages.groupNameOrArn());
  let group: StoredGroup | undefined;
  if (ref.GroupARN !== undefined) {
    group = [...state.groups.values()].find((g) => g.GroupARN === ref.GroupARN);
    if (group !== undefined && ref.GroupName !== undefined && group.GroupName !== ref.GroupName) group = undefined;
  } else if (ref.GroupName !== undefined) {
    group = state.groups.get(ref.GroupName);
  }
  if (group === undefined) throw new InvalidRequestException(messages.groupNotFound());
  return group;
}

/** The filter of the group a read names (none for Default or when no group is named). */
export function groupFilter(state: ConfigState, account: Account, ref: GroupRef): FilterNode | undefined {
  if (ref.GroupName === undefined && ref.GroupARN === undefined) return undefined;
  const group = findGroup(state, account, ref);
  return group.FilterExpression === undefined ? undefined : parseFilter(group.FilterExpression);
}

/** "Notifications may only be enabled on a group with InsightsEnabled set to true" (X-Ray API reference, CreateGroup). */
function insights(given: Partial<InsightsConfiguration> | undefined, base: InsightsConfiguration): InsightsConfiguration {
  const merged = {
    InsightsEnabled: given?.InsightsEnabled ?? base.InsightsEnabled,
    NotificationsEnabled: given?.NotificationsEnabled ?? base.NotificationsEnabled,
  };
  if (merged.NotificationsEnabled && !merged.InsightsEnabled) throw new InvalidRequestException(messages.notificationsWithoutInsights());
  return merged;
}

function checkFilter(expression: string | undefined): void {
  if (expression !== undefined && expression.trim() !== "") parseFilter(expression);
}

export async function createGroup(durable: DurableState<ConfigState, ConfigRecord>, account: Account, input: CreateGroupInput) {
  const state = durable.state;
  if (state.groups.has(input.GroupName)) throw new InvalidRequestException(messages.groupExists());
  if (state.groups.size >= MAX_GROUPS) throw new InvalidRequestException(messages.groupLimit(MAX_GROUPS));
  checkFilter(input.FilterExpression);
  const GroupARN = groupArn(account, `group/${input.GroupName}/${xrayGroupId(account.accountId, account.region, input.GroupName)}`);
  const tags = checkTags([], input.Tags ?? [], GroupARN);
  const group: StoredGroup = {
    GroupName: input.GroupName,
    GroupARN,
    ...(input.FilterExpression !== undefined ? { FilterExpression: input.FilterExpression } : {}),
    InsightsConfiguration: insights(input.InsightsConfiguration, NO_INSIGHTS),
    Tags: tags,
  };
  await change(durable, { t: "group", name: group.GroupName, value: group });
  return { Group: groupView(group) };
}

export function getGroup(state: ConfigState, account: Account, input: GroupRef) {
  return { Group: groupView(findGroup(state, account, input)) };
}

/** Default first, then the others in the order they were created. */
export function getGroups(state: ConfigState) {
  return { Groups: [...state.groups.values()].map(groupView) };
}

export async function updateGroup(durable: DurableState<ConfigState, ConfigRecord>, account: Account, input: UpdateGroupInput) {
  const group = findGroup(durable.state, account, input);
  // The Default group holds every trace: its insights can be switched on, it takes no filter.
  if (group.GroupName === DEFAULT_NAME && input.FilterExpression !== undefined) throw new InvalidRequestException(messages.defaultGroup());
  checkFilter(input.FilterExpression);
  const updated: StoredGroup = {
    ...group,
    ...(input.FilterExpression !== undefined ? { FilterExpression: input.FilterExpression } : {}),
    InsightsConfiguration: insights(input.InsightsConfiguration, group.InsightsConfiguration),
  };
  await change(durable, { t: "group", name: group.GroupName, value: updated });
  return { Group: groupView(updated) };
}

export async function deleteGroup(durable: DurableState<ConfigState, ConfigRecord>, account: Account, input: GroupRef) {
  const group = findGroup(durable.state, account, input);
  if (group.GroupName === DEFAULT_NAME) throw new InvalidRequestException(messages.defaultGroup());
  await change(durable, { t: "group", name: group.GroupName });
  return {};
}

/** Fills in the filter of every group.name / group.arn keyword ("Group not found" for an unknown group). */
export function resolveGroups(node: FilterNode, state: ConfigState, account: Account): FilterNode {
  switch (node.kind) {
    case "and":
    case "or":
      return { ...node, left: resolveGroups(node.left, state, account), right: resolveGroups(node.right, state, account) };
    case "not":
      return { ...node, expr: resolveGroups(node.expr, state, account) };
    case "group": {
      const group = findGroup(state, account, node.by === "name" ? { GroupName: node.value } : { GroupARN: node.value });
      // One level only: a group's own filter cannot name groups in turn.
      return group.FilterExpression === undefined ? { ...node } : { ...node, filter: parseFilter(group.FilterExpression) };
    }
    default:
      return node;
  }
}
