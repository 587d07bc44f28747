/**
 * The single writer of a collection's journal. Commits queue their lines; one loop
 * writes everything queued with one write and one fdatasync (group commit) and
 * resolves those commits together, in sequence order. Writes are one at a time, in
 * order, but the next batch is written while earlier batches are still being
 * fdatasync'd (up to MAX_SYNCS_IN_FLIGHT), since a disk completes overlapping flushes
 * together; batches are still acknowledged strictly in order. Maintenance (rotating
 * to a new segment, deleting segments a snapshot covers) runs in the same loop once
 * every batch is synced, so it never races a write.
 */
import { open, type FileHandle } from "node:fs/promises";
import { errorCode, syncDir, unlinkIfExists } from "./durableFs.js";
import { segmentPath, type Segment } from "./journal.js";
import type { Logger } from "./logger.js";
import { StoreError } from "./store.js";

interface Pending {
  seq: number;
  line: string;
  resolve(): void;
  reject(error: Error): void;
}

interface OpenSegment {
  segment: Segment;
  handle: FileHandle;
  /** Bytes the file holds, records then zeros (preallocated). */
  allocated: number;
}

/** Lines written with one write, acknowledged once their fdatasync (and every earlier batch's) succeeded. */
interface Batch {
  lines: Pending[];
  /** Where it was written (null: no segment could be opened). */
  target: OpenSegment | null;
  /** Offset of its first byte in the segment. */
  start: number;
  /** Set once its write or fdatasync finished: true, or what failed. */
  outcome?: true | { error: unknown };
}

/**
 * fdatasyncs in flight at once. Measured on ext4 over virtio (appending): one
 * write+fdatasync at a time takes 540 µs each, two overlapping 180 µs each. More
 * overlap makes smaller batches, and each fdatasync costs 50–80 µs of CPU.
 */
const MAX_SYNCS_IN_FLIGHT = 2;

/**
 * Segments grow ahead of their records by zeros written once (64 KiB, doubling up to
 * 1 MiB at a time). Records then overwrite allocated blocks inside the file's size, so
 * their fdatasync flushes data alone: appending would make every fdatasync commit the
 * size and block changes through the file system's journal too (ext4: 540 µs a commit
 * appending, about 100–200 µs overwriting, and far more when other files are being
 * synced). Readers stop at the first NUL (journal.ts).
 */
const MIN_PREALLOCATION = 64 * 1024;
const MAX_PREALLOCATION = 1024 * 1024;
let zeroBuffer: Buffer | undefined;

function zeros(length: number): Buffer {
  zeroBuffer ??= Buffer.alloc(MAX_PREALLOCATION);
  return zeroBuffer.subarray(0, length);
}

export class JournalWriter {
  private queue: Pending[] = [];
  private maintenance: Array<() => Promise<void>> = [];
  /** Batches written and not yet acknowledged, oldest first. */
  private syncing: Batch[] = [];
  private active: OpenSegment | null = null;
  private running = false;
  /** Set while the loop waits for a sync to finish or for work to arrive. */
  private wakeLoop: (() => void) | null = null;
  /** A write failed: its lines wait in the queue until the next append retries them. */
  private stalled = false;
  private idleWaiters: Array<() => void> = [];
  private nextIndex: number;

  /** `segments`: the collection's segments already on disk, oldest first (never appended to). */
  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly segments: Segment[],
    private readonly logger: Logger,
    private readonly onWritten: () => void,
  ) {
    this.nextIndex = (segments.at(-1)?.index ?? 0) + 1;
  }

  /** Bytes in the segments on disk (written, possibly not yet synced). */
  get bytes(): number {
    return this.segments.reduce((total, segment) => total + segment.bytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Resolves once `line` (record `seq`, the next in order) is on disk and fdatasync'd. */
  append(seq: number, line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ seq, line, resolve, reject });
      this.stalled = false;
      this.kick();
    });
  }

  /**
   * Closes the current segment once the batch in flight is written: every record
   * queued from now on goes to a new segment.
   */
  rotate(): Promise<void> {
    return this.between(() => this.closeActive());
  }

  /** Deletes the segments whose records are all at or below `seq`: a durable snapshot holds them. */
  removeCovered(seq: number): Promise<number> {
    return this.between(async () => {
      const covered = this.segments.filter((s) => s !== this.active?.segment && s.maxSeq <= seq);
      for (const segment of covered) {
        // No directory fsync needed: a deletion lost in a crash brings back a
        // segment whose records recovery skips, as the snapshot holds them.
        await unlinkIfExists(segment.path);
        this.segments.splice(this.segments.indexOf(segment), 1);
      }
      return covered.length;
    });
  }

  /** Resolves when no write or fdatasync is in flight. */
  drain(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Closes the segment; records still queued are rejected. */
  close(): Promise<void> {
    return this.between(async () => {
      const closed = new StoreError(`The ${this.name} store is closed.`);
      for (const pending of this.queue.splice(0)) pending.reject(closed);
      await this.closeActive();
    });
  }

  /** Runs `task` in the writer loop, between two batches. */
  private between<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.maintenance.push(() => task().then(resolve, reject));
      this.kick();
    });
  }

  private kick(): void {
    if (this.running) {
      this.wake();
      return;
    }
    this.running = true;
    this.run().catch((error: unknown) => {
      this.logger.error(`The ${this.name} journal writer stopped: ${describe(error)}`);
    });
  }

  private wake(): void {
    const wake = this.wakeLoop;
    this.wakeLoop = null;
    wake?.();
  }

  /** Waits until a sync finishes or work arrives (kick). */
  private sleep(): Promise<void> {
    return new Promise((resolve) => (this.wakeLoop = resolve));
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        const failed = this.syncing.some((batch) => batch.outcome !== undefined && batch.outcome !== true);
        if (failed || this.maintenance.length > 0) {
          // Both need the disk quiet: let every sync in flight finish first.
          while (this.syncing.some((batch) => batch.outcome === undefined)) await this.sleep();
          if (this.syncing.length > 0) await this.recover();
          for (const task of this.maintenance.splice(0)) await task();
        } else if (this.queue.length > 0 && !this.stalled && this.syncing.length < MAX_SYNCS_IN_FLIGHT) {
          await this.writeBatch(this.queue.splice(0));
        } else if (this.syncing.length > 0) {
          await this.sleep();
        } else {
          break;
        }
      }
    } finally {
      this.running = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Writes one batch, then starts its fdatasync without waiting for it. */
  private async writeBatch(lines: Pending[]): Promise<void> {
    const data = Buffer.from(lines.length === 1 ? lines[0].line : lines.map((pending) => pending.line).join(""), "utf8");
    const batch: Batch = { lines, target: null, start: 0 };
    this.syncing.push(batch);
    try {
      const target = this.active ?? (await this.openSegment());
      batch.target = target;
      batch.start = target.segment.bytes;
      // Raised before writing: even a failed write may leave these records on disk.
      target.segment.maxSeq = Math.max(target.segment.maxSeq, lines[lines.length - 1].seq);
      const end = batch.start + data.length;
      if (end > target.allocated) await this.preallocate(target, end);
      await writeFully(target.handle, data, batch.start);
      target.segment.bytes += data.length;
      target.handle.datasync().then(
        () => this.synced(batch, true),
        (error: unknown) => this.synced(batch, { error }),
      );
    } catch (error) {
      batch.outcome = { error };
    }
  }

  /** Zeros after `end`, where the next batches will go (synced with the batch being written). */
  private async preallocate(target: OpenSegment, end: number): Promise<void> {
    const length = Math.min(MAX_PREALLOCATION, Math.max(MIN_PREALLOCATION, target.allocated));
    await writeFully(target.handle, zeros(length), end);
    target.allocated = end + length;
  }

  /** Acknowledges, in order, every batch whose own sync and all earlier ones succeeded. */
  private synced(batch: Batch, outcome: true | { error: unknown }): void {
    batch.outcome = outcome;
    let acknowledged = false;
    while (this.syncing.length > 0 && this.syncing[0].outcome === true) {
      const done = this.syncing.shift() as Batch;
      for (const pending of done.lines) pending.resolve();
      acknowledged = true;
    }
    if (acknowledged) this.onWritten();
    this.wake();
  }

  /**
   * A write or fdatasync failed (every sync has finished, the synced ones are acknowledged):
   * cuts the journal back to the first unacknowledged batch and fails its commits and
   * every later one, even one whose own sync succeeded (after a failed fdatasync, a later
   * one proves nothing about the earlier data). Memory already holds these changes, so
   * they stay first in line and are written ahead of the next record; their commits, and
   * those queued behind them, fail now (outcome unknown).
   */
  private async recover(): Promise<void> {
    const batches = this.syncing.splice(0);
    const first = batches[0];
    const outcome = batches.find((batch) => batch.outcome !== true)?.outcome;
    const cause = outcome === undefined || outcome === true ? undefined : outcome.error;
    if (first.target) await this.rewind(first.target, first.start);
    const lines = batches.flatMap((batch) => batch.lines);
    this.queue.unshift(...lines);
    this.stalled = true;
    const failure = new StoreError(`Could not write the ${this.name} journal in ${this.dir}: ${describe(cause)}`, {
      code: errorCode(cause),
      cause,
    });
    for (const pending of this.queue) pending.reject(failure);
  }

  private async openSegment(): Promise<OpenSegment> {
    const index = this.nextIndex++;
    const segment: Segment = { index, path: segmentPath(this.dir, this.name, index), bytes: 0, maxSeq: 0 };
    const handle = await open(segment.path, "wx");
    this.segments.push(segment);
    const opened = { segment, handle, allocated: 0 };
    try {
      // The new file's directory entry must be durable before records in it are acknowledged.
      await syncDir(this.dir);
    } catch (error) {
      await this.closeHandle(opened);
      throw error;
    }
    this.active = opened;
    return opened;
  }

  /** Cuts off what failed writes left from `start` on, so the retry continues a clean file. */
  private async rewind(target: OpenSegment, start: number): Promise<void> {
    try {
      await target.handle.truncate(start);
      target.segment.bytes = start;
      target.allocated = start;
    } catch (error) {
      // Recovery ignores a torn tail and skips records already replayed, so the
      // segment may stay as it is; the retry goes to a fresh segment.
      this.logger.warn(`Could not cut a failed write off ${target.segment.path}: ${describe(error)}`);
      if (this.active === target) this.active = null;
      await this.closeHandle(target);
    }
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    this.active = null;
    if (!active) return;
    if (active.allocated > active.segment.bytes) {
      try {
        await active.handle.truncate(active.segment.bytes);
      } catch (error) {
        // Readers stop at the zeros anyway; the file is only larger than it needs to be.
        this.logger.warn(`Could not cut the unused end off ${active.segment.path}: ${describe(error)}`);
      }
    }
    await this.closeHandle(active);
  }

  private async closeHandle(opened: OpenSegment): Promise<void> {
    try {
      await opened.handle.close();
    } catch (error) {
      // Everything acknowledged in it was fdatasync'd already: nothing is lost.
      this.logger.warn(`Could not close ${opened.segment.path}: ${describe(error)}`);
    }
  }
}

async function writeFully(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, position + offset);
    if (bytesWritten === 0) throw new Error("the file system accepted no bytes");
    offset += bytesWritten;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
