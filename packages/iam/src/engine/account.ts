/** The account's settings: its alias, its password policy, and GetAccountSummary's counts. */
import { noPasswordPolicyToDelete, noSuchPasswordPolicy } from "../errors.js";
import { MAX_ACCESS_KEYS_PER_USER, MAX_POLICY_VERSIONS } from "../limits.js";
import { awsManagedPolicies } from "./awsManagedPolicies.js";
import { change, state, type IamContext } from "./context.js";
import type { PasswordPolicy } from "./state.js";

export async function createAccountAlias(ctx: IamContext, input: { AccountAlias: string }) {
  // An account has one alias: a new one replaces it.
  await change(ctx, { collection: "account", value: { ...state(ctx).account, aliases: [input.AccountAlias] } });
}

export async function deleteAccountAlias(ctx: IamContext, _input: { AccountAlias: string }) {
  await change(ctx, { collection: "account", value: { ...state(ctx).account, aliases: [] } });
}

export function listAccountAliases(ctx: IamContext) {
  return { AccountAliases: state(ctx).account.aliases, IsTruncated: false };
}

export interface UpdatePasswordPolicyInput {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/** Values left out take IAM's defaults (API reference, UpdateAccountPasswordPolicy: length 6, nothing required). */
export async function updateAccountPasswordPolicy(ctx: IamContext, input: UpdatePasswordPolicyInput) {
  const policy: PasswordPolicy = {
    MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
    RequireSymbols: input.RequireSymbols ?? false,
    RequireNumbers: input.RequireNumbers ?? false,
    RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
    AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    ExpirePasswords: (input.MaxPasswordAge ?? 0) > 0,
    ...(input.MaxPasswordAge !== undefined ? { MaxPasswordAge: input.MaxPasswordAge } : {}),
    ...(input.PasswordReusePrevention !== undefined ? { PasswordReusePrevention: input.PasswordReusePrevention } : {}),
    ...(input.HardExpiry !== undefined ? { HardExpiry: input.HardExpiry } : {}),
  };
  await change(ctx, { collection: "account", value: { ...state(ctx).account, passwordPolicy: policy } });
}

export function getAccountPasswordPolicy(ctx: IamContext) {
  const policy = state(ctx).account.passwordPolicy;
  if (policy === undefined) throw noSuchPasswordPolicy(ctx.accountId);
  return { PasswordPolicy: policy };
}

export async function deleteAccountPasswordPolicy(ctx: IamContext) {
  if (state(ctx).account.passwordPolicy === undefined) throw noPasswordPolicyToDelete();
  const { passwordPolicy: _dropped, ...account } = state(ctx).account;
  await change(ctx, { collection: "account", value: account });
}

/** Counts of what the account holds, and IAM's default quotas (IAM User Guide, "IAM and AWS STS quotas"). */
export function getAccountSummary(ctx: IamContext) {
  const s = state(ctx);
  const attachments = [...Object.values(s.roles), ...Object.values(s.users), ...Object.values(s.groups)].reduce((n, e) => n + e.attached.length, 0);
  const attachedAws = new Set([...Object.values(s.roles), ...Object.values(s.users), ...Object.values(s.groups)].flatMap((e) => e.attached));
  return {
    SummaryMap: {
      Users: Object.keys(s.users).length,
      UsersQuota: 5000,
      Groups: Object.keys(s.groups).length,
      GroupsQuota: 300,
      Roles: Object.keys(s.roles).length,
      RolesQuota: 1000,
      Policies: Object.keys(s.policies).length,
      PoliciesQuota: 1500,
      InstanceProfiles: Object.keys(s.instanceProfiles).length,
      InstanceProfilesQuota: 1000,
      Providers: Object.keys(s.oidcProviders).length + Object.keys(s.samlProviders).length,
      PolicyVersionsInUse: Object.values(s.policies).reduce((n, p) => n + p.versions.length, 0) + awsManagedPolicies().filter((p) => attachedAws.has(p.Arn)).length,
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: MAX_POLICY_VERSIONS,
      AttachedPoliciesPerRoleQuota: 10,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AccessKeysPerUserQuota: MAX_ACCESS_KEYS_PER_USER,
      GroupsPerUserQuota: 10,
      PolicySizeQuota: 6144,
      GroupPolicySizeQuota: 5120,
      UserPolicySizeQuota: 2048,
      RolePolicySizeQuota: 10240,
      AssumeRolePolicySizeQuota: 2048,
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      SigningCertificatesPerUserQuota: 2,
      MFADevices: 0,
      MFADevicesInUse: 0,
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
      GlobalEndpointTokenVersion: 1,
      AttachedPolicies: attachments,
    },
  };
}
