import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  AdminGetUserCommand,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  ListUsersCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type CognitoIdentityProviderClient,
  type UserImportJobType,
} from "@aws-sdk/client-cognito-identity-provider";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { IMPORT_BATCH_ROWS, IMPORT_PENDING_MS } from "../src/engine/importJobs/jobs.js";
import { startCognito, type Harness } from "./helpers.js";

const ROLE = "arn:aws:iam::000000000000:role/CognitoImport";
const HEADER = "cognito:username,email,email_verified,cognito:mfa_enabled,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at";
const row = (name: string) => `${name},${name}@example.com,true,false${",".repeat(17)}`;

async function finished(h: Harness, poolId: string, jobId: string): Promise<UserImportJobType> {
  await h.clock.advance(IMPORT_PENDING_MS);
  for (let i = 0; i < 200; i++) {
    const job = (await h.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob ?? {};
    if (job.Status !== "Pending" && job.Status !== "InProgress") return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("the job did not finish");
}

async function newJob(client: CognitoIdentityProviderClient, poolId: string, csv: string): Promise<string> {
  const job = (await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: "kept", CloudWatchLogsRoleArn: ROLE }))).UserImportJob;
  const put = await fetch(job?.PreSignedUrl ?? "", { method: "PUT", body: csv, headers: { "x-amz-server-side-encryption": "aws:kms" } });
  expect(put.status).toBe(200);
  return job?.JobId ?? "";
}

describe("User import jobs on disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-import-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a job stopped while its rows are written says how many users it imported, and imports none after", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0));
    const h = await startCognito({ store: new FileStore({ dir: join(dir, "stop"), logger: silentLogger }), clock });
    try {
      const poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "stopped", AutoVerifiedAttributes: ["email"] }))).UserPool?.Id ?? "";
      const rows = Array.from({ length: IMPORT_BATCH_ROWS / 2 }, (_, i) => row(`user${i}`));
      const jobId = await newJob(h.client, poolId, `${HEADER}\n${rows.join("\n")}\n`);
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
      await clock.advance(IMPORT_PENDING_MS);
      // Sent while the first batch's users are being journaled (fsync'd on disk).
      const stopped = (await h.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const users = async (): Promise<number> => {
        let count = 0;
        let token: string | undefined;
        do {
          const page = await h.client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, ...(token ? { PaginationToken: token } : {}) }));
          count += page.Users?.length ?? 0;
          token = page.PaginationToken;
        } while (token);
        return count;
      };
      const described = (await h.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob;
      expect(described?.Status).toBe("Stopped");
      expect(described?.ImportedUsers).toBe(stopped?.ImportedUsers);
      expect(await users()).toBe(stopped?.ImportedUsers);
    } finally {
      await h.close();
    }
  });

  it("keep their uploaded file across a restart, and a job left Pending runs once the sandbox is back", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0));
    const first = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    const poolId = (await first.client.send(new CreateUserPoolCommand({ PoolName: "kept", AutoVerifiedAttributes: ["email"] }))).UserPool?.Id ?? "";
    const waiting = await newJob(first.client, poolId, `${HEADER}\n${row("ann")}\n`);
    const started = await newJob(first.client, poolId, `${HEADER}\n${row("ben")}\n`);
    await first.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: started }));
    await first.close();

    const second = await startCognito({ store: new FileStore({ dir, logger: silentLogger }), clock });
    try {
      expect(await finished(second, poolId, started)).toMatchObject({ Status: "Succeeded", ImportedUsers: 1 });
      expect((await second.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: waiting }))).UserImportJob?.Status).toBe("Created");
      await second.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: waiting }));
      expect(await finished(second, poolId, waiting)).toMatchObject({ Status: "Succeeded", ImportedUsers: 1 });
      for (const name of ["ann", "ben"]) {
        expect((await second.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }))).UserStatus).toBe("RESET_REQUIRED");
      }
      // The files are gone once their jobs have run.
      expect(second.cognito.engine.importJobs["options"].durable.state.files.size).toBe(0);
    } finally {
      await second.close();
    }
  });
});
