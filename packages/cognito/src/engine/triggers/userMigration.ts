/**
 * UserMigration: a sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH) or ForgotPassword
 * for a user the pool does not know asks the function, which may answer the user's attributes;
 * Cognito then creates the user (with the password it was given, on sign-in).
 */
import { srpPoolName, write, type CognitoContext } from "../context.js";
import { makeVerifier } from "../srp.js";
import type { PoolState, User } from "../state.js";
import { identity } from "../users.js";
import { clientMetadataOf, eventMap } from "./hooks.js";
import { runTrigger, stringMap, triggerArn } from "./invoke.js";

/** The migrated (and stored) user, or undefined when no trigger is configured or it answered no attributes. */
export async function migrateUser(ctx: CognitoContext, pool: PoolState, clientId: string, username: string, password: string | undefined, input: Record<string, unknown>): Promise<User | undefined> {
  const arn = triggerArn(pool, "UserMigration");
  if (arn === undefined) return undefined;
  const signIn = password !== undefined;
  const metadata = eventMap(input.ClientMetadata);
  const response = await runTrigger(ctx, pool, arn, {
    trigger: "UserMigration",
    triggerSource: signIn ? "UserMigration_Authentication" : "UserMigration_ForgotPassword",
    userName: username,
    clientId,
    request: { ...(signIn ? { password } : {}), validationData: metadata, ...clientMetadataOf(input.ClientMetadata) },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  });
  const given = stringMap(response.userAttributes);
  delete given.sub;
  if (Object.keys(given).length === 0) return undefined;
  // The user name stays the one signed in with (an email-as-username pool makes it a UUID, as at sign-up).
  const { username: stored, attributes } = identity(pool, username, given);
  const now = ctx.clock.now();
  // On sign-in a finalUserStatus of CONFIRMED (or none) keeps the password; ForgotPassword leaves the user to reset it.
  const status = signIn && response.finalUserStatus !== "RESET_REQUIRED" ? "CONFIRMED" : "RESET_REQUIRED";
  const user: User = {
    username: stored,
    attributes,
    enabled: true,
    status,
    created: now,
    modified: now,
    groups: [],
    tokenGeneration: 0,
    ...(signIn ? { password: makeVerifier(srpPoolName(pool.pool.id), stored, password) } : {}),
  };
  await write(ctx, { t: "user", poolId: pool.pool.id, user });
  return user;
}
