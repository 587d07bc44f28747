/** The identity-pool data model kept in memory (and in the store's snapshots and journal). */

export interface IdentityPool {
  id: string;
  created: number;
  /** The IdentityPool shape as set by CreateIdentityPool / UpdateIdentityPool (without IdentityPoolId). */
  config: Record<string, unknown>;
  /** SetIdentityPoolRoles: "authenticated" / "unauthenticated" → role ARN. */
  roles: Record<string, string>;
  /** SetIdentityPoolRoles: "<provider>:<clientId>" (user pools) or provider name → RoleMapping. */
  roleMappings: Record<string, unknown>;
  /** SetPrincipalTagAttributeMap: identity provider name → its attributes-for-access-control map. */
  principalTagMaps?: Record<string, PrincipalTagMap>;
}

/** SetPrincipalTagAttributeMap's settings for one provider: tag key → token claim, or the provider's defaults. */
export interface PrincipalTagMap {
  useDefaults: boolean;
  tags: Record<string, string>;
}

export interface Identity {
  id: string;
  poolId: string;
  /** Provider name → the user's subject there (the token's sub, or the developer user identifier). */
  logins: Record<string, string>;
  /** Further subjects of a provider the identity already has a login of: MergeDeveloperIdentities links several developer users to one identity. */
  extraLogins?: Array<[string, string]>;
  created: number;
  modified: number;
}

/** The RSA key GetOpenIdToken's tokens are signed with, its private half as a JWK. */
export interface OpenIdKey {
  kid: string;
  privateJwk: Record<string, string>;
}

export interface IdentityState {
  pools: Map<string, IdentityPool>;
  identities: Map<string, Identity>;
  /** "<poolId>\n<provider>\n<subject>" → identity id (derived). */
  byLogin: Map<string, string>;
  key?: OpenIdKey;
}

export type IdentityRecord =
  | { t: "pool"; pool: IdentityPool }
  | { t: "deletePool"; id: string }
  | { t: "identity"; identity: Identity }
  | { t: "deleteIdentity"; id: string }
  | { t: "key"; key: OpenIdKey };

interface Snapshot {
  pools: IdentityPool[];
  identities: Identity[];
  key?: OpenIdKey;
}

export const loginKey = (poolId: string, provider: string, subject: string): string => `${poolId}\n${provider}\n${subject}`;

export const identityCodec = {
  empty: (): IdentityState => ({ pools: new Map(), identities: new Map(), byLogin: new Map() }),
  toSnapshot: (state: IdentityState): Snapshot => ({ pools: [...state.pools.values()], identities: [...state.identities.values()], ...(state.key ? { key: state.key } : {}) }),
  fromSnapshot: (json: unknown): IdentityState => {
    const snapshot = json as Partial<Snapshot>;
    const state = identityCodec.empty();
    for (const pool of snapshot.pools ?? []) applyIdentityRecord(state, { t: "pool", pool });
    for (const identity of snapshot.identities ?? []) applyIdentityRecord(state, { t: "identity", identity });
    if (snapshot.key) state.key = snapshot.key;
    return state;
  },
  apply: (state: IdentityState, record: IdentityRecord): void => applyIdentityRecord(state, record),
};

/** Every (provider, subject) pair linked to the identity. */
export function allLogins(identity: Identity): Array<[string, string]> {
  return [...Object.entries(identity.logins), ...(identity.extraLogins ?? [])];
}

/**
 * An identity's logins holding exactly these (provider, subject) pairs, repeats dropped: a provider's
 * first subject in `logins`, its further ones (a merged identity's developer users) in `extraLogins`.
 */
export function linkedLogins(pairs: Array<[string, string]>): { logins: Record<string, string>; extraLogins: Array<[string, string]> } {
  const logins: Record<string, string> = {};
  const extraLogins: Array<[string, string]> = [];
  for (const [provider, subject] of pairs) {
    if (logins[provider] === undefined) logins[provider] = subject;
    else if (logins[provider] !== subject && !extraLogins.some(([p, s]) => p === provider && s === subject)) extraLogins.push([provider, subject]);
  }
  return { logins, extraLogins };
}

function dropLogins(state: IdentityState, identity: Identity): void {
  for (const [provider, subject] of allLogins(identity)) {
    const key = loginKey(identity.poolId, provider, subject);
    if (state.byLogin.get(key) === identity.id) state.byLogin.delete(key);
  }
}

export function applyIdentityRecord(state: IdentityState, r: IdentityRecord): void {
  switch (r.t) {
    case "pool":
      state.pools.set(r.pool.id, r.pool);
      return;
    case "deletePool":
      state.pools.delete(r.id);
      for (const identity of [...state.identities.values()]) {
        if (identity.poolId !== r.id) continue;
        dropLogins(state, identity);
        state.identities.delete(identity.id);
      }
      return;
    case "identity": {
      const previous = state.identities.get(r.identity.id);
      if (previous) dropLogins(state, previous);
      state.identities.set(r.identity.id, r.identity);
      for (const [provider, subject] of allLogins(r.identity)) state.byLogin.set(loginKey(r.identity.poolId, provider, subject), r.identity.id);
      return;
    }
    case "deleteIdentity": {
      const identity = state.identities.get(r.id);
      if (!identity) return;
      dropLogins(state, identity);
      state.identities.delete(r.id);
      return;
    }
    case "key":
      state.key = r.key;
      return;
  }
}
