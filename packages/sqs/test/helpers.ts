import { SQSClient } from "@aws-sdk/client-sqs";
import {
  MemoryStore, VirtualClock, serveHandler, silentLogger,
  type EdgeRequest, type EdgeResponse, type LambdaInvokeRequest, type LambdaInvokeResult, type LambdaInvoker, type Store,
} from "@sam-sandbox/core";
import { createSqs, type Sqs } from "../src/index.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A LambdaInvoker that records each event and answers with what `respond` returns. */
export class FakeInvoker implements LambdaInvoker {
  readonly events: Array<{ functionName: string; event: { Records: Array<Record<string, unknown>> } }> = [];
  respond: (event: { Records: Array<Record<string, unknown>> }) => { payload?: unknown; functionError?: string } = () => ({ payload: null });

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    const event = JSON.parse(request.payload.toString("utf8")) as { Records: Array<Record<string, unknown>> };
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
  sqs: Sqs;
  client: SQSClient;
  url: string;
  clock: VirtualClock;
  invoker: FakeInvoker;
  close(): Promise<void>;
}

/** One SQS served on port 0, driven by the real AWS SDK (awsJson 1.0). */
export async function startSqs(options: { store?: Store; clock?: VirtualClock } = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock(NOW);
  const invoker = new FakeInvoker();
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
  const server = await serveHandler((req) => handle(req));
  const sqs = await createSqs({ store: options.store ?? new MemoryStore(), clock, logger: silentLogger, region: REGION, accountId: ACCOUNT, edgeUrl: server.url, invoker });
  handle = sqs.service.handle;
  const client = new SQSClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  return {
    sqs, client, url: server.url, clock, invoker,
    async close() {
      client.destroy();
      await sqs.close();
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
  throw new Error(`gave up waiting for ${what}`);
}

/** A form-urlencoded Query/XML request, as awscli v1 and older SDKs send it. */
export async function query(url: string, params: Record<string, string>, path = "/"): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x",
    },
    body: new URLSearchParams({ Version: "2012-11-05", ...params }).toString(),
  });
  return { status: res.status, body: await res.text() };
}
