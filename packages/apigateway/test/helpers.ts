import { request as httpRequest } from "node:http";
import {
  type AwsDispatcher,
  EventBus,
  type LambdaInvokeRequest,
  type LambdaInvokeResult,
  type LambdaInvoker,
  serveHandler,
  silentLogger,
  type Tracer,
  VirtualClock,
} from "@sam-sandbox/core";
import { type ApiConfig, createApiGateway, type RouteConfig } from "../src/index.js";

/** A function's scripted answer: any JSON value, a thrown error, or raw payload bytes. */
export type Script = (event: Record<string, unknown>) => unknown;

/** Raw payload bytes, for results that are not JSON. */
export class RawPayload {
  constructor(readonly bytes: Buffer) {}
}

/** An in-process LambdaInvoker: records every call and answers from scripts. */
export class FakeLambda implements LambdaInvoker {
  readonly calls: LambdaInvokeRequest[] = [];
  private readonly scripts = new Map<string, Script>();
  private waiters: Array<() => void> = [];

  script(functionName: string, fn: Script): void {
    this.scripts.set(functionName, fn);
  }

  /** The event of the last invocation. */
  lastEvent(): Record<string, unknown> {
    const last = this.calls[this.calls.length - 1];
    if (!last) throw new Error("no invocation");
    return JSON.parse(last.payload.toString("utf8")) as Record<string, unknown>;
  }

  /** Resolves at the next invocation. */
  nextCall(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async invoke(req: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    this.calls.push(req);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    const fn = this.scripts.get(req.functionName);
    if (!fn) throw new Error(`Function not found: ${req.functionName}`);
    const event = JSON.parse(req.payload.toString("utf8")) as Record<string, unknown>;
    try {
      const result = await fn(event);
      const payload = result instanceof RawPayload ? result.bytes : Buffer.from(JSON.stringify(result) ?? "null");
      return { statusCode: 200, payload, executedVersion: "$LATEST" };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return {
        statusCode: 200,
        functionError: "Unhandled",
        payload: Buffer.from(JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: [] })),
        executedVersion: "$LATEST",
      };
    }
  }
}

/** One call an AwsDispatcher received. */
export interface DispatchedCall {
  service: string;
  action: string;
  input: Record<string, unknown>;
}

/** An in-process AwsDispatcher: records every call and answers from a script (a thrown AwsError is Step Functions' error). */
export class FakeDispatcher implements AwsDispatcher {
  readonly calls: DispatchedCall[] = [];
  answer: (call: DispatchedCall) => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({});
  private waiters: Array<() => void> = [];

  /** Resolves at the next call. */
  nextCall(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async call(service: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const call = { service, action, input };
    this.calls.push(call);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    return this.answer(call);
  }
}

/** 25 Nov 2026 12:00:00 UTC: requestContext.time reads "25/Nov/2026:12:00:00 +0000". */
export const START = Date.UTC(2026, 10, 25, 12, 0, 0);

export interface Harness {
  url: string;
  lambda: FakeLambda;
  dispatcher: FakeDispatcher;
  clock: VirtualClock;
  events: EventBus;
  gateway: ReturnType<typeof createApiGateway>;
  warnings: string[];
  close(): Promise<void>;
}

/** The gateway behind serveHandler on a free port, with a fake Lambda, a fake dispatcher (unless `withDispatcher` is false) and a virtual clock. */
export async function startGateway(apis: ApiConfig[], options: { withDispatcher?: boolean; tracer?: Tracer; cognitoIssuer?: (poolId: string) => string } = {}): Promise<Harness> {
  const lambda = new FakeLambda();
  const dispatcher = new FakeDispatcher();
  const clock = new VirtualClock(START);
  const events = new EventBus();
  const warnings: string[] = [];
  const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
  const gateway = createApiGateway({
    apis,
    invoker: lambda,
    dispatcher: options.withDispatcher === false ? undefined : dispatcher,
    region: "us-east-1",
    accountId: "123456789012",
    clock,
    logger,
    events,
    tracer: options.tracer,
    cognitoIssuer: options.cognitoIssuer,
  });
  const server = await serveHandler((req) => gateway.handle(req));
  return { url: server.url, lambda, dispatcher, clock, events, gateway, warnings, close: () => server.close() };
}

/** A request with raw header lines (repeated names kept), which fetch cannot send. */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers: string[]; body?: Buffer },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${options.path}`, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

export function httpApi(routes: ApiConfig["routes"], extra: Partial<ApiConfig> = {}): ApiConfig {
  return { logicalId: "ServerlessHttpApi", kind: "http", apiId: "abcde12345", stageName: "$default", routes, ...extra };
}

export function restApi(routes: ApiConfig["routes"], extra: Partial<ApiConfig> = {}): ApiConfig {
  return { logicalId: "ServerlessRestApi", kind: "rest", apiId: "fghij67890", stageName: "Prod", routes, ...extra };
}

/** <method> <path> (GET unless named): a MOCK integration whose 200 response writes `template`. */
export function mocked(path: string, template: string, method = "GET"): RouteConfig {
  return {
    method,
    path,
    functionName: "",
    payloadFormatVersion: "1.0",
    awsIntegration: {
      service: "mock",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      responses: [{ statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": template } }],
    },
  };
}

/** POST <path>: a Lambda (non-proxy) integration whose request template is `template`; the function echoes its payload. */
export function templated(path: string, template: string): RouteConfig {
  return {
    method: "POST",
    path,
    functionName: "echo",
    payloadFormatVersion: "1.0",
    awsIntegration: { service: "lambda", requestTemplates: { "application/json": template }, responses: [{ statusCode: "200" }] },
  };
}
