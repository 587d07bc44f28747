import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, type STSServiceException,
} from "@aws-sdk/client-sts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createSts } from "../src/index.js";

const ACCOUNT = "000000000000";
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRole`;

let url: string;
let close: () => Promise<void>;
const clock = new VirtualClock(NOW);
const clients: STSClient[] = [];

function client(credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } as { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient {
  const c = new STSClient({ endpoint: url, region: "us-east-1", credentials });
  clients.push(c);
  return c;
}

/** An unsigned JWT with these claims (the sandbox reads claims; it has no OIDC provider keys to check). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", kid: "k" })}.${part(claims)}.c2ln`;
}

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as STSServiceException;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  const roles = new Map([[`arn:aws:iam::${ACCOUNT}:role/ShortRole`, { maxSessionDuration: 3600 }]]);
  const sts = await createSts({ clock, accountId: ACCOUNT, region: "us-east-1", roles });
  const server = await serveHandler(sts.service.handle);
  url = server.url;
  close = server.close;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await close();
});

describe("GetCallerIdentity", () => {
  it("answers the account's root user for long-term keys", async () => {
    const out = await client().send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: ACCOUNT, UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });

  it("answers the assumed role for credentials AssumeRole issued", async () => {
    const assumed = await client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "alice" }));
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials");
    const who = await client({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/alice`);
    expect(who.UserId).toBe(assumed.AssumedRoleUser?.AssumedRoleId);
    expect(who.Account).toBe(ACCOUNT);
  });
});

describe("AssumeRole", () => {
  it("issues temporary credentials expiring after an hour of the sandbox clock", async () => {
    const out = await client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "build-42" }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 3600_000);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:build-42$/);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/build-42`);
  });

  it("keeps one role id per role", async () => {
    const a = await client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "a1" }));
    const b = await client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "b1" }));
    expect(a.AssumedRoleUser?.AssumedRoleId?.split(":")[0]).toBe(b.AssumedRoleUser?.AssumedRoleId?.split(":")[0]);
  });

  it("uses the role's account and the last segment of a role path", async () => {
    const out = await client().send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/team/Deployer", RoleSessionName: "ci", DurationSeconds: 900 }));
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::123456789012:assumed-role/Deployer/ci");
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 900_000);
  });

  it("rejects a session name outside STS's pattern", async () => {
    const error = await failure(client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "PowerUser/bob" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe(
      "1 validation error detected: Value 'PowerUser/bob' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("rejects a DurationSeconds below 900", async () => {
    const error = await failure(client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s1", DurationSeconds: 60 })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
  });

  it("rejects a DurationSeconds beyond a template role's MaxSessionDuration", async () => {
    const error = await failure(client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ShortRole`, RoleSessionName: "s1", DurationSeconds: 7200 })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  });
});

describe("AssumeRoleWithWebIdentity", () => {
  it("reads the token's subject, issuer and audience", async () => {
    const token = jwt({ sub: "user-1", iss: "https://token.actions.githubusercontent.com", aud: "sts.amazonaws.com", exp: NOW / 1000 + 600 });
    const out = await client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "gha", WebIdentityToken: token }));
    expect(out.SubjectFromWebIdentityToken).toBe("user-1");
    expect(out.Provider).toBe("https://token.actions.githubusercontent.com");
    expect(out.Audience).toBe("sts.amazonaws.com");
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/gha`);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it("refuses a token that is no JWT", async () => {
    const error = await failure(client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "gha", WebIdentityToken: "opaque-access-token" })));
    expect(error.name).toBe("InvalidIdentityTokenException");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("refuses an expired token", async () => {
    const token = jwt({ sub: "user-1", iss: "https://issuer.example", aud: "app", exp: NOW / 1000 - 1 });
    const error = await failure(client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "gha", WebIdentityToken: token })));
    expect(error.name).toBe("ExpiredTokenException");
  });
});

describe("GetSessionToken", () => {
  it("issues credentials for the caller, 12 hours by default", async () => {
    const out = await client().send(new GetSessionTokenCommand({}));
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 43_200_000);
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials");
    const who = await client({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  it("refuses session credentials", async () => {
    const assumed = await client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s2" }));
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials");
    const error = await failure(client({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetSessionTokenCommand({})));
    expect(error.name).toBe("AccessDenied");
    expect(error.$metadata.httpStatusCode).toBe(403);
  });
});

describe("the wire", () => {
  it("answers an action STS does not have with InvalidAction", async () => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=Nope&Version=2011-06-15" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>InvalidAction</Code>");
  });
});

describe("issued credentials across a restart", () => {
  it("GetCallerIdentity still answers the assumed role, until the credentials expire", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sts-issued-"));
    const restartClock = new VirtualClock(NOW);
    const run = async <T>(body: (c: STSClient) => Promise<T>, credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<T> => {
      const store = new FileStore({ dir, logger: silentLogger });
      const sts = await createSts({ clock: restartClock, store, accountId: ACCOUNT });
      const server = await serveHandler(sts.service.handle);
      const c = new STSClient({ endpoint: server.url, region: "us-east-1", credentials: credentials ?? { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
      try {
        return await body(c);
      } finally {
        c.destroy();
        await server.close();
        await store.close();
      }
    };
    try {
      const assumed = await run((c) => c.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "kept", DurationSeconds: 900 })));
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials");
      const creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
      const who = await run((client) => client.send(new GetCallerIdentityCommand({})), creds);
      expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/kept`);
      await restartClock.advance(900_000);
      const later = await run((client) => client.send(new GetCallerIdentityCommand({})), creds);
      expect(later.Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
