/**
 * Persistence port (DESIGN.md rule 5: nothing acknowledged is lost).
 *
 * A service keeps its state in memory and describes every change as a journal
 * record. `commit(record)` appends the record to an append-only journal and resolves
 * once it is fsync'd (records arriving together share one write + fsync: group
 * commit). Services apply a change in memory and call `commit` in the same
 * synchronous step (no `await` in between), await it, then acknowledge; when it
 * rejects with a StoreError they answer their 500 error instead.
 * The journal is compacted into a JSON snapshot (lowdb) when idle and on close;
 * recovery loads the snapshot and replays the journal records newer than it.
 * A record is the unit of atomicity: a change touching several items (a
 * transaction) is one record, so it is recovered whole or not at all.
 */
export interface StateCodec<S, R> {
  /** Fresh state when nothing is stored. */
  empty(): S;
  /** Rebuilds state from a snapshot's JSON value. */
  fromSnapshot(json: unknown): S;
  /**
   * JSON value for a snapshot. FileStore serializes it before control returns to
   * the service, so it may share objects with the live state.
   */
  toSnapshot(state: S): unknown;
  /**
   * True when nothing changes the value toSnapshot returns afterwards (it shares only
   * objects the service never mutates, e.g. stored items that writes replace rather than
   * change). FileStore then serializes it a piece at a time while writing the snapshot,
   * so a large state is never in memory twice, nor blocks the event loop while it is
   * turned into text.
   */
  readonly stableSnapshot?: boolean;
  /** Re-applies one journal record during recovery (records are plain JSON values). */
  apply(state: S, record: R): void;
}

export interface DurableState<S, R> {
  readonly state: S;
  /**
   * Resolves once `record` is durable. Records are kept in call order. Rejects with
   * a StoreError when the disk refuses the write; the outcome is then unknown (the
   * record may still be recovered), as with an AWS 500.
   */
  commit(record: R): Promise<void>;
  /** Writes a snapshot of the current state now and drops the journal it covers. */
  compact(): Promise<void>;
}

export interface Store {
  /** True when state is kept on disk (false for --in-memory). */
  readonly durable: boolean;
  /** Opens a named collection (e.g. "dynamodb"), recovering what was stored. */
  open<S, R>(name: string, codec: StateCodec<S, R>): Promise<DurableState<S, R>>;
  /** Compacts and closes every collection. */
  close(): Promise<void>;
}

/** A record or snapshot could not be written (disk full, permissions, I/O error). */
export class StoreError extends Error {
  /** The system error code (ENOSPC, EACCES, EIO…), when there is one. */
  readonly code?: string;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "StoreError";
    this.code = options.code;
  }
}

/** --in-memory: nothing touches the disk. */
export class MemoryStore implements Store {
  readonly durable = false;

  async open<S, R>(_name: string, codec: StateCodec<S, R>): Promise<DurableState<S, R>> {
    const state = codec.empty();
    return {
      state,
      commit: () => Promise.resolve(),
      compact: () => Promise.resolve(),
    };
  }

  async close(): Promise<void> {}
}
