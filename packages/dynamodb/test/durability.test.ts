/**
 * Durability through the real process (DESIGN.md rule 5): `sandbox up` is killed with
 * SIGKILL while 32 writers load it; after a restart on the same data directory every
 * acknowledged write is there and no transaction is half there.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sandboxUp, type SandboxProcess } from "../../../test/helpers/sandboxUp.js";

const fixture = join(import.meta.dirname, "fixtures", "durable");
const TABLE = "ledger";
const WRITERS = 32;
/** The writers run at least this long, and until this many writes are acknowledged (at most MAX_LOAD_MS). */
const MIN_LOAD_MS = 1000;
const MIN_ACKNOWLEDGED = 200;
const MAX_LOAD_MS = 6000;

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const up = (args: string[]): Promise<SandboxProcess> => sandboxUp(fixture, args, children);

async function call(endpoint: string, action: string, body: unknown): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${action}` },
    body: JSON.stringify(body),
  });
}

type Stored = Record<string, { S?: string; N?: string }>;

async function scanAll(endpoint: string): Promise<Map<string, Stored>> {
  const items = new Map<string, Stored>();
  let start: unknown;
  do {
    const res = await call(endpoint, "Scan", { TableName: TABLE, ...(start ? { ExclusiveStartKey: start } : {}) });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { Items: Stored[]; LastEvaluatedKey?: unknown };
    for (const item of page.Items) items.set(item.id?.S ?? "", item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe("sandbox up durability", () => {
  it("keeps every acknowledged write and every transaction whole across kill -9", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-durability-"));
    dirs.push(dir);
    const dataDir = join(dir, "data");
    const first = await up(["--data-dir", dataDir]);

    const acknowledged = new Map<string, string>();
    const transactions: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          if (i % 2 === 0) {
            const id = `put-${w}-${i}`;
            const res = await call(first.endpoint, "PutItem", { TableName: TABLE, Item: { id: { S: id }, v: { N: String(i) } } });
            if (res.status === 200) acknowledged.set(id, String(i));
            await res.arrayBuffer();
          } else {
            const tx = `tx-${w}-${i}`;
            transactions.push(tx);
            const res = await call(first.endpoint, "TransactWriteItems", {
              TransactItems: ["a", "b"].map((side) => ({ Put: { TableName: TABLE, Item: { id: { S: `${tx}-${side}` }, tx: { S: tx }, v: { N: String(i) } } } })),
            });
            if (res.status === 200) {
              acknowledged.set(`${tx}-a`, String(i));
              acknowledged.set(`${tx}-b`, String(i));
            }
            await res.arrayBuffer();
          }
        } catch {
          return; // the process is gone: this write is unacknowledged
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    const loadStart = Date.now();
    while (Date.now() - loadStart < MIN_LOAD_MS || (acknowledged.size < MIN_ACKNOWLEDGED && Date.now() - loadStart < MAX_LOAD_MS)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThan(50);

    const second = await up(["--data-dir", dataDir]);
    const stored = await scanAll(second.endpoint);
    const lost = [...acknowledged].filter(([id, v]) => stored.get(id)?.v?.N !== v).map(([id]) => id);
    expect(lost, "acknowledged writes missing after the restart").toEqual([]);
    const halves = transactions.filter((tx) => stored.has(`${tx}-a`) !== stored.has(`${tx}-b`));
    expect(halves, "transactions half applied").toEqual([]);

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    // Two `sandbox up` processes to start and stop, and up to MAX_LOAD_MS of writes: seconds each under load.
  }, 60_000);

  it("writes nothing to disk with --in-memory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-in-memory-"));
    dirs.push(dir);
    const dataDir = join(dir, "data");
    const started = await up(["--in-memory", "--data-dir", dataDir]);
    const res = await call(started.endpoint, "PutItem", { TableName: TABLE, Item: { id: { S: "x" } } });
    expect(res.status).toBe(200);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(fixture, ".sandbox"))).toBe(false);
  });
});
