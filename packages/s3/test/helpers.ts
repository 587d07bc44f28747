import { CreateBucketCommand, S3Client, S3ServiceException, type CreateBucketCommandInput } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import { lookup } from "node:dns/promises";
import { join } from "node:path";
import { FileStore, MemoryStore, RealClock, serveHandler, silentLogger, type Store } from "@sam-sandbox/core";
import { createS3, type S3, type S3Options } from "../src/index.js";

export interface S3Fixture {
  s3: S3;
  url: string;
  port: number;
  /** forcePathStyle: true, as tests and awscli with a custom endpoint use. */
  client: S3Client;
  close(): Promise<void>;
}

export const CREDENTIALS = { accessKeyId: "x", secretAccessKey: "x" };

/** One S3 service on a free port, in memory (unless given a store), with a path-style SDK client. */
export async function startS3(options: Partial<Pick<S3Options, "invoker" | "functions" | "queues" | "topics" | "eventBridge" | "blobDir" | "clock">> & { store?: Store } = {}): Promise<S3Fixture> {
  const { store = new MemoryStore(), ...rest } = options;
  const s3 = await createS3({ store, clock: new RealClock(), logger: silentLogger, region: "us-east-1", accountId: "000000000000", ...rest });
  const server = await serveHandler(s3.service.handle);
  const client = new S3Client({ endpoint: server.url, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true });
  return {
    s3,
    url: server.url,
    port: server.port,
    client,
    close: async () => {
      client.destroy();
      await server.close();
      await s3.close();
    },
  };
}

/** One run of S3 over the data directory `dir` (records in state/, bodies in objects/): a second run is a restart. */
export async function runOnDisk<T>(dir: string, use: (client: S3Client) => Promise<T>): Promise<T> {
  const store = new FileStore({ dir: join(dir, "state") });
  const fixture = await startS3({ store, blobDir: join(dir, "objects") });
  try {
    return await use(fixture.client);
  } finally {
    await fixture.close();
    await store.close();
  }
}

let counter = 0;
/** A bucket name no other test in the file uses. */
export function bucketName(): string {
  return `test-bucket-${process.pid}-${++counter}`;
}

/** Creates a bucket with a fresh name (bucketName) and answers its name. */
export async function createBucket(client: S3Client, extra: Omit<CreateBucketCommandInput, "Bucket"> = {}): Promise<string> {
  const bucket = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: bucket, ...extra }));
  return bucket;
}

/** The S3 error a call fails with (anything else, or success, fails the test). */
export async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Whether `<probe>.localhost` resolves here (glibc without nss-myhostname does not): bounded, never a DNS wait. */
export async function resolvesLocalhostSubdomains(probe: string): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref());
  const answer = lookup(`${probe}.localhost`).then((a) => a.address === "127.0.0.1" || a.address === "::1", () => false);
  return Promise.race([answer, timeout]);
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs an S3 tool users bring (s3cmd, rclone) with `env` alone; resolves with its output whatever its exit code. */
export function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ stdout, stderr, code });
    });
  });
}
