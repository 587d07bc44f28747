import type { Clock } from "@sam-sandbox/core";
import {
  DEFAULT_FEDERATION_TOKEN_SECONDS, DEFAULT_MAX_SESSION_DURATION_SECONDS, DEFAULT_ROLE_SESSION_SECONDS, DEFAULT_ROOT_SESSION_SECONDS, DEFAULT_SESSION_TOKEN_SECONDS,
  MAX_REMEMBERED_CREDENTIALS, ROOT_TASK_POLICIES,
} from "../limits.js";
import { authorizationMessageInvalid, durationExceedsMax, invalidArn, sessionTokenWithSessionCredentials, ValidationError } from "../errors.js";
import { roleId, secretAccessKey, sessionToken, temporaryAccessKeyId } from "./ids.js";
import { checkArn, checkSessionTags } from "./sessionTags.js";
import { checkSamlProviderArn, nameQualifier, readSamlAssertion } from "./saml.js";
import type {
  AssumeRoleInput, AssumeRoleWithSAMLInput, AssumeRootInput, AssumeRoleWithWebIdentityInput, AssumedRoleUser, CallerIdentity, Credentials, FederatedUser, GetFederationTokenInput, GetSessionTokenInput,
} from "./types.js";
import { checkSessionPolicy, packedPolicySize } from "./packedPolicy.js";
import { readWebIdentityToken } from "./webIdentity.js";

/** Who a temporary access key id was issued to, and until when. */
export interface IssuedCredentials {
  identity: CallerIdentity;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Lower-cased transitive session tag keys: a session assumed with these credentials keeps them. */
  transitiveTagKeys?: string[];
  /**
   * The session's source identity: once set it "persists when a role is used to assume another role"
   * and cannot be changed (IAM User Guide, "Monitor and control actions taken with assumed roles").
   */
  sourceIdentity?: string;
}

export interface StsEngineOptions {
  clock: Clock;
  accountId: string;
  region: string;
  /** The template's IAM roles by ARN: AssumeRole honours their MaxSessionDuration. */
  roles?: ReadonlyMap<string, { maxSessionDuration?: number }>;
  /** Credentials issued by an earlier run (still valid), oldest first. */
  issued?: Iterable<[string, IssuedCredentials]>;
  /** Keeps an issued key (or forgets one: undefined) before the answer is sent. */
  remember?: (accessKeyId: string, issued: IssuedCredentials | undefined) => Promise<void>;
}

/**
 * STS without IAM: every caller is accepted and any role may be assumed. Identities are
 * AWS-shaped: long-term keys are the account's root user; temporary keys issued here are
 * remembered, so GetCallerIdentity with them answers the assumed role (or the caller that
 * asked GetSessionToken).
 */
export class StsEngine {
  private readonly issued = new Map<string, IssuedCredentials>();

  constructor(private readonly options: StsEngineOptions) {
    const now = options.clock.now();
    for (const [key, entry] of options.issued ?? []) if (entry.expiresAt > now) this.issued.set(key, entry);
  }

  /** Who a request's access key id is. */
  getCallerIdentity(accessKeyId: string | undefined): CallerIdentity {
    return (accessKeyId && this.issued.get(accessKeyId)?.identity) || this.rootIdentity();
  }

  async getSessionToken(input: GetSessionTokenInput, callerKeyId: string | undefined): Promise<{ Credentials: Credentials }> {
    const caller = this.getCallerIdentity(callerKeyId);
    if (caller.Arn.includes(":assumed-role/")) throw sessionTokenWithSessionCredentials();
    return { Credentials: await this.issue(input.DurationSeconds ?? DEFAULT_SESSION_TOKEN_SECONDS, caller) };
  }

  /** The account an access key id belongs to: the sandbox has one account, and every key is its (or a role's it issued). */
  getAccessKeyInfo(input: { AccessKeyId: string }): { Account: string } {
    return { Account: this.issued.get(input.AccessKeyId)?.identity.Account ?? this.options.accountId };
  }

  async assumeRole(
    input: AssumeRoleInput,
    callerKeyId?: string,
  ): Promise<{ Credentials: Credentials; AssumedRoleUser: AssumedRoleUser; PackedPolicySize?: number; SourceIdentity?: string }> {
    checkArn(input.RoleArn);
    checkSessionPolicy(input.Policy);
    const caller = callerKeyId ? this.issued.get(callerKeyId) : undefined;
    const transitiveTagKeys = checkSessionTags(input.Tags, input.TransitiveTagKeys, caller?.transitiveTagKeys);
    const duration = this.roleSessionSeconds(input.RoleArn, input.DurationSeconds);
    const user = this.assumedRoleUser(input.RoleArn, input.RoleSessionName);
    // A chained session that names none keeps its caller's source identity (AWS's IAM would refuse a
    // different one; the sandbox enforces no IAM).
    const sourceIdentity = input.SourceIdentity || caller?.sourceIdentity;
    const credentials = await this.issue(duration, this.identityOf(user, input.RoleArn), { transitiveTagKeys, sourceIdentity });
    const packed = packedPolicySize(input);
    return {
      Credentials: credentials,
      AssumedRoleUser: user,
      ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
      ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}),
    };
  }

  /** Credentials for a federated user named by the caller; the session policy is not enforced (no IAM). */
  async getFederationToken(input: GetFederationTokenInput): Promise<{ Credentials: Credentials; FederatedUser: FederatedUser; PackedPolicySize?: number }> {
    checkSessionTags(input.Tags, undefined, undefined);
    checkSessionPolicy(input.Policy);
    const account = this.options.accountId;
    const user: FederatedUser = { FederatedUserId: `${account}:${input.Name}`, Arn: `arn:${this.partition()}:sts::${account}:federated-user/${input.Name}` };
    const credentials = await this.issue(input.DurationSeconds ?? DEFAULT_FEDERATION_TOKEN_SECONDS, { UserId: user.FederatedUserId, Account: account, Arn: user.Arn });
    // AWS answers 0 with no session policy (localstack test_get_federation_token, recorded on AWS).
    return { Credentials: credentials, FederatedUser: user, PackedPolicySize: packedPolicySize(input) ?? 0 };
  }

  async assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput) {
    checkArn(input.RoleArn);
    checkSessionPolicy(input.Policy);
    const token = readWebIdentityToken(input.WebIdentityToken, this.options.clock.now());
    const duration = this.roleSessionSeconds(input.RoleArn, input.DurationSeconds);
    const user = this.assumedRoleUser(input.RoleArn, input.RoleSessionName);
    const credentials = await this.issue(duration, this.identityOf(user, input.RoleArn));
    const packed = packedPolicySize(input);
    return {
      Credentials: credentials,
      SubjectFromWebIdentityToken: token.subject,
      AssumedRoleUser: user,
      ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
      Provider: input.ProviderId ?? token.issuer,
      Audience: token.audience,
    };
  }

  /**
   * Credentials for the role a SAML assertion names. The assertion's claims are checked as STS
   * does; its signature is not (no IAM SAML provider metadata: see saml.ts).
   */
  async assumeRoleWithSAML(input: AssumeRoleWithSAMLInput) {
    checkArn(input.RoleArn);
    checkSamlProviderArn(input.PrincipalArn);
    checkSessionPolicy(input.Policy);
    const now = this.options.clock.now();
    const saml = readSamlAssertion(input.SAMLAssertion, input.RoleArn, input.PrincipalArn, now);
    const requested = this.roleSessionSeconds(input.RoleArn, input.DurationSeconds);
    // The session lasts as asked, or until the assertion's SessionNotOnOrAfter, whichever is shorter (STS API Reference).
    const duration = saml.sessionNotOnOrAfter === undefined ? requested : Math.min(requested, Math.max(0, Math.floor((saml.sessionNotOnOrAfter - now) / 1000)));
    const user = this.assumedRoleUser(input.RoleArn, saml.roleSessionName);
    const credentials = await this.issue(duration, this.identityOf(user, input.RoleArn), { sourceIdentity: saml.sourceIdentity });
    const packed = packedPolicySize(input);
    return {
      Credentials: credentials,
      AssumedRoleUser: user,
      ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
      Subject: saml.subject,
      SubjectType: saml.subjectType,
      Issuer: saml.issuer,
      Audience: saml.recipient,
      NameQualifier: nameQualifier(saml.issuer, input.PrincipalArn),
      ...(saml.sourceIdentity !== undefined ? { SourceIdentity: saml.sourceIdentity } : {}),
    };
  }

  /**
   * A privileged root session on a member account, scoped by one of AWS's root-task policies.
   * Without Organizations every account id is taken as a member; GetCallerIdentity with the
   * credentials answers that account's root user. A caller's source identity is answered and kept
   * ("The source identity specified by the principal that is calling the AssumeRoot operation";
   * the SDK's example "To launch a privileged session" answers SourceIdentity).
   */
  async assumeRoot(input: AssumeRootInput, callerKeyId?: string): Promise<{ Credentials: Credentials; SourceIdentity?: string }> {
    const account = targetAccount(input.TargetPrincipal);
    const policyArn = input.TaskPolicyArn.arn ?? "";
    const task = /^arn:[\w-]+:iam::aws:policy\/root-task\/(.+)$/.exec(policyArn)?.[1];
    if (task === undefined || !(ROOT_TASK_POLICIES as readonly string[]).includes(task)) throw invalidArn(policyArn);
    const identity: CallerIdentity = { UserId: account, Account: account, Arn: `arn:${this.partition()}:iam::${account}:root` };
    const sourceIdentity = callerKeyId ? this.issued.get(callerKeyId)?.sourceIdentity : undefined;
    const credentials = await this.issue(input.DurationSeconds ?? DEFAULT_ROOT_SESSION_SECONDS, identity, { sourceIdentity });
    return { Credentials: credentials, ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}) };
  }

  /** The sandbox encodes no authorization failure messages (it enforces no IAM): none can be decoded. */
  decodeAuthorizationMessage(_input: { EncodedMessage: string }): never {
    throw authorizationMessageInvalid();
  }

  private rootIdentity(): CallerIdentity {
    const account = this.options.accountId;
    return { UserId: account, Account: account, Arn: `arn:${this.partition()}:iam::${account}:root` };
  }

  private roleSessionSeconds(roleArn: string, requested: number | undefined): number {
    const role = this.options.roles?.get(roleArn);
    // Without IAM a role the template does not define has no known limit: the model's range applies.
    if (role && requested !== undefined && requested > (role.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION_SECONDS)) {
      throw durationExceedsMax();
    }
    return requested ?? DEFAULT_ROLE_SESSION_SECONDS;
  }

  private assumedRoleUser(roleArn: string, sessionName: string): AssumedRoleUser {
    const { account, roleName } = roleParts(roleArn, this.options.accountId);
    return {
      AssumedRoleId: `${roleId(roleArn)}:${sessionName}`,
      Arn: `arn:${this.partition()}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
    };
  }

  private identityOf(user: AssumedRoleUser, roleArn: string): CallerIdentity {
    return { UserId: user.AssumedRoleId, Account: roleParts(roleArn, this.options.accountId).account, Arn: user.Arn };
  }

  private async issue(durationSeconds: number, identity: CallerIdentity, session: { transitiveTagKeys?: string[]; sourceIdentity?: string | undefined } = {}): Promise<Credentials> {
    const credentials: Credentials = {
      AccessKeyId: temporaryAccessKeyId(),
      SecretAccessKey: secretAccessKey(),
      SessionToken: sessionToken(),
      Expiration: new Date(Math.floor(this.options.clock.now() / 1000) * 1000 + durationSeconds * 1000),
    };
    const remembered: Array<Promise<void>> = [];
    if (this.issued.size >= MAX_REMEMBERED_CREDENTIALS) {
      const oldest = this.issued.keys().next();
      if (!oldest.done) {
        this.issued.delete(oldest.value);
        if (this.options.remember) remembered.push(this.options.remember(oldest.value, undefined));
      }
    }
    const { transitiveTagKeys, sourceIdentity } = session;
    const entry: IssuedCredentials = {
      identity,
      expiresAt: credentials.Expiration.getTime(),
      ...(transitiveTagKeys ? { transitiveTagKeys } : {}),
      ...(sourceIdentity ? { sourceIdentity } : {}),
    };
    this.issued.set(credentials.AccessKeyId, entry);
    if (this.options.remember) remembered.push(this.options.remember(credentials.AccessKeyId, entry));
    await Promise.all(remembered);
    return credentials;
  }

  private partition(): string {
    const region = this.options.region;
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}

/** AssumeRoot's TargetPrincipal: a member account id, or an ARN in that account ("arn:aws:iam::111122223333:root"). */
function targetAccount(principal: string): string {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = /^arn:[\w-]+:[\w-]+::(\d{12}):.+$/.exec(principal)?.[1];
  if (account === undefined) throw new ValidationError(`${principal} is invalid`);
  return account;
}

/** "arn:aws:iam::123456789012:role/path/Name" → account and role name (the last path segment). */
function roleParts(roleArn: string, fallbackAccount: string): { account: string; roleName: string } {
  const parts = roleArn.split(":");
  const account = parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : fallbackAccount;
  const resource = parts.length >= 6 ? parts.slice(5).join(":") : roleArn;
  return { account, roleName: resource.slice(resource.lastIndexOf("/") + 1) };
}
