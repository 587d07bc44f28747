/**
 * Secrets Manager behaviours a third-party SDK conformance sweep (vorpalstacks-conformance-tests,
 * secretsmanager/*.ts) exercised, replayed through the real SDK v3 client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateSecretCommand, DescribeSecretCommand, ListSecretVersionIdsCommand, SecretsManagerClient, UpdateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { VirtualClock } from "@sam-sandbox/core";
import { createSecretsManager } from "../src/index.js";
import { served } from "../../../test/helpers/services.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
let sm: SecretsManagerClient;
let close: () => Promise<void>;

beforeAll(async () => {
  const service = await createSecretsManager({ clock: new VirtualClock(NOW) });
  ({ client: sm, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
});

afterAll(() => close());

describe("UpdateSecret", () => {
  it("clears the description when given an empty one, and DescribeSecret then leaves it out", async () => {
    await sm.send(new CreateSecretCommand({ Name: "described", SecretString: "v", Description: "initial description" }));
    await sm.send(new UpdateSecretCommand({ SecretId: "described", Description: "" }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "described" }));
    expect(described).not.toHaveProperty("Description");
  });

  it("keeps the description when the update does not mention it", async () => {
    await sm.send(new CreateSecretCommand({ Name: "kept", SecretString: "v", Description: "stays" }));
    await sm.send(new UpdateSecretCommand({ SecretId: "kept", SecretString: "w" }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: "kept" }))).Description).toBe("stays");
  });

  it("goes back to the AWS managed key when given an empty KmsKeyId", async () => {
    await sm.send(new CreateSecretCommand({ Name: "keyed", SecretString: "v", KmsKeyId: "alias/app" }));
    await sm.send(new UpdateSecretCommand({ SecretId: "keyed", KmsKeyId: "" }));
    expect(await sm.send(new DescribeSecretCommand({ SecretId: "keyed" }))).not.toHaveProperty("KmsKeyId");
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "keyed" }));
    expect(versions.Versions?.map((v) => v.KmsKeyIds)).toEqual([["DefaultEncryptionKey"]]);
  });
});
