/** The hosted UI's sign-in form: the same checks and triggers as USER_PASSWORD_AUTH. */
import { incorrectCredentials, NotAuthorizedException, userDisabled, UserNotConfirmedException } from "../errors.js";
import { findUser, srpPoolName, type CognitoContext } from "./context.js";
import { mfaDecision } from "./mfa/challenge.js";
import { passwordSignIn } from "./lockout.js";
import { checkPassword } from "./srp.js";
import type { Client, PoolState, User } from "./state.js";
import { postAuthentication, preAuthentication } from "./triggers/hooks.js";
import { migrateUser } from "./triggers/userMigration.js";

export async function hostedSignIn(ctx: CognitoContext, pool: PoolState, client: Client, username: string, password: string): Promise<User> {
  const found = findUser(pool, username);
  const user = found ?? (await migrateUser(ctx, pool, client.clientId, username, password, {}));
  // The hosted UI never tells an unknown user from a wrong password.
  if (!user) throw incorrectCredentials();
  if (found) await preAuthentication(ctx, pool, user, client.clientId, {});
  const verifier = user.password;
  if (!verifier) throw incorrectCredentials();
  const signedIn = await passwordSignIn(ctx, pool, user, () => checkPassword(verifier, srpPoolName(pool.pool.id), user.username, password));
  if (!signedIn.enabled) throw userDisabled();
  if (signedIn.status === "UNCONFIRMED") throw new UserNotConfirmedException();
  if (signedIn.status !== "CONFIRMED") throw new NotAuthorizedException("The sandbox's hosted UI signs in confirmed users only; set a permanent password with AdminSetUserPassword.");
  // The sandbox's hosted UI has no MFA pages: it refuses rather than skip a second factor.
  if (mfaDecision(pool, signedIn) !== undefined) throw new NotAuthorizedException("The sandbox's hosted UI does not ask for MFA; sign this user in with InitiateAuth and RespondToAuthChallenge (amazon-cognito-identity-js, Amplify).");
  await postAuthentication(ctx, pool, signedIn, client.clientId, {});
  return signedIn;
}
