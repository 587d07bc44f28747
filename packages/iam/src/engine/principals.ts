/**
 * What roles, users and groups share: inline policies (put, get, list, delete) and attached
 * managed policies (attach, detach, list). One implementation, three kinds of entity.
 */
import {
  inlinePolicySize, invalidPolicyArn, noSuchGroup, noSuchGroupPolicy, noSuchRole, noSuchRolePolicy, noSuchUser, noSuchUserPolicy, policyNotAttachable,
  policyNotFound, type NoSuchEntityException,
} from "../errors.js";
import { isAwsManagedArn } from "./awsManagedPolicies.js";
import { change, put, state, type IamContext } from "./context.js";
import { page, sortedBy } from "./page.js";
import { checkIdentityPolicy, encodePolicy, policySize } from "./policyDocument.js";
import { MAX_INLINE_POLICY_SIZE } from "../limits.js";
import type { InlinePolicies } from "./state.js";

export type PrincipalKind = "role" | "user" | "group";

interface Principal {
  inline: InlinePolicies;
  attached: string[];
}

const KINDS = {
  role: { collection: "roles", missing: noSuchRole, missingPolicy: noSuchRolePolicy, nameKey: "RoleName" },
  user: { collection: "users", missing: noSuchUser, missingPolicy: noSuchUserPolicy, nameKey: "UserName" },
  group: { collection: "groups", missing: noSuchGroup, missingPolicy: noSuchGroupPolicy, nameKey: "GroupName" },
} as const satisfies Record<PrincipalKind, { collection: string; missing: (n: string) => NoSuchEntityException; missingPolicy: (n: string) => NoSuchEntityException; nameKey: string }>;

/** The role, user or group of that name, or IAM's NoSuchEntity for it. */
export function principal(ctx: IamContext, kind: PrincipalKind, name: string): Principal {
  const found = (state(ctx)[KINDS[kind].collection] as Record<string, Principal>)[name];
  if (found === undefined || !Object.hasOwn(state(ctx)[KINDS[kind].collection], name)) throw KINDS[kind].missing(name);
  return found;
}

async function save(ctx: IamContext, kind: PrincipalKind, name: string, entity: Principal): Promise<void> {
  await change(ctx, put(KINDS[kind].collection, name, entity));
}

export async function putInlinePolicy(ctx: IamContext, kind: PrincipalKind, name: string, policyName: string, document: string): Promise<void> {
  const entity = principal(ctx, kind, name);
  checkIdentityPolicy(document);
  const inline = { ...entity.inline, [policyName]: document };
  // The quota is on all of the entity's inline policies together.
  const total = Object.values(inline).reduce((n, d) => n + policySize(d), 0);
  if (total > MAX_INLINE_POLICY_SIZE[kind]) throw inlinePolicySize(MAX_INLINE_POLICY_SIZE[kind], kind, name);
  await save(ctx, kind, name, { ...entity, inline });
}

export function getInlinePolicy(ctx: IamContext, kind: PrincipalKind, name: string, policyName: string): Record<string, string> {
  const entity = principal(ctx, kind, name);
  const document = Object.hasOwn(entity.inline, policyName) ? entity.inline[policyName] : undefined;
  if (document === undefined) throw KINDS[kind].missingPolicy(policyName);
  return { [KINDS[kind].nameKey]: name, PolicyName: policyName, PolicyDocument: encodePolicy(document) };
}

export async function deleteInlinePolicy(ctx: IamContext, kind: PrincipalKind, name: string, policyName: string): Promise<void> {
  const entity = principal(ctx, kind, name);
  if (!Object.hasOwn(entity.inline, policyName)) throw KINDS[kind].missingPolicy(policyName);
  const inline = { ...entity.inline };
  delete inline[policyName];
  await save(ctx, kind, name, { ...entity, inline });
}

export function listInlinePolicies(ctx: IamContext, kind: PrincipalKind, name: string, input: { Marker?: string; MaxItems?: number }) {
  const entity = principal(ctx, kind, name);
  const names = sortedBy(Object.keys(entity.inline), (n) => n);
  const { items, ...rest } = page(names, (n) => n, input.Marker, input.MaxItems);
  return { PolicyNames: items, ...rest };
}

const POLICY_ARN = /^arn:[^:]+:iam::(\d{12}|aws):policy\/.+$/;

/**
 * Attaching a customer managed policy needs the policy; an AWS managed one is taken whether or
 * not the sandbox ships it, so configurations attaching any of AWS's hundreds of policies work
 * (GetPolicy of one it does not ship is still NoSuchEntity).
 */
export async function attachPolicy(ctx: IamContext, kind: PrincipalKind, name: string, policyArn: string): Promise<void> {
  if (!POLICY_ARN.test(policyArn)) throw invalidPolicyArn(policyArn);
  const entity = principal(ctx, kind, name);
  if (!isAwsManagedArn(policyArn) && !Object.hasOwn(state(ctx).policies, policyArn)) throw policyNotAttachable(policyArn);
  if (entity.attached.includes(policyArn)) return;
  await save(ctx, kind, name, { ...entity, attached: [...entity.attached, policyArn] });
}

export async function detachPolicy(ctx: IamContext, kind: PrincipalKind, name: string, policyArn: string): Promise<void> {
  const entity = principal(ctx, kind, name);
  if (!entity.attached.includes(policyArn)) throw policyNotFound(policyArn);
  await save(ctx, kind, name, { ...entity, attached: entity.attached.filter((arn) => arn !== policyArn) });
}

/** A managed policy ARN's path and name: arn:aws:iam::aws:policy/service-role/X → ("/service-role/", "X"). */
export function policyArnParts(arn: string): { path: string; name: string } {
  const resource = arn.slice(arn.indexOf(":policy") + ":policy".length);
  const slash = resource.lastIndexOf("/");
  return { path: resource.slice(0, slash + 1) || "/", name: resource.slice(slash + 1) };
}

export function listAttachedPolicies(ctx: IamContext, kind: PrincipalKind, name: string, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const entity = principal(ctx, kind, name);
  const attached = entity.attached
    .map((arn) => ({ PolicyName: policyArnParts(arn).name, PolicyArn: arn, path: policyArnParts(arn).path }))
    .filter((p) => input.PathPrefix === undefined || p.path.startsWith(input.PathPrefix));
  const { items, ...rest } = page(sortedBy(attached, (p) => p.PolicyName), (p) => p.PolicyName, input.Marker, input.MaxItems);
  return { AttachedPolicies: items.map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn })), ...rest };
}
