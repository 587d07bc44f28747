// USER_AUTH, choice-based sign-in, through the AWS SDK: PREFERRED_CHALLENGE PASSWORD, PASSWORD_SRP
// and EMAIL_OTP, and SELECT_CHALLENGE with AvailableChallenges (API reference: InitiateAuth's
// AuthParameters, ChallengeResponseType).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { errorOf, startCognito, type Harness } from "./helpers.js";
import { srpClient } from "./srpClient.js";

const PASSWORD = "Passw0rd!";
const TIMESTAMP = "Thu Nov 26 12:00:00 UTC 2026";

describe("USER_AUTH", () => {
  let h: Harness;
  let poolId: string;
  let clientId: string;

  async function user(username: string, email?: string, phone?: string): Promise<void> {
    const UserAttributes = [
      ...(email === undefined ? [] : [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }]),
      ...(phone === undefined ? [] : [{ Name: "phone_number", Value: phone }, { Name: "phone_number_verified", Value: "true" }]),
    ];
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS", UserAttributes }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  const userAuth = (AuthParameters: Record<string, string>, client = clientId) => h.client.send(new InitiateAuthCommand({ ClientId: client, AuthFlow: "USER_AUTH", AuthParameters }));

  beforeAll(async () => {
    h = await startCognito();
    poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "choice", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP", "SMS_OTP"] } } }))).UserPool?.Id ?? "";
    clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    await user("ann", "ann@example.com");
    await user("bob");
    await user("dee", undefined, "+15555550100");
  });
  afterAll(() => h.close());

  it("is refused by a client without ALLOW_USER_AUTH", async () => {
    const other = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "srp-only", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    expect(await errorOf(userAuth({ USERNAME: "ann" }, other))).toMatchObject({ name: "InvalidParameterException", message: "USER_AUTH flow not enabled for this client" });
  });

  it("answers SELECT_CHALLENGE with the factors the user has", async () => {
    const ann = await userAuth({ USERNAME: "ann" });
    expect(ann).toMatchObject({ ChallengeName: "SELECT_CHALLENGE", AvailableChallenges: ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"] });
    expect(ann.Session).toBeTruthy();
    expect(ann.ChallengeParameters).toBeUndefined();
    // No verified email: no EMAIL_OTP.
    expect((await userAuth({ USERNAME: "bob" })).AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP"]);
  });

  // amplify-js#8205: AWS keeps email_verified "True" as given and treats the email as verified.
  it("reads a verified flag written as True", async () => {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "cal", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: "cal@example.com" }, { Name: "email_verified", Value: "True" }] }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "cal", Password: PASSWORD, Permanent: true }));
    expect((await userAuth({ USERNAME: "cal" })).AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
  });

  it("signs in with PREFERRED_CHALLENGE PASSWORD, and refuses a wrong one", async () => {
    const auth = await userAuth({ USERNAME: "ann", PREFERRED_CHALLENGE: "PASSWORD", PASSWORD });
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await errorOf(userAuth({ USERNAME: "ann", PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: "Wr0ng!pass" }))).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("runs in AdminInitiateAuth too", async () => {
    const auth = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "bob", PREFERRED_CHALLENGE: "PASSWORD", PASSWORD } }));
    expect(auth.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it("goes on to PASSWORD_VERIFIER with PREFERRED_CHALLENGE PASSWORD_SRP", async () => {
    const srp = srpClient(poolId.split("_")[1] ?? "", "ann", PASSWORD);
    const started = await userAuth({ USERNAME: "ann", PREFERRED_CHALLENGE: "PASSWORD_SRP", SRP_A: srp.A });
    expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
    const params = started.ChallengeParameters ?? {};
    const done = await h.client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: { USERNAME: "ann", PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK ?? "", PASSWORD_CLAIM_SIGNATURE: srp.claim(params, TIMESTAMP), TIMESTAMP },
    }));
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it("sends an email code with PREFERRED_CHALLENGE EMAIL_OTP and signs in with it", async () => {
    const started = await userAuth({ USERNAME: "ann", PREFERRED_CHALLENGE: "EMAIL_OTP" });
    expect(started).toMatchObject({ ChallengeName: "EMAIL_OTP", ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "a***@e***" } });
    const code = h.codeFor("ann");
    const answer = (EMAIL_OTP_CODE: string) => h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "EMAIL_OTP", Session: started.Session, ChallengeResponses: { USERNAME: "ann", EMAIL_OTP_CODE } }));
    expect(await errorOf(answer(code === "000000" ? "111111" : "000000"))).toMatchObject({ name: "CodeMismatchException", message: "Invalid code or auth state for the user." });
    expect((await answer(code)).AuthenticationResult?.RefreshToken).toBeTruthy();
  });

  it("signs a user in once with ConfirmSignUp's Session", async () => {
    await h.client.send(new SignUpCommand({ ClientId: clientId, Username: "cat", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "cat@example.com" }] }));
    const { Session } = await h.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "cat", ConfirmationCode: h.codeFor("cat") }));
    expect(Session).toBeTruthy();
    const signedIn = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "cat" }, Session }));
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await errorOf(h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "cat" }, Session })))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid session for the user.",
    });
  });

  it("gives no ConfirmSignUp Session through a client without ALLOW_USER_AUTH", async () => {
    const srpOnly = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "srp", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] }))).UserPoolClient?.ClientId ?? "";
    await h.client.send(new SignUpCommand({ ClientId: srpOnly, Username: "eve", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "eve@example.com" }] }));
    const confirmed = await h.client.send(new ConfirmSignUpCommand({ ClientId: srpOnly, Username: "eve", ConfirmationCode: h.codeFor("eve") }));
    expect(confirmed.Session).toBeUndefined();
  });

  it("sends a text message code with PREFERRED_CHALLENGE SMS_OTP, good for one sign-in", async () => {
    expect((await userAuth({ USERNAME: "dee" })).AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]);
    const started = await userAuth({ USERNAME: "dee", PREFERRED_CHALLENGE: "SMS_OTP" });
    expect(started).toMatchObject({ ChallengeName: "SMS_OTP", ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0100" } });
    const code = h.codeFor("dee");
    const answer = (SMS_OTP_CODE: string) => h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_OTP", Session: started.Session, ChallengeResponses: { USERNAME: "dee", SMS_OTP_CODE } }));
    expect(await errorOf(answer(code === "000000" ? "111111" : "000000"))).toMatchObject({ name: "CodeMismatchException", message: "Invalid code or auth state for the user." });
    expect((await answer(code)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await errorOf(answer(code))).toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user." });
  });

  it("takes the SELECT_CHALLENGE answer with its parameters", async () => {
    const select = (session: string | undefined, ChallengeResponses: Record<string, string>) =>
      h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SELECT_CHALLENGE", Session: session, ChallengeResponses: { USERNAME: "ann", ...ChallengeResponses } }));
    const byPassword = await select((await userAuth({ USERNAME: "ann" })).Session, { ANSWER: "PASSWORD", PASSWORD });
    expect(byPassword.AuthenticationResult?.AccessToken).toBeTruthy();
    const byEmail = await select((await userAuth({ USERNAME: "ann" })).Session, { ANSWER: "EMAIL_OTP" });
    expect(byEmail.ChallengeName).toBe("EMAIL_OTP");
    // A factor that was not offered (bob has no verified email) fails.
    const bob = await userAuth({ USERNAME: "bob" });
    expect(await errorOf(h.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SELECT_CHALLENGE", Session: bob.Session, ChallengeResponses: { USERNAME: "bob", ANSWER: "EMAIL_OTP" } })))).toMatchObject({
      name: "CodeMismatchException",
    });
  });
});
