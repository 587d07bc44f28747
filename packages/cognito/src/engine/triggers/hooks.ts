/** The sign-up, confirmation and sign-in triggers: PreSignUp, PostConfirmation, PreAuthentication, PostAuthentication. */
import type { CognitoContext } from "../context.js";
import type { PoolState, User } from "../state.js";
import { maybeTrigger, stringMap } from "./invoke.js";

/** A user's attributes as triggers see them: stored attributes plus cognito:user_status. */
export function eventAttributes(user: User): Record<string, string> {
  return { ...user.attributes, "cognito:user_status": user.status };
}

/**
 * The request's `clientMetadata`, only when the call gave ClientMetadata: Cognito leaves the key
 * out otherwise (a PreSignUp event of a SignUp without it has `validationData: null` and no
 * `clientMetadata`, as Powertools' event schemas expect).
 */
export function clientMetadataOf(value: unknown): { clientMetadata?: Record<string, string> } {
  const map = eventMap(value);
  return map === null ? {} : { clientMetadata: map };
}

/** AWS's ValidationData / ClientMetadata list-or-map as the event's string map (null when absent). */
export function eventMap(value: unknown): Record<string, string> | null {
  if (Array.isArray(value)) {
    const entries = value.filter((a): a is { Name: string; Value?: string } => typeof a === "object" && a !== null && typeof (a as { Name?: unknown }).Name === "string");
    return Object.fromEntries(entries.map((a) => [a.Name, a.Value ?? ""]));
  }
  const map = stringMap(value);
  return Object.keys(map).length > 0 ? map : null;
}

export interface PreSignUpResult {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

/** PreSignUp_SignUp / PreSignUp_AdminCreateUser: the function may confirm and verify the new user. */
export async function preSignUp(
  ctx: CognitoContext,
  pool: PoolState,
  user: User,
  source: "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser",
  clientId: string | undefined,
  input: Record<string, unknown>,
): Promise<PreSignUpResult> {
  const response = await maybeTrigger(ctx, pool, {
    trigger: "PreSignUp",
    triggerSource: source,
    userName: user.username,
    clientId,
    request: { userAttributes: Object.fromEntries(Object.entries(user.attributes).filter(([name]) => name !== "sub")), validationData: eventMap(input.ValidationData), ...clientMetadataOf(input.ClientMetadata) },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  return { autoConfirmUser: response?.autoConfirmUser === true, autoVerifyEmail: response?.autoVerifyEmail === true, autoVerifyPhone: response?.autoVerifyPhone === true };
}

/** PostConfirmation_ConfirmSignUp / PostConfirmation_ConfirmForgotPassword, after the user is confirmed. */
export async function postConfirmation(
  ctx: CognitoContext,
  pool: PoolState,
  user: User,
  source: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword",
  clientId: string | undefined,
  input: Record<string, unknown>,
): Promise<void> {
  await maybeTrigger(ctx, pool, {
    trigger: "PostConfirmation",
    triggerSource: source,
    userName: user.username,
    clientId,
    request: { userAttributes: eventAttributes(user), ...clientMetadataOf(input.ClientMetadata) },
    response: {},
  });
}

/** PreAuthentication_Authentication: before the password is checked; an error denies the sign-in. */
export async function preAuthentication(ctx: CognitoContext, pool: PoolState, user: User, clientId: string, input: Record<string, unknown>): Promise<void> {
  await maybeTrigger(ctx, pool, {
    trigger: "PreAuthentication",
    triggerSource: "PreAuthentication_Authentication",
    userName: user.username,
    clientId,
    request: { userAttributes: eventAttributes(user), validationData: eventMap(input.ClientMetadata), userNotFound: false },
    response: {},
  });
}

/** PostAuthentication_Authentication: after a successful sign-in, before the tokens are returned. */
export async function postAuthentication(ctx: CognitoContext, pool: PoolState, user: User, clientId: string, input: Record<string, unknown>): Promise<void> {
  await maybeTrigger(ctx, pool, {
    trigger: "PostAuthentication",
    triggerSource: "PostAuthentication_Authentication",
    userName: user.username,
    clientId,
    request: { userAttributes: eventAttributes(user), newDeviceUsed: false, ...clientMetadataOf(input.ClientMetadata) },
    response: {},
  });
}
