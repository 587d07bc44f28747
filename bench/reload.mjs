// Hot reload and cold start of a Node.js function (issue #5: save → new response < 300 ms,
// cold start < 50 ms). `sandbox up` with hot reload on a copy of fixtures/hello; each round
// saves a new handler.mjs and asks GET /hello until the new body answers. The time from the
// save to that answer includes noticing the change, the rebuild (esbuild), retiring the warm
// environment, the new environment's cold start and the request. Cold starts are the REPORT
// lines' Init Duration. Median of ROUNDS.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sandboxBuilt } from "./lib/paths.mjs";
import { startSandboxUp } from "./lib/sandboxUp.mjs";

export const ROUNDS = 7;
// Between rounds: the watcher settles and the new environment is warm.
const PAUSE_MS = 300;
// How often the new body is asked for while waiting.
const POLL_MS = 2;

const handlerSource = (n) =>
  `export const handler = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: '{"message":"hello ${n}"}' });\n`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function body(url) {
  const res = await fetch(url);
  return res.text();
}

export async function benchReload({ rounds = ROUNDS, log = console.error } = {}) {
  if (!sandboxBuilt()) throw new Error("packages/sandbox is not built (node scripts/build.mjs)");
  const dir = mkdtempSync(join(tmpdir(), "sandbox-bench-reload-"));
  cpSync(fileURLToPath(new URL("./fixtures/hello/", import.meta.url)), dir, { recursive: true });
  writeFileSync(join(dir, "handler.mjs"), handlerSource(0));
  const server = await startSandboxUp(dir, ["--in-memory"]);
  try {
    const url = `${server.apiUrl}/hello`;
    if (!(await body(url)).includes("hello 0")) throw new Error("GET /hello did not answer the first handler");
    const saveToAnswerMs = [];
    for (let n = 1; n <= rounds; n++) {
      await sleep(PAUSE_MS);
      const saved = performance.now();
      writeFileSync(join(dir, "handler.mjs"), handlerSource(n));
      for (;;) {
        if ((await body(url)).includes(`hello ${n}`)) break;
        if (performance.now() - saved > 10_000) throw new Error(`round ${n}: the new code never answered`);
        await sleep(POLL_MS);
      }
      saveToAnswerMs.push(performance.now() - saved);
      log(`reload round ${n}: save → new response ${Math.round(saveToAnswerMs.at(-1))} ms`);
    }
    const initMs = server.events
      .filter((e) => e.type === "log" && e.line.startsWith("REPORT"))
      .flatMap((e) => {
        const match = /Init Duration: ([\d.]+) ms/.exec(e.line);
        return match ? [Number(match[1])] : [];
      });
    const rebuildMs = server.events.filter((e) => e.type === "reload" && e.ok).map((e) => e.durationMs);
    return {
      saveToAnswerMs: median(saveToAnswerMs),
      saveToAnswerMaxMs: Math.max(...saveToAnswerMs),
      rebuildMs: median(rebuildMs),
      coldStartMs: median(initMs),
      coldStarts: initMs.length,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function reloadFacts(result) {
  return [
    ["hot reload: save → new response", `${Math.round(result.saveToAnswerMs)} ms median, ${Math.round(result.saveToAnswerMaxMs)} ms at most (target < 300 ms)`],
    ["of which the rebuild (esbuild)", `${Math.round(result.rebuildMs)} ms median`],
    ["cold start (REPORT Init Duration)", `${result.coldStartMs.toFixed(1)} ms median of ${result.coldStarts} (target < 50 ms)`],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchReload();
  for (const [what, value] of reloadFacts(result)) process.stdout.write(`${what}: ${value}\n`);
}
