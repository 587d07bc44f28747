import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    // Each of the two worker processes runs file after file without importing the SDK clients
    // and the sandbox again for each (some 400 files: isolated, imports took ~1.7 s of a core per
    // file, more than most files' tests; the suite ran 830 s, 560 s without isolation while other
    // work shared the machine). Tests therefore leave no process state behind: they stop their
    // sandboxes, restore their spies and environment variables, and do not count the process's
    // worker threads or depend on V8 flags a sandbox sets (sandbox.ts).
    isolate: false,
    // The workspace packages' built output is plain ESM for Node to load, not for Vite to transform.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
  },
});
