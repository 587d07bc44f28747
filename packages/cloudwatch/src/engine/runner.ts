/**
 * Evaluates each alarm on the Clock at the end of every period (Period seconds, aligned to the
 * epoch as CloudWatch's periods are), over the periods just ended.
 */
import type { TimerHandle } from "@sam-sandbox/core";
import type { CloudWatchContext } from "./context.js";
import { alarmDatapoints, alarmPeriod, evaluate } from "./evaluate.js";
import { changeState } from "./transitions.js";

export class AlarmRunner {
  private readonly timers = new Map<string, TimerHandle>();
  /** One evaluation at a time per alarm. */
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly ctx: CloudWatchContext) {}

  /** (Re-)arms the alarm's timer for its next period end. */
  arm(name: string): void {
    this.disarm(name);
    const alarm = this.ctx.durable.state.alarms.get(name);
    if (!alarm || this.closed) return;
    const periodMs = (alarmPeriod(alarm) ?? 60) * 1000;
    const now = this.ctx.clock.now();
    const next = (Math.floor(now / periodMs) + 1) * periodMs;
    this.timers.set(
      name,
      this.ctx.clock.setTimeout(() => {
        this.timers.delete(name);
        void this.evaluateAt(name, next).finally(() => this.arm(name));
      }, next - now),
    );
  }

  disarm(name: string): void {
    this.timers.get(name)?.cancel();
    this.timers.delete(name);
  }

  /** Evaluates the alarm over the periods that end at `end` (epoch ms). */
  evaluateAt(name: string, end: number): Promise<void> {
    const previous = this.running.get(name) ?? Promise.resolve();
    const run = previous.then(async () => {
      const alarm = this.ctx.durable.state.alarms.get(name);
      if (!alarm) return;
      this.ctx.flushPending?.();
      const result = evaluate(alarm, alarmDatapoints(this.ctx, alarm, end), this.ctx.clock.now());
      if (result) await changeState(this.ctx, name, result.state, result.reason, result.reasonData);
    });
    const settled = run.catch((error: unknown) => this.ctx.logger.error(`CloudWatch alarm ${name}: ${error instanceof Error ? error.message : String(error)}`));
    this.running.set(name, settled);
    return settled;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}
