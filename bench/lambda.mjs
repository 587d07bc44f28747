// API Gateway → warm Node.js hello-world Lambda, through autocannon: the sandbox (persistence
// on) against serverless-offline 13 (serverless v3), @architect/sandbox and a canned
// node:http server (the limit). Same handler file in each app (bench/fixtures/hello*).
import { mkdtempSync, rmSync } from "node:fs";
import { freePort } from "./lib/freePort.mjs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "./lib/child.mjs";
import { startCommand } from "./lib/command.mjs";
import { CONNECTIONS, benchSeconds, load } from "./lib/load.mjs";
import { repoRoot, sandboxBuilt } from "./lib/paths.mjs";
import { treeRssMb } from "./lib/rss.mjs";

export const HELLO_PATH = "/hello";
export const PEER = "serverless-offline";
const EXPECTED_BODY = '{"message":"hello"}';
// One connection shows the latency of one warm environment; 32 the throughput under load.
const CONNECTION_COUNTS = [1, CONNECTIONS];
// Long enough for every peer's environments to start before the figure is taken.
const WARMUP_SECONDS = 5;
// Architect starts a process per invocation (tens of req/s, none warm): a shorter run and
// warm-up say all there is.
const ARCHITECT_MAX_SECONDS = 10;
const ARCHITECT_WARMUP_SECONDS = 2;
// RSS is read at the end of the 32-connection run and again this long after it (the sandbox
// gives memory back after 2 s without requests: core's watchIdleMemory).
const SETTLE_MS = 3000;

const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));
const benchName = (connections) => `Lambda GET ${HELLO_PATH} (${connections} conn)`;

/** BENCH_TARGETS=sandbox,canned measures only those (default: all). */
function wanted(name) {
  const only = process.env.BENCH_TARGETS;
  return !only || only.split(",").includes(name);
}

async function startSandbox() {
  if (!sandboxBuilt()) throw new Error("packages/sandbox is not built (node scripts/build.mjs)");
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-bench-lambda-"));
  const server = await startServer("sandbox", { template: fixture("hello"), dataDir });
  return {
    url: server.apiUrl,
    pid: server.pid,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startServerlessOffline() {
  const [httpPort, lambdaPort, websocketPort] = [await freePort(), await freePort(), await freePort()];
  const bin = join(repoRoot, "node_modules/serverless/bin/serverless.js");
  const args = [bin, "offline", "--host", "127.0.0.1", "--httpPort", String(httpPort), "--lambdaPort", String(lambdaPort), "--websocketPort", String(websocketPort)];
  const server = await startCommand(process.execPath, args, {
    cwd: fixture("hello-sls"),
    // No telemetry, update checks or dashboard prompts: the machine may be offline.
    env: { SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", SLS_DEPRECATION_DISABLE: "*", SLS_INTERACTIVE_SETUP_DISABLE: "1" },
    ready: /Server ready/,
  });
  return { url: `http://127.0.0.1:${httpPort}`, ...server };
}

async function startArchitect() {
  return startServer("architect", { cwd: fixture("hello-arc") });
}

async function startCanned() {
  return startServer("canned", { mode: "api", body: EXPECTED_BODY });
}

const TARGETS = [
  { name: "sandbox", start: startSandbox },
  { name: PEER, start: startServerlessOffline },
  { name: "architect", start: startArchitect, maxSeconds: ARCHITECT_MAX_SECONDS, warmupSeconds: ARCHITECT_WARMUP_SECONDS },
  { name: "canned", start: startCanned },
];

/** RSS of the server's process tree after SETTLE_MS without requests. */
async function settledRssMb(pid) {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return treeRssMb(pid);
}

/** The first answer, checked, and how long it took (a cold start for the Lambda emulators). */
async function firstAnswer(url) {
  const started = performance.now();
  const res = await fetch(`${url}${HELLO_PATH}`);
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200 || body !== EXPECTED_BODY) throw new Error(`GET ${HELLO_PATH} answered ${res.status} ${body}`);
  return ms;
}

/**
 * Measures each target in turn (never two servers at once). Rows for the table; `facts`
 * holds each target's first-request time and its RSS when idle after start-up.
 */
export async function benchLambda({ seconds = benchSeconds(), log = console.error } = {}) {
  const rows = [];
  const facts = [];
  for (const target of TARGETS.filter((t) => wanted(t.name))) {
    let server;
    try {
      server = await target.start();
    } catch (error) {
      log(`${target.name} could not start, its figures are missing: ${error.message}`);
      continue;
    }
    try {
      const firstMs = await firstAnswer(server.url);
      const idleRssMb = treeRssMb(server.pid);
      facts.push({ target: target.name, firstMs, idleRssMb });
      const duration = Math.min(seconds, target.maxSeconds ?? seconds);
      for (const connections of CONNECTION_COUNTS) {
        const result = await load(server.url, { method: "GET", path: HELLO_PATH }, {
          seconds: duration,
          connections,
          warmupSeconds: Math.min(target.warmupSeconds ?? WARMUP_SECONDS, duration),
          pid: server.pid,
        });
        const measured = connections === CONNECTIONS;
        const rssMb = measured ? treeRssMb(server.pid) : undefined;
        // And once the server has had a moment of quiet to give memory back, as a user's would.
        const rssSettledMb = measured ? await settledRssMb(server.pid) : undefined;
        log(`Lambda GET ${HELLO_PATH} → ${target.name}, ${connections} conn (${duration} s): ${Math.round(result.ops)}/s, p50 ${result.p50} ms${result.cpuUs === undefined ? "" : `, server CPU ${Math.round(result.cpuUs)} µs/req`}${rssMb ? `, RSS ${Math.round(rssMb)} MB at the end, ${Math.round(rssSettledMb)} MB ${SETTLE_MS / 1000} s later` : ""}`);
        rows.push({ bench: benchName(connections), target: target.name, ...result, rssMb, rssSettledMb });
      }
    } catch (error) {
      log(`${target.name} failed, its remaining figures are missing: ${error.message}`);
    } finally {
      await server.stop();
    }
  }
  return { rows, facts };
}

export function lambdaFacts(facts) {
  return facts.map(({ target, firstMs, idleRssMb }) => [
    target,
    `first request ${Math.round(firstMs)} ms, RSS before load ${Math.round(idleRssMb)} MB`,
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printFacts, printTable } = await import("./lib/report.mjs");
  const { rows, facts } = await benchLambda();
  printTable(rows, { peer: PEER });
  if (facts.length > 0) printFacts("Lambda start (first request after the server is up; RSS idle)", lambdaFacts(facts));
}
