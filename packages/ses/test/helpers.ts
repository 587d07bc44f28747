import { SESClient } from "@aws-sdk/client-ses";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { AwsError, MemoryStore, VirtualClock, serveHandler, type AwsDispatcher, type Logger, type Store } from "@sam-sandbox/core";
import { createSes, type Ses } from "../src/index.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A Logger that keeps what it is told. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => void lines.push(m), warn: (m) => void lines.push(m), error: (m) => void lines.push(m), debug() {} };
}

/** A dispatcher that records SNS Publish calls; a topic not in `topics` is SNS's NotFound. */
export class FakeDispatcher implements AwsDispatcher {
  readonly calls: Array<{ service: string; action: string; input: Record<string, unknown> }> = [];
  readonly topics = new Set<string>();
  async call(service: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (service === "sns" && !this.topics.has(String(input.TopicArn))) throw new AwsError("NotFound", "Topic does not exist", 404);
    this.calls.push({ service, action, input });
    return {};
  }
}

export interface Harness {
  ses: Ses;
  v1: SESClient;
  v2: SESv2Client;
  url: string;
  clock: VirtualClock;
  logger: ReturnType<typeof recordingLogger>;
  dispatcher: FakeDispatcher;
  close(): Promise<void>;
}

/** One SES served on port 0, driven by the real AWS SDK clients of both APIs. */
export async function startSes(options: { store?: Store; clock?: VirtualClock } = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock(NOW);
  const logger = recordingLogger();
  const dispatcher = new FakeDispatcher();
  const ses = await createSes({ store: options.store ?? new MemoryStore(), clock, logger, region: REGION, accountId: ACCOUNT, dispatcher });
  const server = await serveHandler(ses.service.handle);
  const config = { endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 };
  const v1 = new SESClient(config);
  const v2 = new SESv2Client(config);
  return {
    ses, v1, v2, url: server.url, clock, logger, dispatcher,
    async close() {
      v1.destroy();
      v2.destroy();
      await ses.close();
      await server.close();
    },
  };
}

/** An SDK call's failure as "Code: message" (or "ok"). */
export const failure = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "ok",
    (error: Error) => `${error.name}: ${error.message}`,
  );
