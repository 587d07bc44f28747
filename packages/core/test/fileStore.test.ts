import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { appendFile, open, readdir, readFile, stat, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../src/clock.js";
import { SandboxError } from "../src/errors.js";
import { FileStore } from "../src/fileStore.js";
import { journalLine } from "../src/journal.js";
import { StoreError } from "../src/store.js";
import {
  counterCodec,
  crashCopy,
  journalFiles,
  journalRecords,
  readSnapshot,
  recordingLogger,
  removeTempDirs,
  set,
  tempDir,
} from "./storeHelpers.js";

const stores: FileStore[] = [];

function fileStore(dir: string, options: Omit<ConstructorParameters<typeof FileStore>[0], "dir"> = {}): FileStore {
  const store = new FileStore({ dir, ...options });
  stores.push(store);
  return store;
}

async function reopen(dir: string, options: Omit<ConstructorParameters<typeof FileStore>[0], "dir"> = {}) {
  return fileStore(dir, options).open("counters", counterCodec);
}

/** FileHandle.prototype, to fail the journal's writes on purpose. */
async function fileHandlePrototype(dir: string): Promise<FileHandle> {
  const handle = await open(join(dir, "probe"), "w");
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * Refuses the next write made on the event loop: once a segment is open, a batch is
 * written there first, and only its retry goes to libuv's threads (FileHandle.write).
 */
function refuseInlineWrite(): ReturnType<typeof vi.spyOn> {
  return vi.spyOn(fs, "writeSync").mockImplementationOnce(() => {
    throw systemError("EIO", "i/o error, write");
  });
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.allSettled(stores.splice(0).map((store) => store.close()));
  await removeTempDirs();
});

describe("FileStore recovery", () => {
  it("starts empty in a directory it creates", async () => {
    const dir = join(await tempDir(), "nested", ".sandbox");
    const counters = await reopen(dir);
    expect(counters.state).toEqual({});
    expect(await readdir(dir)).toEqual(["sandbox.lock"]);
  });

  it("replays the journal when the process died without closing", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    await set(counters, "b", 2);
    await set(counters, "a", 3);
    const recovered = await reopen(await crashCopy(dir));
    expect(recovered.state).toEqual({ a: 3, b: 2 });
  });

  it("replays only the records newer than the snapshot", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    await set(counters, "b", 1);
    await counters.compact();
    await set(counters, "a", 2);
    await set(counters, "c", 1);
    const crashed = await crashCopy(dir);
    expect(await readSnapshot(crashed, "counters")).toMatchObject({ seq: 2, state: { a: 1, b: 1 } });
    expect((await journalRecords(crashed)).map((r) => r.seq)).toEqual([3, 4]);
    const recovered = await reopen(crashed);
    expect(recovered.state).toEqual({ a: 2, b: 1, c: 1 });
    // Sequence numbers go on from the recovered ones.
    await set(recovered, "d", 1);
    expect((await journalRecords(crashed)).map((r) => r.seq)).toEqual([3, 4, 5]);
    expect((await reopen(await crashCopy(crashed))).state).toEqual({ a: 2, b: 1, c: 1, d: 1 });
  });

  it("ignores a record torn by a crash at the end of the journal", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    await set(counters, "b", 2);
    const crashed = await crashCopy(dir);
    const [journal] = await journalFiles(crashed);
    await appendFile(journal, '{"seq":3,"rec":{"k":"c","v"');
    const logger = recordingLogger();
    const recovered = await reopen(crashed, { logger });
    expect(recovered.state).toEqual({ a: 1, b: 2 });
    expect(logger.lines.join("\n")).toMatch(/counters\.journal\.1: ignored 1 incomplete record line/);
    await set(recovered, "c", 3);
    expect((await reopen(await crashCopy(crashed))).state).toEqual({ a: 1, b: 2, c: 3 });
  });

  it("reads a segment up to the zeros preallocated after its records", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    await set(counters, "b", 2);
    const crashed = await crashCopy(dir);
    const [journal] = await journalFiles(crashed);
    const bytes = await readFile(journal);
    expect(bytes.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(bytes.subarray(bytes.indexOf(0)).every((b) => b === 0)).toBe(true);
    const logger = recordingLogger();
    expect((await reopen(crashed, { logger })).state).toEqual({ a: 1, b: 2 });
    expect(logger.lines.join("\n")).not.toMatch(/incomplete/);
  });

  it("ignores what follows a gap of zeros: a crash cut it off before it was acknowledged", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    await set(counters, "b", 2);
    const crashed = await crashCopy(dir);
    const [journal] = await journalFiles(crashed);
    const end = (await readFile(journal)).indexOf(0);
    // A crash while a batch was written: its first page never reached the disk, a later one did.
    const handle = await open(journal, "r+");
    await handle.write('"v":3}}\n{"seq":4,"rec":{"k":"d","v":4}}\n{"seq":5,"rec":{"k":"e","v":5}}\n', end + 4096);
    await handle.close();
    const logger = recordingLogger();
    const recovered = await reopen(crashed, { logger });
    expect(recovered.state).toEqual({ a: 1, b: 2 });
    expect(logger.lines.join("\n")).toMatch(/counters\.journal\.1: ignored 3 incomplete record line/);
    await set(recovered, "c", 3);
    expect((await reopen(await crashCopy(crashed))).state).toEqual({ a: 1, b: 2, c: 3 });
  });

  it("reports an unreadable record in the middle of the journal", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    for (const v of [1, 2, 3]) await set(counters, "a", v);
    const crashed = await crashCopy(dir);
    const [journal] = await journalFiles(crashed);
    const lines = (await readFile(journal, "utf8")).split("\n");
    lines[1] = lines[1].replace('"v"', '"v');
    await writeFile(journal, lines.join("\n"));
    const error = await reopen(crashed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({
      message: "This journal record is unreadable, yet readable records follow it.",
      file: journal,
      line: 2,
    });
  });

  it("reports records missing between the snapshot and the journal", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    await counters.compact();
    for (const v of [2, 3, 4]) await set(counters, "a", v);
    const crashed = await crashCopy(dir);
    const [journal] = await journalFiles(crashed);
    const lines = (await readFile(journal, "utf8")).split("\n");
    await writeFile(journal, lines.slice(2).join("\n"));
    await expect(reopen(crashed)).rejects.toMatchObject({
      name: "SandboxError",
      message: "The counters journal is missing records 2 to 3.",
      file: journal,
    });
  });
});

describe("FileStore commit", () => {
  it("writes concurrent commits in call order, sharing durable writes", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    const write = vi.spyOn(await fileHandlePrototype(dir), "write");
    const commits = Array.from({ length: 200 }, (_, i) => set(counters, `k${i % 7}`, i));
    await Promise.all(commits);
    const records = await journalRecords(dir);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(records.map((r) => ("v" in r.rec ? r.rec.v : -1))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(write.mock.calls.length).toBeGreaterThan(0);
    expect(write.mock.calls.length).toBeLessThan(20);
  });

  it("rejects a commit the disk refuses and writes it ahead of the next record", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    const handle = await fileHandlePrototype(dir);
    const write = handle.write as (this: FileHandle, ...args: [Buffer, number, number, number]) => Promise<unknown>;
    refuseInlineWrite();
    // Its retry on a thread: a partial write, then ENOSPC.
    vi.spyOn(handle, "write").mockImplementationOnce(async function (this: FileHandle, ...args: unknown[]) {
      const [data, offset, length, position] = args as [Buffer, number, number, number];
      await write.call(this, data, offset, Math.floor(length / 2), position);
      throw systemError("ENOSPC", "no space left on device, write");
    });
    const refused = await set(counters, "a", 2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({
      code: "ENOSPC",
      message: `Could not write the counters journal in ${dir}: ENOSPC: no space left on device, write`,
    });
    await set(counters, "b", 1);
    expect((await journalRecords(dir)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await reopen(await crashCopy(dir))).state).toEqual({ a: 2, b: 1 });
  });

  it("fails the commits queued behind a batch the disk refused, and writes them all with the next", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    refuseInlineWrite();
    vi.spyOn(await fileHandlePrototype(dir), "write").mockRejectedValueOnce(systemError("EIO", "i/o error, write"));
    // The first goes alone into the failing batch; the others queue behind it.
    const commits = [set(counters, "a", 2), set(counters, "b", 1), set(counters, "c", 1)].map((c) => c.catch((e: unknown) => e));
    for (const outcome of await Promise.all(commits)) expect(outcome).toMatchObject({ name: "StoreError", code: "EIO" });
    await set(counters, "d", 1);
    expect((await journalRecords(dir)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await reopen(await crashCopy(dir))).state).toEqual({ a: 2, b: 1, c: 1, d: 1 });
  });

  it("moves to a new segment when a failed write cannot be cut off", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    const handle = await fileHandlePrototype(dir);
    const write = handle.write as (this: FileHandle, ...args: [Buffer, number, number, number]) => Promise<unknown>;
    await set(counters, "a", 1);
    refuseInlineWrite();
    vi.spyOn(handle, "write").mockImplementationOnce(async function (this: FileHandle, ...args: unknown[]) {
      const [data, offset, length, position] = args as [Buffer, number, number, number];
      await write.call(this, data, offset, length, position);
      throw systemError("EIO", "i/o error, write");
    });
    vi.spyOn(handle, "truncate").mockRejectedValueOnce(systemError("EIO", "i/o error, ftruncate"));
    await expect(set(counters, "a", 2)).rejects.toMatchObject({ name: "StoreError", code: "EIO" });
    await set(counters, "a", 3);
    // Record 2 sits in both segments; recovery applies it once.
    expect((await journalRecords(dir)).map((r) => r.seq)).toEqual([1, 2, 2, 3]);
    expect((await journalFiles(dir)).length).toBe(2);
    expect((await reopen(await crashCopy(dir))).state).toEqual({ a: 3 });
  });

  it("writes a batch on the event loop once its segment is open, sharing one durable write", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 0);
    const onThreads = vi.spyOn(await fileHandlePrototype(dir), "write");
    const inline = vi.spyOn(fs, "writeSync");
    await Promise.all(Array.from({ length: 50 }, (_, i) => set(counters, `k${i}`, i)));
    expect(onThreads).not.toHaveBeenCalled();
    // One write for the batch, perhaps one more for zeros ahead of it (preallocation).
    expect(inline.mock.calls.length).toBeGreaterThan(0);
    expect(inline.mock.calls.length).toBeLessThanOrEqual(2);
    expect((await journalRecords(dir)).map((r) => r.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect((await reopen(await crashCopy(dir))).state).toMatchObject({ a: 0, k0: 0, k49: 49 });
  });

  it("retries a write refused on the event loop once on a thread, and acknowledges it when that succeeds", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 1);
    const onThreads = vi.spyOn(await fileHandlePrototype(dir), "write");
    refuseInlineWrite();
    await set(counters, "a", 2);
    expect(onThreads).toHaveBeenCalledTimes(1);
    expect((await journalRecords(dir)).map((r) => r.seq)).toEqual([1, 2]);
    expect((await reopen(await crashCopy(dir))).state).toEqual({ a: 2 });
  });

  it("moves writes to libuv's threads while writes on the event loop take over 2 ms on average, then tries again", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    await set(counters, "a", 0);
    const onThreads = vi.spyOn(await fileHandlePrototype(dir), "write");
    // Each write on the event loop takes 5 ms.
    let now = 0;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
    vi.spyOn(fs, "writeSync").mockImplementation((...args: unknown[]) => {
      now += 5;
      return writeSync(...args);
    });
    // The running average (a tenth of each new write): 0.5, 0.95, 1.36, 1.72, 2.05 ms.
    for (let v = 1; v <= 5; v++) await set(counters, "a", v);
    expect(onThreads).not.toHaveBeenCalled();
    await set(counters, "a", 6);
    expect(onThreads).toHaveBeenCalled();
    // A second later (and the thread's write loop done), the event loop again.
    await new Promise((resolve) => setImmediate(resolve));
    now += 1000;
    onThreads.mockClear();
    await set(counters, "a", 7);
    expect(onThreads).not.toHaveBeenCalled();
    expect((await reopen(await crashCopy(dir))).state).toEqual({ a: 7 });
  });

  it("rejects a record that is not JSON, and commits after close", async () => {
    const dir = await tempDir();
    const store = fileStore(dir);
    const counters = await store.open("counters", counterCodec);
    await expect(counters.commit({ k: "a", v: 1n } as never)).rejects.toThrow(TypeError);
    await store.close();
    await expect(counters.commit({ k: "a", v: 1 })).rejects.toThrow("The counters store is closed.");
  });
});

describe("FileStore compaction", () => {
  it("keeps records committed while the snapshot is being written", async () => {
    const dir = await tempDir();
    const counters = await reopen(dir);
    for (let i = 1; i <= 20; i++) await set(counters, `k${i}`, i);
    const compaction = counters.compact();
    const during: Array<Promise<void>> = [];
    for (let i = 21; i <= 60; i++) {
      during.push(set(counters, `k${i}`, i));
      if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([compaction, ...during]);
    const crashed = await crashCopy(dir);
    const snapshot = await readSnapshot(crashed, "counters");
    // The snapshot is the state after exactly its record: keys k1..k<seq>, no more.
    expect(Object.keys(snapshot.state)).toHaveLength(snapshot.seq);
    expect(snapshot.state[`k${snapshot.seq}`]).toBe(snapshot.seq);
    expect(snapshot.seq).toBeGreaterThanOrEqual(20);
    expect((await journalRecords(crashed)).every((r) => r.seq > snapshot.seq)).toBe(true);
    const recovered = await reopen(crashed);
    expect(Object.keys(recovered.state)).toHaveLength(60);
  });

  it("compacts once the journal passes compactAfterBytes", async () => {
    const dir = await tempDir();
    const logger = recordingLogger();
    const counters = await reopen(dir, { logger, compactAfterBytes: 2_000 });
    for (let i = 1; i <= 100; i++) await set(counters, `k${i % 10}`, i);
    await logger.waitFor(/counters: compacted, removed/);
    expect((await readSnapshot(dir, "counters")).seq).toBeGreaterThan(0);
    expect((await reopen(await crashCopy(dir))).state.k0).toBe(100);
  });

  it("waits for the journal to reach the snapshot's size before compacting again", async () => {
    const dir = await tempDir();
    const logger = recordingLogger();
    const counters = await reopen(dir, { logger, compactAfterBytes: 2_000 });
    // A snapshot larger than compactAfterBytes: 300 keys of ~30 characters each.
    for (let i = 1; i <= 300; i++) await set(counters, `key-${String(i).padStart(20, "0")}`, i);
    await counters.compact();
    const snapshotSize = (await stat(join(dir, "counters.snapshot.json"))).size;
    expect(snapshotSize).toBeGreaterThan(4_000);
    const compactions = () => logger.lines.filter((line) => line.includes("compacting")).length;
    const before = compactions();
    // Past compactAfterBytes long before the snapshot's size.
    let seq = 300;
    let journalBytes = 0;
    const next = () => Buffer.byteLength(journalLine(seq + 1, JSON.stringify({ k: "a", v: seq + 1 })));
    while (journalBytes + next() < snapshotSize) {
      journalBytes += next();
      seq += 1;
      await set(counters, "a", seq);
    }
    expect(journalBytes).toBeGreaterThan(2_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(compactions()).toBe(before);
    seq += 1;
    await set(counters, "a", seq);
    await logger.waitFor(new RegExp(`counters: compacting up to record ${seq}`));
    expect(compactions()).toBe(before + 1);
  });

  it("compacts after idleCompactMs without commits", async () => {
    const dir = await tempDir();
    const clock = new VirtualClock();
    const logger = recordingLogger();
    const counters = await reopen(dir, { clock, logger, idleCompactMs: 1_000 });
    await set(counters, "a", 1);
    await clock.advance(600);
    await set(counters, "a", 2);
    await clock.advance(999);
    expect(logger.lines.filter((line) => line.includes("compacting"))).toEqual([]);
    await clock.advance(1);
    await logger.waitFor(/counters: compacted, removed 1 journal segment/);
    expect(await readSnapshot(dir, "counters")).toMatchObject({ seq: 2, state: { a: 2 } });
    expect(await journalFiles(dir)).toEqual([]);
  });

  it("waits for a quiet moment without requests too before an idle compaction", async () => {
    const dir = await tempDir();
    const clock = new VirtualClock();
    const logger = recordingLogger();
    let quiet = 0; // reads keep coming
    const counters = await reopen(dir, { clock, logger, idleCompactMs: 1_000, quietMs: () => quiet });
    await set(counters, "a", 1);
    await clock.advance(3_000);
    expect(logger.lines.filter((line) => line.includes("compacting"))).toEqual([]);
    quiet = 400; // the reads stopped 400 ms ago
    await clock.advance(1_000);
    expect(logger.lines.filter((line) => line.includes("compacting"))).toEqual([]);
    quiet = 1_000;
    await clock.advance(600);
    await logger.waitFor(/counters: compacted, removed 1 journal segment/);
  });

  it("compacts on close, leaving only the snapshot", async () => {
    const dir = await tempDir();
    const store = fileStore(dir);
    const counters = await store.open("counters", counterCodec);
    const other = await store.open("other", counterCodec);
    await set(counters, "a", 1);
    await set(other, "z", 9);
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(["counters.snapshot.json", "other.snapshot.json"]);
    const reopened = fileStore(dir);
    expect((await reopened.open("counters", counterCodec)).state).toEqual({ a: 1 });
    expect((await reopened.open("other", counterCodec)).state).toEqual({ z: 9 });
  });
});

describe("FileStore lock", () => {
  it("refuses a directory another running sandbox holds", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "sandbox.lock"), `${process.ppid}\n`);
    const error = await reopen(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({
      message: `Another sandbox is using ${dir} (pid ${process.ppid}). Stop it, or use --data-dir / --in-memory.`,
    });
  });

  it("refuses a second store on the same directory in this process", async () => {
    const dir = await tempDir();
    await reopen(dir);
    await expect(reopen(dir)).rejects.toThrow(`Another sandbox is using ${dir} (pid ${process.pid}).`);
  });

  it("takes over the lock of a process that died", async () => {
    const dir = await tempDir();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await writeFile(join(dir, "sandbox.lock"), `${dead}\n`);
    await reopen(dir);
    expect(await readFile(join(dir, "sandbox.lock"), "utf8")).toBe(`${process.pid}\n`);
  });

  it("releases the lock on close", async () => {
    const dir = await tempDir();
    const store = fileStore(dir);
    await store.open("counters", counterCodec);
    await store.close();
    expect(await readdir(dir)).not.toContain("sandbox.lock");
    await reopen(dir);
  });
});
