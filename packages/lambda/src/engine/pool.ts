/**
 * A function's execution environments. An environment serves one invocation at a time;
 * a concurrent invocation gets a new one (a cold start); an idle one is reused warm
 * (module state survives) and reclaimed after IDLE_ENVIRONMENT_MS of the sandbox clock.
 * How many may run at once is the account's Concurrency to decide.
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import { ServiceException, messages } from "../errors.js";
import type { Concurrency } from "./concurrency.js";
import type { Environment } from "./environment.js";

export interface Lease {
  env: Environment;
  cold: boolean;
  /** Gives the concurrency slot back (called by release()). */
  done: () => void;
}

export class EnvironmentPool {
  private readonly idle: Environment[] = [];
  private readonly all = new Set<Environment>();
  private readonly idleTimers = new Map<Environment, TimerHandle>();
  /** Bumped by retire(): environments of an older generation are not reused. */
  private generation = 0;
  private readonly generations = new Map<Environment, number>();
  private closed = false;

  constructor(
    private readonly functionName: string,
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly concurrency: Concurrency,
  ) {}

  /**
   * An environment for one invocation: the most recently used idle one, or a new one.
   * Beyond the function's concurrency, a synchronous caller is throttled; an asynchronous
   * one (`wait`) queues, as Lambda's event queue does.
   */
  async acquire(wait: boolean, spawn: () => Environment): Promise<Lease> {
    if (this.closed) throw new ServiceException(messages.shuttingDown());
    const done = await this.concurrency.acquire(this.functionName, wait);
    if (this.closed) {
      done();
      throw new ServiceException(messages.shuttingDown());
    }
    for (let env = this.idle.pop(); env; env = this.idle.pop()) {
      this.idleTimers.get(env)?.cancel();
      this.idleTimers.delete(env);
      if (!env.dead) return { env, cold: false, done };
    }
    const env = spawn();
    this.all.add(env);
    this.generations.set(env, this.generation);
    env.onDeath = () => this.forget(env);
    return { env, cold: true, done };
  }

  /** Returns an environment after its invocation; a dead or outdated one is dropped. */
  release(lease: Lease): void {
    const { env } = lease;
    lease.done();
    if (env.dead || this.closed || this.generations.get(env) !== this.generation) {
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

  /** New invocations get new environments (the code or configuration changed); idle ones stop now. */
  retire(): void {
    this.generation++;
    for (const env of this.idle.splice(0)) void this.discard(env);
  }

  /** How many environments exist (busy or idle). */
  get size(): number {
    return this.all.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    this.idle.length = 0;
    await Promise.all([...this.all].map((env) => this.discard(env)));
  }

  private async discard(env: Environment): Promise<void> {
    this.forget(env);
    await env.terminate();
  }

  private forget(env: Environment): void {
    this.all.delete(env);
    this.generations.delete(env);
    this.idleTimers.get(env)?.cancel();
    this.idleTimers.delete(env);
  }
}
