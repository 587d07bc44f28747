// Time from spawning `sandbox up examples/web-app` to its first 200 response (which includes
// the first Lambda cold start), and the idle RSS of the sandbox process after that; then, in
// runs of their own, its idle RSS 2 s after start with no request yet (no Lambda environment).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { sandboxBuilt } from "./lib/paths.mjs";
import { startSandboxUp } from "./lib/sandboxUp.mjs";

export const RUNS = 3;
const IDLE_MS = 2000;

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** `request`: false measures the idle RSS of a sandbox nobody has called yet. */
async function once({ request = true } = {}) {
  const up = await startSandboxUp("examples/web-app", ["--in-memory"]);
  try {
    if (!request) {
      await new Promise((r) => setTimeout(r, IDLE_MS));
      return { rssMb: rssMb(up.pid) };
    }
    let first200;
    for (let i = 0; i < 1000; i++) {
      const res = await fetch(`${up.apiUrl}/todos`).catch(() => undefined);
      if (res?.status === 200) {
        first200 = performance.now() - up.started;
        await res.text();
        break;
      }
      await res?.text();
    }
    if (first200 === undefined) throw new Error("no 200 from GET /todos");
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { readyMs: up.readyMs, first200Ms: first200, rssMb: rssMb(up.pid) };
  } finally {
    await up.stop();
  }
}

export async function benchStartup({ log = console.error } = {}) {
  if (!sandboxBuilt()) {
    log("packages/sandbox is not built: skipping the start-up benchmark");
    return undefined;
  }
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    log(`start-up run ${i + 1}/${RUNS}`);
    try {
      runs.push(await once());
    } catch (error) {
      log(`start-up benchmark failed: ${error.message}`);
      return undefined;
    }
  }
  const unused = [];
  for (let i = 0; i < RUNS; i++) {
    log(`idle run ${i + 1}/${RUNS} (no request)`);
    unused.push(await once({ request: false }));
  }
  const median = (key, list = runs) => list.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return {
    runs,
    readyMs: median("readyMs"),
    first200Ms: median("first200Ms"),
    firstRunFirst200Ms: runs[0].first200Ms,
    rssMb: median("rssMb"),
    unusedRssMb: median("rssMb", unused),
  };
}

export function startupFacts(result) {
  return [
    ["`sandbox up` → ready line (median)", `${Math.round(result.readyMs)} ms`],
    ["`sandbox up` → first 200 (median)", `${Math.round(result.first200Ms)} ms (target < 1000 ms)`],
    ["first run → first 200", `${Math.round(result.firstRunFirst200Ms)} ms`],
    ["idle RSS, no request yet (median)", `${result.unusedRssMb.toFixed(0)} MB (target < 80 MB)`],
    ["idle RSS after first request", `${result.rssMb.toFixed(0)} MB`],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printFacts } = await import("./lib/report.mjs");
  const result = await benchStartup();
  if (result) printFacts(`Start-up (${RUNS} runs)`, startupFacts(result));
}
