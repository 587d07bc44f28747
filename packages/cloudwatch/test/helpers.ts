import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  MemoryStore, VirtualClock, serveHandler, silentLogger,
  type AwsDispatcher, type EdgeRequest, type EdgeResponse, type Store,
} from "@sam-sandbox/core";
import { createCloudWatch, type CloudWatch } from "../src/index.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
/** A minute boundary: alarms evaluate at the end of each period. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A dispatcher that records each call (SNS Publish, Lambda Invoke of alarm actions). */
export class FakeDispatcher implements AwsDispatcher {
  readonly calls: Array<{ service: string; action: string; input: Record<string, unknown> }> = [];
  async call(service: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.calls.push({ service, action, input });
    return {};
  }
}

export interface Harness {
  cw: CloudWatch;
  client: CloudWatchClient;
  url: string;
  clock: VirtualClock;
  dispatcher: FakeDispatcher;
  close(): Promise<void>;
}

/** One CloudWatch served on port 0, driven by the real AWS SDK (awsJson 1.0). */
export async function startCloudWatch(options: { store?: Store; clock?: VirtualClock } = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock(NOW);
  const dispatcher = new FakeDispatcher();
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
  const server = await serveHandler((req) => handle(req));
  const cw = await createCloudWatch({ store: options.store ?? new MemoryStore(), clock, logger: silentLogger, region: REGION, accountId: ACCOUNT, dispatcher });
  handle = cw.service.handle;
  const client = new CloudWatchClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  return {
    cw, client, url: server.url, clock, dispatcher,
    async close() {
      client.destroy();
      await cw.close();
      await server.close();
    },
  };
}

/** A form-urlencoded Query/XML request, as awscli v1 (older), aws-sdk v2 and boto3 send it. */
export async function query(url: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=x",
    },
    body: new URLSearchParams({ Version: "2010-08-01", ...params }).toString(),
  });
  return { status: res.status, body: await res.text() };
}
