/** The user-pool data model kept in memory (and in the store's snapshots and journal). */
import type { AuthEvent, PoolExtras } from "./extras.js";
import type { Verifier } from "./srp.js";
import type { Passkey } from "./webauthn/config.js";

/** One RSA signing key of a pool, its private half as a JWK. */
export interface SigningKey {
  kid: string;
  privateJwk: Record<string, string>;
}

export interface Pool {
  id: string;
  name: string;
  arn: string;
  created: number;
  modified: number;
  /** CreateUserPool / UpdateUserPool members echoed by DescribeUserPool (Policies, Schema, LambdaConfig, …). */
  config: Record<string, unknown>;
  /** ID tokens are signed with the first key, access tokens with the second (AWS's JWKS has two keys). */
  keys: [SigningKey, SigningKey];
  /** The MFA factors the pool offers (SetUserPoolMfaConfig); MfaConfiguration itself is in config. */
  mfa?: PoolMfa;
}

/** An MFA factor's name as Cognito's challenges and UserMFASettingList spell it. */
export type MfaFactor = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP";

/** SetUserPoolMfaConfig's factor settings, kept as given (GetUserPoolMfaConfig echoes them). */
export interface PoolMfa {
  sms?: Record<string, unknown>;
  softwareToken: boolean;
  email?: Record<string, unknown>;
}

/** A user's MFA settings (SetUserMFAPreference, AdminSetUserSettings) and TOTP secret. */
export interface UserMfa {
  enabled: MfaFactor[];
  preferred?: MfaFactor;
  /** The legacy MFAOptions (AdminSetUserSettings): SMS to phone_number. */
  options?: Array<{ DeliveryMedium: string; AttributeName: string }>;
  /** The verified software-token secret (VerifySoftwareToken). */
  secret?: string;
  /** VerifySoftwareToken's FriendlyDeviceName: the SOFTWARE_TOKEN_MFA challenge's FRIENDLY_DEVICE_NAME. */
  deviceName?: string;
  /** A secret from AssociateSoftwareToken not yet verified. */
  pendingSecret?: string;
  /** The TOTP step last accepted: a code is good once ("Your software token has already been used once."). */
  lastStep?: number;
}

export interface Client {
  poolId: string;
  clientId: string;
  clientName: string;
  secret?: string;
  created: number;
  modified: number;
  /** CreateUserPoolClient / UpdateUserPoolClient members echoed by DescribeUserPoolClient. */
  config: Record<string, unknown>;
}

export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED";

export interface Code {
  code: string;
  expires: number;
}

export interface User {
  username: string;
  /** Attribute name → value, in the order they were set (sub first). */
  attributes: Record<string, string>;
  enabled: boolean;
  status: UserStatus;
  created: number;
  modified: number;
  password?: Verifier;
  /** When a temporary password (FORCE_CHANGE_PASSWORD) stops working. */
  temporaryPasswordExpires?: number;
  confirmationCode?: Code;
  resetCode?: Code;
  /** GetUserAttributeVerificationCode's codes, by attribute (email / phone_number). */
  attributeCodes?: Record<string, Code>;
  /** A new email / phone_number awaiting VerifyUserAttribute (UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate). */
  pendingAttributes?: Record<string, string>;
  /** Group names. */
  groups: string[];
  /** GlobalSignOut bumps it: refresh tokens (and their access tokens) of older generations are revoked. */
  tokenGeneration: number;
  mfa?: UserMfa;
  /** Devices confirmed with ConfirmDevice (device key → device), in a pool that tracks devices. */
  devices?: Record<string, Device>;
  /** Threat protection's sign-in history, newest first (AdminListUserAuthEvents). */
  authEvents?: AuthEvent[];
  /** Passkeys registered with CompleteWebAuthnRegistration, by credential id (webauthn/). */
  webAuthnCredentials?: Record<string, Passkey>;
  /** Failed password sign-ins since the last success (lockout.ts). */
  failedSignIns?: FailedSignIns;
}

/** The count behind a password lockout: failures, the last attempt, the end of the current lockout. */
export interface FailedSignIns {
  count: number;
  last: number;
  lockedUntil?: number;
}

/** DeviceRememberedStatus as UpdateDeviceStatus sets it. */
export type DeviceRememberedStatus = "remembered" | "not_remembered";

/** A user's device (ConfirmDevice): its SRP verifier over DeviceGroupKey + DeviceKey, its name and status. */
export interface Device {
  key: string;
  groupKey: string;
  /** DeviceSecretVerifierConfig as hex (salt and v = g^x); absent when ConfirmDevice gave none. */
  verifier?: Verifier;
  name?: string;
  remembered: DeviceRememberedStatus;
  /** The client address of the last ConfirmDevice or device sign-in (the last_ip_used attribute). */
  lastIp?: string;
  created: number;
  modified: number;
  lastAuthenticated: number;
}

export interface Group {
  name: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  created: number;
  modified: number;
}

/** CreateResourceServer: an API whose scopes ("<identifier>/<scope>") client_credentials grants. */
export interface ResourceServer {
  identifier: string;
  name: string;
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

/** CreateIdentityProvider: a federated provider, stored as given (federation is not emulated). */
export interface IdentityProvider {
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  created: number;
  modified: number;
}

export interface RefreshToken {
  token: string;
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
  eventId: string;
  authTime: number;
  issued: number;
  expires: number;
  generation: number;
  revoked?: boolean;
  /** OAuth 2.0 scopes granted at the hosted UI (absent: the API's aws.cognito.signin.user.admin). */
  scopes?: string[];
  /** The device this sign-in is tied to: the one it authenticated, or the NewDeviceMetadata it was given. */
  deviceKey?: string;
  /** With a new device key: its DeviceGroupKey, kept until ConfirmDevice registers the device. */
  deviceGroupKey?: string;
}

export interface PoolState {
  pool: Pool;
  clients: Map<string, Client>;
  users: Map<string, User>;
  groups: Map<string, Group>;
  resourceServers: Map<string, ResourceServer>;
  identityProviders: Map<string, IdentityProvider>;
  /** Branding, threat protection and logging settings, and the SAML signing certificate (extras.ts). */
  extras: PoolExtras;
}

export interface CognitoState {
  pools: Map<string, PoolState>;
  /** Client id → pool id (derived). */
  clientPools: Map<string, string>;
  refreshTokens: Map<string, RefreshToken>;
  /** origin_jti → refresh token (derived). */
  origins: Map<string, string>;
}

/** Journal records: each puts or deletes one whole object. */
export type CognitoRecord =
  | { t: "pool"; pool: Pool }
  | { t: "deletePool"; id: string }
  | { t: "client"; client: Client }
  | { t: "deleteClient"; poolId: string; clientId: string }
  | { t: "user"; poolId: string; user: User }
  | { t: "deleteUser"; poolId: string; username: string }
  | { t: "group"; poolId: string; group: Group }
  | { t: "deleteGroup"; poolId: string; name: string }
  | { t: "refresh"; token: RefreshToken }
  | { t: "resourceServer"; poolId: string; server: ResourceServer }
  | { t: "deleteResourceServer"; poolId: string; identifier: string }
  | { t: "identityProvider"; poolId: string; provider: IdentityProvider }
  | { t: "deleteIdentityProvider"; poolId: string; name: string }
  | { t: "poolExtras"; poolId: string; extras: PoolExtras };

interface Snapshot {
  pools: Array<{ pool: Pool; clients: Client[]; users: User[]; groups: Group[]; resourceServers?: ResourceServer[]; identityProviders?: IdentityProvider[]; extras?: PoolExtras }>;
  refreshTokens: RefreshToken[];
}

export const cognitoCodec = {
  empty: (): CognitoState => ({ pools: new Map(), clientPools: new Map(), refreshTokens: new Map(), origins: new Map() }),
  toSnapshot: (state: CognitoState): Snapshot => ({
    pools: [...state.pools.values()].map((p) => ({ pool: p.pool, clients: [...p.clients.values()], users: [...p.users.values()], groups: [...p.groups.values()], resourceServers: [...p.resourceServers.values()], identityProviders: [...p.identityProviders.values()], extras: p.extras })),
    refreshTokens: [...state.refreshTokens.values()],
  }),
  fromSnapshot: (json: unknown): CognitoState => {
    const snapshot = json as Partial<Snapshot>;
    const state = cognitoCodec.empty();
    for (const p of snapshot.pools ?? []) {
      applyRecord(state, { t: "pool", pool: p.pool });
      for (const client of p.clients) applyRecord(state, { t: "client", client });
      for (const user of p.users) applyRecord(state, { t: "user", poolId: p.pool.id, user });
      for (const group of p.groups) applyRecord(state, { t: "group", poolId: p.pool.id, group });
      for (const server of p.resourceServers ?? []) applyRecord(state, { t: "resourceServer", poolId: p.pool.id, server });
      for (const provider of p.identityProviders ?? []) applyRecord(state, { t: "identityProvider", poolId: p.pool.id, provider });
      if (p.extras) applyRecord(state, { t: "poolExtras", poolId: p.pool.id, extras: p.extras });
    }
    for (const token of snapshot.refreshTokens ?? []) applyRecord(state, { t: "refresh", token });
    return state;
  },
  apply: (state: CognitoState, record: CognitoRecord): void => applyRecord(state, record),
};

export function applyRecord(state: CognitoState, r: CognitoRecord): void {
  switch (r.t) {
    case "pool": {
      const existing = state.pools.get(r.pool.id);
      if (existing) existing.pool = r.pool;
      else state.pools.set(r.pool.id, { pool: r.pool, clients: new Map(), users: new Map(), groups: new Map(), resourceServers: new Map(), identityProviders: new Map(), extras: {} });
      return;
    }
    case "deletePool": {
      const pool = state.pools.get(r.id);
      if (!pool) return;
      for (const clientId of pool.clients.keys()) state.clientPools.delete(clientId);
      state.pools.delete(r.id);
      for (const [token, refresh] of state.refreshTokens) {
        if (refresh.poolId !== r.id) continue;
        state.refreshTokens.delete(token);
        state.origins.delete(refresh.originJti);
      }
      return;
    }
    case "client":
      state.pools.get(r.client.poolId)?.clients.set(r.client.clientId, r.client);
      state.clientPools.set(r.client.clientId, r.client.poolId);
      return;
    case "deleteClient":
      state.pools.get(r.poolId)?.clients.delete(r.clientId);
      state.clientPools.delete(r.clientId);
      return;
    case "user":
      state.pools.get(r.poolId)?.users.set(r.user.username, r.user);
      return;
    case "deleteUser":
      state.pools.get(r.poolId)?.users.delete(r.username);
      return;
    case "group":
      state.pools.get(r.poolId)?.groups.set(r.group.name, r.group);
      return;
    case "deleteGroup": {
      const pool = state.pools.get(r.poolId);
      if (!pool) return;
      pool.groups.delete(r.name);
      for (const [name, user] of pool.users) {
        if (user.groups.includes(r.name)) pool.users.set(name, { ...user, groups: user.groups.filter((g) => g !== r.name) });
      }
      return;
    }
    case "refresh":
      state.refreshTokens.set(r.token.token, r.token);
      state.origins.set(r.token.originJti, r.token.token);
      return;
    case "resourceServer":
      state.pools.get(r.poolId)?.resourceServers.set(r.server.identifier, r.server);
      return;
    case "deleteResourceServer":
      state.pools.get(r.poolId)?.resourceServers.delete(r.identifier);
      return;
    case "identityProvider":
      state.pools.get(r.poolId)?.identityProviders.set(r.provider.name, r.provider);
      return;
    case "deleteIdentityProvider":
      state.pools.get(r.poolId)?.identityProviders.delete(r.name);
      return;
    case "poolExtras": {
      const pool = state.pools.get(r.poolId);
      if (pool) pool.extras = r.extras;
      return;
    }
  }
}
