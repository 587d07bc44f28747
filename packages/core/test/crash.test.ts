/**
 * kill -9 at any moment loses no acknowledged write (DESIGN.md rule 5): a child
 * process commits from 32 concurrent writers and prints each acknowledgement; it is
 * killed with SIGKILL mid-load or mid-compaction, and the test reopens its directory.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../src/fileStore.js";
import { counterCodec, removeTempDirs, tempDir, type Counters } from "./storeHelpers.js";

const core = join(import.meta.dirname, "..");
const committer = join(import.meta.dirname, "fixtures", "committer.mjs");
const COMMITTERS = 32;

interface Run {
  /** Highest acknowledged value per committer. */
  acked: number[];
  /** Acknowledgements recorded. */
  acks: number;
  logs: string[];
}

interface ChildOptions {
  compactAfterBytes?: number;
  padding?: number;
  crashOn?: { pattern: string; nth: number; inSyncMs?: number };
}

/** The child imports the built dist: rebuild core when a source is newer. */
beforeAll(() => {
  const stale = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return stale(path);
      if (!entry.name.endsWith(".ts")) return false;
      const built = join(core, "dist", relative(join(core, "src"), path)).replace(/\.ts$/, ".js");
      try {
        return statSync(built).mtimeMs < statSync(path).mtimeMs;
      } catch {
        return true; // not built yet
      }
    });
  if (stale(join(core, "src"))) {
    execFileSync(process.execPath, [join(core, "..", "..", "scripts", "build.mjs"), "core"], {
      env: { ...process.env, SANDBOX_QUIET_BUILD: "1" },
    });
  }
});

afterEach(removeTempDirs);

/**
 * Runs the committer child on `<root>/data` until it dies: killed by us after
 * `killAfter` acks, or by itself (crashOn).
 */
async function runChild(root: string, mode: "counters" | "tx", options: ChildOptions & { killAfter?: number }): Promise<Run> {
  const acksFile = join(root, "acks");
  await writeFile(acksFile, "");
  await writeFile(`${acksFile}.log`, "");
  const child = spawn(process.execPath, [committer, join(root, "data"), acksFile, mode, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let progress = 0;
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    if (line === "ack" && ++progress === options.killAfter) child.kill("SIGKILL");
  });
  try {
    const [[, signal]] = await Promise.all([once(child, "exit"), once(lines, "close")]);
    expect(signal, `child was not killed: ${stderr}`).toBe("SIGKILL");
  } finally {
    child.kill("SIGKILL");
  }
  const acked = Array.from({ length: COMMITTERS }, () => 0);
  const text = await readFile(acksFile, "utf8");
  // Only whole lines: a torn last one would under-count, which the checks tolerate.
  const whole = text.slice(0, text.lastIndexOf("\n") + 1).split("\n").filter((line) => line !== "");
  for (const line of whole) {
    const [c, v] = line.split(" ").map(Number);
    acked[c] = Math.max(acked[c], v);
  }
  // The store's debug lines, written as the acks are (complete up to the kill).
  const logs = (await readFile(`${acksFile}.log`, "utf8").catch(() => "")).split("\n").filter((line) => line !== "");
  return { acked, acks: whole.length, logs };
}

async function recover(root: string): Promise<Counters> {
  const store = new FileStore({ dir: join(root, "data") });
  try {
    const counters = await store.open("counters", counterCodec);
    return { ...counters.state };
  } finally {
    await store.close();
  }
}

/** Every acknowledged value is there; at most the one write in flight per committer went further. */
function expectAcknowledged(state: Counters, run: Run, keys: (c: number) => string[]): void {
  for (let c = 0; c < COMMITTERS; c++) {
    const values = keys(c).map((k) => state[k] ?? 0);
    expect(new Set(values).size, `committer ${c}: ${keys(c).join(",")} = ${values.join(",")}`).toBe(1);
    expect(values[0], `committer ${c}`).toBeGreaterThanOrEqual(run.acked[c]);
    expect(values[0], `committer ${c}`).toBeLessThanOrEqual(run.acked[c] + 1);
  }
}

const single = (c: number) => [`c${c}`];
const parts = (c: number) => [`c${c}a`, `c${c}b`, `c${c}c`];

describe("FileStore under kill -9", () => {
  it("keeps every acknowledged write when killed mid-load, twice in a row", async () => {
    const root = await tempDir();
    const first = await runChild(root, "counters", { killAfter: 2_000 });
    expect(first.acks).toBeGreaterThanOrEqual(2_000);
    expectAcknowledged(await recover(root), first, single);
    // The second run continues from the recovered counters, and is killed too.
    const second = await runChild(root, "counters", { killAfter: 2_000 });
    expect(second.acked.every((v, c) => v > first.acked[c])).toBe(true);
    expectAcknowledged(await recover(root), second, single);
  });

  it("applies a multi-part record whole or not at all", async () => {
    const root = await tempDir();
    const run = await runChild(root, "tx", { killAfter: 2_000 });
    expectAcknowledged(await recover(root), run, parts);
  });

  it("keeps every acknowledged write when killed while a snapshot is being written", async () => {
    const root = await tempDir();
    const run = await runChild(root, "counters", {
      compactAfterBytes: 32 * 1024,
      padding: 5_000,
      // Stalls the fsync of the 3rd snapshot's temp file (before it is renamed into
      // place) for 30 ms of further commits, then dies.
      crashOn: { pattern: "compacting up to record", nth: 3, inSyncMs: 30 },
    });
    expect(run.logs.filter((line) => line.includes("is durable"))).toHaveLength(2);
    expect(run.logs.filter((line) => line.includes("compacting"))).toHaveLength(3);
    const state = await recover(root);
    expectAcknowledged(state, run, single);
    expect(state.pad4999).toBe(4_999);
  });

  it("keeps every acknowledged write when killed after the snapshot, before the old journal is deleted", async () => {
    const root = await tempDir();
    const run = await runChild(root, "tx", {
      compactAfterBytes: 32 * 1024,
      crashOn: { pattern: "is durable", nth: 2 },
    });
    expect(run.logs.at(-1)).toMatch(/snapshot up to record \d+ is durable/);
    expectAcknowledged(await recover(root), run, parts);
  });
});
