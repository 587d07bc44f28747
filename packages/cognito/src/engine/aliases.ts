/** Sign-in aliases (AliasAttributes): a verified email or phone number signs one user in. */
import { aliasActive, aliasAttributes, findUser } from "./context.js";
import type { PoolState, User } from "./state.js";

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
