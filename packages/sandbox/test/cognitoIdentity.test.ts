import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CognitoIdentityClient, DescribeIdentityPoolCommand, GetCredentialsForIdentityCommand, GetIdCommand, GetIdentityPoolRolesCommand, GetPrincipalTagAttributeMapCommand } from "@aws-sdk/client-cognito-identity";
import { AdminSetUserPasswordCommand, InitiateAuthCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { silentLogger } from "@sam-sandbox/core";
import type { RunningSandbox } from "@sam-sandbox/sandbox";
import { startCognitoSandbox } from "./helpers.js";

const fixture = join(import.meta.dirname, "fixtures", "cognito-identity");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("Cognito identity pools from a template", () => {
  let sandbox: RunningSandbox;
  let idp: CognitoIdentityProviderClient;
  let identity: CognitoIdentityClient;
  let identityPoolId: string;
  let provider: string;

  beforeAll(async () => {
    ({ sandbox, cognito: idp } = await startCognitoSandbox(fixture, { inMemory: true, logger: silentLogger }));
    identity = new CognitoIdentityClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    identityPoolId = String(sandbox.app.outputs.IdentityPoolId?.value);
    provider = `cognito-idp.us-east-1.amazonaws.com/${String(sandbox.app.outputs.UserPoolId?.value)}`;
  });
  afterAll(async () => {
    idp.destroy();
    identity.destroy();
    await sandbox.stop();
  });

  it("creates the identity pool and its roles with the ids Ref resolved to", async () => {
    expect(identityPoolId).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sandbox.app.outputs.AttachmentId?.value).toBe(identityPoolId);
    expect(sandbox.app.outputs.IdentityPoolName?.value).toBe("app_identities");
    const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }));
    expect(pool).toMatchObject({ IdentityPoolName: "app_identities", AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: provider, ClientId: String(sandbox.app.outputs.ClientId?.value) }] });
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
    expect(roles.Roles?.authenticated).toMatch(/^arn:aws:iam::000000000000:role\//);
    expect(Object.keys(roles.RoleMappings ?? {})).toEqual([`${provider}:${String(sandbox.app.outputs.ClientId?.value)}`]);
  });

  it("keeps the template's principal tag map (AWS::Cognito::IdentityPoolPrincipalTag)", async () => {
    expect(sandbox.app.outputs.PrincipalTagsId?.value).toBe(`${identityPoolId}|${provider}`);
    const map = await identity.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: identityPoolId, IdentityProviderName: provider }));
    expect(map).toMatchObject({ IdentityPoolId: identityPoolId, IdentityProviderName: provider, UseDefaults: false, PrincipalTags: { user: "sub", app: "aud" } });
  });

  it("signs in, turns the ID token into credentials, and uses them with DynamoDB", async () => {
    const poolId = String(sandbox.app.outputs.UserPoolId?.value);
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: "Passw0rd!", Permanent: true }));
    const auth = await idp.send(new InitiateAuthCommand({ ClientId: String(sandbox.app.outputs.ClientId?.value), AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Passw0rd!" } }));
    const logins = { [provider]: auth.AuthenticationResult?.IdToken ?? "" };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }));
    const issued = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    expect(issued.Credentials?.AccessKeyId).toMatch(/^ASIA/);

    const dynamodb = new DynamoDBClient({
      endpoint: sandbox.endpoint,
      region: "us-east-1",
      credentials: fromCognitoIdentityPool({ identityPoolId, logins, clientConfig: { endpoint: sandbox.endpoint, region: "us-east-1" } }),
    });
    try {
      await dynamodb.send(new PutItemCommand({ TableName: "notes", Item: { id: { S: String(IdentityId) }, text: { S: "hello" } } }));
      const item = await dynamodb.send(new GetItemCommand({ TableName: "notes", Key: { id: { S: String(IdentityId) } } }));
      expect(item.Item?.text?.S).toBe("hello");
    } finally {
      dynamodb.destroy();
    }
  });

  it("gives guests credentials through the unauthenticated role", async () => {
    const guest = await fromCognitoIdentityPool({ identityPoolId, clientConfig: { endpoint: sandbox.endpoint, region: "us-east-1" } })();
    expect(guest.identityId).toMatch(/^us-east-1:/);
    expect(guest.accessKeyId).toMatch(/^ASIA/);
  });

  it("serves the OpenID tokens' keys on the edge port", async () => {
    const response = await fetch(`${sandbox.endpoint}/cognito-identity/.well-known/jwks_uri`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Array<{ kty: string; alg: string }> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "RSA", alg: "RS256" })]);
  });

  it("answers a bad token as AWS does", async () => {
    const error = await identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [provider]: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln" } })).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "NotAuthorizedException", message: "Invalid login token. Issuer doesn't match providerName" });
  });
});
