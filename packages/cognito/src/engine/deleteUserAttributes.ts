/**
 * DeleteUserAttributes (the signed-in user, by access token) and AdminDeleteUserAttributes: the
 * names must be in the schema and mutable, and the user keeps every required attribute, each
 * refused with the texts UpdateUserAttributes and SignUp answer. Deleting email or phone_number
 * deletes its _verified flag and any code or change waiting for it.
 */
import { poolOf, userOf, write, type CognitoContext, type Input } from "./context.js";
import { checkMutable, checkRequiredAttributes, checkUpdatedNames, checkWritable } from "./schema.js";
import type { PoolState, User } from "./state.js";
import { userFromAccessToken } from "./tokens.js";

const namesOf = (input: Input): string[] => (Array.isArray(input.UserAttributeNames) ? input.UserAttributeNames.map(String) : []);

function withoutAttributes(ctx: CognitoContext, pool: PoolState, user: User, names: string[]): User {
  const given = names.map((Name) => ({ Name }));
  checkUpdatedNames(pool.pool.config.Schema, given);
  checkMutable(pool.pool.config.Schema, given);
  const attributes = { ...user.attributes };
  const attributeCodes = { ...user.attributeCodes };
  const pendingAttributes = { ...user.pendingAttributes };
  for (const name of names) {
    delete attributes[name];
    if (name === "email" || name === "phone_number") {
      delete attributes[`${name}_verified`];
      delete attributeCodes[name];
      delete pendingAttributes[name];
    }
  }
  checkRequiredAttributes(pool.pool.config.Schema, attributes);
  return {
    ...user,
    attributes,
    attributeCodes: Object.keys(attributeCodes).length > 0 ? attributeCodes : undefined,
    pendingAttributes: Object.keys(pendingAttributes).length > 0 ? pendingAttributes : undefined,
    modified: ctx.clock.now(),
  };
}

export async function deleteUserAttributes(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user, clientId } = await userFromAccessToken(ctx, String(input.AccessToken));
  const names = namesOf(input);
  // The user's app client must be allowed to write what it deletes (UserPoolClientType WriteAttributes).
  const client = pool.clients.get(clientId);
  if (client) checkWritable(client, names.map((Name) => ({ Name })));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: withoutAttributes(ctx, pool, user, names) });
  return {};
}

export async function adminDeleteUserAttributes(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: withoutAttributes(ctx, pool, user, namesOf(input)) });
  return {};
}
