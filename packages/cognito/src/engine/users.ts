/** Sign-up, confirmation, Admin* user management, attributes and passwords. */
import { randomUUID } from "node:crypto";
import {
  AliasExistsException,
  cannotConfirm,
  CodeMismatchException,
  incorrectCredentials,
  InvalidParameterException,
  NotAuthorizedException,
  userDisabled,
  UsernameExistsException,
  UserNotFoundException,
} from "../errors.js";
import {
  adminOnlyRecovery,
  attributeList,
  caseInsensitive,
  checkCode,
  checkPasswordPolicy,
  clientOf,
  codeDelivery,
  findUser,
  isTrue,
  newCode,
  passwordPolicy,
  poolOf,
  resettableDelivery,
  srpPoolName,
  userOf,
  usernameAttributes,
  write,
  type CognitoContext,
  type Input,
} from "./context.js";
import { aliasHolders, checkSignUpAliases } from "./aliases.js";
import { sendAttributeCode } from "./verifyAttributes.js";
import { holdPending, sendPendingCodes } from "./pendingAttributes.js";
import { checkSecretHash } from "./secretHash.js";
import { checkAttributeNames, checkFormats, checkMutable, checkRequiredAttributes, checkUpdatedNames, checkUpdatedValues, checkValues, checkValuesGiven, checkWritable, clientAttributes, EMAIL_FORMAT, PHONE_FORMAT } from "./schema.js";
import { checkPassword, makeVerifier } from "./srp.js";
import type { Client, PoolState, User } from "./state.js";
import { userFromAccessToken } from "./tokens.js";
import { sendCode } from "./triggers/customMessage.js";
import { postConfirmation, preSignUp } from "./triggers/hooks.js";
import { migrateUser } from "./triggers/userMigration.js";
import { userMfaOutput } from "./mfa/preferences.js";

type AttributeInput = Array<{ Name: string; Value?: string }>;

function attributesOf(input: unknown): AttributeInput {
  return Array.isArray(input) ? (input as AttributeInput) : [];
}

/** The stored username and the attributes a sign-up implies (email as username → a UUID username). */
export function identity(pool: PoolState, username: string, given: Record<string, string>): { username: string; attributes: Record<string, string> } {
  const sub = randomUUID();
  const kinds = usernameAttributes(pool);
  if (kinds.length === 0) return { username, attributes: { sub, ...given } };
  if (kinds.includes("email") && EMAIL_FORMAT.test(username)) return { username: sub, attributes: { sub, ...given, email: username } };
  if (kinds.includes("phone_number") && PHONE_FORMAT.test(username)) return { username: sub, attributes: { sub, ...given, phone_number: username } };
  throw new InvalidParameterException(kinds.length > 1 ? "Username should be either an email or a phone number." : kinds[0] === "email" ? "Username should be an email." : "Username should be a phone number.");
}

function checkUnique(pool: PoolState, username: string, attributes: Record<string, string>, admin: boolean): void {
  const taken = pool.users.has(username) || (caseInsensitive(pool) && [...pool.users.keys()].some((name) => name.toLowerCase() === username.toLowerCase()));
  if (taken) throw new UsernameExistsException(admin ? "User account already exists" : "User already exists");
  for (const kind of usernameAttributes(pool)) {
    const value = attributes[kind];
    if (value !== undefined && findUser(pool, value)) {
      throw new UsernameExistsException(kind === "email" ? "An account with the given email already exists." : "An account with the given phone_number already exists.");
    }
  }
}

function newUser(ctx: CognitoContext, pool: PoolState, input: { Username: string; UserAttributes?: unknown }, admin: boolean): User {
  const attrs = attributesOf(input.UserAttributes);
  checkValuesGiven(attrs);
  checkAttributeNames(pool.pool.config.Schema, attrs);
  checkValues(pool.pool.config.Schema, attrs);
  const given: Record<string, string> = {};
  for (const a of attrs) if (a.Name !== "sub") given[a.Name] = a.Value ?? "";
  const { username, attributes } = identity(pool, input.Username, given);
  if (!admin) checkRequiredAttributes(pool.pool.config.Schema, attributes);
  checkFormats(attrs, false);
  checkUnique(pool, username, attributes, admin);
  const now = ctx.clock.now();
  return { username, attributes, enabled: true, status: "UNCONFIRMED", created: now, modified: now, groups: [], tokenGeneration: 0 };
}

/** Confirming marks the pool's auto-verified attributes verified. */
function verifiedAttributes(pool: PoolState, user: User): Record<string, string> {
  const auto = pool.pool.config.AutoVerifiedAttributes;
  const attributes = { ...user.attributes };
  for (const name of Array.isArray(auto) ? auto.map(String) : []) {
    if (attributes[name] !== undefined) attributes[`${name}_verified`] = "true";
  }
  return attributes;
}

export async function signUp(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  checkSecretHash(client, String(input.Username), input.SecretHash);
  const password = String(input.Password);
  checkWritable(client, attributesOf(input.UserAttributes), true);
  const user = newUser(ctx, pool, input as { Username: string; UserAttributes?: unknown }, false);
  checkSignUpAliases(pool, user.attributes);
  checkPasswordPolicy(pool, password);
  const auto = await preSignUp(ctx, pool, user, "PreSignUp_SignUp", client.clientId, input);
  const verifier = makeVerifier(srpPoolName(pool.pool.id), user.username, password);
  if (auto.autoConfirmUser) {
    // PreSignUp confirmed the user: no code is sent (and PostConfirmation does not run).
    const attributes = { ...user.attributes };
    if (auto.autoVerifyEmail && attributes.email !== undefined) attributes.email_verified = "true";
    if (auto.autoVerifyPhone && attributes.phone_number !== undefined) attributes.phone_number_verified = "true";
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, attributes, status: "CONFIRMED", password: verifier } });
    return { UserConfirmed: true, UserSub: user.attributes.sub };
  }
  const code = await sendCode(ctx, pool, user, "confirmation", "CustomMessage_SignUp", client.clientId, input);
  const stored: User = { ...user, password: verifier, confirmationCode: code };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: stored });
  const delivery = codeDelivery(pool, stored);
  return { UserConfirmed: false, UserSub: stored.attributes.sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
}

/** Where a hidden unknown user's code "goes" (ForgotPassword, ResendConfirmationCode under PreventUserExistenceErrors). */
const SIMULATED_DELIVERY = { Destination: "u***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" };

/** The code flows' unknown user: AWS names the user/client pair unless the client hides users, then the caller answers as for a real one. */
function hideUnknownUser(client: Client): void {
  if (client.config.PreventUserExistenceErrors !== "ENABLED") throw new UserNotFoundException("Username/client id combination not found.");
}

export async function confirmSignUp(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  checkSecretHash(client, String(input.Username), input.SecretHash);
  const user = findUser(pool, String(input.Username));
  if (!user) {
    // AWS answers ConfirmSignUp for an unknown user as ForgotPassword does (amazon-cognito-identity-js#537);
    // with PreventUserExistenceErrors the code simply does not match.
    hideUnknownUser(client);
    throw new CodeMismatchException();
  }
  if (user.status !== "UNCONFIRMED") throw cannotConfirm(user.status);
  checkCode(user.confirmationCode, String(input.ConfirmationCode), ctx.clock.now());
  const confirmed: User = { ...user, status: "CONFIRMED", confirmationCode: undefined, attributes: verifiedAttributes(pool, user), modified: ctx.clock.now() };
  const displaced = aliasHolders(pool, confirmed);
  if (displaced.length > 0 && input.ForceAliasCreation !== true) throw new AliasExistsException(`An account with the given ${displaced[0].attribute} already exists.`);
  // ForceAliasCreation moves the alias: the other user can no longer sign in with it.
  for (const { holder, attribute } of displaced) {
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...holder, attributes: { ...holder.attributes, [`${attribute}_verified`]: "false" }, modified: ctx.clock.now() } });
  }
  await write(ctx, { t: "user", poolId: pool.pool.id, user: confirmed });
  await postConfirmation(ctx, pool, confirmed, "PostConfirmation_ConfirmSignUp", client.clientId, input);
  return {};
}

export async function adminConfirmSignUp(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  if (user.status !== "UNCONFIRMED") throw cannotConfirm(user.status);
  const confirmed: User = { ...user, status: "CONFIRMED", confirmationCode: undefined, modified: ctx.clock.now() };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: confirmed });
  await postConfirmation(ctx, pool, confirmed, "PostConfirmation_ConfirmSignUp", undefined, input);
  return {};
}

export async function resendConfirmationCode(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  checkSecretHash(client, String(input.Username), input.SecretHash);
  const user = findUser(pool, String(input.Username));
  if (!user) {
    hideUnknownUser(client);
    return { CodeDeliveryDetails: { ...SIMULATED_DELIVERY } };
  }
  if (user.status !== "UNCONFIRMED") throw new InvalidParameterException("User is already confirmed.");
  const code = await sendCode(ctx, pool, user, "confirmation", "CustomMessage_ResendCode", client.clientId, input);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, confirmationCode: code } });
  const delivery = codeDelivery(pool, user);
  return delivery ? { CodeDeliveryDetails: delivery } : {};
}

/** A temporary password that satisfies the pool's policy, printed to the terminal. */
function temporaryPassword(pool: PoolState): string {
  const base = `Tmp${randomUUID().replace(/-/g, "").slice(0, 8)}a1!`;
  return base.length >= passwordPolicy(pool).MinimumLength ? base : base.padEnd(passwordPolicy(pool).MinimumLength, "x");
}

/** What UserType and AdminGetUser's answer share after the attributes. */
function userDates(user: User): Record<string, unknown> {
  return { UserCreateDate: user.created / 1000, UserLastModifiedDate: user.modified / 1000, Enabled: user.enabled, UserStatus: user.status };
}

function userType(user: User): Record<string, unknown> {
  return { Username: user.username, Attributes: attributeList(user), ...userDates(user) };
}

export async function adminCreateUser(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const existing = findUser(pool, String(input.Username));
  if (input.MessageAction === "RESEND") {
    if (!existing) throw new UserNotFoundException();
    return { User: userType(existing) };
  }
  if (existing) throw new UsernameExistsException("User account already exists");
  const created = newUser(ctx, pool, input as { Username: string; UserAttributes?: unknown }, true);
  const password = input.TemporaryPassword === undefined ? temporaryPassword(pool) : String(input.TemporaryPassword);
  checkPasswordPolicy(pool, password);
  // PreSignUp_AdminCreateUser may verify the email / phone number (an admin-created user is never auto-confirmed).
  const auto = await preSignUp(ctx, pool, created, "PreSignUp_AdminCreateUser", undefined, input);
  const attributes = { ...created.attributes };
  if (auto.autoVerifyEmail && attributes.email !== undefined) attributes.email_verified = "true";
  if (auto.autoVerifyPhone && attributes.phone_number !== undefined) attributes.phone_number_verified = "true";
  const user: User = { ...created, attributes };
  if (input.TemporaryPassword === undefined || input.MessageAction !== "SUPPRESS") {
    ctx.logger.info(`Cognito ${pool.pool.id}: temporary password for ${user.username}: ${password}`);
  }
  const days = passwordPolicy(pool).TemporaryPasswordValidityDays;
  const stored: User = {
    ...user,
    status: "FORCE_CHANGE_PASSWORD",
    password: makeVerifier(srpPoolName(pool.pool.id), user.username, password),
    temporaryPasswordExpires: ctx.clock.now() + days * 24 * 60 * 60 * 1000,
  };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: stored });
  return { User: userType(stored) };
}

export function adminGetUser(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  return { Username: user.username, UserAttributes: attributeList(user), ...userDates(user), ...userMfaOutput(user) };
}

export async function getUser(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user, clientId } = await userFromAccessToken(ctx, String(input.AccessToken));
  // The access token reads the attributes its app client may read (UserPoolClientType ReadAttributes).
  const client = pool.clients.get(clientId);
  const readable = client && clientAttributes(client, "ReadAttributes");
  const only = readable && Object.keys(user.attributes).filter((name) => name === "sub" || readable.has(name));
  return { Username: user.username, UserAttributes: attributeList(user, only), ...userMfaOutput(user) };
}

export async function adminSetUserPassword(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const password = String(input.Password);
  checkPasswordPolicy(pool, password);
  const permanent = input.Permanent === true;
  const days = passwordPolicy(pool).TemporaryPasswordValidityDays;
  await write(ctx, {
    t: "user",
    poolId: pool.pool.id,
    user: {
      ...user,
      password: makeVerifier(srpPoolName(pool.pool.id), user.username, password),
      status: permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD",
      temporaryPasswordExpires: permanent ? undefined : ctx.clock.now() + days * 24 * 60 * 60 * 1000,
      modified: ctx.clock.now(),
    },
  });
  return {};
}

export async function adminDeleteUser(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  await write(ctx, { t: "deleteUser", poolId: pool.pool.id, username: user.username });
  return {};
}

export async function deleteUser(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  await write(ctx, { t: "deleteUser", poolId: pool.pool.id, username: user.username });
  return {};
}

const isBlank = (value: string | undefined): value is undefined | "" => value === undefined || value === "";

function updatedAttributes(pool: PoolState, user: User, given: AttributeInput): Record<string, string> {
  checkUpdatedNames(pool.pool.config.Schema, given);
  checkMutable(pool.pool.config.Schema, given);
  checkUpdatedValues(pool.pool.config.Schema, given);
  checkFormats(given, true);
  const attributes = { ...user.attributes };
  const names = new Set(given.map((a) => a.Name));
  for (const { Name, Value } of given) {
    // A blank value deletes the attribute (API reference, UpdateUserAttributes / AdminUpdateUserAttributes).
    if (isBlank(Value)) {
      delete attributes[Name];
      continue;
    }
    attributes[Name] = Value;
    // Where email / phone_number sign users in, another user's value is taken (moto's test_cognitoidp_exceptions).
    if ((Name === "email" || Name === "phone_number") && Value !== undefined && usernameAttributes(pool).includes(Name)) {
      const holder = findUser(pool, Value);
      if (holder && holder.username !== user.username) throw new AliasExistsException(`An account with the given ${Name} already exists.`);
    }
  }
  for (const { Name, Value } of given) {
    // A changed email or phone number is unverified until confirmed again.
    if ((Name === "email" || Name === "phone_number") && !isBlank(Value) && user.attributes[Name] !== Value && !names.has(`${Name}_verified`)) {
      attributes[`${Name}_verified`] = "false";
    }
  }
  // A verified email or phone number alias belongs to one user (AliasExistsException in the API reference).
  const taken = aliasHolders(pool, { ...user, attributes }).find(({ attribute }) => names.has(attribute) || names.has(`${attribute}_verified`));
  if (taken) throw new AliasExistsException(`An account with the given ${taken.attribute} already exists.`);
  return attributes;
}

export async function adminUpdateUserAttributes(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  const given = attributesOf(input.UserAttributes);
  const { user: held, held: names } = holdPending(pool, user, updatedAttributes(pool, user, given), given);
  const { user: updated } = await sendPendingCodes(ctx, pool, { ...held, modified: ctx.clock.now() }, names, undefined, input);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: updated });
  return {};
}

export async function updateUserAttributes(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user, clientId } = await userFromAccessToken(ctx, String(input.AccessToken));
  const client = pool.clients.get(clientId);
  if (client) checkWritable(client, attributesOf(input.UserAttributes));
  const given = attributesOf(input.UserAttributes);
  const { user: held, held: names } = holdPending(pool, user, updatedAttributes(pool, user, given), given);
  const attributes = held.attributes;
  // A changed email or phone number the pool auto-verifies gets a code (UpdateUserAttributes CodeDeliveryDetailsList; VerifyUserAttribute takes it).
  const auto = Array.isArray(pool.pool.config.AutoVerifiedAttributes) ? pool.pool.config.AutoVerifiedAttributes.map(String) : [];
  const pendingSent = await sendPendingCodes(ctx, pool, { ...held, modified: ctx.clock.now() }, names, clientId, input);
  let updated: User = pendingSent.user;
  const deliveries: Array<Record<string, string>> = [...pendingSent.deliveries];
  for (const name of ["email", "phone_number"]) {
    if (!auto.includes(name) || attributes[name] === undefined || attributes[name] === user.attributes[name] || isTrue(attributes[`${name}_verified`])) continue;
    const sent = await sendAttributeCode(ctx, pool, updated, name, clientId, input);
    updated = sent.user;
    deliveries.push(sent.delivery);
  }
  await write(ctx, { t: "user", poolId: pool.pool.id, user: updated });
  return deliveries.length > 0 ? { CodeDeliveryDetailsList: deliveries } : {};
}

async function setEnabled(ctx: CognitoContext, input: Input, enabled: boolean): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, enabled, modified: ctx.clock.now() } });
  return {};
}

export const adminDisableUser = (ctx: CognitoContext, input: Input) => setEnabled(ctx, input, false);
export const adminEnableUser = (ctx: CognitoContext, input: Input) => setEnabled(ctx, input, true);

export async function forgotPassword(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  checkSecretHash(client, String(input.Username), input.SecretHash);
  const user = findUser(pool, String(input.Username)) ?? (await migrateUser(ctx, pool, client.clientId, String(input.Username), undefined, input));
  if (!user) {
    hideUnknownUser(client);
    return { CodeDeliveryDetails: { ...SIMULATED_DELIVERY } };
  }
  if (adminOnlyRecovery(pool)) throw new NotAuthorizedException("Contact administrator to reset password.");
  const delivery = resettableDelivery(pool, user);
  const code = await sendCode(ctx, pool, user, "password reset", "CustomMessage_ForgotPassword", client.clientId, input);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, resetCode: code } });
  return { CodeDeliveryDetails: delivery };
}

/** AdminResetUserPassword: the password stops working until the user sets one with the printed code. */
export async function adminResetUserPassword(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  if (!user.enabled) throw userDisabled();
  resettableDelivery(pool, user);
  const code = newCode(ctx, pool.pool.id, user, "password reset");
  const status = user.status === "CONFIRMED" ? "RESET_REQUIRED" : user.status;
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, status, resetCode: code, modified: ctx.clock.now() } });
  return {};
}

export async function confirmForgotPassword(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  checkSecretHash(client, String(input.Username), input.SecretHash);
  const user = findUser(pool, String(input.Username));
  if (!user) {
    hideUnknownUser(client);
    throw new CodeMismatchException();
  }
  checkCode(user.resetCode, String(input.ConfirmationCode), ctx.clock.now());
  const password = String(input.Password);
  checkPasswordPolicy(pool, password);
  const updated: User = { ...user, resetCode: undefined, password: makeVerifier(srpPoolName(pool.pool.id), user.username, password), status: user.status === "RESET_REQUIRED" ? "CONFIRMED" : user.status, modified: ctx.clock.now() };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: updated });
  await postConfirmation(ctx, pool, updated, "PostConfirmation_ConfirmForgotPassword", client.clientId, input);
  return {};
}

export async function changePassword(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  const poolName = srpPoolName(pool.pool.id);
  if (!user.password || !checkPassword(user.password, poolName, user.username, String(input.PreviousPassword))) throw incorrectCredentials();
  const proposed = String(input.ProposedPassword);
  checkPasswordPolicy(pool, proposed);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, password: makeVerifier(poolName, user.username, proposed), modified: ctx.clock.now() } });
  return {};
}

export function userSummary(user: User, only?: string[]): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: user.created / 1000,
    UserLastModifiedDate: user.modified / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

