/**
 * AWS IAM behaviour, one method per AWS action with AWS's input and output shapes (no HTTP).
 * IAM here is a store: roles, policies, users, groups and providers are kept and answered as
 * IAM answers them; no request is ever allowed or denied by them.
 */
import * as account from "./account.js";
import { getAccountAuthorizationDetails } from "./authorizationDetails.js";
import type { IamContext } from "./context.js";
import * as groups from "./groups.js";
import * as profiles from "./instanceProfiles.js";
import * as policies from "./policies.js";
import * as p from "./principals.js";
import * as providers from "./providers.js";
import * as roles from "./roles.js";
import type { IamState, Tag } from "./state.js";
import * as users from "./users.js";

type Paging = { Marker?: string; MaxItems?: number };
type RoleName = { RoleName: string };
type UserName = { UserName: string };
type GroupName = { GroupName: string };
type Caller = string | undefined;

export class IamEngine {
  /** When the account's root user "was created": the sandbox's start. */
  private readonly startedAt: number;

  constructor(private readonly ctx: IamContext) {
    this.startedAt = ctx.clock.now();
  }

  /** The stored state (read-only use: template resources, tests). */
  get state(): IamState {
    return this.ctx.durable.state;
  }

  // Roles.
  createRole(i: roles.CreateRoleInput) { return roles.createRole(this.ctx, i); }
  getRole(i: RoleName) { return roles.getRole(this.ctx, i); }
  listRoles(i: { PathPrefix?: string } & Paging = {}) { return roles.listRoles(this.ctx, i); }
  updateRole(i: RoleName & { Description?: string; MaxSessionDuration?: number }) { return roles.updateRole(this.ctx, i); }
  updateRoleDescription(i: RoleName & { Description: string }) { return roles.updateRoleDescription(this.ctx, i); }
  updateAssumeRolePolicy(i: RoleName & { PolicyDocument: string }) { return roles.updateAssumeRolePolicy(this.ctx, i); }
  deleteRole(i: RoleName) { return roles.deleteRole(this.ctx, i); }
  tagRole(i: RoleName & { Tags: Tag[] }) { return roles.tagRole(this.ctx, i); }
  untagRole(i: RoleName & { TagKeys: string[] }) { return roles.untagRole(this.ctx, i); }
  listRoleTags(i: RoleName & Paging) { return roles.listRoleTags(this.ctx, i); }
  putRolePermissionsBoundary(i: RoleName & { PermissionsBoundary: string }) { return roles.putRolePermissionsBoundary(this.ctx, i); }
  deleteRolePermissionsBoundary(i: RoleName) { return roles.deleteRolePermissionsBoundary(this.ctx, i); }
  putRolePolicy(i: RoleName & { PolicyName: string; PolicyDocument: string }) { return p.putInlinePolicy(this.ctx, "role", i.RoleName, i.PolicyName, i.PolicyDocument); }
  getRolePolicy(i: RoleName & { PolicyName: string }) { return p.getInlinePolicy(this.ctx, "role", i.RoleName, i.PolicyName); }
  deleteRolePolicy(i: RoleName & { PolicyName: string }) { return p.deleteInlinePolicy(this.ctx, "role", i.RoleName, i.PolicyName); }
  listRolePolicies(i: RoleName & Paging) { return p.listInlinePolicies(this.ctx, "role", i.RoleName, i); }
  attachRolePolicy(i: RoleName & { PolicyArn: string }) { return p.attachPolicy(this.ctx, "role", i.RoleName, i.PolicyArn); }
  detachRolePolicy(i: RoleName & { PolicyArn: string }) { return p.detachPolicy(this.ctx, "role", i.RoleName, i.PolicyArn); }
  listAttachedRolePolicies(i: RoleName & { PathPrefix?: string } & Paging) { return p.listAttachedPolicies(this.ctx, "role", i.RoleName, i); }
  createServiceLinkedRole(i: { AWSServiceName: string; Description?: string; CustomSuffix?: string }) { return roles.createServiceLinkedRole(this.ctx, i); }
  deleteServiceLinkedRole(i: RoleName) { return roles.deleteServiceLinkedRole(this.ctx, i); }
  getServiceLinkedRoleDeletionStatus(i: { DeletionTaskId: string }) { return roles.getServiceLinkedRoleDeletionStatus(this.ctx, i); }

  // Managed policies.
  createPolicy(i: { PolicyName: string; PolicyDocument: string; Path?: string; Description?: string; Tags?: Tag[] }) { return policies.createPolicy(this.ctx, i); }
  getPolicy(i: { PolicyArn: string }) { return policies.getPolicy(this.ctx, i); }
  deletePolicy(i: { PolicyArn: string }) { return policies.deletePolicy(this.ctx, i); }
  listPolicies(i: { Scope?: string; OnlyAttached?: boolean; PathPrefix?: string; PolicyUsageFilter?: string } & Paging = {}) { return policies.listPolicies(this.ctx, i); }
  createPolicyVersion(i: { PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }) { return policies.createPolicyVersion(this.ctx, i); }
  getPolicyVersion(i: { PolicyArn: string; VersionId: string }) { return policies.getPolicyVersion(this.ctx, i); }
  listPolicyVersions(i: { PolicyArn: string } & Paging) { return policies.listPolicyVersions(this.ctx, i); }
  deletePolicyVersion(i: { PolicyArn: string; VersionId: string }) { return policies.deletePolicyVersion(this.ctx, i); }
  setDefaultPolicyVersion(i: { PolicyArn: string; VersionId: string }) { return policies.setDefaultPolicyVersion(this.ctx, i); }
  tagPolicy(i: { PolicyArn: string; Tags: Tag[] }) { return policies.tagPolicy(this.ctx, i); }
  untagPolicy(i: { PolicyArn: string; TagKeys: string[] }) { return policies.untagPolicy(this.ctx, i); }
  listPolicyTags(i: { PolicyArn: string } & Paging) { return policies.listPolicyTags(this.ctx, i); }
  listEntitiesForPolicy(i: { PolicyArn: string; EntityFilter?: string; PathPrefix?: string; PolicyUsageFilter?: string } & Paging) { return policies.listEntitiesForPolicy(this.ctx, i); }

  // Users.
  createUser(i: UserName & { Path?: string; PermissionsBoundary?: string; Tags?: Tag[] }) { return users.createUser(this.ctx, i); }
  getUser(i: { UserName?: string }, caller?: Caller) { return users.getUser(this.ctx, i, caller, this.startedAt); }
  listUsers(i: { PathPrefix?: string } & Paging = {}) { return users.listUsers(this.ctx, i); }
  updateUser(i: UserName & { NewPath?: string; NewUserName?: string }) { return users.updateUser(this.ctx, i); }
  deleteUser(i: UserName) { return users.deleteUser(this.ctx, i); }
  tagUser(i: UserName & { Tags: Tag[] }) { return users.tagUser(this.ctx, i); }
  untagUser(i: UserName & { TagKeys: string[] }) { return users.untagUser(this.ctx, i); }
  listUserTags(i: UserName & Paging) { return users.listUserTags(this.ctx, i); }
  putUserPermissionsBoundary(i: UserName & { PermissionsBoundary: string }) { return users.putUserPermissionsBoundary(this.ctx, i); }
  deleteUserPermissionsBoundary(i: UserName) { return users.deleteUserPermissionsBoundary(this.ctx, i); }
  putUserPolicy(i: UserName & { PolicyName: string; PolicyDocument: string }) { return p.putInlinePolicy(this.ctx, "user", i.UserName, i.PolicyName, i.PolicyDocument); }
  getUserPolicy(i: UserName & { PolicyName: string }) { return p.getInlinePolicy(this.ctx, "user", i.UserName, i.PolicyName); }
  deleteUserPolicy(i: UserName & { PolicyName: string }) { return p.deleteInlinePolicy(this.ctx, "user", i.UserName, i.PolicyName); }
  listUserPolicies(i: UserName & Paging) { return p.listInlinePolicies(this.ctx, "user", i.UserName, i); }
  attachUserPolicy(i: UserName & { PolicyArn: string }) { return p.attachPolicy(this.ctx, "user", i.UserName, i.PolicyArn); }
  detachUserPolicy(i: UserName & { PolicyArn: string }) { return p.detachPolicy(this.ctx, "user", i.UserName, i.PolicyArn); }
  listAttachedUserPolicies(i: UserName & { PathPrefix?: string } & Paging) { return p.listAttachedPolicies(this.ctx, "user", i.UserName, i); }
  createLoginProfile(i: { UserName?: string; Password?: string; PasswordResetRequired?: boolean }, caller?: Caller) { return users.createLoginProfile(this.ctx, i, caller); }
  getLoginProfile(i: { UserName?: string }, caller?: Caller) { return users.getLoginProfile(this.ctx, i, caller); }
  updateLoginProfile(i: UserName & { PasswordResetRequired?: boolean }) { return users.updateLoginProfile(this.ctx, i); }
  deleteLoginProfile(i: { UserName?: string }, caller?: Caller) { return users.deleteLoginProfile(this.ctx, i, caller); }
  createAccessKey(i: { UserName?: string }, caller?: Caller) { return users.createAccessKey(this.ctx, i, caller); }
  listAccessKeys(i: { UserName?: string } & Paging, caller?: Caller) { return users.listAccessKeys(this.ctx, i, caller); }
  updateAccessKey(i: { UserName?: string; AccessKeyId: string; Status: "Active" | "Inactive" }, caller?: Caller) { return users.updateAccessKey(this.ctx, i, caller); }
  deleteAccessKey(i: { UserName?: string; AccessKeyId: string }, caller?: Caller) { return users.deleteAccessKey(this.ctx, i, caller); }
  getAccessKeyLastUsed(i: { AccessKeyId: string }) { return users.getAccessKeyLastUsed(this.ctx, i); }

  // Groups.
  createGroup(i: GroupName & { Path?: string }) { return groups.createGroup(this.ctx, i); }
  getGroup(i: GroupName & Paging) { return groups.getGroup(this.ctx, i); }
  listGroups(i: { PathPrefix?: string } & Paging = {}) { return groups.listGroups(this.ctx, i); }
  updateGroup(i: GroupName & { NewPath?: string; NewGroupName?: string }) { return groups.updateGroup(this.ctx, i); }
  deleteGroup(i: GroupName) { return groups.deleteGroup(this.ctx, i); }
  addUserToGroup(i: GroupName & UserName) { return groups.addUserToGroup(this.ctx, i); }
  removeUserFromGroup(i: GroupName & UserName) { return groups.removeUserFromGroup(this.ctx, i); }
  listGroupsForUser(i: UserName & Paging) { return groups.listGroupsForUser(this.ctx, i); }
  putGroupPolicy(i: GroupName & { PolicyName: string; PolicyDocument: string }) { return p.putInlinePolicy(this.ctx, "group", i.GroupName, i.PolicyName, i.PolicyDocument); }
  getGroupPolicy(i: GroupName & { PolicyName: string }) { return p.getInlinePolicy(this.ctx, "group", i.GroupName, i.PolicyName); }
  deleteGroupPolicy(i: GroupName & { PolicyName: string }) { return p.deleteInlinePolicy(this.ctx, "group", i.GroupName, i.PolicyName); }
  listGroupPolicies(i: GroupName & Paging) { return p.listInlinePolicies(this.ctx, "group", i.GroupName, i); }
  attachGroupPolicy(i: GroupName & { PolicyArn: string }) { return p.attachPolicy(this.ctx, "group", i.GroupName, i.PolicyArn); }
  detachGroupPolicy(i: GroupName & { PolicyArn: string }) { return p.detachPolicy(this.ctx, "group", i.GroupName, i.PolicyArn); }
  listAttachedGroupPolicies(i: GroupName & { PathPrefix?: string } & Paging) { return p.listAttachedPolicies(this.ctx, "group", i.GroupName, i); }

  // Instance profiles.
  createInstanceProfile(i: { InstanceProfileName: string; Path?: string; Tags?: Tag[] }) { return profiles.createInstanceProfile(this.ctx, i); }
  getInstanceProfile(i: { InstanceProfileName: string }) { return profiles.getInstanceProfile(this.ctx, i); }
  deleteInstanceProfile(i: { InstanceProfileName: string }) { return profiles.deleteInstanceProfile(this.ctx, i); }
  addRoleToInstanceProfile(i: { InstanceProfileName: string } & RoleName) { return profiles.addRoleToInstanceProfile(this.ctx, i); }
  removeRoleFromInstanceProfile(i: { InstanceProfileName: string } & RoleName) { return profiles.removeRoleFromInstanceProfile(this.ctx, i); }
  listInstanceProfiles(i: { PathPrefix?: string } & Paging = {}) { return profiles.listInstanceProfiles(this.ctx, i); }
  listInstanceProfilesForRole(i: RoleName & Paging) { return profiles.listInstanceProfilesForRole(this.ctx, i); }
  tagInstanceProfile(i: { InstanceProfileName: string; Tags: Tag[] }) { return profiles.tagInstanceProfile(this.ctx, i); }
  untagInstanceProfile(i: { InstanceProfileName: string; TagKeys: string[] }) { return profiles.untagInstanceProfile(this.ctx, i); }
  listInstanceProfileTags(i: { InstanceProfileName: string } & Paging) { return profiles.listInstanceProfileTags(this.ctx, i); }

  // Identity providers.
  createOpenIDConnectProvider(i: { Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tag[] }) { return providers.createOpenIDConnectProvider(this.ctx, i); }
  getOpenIDConnectProvider(i: { OpenIDConnectProviderArn: string }) { return providers.getOpenIDConnectProvider(this.ctx, i); }
  listOpenIDConnectProviders() { return providers.listOpenIDConnectProviders(this.ctx); }
  deleteOpenIDConnectProvider(i: { OpenIDConnectProviderArn: string }) { return providers.deleteOpenIDConnectProvider(this.ctx, i); }
  addClientIDToOpenIDConnectProvider(i: { OpenIDConnectProviderArn: string; ClientID: string }) { return providers.addClientIDToOpenIDConnectProvider(this.ctx, i); }
  removeClientIDFromOpenIDConnectProvider(i: { OpenIDConnectProviderArn: string; ClientID: string }) { return providers.removeClientIDFromOpenIDConnectProvider(this.ctx, i); }
  updateOpenIDConnectProviderThumbprint(i: { OpenIDConnectProviderArn: string; ThumbprintList: string[] }) { return providers.updateOpenIDConnectProviderThumbprint(this.ctx, i); }
  tagOpenIDConnectProvider(i: { OpenIDConnectProviderArn: string; Tags: Tag[] }) { return providers.tagOpenIDConnectProvider(this.ctx, i); }
  untagOpenIDConnectProvider(i: { OpenIDConnectProviderArn: string; TagKeys: string[] }) { return providers.untagOpenIDConnectProvider(this.ctx, i); }
  listOpenIDConnectProviderTags(i: { OpenIDConnectProviderArn: string } & Paging) { return providers.listOpenIDConnectProviderTags(this.ctx, i); }
  createSAMLProvider(i: { Name: string; SAMLMetadataDocument: string; Tags?: Tag[] }) { return providers.createSAMLProvider(this.ctx, i); }
  getSAMLProvider(i: { SAMLProviderArn: string }) { return providers.getSAMLProvider(this.ctx, i); }
  listSAMLProviders() { return providers.listSAMLProviders(this.ctx); }
  updateSAMLProvider(i: { SAMLProviderArn: string; SAMLMetadataDocument?: string }) { return providers.updateSAMLProvider(this.ctx, i); }
  deleteSAMLProvider(i: { SAMLProviderArn: string }) { return providers.deleteSAMLProvider(this.ctx, i); }

  // Account.
  createAccountAlias(i: { AccountAlias: string }) { return account.createAccountAlias(this.ctx, i); }
  deleteAccountAlias(i: { AccountAlias: string }) { return account.deleteAccountAlias(this.ctx, i); }
  listAccountAliases() { return account.listAccountAliases(this.ctx); }
  updateAccountPasswordPolicy(i: account.UpdatePasswordPolicyInput) { return account.updateAccountPasswordPolicy(this.ctx, i); }
  getAccountPasswordPolicy() { return account.getAccountPasswordPolicy(this.ctx); }
  deleteAccountPasswordPolicy() { return account.deleteAccountPasswordPolicy(this.ctx); }
  getAccountSummary() { return account.getAccountSummary(this.ctx); }
  getAccountAuthorizationDetails(i: { Filter?: string[] } & Paging = {}) { return getAccountAuthorizationDetails(this.ctx, i); }
}
