/**
 * User import jobs: CreateUserImportJob, DescribeUserImportJob, ListUserImportJobs,
 * StartUserImportJob, StopUserImportJob, and the upload to a job's PreSignedUrl (developer guide,
 * "Importing users into user pools from a CSV file").
 *
 * A started job is Pending, then InProgress once the clock has moved IMPORT_PENDING_MS (AWS's took
 * about two seconds), when its rows are imported in batches; it ends Succeeded ("Import Job Completed
 * Successfully.", as recorded from AWS) or, when no row became a user, Failed ("Too many users have
 * failed or been skipped during the import.", the guide's ListUserImportJobs example). Imported users
 * are RESET_REQUIRED without a password: they sign in after ForgotPassword / ConfirmForgotPassword.
 * Each row's outcome goes to CloudWatch Logs, group /aws/cognito/userpools/<poolId>/<poolName>, stream
 * <jobId>/<jobName> (the guide's "Viewing the user pool import results"), when Logs is reachable.
 */
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import type { AwsDispatcher, DurableState, TimerHandle } from "@sam-sandbox/core";
import { caseInsensitive, findUser, page, poolOf, usernameAttributes, write, type CognitoContext, type Input } from "../context.js";
import { getCSVHeader } from "../userImport.js";
import { schemaAttributes, STANDARD_ATTRIBUTES, valueRules } from "../schema.js";
import type { PoolState, User } from "../state.js";
import { IMPORT_SUCCEEDED, ImportFileError, headerProblem, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, parseImportCsv, USER_EXISTS, userFromRow, type ImportRules } from "./csv.js";
import { jobNotFound, PreconditionNotMetException } from "./errors.js";
import { checkUpload, presignedUrl, type UploadRefusal } from "./presign.js";
import { applyImportRecord, jobKey, type ImportJob, type ImportJobRecord, type ImportJobsState } from "./state.js";

/** How long a started job stays Pending before its rows are read. */
export const IMPORT_PENDING_MS = 1000;
/** Rows imported between two looks at the job (a StopUserImportJob takes effect there). */
export const IMPORT_BATCH_ROWS = 1000;
/** A job not started within 24 hours is Expired (the guide: "within 24-48 hours"). */
export const IMPORT_JOB_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** ListUserImportJobs' MaxResults range (PoolQueryLimitType). */
export const MAX_LIST_IMPORT_JOBS = 60;
/** The random part of a JobId: "import-qQ0DCt2fRh" (awscli examples). */
const JOB_ID_LENGTH = 10;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const COMPLETED_SUCCESSFULLY = "Import Job Completed Successfully.";
export const TOO_MANY_FAILED = "Too many users have failed or been skipped during the import.";
export const STOPPED_BY_DEVELOPER = "The Import Job was stopped by the developer.";
/** The guide's cases that fail a job: the pool deleted, the file not parsable (AWS's texts not quoted). */
export const POOL_DELETED = "The user pool has been deleted.";
export const FILE_UNPARSABLE = "Amazon Cognito is unable to parse the .csv file.";

const ACTIVE = new Set(["Pending", "InProgress"]);

export interface UserImportJobsOptions {
  durable: DurableState<ImportJobsState, ImportJobRecord>;
  /** The edge's base URL, where the presigned uploads go. */
  uploadBase: string;
  /** Reaches CloudWatch Logs for the jobs' per-line outcomes. */
  dispatcher?: AwsDispatcher;
}

/** An upload's answer, as S3 answers a presigned PUT. */
export type UploadResult = { ok: true; etag: string } | { ok: false; refusal: UploadRefusal | { kind: "tooLarge"; size: number } };

export class UserImportJobs {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly ctx: CognitoContext,
    private readonly options: UserImportJobsOptions,
  ) {}

  private get state(): ImportJobsState {
    return this.options.durable.state;
  }

  /** Applies a change in memory and journals it in the same step, as the pools' write() does. */
  private commit(record: ImportJobRecord): Promise<void> {
    applyImportRecord(this.state, record);
    return this.options.durable.commit(record);
  }

  /** Jobs a stopped sandbox left running go on: Pending ones start over, InProgress ones resume at their next line. */
  resume(): void {
    for (const job of this.state.jobs.values()) {
      if (job.status === "Pending") this.schedule(job, IMPORT_PENDING_MS);
      if (job.status === "InProgress") this.schedule(job, 0);
    }
  }

  /** Timers of running jobs are cancelled (the sandbox stops). */
  close(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  async createUserImportJob(input: Input): Promise<Record<string, unknown>> {
    const pool = poolOf(this.ctx, String(input.UserPoolId));
    const now = this.ctx.clock.now();
    const job: ImportJob = {
      poolId: pool.pool.id,
      jobId: newJobId(),
      jobName: String(input.JobName),
      roleArn: String(input.CloudWatchLogsRoleArn),
      created: now,
      status: "Created",
      imported: 0,
      skipped: 0,
      failed: 0,
      uploadKey: randomBytes(32).toString("base64url"),
      signedAt: now,
    };
    await this.commit({ t: "job", job });
    return { UserImportJob: this.view(job) };
  }

  describeUserImportJob(input: Input): Record<string, unknown> {
    const job = this.jobOf(input);
    return { UserImportJob: this.view(job) };
  }

  /** Newest first (the guide: "listed in chronological order from last created to first created"). */
  listUserImportJobs(input: Input): Record<string, unknown> {
    const pool = poolOf(this.ctx, String(input.UserPoolId));
    const jobs = [...this.state.jobs.values()].filter((j) => j.poolId === pool.pool.id).reverse();
    const { items, next } = page(jobs, (j) => j.jobId, input.MaxResults, input.PaginationToken, MAX_LIST_IMPORT_JOBS);
    return { UserImportJobs: items.map((j) => this.view(j)), ...(next ? { PaginationToken: next } : {}) };
  }

  async startUserImportJob(input: Input): Promise<Record<string, unknown>> {
    const job = this.jobOf(input);
    if (this.effectiveStatus(job) !== "Created") throw new PreconditionNotMetException();
    const pool = poolOf(this.ctx, job.poolId);
    // The guide: "If the user pool has no auto-verified attributes, the import job will not start."
    if (autoVerified(pool).length === 0) throw new PreconditionNotMetException();
    const started: ImportJob = { ...job, status: "Pending", started: this.ctx.clock.now() };
    await this.commit({ t: "job", job: started });
    this.schedule(started, IMPORT_PENDING_MS);
    return { UserImportJob: this.view(started) };
  }

  /** Only a Pending or InProgress job stops ("After you stop the job, it cannot be restarted."); the users imported so far stay. */
  async stopUserImportJob(input: Input): Promise<Record<string, unknown>> {
    const job = this.jobOf(input);
    if (!ACTIVE.has(job.status)) throw new PreconditionNotMetException();
    this.timers.get(jobKey(job.poolId, job.jobId))?.cancel();
    this.timers.delete(jobKey(job.poolId, job.jobId));
    const stopped = await this.finish(job, "Stopped", STOPPED_BY_DEVELOPER);
    return { UserImportJob: this.view(stopped) };
  }

  /** PUT to a job's PreSignedUrl: the CSV file is kept with the job until it runs. */
  async upload(poolId: string, jobId: string, query: URLSearchParams, headers: Record<string, string>, body: Buffer): Promise<UploadResult> {
    const job = this.state.jobs.get(jobKey(poolId, jobId));
    const refusal = checkUpload(job && { ...job, status: this.effectiveStatus(job) }, query, headers, this.ctx.clock.now());
    if (refusal || !job) return { ok: false, refusal: refusal ?? { kind: "signature" } };
    if (body.length > MAX_IMPORT_FILE_BYTES) return { ok: false, refusal: { kind: "tooLarge", size: body.length } };
    await this.commit({ t: "file", poolId, jobId, csv: body.toString("utf8") });
    return { ok: true, etag: `"${createHash("md5").update(body).digest("hex")}"` };
  }

  /** The pool's jobs go with it. */
  async deletePoolJobs(poolId: string): Promise<void> {
    if (![...this.state.jobs.values()].some((j) => j.poolId === poolId)) return;
    for (const [key, timer] of this.timers) {
      if (!key.startsWith(`${poolId}/`)) continue;
      timer.cancel();
      this.timers.delete(key);
    }
    await this.commit({ t: "deleteJobs", poolId });
  }

  private jobOf(input: Input): ImportJob {
    const pool = poolOf(this.ctx, String(input.UserPoolId));
    const jobId = String(input.JobId);
    const job = this.state.jobs.get(jobKey(pool.pool.id, jobId));
    if (!job) throw jobNotFound(jobId);
    return job;
  }

  /** A Created job past its expiry reads as Expired (the guide: its data deleted, it cannot be started). */
  private effectiveStatus(job: ImportJob): ImportJob["status"] {
    return job.status === "Created" && this.ctx.clock.now() - job.created > IMPORT_JOB_EXPIRY_MS ? "Expired" : job.status;
  }

  /** UserImportJobType. */
  private view(job: ImportJob): Record<string, unknown> {
    return {
      JobName: job.jobName,
      JobId: job.jobId,
      UserPoolId: job.poolId,
      PreSignedUrl: presignedUrl(this.options.uploadBase, job, this.ctx.region, this.ctx.accountId),
      CreationDate: job.created / 1000,
      ...(job.started !== undefined ? { StartDate: job.started / 1000 } : {}),
      ...(job.completed !== undefined ? { CompletionDate: job.completed / 1000 } : {}),
      Status: this.effectiveStatus(job),
      CloudWatchLogsRoleArn: job.roleArn,
      ImportedUsers: job.imported,
      SkippedUsers: job.skipped,
      FailedUsers: job.failed,
      ...(job.completionMessage !== undefined ? { CompletionMessage: job.completionMessage } : {}),
    };
  }

  private schedule(job: ImportJob, delay: number): void {
    const key = jobKey(job.poolId, job.jobId);
    this.timers.set(
      key,
      this.ctx.clock.setTimeout(() => {
        this.timers.delete(key);
        this.run(key).catch((error: unknown) => this.ctx.logger.error(`Cognito ${job.poolId}: user import job ${job.jobId} failed: ${error instanceof Error ? error.message : String(error)}`));
      }, delay),
    );
  }

  /** Ends a job; its CSV file is dropped (AWS deletes a job's data once it has run). */
  private async finish(job: ImportJob, status: "Succeeded" | "Failed" | "Stopped", message: string): Promise<ImportJob> {
    const { nextLine: _, ...rest } = job;
    const ended: ImportJob = { ...rest, status, completed: this.ctx.clock.now(), completionMessage: message };
    // Both changes apply at once (the journal keeps them in order): no reader sees the job ended with its file still kept.
    const dropped = this.state.files.has(jobKey(job.poolId, job.jobId)) ? this.commit({ t: "dropFile", poolId: job.poolId, jobId: job.jobId }) : undefined;
    const recorded = this.commit({ t: "job", job: ended });
    this.ctx.logger.info(`Cognito ${job.poolId}: user import job ${job.jobId} ${status}: ${ended.imported} imported, ${ended.skipped} skipped, ${ended.failed} failed`);
    await Promise.all([dropped, recorded]);
    return ended;
  }

  /** Imports the job's rows from its next line on, a batch at a time, until done or stopped. */
  private async run(key: string): Promise<void> {
    let job = this.state.jobs.get(key);
    if (!job || !ACTIVE.has(job.status)) return;
    const pool = this.ctx.durable.state.pools.get(job.poolId);
    if (!pool) {
      await this.finish(job, "Failed", POOL_DELETED);
      return;
    }
    if (job.status === "Pending") {
      // AWS's StartDate moves to the moment the job leaves Pending (a recorded describe-user-import-job).
      job = { ...job, status: "InProgress", started: this.ctx.clock.now(), nextLine: 0 };
      await this.commit({ t: "job", job });
    }
    // Stopped while that was journaled: the job has its answer.
    if (!(await this.stillRunning(key))) return;
    const csv = this.state.files.get(key);
    let parsed;
    try {
      if (csv === undefined) throw new ImportFileError("No file was uploaded.");
      parsed = parseImportCsv(csv);
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      await this.finish(job, "Failed", FILE_UNPARSABLE);
      return;
    }
    const rules = importRules(this.ctx, pool);
    if (headerProblem(parsed.header, rules) !== undefined || parsed.rows.length > MAX_IMPORT_ROWS) {
      await this.finish(job, "Failed", FILE_UNPARSABLE);
      return;
    }
    const log = new ImportLog(this.ctx, this.options.dispatcher, pool, job);
    let index = job.nextLine ?? 0;
    while (index < parsed.rows.length) {
      const current = await this.stillRunning(key);
      if (!current) return;
      const batch = parsed.rows.slice(index, index + IMPORT_BATCH_ROWS);
      const counts = { imported: 0, skipped: 0, failed: 0 };
      // The batch's users and the job's counts are applied in one synchronous step and then awaited
      // together (one group commit): a StopUserImportJob comes between batches, and its answer counts
      // every user imported; none is imported after it.
      const written: Array<Promise<void>> = [];
      for (const row of batch) {
        const outcome = userFromRow(parsed.header, row, rules);
        if ("failure" in outcome) {
          counts.failed++;
          log.line("FAILED", row.line, outcome.failure);
        } else if (taken(pool, outcome.username, outcome.attributes)) {
          counts.skipped++;
          log.line("SKIPPED", row.line, USER_EXISTS);
        } else {
          written.push(write(this.ctx, { t: "user", poolId: pool.pool.id, user: importedUser(this.ctx, outcome) }));
          counts.imported++;
          log.line("SUCCEEDED", row.line, IMPORT_SUCCEEDED);
        }
      }
      index += batch.length;
      const progressed: ImportJob = { ...current, imported: current.imported + counts.imported, skipped: current.skipped + counts.skipped, failed: current.failed + counts.failed, nextLine: index };
      written.push(this.commit({ t: "job", job: progressed }));
      await Promise.all(written);
      await log.flush();
      if (index < parsed.rows.length) await new Promise((resolve) => setImmediate(resolve));
    }
    const current = await this.stillRunning(key);
    if (!current) return;
    const none = current.imported === 0 && current.failed + current.skipped > 0;
    await this.finish(current, none ? "Failed" : "Succeeded", none ? TOO_MANY_FAILED : COMPLETED_SUCCESSFULLY);
  }

  /**
   * The job as it is now if its run goes on; undefined when it was stopped or deleted meanwhile (it
   * has its answer already) or its pool was deleted (the job then fails).
   */
  private async stillRunning(key: string): Promise<ImportJob | undefined> {
    const current = this.state.jobs.get(key);
    if (!current || current.status !== "InProgress") return undefined;
    if (this.ctx.durable.state.pools.has(current.poolId)) return current;
    await this.finish(current, "Failed", POOL_DELETED);
    return undefined;
  }
}

export function newJobId(): string {
  let id = "import-";
  for (let i = 0; i < JOB_ID_LENGTH; i++) id += ALNUM.charAt(randomInt(0, ALNUM.length));
  return id;
}

function autoVerified(pool: PoolState): string[] {
  const value = pool.pool.config.AutoVerifiedAttributes;
  return Array.isArray(value) ? value.map(String).filter((name) => name === "email" || name === "phone_number") : [];
}

/** What the pool asks of each row (its header, required attributes, auto-verified attributes, MFA). */
export function importRules(ctx: CognitoContext, pool: PoolState): ImportRules {
  const schema = schemaAttributes(pool.pool.config.Schema);
  const typed = (type: string) => new Set(schema.filter((a) => a.AttributeDataType === type).map((a) => String(a.Name)));
  const mfa = pool.pool.config.MfaConfiguration;
  return {
    columns: getCSVHeader(ctx, { UserPoolId: pool.pool.id }).CSVHeader as string[],
    required: schema.filter((a) => a.Required === true && a.Name !== "sub" && STANDARD_ATTRIBUTES.has(String(a.Name))).map((a) => String(a.Name)),
    autoVerified: autoVerified(pool),
    mfa: mfa === "ON" || mfa === "OPTIONAL" ? mfa : "OFF",
    numbers: typed("Number"),
    booleans: typed("Boolean"),
    values: valueRules(pool.pool.config.Schema),
  };
}

/** A username (in any case when the pool ignores case) or an email / phone number used as a username already held. */
function taken(pool: PoolState, username: string, attributes: Record<string, string>): boolean {
  if (pool.users.has(username)) return true;
  if (caseInsensitive(pool) && findUser(pool, username)) return true;
  return usernameAttributes(pool).some((kind) => attributes[kind] !== undefined && findUser(pool, String(attributes[kind])) !== undefined);
}

function importedUser(ctx: CognitoContext, row: { username: string; attributes: Record<string, string>; mfaEnabled: boolean }): User {
  const now = ctx.clock.now();
  return {
    username: row.username,
    attributes: { sub: randomUUID(), ...row.attributes },
    enabled: true,
    status: "RESET_REQUIRED",
    created: now,
    modified: now,
    groups: [],
    tokenGeneration: 0,
    ...(row.mfaEnabled ? { mfa: { enabled: ["SMS_MFA"] } } : {}),
  };
}

/** One job's log stream in CloudWatch Logs, written a batch at a time through the dispatcher. */
class ImportLog {
  private pending: Array<{ timestamp: number; message: string }> = [];
  private ready: Promise<boolean> | undefined;
  private readonly group: string;
  private readonly stream: string;

  constructor(
    private readonly ctx: CognitoContext,
    private readonly dispatcher: AwsDispatcher | undefined,
    pool: PoolState,
    job: ImportJob,
  ) {
    this.group = `/aws/cognito/userpools/${pool.pool.id}/${pool.pool.name}`;
    this.stream = `${job.jobId}/${job.jobName}`;
  }

  /** "[SUCCEEDED] Line Number 5956 - The import succeeded." */
  line(outcome: "SUCCEEDED" | "SKIPPED" | "FAILED", line: number, message: string): void {
    this.pending.push({ timestamp: this.ctx.clock.now(), message: `[${outcome}] Line Number ${line} - ${message}` });
  }

  async flush(): Promise<void> {
    const events = this.pending;
    this.pending = [];
    if (!this.dispatcher || events.length === 0) return;
    this.ready ??= this.open(this.dispatcher);
    if (!(await this.ready)) return;
    try {
      await this.dispatcher.call("logs", "PutLogEvents", { logGroupName: this.group, logStreamName: this.stream, logEvents: events });
    } catch (error) {
      this.ctx.logger.warn(`Cognito: the import log ${this.group} could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Creates the group and stream unless they exist; false when Logs cannot be reached. */
  private async open(dispatcher: AwsDispatcher): Promise<boolean> {
    try {
      for (const [action, input] of [
        ["CreateLogGroup", { logGroupName: this.group }],
        ["CreateLogStream", { logGroupName: this.group, logStreamName: this.stream }],
      ] as const) {
        await dispatcher.call("logs", action, input).catch((error: unknown) => {
          if ((error as { code?: string }).code !== "ResourceAlreadyExistsException") throw error;
        });
      }
      return true;
    } catch (error) {
      this.ctx.logger.warn(`Cognito: the import log ${this.group} could not be created: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
