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
export async function load(url, request, { seconds = benchSeconds(), connections = CONNECTIONS, warmupSeconds = Math.min(2, seconds) } = {}) {
  // A warm-up first: JIT, connection set-up and Lambda cold starts are not the figure.
  if (warmupSeconds > 0) await autocannon({ url, connections, duration: warmupSeconds, requests: [request] });
  const result = await autocannon({ url, connections, duration: seconds, requests: [request] });
  return {
    ops: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
