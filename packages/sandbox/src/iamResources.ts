/**
 * The template's IAM resources, kept in IAM when it loads: AWS::IAM::ManagedPolicy, Role,
 * User, Group, InstanceProfile, Policy / RolePolicy / UserPolicy / GroupPolicy, and the roles
 * SAM generates for functions and state machines without a Role ("<LogicalId>Role", with the
 * trust policy and AWSLambdaBasicExecutionRole SAM gives a function's). What the template says
 * is written over what an earlier run kept, so restarts do not duplicate anything. IAM is a
 * store: nothing here grants or denies a request.
 */
import type { Logger } from "@sam-sandbox/core";
import type { Iam, IamEngine, Tag } from "@sam-sandbox/iam";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";

const LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const XRAY_WRITE = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";

/** Whether the template defines anything IAM keeps. */
export function hasIamResources(app: AppModel): boolean {
  return app.generatedRoles.length > 0 || Object.values(app.resources).some((r) => r.type.startsWith("AWS::IAM::"));
}

export async function createTemplateIam(iam: Iam, app: AppModel, logger: Logger): Promise<void> {
  const e = iam.engine;
  const resources = Object.values(app.resources);
  const of = (type: string) => resources.filter((r) => r.type === type);
  const step = async (resource: { logicalId: string; type: string }, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      // A resource IAM refuses is skipped with the reason, as its own request would be answered.
      logger.warn(`${resource.type} ${resource.logicalId} was not kept in IAM: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const r of of("AWS::IAM::ManagedPolicy")) await step(r, () => putManagedPolicy(e, r));
  for (const r of of("AWS::IAM::Role")) await step(r, () => putRole(e, r));
  for (const g of app.generatedRoles) await step({ logicalId: g.logicalId, type: "AWS::IAM::Role" }, () => putGeneratedRole(e, app, g));
  for (const r of of("AWS::IAM::Group")) await step(r, () => putGroup(e, r));
  for (const r of of("AWS::IAM::User")) await step(r, () => putUser(e, r));
  for (const r of of("AWS::IAM::InstanceProfile")) await step(r, () => putInstanceProfile(e, r));
  for (const r of [...of("AWS::IAM::Policy"), ...of("AWS::IAM::RolePolicy"), ...of("AWS::IAM::UserPolicy"), ...of("AWS::IAM::GroupPolicy")]) {
    await step(r, () => putInlinePolicy(e, r));
  }
  // A managed policy's Roles / Users / Groups, once they exist.
  for (const r of of("AWS::IAM::ManagedPolicy")) await step(r, () => attachManagedPolicy(e, r));
}

const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : typeof value === "object" ? JSON.stringify(value) : String(value));
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const tags = (value: unknown): Tag[] =>
  (Array.isArray(value) ? value : []).filter((t): t is Record<string, unknown> => typeof t === "object" && t !== null).map((t) => ({ Key: String(t.Key), Value: String(t.Value ?? "") }));
const policies = (value: unknown) =>
  (Array.isArray(value) ? value : [])
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({ name: String(p.PolicyName), document: text(p.PolicyDocument) ?? "" }));
const exists = (run: () => unknown): boolean => {
  try {
    run();
    return true;
  } catch {
    return false;
  }
};

async function putManagedPolicy(e: IamEngine, r: ResolvedResource): Promise<void> {
  const arn = r.ref;
  const document = text(r.properties.PolicyDocument) ?? "";
  if (!exists(() => e.getPolicy({ PolicyArn: arn }))) {
    const name = arn.slice(arn.lastIndexOf("/") + 1);
    const path = text(r.properties.Path);
    const description = text(r.properties.Description);
    await e.createPolicy({ PolicyName: name, PolicyDocument: document, ...(path ? { Path: path } : {}), ...(description ? { Description: description } : {}) });
    return;
  }
  const { Policy } = e.getPolicy({ PolicyArn: arn });
  const current = e.getPolicyVersion({ PolicyArn: arn, VersionId: Policy.DefaultVersionId });
  if (decodeURIComponent(current.PolicyVersion.Document ?? "") === document) return;
  // The template's document becomes the default version; older versions make room for it.
  for (const v of e.listPolicyVersions({ PolicyArn: arn }).Versions) {
    if (!v.IsDefaultVersion) await e.deletePolicyVersion({ PolicyArn: arn, VersionId: v.VersionId });
  }
  await e.createPolicyVersion({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: true });
  await e.deletePolicyVersion({ PolicyArn: arn, VersionId: Policy.DefaultVersionId });
}

async function attachManagedPolicy(e: IamEngine, r: ResolvedResource): Promise<void> {
  for (const role of list(r.properties.Roles)) await e.attachRolePolicy({ RoleName: role, PolicyArn: r.ref });
  for (const user of list(r.properties.Users)) await e.attachUserPolicy({ UserName: user, PolicyArn: r.ref });
  for (const group of list(r.properties.Groups)) await e.attachGroupPolicy({ GroupName: group, PolicyArn: r.ref });
}

interface RoleDefinition {
  name: string;
  trust: string;
  path?: string;
  description?: string;
  maxSessionDuration?: number;
  boundary?: string;
  tags: Tag[];
  inline: Array<{ name: string; document: string }>;
  managed: string[];
}

async function upsertRole(e: IamEngine, d: RoleDefinition): Promise<void> {
  if (exists(() => e.getRole({ RoleName: d.name }))) {
    await e.updateAssumeRolePolicy({ RoleName: d.name, PolicyDocument: d.trust });
    await e.updateRole({ RoleName: d.name, ...(d.description !== undefined ? { Description: d.description } : {}), ...(d.maxSessionDuration ? { MaxSessionDuration: d.maxSessionDuration } : {}) });
    if (d.tags.length > 0) await e.tagRole({ RoleName: d.name, Tags: d.tags });
  } else {
    await e.createRole({
      RoleName: d.name,
      AssumeRolePolicyDocument: d.trust,
      ...(d.path ? { Path: d.path } : {}),
      ...(d.description !== undefined ? { Description: d.description } : {}),
      ...(d.maxSessionDuration ? { MaxSessionDuration: d.maxSessionDuration } : {}),
      ...(d.boundary ? { PermissionsBoundary: d.boundary } : {}),
      ...(d.tags.length > 0 ? { Tags: d.tags } : {}),
    });
  }
  for (const p of d.inline) await e.putRolePolicy({ RoleName: d.name, PolicyName: p.name, PolicyDocument: p.document });
  for (const arn of d.managed) await e.attachRolePolicy({ RoleName: d.name, PolicyArn: arn });
}

async function putRole(e: IamEngine, r: ResolvedResource): Promise<void> {
  const p = r.properties;
  const max = Number(p.MaxSessionDuration);
  await upsertRole(e, {
    name: r.ref,
    trust: text(p.AssumeRolePolicyDocument) ?? "",
    ...(text(p.Path) ? { path: text(p.Path) } : {}),
    ...(text(p.Description) !== undefined ? { description: text(p.Description) } : {}),
    ...(Number.isFinite(max) && max > 0 ? { maxSessionDuration: max } : {}),
    ...(text(p.PermissionsBoundary) ? { boundary: text(p.PermissionsBoundary) } : {}),
    tags: tags(p.Tags),
    inline: policies(p.Policies),
    managed: list(p.ManagedPolicyArns),
  });
}

/**
 * SAM's role for a function (lambda.amazonaws.com, AWSLambdaBasicExecutionRole, X-Ray's when
 * traced) or a state machine (states.amazonaws.com), with the owner's `Policies` as SAM turns
 * them into the role's: a policy's name or ARN is attached, a policy document becomes the
 * inline policy "<Role logical id>Policy<index>" (samtranslator model/role_utils.py construct_role). SAM's policy templates (DynamoDBCrudPolicy …)
 * are not expanded.
 */
async function putGeneratedRole(e: IamEngine, app: AppModel, generated: { logicalId: string; roleName: string }): Promise<void> {
  const ownerId = generated.logicalId.replace(/Role$/, "");
  const fn = app.functions.find((f) => f.logicalId === ownerId);
  const machine = app.stateMachines.find((m) => m.logicalId === ownerId);
  const service = fn ? "lambda.amazonaws.com" : machine ? "states.amazonaws.com" : "scheduler.amazonaws.com";
  const trust = { Version: "2012-10-17", Statement: [{ Action: ["sts:AssumeRole"], Effect: "Allow", Principal: { Service: [service] } }] };
  const owned = samPolicies(app.resources[ownerId]?.properties.Policies, ownerId);
  await upsertRole(e, {
    name: generated.roleName,
    trust: JSON.stringify(trust),
    tags: fn ? [{ Key: "lambda:createdBy", Value: "SAM" }] : [],
    inline: owned.inline,
    managed: [...(fn ? [LAMBDA_BASIC, ...(fn.tracing === "Active" ? [XRAY_WRITE] : [])] : []), ...owned.managed],
  });
}

function samPolicies(value: unknown, ownerId: string): { managed: string[]; inline: Array<{ name: string; document: string }> } {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const managed: string[] = [];
  const inline: Array<{ name: string; document: string }> = [];
  list.forEach((policy: unknown, index) => {
    if (typeof policy === "string") managed.push(policy.startsWith("arn:") ? policy : `arn:aws:iam::aws:policy/${policy}`);
    else if (typeof policy === "object" && policy !== null && "Statement" in policy) inline.push({ name: `${ownerId}RolePolicy${index}`, document: JSON.stringify(policy) });
  });
  return { managed, inline };
}

async function putGroup(e: IamEngine, r: ResolvedResource): Promise<void> {
  const name = text(r.properties.GroupName) ?? r.ref;
  if (!exists(() => e.getGroup({ GroupName: name }))) {
    const path = text(r.properties.Path);
    await e.createGroup({ GroupName: name, ...(path ? { Path: path } : {}) });
  }
  for (const p of policies(r.properties.Policies)) await e.putGroupPolicy({ GroupName: name, PolicyName: p.name, PolicyDocument: p.document });
  for (const arn of list(r.properties.ManagedPolicyArns)) await e.attachGroupPolicy({ GroupName: name, PolicyArn: arn });
}

async function putUser(e: IamEngine, r: ResolvedResource): Promise<void> {
  const p = r.properties;
  const name = text(p.UserName) ?? r.ref;
  if (!exists(() => e.getUser({ UserName: name }))) {
    const path = text(p.Path);
    const boundary = text(p.PermissionsBoundary);
    const userTags = tags(p.Tags);
    await e.createUser({ UserName: name, ...(path ? { Path: path } : {}), ...(boundary ? { PermissionsBoundary: boundary } : {}), ...(userTags.length > 0 ? { Tags: userTags } : {}) });
  }
  for (const policy of policies(p.Policies)) await e.putUserPolicy({ UserName: name, PolicyName: policy.name, PolicyDocument: policy.document });
  for (const arn of list(p.ManagedPolicyArns)) await e.attachUserPolicy({ UserName: name, PolicyArn: arn });
  for (const group of list(p.Groups)) await e.addUserToGroup({ GroupName: group, UserName: name });
}

async function putInstanceProfile(e: IamEngine, r: ResolvedResource): Promise<void> {
  const name = text(r.properties.InstanceProfileName) ?? r.ref;
  if (!exists(() => e.getInstanceProfile({ InstanceProfileName: name }))) {
    const path = text(r.properties.Path);
    await e.createInstanceProfile({ InstanceProfileName: name, ...(path ? { Path: path } : {}) });
  }
  const held = e.getInstanceProfile({ InstanceProfileName: name }).InstanceProfile.Roles.map((role) => role.RoleName);
  for (const role of list(r.properties.Roles)) if (!held.includes(role)) await e.addRoleToInstanceProfile({ InstanceProfileName: name, RoleName: role });
}

/** AWS::IAM::Policy puts one inline policy into each of its Roles / Users / Groups; RolePolicy, UserPolicy and GroupPolicy into one. */
async function putInlinePolicy(e: IamEngine, r: ResolvedResource): Promise<void> {
  const p = r.properties;
  const name = String(p.PolicyName);
  const document = text(p.PolicyDocument) ?? "";
  const roles = r.type === "AWS::IAM::RolePolicy" ? [String(p.RoleName)] : list(p.Roles);
  const users = r.type === "AWS::IAM::UserPolicy" ? [String(p.UserName)] : list(p.Users);
  const groups = r.type === "AWS::IAM::GroupPolicy" ? [String(p.GroupName)] : list(p.Groups);
  for (const role of r.type === "AWS::IAM::Policy" || r.type === "AWS::IAM::RolePolicy" ? roles : []) await e.putRolePolicy({ RoleName: role, PolicyName: name, PolicyDocument: document });
  for (const user of r.type === "AWS::IAM::Policy" || r.type === "AWS::IAM::UserPolicy" ? users : []) await e.putUserPolicy({ UserName: user, PolicyName: name, PolicyDocument: document });
  for (const group of r.type === "AWS::IAM::Policy" || r.type === "AWS::IAM::GroupPolicy" ? groups : []) await e.putGroupPolicy({ GroupName: group, PolicyName: name, PolicyDocument: document });
}
