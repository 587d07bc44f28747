/**
 * A deployment package's entries, written to disk without holding the event loop: yauzl reads
 * the central directory entry by entry, small files are inflated at once and big ones streamed
 * through zlib (on libuv's threads), and every file is written with asynchronous I/O, a few at a
 * time, so a zip of 20,000 files leaves the other services answering.
 *
 * What an archive may not do here: write outside its directory (`../` and absolute names lose
 * those parts, as Info-ZIP's unzip and Python's zipfile extract them), write through one of its
 * own symbolic links (links are made last, inside the directory only), or unzip to more than it
 * declares (each entry is cut off at its declared size, checked against Lambda's quota first).
 */
import { createWriteStream } from "node:fs";
import { lstat, mkdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setImmediate as nextLoopTurn } from "node:timers/promises";
import * as zlib from "node:zlib";
import type { Entry, ZipFile } from "yauzl";
import type * as YauzlModule from "yauzl";
import { InvalidParameterValueException, messages } from "../errors.js";

type Yauzl = typeof YauzlModule;

/** An archive's entries in all, and the bytes they unzip to by their declared sizes. */
export interface ZipSummary {
  entries: number;
  unzippedBytes: number;
}

// yauzl parses a buffer's central directory in callbacks chained through stream ticks, which may
// run many entries without returning to the event loop: other requests get a turn this often.
const ENTRIES_PER_TURN = 64;
// Unix file types in the high half of an entry's external attributes (zip's "version made by" Unix).
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
// A file without Unix permissions (a zip made on Windows) is readable by all, as unzip creates it.
const DEFAULT_FILE_MODE = 0o644;
// Permission bits only: no set-user-ID, set-group-ID or sticky bit from an uploaded archive.
const PERMISSION_BITS = 0o777;
// Linux's PATH_MAX: a symbolic link's target is never longer.
const MAX_LINK_TARGET_BYTES = 4096;
// The general purpose flag's bit 11: the name is UTF-8 (else CP437).
const UTF8_NAME_FLAG = 0x800;

let loaded: Yauzl | undefined;

/** Loaded on the first upload: most sandboxes never receive a zip. */
function yauzl(): Yauzl {
  loaded ??= createRequire(import.meta.url)("yauzl") as Yauzl;
  return loaded;
}

function unreadable(): InvalidParameterValueException {
  return new InvalidParameterValueException(messages.badZip());
}

async function open(bytes: Buffer, validateEntrySizes: boolean): Promise<ZipFile> {
  try {
    // Names are decoded here (entryPath): yauzl's own decoding refuses `../` and turns `\` into `/`.
    return await yauzl().fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes });
  } catch {
    throw unreadable();
  }
}

/** Every entry of the archive, giving the event loop a turn now and then; an unreadable directory is AWS's "Could not unzip". */
async function* entriesOf(zip: ZipFile): AsyncGenerator<Entry> {
  let count = 0;
  const entries = zip.eachEntry();
  for (;;) {
    let next: IteratorResult<Entry>;
    try {
      next = await entries.next();
    } catch {
      throw unreadable();
    }
    if (next.done === true) return;
    yield next.value;
    if (++count % ENTRIES_PER_TURN === 0) await nextLoopTurn();
  }
}

/**
 * The archive's central directory, read before anything is written: Lambda's quotas are on the
 * sizes it declares ("Unzipped size must be smaller than 262144000 bytes" for a package that
 * would unzip bigger, whatever its content really holds).
 */
export async function summarize(bytes: Buffer): Promise<ZipSummary> {
  // Sizes are only summed here: a stored entry whose sizes disagree is refused while extracting.
  const zip = await open(bytes, false);
  const summary: ZipSummary = { entries: 0, unzippedBytes: 0 };
  for await (const entry of entriesOf(zip)) {
    summary.entries += 1;
    summary.unzippedBytes += entry.uncompressedSize;
  }
  return summary;
}

/**
 * Writes the archive's files under `dir` (which must not exist yet). A later entry of the same
 * name replaces an earlier one. Throws InvalidParameterValueException when the archive cannot
 * be unzipped, once nothing is being written any more, leaving what was written for the caller
 * to remove.
 */
export async function extract(bytes: Buffer, dir: string): Promise<void> {
  const zip = await open(bytes, true);
  await mkdir(dir, { recursive: true });
  const extraction = new Extraction(zip, bytes, dir);
  try {
    for await (const entry of entriesOf(zip)) {
      await extraction.add(entry);
      if (extraction.failed) break;
    }
  } finally {
    await extraction.settled();
  }
  await extraction.makeLinks();
}

// Entries written at once: each file is a few round trips to libuv's threads (open, write,
// close), ~1 ms each on a slow or busy disk; overlapping them keeps 20,000 files to seconds.
const ENTRIES_IN_FLIGHT = 8;

class Extraction {
  private readonly folders = new Map<string, Promise<void>>();
  /** The last change queued for each path: a later entry of the same name waits for it, then replaces it. */
  private readonly changes = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  /** Where each symbolic link goes, and what it points to: made once every file is in place. */
  private readonly links = new Map<string, string>();
  private failure: unknown;

  constructor(
    private readonly zip: ZipFile,
    private readonly bytes: Buffer,
    private readonly dir: string,
  ) {
    this.folders.set(dir, Promise.resolve());
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  async add(entry: Entry): Promise<void> {
    const path = entryPath(this.dir, entry);
    if (path === undefined) return;
    const mode = unixMode(entry);
    if ((mode & S_IFMT) === S_IFLNK) {
      this.links.set(path, linkTarget(this.bytes, entry));
      // A file of the same name written earlier makes way for the link.
      if (this.changes.has(path)) await this.change(path, () => rm(path, { force: true }));
      return;
    }
    this.links.delete(path);
    if ((mode & S_IFMT) === S_IFDIR || isDirectoryName(entry)) {
      await this.change(path, () => this.folder(path));
      return;
    }
    const replacing = this.changes.has(path);
    await this.change(path, async () => {
      await this.folder(dirname(path));
      if (replacing) await rm(path, { force: true });
      if (entry.compressedSize <= SMALL_ENTRY_BYTES && entry.uncompressedSize <= SMALL_ENTRY_BYTES) {
        await writeSmallEntry(this.bytes, entry, path, fileMode(mode));
      } else {
        await writeEntry(this.zip, entry, path, fileMode(mode));
      }
    });
  }

  /** Waits for every change queued; throws the first one's failure. */
  async settled(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Lambda keeps a zip's symbolic links (a `node_modules` linked to a layer's /opt/nodejs/node_modules
   * works there). They are made last, so no entry is ever written through one, and their folders
   * are made before any of them, so no folder is made through one either. A link whose folder
   * still resolves outside the code directory, or whose place a file or folder took, is not made.
   */
  async makeLinks(): Promise<void> {
    await Promise.all([...this.links.keys()].map((path) => this.folder(dirname(path))));
    const root = await realpath(this.dir);
    for (const [path, target] of this.links) {
      const folder = await realpath(dirname(path));
      if (folder !== root && !folder.startsWith(root + sep)) continue;
      const place = join(folder, basename(path));
      if ((await lstat(place).catch(() => undefined)) !== undefined) continue;
      await symlink(target, place).catch(() => {
        // Not made (a name the file system refuses): the function finds no file there.
      });
    }
  }

  /** Runs `write` once the changes queued before it for `path` are done; waits while too many are running. */
  private async change(path: string, write: () => Promise<void>): Promise<void> {
    const previous = this.changes.get(path);
    const done = (previous ?? Promise.resolve())
      .then(write)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.running.delete(done));
    this.changes.set(path, done);
    this.running.add(done);
    while (this.running.size >= ENTRIES_IN_FLIGHT) await Promise.race(this.running);
  }

  private folder(path: string): Promise<void> {
    let made = this.folders.get(path);
    if (made === undefined) {
      made = mkdir(path, { recursive: true }).then(
        () => undefined,
        () => {
          // A file of the same name is in the way: the archive holds both `a` and `a/b`.
          throw unreadable();
        },
      );
      this.folders.set(path, made);
    }
    return made;
  }
}

/**
 * Where an entry goes under `dir`, or undefined for a name that leaves nothing (`../`, `/`).
 * Only `/` separates folders: a `\` stays part of the name, as on Lambda, where a zip made by
 * Windows PowerShell's Compress-Archive unzips to files named `folder\file.js`.
 */
function entryPath(dir: string, entry: Entry): string | undefined {
  const name = yauzl().getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  // Info-ZIP's unzip and Python's zipfile drop `..`, `.`, empty and root parts the same way.
  const parts = name.split("/").filter((part) => part !== "" && part !== "." && part !== "..");
  if (parts.length === 0) return undefined;
  const path = join(dir, ...parts);
  // join() cannot leave `dir` once `..` is gone; checked again because nothing may land outside.
  if (!path.startsWith(dir + sep)) throw unreadable();
  return path;
}

function isDirectoryName(entry: Entry): boolean {
  return entry.fileNameRaw[entry.fileNameRaw.length - 1] === 0x2f;
}

/** An entry's Unix mode (type and permissions), or 0 when the archive recorded none. */
function unixMode(entry: Entry): number {
  return (entry.externalFileAttributes >>> 16) & 0xffff;
}

/** The permissions a file is created with: the archive's (a provided.* bootstrap stays executable). */
function fileMode(mode: number): number {
  const permissions = mode & PERMISSION_BITS;
  return permissions === 0 ? DEFAULT_FILE_MODE : permissions;
}

/**
 * Streams one file to disk. yauzl stops an entry that inflates past its declared size (a zip
 * bomb that lies about its sizes), and the CRC-32 catches content damaged in transit.
 */
async function writeEntry(zip: ZipFile, entry: Entry, path: string, mode: number): Promise<void> {
  let source: Readable;
  try {
    source = await zip.openReadStreamPromise(entry);
  } catch {
    // Encrypted, or compressed with a method other than deflate.
    throw unreadable();
  }
  let crc = 0;
  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          crc = checksum(chunk, crc);
          yield chunk;
        }
      },
      createWriteStream(path, { mode }),
    );
  } catch {
    throw unreadable();
  }
  if (!checksumMatches(entry, crc)) throw unreadable();
}

/** zlib.crc32 came with Node.js 20.15: on an older 20 the check is skipped. */
function checksum(chunk: Buffer, crc: number): number {
  return zlib.crc32 === undefined ? 0 : zlib.crc32(chunk, crc);
}

function checksumMatches(entry: Entry, crc: number): boolean {
  return zlib.crc32 === undefined || crc === entry.crc32;
}

// Most files of a package are small: inflated at once, in well under a millisecond, and written
// in one call, they cost none of a stream's objects (which, 20,000 times over, keep the garbage
// collector holding the event loop).
const SMALL_ENTRY_BYTES = 64 * 1024;

/** A small entry, inflated in memory (never past its declared size) and written in one call. */
async function writeSmallEntry(bytes: Buffer, entry: Entry, path: string, mode: number): Promise<void> {
  const data = smallEntryData(bytes, entry);
  try {
    await writeFile(path, data, { mode });
  } catch {
    throw unreadable();
  }
}

// Local file header (APPNOTE 4.3.7): signature, then the name's and extra field's lengths at 26 and 28.
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
const ENCRYPTED_FLAG = 0x1;
const STORED = 0;
const DEFLATED = 8;

function smallEntryData(bytes: Buffer, entry: Entry): Buffer {
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + LOCAL_HEADER_BYTES > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER_SIGNATURE) throw unreadable();
  const start = at + LOCAL_HEADER_BYTES + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const raw = bytes.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize || (entry.generalPurposeBitFlag & ENCRYPTED_FLAG) !== 0) throw unreadable();
  let data: Buffer;
  if (entry.compressionMethod === STORED) data = raw;
  else if (entry.compressionMethod !== DEFLATED) throw unreadable();
  else {
    try {
      // One byte over the declared size is enough to know it lies.
      data = zlib.inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch {
      throw unreadable();
    }
  }
  if (data.length !== entry.uncompressedSize || !checksumMatches(entry, checksum(data, 0))) throw unreadable();
  return data;
}

/** A symbolic link's target: the entry's content. */
function linkTarget(bytes: Buffer, entry: Entry): string {
  if (entry.uncompressedSize > MAX_LINK_TARGET_BYTES || entry.compressedSize > SMALL_ENTRY_BYTES) throw unreadable();
  const target = smallEntryData(bytes, entry);
  if (target.length === 0 || target.includes(0)) throw unreadable();
  return target.toString((entry.generalPurposeBitFlag & UTF8_NAME_FLAG) !== 0 ? "utf8" : "latin1");
}
