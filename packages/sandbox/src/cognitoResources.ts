/**
 * The template's AWS::Cognito::UserPool, UserPoolClient, UserPoolGroup, UserPoolUser and
 * UserPoolUserToGroupAttachment, created in Cognito user pools at start-up with the ids the
 * template resolved (Ref → "us-east-1_AbCdEf123", client ids and secrets stable across restarts).
 * Starting again updates pools, clients and groups in place and keeps users.
 */
import type { Cognito } from "@sam-sandbox/cognito";
import { eventTarget, NESTED_ID_SEPARATOR, type AppModel, type ResolvedResource } from "@sam-sandbox/template";

const COGNITO_TYPES = new Set([
  "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolGroup", "AWS::Cognito::UserPoolUser", "AWS::Cognito::UserPoolUserToGroupAttachment",
  "AWS::Cognito::UserPoolDomain", "AWS::Cognito::UserPoolResourceServer", "AWS::Cognito::UserPoolUICustomizationAttachment",
  "AWS::Cognito::UserPoolRiskConfigurationAttachment", "AWS::Cognito::ManagedLoginBranding", "AWS::Cognito::LogDeliveryConfiguration",
]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const bool = (value: unknown): boolean | undefined => (value === undefined ? undefined : value === true || value === "true");
const num = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));

function byType(app: AppModel, type: string): ResolvedResource[] {
  return Object.values(app.resources).filter((r) => r.type === type);
}

export function hasCognitoResources(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => COGNITO_TYPES.has(r.type));
}

/** CloudFormation's UserPool properties as CreateUserPool's input (YAML strings made numbers and booleans). */
function poolInput(resource: ResolvedResource): Record<string, unknown> {
  const { UserPoolName, Policies, Schema, ...rest } = resource.properties;
  // Without UserPoolName the pool is named after its logical id (a nested stack's "Child/Pool": Pool, as in its own template).
  const ownId = resource.logicalId.slice(resource.logicalId.lastIndexOf(NESTED_ID_SEPARATOR) + 1);
  const input: Record<string, unknown> = { ...rest, PoolName: typeof UserPoolName === "string" ? UserPoolName : ownId };
  if (isRecord(Policies) && isRecord(Policies.PasswordPolicy)) {
    const p = Policies.PasswordPolicy;
    input.Policies = {
      ...Policies,
      PasswordPolicy: {
        ...p,
        ...(p.MinimumLength !== undefined ? { MinimumLength: num(p.MinimumLength) } : {}),
        ...(p.TemporaryPasswordValidityDays !== undefined ? { TemporaryPasswordValidityDays: num(p.TemporaryPasswordValidityDays) } : {}),
        ...Object.fromEntries(["RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"].filter((k) => p[k] !== undefined).map((k) => [k, bool(p[k])])),
      },
    };
  } else if (Policies !== undefined) {
    input.Policies = Policies;
  }
  if (Array.isArray(Schema)) {
    input.Schema = Schema.filter(isRecord).map((a) => ({ ...a, ...(a.Required !== undefined ? { Required: bool(a.Required) } : {}), ...(a.Mutable !== undefined ? { Mutable: bool(a.Mutable) } : {}) }));
  }
  return input;
}

function clientInput(resource: ResolvedResource): Record<string, unknown> {
  const p = resource.properties;
  const input: Record<string, unknown> = { ...p, ClientName: typeof p.ClientName === "string" ? p.ClientName : (resource.attributes.Name ?? resource.ref) };
  for (const key of ["AccessTokenValidity", "IdTokenValidity", "RefreshTokenValidity", "AuthSessionValidity"]) if (p[key] !== undefined) input[key] = num(p[key]);
  for (const key of ["GenerateSecret", "EnableTokenRevocation", "AllowedOAuthFlowsUserPoolClient"]) if (p[key] !== undefined) input[key] = bool(p[key]);
  return input;
}

function userExists(cognito: Cognito, poolId: string, username: string): boolean {
  try {
    cognito.engine.adminGetUser({ UserPoolId: poolId, Username: username });
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "UserNotFoundException") return false;
    throw error;
  }
}

/**
 * SAM's `Events: { Type: Cognito, Properties: { UserPool, Trigger } }` on a function: SAM writes the
 * function's ARN (its AutoPublishAlias's, when it has one) into the pool's LambdaConfig under each
 * Trigger. Pool id → trigger → function ARN.
 */
function samCognitoTriggers(app: AppModel): Map<string, Record<string, string>> {
  const triggers = new Map<string, Record<string, string>>();
  const specs = new Map(app.functions.map((spec) => [spec.logicalId, spec]));
  for (const fn of byType(app, "AWS::Serverless::Function")) {
    const spec = specs.get(fn.logicalId);
    const arn = spec ? eventTarget(spec).arn : fn.attributes.Arn;
    if (!isRecord(fn.properties.Events) || typeof arn !== "string") continue;
    for (const event of Object.values(fn.properties.Events)) {
      if (!isRecord(event) || event.Type !== "Cognito" || !isRecord(event.Properties)) continue;
      const { UserPool, Trigger } = event.Properties;
      if (typeof UserPool !== "string") continue;
      const names = Array.isArray(Trigger) ? Trigger.filter((t) => typeof t === "string") : typeof Trigger === "string" ? [Trigger] : [];
      const config = triggers.get(UserPool) ?? {};
      for (const name of names) config[name] = arn;
      triggers.set(UserPool, config);
    }
  }
  return triggers;
}

/**
 * The pool's WebAuthnRelyingPartyID / WebAuthnUserVerification (passkeys) are what the API sets
 * with SetUserPoolMfaConfig's WebAuthnConfiguration; the pool's MFA settings are given back as they are.
 */
async function passkeySettings(engine: Cognito["engine"], pool: ResolvedResource): Promise<void> {
  const { WebAuthnRelyingPartyID: rpId, WebAuthnUserVerification: verification } = pool.properties;
  if (rpId === undefined && verification === undefined) return;
  const current = engine.getUserPoolMfaConfig({ UserPoolId: pool.ref });
  const WebAuthnConfiguration = { ...(typeof rpId === "string" ? { RelyingPartyId: rpId } : {}), ...(typeof verification === "string" ? { UserVerification: verification } : {}) };
  await engine.setUserPoolMfaConfig({ ...current, UserPoolId: pool.ref, WebAuthnConfiguration });
}

export async function createTemplateCognitoResources(cognito: Cognito, app: AppModel): Promise<void> {
  const engine = cognito.engine;
  const samTriggers = samCognitoTriggers(app);
  for (const pool of byType(app, "AWS::Cognito::UserPool")) {
    const input = poolInput(pool);
    const fromEvents = samTriggers.get(pool.ref);
    if (fromEvents) input.LambdaConfig = { ...(isRecord(input.LambdaConfig) ? input.LambdaConfig : {}), ...fromEvents };
    await engine.createUserPool(input, pool.ref);
    await passkeySettings(engine, pool);
  }
  for (const client of byType(app, "AWS::Cognito::UserPoolClient")) {
    await engine.createUserPoolClient(clientInput(client), { id: client.ref, secret: client.attributes.ClientSecret });
  }
  for (const group of byType(app, "AWS::Cognito::UserPoolGroup")) {
    const p = group.properties;
    const input = {
      UserPoolId: p.UserPoolId,
      GroupName: group.ref,
      ...(p.Description !== undefined ? { Description: p.Description } : {}),
      ...(p.RoleArn !== undefined ? { RoleArn: p.RoleArn } : {}),
      ...(p.Precedence !== undefined ? { Precedence: num(p.Precedence) } : {}),
    };
    const exists = engine.listGroups({ UserPoolId: p.UserPoolId }).Groups as Array<{ GroupName: string }>;
    if (exists.some((g) => g.GroupName === group.ref)) await engine.updateGroup(input);
    else await engine.createGroup(input);
  }
  for (const user of byType(app, "AWS::Cognito::UserPoolUser")) {
    const p = user.properties;
    const known = userExists(cognito, String(p.UserPoolId), user.ref);
    if (!known) await engine.adminCreateUser({ UserPoolId: p.UserPoolId, Username: user.ref, ...(Array.isArray(p.UserAttributes) ? { UserAttributes: p.UserAttributes } : {}) });
  }
  for (const attachment of byType(app, "AWS::Cognito::UserPoolUserToGroupAttachment")) {
    const p = attachment.properties;
    await engine.adminAddUserToGroup({ UserPoolId: p.UserPoolId, Username: p.Username, GroupName: p.GroupName });
  }
  for (const server of byType(app, "AWS::Cognito::UserPoolResourceServer")) {
    const p = server.properties;
    const input = { UserPoolId: p.UserPoolId, Identifier: server.ref, Name: p.Name, ...(Array.isArray(p.Scopes) ? { Scopes: p.Scopes } : {}) };
    const known = (engine.listResourceServers({ UserPoolId: p.UserPoolId }).ResourceServers as Array<{ Identifier: string }>).some((s) => s.Identifier === server.ref);
    if (known) await engine.updateResourceServer(input);
    else await engine.createResourceServer(input);
  }
  // The hosted UI of a domain is served on the edge under /<domain>.auth.<region>.amazoncognito.com/.
  for (const domain of byType(app, "AWS::Cognito::UserPoolDomain")) {
    const described = engine.describeUserPoolDomain({ Domain: domain.ref }).DomainDescription as { UserPoolId?: string };
    if (described.UserPoolId === domain.properties.UserPoolId) continue;
    // A pool holds one prefix and one custom domain: one the template no longer names (renamed
    // since the state was saved) goes, as CloudFormation's replacement deletes the old resource.
    const custom = isRecord(domain.properties.CustomDomainConfig);
    const pool = engine.describeUserPool({ UserPoolId: domain.properties.UserPoolId }).UserPool as { Domain?: string; CustomDomain?: string };
    const previous = custom ? pool.CustomDomain : pool.Domain;
    if (previous !== undefined) await engine.deleteUserPoolDomain({ UserPoolId: domain.properties.UserPoolId, Domain: previous });
    await engine.createUserPoolDomain({ UserPoolId: domain.properties.UserPoolId, Domain: domain.ref, ...(isRecord(domain.properties.CustomDomainConfig) ? { CustomDomainConfig: domain.properties.CustomDomainConfig } : {}) });
  }
  await brandingAndProtection(engine, app);
}

/**
 * Hosted UI (classic) CSS, threat protection's risk configuration, log delivery and managed login
 * styles, applied after the domains (a UI customization needs one) on every start.
 */
async function brandingAndProtection(engine: Cognito["engine"], app: AppModel): Promise<void> {
  for (const ui of byType(app, "AWS::Cognito::UserPoolUICustomizationAttachment")) {
    const p = ui.properties;
    await engine.setUICustomization({ UserPoolId: p.UserPoolId, ClientId: p.ClientId, ...(typeof p.CSS === "string" ? { CSS: p.CSS } : {}) });
  }
  for (const risk of byType(app, "AWS::Cognito::UserPoolRiskConfigurationAttachment")) {
    const { UserPoolId, ClientId, ...settings } = risk.properties;
    await engine.setRiskConfiguration({ UserPoolId, ...(ClientId !== undefined && ClientId !== "ALL" ? { ClientId } : {}), ...settings });
  }
  for (const log of byType(app, "AWS::Cognito::LogDeliveryConfiguration")) {
    await engine.setLogDeliveryConfiguration({ UserPoolId: log.properties.UserPoolId, LogConfigurations: Array.isArray(log.properties.LogConfigurations) ? log.properties.LogConfigurations : [] });
  }
  for (const style of byType(app, "AWS::Cognito::ManagedLoginBranding")) {
    const { UserPoolId, ClientId, ReturnMergedResources: _readOnly, ...settings } = style.properties;
    const id = String(style.attributes.ManagedLoginBrandingId);
    const kept = engine.ctx.durable.state.pools.get(String(UserPoolId))?.extras.brandings?.[id];
    if (kept) await engine.updateManagedLoginBranding({ UserPoolId, ManagedLoginBrandingId: id, ...settings });
    else await engine.createManagedLoginBranding({ UserPoolId, ClientId, ...settings }, id);
  }
}
