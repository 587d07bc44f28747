/**
 * Integration timeouts of the requests in flight, on one timer of the gateway's clock
 * rather than one per request: the timer is armed for the earliest deadline and, when it
 * fires, ends what is due and re-arms for the next. Most requests answer long before their
 * deadline and only leave the set.
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";

export interface Deadline {
  /** When it is due (the clock's ms). */
  readonly at: number;
  readonly onTimeout: () => void;
}

export class Deadlines {
  private readonly pending = new Set<Deadline>();
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Calls `onTimeout` after `ms` unless removed first. */
  add(ms: number, onTimeout: () => void): Deadline {
    const deadline: Deadline = { at: this.clock.now() + ms, onTimeout };
    this.pending.add(deadline);
    if (deadline.at < this.timerAt) this.arm(deadline.at);
    return deadline;
  }

  remove(deadline: Deadline): void {
    this.pending.delete(deadline);
  }

  private arm(at: number): void {
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), at - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    for (const deadline of this.pending) {
      if (deadline.at <= now) {
        this.pending.delete(deadline);
        deadline.onTimeout();
      } else if (deadline.at < next) next = deadline.at;
    }
    if (next < Infinity && next < this.timerAt) this.arm(next);
  }
}
