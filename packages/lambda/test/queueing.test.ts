/**
 * Invocations queued in a busy environment (a fast function under load): still one at a
 * time, each between its own START and END, and never lost when the environment dies.
 */
import { describe, expect, it } from "vitest";
import { RealClock, VirtualClock } from "@sam-sandbox/core";
import { Concurrency } from "../src/engine/concurrency.js";
import type { Environment, InitOutcome, InvokeOutcome } from "../src/engine/environment.js";
import { EnvironmentPool } from "../src/engine/pool.js";
import { WorkerEnvironment } from "../src/engine/workerEnvironment.js";
import { MAX_QUEUED_PER_ENVIRONMENT } from "../src/limits.js";
import { FIXTURES } from "./helpers.js";

function environment(handlerName: string): WorkerEnvironment {
  return new WorkerEnvironment({
    bootstrap: { modulePath: `${FIXTURES}esm-app/index.js`, handlerString: `index.${handlerName}`, handlerName, callbackHandlersRemoved: false, logFormat: "Text" },
    env: { TZ: "UTC" },
    memorySizeMb: 128,
    logStreamName: "2026/01/01/[$LATEST]test",
    wallClock: new RealClock(),
    name: "lambda:test",
  });
}

const invocation = (requestId: string) => ({ requestId, event: JSON.stringify({ id: requestId }), deadlineMs: Date.now() + 30_000, invokedFunctionArn: "arn" });

function recording(steps: string[], id: string) {
  return {
    sink: (line: string) => steps.push(`log ${id} ${line}`),
    started: () => steps.push(`start ${id}`),
    finished: (outcome: InvokeOutcome) => {
      steps.push(`end ${id} ${outcome.kind}`);
      return outcome;
    },
  };
}

describe("Invocations queued in an environment", () => {
  it("run one at a time, in order: each starts once the one before has finished", async () => {
    const env = environment("echo");
    expect((await env.ready).ok).toBe(true);
    const steps: string[] = [];
    const ids = ["a", "b", "c", "d", "e"];
    // Given together: the environment holds them and its worker starts each after the one before.
    const outcomes = await Promise.all(ids.map((id) => env.invoke(invocation(id), 30_000, recording(steps, id))));
    expect(steps).toEqual(ids.flatMap((id) => [`start ${id}`, `end ${id} response`]));
    const answers = outcomes.map((o) => (o.kind === "response" ? (JSON.parse(o.payload.toString()) as { count: number; event: { id: string } }) : undefined));
    expect(answers.map((a) => a?.event.id)).toEqual(ids);
    // One environment, module state kept: its counter went up once per invocation, in order.
    expect(answers.map((a) => a?.count)).toEqual([1, 2, 3, 4, 5]);
    await env.terminate();
  });

  it("come back unstarted when the environment dies under the one running, to run elsewhere", async () => {
    const env = environment("exits");
    expect((await env.ready).ok).toBe(true);
    const steps: string[] = [];
    const outcomes = await Promise.all(["a", "b", "c"].map((id) => env.invoke(invocation(id), 30_000, recording(steps, id))));
    expect(outcomes[0]).toMatchObject({ kind: "failed", failure: { kind: "exit", exitCode: 3 } });
    expect(outcomes.slice(1).map((o) => o.kind)).toEqual(["notStarted", "notStarted"]);
    expect(steps).toEqual(["start a", "end a failed", "end b notStarted", "end c notStarted"]);
    // Given to it once dead, an invocation does not start there either.
    expect((await env.invoke(invocation("d"), 30_000, recording(steps, "d"))).kind).toBe("notStarted");
  });
});

/** An environment the pool hands out; `fast` says whether it takes queued invocations. */
class FakeEnvironment implements Environment {
  readonly logStreamName = "stream";
  readonly ready: Promise<InitOutcome> = Promise.resolve({ ok: true, durationMs: 0 });
  sink = () => {};
  onDeath = () => {};
  dead = false;
  terminated = false;
  fast = true;

  invoke(): never {
    throw new Error("not used");
  }

  queues(): boolean {
    return this.fast && !this.dead;
  }

  idle(): void {}

  async terminate(): Promise<void> {
    this.dead = true;
    this.terminated = true;
  }
}

function setup(maxEnvironments: number) {
  const pool = new EnvironmentPool("fn", {
    clock: new VirtualClock(),
    wallClock: new VirtualClock(),
    idleMs: 600_000,
    concurrency: new Concurrency(1000),
    maxEnvironments,
    saturated: () => false,
  });
  const spawned: FakeEnvironment[] = [];
  const spawn = () => {
    const env = new FakeEnvironment();
    spawned.push(env);
    return env;
  };
  return { pool, spawned, acquire: (queueable = true) => Promise.resolve(pool.acquire(false, spawn, queueable)) };
}

describe("The pool queues invocations in busy environments", () => {
  it("gives a busy environment of a fast function up to MAX_QUEUED_PER_ENVIRONMENT invocations behind the running one", async () => {
    const { acquire, spawned } = setup(1);
    const leases = [];
    for (let i = 0; i <= MAX_QUEUED_PER_ENVIRONMENT; i++) leases.push(await acquire());
    expect(spawned).toHaveLength(1);
    expect(leases.every((l) => l.env === spawned[0])).toBe(true);
    // Beyond that, and for an invocation that may not be queued (traced), the wait is the pool's.
    let waited = false;
    void acquire().then(() => (waited = true));
    void acquire(false);
    await Promise.resolve();
    expect(waited).toBe(false);
  });

  it("queues nothing in an environment whose function is not fast", async () => {
    const { acquire, pool, spawned } = setup(1);
    const first = await acquire();
    spawned[0].fast = false;
    let given = false;
    const second = acquire().then((lease) => {
      given = true;
      return lease;
    });
    await Promise.resolve();
    expect(given).toBe(false);
    pool.release(first);
    expect((await second).env).toBe(spawned[0]);
  });

  it("drops a dead environment once all its invocations are back, starting one new environment", async () => {
    const { acquire, pool, spawned } = setup(1);
    const running = await acquire();
    const queued = await acquire();
    spawned[0].fast = false;
    const waiting = acquire();
    spawned[0].dead = true;
    spawned[0].onDeath();
    pool.release(running);
    expect(spawned[0].terminated).toBe(false);
    pool.release(queued);
    const lease = await waiting;
    expect(lease.cold).toBe(true);
    expect(spawned).toHaveLength(2);
    expect(spawned[0].terminated).toBe(true);
  });
});
