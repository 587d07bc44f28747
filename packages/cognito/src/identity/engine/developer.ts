/**
 * LookupDeveloperIdentity and MergeDeveloperIdentities: the developer users (the pool's
 * DeveloperProviderName logins) of developer-authenticated identities. One identity may hold
 * several developer users once they are merged.
 */
import { developerProviderNotSupported, developerUserNotFound, developerUserNotOfIdentity, identityNotFound, lookupNeedsIdOrUser, mergeConflict } from "../errors.js";
import { identityOf, indexPage, poolOf, write, type IdentityContext, type Input, type Output } from "./context.js";
import { allLogins, linkedLogins, loginKey, type Identity, type IdentityPool } from "./state.js";

function developerProvider(pool: IdentityPool): string | undefined {
  return typeof pool.config.DeveloperProviderName === "string" ? pool.config.DeveloperProviderName : undefined;
}

/** The identity a developer user is linked to, or undefined. */
function identityOfUser(ctx: IdentityContext, pool: IdentityPool, provider: string | undefined, userId: string): Identity | undefined {
  if (provider === undefined) return undefined;
  const id = ctx.durable.state.byLogin.get(loginKey(pool.id, provider, userId));
  return id === undefined ? undefined : ctx.durable.state.identities.get(id);
}

/** The developer users of an identity, in the order they were linked. */
function developerUsers(identity: Identity, provider: string | undefined): string[] {
  return allLogins(identity)
    .filter(([p]) => p === provider)
    .map(([, subject]) => subject);
}

/** By IdentityId (its developer users), by DeveloperUserIdentifier (its identity), or both (checked against each other). */
export function lookupDeveloperIdentity(ctx: IdentityContext, input: Input): Output {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const provider = developerProvider(pool);
  const userId = typeof input.DeveloperUserIdentifier === "string" ? input.DeveloperUserIdentifier : undefined;
  let identity: Identity;
  if (input.IdentityId !== undefined) {
    identity = identityOf(ctx, input.IdentityId);
    if (identity.poolId !== pool.id) throw identityNotFound(identity.id);
    if (userId !== undefined && !developerUsers(identity, provider).includes(userId)) throw developerUserNotOfIdentity(userId, identity.id);
  } else if (userId !== undefined) {
    const found = identityOfUser(ctx, pool, provider, userId);
    if (!found) throw developerUserNotFound(userId);
    identity = found;
  } else {
    throw lookupNeedsIdOrUser();
  }
  const users = developerUsers(identity, provider);
  const { items, next } = indexPage(users, typeof input.MaxResults === "number" ? input.MaxResults : users.length, input.NextToken);
  return { IdentityId: identity.id, DeveloperUserIdentifierList: items, ...(next ? { NextToken: next } : {}) };
}

/** Moves the source user's identity (all its logins) into the destination user's identity; the source identity is gone. */
export async function mergeDeveloperIdentities(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const provider = developerProvider(pool);
  if (provider === undefined || input.DeveloperProviderName !== provider) throw developerProviderNotSupported();
  const source = identityOfUser(ctx, pool, provider, String(input.SourceUserIdentifier));
  if (!source) throw developerUserNotFound(String(input.SourceUserIdentifier));
  const destination = identityOfUser(ctx, pool, provider, String(input.DestinationUserIdentifier));
  if (!destination) throw developerUserNotFound(String(input.DestinationUserIdentifier));
  if (source.id === destination.id) return { IdentityId: destination.id };
  for (const [p, subject] of Object.entries(source.logins)) {
    const other = destination.logins[p];
    if (p !== provider && other !== undefined && other !== subject) throw mergeConflict(p);
  }
  await write(ctx, { t: "deleteIdentity", id: source.id });
  await write(ctx, { t: "identity", identity: { ...destination, ...linkedLogins([...allLogins(destination), ...allLogins(source)]), modified: ctx.clock.now() } });
  return { IdentityId: destination.id };
}
