import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import AdmZip from "adm-zip";
import { BatchGetTracesCommand, type XRayClient } from "@aws-sdk/client-xray";
import { createSandbox, type RunningSandbox, type SandboxOptions } from "@sam-sandbox/sandbox";
import { expect } from "vitest";
import WebSocket from "ws";

/** Work that finishes after the call that started it (deliveries, segments stored in the background): poll it, bounded. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An X-Ray segment document as BatchGetTraces returns it: the fields the tests read. */
export interface SegmentDoc {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  origin?: string;
  namespace?: string;
  resource_arn?: string;
  start_time: number;
  end_time?: number;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number } };
  cause?: { exceptions?: Array<{ message?: string; type?: string }> };
  subsegments?: SegmentDoc[];
}

/** The trace's segment documents once it holds `count` and `ready` holds of them (the store places late subsegments under their parents). */
export async function traceSegments(xray: XRayClient, traceId: string, count: number, ready: (docs: SegmentDoc[]) => boolean = () => true): Promise<SegmentDoc[]> {
  const read = async () => {
    const out = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    return (out.Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as SegmentDoc);
  };
  return eventually(read, (docs) => docs.length >= count && ready(docs));
}

/** The trace's one document of `origin`. */
export function only(docs: SegmentDoc[], origin: string): SegmentDoc {
  const found = docs.filter((d) => d.origin === origin);
  expect(found, origin).toHaveLength(1);
  return found[0];
}

/** A sandbox on a Cognito template fixture, with a user pools client on its edge port. */
export async function startCognitoSandbox(template: string, options: Omit<SandboxOptions, "template" | "port" | "edgePort">): Promise<{ sandbox: RunningSandbox; cognito: CognitoIdentityProviderClient }> {
  const sandbox = await createSandbox({ template, port: 0, edgePort: 0, ...options });
  const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  return { sandbox, cognito };
}

/**
 * Creates a nodejs20.x function per entry (name → the source of its index.js, handler index.handler)
 * with CreateFunction from a zip, as a user deploying with the SDK does.
 */
export async function createZipFunctions(endpoint: string, role: string, sources: Record<string, string>): Promise<void> {
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  try {
    for (const [name, code] of Object.entries(sources)) {
      const zip = new AdmZip();
      zip.addFile("index.js", Buffer.from(code));
      await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Role: role, Code: { ZipFile: new Uint8Array(zip.toBuffer()) } }));
    }
  } finally {
    lambda.destroy();
  }
}

/** A connected WebSocket client and the text frames it receives, awaited one by one. */
export interface WebSocketClient {
  ws: WebSocket;
  next(): Promise<string>;
}

/** Connects to `url` (with extra handshake headers); `opened` collects the socket for the test's cleanup. */
export async function openWebSocket(url: string, opened: WebSocket[], headers: Record<string, string> = {}): Promise<WebSocketClient> {
  const ws = new WebSocket(url, { headers });
  opened.push(ws);
  const frames: string[] = [];
  const waiters: Array<(frame: string) => void> = [];
  ws.on("message", (data: Buffer) => {
    const waiter = waiters.shift();
    if (waiter) waiter(data.toString("utf8"));
    else frames.push(data.toString("utf8"));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { ws, next: () => new Promise((resolve) => (frames.length > 0 ? resolve(frames.shift() ?? "") : waiters.push(resolve))) };
}

/** The HTTP status with which a handshake to `url` is refused. */
export function handshakeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url, { headers });
  ws.on("error", () => undefined);
  return new Promise<number>((resolve) =>
    ws.once("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    }),
  );
}
