import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { arn, fakeLambda, type Event, type Handler } from "./fakeLambda.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";

function authenticate(user: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), { onSuccess: resolve, onFailure: (err: unknown) => reject(err) }),
  );
}

/** amazon-cognito-identity-js's CUSTOM_AUTH: answers each custom challenge from `answers` in turn. */
function customAuth(user: CognitoUser, answers: string[]): Promise<{ session: CognitoUserSession; questions: Array<Record<string, string>> }> {
  const questions: Array<Record<string, string>> = [];
  user.setAuthenticationFlowType("CUSTOM_AUTH");
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session: CognitoUserSession) => resolve({ session, questions }),
      onFailure: (err: unknown) => reject(err),
      customChallenge: (parameters: Record<string, string>) => {
        questions.push(parameters);
        user.sendCustomChallengeAnswer(answers.shift() ?? "", callbacks);
      },
    };
    user.initiateAuth(new AuthenticationDetails({ Username: user.getUsername() }), callbacks);
  });
}

describe("Lambda triggers with amazon-cognito-identity-js", () => {
  let h: Harness;
  let poolId: string;
  let userPool: CognitoUserPool;
  const events: Event[] = [];

  const handlers: Record<string, Handler> = {
    preAuth: (event) => {
      if (event.userName === "blocked") throw new Error("Not today");
      return event;
    },
    postAuth: (event) => event,
    tokens: (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { team: "blue", iss: "ignored" }, groupOverrideDetails: { groupsToOverride: ["admins"] } } } }),
    define: (event) => {
      const session = event.request.session as Array<{ challengeResult: boolean }>;
      const done = session.at(-1)?.challengeResult === true;
      return { ...event, response: done ? { issueTokens: true, failAuthentication: false } : { challengeName: "CUSTOM_CHALLENGE", issueTokens: false, failAuthentication: false } };
    },
    create: (event) => ({ ...event, response: { publicChallengeParameters: { hint: "colour" }, privateChallengeParameters: { answer: "blue" }, challengeMetadata: "COLOUR" } }),
    verify: (event) => ({ ...event, response: { answerCorrect: event.request.challengeAnswer === (event.request.privateChallengeParameters as Record<string, string>).answer } }),
  };

  beforeAll(async () => {
    h = await startCognito({ invoker: fakeLambda(handlers, events) });
    const pool = await h.client.send(
      new CreateUserPoolCommand({
        PoolName: "triggers",
        LambdaConfig: {
          PreAuthentication: arn("preAuth"),
          PostAuthentication: arn("postAuth"),
          PreTokenGeneration: arn("tokens"),
          DefineAuthChallenge: arn("define"),
          CreateAuthChallenge: arn("create"),
          VerifyAuthChallengeResponse: arn("verify"),
        },
      }),
    );
    poolId = String(pool.UserPool?.Id);
    const client = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "spa" }));
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: String(client.UserPoolClient?.ClientId), endpoint: h.url });
    for (const name of ["erin", "blocked"]) {
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS", TemporaryPassword: "Passw0rd!" }));
      await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: "Passw0rd!", Permanent: true }));
    }
  });

  afterAll(() => h.close());

  it("runs PreAuthentication, PostAuthentication and PreTokenGeneration (V1_0) around an SRP sign-in", async () => {
    events.length = 0;
    const session = await authenticate(new CognitoUser({ Username: "erin", Pool: userPool }), "Passw0rd!");
    expect(events.map((e) => e.triggerSource)).toEqual(["PreAuthentication_Authentication", "PostAuthentication_Authentication", "TokenGeneration_Authentication"]);
    expect(events[2]).toMatchObject({ version: "1", userName: "erin", request: { groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null } }, response: { claimsOverrideDetails: null } });
    const id = session.getIdToken().decodePayload();
    expect(id).toMatchObject({ team: "blue", "cognito:groups": ["admins"], iss: `${h.url}/${poolId}` });
    expect(session.getAccessToken().decodePayload().team).toBeUndefined();
  });

  it("reports a failing PreAuthentication to the client as UserLambdaValidationException", async () => {
    const error = await authenticate(new CognitoUser({ Username: "blocked", Pool: userPool }), "Passw0rd!").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UserLambdaValidationException", message: "PreAuthentication failed with error Not today." });
  });

  it("signs in through CUSTOM_AUTH challenges", async () => {
    events.length = 0;
    const { session, questions } = await customAuth(new CognitoUser({ Username: "erin", Pool: userPool }), ["red", "blue"]);
    expect(questions).toEqual([{ hint: "colour", USERNAME: "erin" }, { hint: "colour", USERNAME: "erin" }]);
    expect(session.isValid()).toBe(true);
    const defines = events.filter((e) => e.triggerSource === "DefineAuthChallenge_Authentication");
    expect(defines.at(-1)?.request.session).toEqual([
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: false, challengeMetadata: "COLOUR" },
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: true, challengeMetadata: "COLOUR" },
    ]);
  });

  it("answers UnexpectedLambdaException when the function cannot run", async () => {
    const other = await h.client.send(new CreateUserPoolCommand({ PoolName: "gone", LambdaConfig: { PreSignUp: arn("missing") } }));
    const client = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: String(other.UserPool?.Id), ClientName: "spa" }));
    const missing = await errorOf(h.client.send(new SignUpCommand({ ClientId: String(client.UserPoolClient?.ClientId), Username: "frank", Password: "Passw0rd!" })));
    expect(missing).toMatchObject({ name: "UnexpectedLambdaException", message: "PreSignUp invocation failed due to error ResourceNotFoundException.", status: 400 });
  });
});
