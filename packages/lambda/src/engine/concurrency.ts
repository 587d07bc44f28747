/**
 * Concurrency, as Lambda counts it: each running invocation holds one execution
 * environment. A function with ReservedConcurrentExecutions may run that many at once;
 * the others share what is left of the account's limit (the unreserved pool). Beyond
 * either, a synchronous call is throttled (429) and an asynchronous one waits in the
 * event queue.
 *
 * Provisioned concurrency is carved out of the reservation: invocations of a version with a
 * provisioned config count under `provisionedKey(name)` against the provisioned total, the
 * others against what is left (reserved − provisioned) — so $LATEST is throttled once the two are
 * equal (localstack test_lambda_concurrency_block and test_reserved_provisioned_overlap, recorded on AWS).
 */
import { ServiceException, TooManyRequestsException, messages } from "../errors.js";

/** What an environment pool takes slots from (the account's Concurrency, or a version's view of it). */
export interface ConcurrencySlots {
  tryAcquire(key: string): (() => void) | undefined;
  acquire(key: string, wait: boolean): Promise<() => void>;
}

/** The key the invocations served by provisioned concurrency count under ("#" is no function name character). */
export function provisionedKey(functionName: string): string {
  return `${functionName}#provisioned`;
}

export class Concurrency implements ConcurrencySlots {
  private readonly busy = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  /** The limit each key runs under: only functions with a reservation have one. */
  private readonly limits = new Map<string, number>();
  private readonly provisioned = new Map<string, number>();
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
    this.updateLimits(functionName);
    this.wake();
  }

  /** The function's provisioned concurrency, all versions and aliases together (0: none). */
  setProvisioned(functionName: string, total: number): void {
    if (total > 0) this.provisioned.set(functionName, total);
    else this.provisioned.delete(functionName);
    this.updateLimits(functionName);
    this.wake();
  }

  private updateLimits(functionName: string): void {
    const reserved = this.reserved.get(functionName);
    const key = provisionedKey(functionName);
    if (reserved === undefined) {
      this.limits.delete(functionName);
      this.limits.delete(key);
      return;
    }
    const provisioned = Math.min(this.provisioned.get(functionName) ?? 0, reserved);
    this.limits.set(functionName, reserved - provisioned);
    if (provisioned > 0) this.limits.set(key, provisioned);
    else this.limits.delete(key);
  }

  /** Takes a slot for one invocation (throttled when `wait` is false, else waits); answers its release. */
  async acquire(key: string, wait: boolean): Promise<() => void> {
    for (;;) {
      const release = this.tryAcquire(key);
      if (release) return release;
      const reason = this.full(key) ?? "ConcurrentInvocationLimitExceeded";
      if (!wait) throw new TooManyRequestsException(messages.rateExceeded(), reason);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** A slot now, or undefined when the function is at its limit (no promise on the common path). */
  tryAcquire(key: string): (() => void) | undefined {
    if (this.closed) throw new ServiceException(messages.shuttingDown());
    if (this.full(key) !== undefined) return undefined;
    this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
    const unreserved = !this.limits.has(key);
    if (unreserved) this.unreservedBusy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.busy.get(key) ?? 1) - 1;
      if (count > 0) this.busy.set(key, count);
      else this.busy.delete(key);
      if (unreserved) this.unreservedBusy--;
      this.wake();
    };
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Why one more invocation under this key (a function, or its provisioned share) cannot start now (TooManyRequestsException's Reason). */
  private full(key: string): string | undefined {
    const limit = this.limits.get(key);
    if (limit !== undefined) {
      return (this.busy.get(key) ?? 0) >= limit ? "ReservedFunctionConcurrentInvocationLimitExceeded" : undefined;
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
