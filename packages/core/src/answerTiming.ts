/**
 * When the sandbox's HTTP servers write their answers. Writing a response to a client that
 * is waiting wakes it, and on a loaded machine that wake-up costs more than the answer
 * (on this project's 2-core VMs, a `writev` that woke the client took ~21 µs against ~6 µs
 * for one that found it running: a third of a GetItem's CPU). Answers that become ready
 * one at a time during the event loop's poll phase (each socket read answers its own
 * request) are therefore held and written together at the end of that loop turn
 * (setImmediate, the check phase): a client busy with many connections is woken once for
 * the turn's answers instead of once per answer. Nothing waits for more work to arrive;
 * an answer is held at most until the requests already read are handled.
 *
 * Answers released together by something that already batched them (a journal's group
 * commit) are written as they come (`answerAtOnce`), since holding them would only move
 * them behind the next poll phase.
 */
const held: (() => void)[] = [];
let flushScheduled = false;
let atOnce = false;

/** Runs `write` now, or with the loop turn's other answers (see above). */
export function answerWhenDue(write: () => void): void {
  if (atOnce) {
    write();
    return;
  }
  held.push(write);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

/**
 * Answers made by the promise reactions that follow this call (a group commit resolving its
 * writes) are written at once, until those reactions have all run: a tick queued from a
 * microtask runs only after the microtask queue has drained.
 */
export function answerAtOnce(): void {
  if (atOnce) return;
  atOnce = true;
  queueMicrotask(() => process.nextTick(endAtOnce));
}

function endAtOnce(): void {
  atOnce = false;
}

function flush(): void {
  flushScheduled = false;
  // Answers held while these run (none: each write only sends) would wait for the next turn.
  const writes = held.splice(0);
  // One write that throws (each handles its own failures) still lets the others go out.
  let failed = false;
  let failure: unknown;
  for (const write of writes) {
    try {
      write();
    } catch (error) {
      if (!failed) [failed, failure] = [true, error];
    }
  }
  if (failed) throw failure;
}
