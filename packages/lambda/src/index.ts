/**
 * @sam-sandbox/lambda — runs Node.js Lambda handlers in worker threads (one execution
 * environment per worker, reused warm) and serves the Lambda API on the edge port.
 */
import type { AwsService, Clock, EventBus, LambdaInvoker, Logger } from "@sam-sandbox/core";
import { RealClock, SandboxError } from "@sam-sandbox/core";
import { LambdaEngine } from "./engine/engine.js";
import { lambdaWire } from "./wire.js";

/** A function to run. Structurally a subset of the template's FunctionSpec. */
export interface LambdaFunctionConfig {
  functionName: string;
  arn: string;
  /** "index.handler", "src/handlers/get.handler" */
  handler: string;
  /** "nodejs20.x", … */
  runtime: string;
  /** Absolute directory of the code (CodeUri). */
  codeDir: string;
  /** SAM `Metadata: BuildMethod: esbuild` and its BuildProperties. */
  build?: { method: "esbuild"; properties: Record<string, unknown> };
  timeoutSeconds: number;
  memorySizeMb: number;
  environment: Record<string, string>;
  architectures: string[];
  tracing?: "Active" | "PassThrough";
  layers: string[];
  reservedConcurrency?: number;
  description?: string;
  logFormat?: "Text" | "JSON";
}

export interface LambdaOptions {
  functions: LambdaFunctionConfig[];
  region: string;
  accountId: string;
  /** The edge URL handlers' SDK clients call (AWS_ENDPOINT_URL inside the function). */
  edgeUrl: string;
  /** Where esbuild writes bundles (one directory per function). */
  buildDir: string;
  /** The sandbox clock: idle environments are reclaimed and async retries wait on it. */
  clock: Clock;
  logger: Logger;
  events: EventBus;
  /**
   * Measures function timeouts, which are wall-clock time. Default: real time. Tests may
   * pass `new RealClock(0.05)` to make a 1-second Timeout expire after 50 ms.
   */
  wallClock?: Clock;
  /** How long an idle environment is kept warm (sandbox clock). Default 10 minutes. */
  idleEnvironmentMs?: number;
}

export interface LambdaRuntime {
  /** The Lambda API, for the edge (signing name "lambda", path /2015-03-31/functions). */
  service: AwsService;
  /** Invokes functions for other services (API Gateway, Step Functions, …). */
  invoker: LambdaInvoker;
  /** Builds every function now (build errors show at start-up instead of on first call). */
  prepare(): Promise<Array<{ functionName: string; errorType: string; errorMessage: string }>>;
  /** The code of these functions (all when omitted) changed: rebuild and start fresh environments. */
  reload(functionNames?: readonly string[]): void;
  /** Stops every environment. */
  close(): Promise<void>;
}

export async function createLambda(options: LambdaOptions): Promise<LambdaRuntime> {
  const seen = new Set<string>();
  for (const fn of options.functions) {
    if (seen.has(fn.functionName)) {
      throw new SandboxError(`Two functions are named ${fn.functionName}`, { hint: "FunctionName must be unique in a region." });
    }
    seen.add(fn.functionName);
  }
  const engine = new LambdaEngine({ ...options, wallClock: options.wallClock ?? new RealClock() });
  const handle = lambdaWire(engine, options.logger);
  return {
    service: {
      name: "lambda",
      route: { signingNames: ["lambda"], pathPrefixes: ["/2015-03-31/functions"] },
      handle,
      close: () => engine.close(),
    },
    invoker: engine,
    prepare: () => engine.prepare(),
    reload: (names) => engine.reload(names),
    close: () => engine.close(),
  };
}
