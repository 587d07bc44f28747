/**
 * STS behaviours a third-party SDK conformance sweep (vorpalstacks-conformance-tests, sts/*.ts)
 * exercised, replayed through the real SDK v3 client: GetAccessKeyInfo and PackedPolicySize.
 */
import {
  AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetAccessKeyInfoCommand, GetFederationTokenCommand, STSClient, type STSServiceException,
} from "@aws-sdk/client-sts";
import { serveHandler, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSts } from "../src/index.js";

const ACCOUNT = "000000000000";
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const S3_READ = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

let sts: STSClient;
let close: () => Promise<void>;

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as STSServiceException;
  }
  throw new Error("expected the call to fail");
}

/** An unsigned JWT with these claims (the sandbox reads claims; it has no OIDC provider keys to check). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", kid: "k" })}.${part(claims)}.c2ln`;
}

beforeAll(async () => {
  const service = await createSts({ clock: new VirtualClock(NOW), accountId: ACCOUNT, region: "us-east-1" });
  const server = await serveHandler(service.service.handle);
  close = server.close;
  sts = new STSClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
});

afterAll(async () => {
  sts.destroy();
  await close();
});

describe("GetAccessKeyInfo", () => {
  it("answers the sandbox's account for a long-term access key id", async () => {
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: "AKIAIOSFODNN7EXAMPLE" }))).Account).toBe(ACCOUNT);
  });

  it("answers the role's account for temporary credentials AssumeRole issued", async () => {
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/Deployer", RoleSessionName: "ci" }));
    const info = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: assumed.Credentials?.AccessKeyId }));
    expect(info.Account).toBe("123456789012");
  });

  it("rejects an access key id shorter than the model's 16 characters", async () => {
    const error = await failure(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: "AKIA" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("1 validation error detected: Value 'AKIA' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16");
  });
});

describe("PackedPolicySize", () => {
  it("is left out of AssumeRole's answer when no session policy or tag is passed", async () => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "plain" }));
    expect(out.PackedPolicySize).toBeUndefined();
  });

  it("is a small percentage for a one-statement session policy, and grows with the policy", async () => {
    const small = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "small", Policy: S3_READ }));
    expect(small.PackedPolicySize).toBe(5);
    const statements = Array.from({ length: 12 }, (_, n) => ({ Sid: `S${n}`, Effect: "Allow", Action: `dynamodb:Query`, Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T${n * 7919}` }));
    const large = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "large", Policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }));
    expect(large.PackedPolicySize).toBeGreaterThan(5);
    expect(large.PackedPolicySize).toBeLessThan(100);
  });

  it("counts session tags too", async () => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "tagged", Tags: [{ Key: "Project", Value: "Pegasus" }] }));
    expect(out.PackedPolicySize).toBe(1);
  });

  it("is 0 for GetFederationToken without a policy, a percentage with one", async () => {
    expect((await sts.send(new GetFederationTokenCommand({ Name: "plain" }))).PackedPolicySize).toBe(0);
    expect((await sts.send(new GetFederationTokenCommand({ Name: "scoped", Policy: S3_READ }))).PackedPolicySize).toBe(5);
  });

  it("is answered by AssumeRoleWithWebIdentity when a session policy is passed", async () => {
    const token = jwt({ sub: "user-1", iss: "https://issuer.example", aud: "app", exp: NOW / 1000 + 600 });
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "web", WebIdentityToken: token, Policy: S3_READ }));
    expect(out.PackedPolicySize).toBe(5);
  });
});

describe("a session policy that is no JSON", () => {
  it.each([
    ["AssumeRole", () => sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "bad", Policy: "not-valid-json" }))],
    ["GetFederationToken", () => sts.send(new GetFederationTokenCommand({ Name: "bad", Policy: '{"Version":"2012-10-17",' }))],
    ["AssumeRoleWithWebIdentity", () => sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "bad", WebIdentityToken: jwt({ sub: "u" }), Policy: "{" }))],
  ])("is refused by %s with MalformedPolicyDocument", async (_action, call) => {
    const error = await failure(call());
    expect(error.name).toBe("MalformedPolicyDocumentException");
    expect(error.message).toBe("The policy is not in the valid JSON format.");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});
