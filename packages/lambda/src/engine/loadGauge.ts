/**
 * Whether the sandbox's own thread is saturated: the share of time its event loop was busy
 * since the previous look (event loop utilization). The pool starts extra environments for
 * waiting invocations only when it is not: then the wait is a function slow on I/O, which
 * more environments shorten; when the thread is saturated, they would only add cold starts.
 */
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { SATURATED_EVENT_LOOP_UTILIZATION, SCALE_OUT_WAIT_MS } from "../limits.js";

// Pools of several functions ask within one period: they share one measurement.
const MIN_WINDOW_MS = SCALE_OUT_WAIT_MS / 2;

export class LoadGauge {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private answer = false;

  saturated(): boolean {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, this.last);
    if (since.idle + since.active < MIN_WINDOW_MS) return this.answer;
    this.last = now;
    this.answer = since.utilization >= SATURATED_EVENT_LOOP_UTILIZATION;
    return this.answer;
  }
}
