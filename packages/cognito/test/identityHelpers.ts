import { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { MemoryStore, serveHandler, silentLogger, VirtualClock, type Logger, type Store } from "@sam-sandbox/core";
import { createCognito, createCognitoIdentity, type Cognito, type CognitoIdentity } from "../src/index.js";

export interface IdentityHarness {
  userPools: Cognito;
  identity: CognitoIdentity;
  idp: CognitoIdentityProviderClient;
  client: CognitoIdentityClient;
  url: string;
  clock: VirtualClock;
  /** Debug lines (the role each GetCredentialsForIdentity stands for). */
  debug: string[];
  close(): Promise<void>;
}

/** User pools and identity pools behind one port, routed by X-Amz-Target as the edge does. */
export async function startIdentity(options: { store?: Store; clock?: VirtualClock } = {}): Promise<IdentityHarness> {
  const debug: string[] = [];
  const logger: Logger = { ...silentLogger, debug: (m) => debug.push(m), error: (m) => console.error(m) };
  const clock = options.clock ?? new VirtualClock(Math.floor(Date.now() / 1000) * 1000);
  const store = options.store ?? new MemoryStore();
  let services: { userPools: Cognito; identity: CognitoIdentity } | undefined;
  const server = await serveHandler((req) => {
    if (!services) throw new Error("not started");
    const identity = (req.headers["x-amz-target"] ?? "").startsWith("AWSCognitoIdentityService.") || req.path.startsWith("/cognito-identity/");
    return identity ? services.identity.service.handle(req) : services.userPools.service.handle(req);
  });
  const userPools = await createCognito({ store, clock, logger, region: "us-east-1", accountId: "000000000000", edgeUrl: server.url });
  const identity = await createCognitoIdentity({ store, clock, logger, region: "us-east-1", accountId: "000000000000", userPools: async () => userPools.engine });
  services = { userPools, identity };
  const config = { endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  const idp = new CognitoIdentityProviderClient(config);
  const client = new CognitoIdentityClient(config);
  return {
    userPools,
    identity,
    idp,
    client,
    url: server.url,
    clock,
    debug,
    async close() {
      idp.destroy();
      client.destroy();
      await server.close();
      await identity.close();
      await userPools.close();
      await store.close();
    },
  };
}

/** The password of the users createUser makes. */
export const PASSWORD = "Passw0rd!";

/** A confirmed user of the pool, signed in with PASSWORD. */
export async function createUser(idp: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<void> {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true }));
}

/** A USER_PASSWORD_AUTH sign-in's tokens. */
export async function signIn(idp: CognitoIdentityProviderClient, clientId: string, username: string): Promise<{ idToken: string; accessToken: string; refreshToken: string }> {
  const auth = await idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
  return { idToken: auth.AuthenticationResult?.IdToken ?? "", accessToken: auth.AuthenticationResult?.AccessToken ?? "", refreshToken: auth.AuthenticationResult?.RefreshToken ?? "" };
}
