/** Starts the Lambda service on a free port and a real AWS SDK client pointed at it. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { EventBus, RealClock, VirtualClock, serveHandler, silentLogger, type EdgeRequest, type EdgeResponse } from "@sam-sandbox/core";
import { createLambda, type LambdaFunctionConfig, type LambdaOptions, type LambdaRuntime } from "../src/index.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";

/** A function config with the template's defaults; `app` is a directory under fixtures/ (or absolute). */
export function fn(functionName: string, app: string, handler: string, extra: Partial<LambdaFunctionConfig> = {}): LambdaFunctionConfig {
  return {
    functionName,
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    handler,
    runtime: "nodejs20.x",
    codeDir: isAbsolute(app) ? app : join(FIXTURES, app),
    timeoutSeconds: 30,
    memorySizeMb: 128,
    environment: {},
    architectures: ["x86_64"],
    layers: [],
    ...extra,
  };
}

export interface TestLambda {
  runtime: LambdaRuntime;
  /** The sandbox clock (idle reclamation, async retries). */
  clock: VirtualClock;
  client: LambdaClient;
  events: EventBus;
  url: string;
  /** Where uploaded packages are unzipped (under `.code/` and `.layers/`). */
  buildDir: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** More of createLambda's options (watch, concurrencyLimit, …). */
  lambda?: Partial<LambdaOptions>;
  /** Serves edge requests the Lambda API does not (another service's stub), by X-Amz-Target. */
  otherService?: (req: EdgeRequest) => Promise<EdgeResponse>;
}

/**
 * Function timeouts run on a real clock scaled by 0.25 (a 1-second Timeout expires
 * after 250 ms); idle reclamation runs on a virtual clock that tests never advance.
 */
export async function startLambda(functions: LambdaFunctionConfig[], options: StartOptions = {}): Promise<TestLambda> {
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = async () => ({ status: 503, headers: {}, body: "" });
  const other = options.otherService;
  const server = await serveHandler((req) => (other && req.headers["x-amz-target"] ? other(req) : handle(req)));
  const buildDir = mkdtempSync(join(tmpdir(), "sandbox-lambda-"));
  const events = new EventBus();
  const clock = new VirtualClock();
  const runtime = await createLambda({
    functions,
    region: REGION,
    accountId: ACCOUNT,
    edgeUrl: server.url,
    buildDir,
    clock,
    wallClock: new RealClock(0.25),
    logger: silentLogger,
    events,
    ...options.lambda,
  });
  handle = runtime.service.handle;
  const client = new LambdaClient({
    endpoint: server.url,
    region: REGION,
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
  return {
    runtime,
    clock,
    client,
    events,
    url: server.url,
    buildDir,
    async close() {
      client.destroy();
      await runtime.close();
      await server.close();
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

const decoder = new TextDecoder();

export function payloadOf(out: { Payload?: Uint8Array }): unknown {
  const text = out.Payload ? decoder.decode(out.Payload) : "";
  return text === "" ? undefined : JSON.parse(text);
}

export function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** The error a call fails with: its name, message and HTTP status (throws if it succeeds). */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected a failure");
}
