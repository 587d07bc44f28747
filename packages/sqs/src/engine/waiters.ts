/**
 * Long polling: a ReceiveMessage that found nothing waits, on the sandbox Clock, until a
 * message may have become available (a send, a visibility change) or its wait ends.
 */
import type { Clock } from "@sam-sandbox/core";

export class Waiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly clock: Clock) {}

  /** Wakes every receive waiting on `queue`. */
  notify(queue: string): void {
    const set = this.waiting.get(queue);
    if (!set) return;
    this.waiting.delete(queue);
    for (const wake of set) wake();
  }

  /** Resolves when `queue` is notified or after `ms` of clock time, whichever is first. */
  wait(queue: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(queue);
      if (!set) this.waiting.set(queue, (set = new Set()));
      const wake = () => {
        timer.cancel();
        this.waiting.get(queue)?.delete(wake);
        resolve();
      };
      const timer = this.clock.setTimeout(wake, Math.max(0, ms));
      set.add(wake);
    });
  }

  /** Wakes everyone (close). */
  wakeAll(): void {
    for (const queue of [...this.waiting.keys()]) this.notify(queue);
  }
}
