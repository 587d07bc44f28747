import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  StartUserImportJobCommand,
  type CognitoIdentityProviderClient,
  type UserImportJobType,
} from "@aws-sdk/client-cognito-identity-provider";
import { silentLogger } from "@sam-sandbox/core";
import type { RunningSandbox } from "@sam-sandbox/sandbox";
import { startCognitoSandbox } from "./helpers.js";

const fixture = join(import.meta.dirname, "fixtures", "cognito");

describe("Cognito user import jobs in the sandbox", () => {
  let sandbox: RunningSandbox;
  let idp: CognitoIdentityProviderClient;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    ({ sandbox, cognito: idp } = await startCognitoSandbox(fixture, { inMemory: true, logger: silentLogger }));
    logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  });
  afterAll(async () => {
    idp.destroy();
    logs.destroy();
    await sandbox.stop();
  });

  async function finished(poolId: string, jobId: string): Promise<UserImportJobType> {
    for (let i = 0; i < 200; i++) {
      const job = (await idp.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob ?? {};
      if (job.Status !== "Pending" && job.Status !== "InProgress") return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the job did not finish");
  }

  it("uploads to the edge, imports, and writes each line's outcome to /aws/cognito/userpools/<id>/<name>", async () => {
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: "imported", AutoVerifiedAttributes: ["email"] }));
    const poolId = pool.UserPool?.Id ?? "";
    const job = (await idp.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: "first-import", CloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/CognitoImport" }))).UserImportJob;
    expect(job?.PreSignedUrl?.startsWith(`${sandbox.endpoint}/${poolId}/import-`)).toBe(true);
    const csv = [
      "cognito:username,email,email_verified,cognito:mfa_enabled,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at",
      "ana,ana@example.com,TRUE,FALSE,,,,,,,,,,,,,,,,,",
      "bob,bob@example.com,FALSE,FALSE,,,,,,,,,,,,,,,,,",
    ].join("\n");
    const put = await fetch(job?.PreSignedUrl ?? "", { method: "PUT", body: csv, headers: { "x-amz-server-side-encryption": "aws:kms" } });
    expect(put.status).toBe(200);
    await idp.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job?.JobId }));
    expect(await finished(poolId, job?.JobId ?? "")).toMatchObject({ Status: "Succeeded", ImportedUsers: 1, FailedUsers: 1 });
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: `/aws/cognito/userpools/${poolId}/imported`, logStreamName: `${job?.JobId}/first-import`, startFromHead: true }));
    expect(events.events?.map((e) => e.message)).toEqual([
      "[SUCCEEDED] Line Number 2 - The import succeeded.",
      "[FAILED] Line Number 3 - The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).",
    ]);
  });
});
