/**
 * A function's execution environments. An environment serves one invocation at a time;
 * a concurrent invocation gets a new one (a cold start); an idle one is reused warm
 * (module state survives) and reclaimed after IDLE_ENVIRONMENT_MS of the sandbox clock.
 * ReservedConcurrentExecutions caps how many exist at once.
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import { ServiceException, TooManyRequestsException, messages } from "../errors.js";
import type { ExecutionEnvironment } from "./environment.js";

export interface Lease {
  env: ExecutionEnvironment;
  cold: boolean;
}

export class EnvironmentPool {
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly all = new Set<ExecutionEnvironment>();
  private readonly idleTimers = new Map<ExecutionEnvironment, TimerHandle>();
  private readonly waiters: (() => void)[] = [];
  /** Bumped by retire(): environments of an older generation are not reused. */
  private generation = 0;
  private readonly generations = new Map<ExecutionEnvironment, number>();
  private busy = 0;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly reservedConcurrency: number | undefined,
  ) {}

  /**
   * An environment for one invocation: the most recently used idle one, or a new one.
   * At the reserved concurrency, a synchronous caller is throttled; an asynchronous one
   * (`wait`) queues, as Lambda's event queue does.
   */
  async acquire(wait: boolean, spawn: () => ExecutionEnvironment): Promise<Lease> {
    if (this.closed) throw new ServiceException(messages.shuttingDown());
    while (this.reservedConcurrency !== undefined && this.busy >= this.reservedConcurrency) {
      if (!wait) throw new TooManyRequestsException(messages.rateExceeded(), "ReservedFunctionConcurrentInvocationLimitExceeded");
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      if (this.closed) throw new ServiceException(messages.shuttingDown());
    }
    this.busy++;
    for (let env = this.idle.pop(); env; env = this.idle.pop()) {
      this.idleTimers.get(env)?.cancel();
      this.idleTimers.delete(env);
      if (!env.dead) return { env, cold: false };
    }
    const env = spawn();
    this.all.add(env);
    this.generations.set(env, this.generation);
    env.onDeath = () => this.forget(env);
    return { env, cold: true };
  }

  /** Returns an environment after its invocation; a dead or outdated one is dropped. */
  release(env: ExecutionEnvironment): void {
    this.busy--;
    this.waiters.shift()?.();
    if (env.dead || this.generations.get(env) !== this.generation) {
      void this.discard(env);
      return;
    }
    env.idle();
    this.idle.push(env);
    this.idleTimers.set(
      env,
      this.clock.setTimeout(() => {
        const at = this.idle.indexOf(env);
        if (at >= 0) this.idle.splice(at, 1);
        void this.discard(env);
      }, this.idleMs),
    );
  }

  /** New invocations get new environments (the code changed); idle ones stop now. */
  retire(): void {
    this.generation++;
    for (const env of this.idle.splice(0)) void this.discard(env);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    this.generation++;
    this.idle.length = 0;
    await Promise.all([...this.all].map((env) => this.discard(env)));
  }

  private async discard(env: ExecutionEnvironment): Promise<void> {
    this.forget(env);
    await env.terminate();
  }

  private forget(env: ExecutionEnvironment): void {
    this.all.delete(env);
    this.generations.delete(env);
    this.idleTimers.get(env)?.cancel();
    this.idleTimers.delete(env);
  }
}
