import { getHeapStatistics } from "node:v8";
import { Session } from "node:inspector";

/**
 * Hands back what start-up used and no longer needs, once the process has nothing to do; also
 * right after loading a large snapshot, whose text and parse are garbage at once (a 100 MB
 * snapshot of 100k items left RSS at 347 MB after a restart, 244 MB once collected).
 * V8 keeps the young generation that start-up grew (16 MB committed, almost none of it in use)
 * until its memory reducer runs, about 8 s after the last full collection; a low-memory
 * collection, what the inspector's HeapProfiler.collectGarbage asks for, releases it at once
 * (`sandbox up examples/web-app`: RSS 84 → 70 MB two seconds after start, ~10 ms of work).
 * Neither --expose-gc's gc() nor its "last-resort" flavour shrinks the young generation, and
 * setting --expose-gc at run time would hand `gc` to every Lambda environment started after it
 * (V8's flags are the process's) and make V8 refuse the `sandbox` command's cached code.
 */
export function releaseIdleMemory(): Promise<void> {
  return new Promise((resolve) => {
    try {
      const session = new Session();
      session.connect();
      // Disconnecting inside the callback would leave the session holding the event loop open.
      session.post("HeapProfiler.collectGarbage", () =>
        setImmediate(() => {
          session.disconnect();
          resolve();
        }),
      );
    } catch {
      // A Node.js built without the inspector: V8's memory reducer still does it, later.
      resolve();
    }
  });
}

/** How often the watcher looks whether the sandbox was busy. */
export const IDLE_CHECK_MS = 500;
/**
 * Quiet checks in a row before a release (2 s). A low-memory collection leaves V8 a small
 * young generation to regrow, and a sandbox loaded again right after it ran 2-3× the CPU per
 * request for its next few thousand requests (Step Functions bench: server 60 → 140-200 µs per
 * execution when the release fell into a 0.5 s pause between rounds); a pause of 2 s is the end
 * of a burst, not a breath within one.
 */
export const RELEASE_AFTER_QUIET_CHECKS = 4;
/** Heap growth since the last release that is worth a collection once the load stops. */
export const RELEASE_GROWTH_BYTES = 16 * 1024 * 1024;

export interface IdleMemoryWatcher {
  /** Marks activity (a request): the watcher waits for a quiet moment after it. */
  busy(): void;
  /** How long no request has come, as far as the checks tell (a multiple of IDLE_CHECK_MS). */
  quietMs(): number;
  stop(): void;
}

/**
 * Gives back what a burst of load grew once the load stops. Under load V8 grows the young
 * generation to its maximum and lets the old one fill with garbage, and keeps both until its
 * memory reducer runs long after: API Gateway → Lambda, 140k requests on 32 connections left
 * RSS at 198 MB, 135 MB after one low-memory collection (~15 ms). The watcher releases when
 * RELEASE_AFTER_QUIET_CHECKS checks in a row found no request and the heap grew by
 * RELEASE_GROWTH_BYTES since the heap the last collection left: at most once per burst, never
 * under load.
 */
export function watchIdleMemory({
  release = releaseIdleMemory,
  heapSize = () => getHeapStatistics().total_heap_size,
}: { release?: () => Promise<void> | void; heapSize?: () => number } = {}): IdleMemoryWatcher {
  let requests = 0;
  let quietChecks = 0;
  let baseline = heapSize();
  let releasing = false;
  const timer = setInterval(() => {
    if (requests > 0) {
      requests = 0;
      quietChecks = 0;
      return;
    }
    quietChecks++;
    if (releasing || quietChecks < RELEASE_AFTER_QUIET_CHECKS) return;
    const size = heapSize();
    if (size - baseline < RELEASE_GROWTH_BYTES) {
      baseline = Math.min(baseline, size);
      return;
    }
    releasing = true;
    // The new baseline is the heap the collection left, measured once it has run.
    void Promise.resolve(release()).then(() => {
      baseline = heapSize();
      releasing = false;
    });
  }, IDLE_CHECK_MS);
  timer.unref();
  return {
    busy: () => {
      requests++;
    },
    quietMs: () => (requests > 0 ? 0 : quietChecks * IDLE_CHECK_MS),
    stop: () => clearInterval(timer),
  };
}
