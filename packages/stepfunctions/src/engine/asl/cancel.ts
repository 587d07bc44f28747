import { Cancelled } from "./failure.js";

/**
 * Stops a running part of an execution: StopExecution, a timeout, a failed sibling branch, a
 * history that reached its quota ("history").
 */
export type CancelReason = "stop" | "timeout" | "branch" | "suspend" | "history";

export class CancelScope {
  private done = false;
  /** Why the scope was cancelled ("suspend": the sandbox shuts down; record nothing). */
  reason: CancelReason | undefined;
  /**
   * For a "branch" cancel: the last event of the failed branch or iteration. AWS chains the
   * Aborted events of the siblings still running to it.
   */
  abortSource: number | undefined;
  /** Made on the first subscription. */
  private listeners: Set<() => void> | undefined;

  constructor(parent?: CancelScope) {
    parent?.onCancel(() => this.cancel(parent.reason, parent.abortSource));
  }

  get cancelled(): boolean {
    return this.done;
  }

  cancel(reason: CancelReason = "branch", abortSource?: number): void {
    if (this.done) return;
    this.done = true;
    this.reason = reason;
    this.abortSource = abortSource;
    const listeners = this.listeners;
    if (listeners === undefined) return;
    for (const fn of [...listeners]) fn();
    listeners.clear();
  }

  /** Runs fn on cancel (at once if already cancelled); returns an unsubscribe function. */
  onCancel(fn: () => void): () => void {
    if (this.done) {
      fn();
      return () => {};
    }
    const listeners = (this.listeners ??= new Set());
    listeners.add(fn);
    return () => listeners.delete(fn);
  }

  throwIfCancelled(): void {
    if (this.done) throw new Cancelled();
  }

  /** Settles with `promise`, or rejects with Cancelled when this scope is cancelled first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.done) return Promise.reject(new Cancelled());
    return new Promise<T>((resolve, reject) => {
      const off = this.onCancel(() => reject(new Cancelled()));
      promise.then(
        (v) => {
          off();
          resolve(v);
        },
        (e: unknown) => {
          off();
          reject(e);
        },
      );
    });
  }
}
