// A front end signing in with amazon-cognito-identity-js (SRP) against the edge's cognito-idp,
// cross-origin: its unsigned calls carry X-Amz-Target and Content-Type
// application/x-amz-json-1.1, so every one is preflighted, as against AWS. The ID and access
// tokens then open an HTTP API route behind a JWT authorizer, also from the page.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, noChromium, probe, startRig, type BrowserRig } from "./browser.js";

type Tokens = { idToken: string; accessToken: string; error?: undefined } | { error: string };

describe.skipIf(noChromium)("Cognito sign-in from a browser", () => {
  let rig: BrowserRig;
  let page: Page;
  let poolId: string;
  let clientId: string;

  /** One cognito-idp action through the edge, as the AWS CLI sends it. */
  async function idp<T>(action: string, input: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${rig.sandbox.endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${action}` },
      body: JSON.stringify(input),
    });
    if (!res.ok) throw new Error(`${action}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    rig = await startRig({ "/cognito.js": await bundle("cognito") });
    page = rig.page;
    const pools = await idp<{ UserPools: Array<{ Id: string; Name: string }> }>("ListUserPools", { MaxResults: 10 });
    poolId = pools.UserPools.find((p) => p.Name === "browser-users")?.Id ?? "";
    const clients = await idp<{ UserPoolClients: Array<{ ClientId: string }> }>("ListUserPoolClients", { UserPoolId: poolId });
    clientId = clients.UserPoolClients[0]?.ClientId ?? "";
    await idp("AdminCreateUser", { UserPoolId: poolId, Username: "ada", MessageAction: "SUPPRESS", TemporaryPassword: "Temp-Passw0rd!" });
    await idp("AdminSetUserPassword", { UserPoolId: poolId, Username: "ada", Password: "Corr3ct-Horse!", Permanent: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  const signIn = (password: string) =>
    page.evaluate(
      ([endpoint, pool, client, pass]) =>
        (globalThis as unknown as { signIn(e: string, p: string, c: string, u: string, w: string): Promise<Tokens> }).signIn(endpoint, pool, client, "ada", pass),
      [`${rig.sandbox.endpoint}/`, poolId, clientId, password] as const,
    );

  it("signs in with SRP from the page, then calls the JWT-authorized route with the ID and the access token", async () => {
    const tokens = await signIn("Corr3ct-Horse!");
    if (tokens.error !== undefined) throw new Error(tokens.error);
    for (const token of [tokens.idToken, tokens.accessToken]) {
      const seen = await probe(page, `${rig.sandbox.apiUrl}/me`, { headers: { authorization: token } });
      expect(seen.blocked).toBeUndefined();
      expect(seen.status).toBe(200);
      expect(JSON.parse(seen.body ?? "").user).toBe("ada");
    }
  });

  it("a wrong password reaches the page as Cognito's NotAuthorizedException, not a CORS failure", async () => {
    expect(await signIn("wrong-Passw0rd")).toEqual({ error: "NotAuthorizedException: Incorrect username or password." });
  });

  it("trades the ID token at the identity pool and uploads to S3 with the SDK from the page", async () => {
    const tokens = await signIn("Corr3ct-Horse!");
    if (tokens.error !== undefined) throw new Error(tokens.error);
    const identityPoolId = String(rig.sandbox.app.outputs.IdentityPoolId?.value);
    const seen = await page.evaluate(
      ([endpoint, identityPool, userPool, idToken]) =>
        (globalThis as unknown as { uploadAsUser(e: string, i: string, u: string, t: string, b: string): Promise<Record<string, string | null>> })
          .uploadAsUser(endpoint, identityPool, userPool, idToken, "browser-cors"),
      [rig.sandbox.endpoint, identityPoolId, poolId, tokens.idToken] as const,
    );
    expect(seen.error).toBeUndefined();
    expect(seen.key).toMatch(/^private\/us-east-1:[0-9a-f-]{36}\/note\.txt$/);
    expect(seen.body).toBe("written from the page");
    // ETag is in the bucket's ExposeHeaders, so the SDK could read it.
    expect(seen.etag).toMatch(/^"[0-9a-f]{32}"$/);
    // S3's errors carry the rule's CORS headers too: the SDK reads NoSuchKey, not a network failure.
    expect(seen.missing).toBe("NoSuchKey: The specified key does not exist.");
  });
});
