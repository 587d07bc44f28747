import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IDLE_CHECK_MS, RELEASE_AFTER_QUIET_CHECKS, RELEASE_GROWTH_BYTES, releaseIdleMemory, watchIdleMemory } from "../src/memory.js";

/** From a request to the release: the check that sees it, then the quiet ones. */
const UNTIL_RELEASE_MS = (RELEASE_AFTER_QUIET_CHECKS + 1) * IDLE_CHECK_MS;

describe("releaseIdleMemory", () => {
  it("frees unreachable memory without --expose-gc, and sets no V8 flag (Lambda environments would see a global gc)", async () => {
    let garbage: Array<{ n: number; s: string }> | null = [];
    for (let i = 0; i < 1_000_000; i++) garbage.push({ n: i, s: `item ${i}` });
    const withGarbage = process.memoryUsage().heapUsed;
    garbage = null;
    await releaseIdleMemory();
    const after = process.memoryUsage().heapUsed;
    // A million small objects are ~60 MB: most of it must be gone.
    expect(withGarbage - after).toBeGreaterThan(30 * 1024 * 1024);
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage(typeof gc)", { eval: true });
    const seen = await new Promise((resolve) => worker.once("message", resolve));
    await worker.terminate();
    expect(seen).toBe("undefined");
  });
});

describe("watchIdleMemory", () => {
  const MB = 1024 * 1024;

  function watcher(initialMb: number) {
    const heap = { mb: initialMb };
    const releases: number[] = [];
    const watch = watchIdleMemory({
      release: () => {
        releases.push(heap.mb);
      },
      heapSize: () => heap.mb * MB,
    });
    return { heap, releases, watch };
  }

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("releases once the requests stop, not while they come", () => {
    const { heap, releases, watch } = watcher(30);
    heap.mb = 30 + RELEASE_GROWTH_BYTES / MB + 10;
    for (let i = 0; i < 6; i++) {
      watch.busy();
      vi.advanceTimersByTime(IDLE_CHECK_MS);
    }
    expect(releases).toEqual([]);
    // The last check saw the last request; only RELEASE_AFTER_QUIET_CHECKS quiet checks in a
    // row are the end of the burst.
    vi.advanceTimersByTime((RELEASE_AFTER_QUIET_CHECKS - 1) * IDLE_CHECK_MS);
    expect(releases).toEqual([]);
    vi.advanceTimersByTime(IDLE_CHECK_MS);
    expect(releases).toEqual([heap.mb]);
    watch.stop();
  });

  it("releases once per burst, and measures the heap again after the collection", async () => {
    const { heap, releases, watch } = watcher(30);
    heap.mb = 60;
    watch.busy();
    await vi.advanceTimersByTimeAsync(UNTIL_RELEASE_MS);
    expect(releases).toHaveLength(1);
    // Live data keeps the heap at 50 MB: that is the new baseline, no release follows.
    heap.mb = 50;
    await vi.advanceTimersByTimeAsync(10 * IDLE_CHECK_MS);
    expect(releases).toHaveLength(1);
    // The next burst grows it past the new baseline by the threshold: one more release.
    heap.mb = 50 + RELEASE_GROWTH_BYTES / MB;
    watch.busy();
    await vi.advanceTimersByTimeAsync(UNTIL_RELEASE_MS);
    expect(releases).toHaveLength(2);
    watch.stop();
  });

  it("waits for a collection under way before it checks again", async () => {
    const heap = { mb: 30 };
    let finish = () => {};
    let releases = 0;
    const watch = watchIdleMemory({
      release: () => {
        releases++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      heapSize: () => heap.mb * MB,
    });
    heap.mb = 60;
    await vi.advanceTimersByTimeAsync(RELEASE_AFTER_QUIET_CHECKS * IDLE_CHECK_MS);
    expect(releases).toBe(1);
    // Still collecting: quiet checks do not ask again, though the heap is still 30 MB above.
    await vi.advanceTimersByTimeAsync(5 * IDLE_CHECK_MS);
    expect(releases).toBe(1);
    // The collection left 35 MB: the baseline is that, and 35 MB is no growth over it.
    heap.mb = 35;
    finish();
    await vi.advanceTimersByTimeAsync(5 * IDLE_CHECK_MS);
    expect(releases).toBe(1);
    watch.stop();
  });

  it("leaves a heap that grew less than the threshold alone", () => {
    const { heap, releases, watch } = watcher(30);
    heap.mb = 30 + RELEASE_GROWTH_BYTES / MB - 1;
    watch.busy();
    vi.advanceTimersByTime(20 * IDLE_CHECK_MS);
    expect(releases).toEqual([]);
    watch.stop();
  });

  it("stops checking once stopped", () => {
    const { heap, releases, watch } = watcher(30);
    heap.mb = 100;
    watch.stop();
    vi.advanceTimersByTime(20 * IDLE_CHECK_MS);
    expect(releases).toEqual([]);
  });
});
