/**
 * Threat protection's user event history: with UserPoolAddOns AdvancedSecurityMode AUDIT or
 * ENFORCED, sign-ins (passed or failed), sign-ups, password resets and changes and resent codes
 * are recorded on the user, newest first, and read with AdminListUserAuthEvents; feedback on an
 * event comes from an administrator (AdminUpdateAuthEventFeedback) or from the user with the
 * event's feedback token (UpdateAuthEventFeedback, printed where AWS would email it). The
 * sandbox assesses no risk: every event is NoRisk, except a sign-in ENFORCED threat protection
 * blocks for its always-block IP list. A sign-in event's id is
 * the event_id claim of the tokens it issued, as on AWS.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { CodeMismatchException, NotAuthorizedException, ResourceNotFoundException, UserNotFoundException } from "../errors.js";
import { MAX_KEPT_AUTH_EVENTS, MAX_LIST_AUTH_EVENTS } from "../limits.js";
import { findUser, page, poolOf, userOf, write, type CognitoContext, type Input } from "./context.js";
import { requireThreatProtection, threatProtection, type AuthEvent } from "./extras.js";
import { ipBlocked } from "./settings/riskConfiguration.js";
import type { PoolState, User } from "./state.js";

type Output = Record<string, unknown>;
type EventType = AuthEvent["type"];

const MFA_CHALLENGES = new Set(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SMS_OTP"]);

/** The pool a request is about: its UserPoolId, or its app client's pool. */
function poolFor(ctx: CognitoContext, input: Input): PoolState | undefined {
  const state = ctx.durable.state;
  if (typeof input.UserPoolId === "string") return state.pools.get(input.UserPoolId);
  const owner = typeof input.ClientId === "string" ? state.clientPools.get(input.ClientId) : undefined;
  return owner === undefined ? undefined : state.pools.get(owner);
}

/** The user a request names (Username, AuthParameters / ChallengeResponses USERNAME), if any. */
function namedUser(pool: PoolState, input: Input): User | undefined {
  const params = { ...(input.AuthParameters as Record<string, string> | undefined), ...(input.ChallengeResponses as Record<string, string> | undefined) };
  const name = typeof input.Username === "string" ? input.Username : params.USERNAME;
  return name === undefined ? undefined : findUser(pool, name);
}

/** The client address the request gives (UserContextData / ContextData IpAddress) or the connection's. */
function ipOf(input: Input, sourceIp: string | undefined): string | undefined {
  const given = (input.UserContextData as { IpAddress?: unknown } | undefined)?.IpAddress ?? (input.ContextData as { IpAddress?: unknown } | undefined)?.IpAddress;
  return typeof given === "string" ? given : sourceIp;
}

interface NewEvent {
  blocked?: boolean;
  type: EventType;
  response: AuthEvent["response"];
  challenges?: AuthEvent["challenges"];
  id?: string;
  ipAddress?: string;
}

/** Records an event on the user when the pool has threat protection on (AUDIT or ENFORCED). */
export async function recordAuthEvent(ctx: CognitoContext, pool: PoolState, username: string, e: NewEvent): Promise<void> {
  if (!threatProtection(pool)) return;
  const user = pool.users.get(username);
  if (!user) return;
  const id = e.id ?? randomUUID();
  if (user.authEvents?.some((existing) => existing.id === id)) return;
  const event: AuthEvent = {
    id,
    type: e.type,
    created: ctx.clock.now(),
    response: e.response,
    challenges: e.challenges ?? [],
    ...(e.ipAddress !== undefined ? { ipAddress: e.ipAddress } : {}),
    ...(e.blocked ? { blocked: true } : {}),
    feedbackToken: randomBytes(32).toString("base64url"),
  };
  const authEvents = [event, ...(user.authEvents ?? [])].slice(0, MAX_KEPT_AUTH_EVENTS);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, authEvents } });
  ctx.logger.info(`Cognito ${pool.pool.id}: ${e.type} event ${id} (${e.response}) for ${username}; feedback token: ${event.feedbackToken}`);
}

/**
 * Runs a sign-in step (InitiateAuth, RespondToAuthChallenge and their Admin forms) and records its
 * outcome: tokens issued (not a refresh) pass, a wrong password or MFA code fails. A step that
 * answers with another challenge records nothing yet.
 */
export async function signInEvent(ctx: CognitoContext, input: Input, run: () => Promise<Output>, sourceIp?: string): Promise<Output> {
  const refresh = input.AuthFlow === "REFRESH_TOKEN_AUTH" || input.AuthFlow === "REFRESH_TOKEN";
  const mfa = typeof input.ChallengeName === "string" && MFA_CHALLENGES.has(input.ChallengeName);
  if (!refresh && input.AuthFlow !== undefined) await refuseBlockedIp(ctx, input, sourceIp);
  let output: Output;
  try {
    output = await run();
  } catch (error) {
    const pool = poolFor(ctx, input);
    const user = pool && namedUser(pool, input);
    const wrongPassword = error instanceof NotAuthorizedException && error.message === "Incorrect username or password.";
    const wrongCode = error instanceof CodeMismatchException && mfa;
    if (pool && user && (wrongPassword || wrongCode)) {
      const challenges = wrongCode ? [{ ChallengeName: "Password", ChallengeResponse: "Success" }, { ChallengeName: "Mfa", ChallengeResponse: "Failure" }] : [{ ChallengeName: "Password", ChallengeResponse: "Failure" }];
      await recordAuthEvent(ctx, pool, user.username, { type: "SignIn", response: "Fail", challenges, ...ipEntry(input, sourceIp) });
    }
    throw error;
  }
  const result = output.AuthenticationResult as { AccessToken?: unknown } | undefined;
  if (refresh || typeof result?.AccessToken !== "string") return output;
  const claims = decodeJwt(result.AccessToken);
  const pool = poolFor(ctx, input);
  if (pool && typeof claims.username === "string") {
    const challenges = [{ ChallengeName: "Password", ChallengeResponse: "Success" }, ...(mfa ? [{ ChallengeName: "Mfa", ChallengeResponse: "Success" }] : [])];
    await recordAuthEvent(ctx, pool, claims.username, { type: "SignIn", response: "Pass", challenges, ...(typeof claims.event_id === "string" ? { id: claims.event_id } : {}), ...ipEntry(input, sourceIp) });
  }
  return output;
}

/**
 * ENFORCED threat protection refuses a sign-in from an address on the always-block list, with the
 * text AWS answers then ("Seen when manually blocking an IP address", a client's notes on
 * Cognito's errors), and records it blocked.
 */
async function refuseBlockedIp(ctx: CognitoContext, input: Input, sourceIp: string | undefined): Promise<void> {
  const pool = poolFor(ctx, input);
  const ip = ipOf(input, sourceIp);
  if (!pool || !ipBlocked(pool, typeof input.ClientId === "string" ? input.ClientId : undefined, ip)) return;
  const user = namedUser(pool, input);
  if (user) await recordAuthEvent(ctx, pool, user.username, { type: "SignIn", response: "Fail", blocked: true, ...ipEntry(input, sourceIp) });
  throw new NotAuthorizedException("Request not allowed due to security reasons.");
}

function ipEntry(input: Input, sourceIp: string | undefined): { ipAddress?: string } {
  const ip = ipOf(input, sourceIp);
  return ip === undefined ? {} : { ipAddress: ip };
}

/** Runs a sign-up, password or code action and records it passed for the user it names. */
export async function accountEvent(ctx: CognitoContext, type: EventType, input: Input, run: () => Promise<Output>): Promise<Output> {
  const output = await run();
  const pool = poolFor(ctx, input);
  if (!pool || !threatProtection(pool)) return output;
  const user = namedUser(pool, input);
  if (user) await recordAuthEvent(ctx, pool, user.username, { type, response: "Pass", ...ipEntry(input, undefined) });
  return output;
}

/** ChangePassword's user: the access token's username and pool (already checked by the action). */
export function accessTokenUser(ctx: CognitoContext, input: Input): { pool: PoolState; username: string } | undefined {
  try {
    const claims = decodeJwt(String(input.AccessToken));
    const iss = String(claims.iss ?? "");
    const pool = ctx.durable.state.pools.get(iss.slice(iss.lastIndexOf("/") + 1));
    return pool && typeof claims.username === "string" ? { pool, username: claims.username } : undefined;
  } catch {
    return undefined;
  }
}

function eventType(e: AuthEvent): Output {
  return {
    EventId: e.id,
    EventType: e.type,
    CreationDate: e.created / 1000,
    EventResponse: e.response,
    EventRisk: { RiskDecision: e.blocked ? "Block" : "NoRisk", CompromisedCredentialsDetected: false },
    ChallengeResponses: e.challenges,
    ...(e.ipAddress !== undefined ? { EventContextData: { IpAddress: e.ipAddress } } : {}),
    ...(e.feedback ? { EventFeedback: { FeedbackValue: e.feedback.value, Provider: e.feedback.provider, FeedbackDate: e.feedback.date / 1000 } } : {}),
  };
}

/** Newest first; MaxResults 0 or left out gives 60 (API reference). */
export function adminListUserAuthEvents(ctx: CognitoContext, input: Input): Output {
  const pool = poolOf(ctx, String(input.UserPoolId));
  requireThreatProtection(pool);
  const user = userOf(pool, String(input.Username));
  const limit = input.MaxResults === undefined || input.MaxResults === 0 ? MAX_LIST_AUTH_EVENTS : input.MaxResults;
  const { items, next } = page(user.authEvents ?? [], (e) => e.id, limit, input.NextToken, MAX_LIST_AUTH_EVENTS);
  return { AuthEvents: items.map(eventType), ...(next ? { NextToken: next } : {}) };
}

/** The event, or ResourceNotFoundException (AWS's wording was not found). */
function eventOf(user: User, id: string): AuthEvent {
  const event = user.authEvents?.find((e) => e.id === id);
  if (!event) throw new ResourceNotFoundException(`Auth event ${id} does not exist.`);
  return event;
}

async function giveFeedback(ctx: CognitoContext, pool: PoolState, user: User, event: AuthEvent, value: unknown, provider: string): Promise<Output> {
  const feedback = { value: value === "Valid" ? ("Valid" as const) : ("Invalid" as const), provider, date: ctx.clock.now() };
  const authEvents = (user.authEvents ?? []).map((e) => (e.id === event.id ? { ...e, feedback } : e));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, authEvents } });
  return {};
}

export async function adminUpdateAuthEventFeedback(ctx: CognitoContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  requireThreatProtection(pool);
  const user = userOf(pool, String(input.Username));
  return giveFeedback(ctx, pool, user, eventOf(user, String(input.EventId)), input.FeedbackValue, "Admin");
}

/** The user's own feedback, with the event's token (AWS's wording for a wrong token was not found). */
export async function updateAuthEventFeedback(ctx: CognitoContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  requireThreatProtection(pool);
  const user = findUser(pool, String(input.Username));
  if (!user) throw new UserNotFoundException();
  const event = eventOf(user, String(input.EventId));
  if (event.feedbackToken !== input.FeedbackToken) throw new NotAuthorizedException("Invalid feedback token.");
  return giveFeedback(ctx, pool, user, event, input.FeedbackValue, "User");
}

