import { KinesisClient } from "@aws-sdk/client-kinesis";
import {
  MemoryStore, VirtualClock, serveHandler, silentLogger,
  type LambdaInvokeRequest, type LambdaInvokeResult, type LambdaInvoker, type Store,
} from "@sam-sandbox/core";
import { createKinesis, type Kinesis } from "../src/index.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

export interface KinesisEvent {
  Records: Array<{ kinesis: { data: string; partitionKey: string; sequenceNumber: string }; eventID: string; eventSourceARN: string } & Record<string, unknown>>;
}

/** A LambdaInvoker that records each event and answers with what `respond` returns. */
export class FakeInvoker implements LambdaInvoker {
  readonly events: Array<{ functionName: string; event: KinesisEvent }> = [];
  respond: (event: KinesisEvent) => { payload?: unknown; functionError?: string } = () => ({ payload: null });

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    const event = JSON.parse(request.payload.toString("utf8")) as KinesisEvent;
    this.events.push({ functionName: request.functionName, event });
    const answer = this.respond(event);
    return {
      statusCode: 200,
      payload: Buffer.from(JSON.stringify(answer.payload ?? null)),
      ...(answer.functionError ? { functionError: answer.functionError } : {}),
      executedVersion: "$LATEST",
    };
  }
}

export interface Harness {
  kinesis: Kinesis;
  client: KinesisClient;
  /** The server's base URL (HTTP/1.1 and h2c). */
  url: string;
  clock: VirtualClock;
  invoker: FakeInvoker;
  failures: Array<{ destination: string; message: string }>;
  close(): Promise<void>;
}

/**
 * One Kinesis served on port 0 (HTTP/1.1 and h2c, as the edge serves it), driven by the real
 * AWS SDK with its default HTTP/2 handler.
 */
export async function startKinesis(options: { store?: Store; clock?: VirtualClock } = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock(NOW);
  const invoker = new FakeInvoker();
  const failures: Harness["failures"] = [];
  const kinesis = await createKinesis({
    store: options.store ?? new MemoryStore(), clock, logger: silentLogger, region: REGION, accountId: ACCOUNT, invoker,
    sendOnFailure: async (destination, message) => void failures.push({ destination, message }),
  });
  const server = await serveHandler(kinesis.service.handle, { h2c: true });
  const client = new KinesisClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  return {
    kinesis, client, url: server.url, clock, invoker, failures,
    async close() {
      client.destroy();
      await kinesis.close();
      await server.close();
    },
  };
}

/** Lets I/O and promises run until `condition` holds (no timers involved). */
export async function until(condition: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const text = (data: Uint8Array | undefined): string => Buffer.from(data ?? new Uint8Array()).toString("utf8");
