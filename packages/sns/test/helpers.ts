import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SNSClient } from "@aws-sdk/client-sns";
import {
  EventBus, MemoryStore, VirtualClock, serveHandler, silentLogger,
  type EdgeRequest, type EdgeResponse, type LambdaInvokeRequest, type LambdaInvokeResult, type LambdaInvoker, type Logger,
} from "@sam-sandbox/core";
import { createSns, type Sns } from "../src/index.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A LambdaInvoker that records what SNS sends; fails with `failWith` when set. */
export class FakeInvoker implements LambdaInvoker {
  readonly calls: { request: LambdaInvokeRequest; event: unknown }[] = [];
  failWith: Error | undefined;

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ request, event: JSON.parse(request.payload.toString("utf8")) });
    return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
  }

  eventsFor(functionArn: string): unknown[] {
    return this.calls.filter((c) => c.request.functionName === functionArn).map((c) => c.event);
  }
}

/** Lines the service logged, for email/SMS assertions. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  readonly debugLines: string[] = [];
  info = (m: string) => void this.lines.push(m);
  warn = (m: string) => void this.lines.push(m);
  error = (m: string) => void this.lines.push(m);
  debug = (m: string) => void this.debugLines.push(m);

  /** Lines mentioning a retry: each is written just before the retry's timer is set on the clock. */
  retries(): number {
    return this.debugLines.filter((l) => l.includes("retrying in")).length;
  }
}

/** Lets I/O and promises run until `condition` holds (no timers involved). */
export async function until(condition: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export interface Harness {
  sns: Sns;
  client: SNSClient;
  url: string;
  clock: VirtualClock;
  invoker: FakeInvoker;
  events: EventBus;
  logger: RecordingLogger;
  close(): Promise<void>;
}

/** One SNS per test file, served on port 0 and driven by the real AWS SDK. */
export async function startSns(): Promise<Harness> {
  const clock = new VirtualClock(NOW);
  const invoker = new FakeInvoker();
  const events = new EventBus();
  const logger = new RecordingLogger();
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
  const server = await serveHandler((req) => handle(req));
  const sns = await createSns({ store: new MemoryStore(), clock, logger, events, region: REGION, accountId: ACCOUNT, invoker, edgeUrl: server.url });
  handle = sns.service.handle;
  const client = new SNSClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  return {
    sns, client, url: server.url, clock, invoker, events, logger,
    async close() {
      client.destroy();
      await sns.close();
      await server.close();
    },
  };
}

export function lambdaArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP endpoint that records requests and answers with `status()`. */
export async function startEndpoint(status: () => number = () => 200): Promise<{
  url: string;
  received: Received[];
  next(count: number): Promise<void>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status()).end();
      for (const w of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    next: (count) => (received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export async function caught(promise: Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error("expected the call to fail");
}
