/** Roles: CreateRole … DeleteRole, tags, permissions boundaries, service-linked roles. */
import {
  mustDeletePolicies, mustDetachPolicies, mustRemoveFromInstanceProfile, noSuchRole, roleExists, serviceRoleTaken,
} from "../errors.js";
import { DEFAULT_MAX_SESSION_DURATION } from "../limits.js";
import { boundaryView, checkBoundary } from "./boundary.js";
import { change, iamArn, now, put, remove, state, type IamContext } from "./context.js";
import { randomUuid, uniqueId } from "./ids.js";
import { page, sortedBy } from "./page.js";
import { checkTrustPolicy, encodePolicy } from "./policyDocument.js";
import type { StoredRole, Tag } from "./state.js";
import { checkTags, mergeTags, removeTags, tagList } from "./tags.js";

export interface CreateRoleInput {
  RoleName: string;
  AssumeRolePolicyDocument: string;
  Path?: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

export function findRole(ctx: IamContext, name: string): StoredRole {
  const role = Object.hasOwn(state(ctx).roles, name) ? state(ctx).roles[name] : undefined;
  if (role === undefined) throw noSuchRole(name);
  return role;
}

/**
 * The Role shape: "full" as GetRole answers it, "list" as ListRoles and instance profiles do
 * (no PermissionsBoundary, RoleLastUsed nor Tags: API reference, ListRoles), "created" as
 * CreateRole does.
 */
export function roleView(role: StoredRole, form: "full" | "list" | "created") {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: encodePolicy(role.AssumeRolePolicyDocument),
    // CreateRole answers neither Description, MaxSessionDuration nor RoleLastUsed (LocalStack's snapshots recorded on AWS).
    ...(form !== "created" && role.Description !== undefined ? { Description: role.Description } : {}),
    ...(form !== "created" ? { MaxSessionDuration: role.MaxSessionDuration } : {}),
    ...(form !== "list" && role.PermissionsBoundary !== undefined ? { PermissionsBoundary: boundaryView(role.PermissionsBoundary) } : {}),
    ...(form !== "list" && role.Tags.length > 0 ? { Tags: role.Tags } : {}),
    ...(form === "full" ? { RoleLastUsed: {} } : {}),
  };
}

export async function createRole(ctx: IamContext, input: CreateRoleInput) {
  checkTrustPolicy(input.AssumeRolePolicyDocument);
  checkTags(input.Tags);
  if (input.PermissionsBoundary !== undefined) checkBoundary(ctx, input.PermissionsBoundary);
  if (Object.hasOwn(state(ctx).roles, input.RoleName)) throw roleExists(input.RoleName);
  const path = input.Path ?? "/";
  const role: StoredRole = {
    RoleName: input.RoleName,
    RoleId: uniqueId("role"),
    Path: path,
    Arn: iamArn(ctx, "role", path, input.RoleName),
    CreateDate: now(ctx),
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    MaxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    ...(input.PermissionsBoundary !== undefined ? { PermissionsBoundary: input.PermissionsBoundary } : {}),
    Tags: tagList(input.Tags),
    inline: {},
    attached: [],
  };
  await change(ctx, put("roles", role.RoleName, role));
  return { Role: roleView(role, "created") };
}

export function getRole(ctx: IamContext, input: { RoleName: string }) {
  return { Role: roleView(findRole(ctx, input.RoleName), "full") };
}

export function listRoles(ctx: IamContext, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const roles = sortedBy(Object.values(state(ctx).roles), (r) => r.RoleName).filter((r) => r.Path.startsWith(input.PathPrefix ?? "/"));
  const { items, ...rest } = page(roles, (r) => r.RoleName, input.Marker, input.MaxItems);
  return { Roles: items.map((r) => roleView(r, "list")), ...rest };
}

async function save(ctx: IamContext, role: StoredRole): Promise<void> {
  await change(ctx, put("roles", role.RoleName, role));
}

export async function updateRole(ctx: IamContext, input: { RoleName: string; Description?: string; MaxSessionDuration?: number }) {
  const role = findRole(ctx, input.RoleName);
  await save(ctx, {
    ...role,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.MaxSessionDuration !== undefined ? { MaxSessionDuration: input.MaxSessionDuration } : {}),
  });
  return {};
}

export async function updateRoleDescription(ctx: IamContext, input: { RoleName: string; Description: string }) {
  const role = { ...findRole(ctx, input.RoleName), Description: input.Description };
  await save(ctx, role);
  // Answered without MaxSessionDuration and RoleLastUsed, as CreateRole answers.
  return { Role: { ...roleView(role, "created"), Description: input.Description } };
}

export async function updateAssumeRolePolicy(ctx: IamContext, input: { RoleName: string; PolicyDocument: string }) {
  checkTrustPolicy(input.PolicyDocument);
  await save(ctx, { ...findRole(ctx, input.RoleName), AssumeRolePolicyDocument: input.PolicyDocument });
}

/** The instance profiles that hold a role. */
export function profilesOfRole(ctx: IamContext, roleName: string) {
  return Object.values(state(ctx).instanceProfiles).filter((p) => p.roles.includes(roleName));
}

export async function deleteRole(ctx: IamContext, input: { RoleName: string }) {
  const role = findRole(ctx, input.RoleName);
  if (profilesOfRole(ctx, role.RoleName).length > 0) throw mustRemoveFromInstanceProfile();
  if (role.attached.length > 0) throw mustDetachPolicies();
  if (Object.keys(role.inline).length > 0) throw mustDeletePolicies();
  await change(ctx, remove("roles", role.RoleName));
}

export async function tagRole(ctx: IamContext, input: { RoleName: string; Tags: Tag[] }) {
  checkTags(input.Tags);
  const role = findRole(ctx, input.RoleName);
  await save(ctx, { ...role, Tags: mergeTags(role.Tags, input.Tags) });
}

export async function untagRole(ctx: IamContext, input: { RoleName: string; TagKeys: string[] }) {
  const role = findRole(ctx, input.RoleName);
  await save(ctx, { ...role, Tags: removeTags(role.Tags, input.TagKeys) });
}

export function listRoleTags(ctx: IamContext, input: { RoleName: string; Marker?: string; MaxItems?: number }) {
  const { items, ...rest } = page(findRole(ctx, input.RoleName).Tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: items, ...rest };
}

export async function putRolePermissionsBoundary(ctx: IamContext, input: { RoleName: string; PermissionsBoundary: string }) {
  checkBoundary(ctx, input.PermissionsBoundary);
  await save(ctx, { ...findRole(ctx, input.RoleName), PermissionsBoundary: input.PermissionsBoundary });
}

export async function deleteRolePermissionsBoundary(ctx: IamContext, input: { RoleName: string }) {
  const { PermissionsBoundary: _dropped, ...role } = findRole(ctx, input.RoleName);
  await save(ctx, role);
}

/** The role names AWS gives its services' linked roles (IAM User Guide, "AWS services that work with IAM"). */
const LINKED_ROLE_NAMES: Record<string, string> = {
  "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
  "elasticbeanstalk.amazonaws.com": "AWSServiceRoleForElasticBeanstalk",
  "ecs.amazonaws.com": "AWSServiceRoleForECS",
  "elasticloadbalancing.amazonaws.com": "AWSServiceRoleForElasticLoadBalancing",
  "rds.amazonaws.com": "AWSServiceRoleForRDS",
  "es.amazonaws.com": "AWSServiceRoleForAmazonElasticsearchService",
  "opensearchservice.amazonaws.com": "AWSServiceRoleForAmazonOpenSearchService",
  "spot.amazonaws.com": "AWSServiceRoleForEC2Spot",
  "lambda.amazonaws.com": "AWSServiceRoleForLambda",
  "apigateway.amazonaws.com": "AWSServiceRoleForAPIGateway",
  "dynamodb.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
  "eks.amazonaws.com": "AWSServiceRoleForAmazonEKS",
  "organizations.amazonaws.com": "AWSServiceRoleForOrganizations",
};

function linkedRoleName(service: string): string {
  const known = LINKED_ROLE_NAMES[service];
  if (known !== undefined) return known;
  const first = service.split(".")[0] ?? service;
  return `AWSServiceRoleFor${first.charAt(0).toUpperCase()}${first.slice(1)}`;
}

export async function createServiceLinkedRole(ctx: IamContext, input: { AWSServiceName: string; Description?: string; CustomSuffix?: string }) {
  const name = input.CustomSuffix === undefined ? linkedRoleName(input.AWSServiceName) : `${linkedRoleName(input.AWSServiceName)}_${input.CustomSuffix}`;
  if (Object.hasOwn(state(ctx).roles, name)) throw serviceRoleTaken(name);
  const path = `/aws-service-role/${input.AWSServiceName}/`;
  const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: [input.AWSServiceName] }, Action: ["sts:AssumeRole"] }] };
  const role: StoredRole = {
    RoleName: name,
    RoleId: uniqueId("role"),
    Path: path,
    Arn: iamArn(ctx, "role", path, name),
    CreateDate: now(ctx),
    AssumeRolePolicyDocument: JSON.stringify(trust),
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    MaxSessionDuration: DEFAULT_MAX_SESSION_DURATION,
    Tags: [],
    inline: {},
    attached: [],
    linkedService: input.AWSServiceName,
  };
  await save(ctx, role);
  return { Role: roleView(role, "full") };
}

/** Deleting a service-linked role is a task AWS runs; the sandbox deletes at once and reports the task SUCCEEDED. */
export async function deleteServiceLinkedRole(ctx: IamContext, input: { RoleName: string }) {
  const role = findRole(ctx, input.RoleName);
  await change(ctx, remove("roles", role.RoleName));
  return { DeletionTaskId: `task${role.Path}${role.RoleName}/${randomUuid()}` };
}

export function getServiceLinkedRoleDeletionStatus(_ctx: IamContext, _input: { DeletionTaskId: string }) {
  return { Status: "SUCCEEDED" };
}
