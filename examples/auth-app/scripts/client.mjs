// The whole flow from a client's side: sign up, confirm, sign in with SRP
// (amazon-cognito-identity-js, as a browser app would), call the API with the ID token, then
// trade the same token at the identity pool for temporary AWS credentials and upload a file
// to S3 under the user's own prefix with them.
//
//   node scripts/client.mjs [email] [password]
//
// Reads AWS_ENDPOINT_URL (the sandbox's AWS endpoint, default http://127.0.0.1:4566) and
// API_URL (the API, default http://127.0.0.1:3000). It finds the user pool and its client by
// name, as the template names them ("auth-app-users", "auth-app-client", "auth-app-identities");
// the bucket is UPLOADS_BUCKET, by default the sandbox's "auth-app-uploads-000000000000".
//
// Confirming: the sandbox prints each confirmation code in its terminal (a person would type it
// into ConfirmSignUp). A script cannot read that terminal, so it confirms the user with
// AdminConfirmSignUp, an administrator's call that needs no code — on AWS it needs IAM
// credentials allowed cognito-idp:AdminConfirmSignUp.
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool } from "amazon-cognito-identity-js";

const endpoint = process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566";
const apiUrl = (process.env.API_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const region = process.env.AWS_REGION ?? "us-east-1";
const stack = process.env.STACK_NAME ?? "auth-app";
const bucket = process.env.UPLOADS_BUCKET ?? `${stack}-uploads-000000000000`;
const [email = "client@example.com", password = "Passw0rd!"] = process.argv.slice(2);

const cognito = new CognitoIdentityProviderClient({
  endpoint,
  region,
  // The sandbox accepts any credentials; on AWS the SDK's usual credential chain is used.
  ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: "test", secretAccessKey: "test" } }),
});
// GetId and GetCredentialsForIdentity are not signed: the Logins token is the proof.
const identity = new CognitoIdentityClient({ endpoint, region, credentials: { accessKeyId: "unused", secretAccessKey: "unused" } });

/** The template's pool and client, found by name. */
async function findPool() {
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const pool = UserPools.find((p) => p.Name === `${stack}-users`);
  if (!pool?.Id) throw new Error(`no user pool named ${stack}-users at ${endpoint}: is the sandbox running?`);
  const { UserPoolClients = [] } = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 60 }));
  const client = UserPoolClients.find((c) => c.ClientName === `${stack}-client`);
  if (!client?.ClientId) throw new Error(`no client named ${stack}-client in ${pool.Id}`);
  return { poolId: pool.Id, clientId: client.ClientId };
}

/** amazon-cognito-identity-js's signUp as a promise; false when the user exists already. */
function signUp(userPool) {
  return new Promise((resolve, reject) => {
    const attributes = [new CognitoUserAttribute({ Name: "email", Value: email })];
    userPool.signUp(email, password, attributes, [], (error, result) => {
      if (error?.name === "UsernameExistsException") resolve(false);
      else if (error) reject(error);
      else resolve(result?.userSub);
    });
  });
}

/** SRP sign-in (USER_SRP_AUTH): the password never leaves this process. */
function signIn(userPool) {
  const user = new CognitoUser({ Username: email, Pool: userPool });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    });
  });
}

async function call(method, path, token, body) {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: token, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  console.log(`${method} ${path} → ${res.status} ${await res.text()}`);
  if (!res.ok) process.exitCode = 1;
}

const { poolId, clientId } = await findPool();
// `endpoint` sends the library's calls to the sandbox instead of cognito-idp.<region>.amazonaws.com.
const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });

const sub = await signUp(userPool);
if (sub) {
  console.log(`signed up ${email} (sub ${sub})`);
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: email }));
  console.log(`confirmed ${email} with AdminConfirmSignUp`);
} else {
  console.log(`${email} is signed up already`);
}

const session = await signIn(userPool);
const idToken = session.getIdToken().getJwtToken();
console.log(`signed in with SRP: ID token for ${session.getIdToken().payload.email}, valid until ${new Date(session.getIdToken().getExpiration() * 1000).toISOString()}`);

await call("GET", "/me", idToken);
await call("POST", "/notes", idToken, { text: `written by scripts/client.mjs at ${new Date().toISOString()}` });
await call("GET", "/notes", idToken);

// The identity pool: the same ID token → an identity id → temporary credentials of the pool's
// authenticated role, which may touch only private/<identity id>/ in the uploads bucket.
const { IdentityPools = [] } = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
const identityPoolId = IdentityPools.find((p) => p.IdentityPoolName === `${stack}-identities`)?.IdentityPoolId;
if (!identityPoolId) throw new Error(`no identity pool named ${stack}-identities at ${endpoint}`);
const logins = { [`cognito-idp.${region}.amazonaws.com/${poolId}`]: idToken };
const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }));
const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
console.log(`identity ${IdentityId}: temporary credentials ${Credentials.AccessKeyId} until ${Credentials.Expiration.toISOString()}`);
const s3 = new S3Client({
  endpoint,
  region,
  forcePathStyle: true,
  credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken },
});
const key = `private/${IdentityId}/hello.txt`;
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `hello from ${email}\n`, ContentType: "text/plain" }));
console.log(`uploaded s3://${bucket}/${key}`);

for (const client of [cognito, identity, s3]) client.destroy();
