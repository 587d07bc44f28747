/**
 * AdminLinkProviderForUser / AdminDisableProviderForUser: a user's links to identities of the
 * pool's external IdPs, shown in the user's `identities` attribute as Cognito shows a federated
 * user's (a JSON list of userId, providerName, providerType, issuer, primary, dateCreated; API
 * reference, AdminGetUser example). The sandbox runs no federated sign-in, so a link is kept and
 * shown, not yet used to sign in.
 */
import { AliasExistsException, InvalidParameterException, LimitExceededException } from "../errors.js";
import { MAX_LINKED_IDENTITIES } from "../limits.js";
import { poolOf, userOf, write, type CognitoContext, type Input } from "./context.js";
import type { PoolState, User } from "./state.js";

interface ProviderUser {
  ProviderName?: string;
  ProviderAttributeName?: string;
  ProviderAttributeValue?: string;
}

/** One entry of the `identities` attribute. */
interface LinkedIdentity {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
}

const COGNITO = "Cognito";

export function identitiesOf(user: User): LinkedIdentity[] {
  const json = user.attributes.identities;
  if (json === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as LinkedIdentity[]) : [];
  } catch {
    return [];
  }
}

function withIdentities(ctx: CognitoContext, user: User, identities: LinkedIdentity[]): User {
  const attributes = { ...user.attributes };
  if (identities.length > 0) attributes.identities = JSON.stringify(identities);
  else delete attributes.identities;
  return { ...user, attributes, modified: ctx.clock.now() };
}

/** A federated user's username in the pool: "<ProviderName>_<subject>", as Cognito names them. */
const federatedUsername = (provider: string, subject: string): string => `${provider}_${subject}`;

/** A DestinationUser: a local user by username, or a federated user by provider and subject. */
function destinationOf(pool: PoolState, destination: ProviderUser): User {
  const name = String(destination.ProviderName);
  const value = String(destination.ProviderAttributeValue ?? "");
  return userOf(pool, name === COGNITO ? value : federatedUsername(name, value));
}

export async function adminLinkProviderForUser(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const source = input.SourceUser as ProviderUser;
  const providerName = String(source.ProviderName);
  const subject = String(source.ProviderAttributeValue ?? "");
  // AWS's text, quoted in boto3#4163 and amplify-js#13334.
  if (providerName === COGNITO) throw new InvalidParameterException("Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser");
  const user = destinationOf(pool, input.DestinationUser as ProviderUser);
  // AWS's text for a source identity that already signed in (aws-sdk-net#1000).
  if (pool.users.has(federatedUsername(providerName, subject))) {
    throw new InvalidParameterException("Merging is not currently supported, provide a SourceUser that has not been signed up in order to link");
  }
  const linked = (u: User) => identitiesOf(u).some((i) => i.providerName === providerName && i.userId === subject);
  if (linked(user)) return {};
  // One external identity links to one user; AWS's wording was not found.
  const holder = [...pool.users.values()].find(linked);
  if (holder) throw new AliasExistsException(`The ${providerName} identity ${subject} is already linked to another user.`);
  const identities = identitiesOf(user);
  // "The maximum number of federated identities linked to a user is five" (API reference); AWS's wording was not found.
  if (identities.length >= MAX_LINKED_IDENTITIES) throw new LimitExceededException(`A user can have at most ${MAX_LINKED_IDENTITIES} linked identities.`);
  const provider = pool.identityProviders.get(providerName);
  const identity: LinkedIdentity = { userId: subject, providerName, providerType: provider?.type ?? providerName, issuer: null, primary: false, dateCreated: ctx.clock.now() };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: withIdentities(ctx, user, [...identities, identity]) });
  return {};
}

/**
 * ProviderName Cognito: the local user can no longer sign in with a password. Another provider:
 * the identity's link to a user is removed and its federated user, if it signed in, disabled.
 */
export async function adminDisableProviderForUser(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const target = input.User as ProviderUser;
  const providerName = String(target.ProviderName);
  const value = String(target.ProviderAttributeValue ?? "");
  if (providerName === COGNITO) {
    const user = userOf(pool, value);
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, password: undefined, modified: ctx.clock.now() } });
    return {};
  }
  for (const user of [...pool.users.values()]) {
    const identities = identitiesOf(user);
    const kept = identities.filter((i) => !(i.providerName === providerName && i.userId === value));
    if (kept.length !== identities.length) await write(ctx, { t: "user", poolId: pool.pool.id, user: withIdentities(ctx, user, kept) });
  }
  const federated = pool.users.get(federatedUsername(providerName, value));
  if (federated?.enabled) await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...federated, enabled: false, modified: ctx.clock.now() } });
  return {};
}
