import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type CreateUserPoolCommandInput,
  type UserImportJobType,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { IMPORT_PENDING_MS } from "../src/engine/importJobs/jobs.js";
import { errorOf, startCognito, type Harness } from "./helpers.js";
import { srpClient } from "./srpClient.js";

const run = promisify(execFile);
const ROLE = "arn:aws:iam::000000000000:role/service-role/Cognito-UserImport-Role";

describe("User import jobs", () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0)) });
    dir = mkdtempSync(join(tmpdir(), "cognito-import-"));
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newPool(extra: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    const out = await h.client.send(new CreateUserPoolCommand({ PoolName: `import-${Math.random().toString(36).slice(2, 8)}`, AutoVerifiedAttributes: ["email"], ...extra }));
    return out.UserPool?.Id ?? "";
  }

  async function newJob(poolId: string, name = "myjob"): Promise<UserImportJobType> {
    const out = await h.client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE }));
    return out.UserImportJob ?? {};
  }

  /** The CSV as the guide's header gives it, one line per user ("name,email,verified"). */
  async function csvFor(poolId: string, users: string[]): Promise<string> {
    const header = (await h.client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader ?? [];
    const lines = users.map((user) => {
      const [username = "", email = "", verified = "TRUE"] = user.split(" ");
      const values: Record<string, string> = { "cognito:username": username, email, email_verified: verified, "cognito:mfa_enabled": "FALSE" };
      return header.map((column) => values[column] ?? "").join(",");
    });
    return [header.join(","), ...lines].join("\n") + "\n";
  }

  /** PUT as the guide's `curl -T users.csv -H "x-amz-server-side-encryption:aws:kms" "<PreSignedUrl>"`. */
  async function upload(url: string, csv: string, headers: Record<string, string> = { "x-amz-server-side-encryption": "aws:kms" }): Promise<Response> {
    return fetch(url, { method: "PUT", body: csv, headers });
  }

  /** Lets the started job leave Pending and waits for its rows to be read. */
  async function finished(poolId: string, jobId: string): Promise<UserImportJobType> {
    await h.clock.advance(IMPORT_PENDING_MS);
    for (let i = 0; i < 200; i++) {
      const job = (await h.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob ?? {};
      if (job.Status !== "Pending" && job.Status !== "InProgress") return job;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error("the job did not finish");
  }

  describe("CreateUserImportJob", () => {
    it("answers a Created job with an import- id and a PreSignedUrl on the sandbox", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      expect(job).toMatchObject({ JobName: "myjob", UserPoolId: poolId, Status: "Created", CloudWatchLogsRoleArn: ROLE, ImportedUsers: 0, SkippedUsers: 0, FailedUsers: 0 });
      expect(job.JobId).toMatch(/^import-[0-9A-Za-z]{10}$/);
      expect(job.CreationDate?.getTime()).toBe(Date.UTC(2026, 10, 26, 6, 0, 0));
      const url = new URL(job.PreSignedUrl ?? "");
      expect(url.origin + url.pathname).toBe(`${h.url}/${poolId}/${job.JobId}`);
      expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("host;x-amz-server-side-encryption");
      expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
      expect(job.StartDate).toBeUndefined();
    });

    it("refuses an unknown pool and a malformed role ARN", async () => {
      expect(await errorOf(h.client.send(new CreateUserImportJobCommand({ UserPoolId: "us-east-1_nope12345", JobName: "j", CloudWatchLogsRoleArn: ROLE })))).toMatchObject({
        name: "ResourceNotFoundException",
        message: "User pool us-east-1_nope12345 does not exist.",
      });
      const poolId = await newPool();
      expect(await errorOf(h.client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: "j", CloudWatchLogsRoleArn: "role" })))).toMatchObject({ name: "InvalidParameterException" });
    });
  });

  describe("DescribeUserImportJob and ListUserImportJobs", () => {
    it("describes a job; an unknown job id is ResourceNotFoundException", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      const described = (await h.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob;
      expect(described).toEqual(job);
      expect(await errorOf(h.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: "import-AAAAAAAAAA" })))).toMatchObject({ name: "ResourceNotFoundException" });
    });

    it("lists newest first, a page of MaxResults with a PaginationToken", async () => {
      const poolId = await newPool();
      const first = await newJob(poolId, "first");
      const second = await newJob(poolId, "second");
      const third = await newJob(poolId, "third");
      const page1 = await h.client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2 }));
      expect(page1.UserImportJobs?.map((j) => j.JobId)).toEqual([third.JobId, second.JobId]);
      expect(page1.PaginationToken).toBeDefined();
      const page2 = await h.client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2, PaginationToken: page1.PaginationToken }));
      expect(page2.UserImportJobs?.map((j) => j.JobId)).toEqual([first.JobId]);
      expect(page2.PaginationToken).toBeUndefined();
      expect(await errorOf(h.client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 0 })))).toMatchObject({ name: "InvalidParameterException" });
    });
  });

  describe("the upload to the PreSignedUrl", () => {
    it("takes the guide's curl command unchanged", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      const file = join(dir, "users.csv");
      writeFileSync(file, await csvFor(poolId, ["curly curly@example.com"]));
      const { stderr } = await run("curl", ["-v", "-T", file, "-H", "x-amz-server-side-encryption:aws:kms", job.PreSignedUrl ?? ""]);
      expect(stderr).toContain("< HTTP/1.1 200");
      expect(stderr).toContain("We are completely uploaded and fine");
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      expect(await finished(poolId, job.JobId ?? "")).toMatchObject({ Status: "Succeeded", ImportedUsers: 1 });
    });

    it("refuses an upload without the signed encryption header, or with another signature, as S3 does", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      const csv = await csvFor(poolId, ["ana ana@example.com"]);
      const unsigned = await upload(job.PreSignedUrl ?? "", csv, {});
      expect(unsigned.status).toBe(403);
      expect(await unsigned.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
      const tampered = new URL(job.PreSignedUrl ?? "");
      tampered.searchParams.set("X-Amz-Signature", "0".repeat(64));
      expect((await upload(tampered.toString(), csv)).status).toBe(403);
    });

    it("refuses an upload after the URL's 15 minutes: AccessDenied, Request has expired", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      await h.clock.advance(15 * 60 * 1000 + 1000);
      const late = await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["ana ana@example.com"]));
      expect(late.status).toBe(403);
      const body = await late.text();
      expect(body).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>900</X-Amz-Expires>");
    });
  });

  describe("StartUserImportJob", () => {
    it("imports the file's users as RESET_REQUIRED: Pending, then Succeeded with AWS's completion message", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      expect((await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["janeroe janeroe@example.com", "johndoe johndoe@example.com"]))).status).toBe(200);
      const started = (await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob;
      expect(started).toMatchObject({ Status: "Pending", ImportedUsers: 0 });
      expect(started?.StartDate).toBeInstanceOf(Date);
      const done = await finished(poolId, job.JobId ?? "");
      expect(done).toMatchObject({ Status: "Succeeded", ImportedUsers: 2, SkippedUsers: 0, FailedUsers: 0, CompletionMessage: "Import Job Completed Successfully." });
      expect(done.CompletionDate).toBeInstanceOf(Date);
      expect(h.lines).toContain(`Cognito ${poolId}: user import job ${job.JobId} Succeeded: 2 imported, 0 skipped, 0 failed`);
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "janeroe" }));
      expect(user.UserStatus).toBe("RESET_REQUIRED");
      expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: "email", Value: "janeroe@example.com" }, { Name: "email_verified", Value: "true" }]));
      // Once run, the job cannot be started again.
      expect(await errorOf(h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })))).toMatchObject({ name: "PreconditionNotMetException" });
    });

    it("skips a user who exists and fails a row without a verified auto-verified attribute", async () => {
      const poolId = await newPool();
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "taken", MessageAction: "SUPPRESS" }));
      const job = await newJob(poolId);
      await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["taken taken@example.com", "fresh fresh@example.com", "unverified un@example.com FALSE", "fresh fresh2@example.com"]));
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      expect(await finished(poolId, job.JobId ?? "")).toMatchObject({ Status: "Succeeded", ImportedUsers: 1, SkippedUsers: 2, FailedUsers: 1 });
    });

    it("fails a row whose custom attribute breaks its schema entry, and imports the rows that keep to it", async () => {
      const poolId = await newPool({ Schema: [{ Name: "level", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "1", MaxValue: "3" } }] });
      const header = (await h.client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader ?? [];
      const line = (username: string, level: string) => {
        const values: Record<string, string> = { "cognito:username": username, email: `${username}@example.com`, email_verified: "TRUE", "cognito:mfa_enabled": "FALSE", "custom:level": level };
        return header.map((column) => values[column] ?? "").join(",");
      };
      const job = await newJob(poolId);
      await upload(job.PreSignedUrl ?? "", [header.join(","), line("low", "0"), line("high", "4"), line("fits", "2")].join("\n") + "\n");
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      expect(await finished(poolId, job.JobId ?? "")).toMatchObject({ Status: "Succeeded", ImportedUsers: 1, FailedUsers: 2 });
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "fits" }));
      expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: "custom:level", Value: "2" }]));
    });

    it("fails the job when no row became a user: Too many users have failed or been skipped", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["a a@example.com FALSE", "b b@example.com FALSE"]));
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      expect(await finished(poolId, job.JobId ?? "")).toMatchObject({ Status: "Failed", FailedUsers: 2, CompletionMessage: "Too many users have failed or been skipped during the import." });
    });

    it("fails a job whose file is missing or whose header is not the pool's", async () => {
      const poolId = await newPool();
      const empty = await newJob(poolId);
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: empty.JobId }));
      expect(await finished(poolId, empty.JobId ?? "")).toMatchObject({ Status: "Failed", CompletionMessage: "Amazon Cognito is unable to parse the .csv file." });
      const bad = await newJob(poolId);
      await upload(bad.PreSignedUrl ?? "", "cognito:username,cognito:mfa_enabled,shoe_size\nana,false,42\n");
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: bad.JobId }));
      expect(await finished(poolId, bad.JobId ?? "")).toMatchObject({ Status: "Failed", ImportedUsers: 0 });
    });

    it("will not start in a pool without auto-verified attributes", async () => {
      const poolId = await newPool({ AutoVerifiedAttributes: [] });
      const job = await newJob(poolId);
      expect(await errorOf(h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })))).toMatchObject({
        name: "PreconditionNotMetException",
        status: 400,
      });
    });

    it("will not start a job left unstarted for 24 hours: it is Expired", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      await h.clock.advance(24 * 60 * 60 * 1000 + 1000);
      expect((await h.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob?.Status).toBe("Expired");
      expect(await errorOf(h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })))).toMatchObject({ name: "PreconditionNotMetException" });
    });
  });

  describe("StopUserImportJob", () => {
    it("stops a started job for good, with AWS's message; a job not running cannot be stopped", async () => {
      const poolId = await newPool();
      const job = await newJob(poolId);
      expect(await errorOf(h.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })))).toMatchObject({ name: "PreconditionNotMetException" });
      await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["ana ana@example.com"]));
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      const stopped = (await h.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob;
      expect(stopped).toMatchObject({ Status: "Stopped", CompletionMessage: "The Import Job was stopped by the developer.", ImportedUsers: 0 });
      expect(stopped?.CompletionDate).toBeInstanceOf(Date);
      // The run never comes: the clock moving on leaves the job Stopped and the user not imported.
      expect(await finished(poolId, job.JobId ?? "")).toMatchObject({ Status: "Stopped" });
      expect(await errorOf(h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ana" })))).toMatchObject({ name: "UserNotFoundException" });
      expect(await errorOf(h.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })))).toMatchObject({ name: "PreconditionNotMetException" });
    });
  });

  describe("imported users signing in", () => {
    it("are told to reset their password, then sign in after ForgotPassword / ConfirmForgotPassword", async () => {
      const poolId = await newPool();
      const client = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
      const clientId = client.UserPoolClient?.ClientId ?? "";
      const job = await newJob(poolId);
      await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["mover mover@example.com"]));
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      await finished(poolId, job.JobId ?? "");
      const signIn = () => h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "mover", PASSWORD: "Whatever1!" } }));
      expect(await errorOf(signIn())).toMatchObject({ name: "PasswordResetRequiredException", message: "Password reset required for the user" });
      // SRP sign-in (amazon-cognito-identity-js, Amplify) is told the same at its first step.
      const srp = h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "mover", SRP_A: srpClient(poolId.split("_")[1] ?? "", "mover", "x").A } }));
      expect(await errorOf(srp)).toMatchObject({ name: "PasswordResetRequiredException" });
      const forgot = await h.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "mover" }));
      expect(forgot.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
      await h.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "mover", ConfirmationCode: h.codeFor("mover"), Password: "NewPassw0rd!" }));
      const tokens = await h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "mover", PASSWORD: "NewPassw0rd!" } }));
      expect(tokens.AuthenticationResult?.IdToken).toBeDefined();
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "mover" }))).UserStatus).toBe("CONFIRMED");
    });

    it("get NotAuthorizedException instead under PreventUserExistenceErrors", async () => {
      const poolId = await newPool();
      const client = await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], PreventUserExistenceErrors: "ENABLED" }));
      const job = await newJob(poolId);
      await upload(job.PreSignedUrl ?? "", await csvFor(poolId, ["hidden hidden@example.com"]));
      await h.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      await finished(poolId, job.JobId ?? "");
      const signIn = h.client.send(new InitiateAuthCommand({ ClientId: client.UserPoolClient?.ClientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "hidden", PASSWORD: "Whatever1!" } }));
      expect(await errorOf(signIn)).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    });
  });

  it("deleting the pool deletes its jobs", async () => {
    const poolId = await newPool();
    await newJob(poolId);
    await h.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    expect([...h.cognito.engine.importJobs["options"].durable.state.jobs.values()].some((j) => j.poolId === poolId)).toBe(false);
  });
});
