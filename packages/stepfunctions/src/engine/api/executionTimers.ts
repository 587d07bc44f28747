/**
 * The timers of executions' own timeouts (the definition's TimeoutSeconds, an Express
 * execution's 5-minute cap). Executions started at the same instant of the clock with the same
 * timeout share one timer of the clock: they were due at the same time anyway, and fire in the
 * order they were armed (in one turn: separate executions share nothing a turn between would
 * show). Under load many executions start within one millisecond (16 per ms at 16,000
 * StartSyncExecution/s), and arming and cancelling a timer of the sandbox's clock for each
 * cost ~1.2 µs of CPU per execution (StartSyncExecution in-process on the sandbox's OffsetClock,
 * Lambda stubbed, 16 at a time: 13.4–13.9 → 12.3–12.7 µs).
 *
 * Only executions' own timers are shared: the timers of Task states stay one each, since the
 * states of one execution observe which of their timers fires first.
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";

interface Member {
  fn: (() => void) | undefined;
}

interface Group {
  readonly at: number;
  readonly ms: number;
  readonly members: Member[];
  live: number;
  handle: TimerHandle | undefined;
}

export class ExecutionTimers {
  /** The group timers armed now with the same delay join (an older one never matches again). */
  private last: Group | undefined;

  constructor(private readonly clock: Clock) {}

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const at = this.clock.now();
    let group = this.last;
    if (group === undefined || group.at !== at || group.ms !== ms || group.handle === undefined) {
      const fresh: Group = { at, ms, members: [], live: 0, handle: undefined };
      fresh.handle = this.clock.setTimeout(() => this.fire(fresh), ms);
      this.last = group = fresh;
    }
    const member: Member = { fn };
    const joined = group;
    joined.members.push(member);
    joined.live++;
    return {
      cancel: () => {
        if (member.fn === undefined) return;
        // Dropped at once: a long-running member does not keep the others' executions alive.
        member.fn = undefined;
        if (--joined.live === 0) this.close(joined);
      },
    };
  }

  private fire(group: Group): void {
    group.handle = undefined;
    if (this.last === group) this.last = undefined;
    for (const member of group.members) {
      const fn = member.fn;
      member.fn = undefined;
      fn?.();
    }
  }

  private close(group: Group): void {
    group.handle?.cancel();
    group.handle = undefined;
    if (this.last === group) this.last = undefined;
  }
}
