/**
 * `<name>.snapshot.json`: a collection's state as of journal record `seq`, written
 * through lowdb with an adapter that fsyncs (lowdb's own JSONFile renames a temp
 * file but never fsyncs, so a power cut could leave an empty snapshot).
 */
import { readFile } from "node:fs/promises";
import type { Adapter } from "lowdb";
import { errorCode, replaceFileDurably } from "./durableFs.js";
import { SandboxError } from "./errors.js";
import { jsonChunks, jsonChunkStream } from "./jsonChunks.js";

export const SNAPSHOT_FORMAT = 1;

/**
 * Pieces of a stable snapshot stay below V8's large-object size (128 KB): each is then
 * garbage of the young generation, freed by the next scavenge, where 1 MB pieces went to
 * large-object space and stayed there until a full GC (RSS +30 MB while 100k items were
 * written).
 */
const STREAM_CHUNK_CHARS = 32 * 1024;

export interface SnapshotDoc {
  format: typeof SNAPSHOT_FORMAT;
  /** The last journal record the state includes. */
  seq: number;
  state: unknown;
}

/** A lowdb adapter; `null` stands for "no snapshot yet". */
export class SnapshotFile implements Adapter<SnapshotDoc | null> {
  /** Characters of the snapshot text last read (0: none). */
  charsRead = 0;
  /** Size of the snapshot on disk, as last read or written (0: none). */
  size = 0;

  /** `stable`: the state written never changes afterwards (StateCodec.stableSnapshot). */
  constructor(
    readonly path: string,
    private readonly stable = false,
  ) {}

  async read(): Promise<SnapshotDoc | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT") return null;
      throw error;
    }
    this.charsRead = text.length;
    this.size = text.length;
    return parseSnapshot(text, this.path);
  }

  /**
   * Serializes `doc` before returning (lowdb's `Low.write()` calls this synchronously),
   * so the state may change as soon as the call returns, unless the state is stable:
   * then each piece is made as the previous one is written. Resolves once durable.
   */
  async write(doc: SnapshotDoc | null): Promise<void> {
    if (doc === null) return;
    // In pieces: a large state never becomes one huge string (and Buffer) at once.
    this.size = await replaceFileDurably(this.path, this.stable ? jsonChunkStream(doc, STREAM_CHUNK_CHARS) : jsonChunks(doc));
  }
}

function parseSnapshot(text: string, path: string): SnapshotDoc {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw damaged(path, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof doc !== "object" || doc === null || !("format" in doc) || doc.format !== SNAPSHOT_FORMAT) {
    throw damaged(path, `is not a format ${SNAPSHOT_FORMAT} sandbox snapshot`);
  }
  if (!("seq" in doc) || typeof doc.seq !== "number" || !Number.isSafeInteger(doc.seq) || doc.seq < 0) {
    throw damaged(path, "has no valid journal sequence number (seq)");
  }
  if (!("state" in doc)) throw damaged(path, "has no state");
  return { format: SNAPSHOT_FORMAT, seq: doc.seq, state: doc.state };
}

function damaged(path: string, problem: string): SandboxError {
  return new SandboxError(`The snapshot ${problem}.`, {
    file: path,
    hint: "Sandbox writes snapshots atomically, so something else changed this file. Restore it, or move the data directory away to start empty.",
  });
}
