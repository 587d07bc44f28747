// The `sandbox` bin compiles its one-file bundle with the code V8 cached at an earlier start
// (bin/sandbox.js): a first start writes the cache, later ones use it, a bad or foreign cache
// is refused and replaced, and the bundle's dynamic imports work from cached code.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// @ts-expect-error: a build script in JavaScript, without types.
import { routeDynamicImports } from "../../../scripts/bundle-cli.mjs";
import { runBin } from "./bin.js";

const webApp = join(import.meta.dirname, "..", "..", "..", "examples", "web-app");
const bundle = join(import.meta.dirname, "..", "dist", "sandbox.cjs");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-compile-cache-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cacheFiles = () => readdirSync(dir).filter((name) => name.endsWith(".bin"));

/** `sandbox up` on the web app with the cache in `dir`: its cache outcome, once it serves. */
async function upWithCache() {
  const r = runBin(["up", "--port", "0", "--edge-port", "0", "--in-memory"], {
    cwd: webApp,
    env: { SANDBOX_COMPILE_CACHE: dir, SANDBOX_COMPILE_CACHE_REPORT: "1", AWS_ENDPOINT_URL: "" },
  });
  const outcome = (await r.waitFor(/^compile cache: (\w+)/m))![1];
  const api = (await r.waitFor(/GET\s+(http:\/\/127\.0\.0\.1:\d+)\/todos/))![1];
  const edge = (await r.waitFor(/^AWS endpoint (http:\/\/127\.0\.0\.1:\d+)/m))![1];
  return { r, outcome, api, edge };
}

async function stop(r: ReturnType<typeof runBin>) {
  r.child.kill("SIGINT");
  expect(await r.exited).toBe(0);
}

describe("the bundle's compile cache", () => {
  it("has a bundle to cache: the full build (`node scripts/build.mjs`, run by install) made it", () => {
    expect(existsSync(bundle)).toBe(true);
  });

  it("is written by a first start, used by the next, and the command works from cached code (chokidar, the X-Ray client: imports kept out of the bundle)", async () => {
    writeFileSync(join(dir, "v0.0.0-x64-x-1-2.bin"), "a cache of another bundle");
    const first = await upWithCache();
    expect(first.outcome).toBe("miss");
    // Start-up ran without V8's optimizing compiler; it is on once `up` serves (its functions built).
    await first.r.waitFor(/^start-up over \(serving\): optimizing compiler on$/m);
    expect((await fetch(`${first.api}/todos`)).status).toBe(200);
    // Named after this Node.js and this bundle; the other bundle's cache is gone.
    const name = new RegExp(`^${process.version.replace(/\./g, "\\.")}-${process.arch}-\\w+-${statSync(bundle).size}-\\d+\\.bin$`);
    await vi.waitFor(() => expect(cacheFiles()).toEqual([expect.stringMatching(name)]), { timeout: 15_000, interval: 50 });
    const [written] = cacheFiles();
    expect(statSync(join(dir, written!)).size).toBeGreaterThan(100_000);
    await stop(first.r);

    const second = await upWithCache();
    expect(second.outcome).toBe("hit");
    const res = await fetch(`${second.api}/todos`);
    expect(res.status).toBe(200);
    const traces = await runBin(["traces", "--endpoint", second.edge!], { env: { SANDBOX_COMPILE_CACHE: dir, SANDBOX_COMPILE_CACHE_REPORT: "1" } }).result();
    expect(traces.stderr).toMatch(/^compile cache: hit /m);
    expect(traces.code).toBe(0);
    // The web app traces nothing: the answer comes from GetTraceSummaries through the SDK's client.
    expect(traces.stdout).toBe("No traces.\n");
    await stop(second.r);
  });

  it("refuses a damaged cache, runs the command compiled afresh and replaces the cache", async () => {
    const first = await upWithCache();
    await vi.waitFor(() => expect(cacheFiles()).toHaveLength(1), { timeout: 15_000, interval: 50 });
    await stop(first.r);
    const file = join(dir, cacheFiles()[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));

    const version = await runBin(["--version"], { env: { SANDBOX_COMPILE_CACHE: dir, SANDBOX_COMPILE_CACHE_REPORT: "1" } }).result();
    expect(version.stderr).toMatch(/^compile cache: rejected /m);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version.code).toBe(0);

    const again = await upWithCache();
    expect(again.outcome).toBe("rejected");
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(100_000), { timeout: 15_000, interval: 50 });
    expect(readFileSync(file).subarray(0, 4096).equals(Buffer.alloc(4096, 7))).toBe(false);
    await stop(again.r);
  });

  it("is not kept with SANDBOX_COMPILE_CACHE=off", async () => {
    const r = runBin(["--help"], { env: { SANDBOX_COMPILE_CACHE: "off", SANDBOX_COMPILE_CACHE_REPORT: "1" } });
    const { code, stdout, stderr } = await r.result();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: sandbox/m);
    expect(stderr).toMatch(/^compile cache: off$/m);
  });
});

describe("the bundle build", () => {
  it("routes the dynamic imports of files kept out of the bundle through the loader, and refuses any other", () => {
    expect(routeDynamicImports('const { build } = await import("../../../node_modules/esbuild/lib/main.js");')).toBe(
      'const { build } = await __bundleImport("../../../node_modules/esbuild/lib/main.js");',
    );
    expect(routeDynamicImports("x.import('./a.js'); const s = 'no import here';")).toBe("x.import('./a.js'); const s = 'no import here';");
    expect(() => routeDynamicImports("await import(handlerUrl)")).toThrow(/a dynamic import the loader cannot route: import\(handlerUrl\)/);
  });
});
