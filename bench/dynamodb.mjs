// DynamoDB server throughput: PutItem, GetItem, Query, UpdateItem and Scan through autocannon (32 connections,
// prepared awsJson bodies), against the sandbox (persistence on), dynalite and a canned server.
// Then one end-to-end figure through the AWS SDK v3 DocumentClient.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { startServer } from "./lib/child.mjs";
import {
  PRELOADED_ITEMS,
  QUERY_PAGE,
  SCAN_PAGE,
  TABLE,
  checkAnswers,
  getItemBody,
  headers,
  prepareTable,
  putItemBody,
  queryBody,
  scanBody,
  updateItemBody,
} from "./lib/dynamodb-requests.mjs";
import { CONNECTIONS, benchSeconds, load } from "./lib/load.mjs";
import { sandboxBuilt, webAppDir } from "./lib/paths.mjs";

let putCounter = 0;
const random = (n) => Math.floor(Math.random() * n);

const OPERATIONS = [
  { name: "PutItem", body: () => putItemBody(putCounter++) },
  { name: "GetItem", body: () => getItemBody(random(PRELOADED_ITEMS)) },
  { name: `Query (${QUERY_PAGE}/page, filter)`, action: "Query", body: () => queryBody(random(PRELOADED_ITEMS - QUERY_PAGE)) },
  { name: "UpdateItem (condition)", action: "UpdateItem", body: () => updateItemBody(random(PRELOADED_ITEMS)) },
  { name: `Scan (${SCAN_PAGE}/page)`, action: "Scan", body: () => scanBody(random(PRELOADED_ITEMS - SCAN_PAGE)) },
];

/** BENCH_OPS=PutItem,GetItem measures only those operations (by AWS action name, "SDK" for the SDK loop; default: all). */
function wantedOp(name) {
  const only = process.env.BENCH_OPS;
  return !only || only.split(",").includes(name);
}

function request(op) {
  return {
    method: "POST",
    path: "/",
    headers: headers(op.action ?? op.name),
    setupRequest: (req) => ({ ...req, body: op.body() }),
  };
}

/** BENCH_TARGETS=sandbox,canned measures only those (default: all). */
function wanted(name) {
  const only = process.env.BENCH_TARGETS;
  return !only || only.split(",").includes(name);
}

/** BENCH_RUNS measurements of each figure (default 1); the table shows their median. */
function benchRuns() {
  const n = Number(process.env.BENCH_RUNS ?? 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

function median(results) {
  const sorted = [...results].sort((a, b) => a.ops - b.ops);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Starts each target in turn (never two at once) and measures every operation on it. */
export async function benchDynamoDb({ seconds = benchSeconds(), runs = benchRuns(), log = console.error } = {}) {
  const targets = [];
  if (sandboxBuilt()) {
    targets.push({
      name: "sandbox",
      start: async () => {
        const dataDir = mkdtempSync(join(tmpdir(), "sandbox-bench-"));
        const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
        const server = await startServer("sandbox", { template: webAppDir, dataDir }).catch((error) => {
          removeDataDir();
          throw error;
        });
        return { url: server.endpoint, pid: server.pid, stop: async () => (await server.stop(), removeDataDir()) };
      },
    });
  } else {
    log("packages/sandbox is not built: skipping the sandbox (run node scripts/build.mjs)");
  }
  targets.push({ name: "dynalite", start: () => startServer("dynalite") });
  targets.push({ name: "canned", canned: true, start: () => startServer("canned", { mode: "dynamodb" }) });
  const chosen = targets.filter((target) => wanted(target.name));

  const rows = [];
  const sdk = [];
  for (const target of chosen) {
    let server;
    try {
      server = await target.start();
    } catch (error) {
      log(`${target.name} could not start, skipped: ${error.message}`);
      continue;
    }
    try {
      if (!target.canned) {
        await prepareTable(server.url);
        await checkAnswers(server.url);
      }
      for (const op of OPERATIONS.filter((op) => wantedOp(op.action ?? op.name))) {
        const results = [];
        for (let run = 1; run <= runs; run++) {
          const result = await load(server.url, request(op), { seconds, pid: server.pid, ...(run > 1 ? { warmupSeconds: 0 } : {}) });
          const cpu = result.cpuUs === undefined ? "" : `, server CPU ${result.cpuUs.toFixed(1)} µs/request`;
          log(`DynamoDB ${op.name} → ${target.name} (${seconds} s${runs > 1 ? `, run ${run}/${runs}` : ""}): ${Math.round(result.ops)}/s${cpu}`);
          results.push(result);
        }
        rows.push({ bench: `DynamoDB ${op.name}`, target: target.name, ...median(results) });
      }
      if (!target.canned && wantedOp("SDK")) {
        await sdkLoop(server.url, Math.min(2, seconds)); // warm-up, not counted
        const results = [];
        for (let run = 1; run <= runs; run++) {
          const result = await sdkLoop(server.url, seconds);
          log(`DynamoDB SDK v3 put+get → ${target.name} (${seconds} s${runs > 1 ? `, run ${run}/${runs}` : ""}): ${Math.round(result.ops)}/s`);
          results.push(result);
        }
        sdk.push({ bench: "DynamoDB SDK v3 DocumentClient put+get", target: target.name, ...median(results) });
      }
    } catch (error) {
      log(`${target.name} failed, its remaining figures are missing: ${error.message}`);
    } finally {
      await server.stop();
    }
  }
  return [...rows, ...sdk];
}

/** CONNECTIONS loops, each a PutCommand then a GetCommand of what it wrote; one op = one call. */
async function sdkLoop(endpoint, seconds) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    }),
  );
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (w) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const key = { pk: `sdk-${w}`, sk: i };
      for (const command of [new PutCommand({ TableName: TABLE, Item: { ...key, payload: "x".repeat(100) } }), new GetCommand({ TableName: TABLE, Key: key })]) {
        const started = performance.now();
        try {
          await client.send(command);
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  client.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { ops: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), total: latencies.length, errors, non2xx: 0 };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printTable } = await import("./lib/report.mjs");
  printTable(await benchDynamoDb());
}
