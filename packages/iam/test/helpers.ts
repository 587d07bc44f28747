import { IAMClient, type IAMServiceException } from "@aws-sdk/client-iam";
import { serveHandler, VirtualClock, type Store } from "@sam-sandbox/core";
import { createIam, type Iam } from "../src/index.js";

export const ACCOUNT = "000000000000";
export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

export const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export const S3_READ = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::bucket/*" }],
});

export interface IamServer {
  iam: Iam;
  clock: VirtualClock;
  url: string;
  /** An IAM client signed with these credentials (default: the sandbox's long-term keys, the root user). */
  client(credentials?: { accessKeyId: string; secretAccessKey: string }): IAMClient;
  close(): Promise<void>;
}

/** IAM alone, served on a free port, for the real SDK. */
export async function startIam(options: { store?: Store } = {}): Promise<IamServer> {
  const clock = new VirtualClock(NOW);
  const iam = await createIam({ clock, accountId: ACCOUNT, ...(options.store ? { store: options.store } : {}) });
  const server = await serveHandler(iam.service.handle);
  const clients: IAMClient[] = [];
  return {
    iam,
    clock,
    url: server.url,
    client(credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" }) {
      // One attempt: the SDK retries LimitExceeded as a throttling error.
      const c = new IAMClient({ endpoint: server.url, region: "us-east-1", credentials, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
    },
  };
}

export async function failure(promise: Promise<unknown>): Promise<IAMServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as IAMServiceException;
  }
  throw new Error("expected the call to fail");
}

/** The error as a caller sees it: code, HTTP status, message. */
export async function errorOf(promise: Promise<unknown>) {
  const e = await failure(promise);
  return { code: e.name, status: e.$metadata.httpStatusCode, message: e.message };
}
