/**
 * The durable Store (DESIGN.md rule 5): each collection is a lowdb JSON snapshot
 * plus an append-only, group-committed, fdatasync'd journal, under one directory
 * that a lock file reserves for one sandbox process.
 *
 *   <dir>/sandbox.lock              pid of the sandbox using the directory
 *   <dir>/<name>.snapshot.json      {"format":1,"seq":S,"state":…}: state after record S
 *   <dir>/<name>.journal.<n>        {"seq":…,"rec":…} lines; replayed above S
 */
import { RealClock, type Clock } from "./clock.js";
import { acquireDirLock, type DirLock } from "./dirLock.js";
import { FileCollection } from "./fileCollection.js";
import { silentLogger, type Logger } from "./logger.js";
import type { DurableState, StateCodec, Store } from "./store.js";

/** Journal size that triggers a compaction. */
export const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;
/** Quiet time after the last commit that triggers a compaction. */
export const DEFAULT_IDLE_COMPACT_MS = 5_000;

/** Collection names become file names. */
const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export interface FileStoreOptions {
  /** Directory for snapshots, journals and the lock file; created when missing. */
  dir: string;
  /** Times idle compaction (default: real time, unref'd timers). */
  clock?: Clock;
  logger?: Logger;
  /** Compact a collection once its journal reaches this many bytes (default 64 MiB). */
  compactAfterBytes?: number;
  /** Compact a collection after this long without commits (default 5 s). */
  idleCompactMs?: number;
  /**
   * How long the process has gone without requests (ms), when it knows: idle compaction
   * then also waits for that long without reads, as rewriting a large collection while
   * it is being read slows every read down. Default: commits alone count.
   */
  quietMs?: () => number;
}

export class FileStore implements Store {
  readonly durable = true;
  private readonly dir: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly compactAfterBytes: number;
  private readonly idleCompactMs: number;
  private readonly quietMs: () => number;
  private readonly collections = new Map<string, { close(): Promise<void> }>();
  /** Names being opened or open. */
  private readonly names = new Set<string>();
  private locking: Promise<DirLock> | null = null;
  private lock: DirLock | null = null;

  constructor(options: FileStoreOptions) {
    this.dir = options.dir;
    this.clock = options.clock ?? new RealClock();
    this.logger = options.logger ?? silentLogger;
    this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    this.idleCompactMs = options.idleCompactMs ?? DEFAULT_IDLE_COMPACT_MS;
    this.quietMs = options.quietMs ?? (() => Number.POSITIVE_INFINITY);
  }

  /** The first open takes the directory's lock (SandboxError when another sandbox holds it). */
  async open<S, R>(name: string, codec: StateCodec<S, R>): Promise<DurableState<S, R>> {
    if (!COLLECTION_NAME.test(name)) throw new TypeError(`Invalid store collection name "${name}".`);
    if (this.names.has(name)) throw new Error(`The ${name} collection is already open.`);
    this.names.add(name);
    try {
      this.lock = await this.takeLock();
      const collection = await FileCollection.open({
        dir: this.dir,
        name,
        codec,
        clock: this.clock,
        logger: this.logger,
        compactAfterBytes: this.compactAfterBytes,
        idleCompactMs: this.idleCompactMs,
        quietMs: this.quietMs,
      });
      this.collections.set(name, collection);
      return collection;
    } catch (error) {
      this.names.delete(name);
      throw error;
    }
  }

  private async takeLock(): Promise<DirLock> {
    this.locking ??= acquireDirLock(this.dir, this.logger);
    try {
      return await this.locking;
    } catch (error) {
      this.locking = null; // a later open tries again
      throw error;
    }
  }

  /** Compacts and closes every collection, then releases the lock. */
  async close(): Promise<void> {
    const closing = [...this.collections.entries()];
    this.collections.clear();
    this.names.clear();
    const results = await Promise.allSettled(closing.map(([, collection]) => collection.close()));
    const lock = this.lock;
    this.lock = null;
    this.locking = null;
    await lock?.release();
    const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    for (const extra of failures.slice(1)) {
      this.logger.error(`Could not close a store collection: ${extra instanceof Error ? extra.message : String(extra)}`);
    }
    if (failures.length > 0) throw failures[0];
  }
}
