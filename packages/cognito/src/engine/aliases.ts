/** Sign-in aliases (AliasAttributes): a verified email or phone number signs one user in. */
import { InvalidParameterException } from "../errors.js";
import { aliasActive, aliasAttributes, findUser } from "./context.js";
import type { PoolState, User } from "./state.js";

/**
 * SignUp's new user is unconfirmed, and a preferred_username alias would sign it in at once: AWS refuses
 * the attribute until the user is confirmed (its text, quoted in amplify-js#1669; the error code is not
 * quoted there, InvalidParameterException is Cognito's for a refused parameter).
 */
export function checkSignUpAliases(pool: PoolState, attributes: Record<string, string>): void {
  if (aliasAttributes(pool).includes("preferred_username") && attributes.preferred_username !== undefined) {
    throw new InvalidParameterException("Preferred username cannot be provided for unconfirmed account, since user pool is configured for preferred username alias.");
  }
}

/** Other users holding, as an active alias, an email or phone number `user` would now sign in with (ConfirmSignUp ForceAliasCreation). */
export function aliasHolders(pool: PoolState, user: User): Array<{ holder: User; attribute: string }> {
  const found: Array<{ holder: User; attribute: string }> = [];
  for (const attribute of aliasAttributes(pool)) {
    const value = user.attributes[attribute];
    if (attribute === "preferred_username" || value === undefined || !aliasActive(user, attribute)) continue;
    const holder = findUser(pool, value);
    if (holder && holder.username !== user.username) found.push({ holder, attribute });
  }
  return found;
}
