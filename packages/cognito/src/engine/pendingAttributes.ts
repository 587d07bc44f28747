/**
 * UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate (API reference,
 * UserAttributeUpdateSettingsType; developer guide "Verifying updates to email addresses and phone
 * numbers"): a new email or phone number is sent a code and Amazon Cognito "doesn't change the value
 * of the attribute until your user responds to the verification message" — the old, verified value
 * stays in use. VerifyUserAttribute with the code, or AdminUpdateUserAttributes setting
 * email_verified / phone_number_verified to true, applies it.
 */
import { isTrue, type CognitoContext, type Input } from "./context.js";
import type { PoolState, User } from "./state.js";
import { sendAttributeCode } from "./verifyAttributes.js";

function requiringVerification(pool: PoolState): Set<string> {
  const settings = pool.pool.config.UserAttributeUpdateSettings as { AttributesRequireVerificationBeforeUpdate?: unknown } | undefined;
  const names = settings?.AttributesRequireVerificationBeforeUpdate;
  return new Set(Array.isArray(names) ? names.map(String) : []);
}

/**
 * `attributes` is the update as it would apply; the user it yields keeps each verified email / phone
 * number the pool guards and holds the new value as pending. `given` names the attributes of the request.
 */
export function holdPending(pool: PoolState, before: User, attributes: Record<string, string>, given: Array<{ Name: string; Value?: string }>): { user: User; held: string[] } {
  const guarded = requiringVerification(pool);
  const pending = { ...before.pendingAttributes };
  const kept = { ...attributes };
  const held: string[] = [];
  for (const name of ["email", "phone_number"]) {
    const update = given.find((a) => a.Name === name);
    if (!update) continue;
    delete pending[name];
    // A blank value deletes the attribute at once: there is nothing to verify.
    if (update.Value === undefined || update.Value === "") continue;
    const verifiedNow = given.some((a) => a.Name === `${name}_verified` && isTrue(a.Value));
    const old = before.attributes[name];
    if (!guarded.has(name) || verifiedNow || old === undefined || old === update.Value || !isTrue(before.attributes[`${name}_verified`])) continue;
    kept[name] = old;
    kept[`${name}_verified`] = before.attributes[`${name}_verified`] ?? "true";
    pending[name] = update.Value ?? "";
    held.push(name);
  }
  const user: User = { ...before, attributes: kept };
  if (Object.keys(pending).length > 0) user.pendingAttributes = pending;
  else delete user.pendingAttributes;
  return { user, held };
}

/** Sends the code for each held attribute to its new value (the user keeps the old one). */
export async function sendPendingCodes(ctx: CognitoContext, pool: PoolState, user: User, held: string[], clientId: string | undefined, input: Input): Promise<{ user: User; deliveries: Array<Record<string, string>> }> {
  let updated = user;
  const deliveries: Array<Record<string, string>> = [];
  for (const name of held) {
    const value = updated.pendingAttributes?.[name] ?? "";
    const sent = await sendAttributeCode(ctx, pool, { ...updated, attributes: { ...updated.attributes, [name]: value } }, name, clientId, input);
    updated = { ...updated, attributeCodes: sent.user.attributeCodes };
    deliveries.push(sent.delivery);
  }
  return { user: updated, deliveries };
}
