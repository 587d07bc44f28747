/** CreateResourceServer … DeleteResourceServer: APIs whose custom scopes app clients may be granted. */
import { InvalidParameterException, ResourceNotFoundException } from "../errors.js";
import { MAX_LIST_RESOURCE_SERVERS } from "../limits.js";
import { page, poolOf, write, type CognitoContext, type Input } from "./context.js";
import type { ResourceServer } from "./state.js";

function serverType(poolId: string, server: ResourceServer): Record<string, unknown> {
  return { UserPoolId: poolId, Identifier: server.identifier, Name: server.name, Scopes: server.scopes };
}

function scopesOf(input: Input): ResourceServer["scopes"] {
  return Array.isArray(input.Scopes) ? (input.Scopes as ResourceServer["scopes"]).map((s) => ({ ScopeName: String(s.ScopeName), ScopeDescription: String(s.ScopeDescription) })) : [];
}

export async function createResourceServer(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const identifier = String(input.Identifier);
  if (pool.resourceServers.has(identifier)) throw new InvalidParameterException(`${identifier} already exists in user pool ${pool.pool.id}.`);
  const server: ResourceServer = { identifier, name: String(input.Name), scopes: scopesOf(input) };
  await write(ctx, { t: "resourceServer", poolId: pool.pool.id, server });
  return { ResourceServer: serverType(pool.pool.id, server) };
}

function serverOf(ctx: CognitoContext, input: Input): { poolId: string; server: ResourceServer } {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const server = pool.resourceServers.get(String(input.Identifier));
  if (!server) throw new ResourceNotFoundException(`Resource server ${String(input.Identifier)} does not exist.`);
  return { poolId: pool.pool.id, server };
}

export function describeResourceServer(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const { poolId, server } = serverOf(ctx, input);
  return { ResourceServer: serverType(poolId, server) };
}

/** Pages of MaxResults servers in creation order, as moto's test_list_resource_servers_multi_page expects of AWS. */
export function listResourceServers(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const { items, next } = page([...pool.resourceServers.values()], (s) => s.identifier, input.MaxResults, input.NextToken, MAX_LIST_RESOURCE_SERVERS);
  return { ResourceServers: items.map((s) => serverType(pool.pool.id, s)), ...(next ? { NextToken: next } : {}) };
}

export async function updateResourceServer(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { poolId, server } = serverOf(ctx, input);
  const updated: ResourceServer = { ...server, name: String(input.Name), scopes: scopesOf(input) };
  await write(ctx, { t: "resourceServer", poolId, server: updated });
  return { ResourceServer: serverType(poolId, updated) };
}

export async function deleteResourceServer(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { poolId, server } = serverOf(ctx, input);
  await write(ctx, { t: "deleteResourceServer", poolId, identifier: server.identifier });
  return {};
}
