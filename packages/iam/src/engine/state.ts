/**
 * What IAM keeps: its entities by name (roles, users, groups, instance profiles) or ARN
 * (customer managed policies, identity providers), and the account's settings. A change is
 * one journal record listing the entities it writes whole, so a change touching several
 * (renaming a user in its groups) is recovered whole or not at all.
 */
export interface Tag {
  Key: string;
  Value: string;
}

/** Inline policies by name: the documents as they were put. */
export type InlinePolicies = Record<string, string>;

export interface StoredRole {
  RoleName: string;
  RoleId: string;
  Path: string;
  Arn: string;
  /** Epoch milliseconds. */
  CreateDate: number;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: string;
  Tags: Tag[];
  inline: InlinePolicies;
  /** Managed policy ARNs, in the order attached. */
  attached: string[];
  /** Set for a service-linked role: the service's name (elasticbeanstalk.amazonaws.com). */
  linkedService?: string;
}

export interface StoredPolicyVersion {
  VersionId: string;
  Document: string;
  CreateDate: number;
}

export interface StoredPolicy {
  PolicyName: string;
  PolicyId: string;
  Path: string;
  Arn: string;
  Description?: string;
  CreateDate: number;
  UpdateDate: number;
  DefaultVersionId: string;
  versions: StoredPolicyVersion[];
  nextVersion: number;
  Tags: Tag[];
}

export interface StoredAccessKey {
  AccessKeyId: string;
  SecretAccessKey: string;
  Status: "Active" | "Inactive";
  CreateDate: number;
}

export interface StoredLoginProfile {
  CreateDate: number;
  PasswordResetRequired: boolean;
}

export interface StoredUser {
  UserName: string;
  UserId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  PermissionsBoundary?: string;
  Tags: Tag[];
  inline: InlinePolicies;
  attached: string[];
  accessKeys: StoredAccessKey[];
  loginProfile?: StoredLoginProfile;
}

export interface StoredGroup {
  GroupName: string;
  GroupId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  inline: InlinePolicies;
  attached: string[];
  /** Member user names, in the order added. */
  members: string[];
}

export interface StoredInstanceProfile {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  /** Role names (at most one). */
  roles: string[];
  Tags: Tag[];
}

export interface StoredOidcProvider {
  Arn: string;
  /** As given (https://token.actions.githubusercontent.com). */
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate: number;
  Tags: Tag[];
}

export interface StoredSamlProvider {
  Arn: string;
  Name: string;
  SAMLMetadataDocument: string;
  SAMLProviderUUID: string;
  CreateDate: number;
  Tags: Tag[];
}

export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface AccountSettings {
  aliases: string[];
  passwordPolicy?: PasswordPolicy;
}

export interface IamState {
  roles: Record<string, StoredRole>;
  policies: Record<string, StoredPolicy>;
  users: Record<string, StoredUser>;
  groups: Record<string, StoredGroup>;
  instanceProfiles: Record<string, StoredInstanceProfile>;
  oidcProviders: Record<string, StoredOidcProvider>;
  samlProviders: Record<string, StoredSamlProvider>;
  account: AccountSettings;
}

export type Collection = Exclude<keyof IamState, "account">;

/** One entity written whole (`value`) or removed (no `value`), or the account's settings. */
export type IamChange =
  | { collection: Collection; key: string; value?: unknown }
  | { collection: "account"; value: AccountSettings };

export interface IamRecord {
  changes: IamChange[];
}

export function emptyState(): IamState {
  return { roles: {}, policies: {}, users: {}, groups: {}, instanceProfiles: {}, oidcProviders: {}, samlProviders: {}, account: { aliases: [] } };
}

/** A snapshot of an older sandbox may lack collections added since. */
export function stateFromSnapshot(json: unknown): IamState {
  return { ...emptyState(), ...(json as Partial<IamState>) };
}

export function applyRecord(state: IamState, record: IamRecord): void {
  for (const change of record.changes) {
    if (change.collection === "account") {
      state.account = change.value;
      continue;
    }
    const collection = state[change.collection] as Record<string, unknown>;
    if (change.value === undefined) delete collection[change.key];
    // Defined, not assigned: a role may be called "__proto__" (the names' pattern allows it).
    else Object.defineProperty(collection, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
  }
}
