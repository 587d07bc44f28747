import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, CreateGroupCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { JwtVerifier } from "aws-jwt-verify";
import type { Jwks } from "aws-jwt-verify/jwk";
import { rejectionOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Passw0rd!";

/** amazon-cognito-identity-js's callbacks as promises. */
function signUp(pool: CognitoUserPool, username: string, email: string): Promise<string> {
  return new Promise((resolve, reject) =>
    pool.signUp(username, PASSWORD, [new CognitoUserAttribute({ Name: "email", Value: email })], [], (err, result) => (err || !result ? reject(err) : resolve(result.userSub))),
  );
}

function confirm(user: CognitoUser, code: string): Promise<void> {
  return new Promise((resolve, reject) => user.confirmRegistration(code, false, (err) => (err ? reject(err) : resolve())));
}

type Outcome = { session: CognitoUserSession } | { newPasswordRequired: Record<string, string> };

function authenticate(user: CognitoUser, password: string): Promise<Outcome> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: (session) => resolve({ session }),
      onFailure: (err: unknown) => reject(err),
      newPasswordRequired: (userAttributes: Record<string, string>) => resolve({ newPasswordRequired: userAttributes }),
    }),
  );
}

function completeNewPassword(user: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    user.completeNewPasswordChallenge(password, {}, { onSuccess: (session) => resolve(session), onFailure: (err: unknown) => reject(err) }),
  );
}

function refresh(user: CognitoUser, session: CognitoUserSession): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => user.refreshSession(session.getRefreshToken(), (err: unknown, fresh: CognitoUserSession) => (err ? reject(err) : resolve(fresh))));
}

/** amazon-cognito-identity-js rejects with an Error carrying AWS's `code`. */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  return (await rejectionOf(promise)) as { code?: string; message?: string };
}

describe("SRP sign-in with amazon-cognito-identity-js", () => {
  let h: Harness;
  let poolId: string;
  let clientId: string;
  let userPool: CognitoUserPool;
  let issuer: string;

  beforeAll(async () => {
    h = await startCognito();
    poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "srp", AutoVerifiedAttributes: ["email"] }))).UserPool?.Id ?? "";
    clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "spa" }))).UserPoolClient?.ClientId ?? "";
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: h.url });
    issuer = `${h.url}/${poolId}`;
  });

  afterAll(() => h.close());

  const cognitoUser = (username: string) => new CognitoUser({ Username: username, Pool: userPool });

  it("signs up, confirms with the printed code, signs in by SRP, and the tokens verify against the pool's JWKS", async () => {
    const sub = await signUp(userPool, "alice", "alice@example.com");
    const alice = cognitoUser("alice");
    await confirm(alice, h.codeFor("alice"));
    const outcome = await authenticate(alice, PASSWORD);
    if (!("session" in outcome)) throw new Error("expected tokens");
    const { session } = outcome;

    const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as Jwks;
    expect(jwks.keys).toHaveLength(2);
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery).toMatchObject({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` });

    const idVerifier = JwtVerifier.create({ issuer, audience: clientId, jwksUri: discovery.jwks_uri });
    idVerifier.cacheJwks(jwks);
    const id = await idVerifier.verify(session.getIdToken().getJwtToken());
    expect(id).toMatchObject({ sub, token_use: "id", "cognito:username": "alice", email: "alice@example.com", email_verified: true });

    const accessVerifier = JwtVerifier.create({ issuer, audience: null, jwksUri: discovery.jwks_uri });
    accessVerifier.cacheJwks(jwks);
    const access = await accessVerifier.verify(session.getAccessToken().getJwtToken());
    expect(access).toMatchObject({ sub, token_use: "access", client_id: clientId, username: "alice" });

    const fresh = await refresh(alice, session);
    expect(fresh.getAccessToken().getJwtToken()).not.toBe(session.getAccessToken().getJwtToken());
    await accessVerifier.verify(fresh.getAccessToken().getJwtToken());
  });

  it("rejects a wrong password with NotAuthorizedException", async () => {
    const error = await failure(authenticate(cognitoUser("alice"), "Wrong0ne!"));
    expect(error).toMatchObject({ code: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("reports an unconfirmed user", async () => {
    await signUp(userPool, "ursula", "ursula@example.com");
    const error = await failure(authenticate(cognitoUser("ursula"), PASSWORD));
    expect(error).toMatchObject({ code: "UserNotConfirmedException", message: "User is not confirmed." });
  });

  it("reports an unknown user (PreventUserExistenceErrors LEGACY, the API's default)", async () => {
    const error = await failure(authenticate(cognitoUser("ghost"), PASSWORD));
    expect(error).toMatchObject({ code: "UserNotFoundException", message: "User does not exist." });
  });

  it("answers an unknown user like a wrong password when PreventUserExistenceErrors is ENABLED", async () => {
    const hidden = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "hidden", PreventUserExistenceErrors: "ENABLED" }));
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: hidden.UserPoolClient?.ClientId ?? "", endpoint: h.url });
    const error = await failure(authenticate(new CognitoUser({ Username: "ghost", Pool: pool }), PASSWORD));
    expect(error).toMatchObject({ code: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("takes an admin-created user through NEW_PASSWORD_REQUIRED, with groups in cognito:groups", async () => {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: "carol@example.com" }] }));
    await h.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "editors" }));
    await h.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "carol", GroupName: "editors" }));
    const carol = cognitoUser("carol");
    const outcome = await authenticate(carol, "Temp0rary!");
    if (!("newPasswordRequired" in outcome)) throw new Error("expected NEW_PASSWORD_REQUIRED");
    expect(outcome.newPasswordRequired.email).toBe("carol@example.com");
    const session = await completeNewPassword(carol, "N3wPassword!");
    expect(session.getIdToken().decodePayload()["cognito:groups"]).toEqual(["editors"]);
    const again = await authenticate(cognitoUser("carol"), "N3wPassword!");
    expect("session" in again).toBe(true);
  });
});
