/**
 * Lockout after failed password sign-ins, as the developer guide describes it ("Lockout behavior for
 * failed sign-in attempts"): from the fifth failure on, the n-th locks the user out for 2^(n-5)
 * seconds, up to about 15 minutes. An attempt while locked out is refused with "Password
 * attempts exceeded", even with the right password, and does not lengthen the next lockout; a
 * successful sign-in, or 15 minutes without any attempt after a lockout, starts the count over.
 */
import { incorrectCredentials, passwordAttemptsExceeded } from "../errors.js";
import { FREE_FAILED_SIGN_INS, LOCKOUT_RESET_IDLE_MS, MAX_LOCKOUT_MS } from "../limits.js";
import { write, type CognitoContext } from "./context.js";
import type { FailedSignIns, PoolState, User } from "./state.js";

/** The user's count as it stands now: forgotten after 15 quiet minutes once a lockout began. */
function current(user: User, now: number): FailedSignIns | undefined {
  const failed = user.failedSignIns;
  if (!failed) return undefined;
  if (failed.count >= FREE_FAILED_SIGN_INS && now - failed.last >= LOCKOUT_RESET_IDLE_MS) return undefined;
  return failed;
}

async function save(ctx: CognitoContext, pool: PoolState, user: User, failed: FailedSignIns | undefined): Promise<User> {
  const updated: User = { ...user };
  if (failed) updated.failedSignIns = failed;
  else delete updated.failedSignIns;
  await write(ctx, { t: "user", poolId: pool.pool.id, user: updated });
  return updated;
}

/**
 * A password check of a sign-in: refuses a locked-out user before `matches` is asked, counts a wrong
 * password (then throws AWS's "Incorrect username or password."), and clears the count on success.
 * Answers the user as stored afterwards.
 */
export async function passwordSignIn(ctx: CognitoContext, pool: PoolState, user: User, matches: () => boolean): Promise<User> {
  const now = ctx.clock.now();
  const failed = current(user, now);
  if (failed?.lockedUntil !== undefined && now < failed.lockedUntil) {
    await save(ctx, pool, user, { ...failed, last: now });
    throw passwordAttemptsExceeded();
  }
  if (!matches()) {
    const count = (failed?.count ?? 0) + 1;
    const lockMs = count >= FREE_FAILED_SIGN_INS ? Math.min(2 ** (count - FREE_FAILED_SIGN_INS) * 1000, MAX_LOCKOUT_MS) : 0;
    await save(ctx, pool, user, { count, last: now, ...(lockMs > 0 ? { lockedUntil: now + lockMs } : {}) });
    throw incorrectCredentials();
  }
  return user.failedSignIns ? save(ctx, pool, user, undefined) : user;
}
