import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../src/logger.js";
import type { StateCodec } from "../src/store.js";

/** Test state: named counters. A `tx` record sets several at once (one record, atomic). */
export type Counters = Record<string, number>;
export type CounterRecord = { k: string; v: number } | { tx: Array<{ k: string; v: number }> };

export const counterCodec: StateCodec<Counters, CounterRecord> = {
  empty: () => ({}),
  fromSnapshot: (json) => ({ ...(json as Counters) }),
  // The live object: FileStore serializes it at once.
  toSnapshot: (state) => state,
  apply: (state, record) => {
    for (const { k, v } of "tx" in record ? record.tx : [record]) state[k] = v;
  },
};

/** Applies a change in memory and commits it, as a service does. */
export function set(collection: { state: Counters; commit(r: CounterRecord): Promise<void> }, k: string, v: number) {
  collection.state[k] = v;
  return collection.commit({ k, v });
}

const dirs: string[] = [];

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sandbox-store-"));
  dirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * What a `kill -9` right now would leave: a copy of the directory's files (the page
 * cache survives a killed process). The copy's lock names this live process, which
 * does not hold it, so it counts as stale.
 */
export async function crashCopy(dir: string): Promise<string> {
  const copy = await tempDir();
  await cp(dir, copy, { recursive: true });
  return copy;
}

export async function journalFiles(dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((file) => /\.journal\.\d+$/.test(file));
  return files.sort((a, b) => Number(a.split(".").at(-1)) - Number(b.split(".").at(-1))).map((f) => join(dir, f));
}

/** Every journal line of the directory, parsed, oldest first. */
export async function journalRecords(dir: string): Promise<Array<{ seq: number; rec: CounterRecord }>> {
  const records: Array<{ seq: number; rec: CounterRecord }> = [];
  for (const file of await journalFiles(dir)) {
    // Records end at the zeros a segment is preallocated with.
    for (const line of (await readFile(file, "utf8")).split("\0")[0].split("\n")) {
      if (line !== "") records.push(JSON.parse(line) as { seq: number; rec: CounterRecord });
    }
  }
  return records;
}

export async function readSnapshot(dir: string, name: string): Promise<{ seq: number; state: Counters }> {
  return JSON.parse(await readFile(join(dir, `${name}.snapshot.json`), "utf8")) as { seq: number; state: Counters };
}

/** A logger that keeps its lines and lets a test wait for one. */
export function recordingLogger(): Logger & { lines: string[]; waitFor(pattern: RegExp): Promise<string> } {
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve(line: string): void }> = [];
  const record = (level: string) => (message: string) => {
    const line = `${level} ${message}`;
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  };
  return {
    lines,
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    debug: record("debug"),
    waitFor(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  };
}
