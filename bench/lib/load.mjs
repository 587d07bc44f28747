import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export const CONNECTIONS = 32;

/** Seconds per measurement: BENCH_SECONDS (default 10). */
export function benchSeconds() {
  const s = Number(process.env.BENCH_SECONDS ?? 10);
  return Number.isFinite(s) && s > 0 ? s : 10;
}

/**
 * Runs autocannon against `url` with one request template whose `setupRequest` may vary it.
 * Returns ops/s and latency percentiles (ms), plus anything that went wrong.
 */
export async function load(url, request, { seconds = benchSeconds(), connections = CONNECTIONS, warmupSeconds = Math.min(2, seconds), pid } = {}) {
  // A warm-up first: JIT, connection set-up and Lambda cold starts are not the figure.
  if (warmupSeconds > 0) await autocannon({ url, connections, duration: warmupSeconds, requests: [request] });
  const cpuBefore = pid === undefined ? undefined : cpuMicros(pid);
  const result = await autocannon({ url, connections, duration: seconds, requests: [request] });
  const cpuAfter = pid === undefined ? undefined : cpuMicros(pid);
  return {
    // The server's CPU (all its threads, from /proc) per answered request, when its pid is known.
    cpuUs: cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0 ? (cpuAfter - cpuBefore) / result.requests.total : undefined,
    ops: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** User + system CPU time of a process (every thread), in µs; undefined once it is gone (Linux /proc). */
export function cpuMicros(pid) {
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; utime and stime are fields 14 and 15, in clock ticks (100/s).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}
