/**
 * GetAccountAuthorizationDetails: every user, group and role with its policies, and the managed
 * policies (the account's own, and AWS's in use) with all their versions — what audit tools read.
 */
import { awsManagedPolicy } from "./awsManagedPolicies.js";
import { state, type IamContext } from "./context.js";
import { boundaryView } from "./boundary.js";
import { page, sortedBy } from "./page.js";
import { encodePolicy } from "./policyDocument.js";
import { policyArnParts } from "./principals.js";
import { getPolicy } from "./policies.js";
import { profilesOfRole, roleView } from "./roles.js";
import type { InlinePolicies } from "./state.js";
import { groupsOfUser } from "./users.js";

const inlineList = (inline: InlinePolicies) =>
  sortedBy(Object.keys(inline), (n) => n).map((name) => ({ PolicyName: name, PolicyDocument: encodePolicy(inline[name] ?? "") }));
const attachedList = (arns: string[]) => arns.map((arn) => ({ PolicyName: policyArnParts(arn).name, PolicyArn: arn }));

type Entry = { key: string; kind: "User" | "Group" | "Role" | "Policy"; value: unknown };

export function getAccountAuthorizationDetails(ctx: IamContext, input: { Filter?: string[]; Marker?: string; MaxItems?: number }) {
  const s = state(ctx);
  const wants = (kind: string) => input.Filter === undefined || input.Filter.length === 0 || input.Filter.includes(kind);
  const entries: Entry[] = [];
  if (wants("User")) {
    for (const u of Object.values(s.users)) {
      entries.push({
        key: `1 ${u.UserName}`,
        kind: "User",
        value: {
          Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: new Date(u.CreateDate),
          UserPolicyList: inlineList(u.inline), GroupList: groupsOfUser(ctx, u.UserName).map((g) => g.GroupName), AttachedManagedPolicies: attachedList(u.attached),
          ...(u.PermissionsBoundary !== undefined ? { PermissionsBoundary: boundaryView(u.PermissionsBoundary) } : {}),
          Tags: u.Tags,
        },
      });
    }
  }
  if (wants("Group")) {
    for (const g of Object.values(s.groups)) {
      entries.push({
        key: `2 ${g.GroupName}`,
        kind: "Group",
        value: { Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: new Date(g.CreateDate), GroupPolicyList: inlineList(g.inline), AttachedManagedPolicies: attachedList(g.attached) },
      });
    }
  }
  if (wants("Role")) {
    for (const r of Object.values(s.roles)) {
      const { Description: _d, MaxSessionDuration: _m, ...role } = roleView(r, "full");
      const profiles = profilesOfRole(ctx, r.RoleName).map((p) => ({
        Path: p.Path, InstanceProfileName: p.InstanceProfileName, InstanceProfileId: p.InstanceProfileId, Arn: p.Arn, CreateDate: new Date(p.CreateDate),
        Roles: p.roles.flatMap((name) => (Object.hasOwn(s.roles, name) ? [roleView(s.roles[name], "list")] : [])),
      }));
      entries.push({ key: `3 ${r.RoleName}`, kind: "Role", value: { ...role, Tags: r.Tags, InstanceProfileList: profiles, RolePolicyList: inlineList(r.inline), AttachedManagedPolicies: attachedList(r.attached) } });
    }
  }
  const policyArns = [
    ...(wants("LocalManagedPolicy") ? Object.keys(s.policies) : []),
    // AWS's policies appear when something uses them.
    ...(wants("AWSManagedPolicy")
      ? [...new Set([...Object.values(s.roles), ...Object.values(s.users), ...Object.values(s.groups)].flatMap((e) => e.attached))].filter((arn) => awsManagedPolicy(arn) !== undefined)
      : []),
  ];
  for (const arn of policyArns) {
    const { Tags: _tags, ...policy } = getPolicy(ctx, { PolicyArn: arn }).Policy;
    const own = Object.hasOwn(s.policies, arn) ? s.policies[arn] : undefined;
    const aws = awsManagedPolicy(arn);
    const versions = own
      ? own.versions.map((v) => ({ Document: encodePolicy(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === own.DefaultVersionId, CreateDate: new Date(v.CreateDate) }))
      : aws
        ? [{ Document: encodePolicy(aws.Document), VersionId: aws.DefaultVersionId, IsDefaultVersion: true, CreateDate: new Date(aws.UpdateDate) }]
        : [];
    entries.push({ key: `4 ${arn}`, kind: "Policy", value: { ...policy, PolicyVersionList: versions } });
  }
  const { items, ...rest } = page(sortedBy(entries, (e) => e.key), (e) => e.key, input.Marker, input.MaxItems);
  const of = (kind: Entry["kind"]) => items.filter((e) => e.kind === kind).map((e) => e.value);
  return { UserDetailList: of("User"), GroupDetailList: of("Group"), RoleDetailList: of("Role"), Policies: of("Policy"), ...rest };
}
