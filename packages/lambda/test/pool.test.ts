import { describe, expect, it } from "vitest";
import { VirtualClock } from "@sam-sandbox/core";
import { TooManyRequestsException } from "../src/errors.js";
import { SCALE_OUT_WAIT_MS } from "../src/limits.js";
import { Concurrency } from "../src/engine/concurrency.js";
import type { Environment, InitOutcome } from "../src/engine/environment.js";
import { EnvironmentPool, type Lease } from "../src/engine/pool.js";

/** An environment that runs nothing: the pool only hands it out, takes it back and stops it. */
class FakeEnvironment implements Environment {
  readonly logStreamName: string;
  readonly ready: Promise<InitOutcome>;
  sink = () => {};
  onDeath = () => {};
  dead = false;
  terminated = false;
  private started: (outcome: InitOutcome) => void = () => {};

  constructor(
    readonly id: number,
    initialized: boolean,
    private readonly initMs = 0,
  ) {
    this.logStreamName = `stream-${id}`;
    this.ready = initialized ? Promise.resolve({ ok: true, durationMs: initMs }) : new Promise((resolve) => (this.started = resolve));
  }

  initDone(): void {
    this.started({ ok: true, durationMs: this.initMs });
  }

  invoke(): never {
    throw new Error("not used");
  }

  idle(): void {}

  async terminate(): Promise<void> {
    this.dead = true;
    this.terminated = true;
  }
}

function setup(options: { maxEnvironments: number; initialized?: boolean; reserved?: number; initMs?: number }) {
  const clock = new VirtualClock();
  const wallClock = new VirtualClock();
  const concurrency = new Concurrency(1000);
  if (options.reserved !== undefined) concurrency.setReserved("fn", options.reserved);
  let saturated = false;
  const pool = new EnvironmentPool("fn", { clock, wallClock, idleMs: 600_000, concurrency, maxEnvironments: options.maxEnvironments, saturated: () => saturated });
  const spawned: FakeEnvironment[] = [];
  const spawn = () => {
    const env = new FakeEnvironment(spawned.length + 1, options.initialized ?? true, options.initMs);
    spawned.push(env);
    return env;
  };
  const acquire = (wait = false) => Promise.resolve(pool.acquire(wait, spawn));
  return { pool, clock, wallClock, spawned, acquire, saturate: (value: boolean) => (saturated = value) };
}

const idOf = (lease: Lease) => (lease.env as FakeEnvironment).id;

/** Settles what is ready to settle, then says whether `promise` has. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe("Execution environments beyond maxEnvironments", () => {
  it("starts up to maxEnvironments, then queues the next invocation (no throttle) for the first environment freed", async () => {
    const { acquire, pool } = setup({ maxEnvironments: 2 });
    const first = await acquire();
    const second = await acquire();
    expect([first.cold, second.cold]).toEqual([true, true]);
    expect(idOf(second)).not.toBe(idOf(first));
    const third = acquire();
    expect(await settled(third)).toBe(false);
    pool.release(second);
    const handed = await third;
    // One invocation per environment: the queued one runs only once the other is done, warm.
    expect(idOf(handed)).toBe(idOf(second));
    expect(handed.cold).toBe(false);
    expect(pool.size).toBe(2);
  });

  it("starts one more environment for an invocation still waiting after SCALE_OUT_WAIT_MS (a function slow on I/O)", async () => {
    const { acquire, wallClock, spawned } = setup({ maxEnvironments: 1 });
    const busy = await acquire();
    const waiting = acquire();
    await wallClock.advance(SCALE_OUT_WAIT_MS);
    expect(await settled(waiting)).toBe(false);
    await wallClock.advance(SCALE_OUT_WAIT_MS);
    const lease = await waiting;
    expect(lease.cold).toBe(true);
    expect(idOf(lease)).not.toBe(idOf(busy));
    expect(spawned).toHaveLength(2);
  });

  it("waits longer than the function's cold start takes before starting another environment", async () => {
    const { acquire, wallClock, spawned } = setup({ maxEnvironments: 1, initMs: 6 * SCALE_OUT_WAIT_MS });
    await acquire();
    await Promise.resolve();
    const waiting = acquire();
    await wallClock.advance(6 * SCALE_OUT_WAIT_MS);
    expect(spawned).toHaveLength(1);
    await wallClock.advance(SCALE_OUT_WAIT_MS);
    expect((await waiting).cold).toBe(true);
    expect(spawned).toHaveLength(2);
  });

  it("starts no more environments while the sandbox's own thread is saturated (the wait is CPU, not I/O)", async () => {
    const { acquire, wallClock, spawned, saturate } = setup({ maxEnvironments: 1 });
    await acquire();
    const waiting = acquire();
    saturate(true);
    await wallClock.advance(10 * SCALE_OUT_WAIT_MS);
    expect(spawned).toHaveLength(1);
    saturate(false);
    await wallClock.advance(SCALE_OUT_WAIT_MS);
    expect((await waiting).cold).toBe(true);
    expect(spawned).toHaveLength(2);
  });

  it("scales out one cold start at a time", async () => {
    const { acquire, wallClock, spawned } = setup({ maxEnvironments: 1, initialized: false });
    await acquire();
    const waiting = [acquire(), acquire(), acquire()];
    await wallClock.advance(10 * SCALE_OUT_WAIT_MS);
    // The first environment is still in its Init phase: no other starts beside it.
    expect(spawned).toHaveLength(1);
    spawned[0].initDone();
    await wallClock.advance(2 * SCALE_OUT_WAIT_MS);
    expect(spawned).toHaveLength(2);
    expect(await settled(waiting[0])).toBe(true);
    expect(await settled(waiting[1])).toBe(false);
    await wallClock.advance(10 * SCALE_OUT_WAIT_MS);
    expect(spawned).toHaveLength(2);
    spawned[1].initDone();
    await wallClock.advance(2 * SCALE_OUT_WAIT_MS);
    expect(spawned).toHaveLength(3);
  });

  it("still throttles at ReservedConcurrentExecutions, queued invocations included", async () => {
    const { acquire } = setup({ maxEnvironments: 1, reserved: 2 });
    await acquire();
    const queued = acquire();
    await expect(acquire()).rejects.toBeInstanceOf(TooManyRequestsException);
    expect(await settled(queued)).toBe(false);
  });

  it("gives a waiting invocation a new environment when the one it waited for dies", async () => {
    const { acquire, pool, spawned } = setup({ maxEnvironments: 1 });
    const first = await acquire();
    const waiting = acquire();
    first.env.onDeath();
    (first.env as FakeEnvironment).dead = true;
    pool.release(first);
    const lease = await waiting;
    expect(lease.cold).toBe(true);
    expect(spawned).toHaveLength(2);
    expect(spawned[0].terminated).toBe(true);
  });

  it("fails waiting invocations when the pool closes", async () => {
    const { acquire, pool } = setup({ maxEnvironments: 1 });
    await acquire();
    const waiting = acquire();
    await pool.close();
    await expect(waiting).rejects.toMatchObject({ name: "ServiceException" });
  });
});
