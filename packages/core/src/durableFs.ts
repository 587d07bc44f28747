/**
 * File writes that survive a crash or power loss: data is fsync'd before it is
 * relied on, and a replaced file is swapped in by rename, never rewritten in place.
 */
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Makes renames, creations and deletions in `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals its metadata itself.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `text` (or its pieces, written in order; an iterator's pieces are
 * taken one at a time, each once the previous one is written) atomically: a crash leaves
 * either the old file or the new one, whole (temp file + fsync + rename + fsync of the directory).
 * Resolves to the bytes written.
 */
export async function replaceFileDurably(path: string, text: string | Iterable<string>): Promise<number> {
  const temp = tempPathFor(path);
  let bytes = 0;
  try {
    const handle = await open(temp, "w");
    try {
      if (typeof text === "string") {
        await handle.writeFile(text, "utf8");
        bytes = Buffer.byteLength(text, "utf8");
      } else {
        // One buffer for every piece: a new one each would be garbage only a later GC
        // gives back (a 100 MB snapshot made RSS grow by tens of MB while being written).
        let buffer = Buffer.alloc(0);
        for (const piece of text) {
          // UTF-8 takes at most 3 bytes per UTF-16 code unit.
          if (piece.length * 3 > buffer.length) buffer = Buffer.allocUnsafe(piece.length * 3);
          const length = buffer.write(piece, 0, "utf8");
          await writeAll(handle, buffer.subarray(0, length));
          bytes += length;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlinkIfExists(temp);
    throw error;
  }
  await syncDir(dirname(path));
  return bytes;
}

/** Writes all of `data` at the handle's position (a write may take fewer bytes than given). */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    offset += bytesWritten;
  }
}

/** The temp file replaceFileDurably writes first (a crash may leave it behind). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}

/** The system error code (ENOENT, ENOSPC…) of a Node fs error. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return undefined;
}
