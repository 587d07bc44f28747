/**
 * GetId, GetCredentialsForIdentity, GetOpenIdToken(ForDeveloperIdentity), DescribeIdentity,
 * ListIdentities, DeleteIdentities. An identity is "<region>:<uuid>"; one per login (provider +
 * subject), a new one per unauthenticated GetId.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cognitoTokenInGetId, developerProviderNotSupported, loginsDoNotMatch, unauthenticatedNotSupported } from "../errors.js";
import { ACCESS_KEY_ID_LENGTH, ACCESS_KEY_ID_PREFIX, CREDENTIALS_VALIDITY_MS, DEFAULT_DEVELOPER_TOKEN_DURATION_SECONDS, OPEN_ID_PROVIDER, OPEN_ID_TOKEN_VALIDITY_SECONDS, SECRET_KEY_LENGTH } from "../limits.js";
import { identityOf, indexPage, poolOf, stringMap, write, type IdentityContext, type Input, type Output } from "./context.js";
import { checkLogins, type Login } from "./logins.js";
import { signOpenIdToken } from "./openId.js";
import { chooseRole } from "./roles.js";
import { sessionTags } from "./principalTags.js";
import { allLogins, linkedLogins, loginKey, type Identity, type IdentityPool } from "./state.js";

const seconds = (ms: number) => ms / 1000;

function allowsUnauthenticated(pool: IdentityPool): boolean {
  return pool.config.AllowUnauthenticatedIdentities === true;
}

async function newIdentity(ctx: IdentityContext, pool: IdentityPool, logins: Record<string, string>): Promise<Identity> {
  const now = ctx.clock.now();
  const identity: Identity = { id: `${ctx.region}:${randomUUID()}`, poolId: pool.id, logins, created: now, modified: now };
  await write(ctx, { t: "identity", identity });
  return identity;
}

/** The identity the logins belong to (linking logins it does not have yet), or a new one. */
async function identityForLogins(ctx: IdentityContext, pool: IdentityPool, logins: Login[], known?: Identity): Promise<Identity> {
  const owners = new Set(logins.map((l) => ctx.durable.state.byLogin.get(loginKey(pool.id, l.provider, l.subject))).filter((id) => id !== undefined));
  if (known) owners.add(known.id);
  // Logins of two different identities (or of another identity than the one named) do not match.
  if (owners.size > 1) throw loginsDoNotMatch();
  const [ownerId] = owners;
  const owner = ownerId === undefined ? undefined : ctx.durable.state.identities.get(ownerId);
  const wanted = Object.fromEntries(logins.map((l) => [l.provider, l.subject]));
  if (!owner) return newIdentity(ctx, pool, wanted);
  const pairs = new Set(allLogins(owner).map(([provider, subject]) => `${provider}\n${subject}`));
  const missing = Object.entries(wanted).filter(([provider, subject]) => !pairs.has(`${provider}\n${subject}`));
  if (missing.length === 0) return owner;
  // A further developer user is linked beside the first; another user of a public provider does not match.
  if (missing.some(([provider]) => owner.logins[provider] !== undefined && provider !== pool.config.DeveloperProviderName)) throw loginsDoNotMatch();
  const linked: Identity = { ...owner, ...linkedLogins([...allLogins(owner), ...missing]), modified: ctx.clock.now() };
  await write(ctx, { t: "identity", identity: linked });
  return linked;
}

export async function getId(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  // The identity pool's own tokens open GetCredentialsForIdentity, not GetId.
  if (Object.hasOwn(stringMap(input.Logins), OPEN_ID_PROVIDER)) throw cognitoTokenInGetId();
  const logins = await checkLogins(ctx, pool, input.Logins);
  if (logins.length === 0) {
    if (!allowsUnauthenticated(pool)) throw unauthenticatedNotSupported();
    return { IdentityId: (await newIdentity(ctx, pool, {})).id };
  }
  return { IdentityId: (await identityForLogins(ctx, pool, logins)).id };
}

/** The identity named and the logins proving it: an authenticated identity needs one of its logins. */
async function authorize(ctx: IdentityContext, input: Input): Promise<{ pool: IdentityPool; identity: Identity; logins: Login[] }> {
  const identity = identityOf(ctx, input.IdentityId);
  const pool = poolOf(ctx, identity.poolId);
  const logins = await checkLogins(ctx, pool, input.Logins);
  if (logins.length === 0) {
    if (Object.keys(identity.logins).length > 0) throw loginsDoNotMatch();
    if (!allowsUnauthenticated(pool)) throw unauthenticatedNotSupported();
    return { pool, identity, logins };
  }
  return { pool, identity: await identityForLogins(ctx, pool, logins, identity), logins };
}

function randomText(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** Shape-faithful temporary credentials: the sandbox accepts any credentials, so nothing else is needed. */
function temporaryCredentials(ctx: IdentityContext): Output {
  return {
    AccessKeyId: ACCESS_KEY_ID_PREFIX + randomText(ACCESS_KEY_ID_LENGTH - ACCESS_KEY_ID_PREFIX.length, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    SecretKey: randomText(SECRET_KEY_LENGTH, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
    SessionToken: randomBytes(600).toString("base64"),
    Expiration: seconds(ctx.clock.now() + CREDENTIALS_VALIDITY_MS),
  };
}

export async function getCredentialsForIdentity(ctx: IdentityContext, input: Input): Promise<Output> {
  const { pool, identity, logins } = await authorize(ctx, input);
  const role = chooseRole(pool, logins, typeof input.CustomRoleArn === "string" ? input.CustomRoleArn : undefined);
  const tags = sessionTags(pool, logins);
  if (Object.keys(tags).length > 0) ctx.logger.debug(`Cognito identity ${identity.id}: session tags ${JSON.stringify(tags)}`);
  ctx.logger.debug(`Cognito identity ${identity.id}: credentials for role ${role}`);
  return { IdentityId: identity.id, Credentials: temporaryCredentials(ctx) };
}

function amr(logins: Login[]): string[] {
  if (logins.length === 0) return ["unauthenticated"];
  return ["authenticated", ...logins.flatMap((l) => [l.provider, `${l.provider}:CognitoSignIn:${l.subject}`])];
}

export async function getOpenIdToken(ctx: IdentityContext, input: Input): Promise<Output> {
  const { pool, identity, logins } = await authorize(ctx, input);
  const token = await signOpenIdToken(ctx, { sub: identity.id, aud: pool.id, amr: amr(logins), validitySeconds: OPEN_ID_TOKEN_VALIDITY_SECONDS });
  return { IdentityId: identity.id, Token: token };
}

/** Logins: { "<DeveloperProviderName>": "<your user id>" } plus, optionally, tokens of other providers. */
export async function getOpenIdTokenForDeveloperIdentity(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const developer = typeof pool.config.DeveloperProviderName === "string" ? pool.config.DeveloperProviderName : undefined;
  const all = stringMap(input.Logins);
  const userId = developer === undefined ? undefined : all[developer];
  const others = Object.fromEntries(Object.entries(all).filter(([provider]) => provider !== developer));
  if (userId === undefined && Object.keys(others).length === Object.keys(all).length) throw developerProviderNotSupported();
  const logins = [...(userId === undefined || developer === undefined ? [] : [{ provider: developer, subject: userId, claims: {} }]), ...(await checkLogins(ctx, pool, others))];
  const known = input.IdentityId === undefined ? undefined : identityOf(ctx, input.IdentityId);
  const identity = await identityForLogins(ctx, pool, logins, known);
  const duration = typeof input.TokenDuration === "number" ? input.TokenDuration : DEFAULT_DEVELOPER_TOKEN_DURATION_SECONDS;
  const tags = stringMap(input.PrincipalTags);
  const token = await signOpenIdToken(ctx, {
    sub: identity.id,
    aud: pool.id,
    amr: ["authenticated", ...logins.map((l) => l.provider)],
    validitySeconds: duration,
    ...(Object.keys(tags).length > 0 ? { extra: { "https://aws.amazon.com/tags": { principal_tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])) } } } : {}),
  });
  return { IdentityId: identity.id, Token: token };
}

function description(identity: Identity): Output {
  return { IdentityId: identity.id, Logins: Object.keys(identity.logins), CreationDate: seconds(identity.created), LastModifiedDate: seconds(identity.modified) };
}

export function describeIdentity(ctx: IdentityContext, input: Input): Output {
  return description(identityOf(ctx, input.IdentityId));
}

export function listIdentities(ctx: IdentityContext, input: Input): Output {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const identities = [...ctx.durable.state.identities.values()].filter((i) => i.poolId === pool.id).sort((a, b) => a.created - b.created);
  const { items, next } = indexPage(identities, Number(input.MaxResults), input.NextToken);
  return { IdentityPoolId: pool.id, Identities: items.map(description), ...(next ? { NextToken: next } : {}) };
}

/** Unknown ids are skipped: AWS lists only ids it failed on (AccessDenied, InternalServerError). */
export async function deleteIdentities(ctx: IdentityContext, input: Input): Promise<Output> {
  const ids = Array.isArray(input.IdentityIdsToDelete) ? input.IdentityIdsToDelete.map(String) : [];
  for (const id of ids) if (ctx.durable.state.identities.has(id)) await write(ctx, { t: "deleteIdentity", id });
  return { UnprocessedIdentityIds: [] };
}

/** Removes providers from an identity; the Logins given must be the identity's own. */
export async function unlinkIdentity(ctx: IdentityContext, input: Input): Promise<Output> {
  const identity = identityOf(ctx, input.IdentityId);
  const pool = poolOf(ctx, identity.poolId);
  const logins = await checkLogins(ctx, pool, input.Logins);
  if (logins.length === 0 || logins.some((l) => identity.logins[l.provider] !== l.subject)) throw loginsDoNotMatch();
  const remove = new Set(Array.isArray(input.LoginsToRemove) ? input.LoginsToRemove.map(String) : []);
  const kept = allLogins(identity).filter(([provider]) => !remove.has(provider));
  await write(ctx, { t: "identity", identity: { ...identity, ...linkedLogins(kept), modified: ctx.clock.now() } });
  return {};
}

/** Removes a developer user from an identity (nothing to do when it is not linked). */
export async function unlinkDeveloperIdentity(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  if (pool.config.DeveloperProviderName !== input.DeveloperProviderName) throw developerProviderNotSupported();
  const identity = identityOf(ctx, input.IdentityId);
  const provider = String(input.DeveloperProviderName);
  const userId = String(input.DeveloperUserIdentifier);
  const remaining = allLogins(identity).filter(([p, subject]) => !(p === provider && subject === userId));
  if (identity.poolId !== pool.id || remaining.length === allLogins(identity).length) return {};
  // The identity's other developer users (after a merge) stay linked, after its other providers' logins.
  const others = remaining.filter(([p]) => p !== provider);
  const developers = remaining.filter(([p]) => p === provider);
  await write(ctx, { t: "identity", identity: { ...identity, ...linkedLogins([...others, ...developers]), modified: ctx.clock.now() } });
  return {};
}
