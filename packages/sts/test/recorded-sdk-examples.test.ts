/**
 * The STS team's examples that the AWS SDK for JavaScript v3 carries in its command typings
 * (@aws-sdk/client-sts, dist-types/commands/*Command.d.ts, "@example To …"), replayed through the SDK
 * client; the shapes are compared, the author's values (keys, ids, dates) are not. The others answered
 * as documented (see the package's other tests) or differ on purpose: an IAM user's GetCallerIdentity
 * (the sandbox has no IAM users: long-term keys are the account's root) and AssumeRoleWithWebIdentity
 * with a Login with Amazon access token (no OAuth provider to ask offline: the sandbox reads OIDC JWTs).
 */
import { AssumeRoleCommand, AssumeRootCommand, STSClient } from "@aws-sdk/client-sts";
import { serveHandler, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSts } from "../src/index.js";

const ACCOUNT = "123456789012";
let url: string;
let close: () => Promise<void>;
const clients: STSClient[] = [];

function sts(credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } = {}): STSClient {
  const client = new STSClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: credentials.AccessKeyId ?? "AKIDEXAMPLE", secretAccessKey: credentials.SecretAccessKey ?? "x", ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}) },
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  const service = await createSts({ clock: new VirtualClock(Date.UTC(2026, 10, 27, 12, 0, 0)), accountId: ACCOUNT, region: "us-east-1" });
  const server = await serveHandler(service.service.handle);
  url = server.url;
  close = server.close;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await close();
});

const keys = (o: object): string[] => Object.keys(o).filter((k) => k !== "$metadata").sort();
const UNLOCK = { DurationSeconds: 900, TargetPrincipal: "111122223333", TaskPolicyArn: { arn: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy" } };

describe("AssumeRoot", () => {
  it("To launch a privileged session: the calling session's SourceIdentity is answered (none for long-term keys)", async () => {
    const alice = await sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/demo`, RoleSessionName: "Alice", SourceIdentity: "Alice" }));
    const root = await sts(alice.Credentials).send(new AssumeRootCommand(UNLOCK));
    expect(keys(root)).toEqual(["Credentials", "SourceIdentity"]);
    expect(root.SourceIdentity).toBe("Alice");
    expect(keys(await sts().send(new AssumeRootCommand(UNLOCK)))).toEqual(["Credentials"]);
  });
});

describe("AssumeRole", () => {
  it("a chained session keeps the source identity its caller set (IAM User Guide: it persists across role chaining)", async () => {
    const first = await sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/demo`, RoleSessionName: "testAssumeRoleSession", SourceIdentity: "Alice" }));
    const chained = await sts(first.Credentials).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/other`, RoleSessionName: "chained" }));
    expect(chained.SourceIdentity).toBe("Alice");
    const again = await sts(chained.Credentials).send(new AssumeRootCommand(UNLOCK));
    expect(again.SourceIdentity).toBe("Alice");
  });
});
