/** CreateUserPool … DeleteUserPoolClient: pools and app clients. */
import { InvalidParameterException } from "../errors.js";
import { MAX_LIST_CLIENTS, MAX_LIST_POOLS } from "../limits.js";
import { checkClientSettings, checkSupportedProviders } from "./clientSettings.js";
import { clientOf, effectivePasswordPolicy, page, poolOf, write, type CognitoContext, type Input, type PasswordPolicy } from "./context.js";
import { newClientId, newClientSecret, newPoolId, newSigningKey } from "./ids.js";
import { deviceConfiguration } from "./devices/tracking.js";
import { checkThreatProtectionPlan } from "./extras.js";
import { poolMfaOf, smsConfigurationOf } from "./mfa/poolConfig.js";
import { checkSchema, schemaAttributes } from "./schema.js";
import type { Client, Pool, SigningKey } from "./state.js";

// Members of CreateUserPool that DescribeUserPool echoes as given.
const POOL_MEMBERS = [
  "Policies", "DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes", "AliasAttributes", "UsernameAttributes",
  "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject", "VerificationMessageTemplate",
  "SmsAuthenticationMessage", "MfaConfiguration", "UserAttributeUpdateSettings", "DeviceConfiguration", "EmailConfiguration",
  "SmsConfiguration", "UserPoolTags", "AdminCreateUserConfig", "Schema", "UserPoolAddOns", "UsernameConfiguration",
  "AccountRecoverySetting", "UserPoolTier",
];

/**
 * A link message's {##…##} placeholder needs link text: "{####}" there (CDK's LINK style put the code
 * message in it) is refused with "The message is invalid." (aws-cdk#6811, aws-cli#8280), though the
 * model's pattern lets it through.
 */
function checkVerificationMessages(input: Input): void {
  const template = input.VerificationMessageTemplate as { EmailMessageByLink?: unknown } | undefined;
  const byLink = template?.EmailMessageByLink;
  if (typeof byLink === "string" && !/\{##.+?##\}/s.test(byLink)) throw new InvalidParameterException("The message is invalid.");
}

function pick(input: Input, members: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of members) if (input[m] !== undefined) out[m] = input[m];
  return out;
}

/** A new pool's two signing keys (ID tokens, access tokens), from the context's key source when it has one. */
async function signingKeyPair(ctx: CognitoContext): Promise<[SigningKey, SigningKey]> {
  const make = ctx.signingKeys ?? newSigningKey;
  return [await make(), await make()];
}

/** `id` is given by the sandbox for a template's pool: the same id on every start. */
export async function createUserPool(ctx: CognitoContext, input: Input, id?: string): Promise<Record<string, unknown>> {
  checkSchema(input.Schema);
  checkThreatProtectionPlan(input);
  checkVerificationMessages(input);
  const poolId = id ?? newPoolId(ctx.region);
  const existing = ctx.durable.state.pools.get(poolId)?.pool;
  const now = ctx.clock.now();
  const pool: Pool = {
    id: poolId,
    name: String(input.PoolName),
    arn: `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${poolId}`,
    created: existing?.created ?? now,
    modified: now,
    // A domain (CreateUserPoolDomain) outlives the pool's re-creation from a template.
    config: { ...pick(existing?.config ?? {}, ["Domain", "CustomDomain", "CustomDomainConfig", "ManagedLoginVersion"]), ...pick(input, POOL_MEMBERS) },
    keys: existing?.keys ?? (await signingKeyPair(ctx)),
  };
  const mfa = poolMfaOf(input);
  if (mfa) pool.mfa = mfa;
  await write(ctx, { t: "pool", pool });
  return { UserPool: describePool(ctx, poolId) };
}

export function describeUserPool(ctx: CognitoContext, input: Input): Record<string, unknown> {
  return { UserPool: describePool(ctx, String(input.UserPoolId)) };
}

function describePool(ctx: CognitoContext, poolId: string): Record<string, unknown> {
  const state = poolOf(ctx, poolId);
  const { pool } = state;
  // A custom domain's certificate is DescribeUserPoolDomain's, not DescribeUserPool's; passkeys' settings GetUserPoolMfaConfig's.
  const config = Object.fromEntries(Object.entries(pool.config).filter(([member]) => member !== "CustomDomainConfig" && member !== "WebAuthnConfiguration"));
  const policies = (config.Policies as { PasswordPolicy?: Partial<PasswordPolicy> } | undefined) ?? {};
  const passwordPolicy = effectivePasswordPolicy(policies.PasswordPolicy);
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: pool.arn,
    ...config,
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] }, ...policies, PasswordPolicy: passwordPolicy },
    DeletionProtection: config.DeletionProtection ?? "INACTIVE",
    LambdaConfig: config.LambdaConfig ?? {},
    MfaConfiguration: config.MfaConfiguration ?? "OFF",
    SchemaAttributes: schemaAttributes(config.Schema),
    // AWS fills these in when CreateUserPool leaves them out (a recorded describe-user-pool answer of
    // 2025), and reports the temporary password's validity as UnusedAccountValidityDays too (awscli
    // example describe-user-pool.rst: 1 and 1).
    VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE", ...(config.VerificationMessageTemplate as Record<string, unknown> | undefined) },
    EmailConfiguration: config.EmailConfiguration ?? { EmailSendingAccount: "COGNITO_DEFAULT" },
    UserAttributeUpdateSettings: config.UserAttributeUpdateSettings ?? { AttributesRequireVerificationBeforeUpdate: [] },
    UserPoolTier: config.UserPoolTier ?? "ESSENTIALS",
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: passwordPolicy.TemporaryPasswordValidityDays,
      ...(config.AdminCreateUserConfig as Record<string, unknown> | undefined),
    },
    UserPoolTags: config.UserPoolTags ?? {},
    ...(config.SmsConfiguration !== undefined ? { SmsConfiguration: smsConfigurationOf(pool, config.SmsConfiguration) } : {}),
    // Both members, false when left out; no DeviceConfiguration at all when the pool does not track devices.
    ...(deviceConfiguration(pool) ? { DeviceConfiguration: deviceConfiguration(pool) } : {}),
    EstimatedNumberOfUsers: state.users.size,
    LastModifiedDate: pool.modified / 1000,
    CreationDate: pool.created / 1000,
  };
}

export function listUserPools(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pools = [...ctx.durable.state.pools.values()].map((p) => p.pool).sort((a, b) => a.id.localeCompare(b.id));
  const { items, next } = page(pools, (p) => p.id, input.MaxResults, input.NextToken, MAX_LIST_POOLS);
  return {
    UserPools: items.map((p) => ({ Id: p.id, Name: p.name, LambdaConfig: p.config.LambdaConfig ?? {}, LastModifiedDate: p.modified / 1000, CreationDate: p.created / 1000 })),
    ...(next ? { NextToken: next } : {}),
  };
}

export async function updateUserPool(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const state = poolOf(ctx, String(input.UserPoolId));
  checkVerificationMessages(input);
  // UpdateUserPool replaces every updatable setting; the schema and sign-in attributes stay, and so
  // does the feature plan unless UserPoolTier is given (the plan check below assumes the same). Tags
  // stay unless UserPoolTags is given: TagResource / UntagResource own them (Terraform's
  // aws_cognito_user_pool tags with TagResource, then calls UpdateUserPool without UserPoolTags).
  const kept = pick(state.pool.config, ["Schema", "UsernameAttributes", "AliasAttributes", "UsernameConfiguration", "Domain", "CustomDomain", "CustomDomainConfig", "ManagedLoginVersion", "WebAuthnConfiguration", "UserPoolTier", "UserPoolTags"]);
  const { mfa: existing, ...pool } = state.pool;
  const mfa = poolMfaOf(input, existing);
  checkThreatProtectionPlan({ UserPoolAddOns: input.UserPoolAddOns, UserPoolTier: input.UserPoolTier ?? state.pool.config.UserPoolTier });
  await write(ctx, { t: "pool", pool: { ...pool, config: { ...kept, ...pick(input, POOL_MEMBERS) }, modified: ctx.clock.now(), ...(mfa ? { mfa } : {}) } });
  return {};
}

export async function deleteUserPool(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const state = poolOf(ctx, String(input.UserPoolId));
  if (state.pool.config.DeletionProtection === "ACTIVE") {
    throw new InvalidParameterException("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
  }
  await write(ctx, { t: "deletePool", id: state.pool.id });
  return {};
}

// Members of CreateUserPoolClient that DescribeUserPoolClient echoes as given.
const CLIENT_MEMBERS = [
  "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes", "WriteAttributes",
  "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows",
  "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient", "AnalyticsConfiguration", "PreventUserExistenceErrors",
  "EnableTokenRevocation", "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation",
];

/** `fixed` is given by the sandbox for a template's client: the same id (and secret) on every start. */
export async function createUserPoolClient(ctx: CognitoContext, input: Input, fixed?: { id: string; secret?: string }): Promise<Record<string, unknown>> {
  const state = poolOf(ctx, String(input.UserPoolId));
  checkClientSettings(state, input, "creating");
  if (!fixed) checkSupportedProviders(state, input);
  const clientId = fixed?.id ?? newClientId();
  const existing = state.clients.get(clientId);
  const now = ctx.clock.now();
  const secret = input.GenerateSecret === true ? (fixed?.secret ?? existing?.secret ?? newClientSecret()) : undefined;
  const client: Client = {
    poolId: state.pool.id,
    clientId,
    clientName: String(input.ClientName),
    ...(secret ? { secret } : {}),
    created: existing?.created ?? now,
    modified: now,
    config: pick(input, CLIENT_MEMBERS),
  };
  await write(ctx, { t: "client", client });
  return { UserPoolClient: describeClient(ctx, client) };
}

/**
 * A Pinpoint project named by ApplicationArn is published to through Cognito's service-linked role, which
 * AWS names as the configuration's RoleArn (the AWS CLI's example create-user-pool-client.rst).
 */
function analyticsOf(ctx: CognitoContext, config: unknown): Record<string, unknown> | undefined {
  if (typeof config !== "object" || config === null) return undefined;
  const analytics = config as Record<string, unknown>;
  if (analytics.ApplicationArn === undefined || analytics.RoleArn !== undefined) return analytics;
  return { ...analytics, RoleArn: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp` };
}

function describeClient(ctx: CognitoContext, client: Client): Record<string, unknown> {
  const c = client.config;
  const analytics = analyticsOf(ctx, c.AnalyticsConfiguration);
  return {
    UserPoolId: client.poolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: client.modified / 1000,
    CreationDate: client.created / 1000,
    ...c,
    RefreshTokenValidity: c.RefreshTokenValidity ?? 30,
    TokenValidityUnits: c.TokenValidityUnits ?? {},
    AllowedOAuthFlowsUserPoolClient: c.AllowedOAuthFlowsUserPoolClient ?? false,
    EnableTokenRevocation: c.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: c.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: c.AuthSessionValidity ?? 3,
    ...(analytics ? { AnalyticsConfiguration: analytics } : {}),
  };
}

export function describeUserPoolClient(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const { client } = clientOf(ctx, String(input.ClientId), String(input.UserPoolId));
  return { UserPoolClient: describeClient(ctx, client) };
}

export function listUserPoolClients(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const state = poolOf(ctx, String(input.UserPoolId));
  const { items, next } = page([...state.clients.values()], (c) => c.clientId, input.MaxResults, input.NextToken, MAX_LIST_CLIENTS);
  return {
    UserPoolClients: items.map((c) => ({ ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.clientName })),
    ...(next ? { NextToken: next } : {}),
  };
}

export async function updateUserPoolClient(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, client } = clientOf(ctx, String(input.ClientId), String(input.UserPoolId));
  checkClientSettings(pool, input, "updating");
  checkSupportedProviders(pool, input);
  const updated: Client = {
    ...client,
    clientName: input.ClientName === undefined ? client.clientName : String(input.ClientName),
    config: pick(input, CLIENT_MEMBERS),
    modified: ctx.clock.now(),
  };
  await write(ctx, { t: "client", client: updated });
  return { UserPoolClient: describeClient(ctx, updated) };
}

export async function deleteUserPoolClient(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { client } = clientOf(ctx, String(input.ClientId), String(input.UserPoolId));
  await write(ctx, { t: "deleteClient", poolId: client.poolId, clientId: client.clientId });
  return {};
}
