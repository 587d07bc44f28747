// API throughput: GET /todos?limit=20 on the web-app example (API Gateway → Lambda → DynamoDB)
// through autocannon, against a canned node:http server sending the same bytes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "./lib/child.mjs";
import { CONNECTIONS, benchSeconds, load } from "./lib/load.mjs";
import { sandboxBuilt, webAppDir } from "./lib/paths.mjs";

export const LIST_PATH = "/todos?limit=20";
const TODOS = 20;
// One connection first (one warm Lambda environment per function), then the standard 32
// (Lambda scales out to one environment per concurrent request, as on AWS).
const CONNECTION_COUNTS = [1, CONNECTIONS];
const API_SCALE_OUT_WARMUP_SECONDS = 10;
const benchName = (connections) => `API GET ${LIST_PATH} (${connections} conn)`;

export async function benchApi({ seconds = benchSeconds(), log = console.error } = {}) {
  if (!sandboxBuilt()) {
    log("packages/sandbox is not built: skipping the API benchmark");
    return [];
  }
  const rows = [];
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-bench-api-"));
  let body;
  let sandbox;
  try {
    sandbox = await startServer("sandbox", { template: webAppDir, dataDir });
  } catch (error) {
    log(`sandbox could not start, API benchmark skipped: ${error.message}`);
    rmSync(dataDir, { recursive: true, force: true });
    return [];
  }
  try {
    for (let i = 0; i < TODOS; i++) {
      const res = await fetch(`${sandbox.apiUrl}/todos`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: `todo ${i}` }),
      });
      if (res.status !== 201) throw new Error(`POST /todos answered ${res.status} ${await res.text()}`);
    }
    const res = await fetch(`${sandbox.apiUrl}${LIST_PATH}`);
    body = await res.text();
    if (res.status !== 200 || JSON.parse(body).items.length !== TODOS) throw new Error(`GET ${LIST_PATH} answered ${res.status} ${body}`);
    for (const connections of CONNECTION_COUNTS) {
      log(`API GET ${LIST_PATH} → sandbox, ${connections} connection(s) (${seconds} s)`);
      // 32 connections may start more execution environments than one (the sandbox starts
      // up to its maxEnvironments, then scales out only for invocations kept waiting), so the
      // warm-up is longer there.
      const warmupSeconds = connections === 1 ? 2 : API_SCALE_OUT_WARMUP_SECONDS;
      const result = await load(sandbox.apiUrl, { method: "GET", path: LIST_PATH }, { seconds, connections, warmupSeconds });
      rows.push({ bench: benchName(connections), target: "sandbox", ...result });
    }
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const canned = await startServer("canned", { mode: "api", body });
  try {
    for (const connections of CONNECTION_COUNTS) {
      log(`API GET ${LIST_PATH} → canned, ${connections} connection(s) (${seconds} s)`);
      const result = await load(canned.url, { method: "GET", path: LIST_PATH }, { seconds, connections });
      rows.push({ bench: benchName(connections), target: "canned", ...result });
    }
  } finally {
    await canned.stop();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printTable } = await import("./lib/report.mjs");
  printTable(await benchApi());
}
