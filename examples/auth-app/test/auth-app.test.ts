// End to end through the real interfaces, as a browser app would: amazon-cognito-identity-js
// signs up, confirms with the code the sandbox prints, and signs in with SRP against the
// sandbox's user pool; fetch calls the HTTP API with the ID token, whose JWT authorizer checks
// it against the pool's published keys; the AWS SDK reads the notes table behind it. The same
// token, at the identity pool, buys temporary credentials that upload to S3.
import { execFile } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, DescribeUserPoolClientCommand, DescribeUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { createSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const PASSWORD = "Passw0rd!";
const TABLE = "auth-app-notes";
const UPLOADS = "auth-app-uploads-000000000000";

let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let cognito: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let db: DynamoDBDocumentClient;
let userPool: CognitoUserPool;
let poolId: string;
let clientId: string;
/** What the sandbox logs: the confirmation codes are there, as in its terminal. */
const lines: string[] = [];

beforeAll(async () => {
  const keep = (message: string) => void lines.push(message);
  sandbox = await createSandbox({
    template: exampleDir,
    port: 0,
    edgePort: 0,
    inMemory: true,
    logger: { debug: () => {}, info: keep, warn: keep, error: keep },
  });
  const client = { endpoint: sandbox.endpoint, region: sandbox.region, credentials };
  cognito = new CognitoIdentityProviderClient(client);
  identity = new CognitoIdentityClient(client);
  db = DynamoDBDocumentClient.from(new DynamoDBClient(client));
  poolId = String(sandbox.app.outputs.UserPoolId.value);
  clientId = String(sandbox.app.outputs.UserPoolClientId.value);
  userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: sandbox.endpoint });
});

afterAll(async () => {
  cognito?.destroy();
  identity?.destroy();
  db?.destroy();
  await sandbox?.stop();
});

/** The code the sandbox printed for this email ("… confirmation code for <sub> (<email>): 123456"). */
function printedCode(email: string): string {
  const line = [...lines].reverse().find((l) => l.includes(`(${email}): `));
  expect(line, `no confirmation code printed for ${email}`).toBeDefined();
  return line?.slice(line.lastIndexOf(" ") + 1) ?? "";
}

function signUp(email: string, password = PASSWORD): Promise<string> {
  return new Promise((resolve, reject) =>
    userPool.signUp(email, password, [new CognitoUserAttribute({ Name: "email", Value: email })], [], (err, result) => (err || !result ? reject(err) : resolve(result.userSub))),
  );
}

function confirm(email: string, code: string): Promise<void> {
  const user = new CognitoUser({ Username: email, Pool: userPool });
  return new Promise((resolve, reject) => user.confirmRegistration(code, false, (err) => (err ? reject(err) : resolve())));
}

/** USER_SRP_AUTH through amazon-cognito-identity-js. */
function signIn(email: string, password = PASSWORD): Promise<CognitoUserSession> {
  const user = new CognitoUser({ Username: email, Pool: userPool });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), { onSuccess: resolve, onFailure: reject }),
  );
}

async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${sandbox.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function failure(promise: Promise<unknown>): Promise<{ code?: string; name?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  throw new Error("expected a failure");
}

/** The same header and claims, signed by a key the user pool never published. */
function forged(token: string): string {
  const [header, payload] = token.split(".");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), privateKey).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

describe("template", () => {
  it("creates the pool with email as the user name, auto-verified email and the password policy", async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool).toMatchObject({ Name: "auth-app-users", UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"] });
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false });
  });

  it("creates a client without a secret allowing SRP, refresh and password sign-in", async () => {
    const { UserPoolClient } = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(UserPoolClient?.ClientSecret).toBeUndefined();
    expect(UserPoolClient?.ExplicitAuthFlows?.slice().sort()).toEqual(["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]);
  });

  it("serves GET /health without a token", async () => {
    expect(await call("GET", "/health")).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("creates the identity pool (authenticated users only) and the uploads bucket", () => {
    expect(sandbox.app.outputs.IdentityPoolId.value).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(sandbox.app.outputs.UploadsBucketName.value).toBe(UPLOADS);
  });
});

describe("sign-up, SRP sign-in and the API", () => {
  const email = "ann@example.com";
  let sub: string;
  let idToken: string;

  it("refuses a password the policy does not allow", async () => {
    const error = await failure(signUp("weak@example.com", "password"));
    expect(error).toMatchObject({ code: "InvalidPasswordException", message: "Password did not conform with policy: Password must have uppercase characters" });
  });

  it("signs up, refuses sign-in until confirmed, confirms with the printed code", async () => {
    sub = await signUp(email);
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(await failure(signIn(email))).toMatchObject({ code: "UserNotConfirmedException", message: "User is not confirmed." });
    await confirm(email, printedCode(email));
  });

  it("signs in with SRP: the ID token names the pool, the client and the user", async () => {
    const session = await signIn(email);
    idToken = session.getIdToken().getJwtToken();
    const claims = session.getIdToken().decodePayload();
    expect(claims).toMatchObject({ sub, aud: clientId, token_use: "id", email, email_verified: true, "cognito:username": sub });
    expect(String(claims.iss)).toMatch(new RegExp(`/${poolId}$`));
    expect(await failure(signIn(email, "Wrong0ne!"))).toMatchObject({ code: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("GET /me answers the token's claims, as the JWT authorizer passed them", async () => {
    expect(await call("GET", "/me", idToken)).toEqual({ status: 200, body: { sub, email, tokenUse: "id" } });
    // "Bearer <token>" works as well as the bare token.
    expect((await call("GET", "/me", `Bearer ${idToken}`)).status).toBe(200);
  });

  it("POST /notes stores the note under the caller's sub; GET /notes lists it", async () => {
    const created = await call("POST", "/notes", idToken, { text: "Buy milk" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ text: "Buy milk", noteId: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z_[0-9a-f]{8}$/) });
    const { Items = [] } = await db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "userId = :sub", ExpressionAttributeValues: { ":sub": sub } }));
    expect(Items).toEqual([{ userId: sub, ...created.body }]);
    expect(await call("GET", "/notes", idToken)).toEqual({ status: 200, body: { items: [created.body] } });
  });

  it("answers a bad note with the handler's 400", async () => {
    expect(await call("POST", "/notes", idToken, { text: "" })).toEqual({ status: 400, body: { message: "text must be a non-empty string" } });
  });

  it("keeps each user's notes apart", async () => {
    const other = "ben@example.com";
    await signUp(other);
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: other }));
    const token = (await signIn(other)).getIdToken().getJwtToken();
    expect(await call("GET", "/notes", token)).toEqual({ status: 200, body: { items: [] } });
  });

  it("accepts the access token too (the authorizer checks its client_id against the audience)", async () => {
    const access = (await signIn(email)).getAccessToken().getJwtToken();
    expect(await call("GET", "/me", access)).toMatchObject({ status: 200, body: { sub, tokenUse: "access" } });
  });

  it("answers 401 Unauthorized without a token, with a malformed one, and with one signed by another key", async () => {
    const unauthorized = { status: 401, body: { message: "Unauthorized" } };
    for (const path of ["/me", "/notes"]) {
      expect(await call("GET", path)).toEqual(unauthorized);
      expect(await call("GET", path, "not-a-token")).toEqual(unauthorized);
      expect(await call("GET", path, forged(idToken))).toEqual(unauthorized);
    }
    expect(await call("POST", "/notes", undefined, { text: "x" })).toEqual(unauthorized);
  });

  it("trades the ID token at the identity pool for temporary credentials that upload under the user's prefix", async () => {
    const IdentityPoolId = String(sandbox.app.outputs.IdentityPoolId.value);
    const Logins = { [`cognito-idp.us-east-1.amazonaws.com/${poolId}`]: idToken };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId, Logins }));
    expect(IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    // The same user gets the same identity again.
    expect((await identity.send(new GetIdCommand({ IdentityPoolId, Logins }))).IdentityId).toBe(IdentityId);
    const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(Credentials?.SessionToken).toBeTruthy();
    const s3 = new S3Client({
      endpoint: sandbox.endpoint,
      region: sandbox.region,
      forcePathStyle: true,
      credentials: { accessKeyId: Credentials?.AccessKeyId ?? "", secretAccessKey: Credentials?.SecretKey ?? "", sessionToken: Credentials?.SessionToken },
    });
    try {
      const Key = `private/${IdentityId}/hello.txt`;
      await s3.send(new PutObjectCommand({ Bucket: UPLOADS, Key, Body: "hello", ContentType: "text/plain" }));
      const object = await s3.send(new GetObjectCommand({ Bucket: UPLOADS, Key }));
      expect(await object.Body?.transformToString()).toBe("hello");
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: UPLOADS, Prefix: `private/${IdentityId}/` }));
      expect(Contents.map((o) => o.Key)).toEqual([Key]);
    } finally {
      s3.destroy();
    }
  });

  it("refuses an identity without a login: the pool allows no unauthenticated identities", async () => {
    const IdentityPoolId = String(sandbox.app.outputs.IdentityPoolId.value);
    const error = await failure(identity.send(new GetIdCommand({ IdentityPoolId })));
    expect(error).toMatchObject({ name: "NotAuthorizedException", message: "Unauthenticated access is not supported for this identity pool." });
  });

  it("runs scripts/client.mjs: sign-up, AdminConfirmSignUp, SRP sign-in, the API, then an upload with identity-pool credentials", async () => {
    const env = { ...process.env, AWS_ENDPOINT_URL: sandbox.endpoint, API_URL: sandbox.apiUrl, AWS_REGION: sandbox.region };
    const run = () =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile("node", ["scripts/client.mjs", "script@example.com", PASSWORD], { cwd: exampleDir, env, timeout: 30_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^signed up script@example\.com \(sub [0-9a-f-]{36}\)\nconfirmed script@example\.com with AdminConfirmSignUp\nsigned in with SRP: ID token for script@example\.com/);
    expect(first.stdout).toMatch(/^GET \/me → 200 \{"sub":"[0-9a-f-]{36}","email":"script@example.com","tokenUse":"id"\}$/m);
    expect(first.stdout).toMatch(/^POST \/notes → 201 /m);
    const uploaded = /^uploaded s3:\/\/auth-app-uploads-000000000000\/(private\/us-east-1:[0-9a-f-]{36}\/hello\.txt)$/m.exec(first.stdout);
    expect(uploaded, first.stdout).not.toBeNull();
    // A second run signs the same user in again and lists both notes.
    const second = await run();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^script@example\.com is signed up already$/m);
    const listed = /^GET \/notes → 200 (.*)$/m.exec(second.stdout)?.[1] ?? "{}";
    expect((JSON.parse(listed) as { items: unknown[] }).items).toHaveLength(2);
  });

  // Last: it moves the sandbox's clock for everything after it.
  it("answers 401 once the ID token has expired (an hour later on the sandbox's clock)", async () => {
    expect((await call("GET", "/me", idToken)).status).toBe(200);
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "61m" }) });
    expect(res.status).toBe(200);
    expect(await call("GET", "/me", idToken)).toEqual({ status: 401, body: { message: "Unauthorized" } });
    // A fresh sign-in works again.
    const fresh = (await signIn(email)).getIdToken().getJwtToken();
    expect((await call("GET", "/me", fresh)).status).toBe(200);
  });
});
