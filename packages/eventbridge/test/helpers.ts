import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import {
  MemoryStore, VirtualClock, serveHandler, silentLogger,
  type AwsDispatcher, type EdgeRequest, type EdgeResponse, type LambdaInvokeRequest, type LambdaInvokeResult, type LambdaInvoker, type Store,
} from "@sam-sandbox/core";
import { createEventBridge, type EventBridge, type RuleSchedules } from "../src/index.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** Records the Lambda targets' invocations; fails while `failWith` is set. */
export class FakeInvoker implements LambdaInvoker {
  readonly calls: { request: LambdaInvokeRequest; event: unknown }[] = [];
  failWith: Error | undefined;

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ request, event: JSON.parse(request.payload.toString("utf8")) as unknown });
    return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
  }
}

/** Records the dispatcher's calls (SNS, Step Functions, SQS targets). */
export class FakeDispatcher implements AwsDispatcher {
  readonly calls: { service: string; action: string; input: Record<string, unknown> }[] = [];
  /** Answers by "service:Action" (default {}). */
  readonly answers = new Map<string, Record<string, unknown>>();

  async call(service: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.calls.push({ service, action, input });
    return this.answers.get(`${service}:${action}`) ?? {};
  }
}

/** Lets promises run until `condition` holds (no timers involved). */
export async function until(condition: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export interface Harness {
  eb: EventBridge;
  client: EventBridgeClient;
  url: string;
  clock: VirtualClock;
  invoker: FakeInvoker;
  dispatcher: FakeDispatcher;
  close(): Promise<void>;
}

/** One EventBridge per test file, served on port 0 and driven by the real AWS SDK. */
export async function startEventBridge(store: Store = new MemoryStore(), schedules?: RuleSchedules): Promise<Harness> {
  const clock = new VirtualClock(NOW);
  const invoker = new FakeInvoker();
  const dispatcher = new FakeDispatcher();
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
  const server = await serveHandler((req) => handle(req));
  const eb = await createEventBridge({ store, clock, logger: silentLogger, region: REGION, accountId: ACCOUNT, edgeUrl: server.url, invoker, dispatcher, ...(schedules ? { schedules } : {}) });
  handle = eb.service.handle;
  const client = new EventBridgeClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  return {
    eb, client, url: server.url, clock, invoker, dispatcher,
    async close() {
      client.destroy();
      await eb.close();
      await server.close();
    },
  };
}
