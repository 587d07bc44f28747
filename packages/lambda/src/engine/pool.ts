/**
 * A function's execution environments. An environment serves one invocation at a time,
 * as on AWS; an idle one is reused warm (module state survives) and reclaimed after
 * IDLE_ENVIRONMENT_MS of the sandbox clock. How many may run at once is the account's
 * Concurrency to decide (throttling as AWS does).
 *
 * Unlike AWS, the pool does not start a new environment for every concurrent invocation
 * at once: up to `maxEnvironments` (default: the machine's cores, at least 2) run side
 * by side, and an invocation beyond them waits (never throttled) for the first one to
 * free up. On a laptop, 32 environments on 2 cores add only cold starts (all at once) and
 * ~20 MB each; a few warm ones serve the same load faster. A function that waits on I/O
 * rather than the CPU still scales out: an invocation that has waited longer than a cold
 * start of the function takes (and at least SCALE_OUT_WAIT_MS) starts one more environment,
 * one cold start at a time, as many as the waits call for, unless the sandbox's own thread
 * is saturated (LoadGauge): then the wait is CPU, which more environments would not shorten.
 *
 * While every environment is busy, an invocation that may (`queueable`) goes to a busy one
 * whose function answers fast (Environment.queues()), up to MAX_QUEUED_PER_ENVIRONMENT
 * behind the running one, rather than waiting here: the environment starts it the moment
 * the one before ends, one at a time still, and the worker thread is woken once for a
 * batch instead of once per invocation. Waiting here or there costs the invocation the same.
 * (What is already queued in an environment when the code changes still runs there; it is
 * retired once those are back.)
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import { ServiceException, messages } from "../errors.js";
import { MAX_QUEUED_PER_ENVIRONMENT, SCALE_OUT_WAIT_MS } from "../limits.js";
import type { ConcurrencySlots } from "./concurrency.js";
import type { Environment } from "./environment.js";

export interface Lease {
  env: Environment;
  cold: boolean;
  /** Gives the concurrency slot back (called by release()). */
  done: () => void;
}

export interface PoolOptions {
  /** The sandbox clock: idle environments are reclaimed on it. */
  clock: Clock;
  /** Real time: how long an invocation has waited for an environment. */
  wallClock: Clock;
  idleMs: number;
  /** The account's Concurrency, or a version's view of it (provisioned concurrency). */
  concurrency: ConcurrencySlots;
  /** Environments started before invocations wait for one (see above). */
  maxEnvironments: number;
  /** True while the sandbox's thread is saturated: waiting invocations then start no more environments. */
  saturated: () => boolean;
}

/** An invocation waiting for an environment: given a warm one, or told to start its own. */
interface Waiter {
  give(env: Environment | "spawn"): void;
  fail(error: Error): void;
  /** Scale-out checks it has waited through. */
  checks: number;
  /** It may be queued in a busy environment. */
  queueable: boolean;
}

export class EnvironmentPool {
  /** Idle environments, the most recently used last. */
  private readonly idle: Environment[] = [];
  private readonly all = new Set<Environment>();
  /** When each idle environment went idle (sandbox clock). */
  private readonly idleSince = new Map<Environment, number>();
  private readonly idleTimers = new Map<Environment, TimerHandle>();
  /** Invocations each busy environment holds (running and queued in it). */
  private readonly leases = new Map<Environment, number>();
  private readonly waiters: Waiter[] = [];
  private scaleOutTimer: TimerHandle | undefined;
  /** Environments still in their Init phase. */
  private starting = 0;
  /** How long the latest cold start took (ms): what starting one more environment costs. */
  private initMs = 0;
  /** Bumped by retire(): environments of an older generation are not reused. */
  private generation = 0;
  private readonly generations = new Map<Environment, number>();
  private closed = false;

  constructor(
    private readonly functionName: string,
    private readonly options: PoolOptions,
  ) {}

  /**
   * An environment for one invocation: the most recently used idle one, a new one, a busy
   * one that queues it (`queueable`, see above) or (all `maxEnvironments` busy) the first
   * to free up. Beyond the function's concurrency, a synchronous caller is throttled; an
   * asynchronous one (`wait`) queues, as Lambda's event queue does.
   */
  acquire(wait: boolean, spawn: () => Environment, queueable = false): Lease | Promise<Lease> {
    if (this.closed) throw new ServiceException(messages.shuttingDown());
    // The common case (a slot free, an environment idle) takes no promise.
    const done = this.options.concurrency.tryAcquire(this.functionName);
    if (done) return this.lease(done, spawn, queueable);
    return this.options.concurrency.acquire(this.functionName, wait).then((slot) => {
      if (!this.closed) return this.lease(slot, spawn, queueable);
      slot();
      throw new ServiceException(messages.shuttingDown());
    });
  }

  private lease(done: () => void, spawn: () => Environment, queueable: boolean): Lease | Promise<Lease> {
    const warm = this.takeIdle();
    if (warm) return { env: this.take(warm), cold: false, done };
    if (this.all.size < this.options.maxEnvironments) return { env: this.take(this.start(spawn)), cold: true, done };
    const busy = queueable ? this.withRoom() : undefined;
    if (busy) return { env: this.take(busy), cold: false, done };
    return new Promise<Environment | "spawn">((give, fail) => {
      this.waiters.push({ give, fail, checks: 0, queueable });
      this.armScaleOut();
    }).then(
      (given) => (given === "spawn" ? { env: this.take(this.start(spawn)), cold: true, done } : { env: given, cold: false, done }),
      (error: unknown) => {
        done();
        throw error;
      },
    );
  }

  /** Counts one more invocation held by `env`. */
  private take(env: Environment): Environment {
    this.leases.set(env, (this.leases.get(env) ?? 0) + 1);
    return env;
  }

  /** A busy environment of this generation that takes one more invocation queued, the least loaded. */
  private withRoom(): Environment | undefined {
    let best: Environment | undefined;
    let bestCount = MAX_QUEUED_PER_ENVIRONMENT + 1;
    for (const env of this.all) {
      const count = this.leases.get(env) ?? 0;
      if (count > 0 && count < bestCount && this.generations.get(env) === this.generation && env.queues?.() === true) {
        best = env;
        bestCount = count;
      }
    }
    return best;
  }

  /** Returns an environment after its invocation; a dead or outdated one is dropped. */
  release(lease: Lease): void {
    const { env } = lease;
    lease.done();
    const held = (this.leases.get(env) ?? 1) - 1;
    if (held > 0) this.leases.set(env, held);
    else this.leases.delete(env);
    if (env.dead || this.closed || this.generations.get(env) !== this.generation) {
      // Dropped once the invocations queued in it are back (answered, or never started).
      if (held > 0) return;
      void this.discard(env);
      // One fewer environment: the first waiting invocation starts a fresh one.
      this.waiters.shift()?.give("spawn");
      return;
    }
    if (held > 0) {
      // Still busy with queued invocations: a waiting one may take the place freed.
      if (env.queues?.() === true) {
        const at = this.waiters.findIndex((w) => w.queueable);
        if (at >= 0) this.waiters.splice(at, 1)[0].give(this.take(env));
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.give(this.take(env));
      return;
    }
    env.idle();
    this.idle.push(env);
    this.idleSince.set(env, this.options.clock.now());
    if (!this.idleTimers.has(env)) this.armIdleTimer(env, this.options.idleMs);
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
    this.scaleOutTimer?.cancel();
    for (const waiter of this.waiters.splice(0)) waiter.fail(new ServiceException(messages.shuttingDown()));
    await Promise.all([...this.all].map((env) => this.discard(env)));
  }

  private takeIdle(): Environment | undefined {
    for (let env = this.idle.pop(); env; env = this.idle.pop()) {
      this.idleSince.delete(env);
      if (!env.dead) return env;
    }
    return undefined;
  }

  private start(spawn: () => Environment): Environment {
    const env = spawn();
    this.all.add(env);
    this.generations.set(env, this.generation);
    env.onDeath = () => this.forget(env);
    this.starting++;
    void env.ready.then((outcome) => {
      this.starting--;
      this.initMs = outcome.durationMs;
    });
    return env;
  }

  /**
   * One timer per idle environment, re-armed only when it fires: a busy environment
   * costs no timer per invocation.
   */
  private armIdleTimer(env: Environment, ms: number): void {
    this.idleTimers.set(
      env,
      this.options.clock.setTimeout(() => {
        this.idleTimers.delete(env);
        const since = this.idleSince.get(env);
        if (since === undefined) return; // busy now; release() arms a new timer
        const left = since + this.options.idleMs - this.options.clock.now();
        if (left > 0) {
          this.armIdleTimer(env, left);
          return;
        }
        const at = this.idle.indexOf(env);
        if (at >= 0) this.idle.splice(at, 1);
        void this.discard(env);
      }, ms),
    );
  }

  /**
   * While invocations wait, a check every SCALE_OUT_WAIT_MS: the first one starts one more
   * environment once it has waited longer than a cold start takes (at least one period),
   * unless another environment is still starting or the sandbox's thread is saturated.
   * (A check per period, not a timer per waiting invocation.)
   */
  private armScaleOut(): void {
    if (this.scaleOutTimer || this.closed) return;
    this.scaleOutTimer = this.options.wallClock.setTimeout(() => {
      this.scaleOutTimer = undefined;
      if (this.closed || this.waiters.length === 0) return;
      for (const waiter of this.waiters) waiter.checks++;
      const first = this.waiters[0];
      const waitedMs = first.checks * SCALE_OUT_WAIT_MS;
      if (waitedMs > Math.max(SCALE_OUT_WAIT_MS, this.initMs) && this.starting === 0 && !this.options.saturated()) {
        this.waiters.shift();
        first.give("spawn");
      }
      if (this.waiters.length > 0) this.armScaleOut();
    }, SCALE_OUT_WAIT_MS);
  }

  private async discard(env: Environment): Promise<void> {
    this.forget(env);
    await env.terminate();
  }

  private forget(env: Environment): void {
    this.all.delete(env);
    this.generations.delete(env);
    this.idleSince.delete(env);
    this.idleTimers.get(env)?.cancel();
    this.idleTimers.delete(env);
  }
}
