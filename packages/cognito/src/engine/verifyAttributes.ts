/** GetUserAttributeVerificationCode and VerifyUserAttribute: a signed-in user verifies an email address or phone number. */
import { InvalidParameterException } from "../errors.js";
import { checkCode, maskEmail, maskPhone, write, type CognitoContext, type Input } from "./context.js";
import type { PoolState, User } from "./state.js";
import { userFromAccessToken } from "./tokens.js";
import { sendCode } from "./triggers/customMessage.js";

const VERIFIABLE = new Set(["email", "phone_number"]);

/** The attribute to verify, or AWS's refusal (the text quoted in amplify-js#3652). */
function verifiable(user: User, name: string, verb: "send" | "verify"): string {
  if (!VERIFIABLE.has(name)) throw new InvalidParameterException("Invalid attribute name. Only phone_number and email can be verified.");
  const value = user.attributes[name];
  if (value !== undefined && value !== "") return value;
  // AWS's texts as measured on a real pool (floci-io/floci#1898, a review comparing GetUserAttributeVerificationCode with AWS).
  if (verb === "send") throw new InvalidParameterException(name === "email" ? "User does not have a valid registered email address" : "User does not have a valid registered phone number");
  throw new InvalidParameterException(`Unable to verify attribute: ${name} no value set to verify`);
}

export async function getUserAttributeVerificationCode(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user, clientId } = await userFromAccessToken(ctx, String(input.AccessToken));
  const name = String(input.AttributeName);
  verifiable(user, name, "send");
  // A new value held until verified (pendingAttributes.ts) is the one the code goes to.
  const pendingValue = user.pendingAttributes?.[name];
  const to = pendingValue === undefined ? user : { ...user, attributes: { ...user.attributes, [name]: pendingValue } };
  const { user: sent, delivery } = await sendAttributeCode(ctx, pool, to, name, clientId, input);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, attributeCodes: sent.attributeCodes } });
  return { CodeDeliveryDetails: delivery };
}

/** Sends a verification code for `name` (which the user has); the user with the code to store, and where it went. */
export async function sendAttributeCode(ctx: CognitoContext, pool: PoolState, user: User, name: string, clientId: string | undefined, input: Input): Promise<{ user: User; delivery: Record<string, string> }> {
  const value = user.attributes[name] ?? "";
  const code = await sendCode(ctx, pool, user, `${name} verification`, "CustomMessage_VerifyUserAttribute", clientId, input);
  const delivery = name === "email" ? { Destination: maskEmail(value), DeliveryMedium: "EMAIL" } : { Destination: maskPhone(value), DeliveryMedium: "SMS" };
  return { user: { ...user, attributeCodes: { ...user.attributeCodes, [name]: code } }, delivery: { ...delivery, AttributeName: name } };
}

export async function verifyUserAttribute(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  const name = String(input.AttributeName);
  verifiable(user, name, "verify");
  checkCode(user.attributeCodes?.[name], String(input.Code), ctx.clock.now());
  const attributeCodes = { ...user.attributeCodes };
  delete attributeCodes[name];
  // A value held until verified (pendingAttributes.ts) replaces the old one now.
  const pendingValue = user.pendingAttributes?.[name];
  const attributes = { ...user.attributes, ...(pendingValue !== undefined ? { [name]: pendingValue } : {}), [`${name}_verified`]: "true" };
  const pendingAttributes = { ...user.pendingAttributes };
  delete pendingAttributes[name];
  const verified: User = { ...user, attributes, attributeCodes, modified: ctx.clock.now() };
  if (Object.keys(pendingAttributes).length > 0) verified.pendingAttributes = pendingAttributes;
  else delete verified.pendingAttributes;
  await write(ctx, { t: "user", poolId: pool.pool.id, user: verified });
  return {};
}
