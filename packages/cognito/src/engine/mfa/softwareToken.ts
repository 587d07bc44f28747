/**
 * AssociateSoftwareToken and VerifySoftwareToken: a signed-in user (AccessToken) registers an
 * authenticator app, then turns it on with SetUserMFAPreference; a user in MFA_SETUP (Session)
 * registers one and, once verified, answers RespondToAuthChallenge MFA_SETUP for tokens.
 */
import { CodeMismatchException, EnableSoftwareTokenMFAException, ExpiredCodeException, invalidSession, SoftwareTokenMFANotFoundException } from "../../errors.js";
import type { Challenges } from "../auth.js";
import { userOf, write, type CognitoContext, type Input } from "../context.js";
import type { PoolState, User, UserMfa } from "../state.js";
import { userFromAccessToken } from "../tokens.js";
import { acceptTotp, keep, mfaSessionOf, spend } from "./challenge.js";
import { poolFactors } from "./poolConfig.js";
import { mfaOf } from "./preferences.js";
import { newSoftwareTokenSecret } from "./totp.js";

/** The pool must offer TOTP for a user to register an authenticator (SoftwareTokenMFANotFoundException's meaning). */
function checkOffered(pool: PoolState): void {
  if (!poolFactors(pool.pool).includes("SOFTWARE_TOKEN_MFA")) throw new SoftwareTokenMFANotFoundException();
}

/** A code of the secret, or AWS's EnableSoftwareTokenMFAException (a reused code is a mismatch here too). */
function verified(user: User, secret: string, code: string, now: number): User {
  try {
    return acceptTotp(user, secret, code, now);
  } catch (error) {
    if (error instanceof CodeMismatchException || error instanceof ExpiredCodeException) throw new EnableSoftwareTokenMFAException();
    throw error;
  }
}

export async function associateSoftwareToken(ctx: CognitoContext, challenges: Challenges, input: Input): Promise<Record<string, unknown>> {
  const secret = newSoftwareTokenSecret();
  if (typeof input.AccessToken === "string") {
    const { pool, user } = await userFromAccessToken(ctx, input.AccessToken);
    checkOffered(pool);
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, mfa: { ...mfaOf(user), pendingSecret: secret } } });
    return { SecretCode: secret };
  }
  const pending = mfaSessionOf(ctx, challenges, input.Session);
  if (pending.challenge !== "MFA_SETUP") throw invalidSession();
  const pool = ctx.durable.state.pools.get(pending.poolId);
  if (!pool) throw invalidSession();
  checkOffered(pool);
  spend(pending);
  const session = keep(ctx, challenges, { ...pending, used: false, secret, verified: false });
  return { SecretCode: secret, Session: session };
}

/** The authenticator's name a verification gives (kept for the SOFTWARE_TOKEN_MFA challenge; a new token drops the old name). */
function friendlyName(input: Input): { deviceName?: string } {
  return typeof input.FriendlyDeviceName === "string" && input.FriendlyDeviceName !== "" ? { deviceName: input.FriendlyDeviceName } : {};
}

export async function verifySoftwareToken(ctx: CognitoContext, challenges: Challenges, input: Input): Promise<Record<string, unknown>> {
  const code = String(input.UserCode);
  const now = ctx.clock.now();
  if (typeof input.AccessToken === "string") {
    const { pool, user } = await userFromAccessToken(ctx, input.AccessToken);
    const secret = user.mfa?.pendingSecret;
    if (secret === undefined) throw new SoftwareTokenMFANotFoundException();
    const checked = verified(user, secret, code, now);
    const { deviceName: _previous, ...kept } = mfaOf(checked);
    const mfa: UserMfa = { ...kept, secret, ...friendlyName(input) };
    delete mfa.pendingSecret;
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...checked, mfa, modified: now } });
    return { Status: "SUCCESS" };
  }
  const pending = mfaSessionOf(ctx, challenges, input.Session);
  if (pending.challenge !== "MFA_SETUP" || pending.secret === undefined) throw new SoftwareTokenMFANotFoundException();
  const pool = ctx.durable.state.pools.get(pending.poolId);
  if (!pool) throw invalidSession();
  const user = userOf(pool, pending.username);
  const checked = verified(user, pending.secret, code, now);
  // Set up during sign-in, the software token is the user's MFA from now on.
  const { deviceName: _previous, ...mfa } = mfaOf(checked);
  const enabled = mfa.enabled.includes("SOFTWARE_TOKEN_MFA") ? mfa.enabled : [...mfa.enabled, "SOFTWARE_TOKEN_MFA" as const];
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...checked, mfa: { ...mfa, enabled, preferred: mfa.preferred ?? "SOFTWARE_TOKEN_MFA", secret: pending.secret, ...friendlyName(input) }, modified: now } });
  spend(pending);
  const session = keep(ctx, challenges, { ...pending, used: false, verified: true });
  return { Status: "SUCCESS", Session: session };
}
