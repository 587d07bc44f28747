/**
 * Persistence port (DESIGN.md rule 5: nothing acknowledged is lost).
 *
 * A service keeps its state in memory and describes every change as a journal
 * record. `commit(record)` appends the record to an append-only journal and resolves
 * once it is fsync'd (records arriving together share one write + fsync: group
 * commit). Services apply a change in memory, await commit, then acknowledge.
 * The journal is compacted into a JSON snapshot (lowdb) when idle and on close;
 * recovery loads the snapshot and replays the journal records newer than it.
 */
export interface StateCodec<S, R> {
  /** Fresh state when nothing is stored. */
  empty(): S;
  /** Rebuilds state from a snapshot's JSON value. */
  fromSnapshot(json: unknown): S;
  /** JSON value for a snapshot (must not be mutated afterwards by the service). */
  toSnapshot(state: S): unknown;
  /** Re-applies one journal record during recovery. */
  apply(state: S, record: R): void;
}

export interface DurableState<S, R> {
  readonly state: S;
  /** Resolves once `record` is durable. Records are kept in call order. */
  commit(record: R): Promise<void>;
  /** Writes a snapshot now and truncates the journal. */
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
