/** Managed policies: customer managed ones (CreatePolicy …) and the AWS managed ones the sandbox ships. */
import {
  defaultVersion, policyAttached, policyExists, policyHasVersions, policyNotFound, policyVersionNotFound, tooManyVersions,
} from "../errors.js";
import { MAX_POLICY_VERSIONS } from "../limits.js";
import { awsManagedPolicies, awsManagedPolicy, type AwsManagedPolicy } from "./awsManagedPolicies.js";
import { change, iamArn, now, put, remove, state, type IamContext } from "./context.js";
import { uniqueId } from "./ids.js";
import { page, sortedBy } from "./page.js";
import { checkManagedPolicy, encodePolicy } from "./policyDocument.js";
import type { StoredPolicy, Tag } from "./state.js";
import { checkTags, mergeTags, removeTags, tagList } from "./tags.js";

/** The entities that attach a policy, and those bounded by it. */
function usage(ctx: IamContext, arn: string) {
  const s = state(ctx);
  const roles = Object.values(s.roles);
  const users = Object.values(s.users);
  return {
    roles: roles.filter((r) => r.attached.includes(arn)),
    users: users.filter((u) => u.attached.includes(arn)),
    groups: Object.values(s.groups).filter((g) => g.attached.includes(arn)),
    boundedRoles: roles.filter((r) => r.PermissionsBoundary === arn),
    boundedUsers: users.filter((u) => u.PermissionsBoundary === arn),
  };
}

function counts(ctx: IamContext, arn: string) {
  const u = usage(ctx, arn);
  return { AttachmentCount: u.roles.length + u.users.length + u.groups.length, PermissionsBoundaryUsageCount: u.boundedRoles.length + u.boundedUsers.length };
}

type AnyPolicy = { kind: "customer"; policy: StoredPolicy } | { kind: "aws"; policy: AwsManagedPolicy };

function lookup(ctx: IamContext, arn: string): AnyPolicy | undefined {
  const own = Object.hasOwn(state(ctx).policies, arn) ? state(ctx).policies[arn] : undefined;
  if (own !== undefined) return { kind: "customer", policy: own };
  const aws = awsManagedPolicy(arn);
  return aws === undefined ? undefined : { kind: "aws", policy: aws };
}

function findCustomerPolicy(ctx: IamContext, arn: string): StoredPolicy {
  const own = Object.hasOwn(state(ctx).policies, arn) ? state(ctx).policies[arn] : undefined;
  if (own === undefined) throw policyNotFound(arn);
  return own;
}

/** The Policy shape: "get" as GetPolicy answers it (Description, Tags), "created" as CreatePolicy, "list" as ListPolicies. */
function policyView(ctx: IamContext, found: AnyPolicy, form: "get" | "created" | "list") {
  const p = found.policy;
  const arn = p.Arn;
  const tags = found.kind === "customer" ? found.policy.Tags : [];
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    ...counts(ctx, arn),
    IsAttachable: true,
    ...(form === "get" && p.Description !== undefined ? { Description: p.Description } : {}),
    CreateDate: new Date(p.CreateDate),
    UpdateDate: new Date(p.UpdateDate),
    // GetPolicy answers Tags even when there are none; CreatePolicy only the tags it was given (LocalStack's snapshots recorded on AWS).
    ...(form === "get" || tags.length > 0 ? (form === "list" ? {} : { Tags: tags }) : {}),
  };
}

export async function createPolicy(ctx: IamContext, input: { PolicyName: string; PolicyDocument: string; Path?: string; Description?: string; Tags?: Tag[] }) {
  checkManagedPolicy(input.PolicyDocument);
  checkTags(input.Tags, false);
  const path = input.Path ?? "/";
  const arn = iamArn(ctx, "policy", path, input.PolicyName);
  // Names are unique in the account, whatever the path.
  if (Object.values(state(ctx).policies).some((p) => p.PolicyName === input.PolicyName)) throw policyExists(input.PolicyName);
  const at = now(ctx);
  const policy: StoredPolicy = {
    PolicyName: input.PolicyName,
    PolicyId: uniqueId("policy"),
    Path: path,
    Arn: arn,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    CreateDate: at,
    UpdateDate: at,
    DefaultVersionId: "v1",
    versions: [{ VersionId: "v1", Document: input.PolicyDocument, CreateDate: at }],
    nextVersion: 2,
    Tags: tagList(input.Tags),
  };
  await change(ctx, put("policies", arn, policy));
  return { Policy: policyView(ctx, { kind: "customer", policy }, "created") };
}

export function getPolicy(ctx: IamContext, input: { PolicyArn: string }) {
  const found = lookup(ctx, input.PolicyArn);
  if (found === undefined) throw policyNotFound(input.PolicyArn);
  return { Policy: policyView(ctx, found, "get") };
}

export async function deletePolicy(ctx: IamContext, input: { PolicyArn: string }) {
  const policy = findCustomerPolicy(ctx, input.PolicyArn);
  if (counts(ctx, policy.Arn).AttachmentCount > 0) throw policyAttached();
  if (policy.versions.length > 1) throw policyHasVersions();
  await change(ctx, remove("policies", policy.Arn));
}

export function listPolicies(ctx: IamContext, input: { Scope?: string; OnlyAttached?: boolean; PathPrefix?: string; PolicyUsageFilter?: string; Marker?: string; MaxItems?: number }) {
  const scope = input.Scope ?? "All";
  const all: AnyPolicy[] = [
    ...(scope === "AWS" ? [] : Object.values(state(ctx).policies).map((policy) => ({ kind: "customer" as const, policy }))),
    ...(scope === "Local" ? [] : awsManagedPolicies().map((policy) => ({ kind: "aws" as const, policy }))),
  ];
  const matching = all.filter((found) => {
    if (!found.policy.Path.startsWith(input.PathPrefix ?? "/")) return false;
    const c = counts(ctx, found.policy.Arn);
    if (input.OnlyAttached === true && c.AttachmentCount === 0) return false;
    if (input.PolicyUsageFilter === "PermissionsBoundary" && c.PermissionsBoundaryUsageCount === 0) return false;
    return true;
  });
  const { items, ...rest } = page(sortedBy(matching, (f) => f.policy.Arn), (f) => f.policy.Arn, input.Marker, input.MaxItems);
  return { Policies: items.map((f) => policyView(ctx, f, "list")), ...rest };
}

function versionView(version: { VersionId: string; CreateDate: number | string }, isDefault: boolean, document?: string) {
  return {
    ...(document !== undefined ? { Document: encodePolicy(document) } : {}),
    VersionId: version.VersionId,
    IsDefaultVersion: isDefault,
    CreateDate: new Date(version.CreateDate),
  };
}

export async function createPolicyVersion(ctx: IamContext, input: { PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }) {
  checkManagedPolicy(input.PolicyDocument);
  const policy = findCustomerPolicy(ctx, input.PolicyArn);
  if (policy.versions.length >= MAX_POLICY_VERSIONS) throw tooManyVersions(MAX_POLICY_VERSIONS);
  const at = now(ctx);
  const version = { VersionId: `v${policy.nextVersion}`, Document: input.PolicyDocument, CreateDate: at };
  const makeDefault = input.SetAsDefault === true;
  await change(
    ctx,
    put("policies", policy.Arn, {
      ...policy,
      versions: [...policy.versions, version],
      nextVersion: policy.nextVersion + 1,
      ...(makeDefault ? { DefaultVersionId: version.VersionId, UpdateDate: at } : {}),
    }),
  );
  return { PolicyVersion: versionView(version, makeDefault) };
}

export function getPolicyVersion(ctx: IamContext, input: { PolicyArn: string; VersionId: string }) {
  const found = lookup(ctx, input.PolicyArn);
  if (found === undefined) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
  if (found.kind === "aws") {
    // Only the default version of an AWS managed policy is shipped.
    if (input.VersionId !== found.policy.DefaultVersionId) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
    return { PolicyVersion: versionView({ VersionId: found.policy.DefaultVersionId, CreateDate: found.policy.UpdateDate }, true, found.policy.Document) };
  }
  const version = found.policy.versions.find((v) => v.VersionId === input.VersionId);
  if (version === undefined) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
  return { PolicyVersion: versionView(version, version.VersionId === found.policy.DefaultVersionId, version.Document) };
}

export function listPolicyVersions(ctx: IamContext, input: { PolicyArn: string; Marker?: string; MaxItems?: number }) {
  const found = lookup(ctx, input.PolicyArn);
  if (found === undefined) throw policyNotFound(input.PolicyArn);
  const versions =
    found.kind === "aws"
      ? [versionView({ VersionId: found.policy.DefaultVersionId, CreateDate: found.policy.UpdateDate }, true)]
      : // Newest first, as IAM lists them.
        [...found.policy.versions].reverse().map((v) => versionView(v, v.VersionId === found.policy.DefaultVersionId));
  const { items, ...rest } = page(versions, (v) => v.VersionId, input.Marker, input.MaxItems);
  return { Versions: items, ...rest };
}

export async function deletePolicyVersion(ctx: IamContext, input: { PolicyArn: string; VersionId: string }) {
  const policy = findCustomerPolicy(ctx, input.PolicyArn);
  if (!policy.versions.some((v) => v.VersionId === input.VersionId)) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
  if (policy.DefaultVersionId === input.VersionId) throw defaultVersion();
  await change(ctx, put("policies", policy.Arn, { ...policy, versions: policy.versions.filter((v) => v.VersionId !== input.VersionId) }));
}

export async function setDefaultPolicyVersion(ctx: IamContext, input: { PolicyArn: string; VersionId: string }) {
  const policy = Object.hasOwn(state(ctx).policies, input.PolicyArn) ? state(ctx).policies[input.PolicyArn] : undefined;
  if (policy === undefined || !policy.versions.some((v) => v.VersionId === input.VersionId)) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
  await change(ctx, put("policies", policy.Arn, { ...policy, DefaultVersionId: input.VersionId, UpdateDate: now(ctx) }));
}

export async function tagPolicy(ctx: IamContext, input: { PolicyArn: string; Tags: Tag[] }) {
  checkTags(input.Tags, false);
  const policy = findCustomerPolicy(ctx, input.PolicyArn);
  await change(ctx, put("policies", policy.Arn, { ...policy, Tags: mergeTags(policy.Tags, input.Tags, false) }));
}

export async function untagPolicy(ctx: IamContext, input: { PolicyArn: string; TagKeys: string[] }) {
  const policy = findCustomerPolicy(ctx, input.PolicyArn);
  await change(ctx, put("policies", policy.Arn, { ...policy, Tags: removeTags(policy.Tags, input.TagKeys, false) }));
}

export function listPolicyTags(ctx: IamContext, input: { PolicyArn: string; Marker?: string; MaxItems?: number }) {
  const found = lookup(ctx, input.PolicyArn);
  if (found === undefined) throw policyNotFound(input.PolicyArn);
  const tags = found.kind === "customer" ? found.policy.Tags : [];
  const { items, ...rest } = page(tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: items, ...rest };
}

export function listEntitiesForPolicy(
  ctx: IamContext,
  input: { PolicyArn: string; EntityFilter?: string; PathPrefix?: string; PolicyUsageFilter?: string; Marker?: string; MaxItems?: number },
) {
  if (lookup(ctx, input.PolicyArn) === undefined) throw policyNotFound(input.PolicyArn);
  const u = usage(ctx, input.PolicyArn);
  const prefix = input.PathPrefix ?? "/";
  const boundary = input.PolicyUsageFilter === "PermissionsBoundary";
  const policyUse = input.PolicyUsageFilter === "PermissionsPolicy";
  const wants = (kind: string) => input.EntityFilter === undefined || input.EntityFilter === kind;
  const roles = wants("Role") ? [...(boundary ? [] : u.roles), ...(policyUse ? [] : u.boundedRoles)] : [];
  const users = wants("User") ? [...(boundary ? [] : u.users), ...(policyUse ? [] : u.boundedUsers)] : [];
  const groups = wants("Group") && !boundary ? u.groups : [];
  const unique = <T extends { Path: string }>(list: T[]) => [...new Set(list)].filter((e) => e.Path.startsWith(prefix));
  return {
    PolicyGroups: unique(groups).map((g) => ({ GroupName: g.GroupName, GroupId: g.GroupId })),
    PolicyUsers: unique(users).map((x) => ({ UserName: x.UserName, UserId: x.UserId })),
    PolicyRoles: unique(roles).map((r) => ({ RoleName: r.RoleName, RoleId: r.RoleId })),
    IsTruncated: false,
  };
}
