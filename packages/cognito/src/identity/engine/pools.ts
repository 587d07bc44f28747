/** CreateIdentityPool, DescribeIdentityPool, ListIdentityPools, UpdateIdentityPool, DeleteIdentityPool, Set/GetIdentityPoolRoles. */
import { randomUUID } from "node:crypto";
import { InvalidParameterException } from "../errors.js";
import { indexPage, isRecord, poolOf, stringMap, write, type IdentityContext, type Input, type Output } from "./context.js";
import type { IdentityPool } from "./state.js";

const CONFIG_MEMBERS = [
  "IdentityPoolName",
  "AllowUnauthenticatedIdentities",
  "AllowClassicFlow",
  "SupportedLoginProviders",
  "DeveloperProviderName",
  "OpenIdConnectProviderARNs",
  "CognitoIdentityProviders",
  "SamlProviderARNs",
  "IdentityPoolTags",
] as const;

function configOf(input: Input): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const member of CONFIG_MEMBERS) if (input[member] !== undefined) config[member] = input[member];
  // AWS answers every user-pool provider with its ServerSideTokenCheck (false unless set).
  if (Array.isArray(config.CognitoIdentityProviders)) {
    config.CognitoIdentityProviders = config.CognitoIdentityProviders.filter(isRecord).map((p) => ({ ...p, ServerSideTokenCheck: p.ServerSideTokenCheck === true }));
  }
  return config;
}

/** The IdentityPool shape AWS answers Create/Describe/UpdateIdentityPool with. */
export function describe(pool: IdentityPool): Output {
  // AWS answers an untagged pool with an empty IdentityPoolTags map (a recorded DescribeIdentityPool
  // answer whose content-length, 181 bytes, counts `"IdentityPoolTags":{}`).
  return { IdentityPoolId: pool.id, ...pool.config, IdentityPoolTags: pool.config.IdentityPoolTags ?? {} };
}

export async function createIdentityPool(ctx: IdentityContext, input: Input, fixedId?: string): Promise<Output> {
  const id = fixedId ?? `${ctx.region}:${randomUUID()}`;
  const existing = ctx.durable.state.pools.get(id);
  const pool: IdentityPool = {
    id,
    created: existing?.created ?? ctx.clock.now(),
    config: configOf(input),
    roles: existing?.roles ?? {},
    roleMappings: existing?.roleMappings ?? {},
    ...(existing?.principalTagMaps ? { principalTagMaps: existing.principalTagMaps } : {}),
  };
  await write(ctx, { t: "pool", pool });
  return describe(pool);
}

export function describeIdentityPool(ctx: IdentityContext, input: Input): Output {
  return describe(poolOf(ctx, input.IdentityPoolId));
}

/** NextToken is the position of the next pool in creation order. */
export function listIdentityPools(ctx: IdentityContext, input: Input): Output {
  const pools = [...ctx.durable.state.pools.values()].sort((a, b) => a.created - b.created);
  const { items, next } = indexPage(pools, Number(input.MaxResults), input.NextToken);
  return { IdentityPools: items.map((p) => ({ IdentityPoolId: p.id, IdentityPoolName: p.config.IdentityPoolName })), ...(next ? { NextToken: next } : {}) };
}

export async function updateIdentityPool(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const config = configOf(input);
  // Tags are the pool's resource tags: an update without IdentityPoolTags keeps them (TagResource's too).
  if (config.IdentityPoolTags === undefined && pool.config.IdentityPoolTags !== undefined) config.IdentityPoolTags = pool.config.IdentityPoolTags;
  // A developer provider name, once set, stays when the update leaves it out (terraform-provider-aws#49985
  // measured it on AWS: a rename without DeveloperProviderName kept it); the other members are replaced.
  if (config.DeveloperProviderName === undefined && pool.config.DeveloperProviderName !== undefined) config.DeveloperProviderName = pool.config.DeveloperProviderName;
  const updated: IdentityPool = { ...pool, config };
  await write(ctx, { t: "pool", pool: updated });
  return describe(updated);
}

export async function deleteIdentityPool(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  await write(ctx, { t: "deletePool", id: pool.id });
  return {};
}

/** The keys a RoleMappings entry may have: "<user pool provider>:<client id>" or another configured provider's name. */
function configuredProviders(pool: IdentityPool): Set<string> {
  const names = new Set<string>(Object.keys(stringMap(pool.config.SupportedLoginProviders)));
  const cognito = Array.isArray(pool.config.CognitoIdentityProviders) ? pool.config.CognitoIdentityProviders.filter(isRecord) : [];
  for (const p of cognito) names.add(`${String(p.ProviderName)}:${String(p.ClientId)}`);
  for (const arn of Array.isArray(pool.config.OpenIdConnectProviderARNs) ? pool.config.OpenIdConnectProviderARNs : []) names.add(String(arn).slice(String(arn).indexOf("/") + 1));
  return names;
}

export async function setIdentityPoolRoles(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const roleMappings = isRecord(input.RoleMappings) ? input.RoleMappings : {};
  const providers = configuredProviders(pool);
  for (const key of Object.keys(roleMappings)) {
    // AWS's text (quoted in aws-cdk issue #22951) when a mapping names a provider the pool does not have.
    if (!providers.has(key)) throw new InvalidParameterException(`${key} is not a valid RoleMapping ProviderName or is not a configured provider.`);
  }
  await write(ctx, { t: "pool", pool: { ...pool, roles: stringMap(input.Roles), roleMappings } });
  return {};
}

export function getIdentityPoolRoles(ctx: IdentityContext, input: Input): Output {
  const pool = poolOf(ctx, input.IdentityPoolId);
  return {
    IdentityPoolId: pool.id,
    Roles: pool.roles,
    ...(Object.keys(pool.roleMappings).length > 0 ? { RoleMappings: pool.roleMappings } : {}),
  };
}
