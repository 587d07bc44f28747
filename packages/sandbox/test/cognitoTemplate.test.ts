import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { silentLogger, type Logger } from "@sam-sandbox/core";
import type { RunningSandbox } from "@sam-sandbox/sandbox";
import { startCognitoSandbox } from "./helpers.js";

const fixture = join(import.meta.dirname, "fixtures", "cognito");

function decode(token: string): Record<string, unknown> {
  const [header, payload] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>);
  return { ...payload, header };
}

describe("Cognito user pools from a template", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-cognito-"));
  const lines: string[] = [];
  const logger: Logger = { ...silentLogger, info: (m) => lines.push(m) };
  let sandbox: RunningSandbox;
  let cognito: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;

  const start = async () => {
    ({ sandbox, cognito } = await startCognitoSandbox(fixture, { dataDir, logger }));
  };
  const stop = async () => {
    cognito.destroy();
    await sandbox.stop();
  };
  const codeFor = (name: string) => {
    const line = [...lines].reverse().find((l) => l.includes(` for ${name}: `) || l.includes(` (${name}): `));
    return line?.slice(line.lastIndexOf(" ") + 1) ?? "";
  };

  beforeAll(async () => {
    await start();
    poolId = String(sandbox.app.outputs.UserPoolId?.value);
    clientId = String(sandbox.app.outputs.ClientId?.value);
  });

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates the pool and client with the ids Ref resolved to", async () => {
    expect(poolId).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    expect(sandbox.app.outputs.UserPoolArn?.value).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`);
    expect(sandbox.app.outputs.ProviderName?.value).toBe(`cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    const pool = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(pool.UserPool).toMatchObject({ Name: "app-users", UsernameAttributes: ["email"] });
    expect(pool.UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 10, RequireSymbols: false });
    expect(pool.UserPool?.SchemaAttributes?.map((a) => a.Name)).toContain("custom:tenant");
    const client = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(client.UserPoolClient).toMatchObject({ ClientName: "web", AccessTokenValidity: 15 });
  });

  it("signs up by email, confirms, signs in, and serves the issuer's JWKS on the edge port", async () => {
    const short = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: "ann@example.com", Password: "Short1a" })).catch((e: Error) => e);
    expect(short).toMatchObject({ name: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough" });
    // The pool signs in with email: the user name is the UUID sub; the printed line names the email too.
    const signedUp = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: "ann@example.com", Password: "LongEnough1", UserAttributes: [{ Name: "custom:tenant", Value: "acme" }] }));
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "ann@example.com", ConfirmationCode: codeFor("ann@example.com") }));
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann@example.com", PASSWORD: "LongEnough1" } }));
    expect(auth.AuthenticationResult?.ExpiresIn).toBe(900);
    const id = decode(auth.AuthenticationResult?.IdToken ?? "");
    expect(id).toMatchObject({ iss: `${sandbox.endpoint}/${poolId}`, "cognito:username": signedUp.UserSub, email: "ann@example.com", "custom:tenant": "acme" });

    const jwks = (await (await fetch(`${sandbox.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toContain((id.header as { kid: string }).kid);
    const me = await cognito.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult?.AccessToken }));
    expect(me.Username).toBe(signedUp.UserSub);
  });

  it("creates the template's user (temporary password printed) in its group", async () => {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "seed@example.com" }));
    expect(user.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    expect(lines.some((l) => l.includes(`temporary password for ${user.Username}: `))).toBe(true);
    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "seed@example.com" }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(["admins"]);
  });

  it("authorizes REST (COGNITO_USER_POOLS) and HTTP API (JWT) routes with the pool's tokens", async () => {
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann@example.com", PASSWORD: "LongEnough1" } }));
    const idToken = auth.AuthenticationResult?.IdToken ?? "";
    const accessToken = auth.AuthenticationResult?.AccessToken ?? "";
    const rest = (token?: string) => fetch(`${sandbox.apiUrl}/me`, token === undefined ? {} : { headers: { Authorization: token } });
    expect((await rest()).status).toBe(401);
    expect(await (await rest("not-a-jwt")).json()).toEqual({ message: "Unauthorized" });
    // Without AuthorizationScopes a REST Cognito authorizer takes the ID token, not the access token.
    expect((await rest(accessToken)).status).toBe(401);
    const ok = await rest(idToken);
    expect(ok.status).toBe(200);
    const restBody = (await ok.json()) as { authorizer: { claims: Record<string, string> } };
    expect(restBody.authorizer.claims).toMatchObject({ email: "ann@example.com", token_use: "id", aud: clientId });

    // The HTTP API's JWT authorizer names AWS's issuer of the pool; the sandbox checks it against the local pool's keys.
    const http = (token?: string) => fetch(`${sandbox.apiUrl}/http-me`, token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
    expect((await http()).status).toBe(401);
    const viaHttp = await http(accessToken);
    expect(viaHttp.status).toBe(200);
    const httpBody = (await viaHttp.json()) as { authorizer: { jwt: { claims: Record<string, string> } } };
    expect(httpBody.authorizer.jwt.claims).toMatchObject({ client_id: clientId, token_use: "access", iss: `${sandbox.endpoint}/${poolId}` });
    expect((await http(idToken)).status).toBe(200);
  });

  it("keeps pool ids, keys and users across a restart", async () => {
    const before = (await (await fetch(`${sandbox.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as unknown;
    await stop();
    await start();
    expect(sandbox.app.outputs.UserPoolId?.value).toBe(poolId);
    const after = (await (await fetch(`${sandbox.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as unknown;
    expect(after).toEqual(before);
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann@example.com", PASSWORD: "LongEnough1" } }));
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
