/**
 * A collection's journal on disk: segment files `<name>.journal.<n>` (n counts up),
 * each a run of lines `{"seq":12,"rec":…}\n` with increasing sequence numbers, then
 * (while the segment is open, or after a crash) zeros preallocated for the next ones.
 * A new segment starts at every compaction and every process start, so a segment
 * is only ever appended to by the process that created it.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SandboxError } from "./errors.js";

export interface Segment {
  readonly index: number;
  readonly path: string;
  /** Bytes written to it (what compactAfterBytes counts). */
  bytes: number;
  /** Highest sequence number that may be in it (0 when none). */
  maxSeq: number;
}

export interface JournalEntry {
  seq: number;
  rec: unknown;
}

export interface SegmentContents {
  entries: JournalEntry[];
  /** Unreadable lines at the end: a write cut short by a crash, never acknowledged. */
  tornLines: number;
}

export function segmentPath(dir: string, name: string, index: number): string {
  return join(dir, `${name}.journal.${index}`);
}

/** The collection's segments on disk, oldest first. */
export async function listSegments(dir: string, name: string): Promise<Segment[]> {
  const pattern = new RegExp(`^${escapeRegExp(name)}\\.journal\\.(\\d+)$`);
  const segments: Segment[] = [];
  for (const file of await readdir(dir)) {
    const match = pattern.exec(file);
    if (match) {
      const index = Number(match[1]);
      segments.push({ index, path: segmentPath(dir, name, index), bytes: 0, maxSeq: 0 });
    }
  }
  return segments.sort((a, b) => a.index - b.index);
}

export async function readSegment(segment: Segment): Promise<SegmentContents> {
  const text = await readFile(segment.path, "utf8");
  segment.bytes = Buffer.byteLength(splitWritten(text).written);
  const contents = parseSegment(text, segment.path);
  segment.maxSeq = contents.entries.at(-1)?.seq ?? 0;
  return contents;
}

/**
 * Parses a segment. Unreadable lines are accepted only as its tail (a torn append);
 * a readable record after an unreadable one means the file is damaged.
 */
export function parseSegment(text: string, path: string): SegmentContents {
  const { written, unwritten } = splitWritten(text);
  const lines = written.split("\n");
  // A segment written in full ends with "\n", leaving one empty string after it.
  if (lines.at(-1) === "") lines.pop();
  const entries: JournalEntry[] = [];
  let firstUnreadable = -1;
  for (const [i, line] of lines.entries()) {
    const entry = parseLine(line);
    if (entry === undefined) {
      if (firstUnreadable < 0) firstUnreadable = i;
      continue;
    }
    if (firstUnreadable >= 0) {
      throw damaged(path, firstUnreadable + 1, "This journal record is unreadable, yet readable records follow it.");
    }
    const previous = entries.at(-1);
    if (previous && entry.seq <= previous.seq) {
      throw damaged(path, i + 1, `Journal record ${entry.seq} comes after record ${previous.seq}.`);
    }
    entries.push(entry);
  }
  const torn = firstUnreadable < 0 ? 0 : lines.length - firstUnreadable;
  return { entries, tornLines: torn + unwritten.split("\n").filter((line) => line.replaceAll("\0", "") !== "").length };
}

/**
 * A segment is preallocated with zeros (journalWriter.ts), so its records end at the first
 * NUL: JSON never holds a raw NUL, and a record is acknowledged only once everything before
 * it is on disk, so nothing after a NUL was acknowledged (a crash during a write may leave
 * some pages of it on disk and not others).
 */
function splitWritten(text: string): { written: string; unwritten: string } {
  const nul = text.indexOf("\0");
  return nul < 0 ? { written: text, unwritten: "" } : { written: text.slice(0, nul), unwritten: text.slice(nul) };
}

export function journalLine(seq: number, recordJson: string): string {
  return `{"seq":${seq},"rec":${recordJson}}\n`;
}

function parseLine(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined; // unreadable: a torn tail, or damage (parseSegment tells which)
  }
  if (typeof value !== "object" || value === null || !("seq" in value) || !("rec" in value)) return undefined;
  const { seq, rec } = value;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { seq, rec };
}

/** The journal cannot be replayed without losing records: say so, never skip them. */
export function damaged(path: string, line: number | undefined, problem: string): SandboxError {
  return new SandboxError(problem, {
    file: path,
    line,
    hint: "The journal was changed by something other than sandbox, or the disk is failing; no acknowledged write is dropped silently. Restore the data directory from a backup, or move it away to start empty.",
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
