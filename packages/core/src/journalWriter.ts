/**
 * The single writer of a collection's journal. Commits queue their lines; everything
 * queued is written with one durable write (group commit), and those commits then
 * resolve together, in sequence order. Maintenance (rotating to a new segment,
 * deleting segments a snapshot covers) runs between batches, so it never races a write.
 *
 * Segments are opened O_DSYNC where the platform has it: a write returns once its data
 * is on disk, one system call instead of a write and then an fdatasync. Elsewhere each
 * write is followed by fdatasync.
 *
 * Where the write runs: on the event loop, once per loop turn (setImmediate, after the
 * poll phase has read every request that arrived), while such writes stay fast; on
 * libuv's threads when they are not. On 2 cores shared with the load, a write on a
 * thread cost more than its wait: the thread's wake-up, and the completion noticed
 * ~1 ms late behind a poll phase full of requests, with the event loop idle ~30 % in
 * between (PutItem through the edge, 32 connections, paired runs: 8.3k–11.1k/s at
 * 85–108 µs of CPU a put on threads, 10.3k–13.2k/s at 65–76 µs inline). An inline write
 * blocks every service for its ~0.2 ms, and a batch grows with the load while it does.
 * A disk slower than that on average (a network file system, a busy laptop disk) would
 * stall the whole sandbox: when the average inline write passes SLOW_WRITE_MS, writes go
 * to libuv's threads for THREADS_FOR_MS and then try inline again. A failed inline write
 * is retried once on a thread, where failures are handled (writeBatch). One batch at a
 * time either way: a second write in flight made batches smaller and the server slower.
 */
import fs, { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { answerAtOnce } from "./answerTiming.js";
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
  /** Bytes the file holds: its records, then zeros (preallocated). */
  allocated: number;
}

/** O_DSYNC, where the platform has it (not on Windows). */
const DSYNC: number | undefined = constants.O_DSYNC;
const SEGMENT_FLAGS = DSYNC === undefined ? "wx" : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | DSYNC;

/**
 * Segments grow ahead of their records by zeros written once (64 KiB, doubling up to
 * 1 MiB at a time). Records then overwrite allocated blocks inside the file's size, so
 * syncing them flushes data alone: appending makes every sync also commit the new size
 * and blocks through the file system's journal (ext4 on virtio: 540 µs per durable write
 * appending, about 200 µs overwriting; appending waits far longer while other files are
 * being synced). Readers stop at the first NUL (journal.ts).
 */
const MIN_PREALLOCATION = 64 * 1024;
const MAX_PREALLOCATION = 1024 * 1024;
let zeroBuffer: Buffer | undefined;
/** The average inline write (ms) above which writes go to libuv's threads, and for how long (ms). */
const SLOW_WRITE_MS = 2;
const THREADS_FOR_MS = 1000;
/** The weight of the latest inline write in the running average of their durations. */
const LATEST_WEIGHT = 0.1;
/** The encoding buffer (JournalWriter.encode) starts at this size and is kept up to MAX_KEPT_BUFFER. */
const INITIAL_BUFFER = 64 * 1024;
const MAX_KEPT_BUFFER = 4 * 1024 * 1024;

function zeros(length: number): Buffer {
  zeroBuffer ??= Buffer.alloc(MAX_PREALLOCATION);
  return zeroBuffer.subarray(0, length);
}

export class JournalWriter {
  private queue: Pending[] = [];
  private maintenance: Array<() => Promise<void>> = [];
  private active: OpenSegment | null = null;
  /** The async loop (writes on libuv's threads, maintenance) is running. */
  private running = false;
  /** An inline write is due at the end of this loop turn. */
  private inlineDue = false;
  private averageInlineMs = 0;
  /** Until then (performance.now()), writes go to libuv's threads. */
  private threadsUntil = 0;
  /** A write failed: its lines wait in the queue until the next append retries them. */
  private stalled = false;
  private idleWaiters: Array<() => void> = [];
  private nextIndex: number;
  /** Bytes of records in `segments` (kept as they change: read after every write). */
  private recordBytes: number;
  private buffer = Buffer.allocUnsafe(INITIAL_BUFFER);

  /** `segments`: the collection's segments already on disk, oldest first (never appended to). */
  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly segments: Segment[],
    private readonly logger: Logger,
    private readonly onWritten: () => void,
  ) {
    this.nextIndex = (segments.at(-1)?.index ?? 0) + 1;
    this.recordBytes = segments.reduce((total, segment) => total + segment.bytes, 0);
  }

  /** Bytes of records in the segments on disk. */
  get bytes(): number {
    return this.recordBytes;
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
   * queued from now on goes to a new segment. Records up to `lastSeq` still queued
   * are written to the current one first, so the new segment holds no record a snapshot
   * at `lastSeq` covers (and the old one can go once that snapshot is durable).
   */
  rotate(lastSeq = 0): Promise<void> {
    return this.between(async () => {
      let upTo = 0;
      while (upTo < this.queue.length && this.queue[upTo].seq <= lastSeq) upTo++;
      if (upTo > 0 && !this.stalled) await this.writeBatch(this.queue.splice(0, upTo));
      await this.closeActive();
    });
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
        this.recordBytes -= segment.bytes;
      }
      return covered.length;
    });
  }

  /** Resolves when no write is in flight. */
  drain(): Promise<void> {
    if (!this.running && !this.inlineDue) return Promise.resolve();
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
    if (this.running) return;
    if (this.canWriteInline()) {
      if (!this.inlineDue) {
        this.inlineDue = true;
        setImmediate(this.writeInline);
      }
      return;
    }
    this.running = true;
    this.run().catch((error: unknown) => {
      this.logger.error(`The ${this.name} journal writer stopped: ${describe(error)}`);
    });
  }

  private async run(): Promise<void> {
    try {
      while (this.maintenance.length > 0 || (this.queue.length > 0 && !this.stalled)) {
        for (const task of this.maintenance.splice(0)) await task();
        if (this.queue.length > 0 && !this.stalled) await this.writeBatch(this.queue.splice(0));
      }
    } finally {
      this.running = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private canWriteInline(): boolean {
    return this.active !== null && this.maintenance.length === 0 && !this.stalled && performance.now() >= this.threadsUntil;
  }

  /** Writes everything queued on the event loop (see the top of this file). */
  private readonly writeInline = (): void => {
    this.inlineDue = false;
    // The async loop started meanwhile (maintenance) and takes the queue after it.
    if (this.running) return;
    if (this.queue.length > 0) {
      if (!this.canWriteInline()) return this.kick();
      const target = this.active as OpenSegment;
      const batch = this.queue.splice(0);
      const data = this.encode(batch);
      const started = performance.now();
      try {
        target.segment.maxSeq = Math.max(target.segment.maxSeq, batch[batch.length - 1].seq);
        const end = target.segment.bytes + data.length;
        if (end > target.allocated) {
          const length = preallocationAfter(target);
          writeFullySync(target.handle.fd, zeros(length), end);
          target.allocated = end + length;
        }
        writeFullySync(target.handle.fd, data, target.segment.bytes);
        if (DSYNC === undefined) fs.fdatasyncSync(target.handle.fd);
      } catch {
        // Retried once on a thread, whose failure handling (writeBatch) rejects the commits.
        this.queue.unshift(...batch);
        this.threadsUntil = performance.now() + THREADS_FOR_MS;
        return this.kick();
      }
      const finished = performance.now();
      this.averageInlineMs += (finished - started - this.averageInlineMs) * LATEST_WEIGHT;
      if (this.averageInlineMs > SLOW_WRITE_MS) {
        this.threadsUntil = finished + THREADS_FOR_MS;
        this.averageInlineMs = 0;
      }
      this.written(target, batch, data.length);
    }
    for (const wake of this.idleWaiters.splice(0)) wake();
  };

  private async writeBatch(batch: Pending[]): Promise<void> {
    const data = this.encode(batch);
    let target: OpenSegment | null = null;
    try {
      target = this.active ?? (await this.openSegment());
      // Raised before writing: even a failed write may leave these records on disk.
      target.segment.maxSeq = Math.max(target.segment.maxSeq, batch[batch.length - 1].seq);
      const end = target.segment.bytes + data.length;
      if (end > target.allocated) await this.preallocate(target, end);
      await writeFully(target.handle, data, target.segment.bytes);
      if (DSYNC === undefined) await target.handle.datasync();
    } catch (error) {
      if (target) await this.rewind(target);
      // Memory already holds these changes, so they stay first in line and are
      // written ahead of the next record; their commits, and those queued behind
      // them, fail now (outcome unknown) rather than wait for a next commit.
      this.queue.unshift(...batch);
      this.stalled = true;
      const failure = new StoreError(`Could not write the ${this.name} journal in ${this.dir}: ${describe(error)}`, {
        code: errorCode(error),
        cause: error,
      });
      for (const pending of this.queue) pending.reject(failure);
      return;
    }
    this.written(target, batch, data.length);
  }

  private written(target: OpenSegment, batch: Pending[], bytes: number): void {
    target.segment.bytes += bytes;
    this.recordBytes += bytes;
    // The commits' answers go out as they come: they are one batch already.
    answerAtOnce();
    for (const pending of batch) pending.resolve();
    this.onWritten();
  }

  /**
   * The batch's lines as UTF-8, in a buffer reused from batch to batch (one write is in
   * flight at a time): no join of the lines and no new Buffer per write, whose memory
   * would only come back once the garbage collector found its wrapper.
   */
  private encode(batch: Pending[]): Buffer {
    let chars = 0;
    for (const pending of batch) chars += pending.line.length;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const needed = chars * 3;
    let buffer = this.buffer;
    if (needed > buffer.length) {
      buffer = Buffer.allocUnsafe(needed);
      // A rare large batch (a big transaction) gets a buffer of its own, not kept.
      if (needed <= MAX_KEPT_BUFFER) this.buffer = buffer;
    }
    let length = 0;
    for (const pending of batch) length += buffer.write(pending.line, length, "utf8");
    return buffer.subarray(0, length);
  }

  /** Zeros after `end`, where the next batches go (durable before the batch is written). */
  private async preallocate(target: OpenSegment, end: number): Promise<void> {
    const length = preallocationAfter(target);
    await writeFully(target.handle, zeros(length), end);
    target.allocated = end + length;
  }


  private async openSegment(): Promise<OpenSegment> {
    const index = this.nextIndex++;
    const segment: Segment = { index, path: segmentPath(this.dir, this.name, index), bytes: 0, maxSeq: 0 };
    const handle = await open(segment.path, SEGMENT_FLAGS);
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

  /** Cuts off what a failed write left, so the retry continues a clean file. */
  private async rewind(target: OpenSegment): Promise<void> {
    try {
      await target.handle.truncate(target.segment.bytes);
      target.allocated = target.segment.bytes;
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
        // Readers stop at the zeros anyway: the file is only larger than it needs to be.
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

/** Zeros to add after a segment's records: 64 KiB, then as much as it has, up to 1 MiB. */
function preallocationAfter(target: OpenSegment): number {
  return Math.min(MAX_PREALLOCATION, Math.max(MIN_PREALLOCATION, target.allocated));
}

function writeFullySync(fd: number, data: Buffer, position: number): void {
  let offset = 0;
  while (offset < data.length) {
    const bytesWritten = fs.writeSync(fd, data, offset, data.length - offset, position + offset);
    if (bytesWritten === 0) throw new Error("the file system accepted no bytes");
    offset += bytesWritten;
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
