/**
 * Concurrency, as Lambda counts it: each running invocation holds one execution
 * environment. A function with ReservedConcurrentExecutions may run that many at once;
 * the others share what is left of the account's limit (the unreserved pool). Beyond
 * either, a synchronous call is throttled (429) and an asynchronous one waits in the
 * event queue.
 */
import { ServiceException, TooManyRequestsException, messages } from "../errors.js";

export class Concurrency {
  private readonly busy = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  private reservedTotal = 0;
  private unreservedBusy = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(readonly accountLimit: number) {}

  reservedOf(functionName: string): number | undefined {
    return this.reserved.get(functionName);
  }

  /** The account's limit less every reservation: what functions without one share. */
  unreserved(): number {
    return this.accountLimit - this.reservedTotal;
  }

  /** PutFunctionConcurrency / DeleteFunctionConcurrency (undefined). */
  setReserved(functionName: string, value: number | undefined): void {
    this.reservedTotal -= this.reserved.get(functionName) ?? 0;
    if (value === undefined) this.reserved.delete(functionName);
    else {
      this.reserved.set(functionName, value);
      this.reservedTotal += value;
    }
    this.wake();
  }

  /** Takes a slot for one invocation (throttled when `wait` is false, else waits); answers its release. */
  async acquire(functionName: string, wait: boolean): Promise<() => void> {
    for (;;) {
      const release = this.tryAcquire(functionName);
      if (release) return release;
      const reason = this.full(functionName) ?? "ConcurrentInvocationLimitExceeded";
      if (!wait) throw new TooManyRequestsException(messages.rateExceeded(), reason);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** A slot now, or undefined when the function is at its limit (no promise on the common path). */
  tryAcquire(functionName: string): (() => void) | undefined {
    if (this.closed) throw new ServiceException(messages.shuttingDown());
    if (this.full(functionName) !== undefined) return undefined;
    this.busy.set(functionName, (this.busy.get(functionName) ?? 0) + 1);
    const unreserved = !this.reserved.has(functionName);
    if (unreserved) this.unreservedBusy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.busy.get(functionName) ?? 1) - 1;
      if (count > 0) this.busy.set(functionName, count);
      else this.busy.delete(functionName);
      if (unreserved) this.unreservedBusy--;
      this.wake();
    };
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Why one more invocation of this function cannot start now (TooManyRequestsException's Reason). */
  private full(functionName: string): string | undefined {
    const reserved = this.reserved.get(functionName);
    if (reserved !== undefined) {
      return (this.busy.get(functionName) ?? 0) >= reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded" : undefined;
    }
    return this.unreservedBusy >= this.unreserved() ? "ConcurrentInvocationLimitExceeded" : undefined;
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
