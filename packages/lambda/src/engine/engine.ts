/**
 * The Lambda engine: the function registry, built artifacts and each function's
 * environments. Typed input → output or AwsError; no HTTP (that is wire.ts).
 */
import { fileURLToPath } from "node:url";
import type { Clock, EventBus, LambdaInvokeResult, LambdaInvoker, Logger, TimerHandle } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import { IDLE_ENVIRONMENT_MS } from "../limits.js";
import { ArtifactCache, type Artifact } from "./artifact.js";
import { ExecutionEnvironment } from "./environment.js";
import { logStreamName as newLogStreamName } from "./invocationLog.js";
import { getFunction, getFunctionConfiguration, listFunctions } from "./getFunction.js";
import { invoke, type InvokeContext, type InvokeRequest } from "./invoke.js";
import { EnvironmentPool } from "./pool.js";
import { FunctionRegistry } from "./registry.js";
import { runtimeEnvironment } from "./runtimeEnv.js";

export interface EngineOptions {
  functions: readonly LambdaFunctionConfig[];
  region: string;
  accountId: string;
  edgeUrl: string;
  buildDir: string;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  wallClock: Clock;
  idleEnvironmentMs?: number;
}

const RUNTIME_DIR = fileURLToPath(new URL("../worker/", import.meta.url));

export class LambdaEngine implements LambdaInvoker, InvokeContext {
  readonly registry: FunctionRegistry;
  readonly artifacts: ArtifactCache;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly region: string;
  readonly retryTimers = new Set<TimerHandle>();
  closed = false;
  private readonly pools = new Map<string, EnvironmentPool>();

  constructor(private readonly options: EngineOptions) {
    this.registry = new FunctionRegistry(options.functions, options.region, options.accountId, options.clock.now());
    this.artifacts = new ArtifactCache(options.buildDir, options.logger);
    this.events = options.events;
    this.clock = options.clock;
    this.logger = options.logger;
    this.region = options.region;
  }

  invoke(request: InvokeRequest): Promise<LambdaInvokeResult> {
    return invoke(this, request);
  }

  getFunction(functionName: string, qualifier?: string): Record<string, unknown> {
    return getFunction(this.registry, this.options.accountId, functionName, qualifier);
  }

  getFunctionConfiguration(functionName: string, qualifier?: string): Record<string, unknown> {
    return getFunctionConfiguration(this.registry, this.options.accountId, functionName, qualifier);
  }

  listFunctions(marker?: string, maxItems?: number): Record<string, unknown> {
    return listFunctions(this.registry, this.options.accountId, marker, maxItems);
  }

  poolFor(fn: LambdaFunctionConfig): EnvironmentPool {
    let pool = this.pools.get(fn.functionName);
    if (!pool) {
      pool = new EnvironmentPool(
        this.clock,
        this.options.idleEnvironmentMs ?? IDLE_ENVIRONMENT_MS,
        fn.reservedConcurrency,
      );
      this.pools.set(fn.functionName, pool);
    }
    return pool;
  }

  /** Builds every function now, so build errors show at start-up rather than on first call. */
  /** Builds every function; answers the ones whose code cannot load, with why. */
  async prepare(): Promise<Array<{ functionName: string; errorType: string; errorMessage: string }>> {
    const built = await Promise.all(this.registry.list().map(async (r) => ({ r, artifact: await this.artifacts.get(r.config) })));
    return built.flatMap(({ r, artifact }) =>
      artifact.ok ? [] : [{ functionName: r.config.functionName, errorType: artifact.error.errorType, errorMessage: artifact.error.errorMessage }],
    );
  }

  /** The code changed: rebuild on next use and stop reusing the old environments. */
  reload(functionNames?: readonly string[]): void {
    this.artifacts.invalidate(functionNames);
    for (const [name, pool] of this.pools) if (!functionNames || functionNames.includes(name)) pool.retire();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) timer.cancel();
    this.retryTimers.clear();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }

  spawn(fn: LambdaFunctionConfig, artifact: Artifact): ExecutionEnvironment {
    const logStreamName = newLogStreamName(this.clock.now());
    return new ExecutionEnvironment({
      bootstrap: {
        modulePath: artifact.modulePath,
        handlerString: fn.handler,
        handlerName: artifact.handlerName,
        callbackHandlersRemoved: runtimeMajor(fn.runtime) >= 24,
        logFormat: fn.logFormat ?? "Text",
      },
      env: runtimeEnvironment(fn, {
        region: this.options.region,
        edgeUrl: this.options.edgeUrl,
        logStreamName,
        taskRoot: fn.codeDir,
        runtimeDir: RUNTIME_DIR,
      }),
      memorySizeMb: fn.memorySizeMb,
      logStreamName,
      wallClock: this.options.wallClock,
      name: `lambda:${fn.functionName}`,
    });
  }
}

function runtimeMajor(runtime: string): number {
  return Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? 0);
}
