#!/usr/bin/env node
// The `sandbox` command. Sources are TypeScript in ../src, transpiled to ../dist on install.
// Lambda's execution environments run in UTC; worker threads inherit the process's zone.
process.env.TZ = "UTC";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

// The sandbox sets this V8 flag when it starts (packages/sandbox/src/sandbox.ts). V8 refuses
// cached code made under other flags, so it is set before the bundle is compiled, as it will
// be when its code is cached.
setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
// Start-up code runs once, and V8's optimizing compiler (TurboFan) working on it while the
// sandbox starts only leaves memory behind: its code pages and the compiler's zone memory took
// ~10 MB of an idle `sandbox up examples/web-app` (RSS 80 → 69 MB without it, ready as fast). It
// is off until the sandbox serves (finishStartup), then on for good: requests are optimized as
// before. Off while the bundle compiles and while its code is cached, as V8 refuses cached code
// made under other flags.
setFlagsFromString("--no-turbofan");

const BUNDLE = fileURLToPath(new URL("../dist/sandbox.cjs", import.meta.url));
// SANDBOX_COMPILE_CACHE: another directory for it (a read-only install), or "off".
const CACHE_SETTING = process.env.SANDBOX_COMPILE_CACHE;
const CACHE_DIR = CACHE_SETTING === "off" ? undefined : join(CACHE_SETTING || fileURLToPath(new URL("../dist/.compile-cache/", import.meta.url)), "/");
/**
 * When start-up is taken as over if the command does not say so first (`sandbox up` emits
 * "sandbox:serving" once its functions are built): the cache then holds what starting compiled.
 */
const CACHE_AFTER_MS = 1000;

/**
 * dist/sandbox.cjs is the whole command in one file (scripts/bundle-cli.mjs): it starts in half
 * the time of dist/main.js and its ~400 modules. Compiling it takes ~100 ms, so the code V8
 * compiled is kept in dist/.compile-cache after a first start and later starts use it (~10 ms).
 * V8 checks only the source's length: the cache is named after the bundle's size and time.
 */
function runBundle() {
  let source;
  let stat;
  try {
    source = readFileSync(BUNDLE, "utf8");
    stat = statSync(BUNDLE);
  } catch (error) {
    if (error.code === "ENOENT") return false;
    throw error;
  }
  const cacheFile = CACHE_DIR && `${CACHE_DIR}${process.version}-${process.arch}-${flagsKey()}-${stat.size}-${Math.trunc(stat.mtimeMs)}.bin`;
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // First start of this bundle (or of this Node.js): compiled in full, cached below.
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __bundleImport) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
  });
  const outcome = !cacheFile ? "off" : cachedData === undefined ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
  if (process.env.SANDBOX_COMPILE_CACHE_REPORT) process.stderr.write(`compile cache: ${outcome}${cacheFile ? ` ${cacheFile}` : ""}\n`);
  let over = false;
  const finishStartup = (by) => {
    if (over) return;
    over = true;
    if (outcome === "miss" || outcome === "rejected") writeCache(script, cacheFile);
    setFlagsFromString("--turbofan");
    if (process.env.SANDBOX_COMPILE_CACHE_REPORT) process.stderr.write(`start-up over (${by}): optimizing compiler on\n`);
  };
  process.once("sandbox:serving", () => finishStartup("serving"));
  setTimeout(() => finishStartup("timer"), CACHE_AFTER_MS).unref();
  const bundleUrl = new URL("../dist/sandbox.cjs", import.meta.url);
  const bundleImport = (specifier) => import(specifier.startsWith(".") ? new URL(specifier, bundleUrl).href : specifier);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, fileURLToPath(new URL(".", bundleUrl)), bundleImport);
  return true;
}

/**
 * V8 also refuses code cached under other flags: processes started with other options
 * (NODE_OPTIONS, --max-old-space-size, a profiler) keep a cache of their own instead of
 * replacing each other's.
 */
function flagsKey() {
  let hash = 5381;
  for (const char of `${process.execArgv.join(" ")}|${process.env.NODE_OPTIONS ?? ""}`) hash = (hash * 33 + char.charCodeAt(0)) >>> 0;
  return hash.toString(36);
}

/** Best effort: a read-only install runs without the cache. Replaces the caches of other bundles. */
function writeCache(script, cacheFile) {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
    // Caches of an earlier bundle or Node.js go; those of other flags for this bundle stay.
    const bundleKey = cacheFile.slice(cacheFile.lastIndexOf("-", cacheFile.lastIndexOf("-") - 1));
    for (const name of readdirSync(CACHE_DIR)) {
      if (!name.endsWith(".tmp") && !name.endsWith(bundleKey)) rmSync(`${CACHE_DIR}${name}`, { force: true });
    }
  } catch {
    // Not writable, or another start wrote it first: the next start compiles again.
  }
}

if (!runBundle()) {
  import("../dist/main.js").catch((error) => {
    if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/main.js")) {
      console.error("sandbox is not built yet: run `npx -y pnpm@10 install` (or `node scripts/build.mjs`) at the repository root.");
      process.exit(1);
    }
    throw error;
  });
}
