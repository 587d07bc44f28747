/**
 * The Lambda engine: the function registry, built artifacts, each function version's
 * environments, hot reload and the API's actions. Typed input → output or AwsError; no
 * HTTP (that is wire.ts).
 */
import { availableParallelism } from "node:os";
import { NOOP_TRACER, type AwsDispatcher, type Clock, type EventSourcePoller, type EventBus, type LambdaInvokeResult, type LambdaInvoker, type Logger, type TimerHandle, type Tracer } from "@sam-sandbox/core";
import type { LambdaFunctionConfig, MessageAttributes } from "../index.js";
import { ACCOUNT_CONCURRENCY_LIMIT, IDLE_ENVIRONMENT_MS, LATEST_VERSION, MIN_DEFAULT_ENVIRONMENTS } from "../limits.js";
import { ACTIONS } from "./api.js";
import type { ApiContext, Input } from "./apiContext.js";
import { ArtifactCache, type Artifact, type RebuildOutcome } from "./artifact.js";
import { Concurrency, provisionedKey, type ConcurrencySlots } from "./concurrency.js";
import type { Environment } from "./environment.js";
import type { ReadContext } from "./getFunction.js";
import { invoke, type InvokeContext, type InvokeRequest, type Target } from "./invoke.js";
import { LoadGauge } from "./loadGauge.js";
import { EnvironmentPool } from "./pool.js";
import { FunctionRegistry, type FunctionRecord } from "./registry.js";
import { spawnEnvironment } from "./spawn.js";
import { CodeWatcher } from "./watcher.js";
import { serviceOf } from "./deadLetter.js";
import type { EventSourceMappingRecord, MappingContext } from "./eventSourceMappings.js";
import { Layers, type LayerContext } from "./layers.js";
import type { CodeSigningConfigRecord } from "./codeSigning.js";
import { FunctionUrlStore, type FunctionUrlContext } from "./functionUrls.js";
import type { LambdaPersistence } from "./persistence.js";

/** Actions that change nothing (nothing to journal). */
const READ_ONLY_ACTION = /^(Get|List)/;

export interface EngineOptions {
  functions: readonly LambdaFunctionConfig[];
  region: string;
  accountId: string;
  edgeUrl: string;
  xrayDaemonAddress?: string;
  buildDir: string;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  wallClock: Clock;
  idleEnvironmentMs?: number;
  watch?: boolean;
  enforceTimeouts?: boolean;
  concurrencyLimit?: number;
  maxEnvironments?: number;
  python?: string;
  destinations?: (destinationArn: string, record: string, attributes?: MessageAttributes) => Promise<void>;
  deliverable?: (targetArn: string) => boolean;
  eventSources?: Readonly<Record<string, EventSourcePoller>>;
  tracer?: Tracer;
  dispatcher?: AwsDispatcher;
}

export class LambdaEngine implements LambdaInvoker, InvokeContext, ApiContext, ReadContext, MappingContext, FunctionUrlContext {
  readonly registry: FunctionRegistry;
  readonly artifacts: ArtifactCache;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly region: string;
  readonly accountId: string;
  readonly buildDir: string;
  readonly edgeUrl: string;
  readonly s3: AwsDispatcher | undefined;
  readonly tracer: Tracer;
  readonly retryTimers = new Set<TimerHandle>();
  readonly concurrency: Concurrency;
  readonly eventSourceMappings = new Map<string, EventSourceMappingRecord>();
  readonly functionUrls: FunctionUrlStore;
  readonly eventSourcePollers: Readonly<Record<string, EventSourcePoller>>;
  /** Layers published through the API (PublishLayerVersion). */
  readonly layers = new Layers();
  /** CreateCodeSigningConfig's configs, by ARN. */
  readonly codeSigningConfigs = new Map<string, CodeSigningConfigRecord>();
  closed = false;
  /** Keeps what the API changes (createLambda's `store`); none for a bare engine. */
  persistence: LambdaPersistence | undefined;
  /** Environments per function version: "name" ($LATEST), "name@3". */
  private readonly pools = new Map<string, EnvironmentPool>();
  private readonly reloading = new Map<string, Promise<void>>();
  private readonly watcher: CodeWatcher | undefined;
  private readonly layerDirsByArn = new Map<string, string>();
  private readonly load = new LoadGauge();

  /** false while a debugger may hold functions at breakpoints (LambdaOptions.enforceTimeouts). */
  get enforceTimeouts(): boolean {
    return this.options.enforceTimeouts !== false;
  }

  constructor(private readonly options: EngineOptions) {
    this.registry = new FunctionRegistry(options.functions, options.region, options.accountId, () => options.clock.now());
    this.artifacts = new ArtifactCache(options.buildDir, options.logger, options.python);
    this.events = options.events;
    this.clock = options.clock;
    this.logger = options.logger;
    this.region = options.region;
    this.accountId = options.accountId;
    this.buildDir = options.buildDir;
    this.edgeUrl = options.edgeUrl;
    this.s3 = options.dispatcher;
    this.tracer = options.tracer ?? NOOP_TRACER;
    this.concurrency = new Concurrency(options.concurrencyLimit ?? ACCOUNT_CONCURRENCY_LIMIT);
    this.eventSourcePollers = options.eventSources ?? {};
    this.functionUrls = new FunctionUrlStore(options.region, options.accountId, options.edgeUrl);
    for (const fn of options.functions) {
      if (fn.reservedConcurrency !== undefined) this.concurrency.setReserved(fn.functionName, fn.reservedConcurrency);
      if (fn.deadLetterTargetArn) this.targetConfigured(fn.functionName, fn.deadLetterTargetArn, "dead-letter queue");
      for (const arn of [fn.eventInvokeConfig?.onSuccess, fn.eventInvokeConfig?.onFailure]) if (arn) this.targetConfigured(fn.functionName, arn, "destination");
      fn.layers.forEach((arn, i) => {
        const dir = fn.layerDirs?.[i];
        if (dir) this.layerDirsByArn.set(arn, dir);
      });
    }
    if (options.watch) {
      this.watcher = new CodeWatcher(
        options.functions.map((fn) => ({ functionName: fn.functionName, codeDir: fn.codeDir, layerDirs: fn.layerDirs ?? [], packages: fn.packages })),
        [options.buildDir],
        (names, files) => void this.hotReload(names, files),
      );
    }
  }

  /** Settles when file watching has started (at once when not watching). */
  watching(): Promise<void> {
    return this.watcher?.ready ?? Promise.resolve();
  }

  invoke(request: InvokeRequest): Promise<LambdaInvokeResult> {
    return invoke(this, request);
  }

  /** A control-plane action by AWS name (CreateFunction, GetAlias, …), or undefined when the sandbox has none. */
  action(name: string): ((input: Input) => Promise<unknown>) | undefined {
    const action = ACTIONS[name];
    if (!action) return undefined;
    if (READ_ONLY_ACTION.test(name)) return async (input) => action(this, input);
    // DESIGN.md rule 5: what the action changed is journaled before the API answers.
    return async (input) => {
      try {
        return await action(this, input);
      } finally {
        await this.persistence?.save();
      }
    };
  }

  poolFor(target: Target): EnvironmentPool {
    let pool = this.pools.get(target.key);
    if (!pool) {
      const version = target.version.version;
      pool = new EnvironmentPool(target.record.name, {
        clock: this.clock,
        wallClock: this.options.wallClock,
        idleMs: this.options.idleEnvironmentMs ?? IDLE_ENVIRONMENT_MS,
        concurrency: version === LATEST_VERSION ? this.concurrency : versionSlots(this.concurrency, target.record, version),
        maxEnvironments: this.options.maxEnvironments ?? Math.max(MIN_DEFAULT_ENVIRONMENTS, availableParallelism()),
        saturated: () => this.load.saturated(),
      });
      this.pools.set(target.key, pool);
    }
    return pool;
  }

  spawn(target: Target, artifact: Artifact): Environment {
    return spawnEnvironment(target, artifact, {
      region: this.region,
      buildDir: this.buildDir,
      edgeUrl: this.options.edgeUrl,
      xrayDaemonAddress: this.options.xrayDaemonAddress,
      now: this.clock.now(),
      wallClock: this.options.wallClock,
    });
  }

  /**
   * A dead-letter queue or destination was configured: one warning when nothing here can
   * deliver to it (SQS is not emulated), so failed events are not silently expected there.
   */
  targetConfigured(functionName: string, targetArn: string, what: "dead-letter queue" | "destination"): void {
    const service = serviceOf(targetArn);
    if (service === "lambda") return;
    if (this.delivers(targetArn)) return;
    const kind = service === "sqs" ? "an SQS queue, which the sandbox does not emulate" : "not a service the sandbox delivers to";
    this.logger.warn(`${functionName}: the ${what} ${targetArn} is ${kind}; what Lambda would send there is dropped.`);
  }

  /** An asynchronous invocation's record: to a function here, or through the destinations port. */
  async deliver(destinationArn: string, record: string, attributes?: MessageAttributes): Promise<void> {
    const fn = /^arn:aws[a-zA-Z-]*:lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9-_$]+)?$/.test(destinationArn);
    if (fn) {
      await this.invoke({ functionName: destinationArn, payload: Buffer.from(record), invocationType: "Event", source: "lambda" });
      return;
    }
    if (!this.options.destinations || !this.delivers(destinationArn)) {
      this.logger.debug(`lambda: no service takes ${destinationArn}; dropped: ${record}`);
      return;
    }
    await this.options.destinations(destinationArn, record, attributes);
  }

  /** The destinations port takes records for this ARN (by default: SNS topics). */
  private delivers(targetArn: string): boolean {
    if (!this.options.destinations) return false;
    return this.options.deliverable ? this.options.deliverable(targetArn) : serviceOf(targetArn) === "sns";
  }

  latestChanged(functionName: string): void {
    this.reload([functionName]);
  }

  async removed(functionName: string, version?: string): Promise<void> {
    const keys = version === undefined ? [...this.pools.keys()].filter((k) => k === functionName || k.startsWith(`${functionName}@`)) : [`${functionName}@${version}`];
    this.artifacts.invalidate(keys);
    await Promise.all(
      keys.map((key) => {
        const pool = this.pools.get(key);
        this.pools.delete(key);
        return pool?.close();
      }),
    );
  }

  layerDirs(arns: readonly string[]): string[] | undefined {
    const dirs = arns.map((arn) => this.layers.dirOf(arn) ?? this.layerDirsByArn.get(arn));
    return dirs.every((d): d is string => d !== undefined) && dirs.length > 0 ? dirs : undefined;
  }

  /** Builds every function now (build errors show at start-up); answers the ones whose code cannot load, with why. */
  async prepare(): Promise<Array<{ functionName: string; errorType: string; errorMessage: string }>> {
    const built = await Promise.all(
      this.registry.list().map(async (r) => {
        try {
          const artifact = await this.artifacts.get(r.config);
          return artifact.ok ? [] : [{ functionName: r.name, errorType: artifact.error.errorType, errorMessage: artifact.error.errorMessage }];
        } catch (error) {
          const e = error as { name?: string; message?: string };
          return [{ functionName: r.name, errorType: e.name ?? "Error", errorMessage: e.message ?? String(error) }];
        }
      }),
    );
    return built.flat();
  }

  /** $LATEST's code changed: rebuild on next use and stop reusing the old environments. */
  reload(functionNames?: readonly string[]): void {
    this.artifacts.invalidate(functionNames);
    for (const [key, pool] of this.pools) if (!functionNames || functionNames.includes(key)) pool.retire();
  }

  /**
   * Hot reload: the files changed under these functions' code or layers. Each is rebuilt;
   * if it builds, new invocations get environments with the new code; if not, the error is
   * shown (file:line) and the previous code keeps serving.
   */
  hotReload(functionNames: readonly string[], files: readonly string[]): Promise<void> {
    return Promise.all(
      functionNames.map((name) => {
        const previous = this.reloading.get(name) ?? Promise.resolve();
        const next = previous.then(() => this.reloadOne(name, files));
        this.reloading.set(name, next);
        return next;
      }),
    ).then(() => undefined);
  }

  private async reloadOne(functionName: string, files: readonly string[]): Promise<void> {
    const record = this.registry.find(functionName);
    if (!record || this.closed) return;
    const started = performance.now();
    let outcome: RebuildOutcome;
    try {
      outcome = await this.artifacts.rebuild(record.config, files);
    } catch (error) {
      outcome = { ok: false, error: String(error) };
    }
    const durationMs = performance.now() - started;
    if (outcome.ok) {
      this.pools.get(functionName)?.retire();
      this.reloadVersionsOf(record);
      this.logger.debug(`lambda: ${functionName} reloaded in ${Math.round(durationMs)} ms`);
      this.events.emit("functionReload", { functionName, ok: true, durationMs });
      return;
    }
    const detail = outcome.detail ? `\n${outcome.detail}` : "";
    this.logger.error(`lambda: ${functionName} was not reloaded: ${outcome.error} (the previous code keeps serving)${detail}`);
    this.events.emit("functionReload", { functionName, ok: false, durationMs, error: outcome.error });
  }

  /**
   * The published versions that run $LATEST's code directory (the template's function and the
   * version its AutoPublishAlias published) follow a save as $LATEST does: Lambda would freeze
   * them, but a developer saving a file expects the alias the API invokes to run the new code
   * (no version 2 is published per save). A version with code of its own (UpdateFunctionCode
   * unpacks each upload to a new directory) keeps it.
   */
  private reloadVersionsOf(record: FunctionRecord): void {
    const keys = [...record.versions.values()].filter((v) => v.config.codeDir === record.config.codeDir).map((v) => `${record.name}@${v.version}`);
    if (keys.length === 0) return;
    this.artifacts.invalidate(keys);
    for (const key of keys) this.pools.get(key)?.retire();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) timer.cancel();
    this.retryTimers.clear();
    this.concurrency.close();
    await this.watcher?.close();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

/**
 * A published version's slots: while it (or an alias of it) has a provisioned concurrency
 * config, its invocations count against the function's provisioned share, the others against
 * what the reservation leaves (see Concurrency). $LATEST never has provisioned concurrency.
 */
function versionSlots(concurrency: Concurrency, record: FunctionRecord, version: string): ConcurrencySlots {
  const key = (functionName: string): string => (isProvisioned(record, version) ? provisionedKey(functionName) : functionName);
  return {
    tryAcquire: (functionName) => concurrency.tryAcquire(key(functionName)),
    acquire: (functionName, wait) => concurrency.acquire(key(functionName), wait),
  };
}

function isProvisioned(record: FunctionRecord, version: string): boolean {
  const configs = record.provisionedConcurrency;
  if (configs.size === 0) return false;
  if (configs.has(version)) return true;
  for (const alias of record.aliases.values()) if (alias.functionVersion === version && configs.has(alias.name)) return true;
  return false;
}
