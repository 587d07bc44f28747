/**
 * CUSTOM_AUTH: DefineAuthChallenge decides each step from the session so far, CreateAuthChallenge
 * makes a CUSTOM_CHALLENGE, VerifyAuthChallengeResponse judges the answer
 * (RespondToAuthChallenge ChallengeName CUSTOM_CHALLENGE, ChallengeResponses USERNAME + ANSWER).
 */
import { incorrectCredentials, InvalidParameterException, missingParameter, NotAuthorizedException, unrecognizableLambdaOutput } from "../../errors.js";
import { AUTH_SESSION_VALIDITY_MS } from "../../limits.js";
import type { CognitoContext } from "../context.js";
import { opaque } from "../ids.js";
import type { Client, PoolState, User } from "../state.js";
import { clientMetadataOf, eventAttributes } from "./hooks.js";
import { runTrigger, stringMap, triggerArn } from "./invoke.js";

export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata: string | null;
}

/** A CUSTOM_CHALLENGE waiting for its answer. */
export interface PendingCustomChallenge {
  kind: "custom";
  poolId: string;
  clientId: string;
  username: string;
  session: ChallengeResult[];
  privateParameters: Record<string, string>;
  metadata: string | null;
  expires: number;
}

type Output = Record<string, unknown>;

/** What DefineAuthChallenge's issueTokens leads to: tokens, or first the device's DEVICE_SRP_AUTH (auth.ts decides). */
export type IssueTokens = (user: User) => Promise<Output>;

function defineArn(pool: PoolState): string {
  const arn = triggerArn(pool, "DefineAuthChallenge");
  if (arn === undefined) throw new NotAuthorizedException("Custom auth lambda trigger is not configured for the user pool.");
  return arn;
}

/** One round: DefineAuthChallenge, then tokens, a failure, or a new challenge from CreateAuthChallenge. */
export async function customAuthStep(
  ctx: CognitoContext,
  store: (key: string, pending: PendingCustomChallenge) => void,
  pool: PoolState,
  client: Client,
  user: User,
  session: ChallengeResult[],
  input: Record<string, unknown>,
  issue: IssueTokens,
): Promise<Output> {
  const clientMetadata = clientMetadataOf(input.ClientMetadata);
  const common = { userName: user.username, clientId: client.clientId };
  const define = await runTrigger(ctx, pool, defineArn(pool), {
    ...common,
    trigger: "DefineAuthChallenge",
    triggerSource: "DefineAuthChallenge_Authentication",
    request: { userAttributes: eventAttributes(user), session, ...clientMetadata, userNotFound: false },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  if (define.failAuthentication === true) throw incorrectCredentials();
  if (define.issueTokens === true) return issue(user);
  if (typeof define.challengeName !== "string") throw unrecognizableLambdaOutput();
  if (define.challengeName !== "CUSTOM_CHALLENGE") throw new InvalidParameterException(`The sandbox does not emulate the ${define.challengeName} challenge in CUSTOM_AUTH.`);
  const arn = triggerArn(pool, "CreateAuthChallenge");
  if (arn === undefined) throw new NotAuthorizedException("Custom auth lambda trigger is not configured for the user pool.");
  const created = await runTrigger(ctx, pool, arn, {
    ...common,
    trigger: "CreateAuthChallenge",
    triggerSource: "CreateAuthChallenge_Authentication",
    request: { userAttributes: eventAttributes(user), challengeName: define.challengeName, session, ...clientMetadata, userNotFound: false },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  });
  const key = opaque(96);
  store(key, {
    kind: "custom",
    poolId: pool.pool.id,
    clientId: client.clientId,
    username: user.username,
    session,
    privateParameters: stringMap(created.privateChallengeParameters),
    metadata: typeof created.challengeMetadata === "string" ? created.challengeMetadata : null,
    expires: ctx.clock.now() + AUTH_SESSION_VALIDITY_MS,
  });
  return { ChallengeName: "CUSTOM_CHALLENGE", Session: key, ChallengeParameters: { ...stringMap(created.publicChallengeParameters), USERNAME: user.username } };
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse, then the next round. */
export async function answerCustomChallenge(
  ctx: CognitoContext,
  store: (key: string, pending: PendingCustomChallenge) => void,
  pool: PoolState,
  client: Client,
  user: User,
  pending: PendingCustomChallenge,
  responses: Record<string, string>,
  input: Record<string, unknown>,
  issue: IssueTokens,
): Promise<Output> {
  const answer = responses.ANSWER;
  if (answer === undefined || answer === "") throw missingParameter("ANSWER");
  const arn = triggerArn(pool, "VerifyAuthChallengeResponse");
  if (arn === undefined) throw new NotAuthorizedException("Custom auth lambda trigger is not configured for the user pool.");
  const verified = await runTrigger(ctx, pool, arn, {
    trigger: "VerifyAuthChallengeResponse",
    triggerSource: "VerifyAuthChallengeResponse_Authentication",
    userName: user.username,
    clientId: client.clientId,
    request: { userAttributes: eventAttributes(user), privateChallengeParameters: pending.privateParameters, challengeAnswer: answer, ...clientMetadataOf(input.ClientMetadata), userNotFound: false },
    response: { answerCorrect: null },
  });
  const session = [...pending.session, { challengeName: "CUSTOM_CHALLENGE", challengeResult: verified.answerCorrect === true, challengeMetadata: pending.metadata }];
  return customAuthStep(ctx, store, pool, client, user, session, input, issue);
}
