/**
 * STS cases recorded on real AWS in localstack tests/aws/services/sts/test_sts.snapshot.json
 * (the test named in each describe), replayed through the real SDK v3 client.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, STSClient, type STSServiceException } from "@aws-sdk/client-sts";
import { serveHandler, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSts } from "../src/index.js";

const ACCOUNT = "111111111111";
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const ROLE_1 = `arn:aws:iam::${ACCOUNT}:role/role-1`;
const ROLE_2 = `arn:aws:iam::${ACCOUNT}:role/role-2`;

let url: string;
let close: () => Promise<void>;
const clients: STSClient[] = [];

function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" }): STSClient {
  const c = new STSClient({ endpoint: url, region: "us-east-1", credentials });
  clients.push(c);
  return c;
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
  const sts = await createSts({ clock: new VirtualClock(NOW), accountId: ACCOUNT, region: "us-east-1" });
  const server = await serveHandler(sts.service.handle);
  url = server.url;
  close = server.close;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await close();
});

describe("test_sts_invalid_parameters", () => {
  it.each([
    ["a string that is no ARN", "nothing-valid-in-here"],
    ["no partition", "arn::b:::something/test-role"],
    ["no service", "arn:a::::something/test-role"],
    ["not enough colons", "arn:a:::something/test-role"],
    ["no resource", "arn:a:a::aaaaaaaaaa:"],
  ])("refuses a RoleArn with %s: \"<arn> is invalid\"", async (_what, RoleArn) => {
    const error = await failure(client().send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "Session1" })));
    expect(error.name).toBe("ValidationError");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(`${RoleArn} is invalid`);
  });

  it("takes an ARN with empty region and account", async () => {
    const out = await client().send(new AssumeRoleCommand({ RoleArn: "arn:a:b:::something/test-role", RoleSessionName: "Session1" }));
    expect(out.AssumedRoleUser?.Arn).toMatch(/:assumed-role\/test-role\/Session1$/);
  });
});

describe("test_assume_role_tag_validation", () => {
  it("refuses a transitive key that names no requested tag", async () => {
    const error = await failure(
      client().send(new AssumeRoleCommand({ RoleArn: ROLE_1, RoleSessionName: "SessionInvalidTransitiveKeys", Tags: [{ Key: "SessionTag1", Value: "SessionValue1" }], TransitiveTagKeys: ["InvalidKey"] })),
    );
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe("The specified transitive tag key must be included in the requested tags.");
  });

  it("matches transitive keys to tags case-insensitively", async () => {
    const out = await client().send(
      new AssumeRoleCommand({ RoleArn: ROLE_1, RoleSessionName: "SessionInvalidCasingTransitiveKeys", Tags: [{ Key: "SessionTag1", Value: "SessionValue1" }], TransitiveTagKeys: ["sessiontag1"] }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it("refuses two tags whose keys differ only in case", async () => {
    const Tags = [{ Key: "SessionTag1", Value: "SessionValue1" }, { Key: "sessiontag1", Value: "SessionValue2" }];
    const error = await failure(client().send(new AssumeRoleCommand({ RoleArn: ROLE_1, RoleSessionName: "SessionInvalidCasingTransitiveKeys", Tags, TransitiveTagKeys: ["sessiontag1"] })));
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toBe("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  });
});

describe("test_iam_role_chaining_override_transitive_tags", () => {
  it("refuses a chained session that resets a transitive tag of the calling session, in any case", async () => {
    const first = await client().send(
      new AssumeRoleCommand({ RoleArn: ROLE_1, RoleSessionName: "Session1", Tags: [{ Key: "SessionTag1", Value: "SessionValue1" }], TransitiveTagKeys: ["SessionTag1"] }),
    );
    const { AccessKeyId = "", SecretAccessKey = "", SessionToken } = first.Credentials ?? {};
    const chained = client({ accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken });
    for (const Key of ["SessionTag1", "sessiontag1"]) {
      const error = await failure(chained.send(new AssumeRoleCommand({ RoleArn: ROLE_2, RoleSessionName: "Session2SessionTagOverride", Tags: [{ Key, Value: "SessionValue2" }] })));
      expect(error.name).toBe("InvalidParameterValue");
      expect(error.message).toBe("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
    }
    const other = await chained.send(new AssumeRoleCommand({ RoleArn: ROLE_2, RoleSessionName: "Session2", Tags: [{ Key: "Other", Value: "v" }] }));
    expect(other.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/role-2/Session2`);
  });
});

describe("test_get_federation_token", () => {
  it("answers the federated user, PackedPolicySize 0 and credentials for DurationSeconds", async () => {
    const out = await client().send(new GetFederationTokenCommand({ Name: "TestName1", DurationSeconds: 900 }));
    expect(out.FederatedUser).toEqual({ FederatedUserId: `${ACCOUNT}:TestName1`, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/TestName1` });
    expect(out.PackedPolicySize).toBe(0);
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 900_000);
    const { AccessKeyId = "", SecretAccessKey = "", SessionToken } = out.Credentials ?? {};
    const who = await client({ accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken }).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/TestName1`, UserId: `${ACCOUNT}:TestName1` });
  });
});
