/**
 * Time is a port: every timer in the sandbox (Wait states, retries, timeouts, TTL,
 * token expiry) reads a Clock, so tests and workshops can skip time.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn after ms of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Resolves after ms of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export class RealClock implements Clock {
  /** scale 0 skips waits; 0.5 halves them (Step Functions Local's WAIT_TIME_SCALE). */
  constructor(private readonly scale = 1) {}

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    // node's setTimeout fires at once past 2^31-1 ms (~24.8 days); long waits (a year-long
    // Wait state, Step Functions' default task timeout) are chained in steps instead.
    let due = Date.now() + Math.max(0, ms * this.scale);
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      const left = due - Date.now();
      timer = setTimeout(left > MAX_NODE_TIMEOUT_MS ? arm : fn, Math.max(0, Math.min(left, MAX_NODE_TIMEOUT_MS)));
      timer.unref?.();
    };
    arm();
    return { cancel: () => { due = Infinity; clearTimeout(timer); } };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }
}

/** The longest delay node's setTimeout honours. */
const MAX_NODE_TIMEOUT_MS = 2_147_483_647;

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told (`advance`). An offset on top of real time is
 * also supported (`sandbox time advance 1d` on a running sandbox) via `OffsetClock`.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Moves time forward, firing due timers in order; awaits microtasks between them. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.fn();
      await flushMicrotasks();
    }
    this.current = target;
  }

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

/** A timer of an OffsetClock, linked to the others still pending. */
interface OffsetTimer {
  at: number;
  fn: () => void;
  handle: TimerHandle;
  prev: OffsetTimer | undefined;
  next: OffsetTimer | undefined;
}

/** Real time shifted by an offset the user can grow (`sandbox time advance`). */
export class OffsetClock implements Clock {
  private offset = 0;
  // Pending timers as a linked list: API Gateway arms and cancels one per request, and a Set
  // churned that fast keeps requests' objects alive long enough for V8 to promote them.
  private first: OffsetTimer | undefined;
  private last: OffsetTimer | undefined;

  constructor(private readonly base: Clock = new RealClock()) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    // Appended: advance() re-arms them in the order they were set, as they would have fired.
    const entry: OffsetTimer = { at: this.now() + ms, fn, handle: NO_TIMER, prev: this.last, next: undefined };
    if (this.last) this.last.next = entry;
    else this.first = entry;
    this.last = entry;
    this.schedule(entry);
    return {
      cancel: () => {
        entry.handle.cancel();
        this.unlink(entry);
      },
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Jumps forward: timers now due fire at once, the others are re-armed for what is left. */
  advance(ms: number): void {
    this.offset += ms;
    const pending: OffsetTimer[] = [];
    for (let entry = this.first; entry; entry = entry.next) pending.push(entry);
    for (const entry of pending) {
      entry.handle.cancel();
      this.schedule(entry);
    }
  }

  get offsetMs(): number {
    return this.offset;
  }

  private schedule(entry: OffsetTimer): void {
    entry.handle = this.base.setTimeout(() => {
      this.unlink(entry);
      entry.fn();
    }, Math.max(0, entry.at - this.now()));
  }

  private unlink(entry: OffsetTimer): void {
    if (entry.prev) entry.prev.next = entry.next;
    else if (this.first === entry) this.first = entry.next;
    else return; // not linked (fired or cancelled before)
    if (entry.next) entry.next.prev = entry.prev;
    else this.last = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
  }
}

const NO_TIMER: TimerHandle = { cancel: () => {} };

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}
