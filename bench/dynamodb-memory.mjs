// DynamoDB memory and restart: loads 100k items of ~1 KB through the edge (BatchWriteItem,
// bounded concurrency) into `sandbox up` with persistence on, prints the process's RSS
// (target < 300 MB), stops it (compaction into the snapshot), starts it again on the same
// data directory and prints the time until a GetItem answers (target < 2 s).
//
//   node bench/dynamodb-memory.mjs            # 100k items
//   BENCH_ITEMS=20000 node bench/dynamodb-memory.mjs
//   BENCH_KEEP=1 node bench/dynamodb-memory.mjs  # keep the data directory
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliBin, sandboxBuilt } from "./lib/paths.mjs";

const gcOnSignal = fileURLToPath(new URL("./lib/gc-on-signal.mjs", import.meta.url));

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const ITEM_BYTES = 1000;
const BATCH = 25;
const CONCURRENCY = 8;
const TABLE = "items";
const IDLE_MS = 10_000;

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Items:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: ${TABLE}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
`;

if (!sandboxBuilt()) {
  console.error("Build first: node scripts/build.mjs");
  process.exit(1);
}

/** `sandbox up` in its own process; resolves once its JSON ready line names the edge. */
function up(appDir) {
  const started = performance.now();
  const child = spawn(process.execPath, ["--expose-gc", "--import", gcOnSignal, cliBin, "up", appDir, "--port", "0", "--edge-port", "0", "--log-format", "json", "--no-watch"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.includes('"type":"ready"'));
      if (line) resolve({ endpoint: JSON.parse(line).endpoint, readyMs: performance.now() - started });
    });
    exited.then((code) => reject(new Error(`sandbox exited (${code}) before it was ready`)));
  });
  return { child, exited, ready, started };
}

async function call(endpoint, action, body) {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${action}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** Distinct ~1 KB bodies (no shared strings on the server side). */
function item(n) {
  const seed = n.toString(36);
  const body = (seed + "-").repeat(Math.ceil(ITEM_BYTES / (seed.length + 1))).slice(0, ITEM_BYTES);
  return { id: { S: `item-${n}` }, n: { N: String(n) }, body: { S: body } };
}

async function load(endpoint) {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      if (start >= ITEMS) return;
      next += BATCH;
      const requests = [];
      for (let n = start; n < Math.min(start + BATCH, ITEMS); n++) requests.push({ PutRequest: { Item: item(n) } });
      let pending = { [TABLE]: requests };
      while (Object.keys(pending).length > 0) {
        const out = await call(endpoint, "BatchWriteItem", { RequestItems: pending });
        pending = out.UnprocessedItems ?? {};
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** RSS once the process has run a full GC (SIGUSR2, see lib/gc-on-signal.mjs): what it really holds. */
async function collectedRss(pid) {
  process.kill(pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return memoryOf(pid).rss;
}

/** VmRSS and VmHWM (peak) of a process, in MB (Linux /proc). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

function sizeOf(path) {
  try {
    return statSync(path).size / 1024 / 1024;
  } catch {
    return 0;
  }
}

const mb = (n) => `${n.toFixed(0)} MB`;
const appDir = mkdtempSync(join(tmpdir(), "sandbox-memory-"));
try {
  writeFileSync(join(appDir, "template.yaml"), TEMPLATE);
  const first = up(appDir);
  const { endpoint } = await first.ready;
  const loadStart = performance.now();
  await load(endpoint);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const table = await call(endpoint, "DescribeTable", { TableName: TABLE });
  const loaded = memoryOf(first.child.pid);
  console.log(`loaded ${table.Table.ItemCount} items (${mb(table.Table.TableSizeBytes / 1024 / 1024)} of item data) in ${loadSeconds.toFixed(1)} s (${Math.round(ITEMS / loadSeconds)} items/s)`);
  console.log(`RSS after load: ${mb(loaded.rss)} (peak ${mb(loaded.peak)}; target < 300 MB)`);
  // Idle: the store compacts after 5 s without writes, and V8 gives back what it no longer needs.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idle = memoryOf(first.child.pid);
  console.log(`RSS after ${IDLE_MS / 1000} s idle (compacted): ${mb(idle.rss)} (peak ${mb(idle.peak)}); after a full GC: ${mb(await collectedRss(first.child.pid))}`);

  const stopStart = performance.now();
  first.child.kill("SIGTERM");
  await first.exited;
  const dataDir = join(appDir, ".sandbox");
  console.log(`stop with compaction: ${((performance.now() - stopStart) / 1000).toFixed(1)} s; snapshot ${mb(sizeOf(join(dataDir, "dynamodb.snapshot.json")))}`);

  const second = up(appDir);
  const { endpoint: again, readyMs } = await second.ready;
  const key = { id: { S: `item-${ITEMS - 1}` } };
  const got = await call(again, "GetItem", { TableName: TABLE, Key: key });
  const answeredMs = performance.now() - second.started;
  if (got.Item?.id?.S !== key.id.S) throw new Error("the restarted sandbox lost the last item");
  const restarted = memoryOf(second.child.pid);
  console.log(`restart: ready in ${(readyMs / 1000).toFixed(2)} s, first GetItem answered after ${(answeredMs / 1000).toFixed(2)} s (target < 2 s)`);
  console.log(`RSS after restart: ${mb(restarted.rss)} (peak ${mb(restarted.peak)}); after a full GC: ${mb(await collectedRss(second.child.pid))}`);
  second.child.kill("SIGTERM");
  await second.exited;
} finally {
  // BENCH_KEEP=1 leaves the app directory (and its .sandbox snapshot) for a closer look.
  if (process.env.BENCH_KEEP) console.log(`kept ${appDir}`);
  else rmSync(appDir, { recursive: true, force: true });
}
