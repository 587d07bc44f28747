/**
 * Metrics the sandbox's own services publish, as AWS's do (AWS/Lambda Invocations, Errors,
 * Duration per FunctionName and across functions). They are summed per series and minute in
 * memory and stored as one point each when read (ListMetrics, GetMetric*, an alarm evaluation)
 * or every FLUSH_MS: one journal record per flush, not one per invocation.
 */
import type { TimerHandle } from "@sam-sandbox/core";
import type { CloudWatchContext } from "./context.js";
import { storePuts } from "./putMetricData.js";
import { seriesKey, type Dimension, type Point, type SeriesPut } from "./state.js";

const FLUSH_MS = 10_000;
/** Distinct raw values kept per point for percentiles (Duration p99); beyond them the aggregate alone grows. */
const MAX_RAW_VALUES = 1000;

interface Pending {
  namespace: string;
  name: string;
  dimensions: Dimension[];
  /** Its values and counts hold each distinct value once (PutMetricData's Values and Counts): Invocations is [1] × n, not n ones. */
  point: Point;
  /** Value → its index in point.values. */
  index: Map<number, number>;
}

export class ServiceMetrics {
  private pending = new Map<string, Pending>();
  private timer: TimerHandle | undefined;

  constructor(private readonly ctx: CloudWatchContext) {}

  record(namespace: string, name: string, dimensions: Dimension[], value: number, unit: string): void {
    const t = Math.floor(this.ctx.clock.now() / 60_000) * 60_000;
    const key = `${seriesKey(namespace, name, dimensions)}\u0002${t}\u0002${unit}`;
    const entry = this.pending.get(key);
    if (!entry) {
      const point: Point = { t, unit, res: 60, count: 1, sum: value, min: value, max: value, values: [value], counts: [1] };
      this.pending.set(key, { namespace, name, dimensions, point, index: new Map([[value, 0]]) });
    } else {
      const p = entry.point;
      p.count += 1;
      p.sum += value;
      p.min = Math.min(p.min, value);
      p.max = Math.max(p.max, value);
      const values = p.values ?? [];
      const counts = p.counts ?? [];
      const at = entry.index.get(value);
      if (at !== undefined) counts[at] = (counts[at] ?? 0) + 1;
      else if (values.length < MAX_RAW_VALUES) {
        entry.index.set(value, values.length);
        values.push(value);
        counts.push(1);
      }
    }
    this.timer ??= this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_MS);
  }

  /** A Lambda invocation ended: Invocations, Errors (timeouts included) and Duration, as Lambda publishes them. */
  lambdaInvocation(functionName: string, durationMs: number, failed: boolean): void {
    for (const dimensions of [[{ Name: "FunctionName", Value: functionName }], []]) {
      this.record("AWS/Lambda", "Invocations", dimensions, 1, "Count");
      this.record("AWS/Lambda", "Errors", dimensions, failed ? 1 : 0, "Count");
      this.record("AWS/Lambda", "Duration", dimensions, durationMs, "Milliseconds");
    }
  }

  /** Stores what is pending (applied at once, so a read right after sees it). */
  flush(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    const puts: SeriesPut[] = [...this.pending.values()].map((p) => ({ key: seriesKey(p.namespace, p.name, p.dimensions), namespace: p.namespace, name: p.name, dimensions: p.dimensions, point: p.point }));
    this.pending = new Map();
    return storePuts(this.ctx, puts).catch((error: unknown) => this.ctx.logger.error(`CloudWatch: service metrics not stored: ${String(error)}`));
  }

  close(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    return this.flush();
  }
}
