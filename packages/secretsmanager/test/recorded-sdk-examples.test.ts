/**
 * The Secrets Manager service team's examples that the AWS SDK for JavaScript v3 carries in its command
 * typings (@aws-sdk/client-secrets-manager, dist-types/commands/*Command.d.ts, "@example To …"),
 * replayed through the SDK client; the shapes are compared, the author's values (ARNs, version ids,
 * dates) are not. The other examples answered as documented and are covered by recorded-awscli.test.ts.
 */
import {
  CancelRotateSecretCommand, CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand, RotateSecretCommand, SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { VirtualClock, type LambdaInvoker } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretsManager } from "../src/index.js";
import { served } from "../../../test/helpers/services.js";

const ROTATOR = "arn:aws:lambda:us-west-2:123456789012:function:MyTestDatabaseRotationLambda";
const clock = new VirtualClock(Date.UTC(2026, 10, 27, 9, 30, 0));
let sm: SecretsManagerClient;
let close: () => Promise<void>;

/** AWS's rotation template: createSecret puts the AWSPENDING value, finishSecret moves AWSCURRENT to it. */
const invoker: LambdaInvoker = {
  async invoke({ payload }) {
    const { SecretId, ClientRequestToken: token, Step } = JSON.parse(payload.toString()) as { SecretId: string; ClientRequestToken: string; Step: string };
    if (Step === "createSecret") await sm.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: `rotated-${token}`, VersionStages: ["AWSPENDING"] }));
    if (Step === "finishSecret") {
      const meta = await sm.send(new DescribeSecretCommand({ SecretId }));
      const current = Object.entries(meta.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: current }));
    }
    return { statusCode: 200, payload: Buffer.from("null"), executedVersion: "$LATEST" };
  },
};

beforeAll(async () => {
  const service = await createSecretsManager({ clock, invoker });
  ({ client: sm, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
});
afterAll(() => close());

const keys = (o: object): string[] => Object.keys(o).filter((k) => k !== "$metadata").sort();

describe("CancelRotateSecret", () => {
  it("To cancel scheduled rotation for a secret: ARN and Name alone once the rotation finished (AWSPENDING beside AWSCURRENT)", async () => {
    await sm.send(new CreateSecretCommand({ Name: "MyTestDatabaseSecret", SecretString: JSON.stringify({ username: "david", password: "EXAMPLE-PASSWORD" }) }));
    // RotateSecret's "To configure rotation for a secret", then its "To request an immediate rotation for a secret".
    await sm.send(new RotateSecretCommand({ SecretId: "MyTestDatabaseSecret", RotationLambdaARN: ROTATOR, RotationRules: { Duration: "2h", ScheduleExpression: "cron(0 16 1,15 * ? *)" } }));
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: "MyTestDatabaseSecret" }));
    const stages = (await sm.send(new DescribeSecretCommand({ SecretId: "MyTestDatabaseSecret" }))).VersionIdsToStages ?? {};
    expect(stages[rotated.VersionId ?? ""]).toEqual(["AWSCURRENT", "AWSPENDING"]);

    const cancelled = await sm.send(new CancelRotateSecretCommand({ SecretId: "MyTestDatabaseSecret" }));
    expect(keys(cancelled)).toEqual(["ARN", "Name"]);
  });
});
