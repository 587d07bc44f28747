/**
 * A full garbage collection on demand, for the rare moment the sandbox knows it just made
 * a lot of garbage at once: loading a large snapshot parses its whole text (a 100 MB
 * snapshot of 100k items left RSS at 347 MB after a restart, 244 MB once collected), and
 * V8 would keep that memory until load made it collect. V8's gc() is exposed on first use
 * (--expose-gc set at run time applies to contexts created afterwards).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Session } from "node:inspector";

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      const gc: unknown = runInNewContext("typeof gc === 'function' ? gc : undefined");
      collect = typeof gc === "function" ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * Hands back what start-up used and no longer needs, once the process has nothing to do.
 * V8 keeps the young generation that start-up grew (16 MB committed, almost none of it in use)
 * until its memory reducer runs, about 8 s after the last full collection; a low-memory
 * collection, what the inspector's HeapProfiler.collectGarbage asks for, releases it at once
 * (`sandbox up examples/web-app`: RSS 84 → 70 MB two seconds after start, ~10 ms of work).
 * Neither --expose-gc's gc() nor its "last-resort" flavour shrinks the young generation.
 */
export function releaseIdleMemory(): void {
  try {
    const session = new Session();
    session.connect();
    // Disconnecting inside the callback would leave the session holding the event loop open.
    session.post("HeapProfiler.collectGarbage", () => setImmediate(() => session.disconnect()));
  } catch {
    // A Node.js built without the inspector: V8's memory reducer still does it, later.
  }
}
