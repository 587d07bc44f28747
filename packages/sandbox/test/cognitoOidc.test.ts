/**
 * A template's user pool, app client, resource server and domain, signed into through the edge's
 * hosted UI with openid-client (an OpenID Certified relying party, which checks the ID token against
 * the pool's JWKS): what an app deployed with `sandbox up` does with Cognito's managed login.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, DescribeUserPoolClientCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { RunningSandbox } from "../src/index.js";
import { startCognitoSandbox } from "./helpers.js";

const CALLBACK = "http://localhost:3000/callback";
const PASSWORD = "Passw0rd!";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: oidc-users
  Orders:
    Type: AWS::Cognito::UserPoolResourceServer
    Properties:
      UserPoolId: !Ref Users
      Identifier: orders
      Name: Orders
      Scopes:
        - ScopeName: read
          ScopeDescription: Read orders
  Web:
    Type: AWS::Cognito::UserPoolClient
    DependsOn: Orders
    Properties:
      UserPoolId: !Ref Users
      GenerateSecret: true
      AllowedOAuthFlowsUserPoolClient: true
      AllowedOAuthFlows: [code]
      AllowedOAuthScopes: [openid, email, orders/read]
      CallbackURLs: ["${CALLBACK}"]
      SupportedIdentityProviders: [COGNITO]
  Domain:
    Type: AWS::Cognito::UserPoolDomain
    Properties:
      UserPoolId: !Ref Users
      Domain: oidc-sandbox
Outputs:
  UserPoolId:
    Value: !Ref Users
  ClientId:
    Value: !Ref Web
`;

describe("a template's hosted UI through openid-client", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-cognito-oidc-"));
  let sandbox: RunningSandbox;
  let cognito: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    writeFileSync(join(dir, "template.yaml"), TEMPLATE);
    ({ sandbox, cognito } = await startCognitoSandbox(join(dir, "template.yaml"), { dataDir: join(dir, ".sandbox") }));
    poolId = String(sandbox.app.outputs.UserPoolId?.value);
    clientId = String(sandbox.app.outputs.ClientId?.value);
    secret = String((await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient?.ClientSecret);
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "ann", MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: "ann@example.com" }] }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "ann", Password: PASSWORD, Permanent: true }));
  });

  afterAll(async () => {
    cognito.destroy();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("discovers the edge's issuer and signs in with the code flow and PKCE", async () => {
    const issuer = `${sandbox.endpoint}/${poolId}`;
    const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
    expect(config.serverMetadata().token_endpoint).toBe(`${sandbox.endpoint}/oidc-sandbox.auth.us-east-1.amazoncognito.com/oauth2/token`);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid email orders/read", code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256", nonce });
    // A browser: /oauth2/authorize → /login's form → the app's callback.
    const login = await fetch(url);
    expect(login.url).toContain("/oidc-sandbox.auth.us-east-1.amazoncognito.com/login?");
    const submitted = await fetch(login.url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "ann", password: PASSWORD }).toString() });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(String(submitted.headers.get("location"))), { pkceCodeVerifier: codeVerifier, expectedNonce: nonce, idTokenExpected: true });
    expect(tokens.claims()).toMatchObject({ iss: issuer, aud: clientId, "cognito:username": "ann", email: "ann@example.com" });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, String(tokens.claims()?.sub))).toMatchObject({ email: "ann@example.com", username: "ann" });

    const access = JSON.parse(Buffer.from(tokens.access_token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    expect(access).toMatchObject({ iss: issuer, client_id: clientId, username: "ann", token_use: "access", scope: "openid email orders/read", version: 2 });
  });
});
