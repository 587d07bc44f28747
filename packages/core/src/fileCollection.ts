/**
 * One collection of a FileStore: in-memory state, its journal and its snapshot.
 *
 * Crash safety rests on three rules:
 * - a commit resolves only after its line is fdatasync'd in a segment whose
 *   directory entry is durable;
 * - a snapshot at seq S is written under a temp name, fsync'd and renamed (the
 *   directory fsync'd) before any segment is deleted, and only segments holding
 *   nothing above S are deleted;
 * - recovery replays every record above the snapshot's seq, requires them to be
 *   contiguous, and forgives only unreadable lines at the end of a segment.
 */
import { join } from "node:path";
import { Low } from "lowdb";
import type { Clock, TimerHandle } from "./clock.js";
import { tempPathFor, unlinkIfExists } from "./durableFs.js";
import { SandboxError } from "./errors.js";
import { damaged, journalLine, listSegments, readSegment, type Segment } from "./journal.js";
import { JournalWriter } from "./journalWriter.js";
import type { Logger } from "./logger.js";
import { releaseIdleMemory } from "./memory.js";
import { SNAPSHOT_FORMAT, SnapshotFile, type SnapshotDoc } from "./snapshotFile.js";
import { StoreError, type DurableState, type StateCodec } from "./store.js";

/** A snapshot this large leaves enough garbage once loaded to collect it at once (memory.ts). */
const LARGE_SNAPSHOT_CHARS = 16 * 1024 * 1024;

export interface CollectionOptions<S, R> {
  dir: string;
  name: string;
  codec: StateCodec<S, R>;
  clock: Clock;
  logger: Logger;
  compactAfterBytes: number;
  idleCompactMs: number;
  /** How long the process has gone without requests (FileStoreOptions.quietMs). */
  quietMs: () => number;
}

export class FileCollection<S, R> implements DurableState<S, R> {
  private readonly writer: JournalWriter;
  private closed = false;
  private compactions: Promise<void> = Promise.resolve();
  private autoCompacting = false;
  private idleTimer: TimerHandle | null = null;
  private lastCommitAt = 0;

  private constructor(
    private readonly options: CollectionOptions<S, R>,
    readonly state: S,
    private readonly snapshot: Low<SnapshotDoc | null>,
    private readonly snapshotFile: SnapshotFile,
    private snapshotSeq: number,
    private lastSeq: number,
    segments: Segment[],
  ) {
    this.writer = new JournalWriter(options.dir, options.name, segments, options.logger, () => this.afterWrite());
    // Fold what recovery replayed into a snapshot once things are quiet.
    if (segments.length > 0) this.armIdleTimer(options.idleCompactMs);
  }

  /** Loads the snapshot and replays the journal records newer than it. */
  static async open<S, R>(options: CollectionOptions<S, R>): Promise<FileCollection<S, R>> {
    const { dir, name, codec, logger } = options;
    const snapshotPath = join(dir, `${name}.snapshot.json`);
    await unlinkIfExists(tempPathFor(snapshotPath)); // a compaction cut short; the journal still holds its records
    const file = new SnapshotFile(snapshotPath, codec.stableSnapshot === true);
    const snapshot = new Low<SnapshotDoc | null>(file, null);
    await snapshot.read();
    const snapshotSeq = snapshot.data?.seq ?? 0;
    const state = snapshot.data ? codec.fromSnapshot(snapshot.data.state) : codec.empty();
    snapshot.data = null; // the state owns what it kept of the parsed snapshot
    const segments = await listSegments(dir, name);
    let seq = snapshotSeq;
    for (const segment of segments) {
      const { entries, tornLines } = await readSegment(segment);
      if (tornLines > 0) {
        logger.warn(`${segment.path}: ignored ${tornLines} incomplete record line(s) at its end, cut short by a crash before being acknowledged.`);
      }
      for (const entry of entries) {
        // At or below seq: the snapshot holds it, or it is the copy of a retried write.
        if (entry.seq <= seq) continue;
        if (entry.seq !== seq + 1) {
          const missing = entry.seq - 1 > seq + 1 ? `records ${seq + 1} to ${entry.seq - 1}` : `record ${seq + 1}`;
          throw damaged(segment.path, undefined, `The ${name} journal is missing ${missing}.`);
        }
        replay(codec, state, entry.rec as R, entry.seq, segment.path);
        seq = entry.seq;
      }
    }
    if (seq > snapshotSeq) logger.debug(`${name}: replayed journal records ${snapshotSeq + 1} to ${seq}`);
    // The snapshot's text and its parse are garbage now: give the memory back at once.
    if (file.charsRead >= LARGE_SNAPSHOT_CHARS) void releaseIdleMemory();
    return new FileCollection(options, state, snapshot, file, snapshotSeq, seq, segments);
  }

  commit(record: R): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError(`The ${this.options.name} store is closed.`));
    let json: string | undefined;
    try {
      json = JSON.stringify(record);
    } catch (error) {
      return Promise.reject(new TypeError(`A ${this.options.name} journal record must be JSON.`, { cause: error }));
    }
    if (json === undefined) return Promise.reject(new TypeError(`A ${this.options.name} journal record must be JSON.`));
    const seq = ++this.lastSeq;
    this.lastCommitAt = this.options.clock.now();
    if (!this.idleTimer) this.armIdleTimer(this.options.idleCompactMs);
    return this.writer.append(seq, journalLine(seq, json));
  }

  /** Compactions run one at a time, in call order. */
  compact(): Promise<void> {
    const run = this.compactions.then(() => this.compactOnce());
    this.compactions = run.then(
      () => undefined,
      () => undefined, // the caller of this run receives its error
    );
    return run;
  }

  /** Waits for writes in flight, compacts, and closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.idleTimer?.cancel();
    this.idleTimer = null;
    await this.writer.drain();
    try {
      await this.compact();
    } finally {
      await this.writer.close();
    }
  }

  private async compactOnce(): Promise<void> {
    const { name, codec, logger } = this.options;
    const seq = this.lastSeq;
    if (seq > this.snapshotSeq) {
      logger.debug(`${name}: compacting up to record ${seq}`);
      // Serialized now, in step with seq (Low.write hands data to SnapshotFile.write synchronously),
      // or, for a stable snapshot, a piece at a time from what toSnapshot returned now.
      this.snapshot.data = { format: SNAPSHOT_FORMAT, seq, state: codec.toSnapshot(this.state) };
      const written = this.snapshot.write();
      this.snapshot.data = null; // keep no reference to live state
      // Records queued from here on go to a new segment, so the current ones end at or below seq.
      await Promise.all([written, this.writer.rotate(seq)]);
      this.snapshotSeq = seq;
      logger.debug(`${name}: snapshot up to record ${seq} is durable`);
    }
    const removed = await this.writer.removeCovered(this.snapshotSeq);
    if (removed > 0) logger.debug(`${name}: compacted, removed ${removed} journal segment(s)`);
  }

  /**
   * Compacts once the journal holds `compactAfterBytes` and at least as much as the
   * snapshot it would replace (as Redis rewrites its append-only file once it has doubled):
   * each compaction rewrites the whole state, so a fixed threshold made a growing
   * collection rewrite itself over and over (a table written at 30k items/s spent an
   * eighth of its CPU serializing snapshots). A crash then replays at most a snapshot's
   * worth of journal.
   */
  private afterWrite(): void {
    const threshold = Math.max(this.options.compactAfterBytes, this.snapshotFile.size);
    if (this.writer.bytes >= threshold) this.autoCompact();
  }

  private autoCompact(): void {
    if (this.autoCompacting || this.closed) return;
    this.autoCompacting = true;
    this.compact()
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.logger.error(`Could not compact the ${this.options.name} journal (it is kept): ${reason}`);
      })
      .finally(() => {
        this.autoCompacting = false;
      });
  }

  /** One timer, re-armed lazily, rather than one per commit. */
  private armIdleTimer(ms: number): void {
    this.idleTimer = this.options.clock.setTimeout(() => {
      this.idleTimer = null;
      if (this.closed) return;
      const quiet = Math.min(this.options.clock.now() - this.lastCommitAt, this.options.quietMs());
      if (quiet < this.options.idleCompactMs) this.armIdleTimer(this.options.idleCompactMs - quiet);
      else if (this.lastSeq > this.snapshotSeq || this.writer.segmentCount > 0) this.autoCompact();
    }, ms);
  }
}

function replay<S, R>(codec: StateCodec<S, R>, state: S, record: R, seq: number, path: string): void {
  try {
    codec.apply(state, record);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxError(`Could not replay journal record ${seq}: ${reason}`, { file: path });
  }
}
