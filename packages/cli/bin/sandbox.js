#!/usr/bin/env node
// The `sandbox` command. Sources are TypeScript in ../src, transpiled to ../dist on install.
// Lambda's execution environments run in UTC; worker threads inherit the process's zone.
process.env.TZ = "UTC";
// dist/sandbox.mjs is the whole command in one file (scripts/bundle-cli.mjs): it starts in
// half the time of dist/main.js and its ~400 modules. Without it, dist/main.js.
const notFound = (error, file) => error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(file);
import("../dist/sandbox.mjs")
  .catch((error) => {
    if (notFound(error, "dist/sandbox.mjs")) return import("../dist/main.js");
    throw error;
  })
  .catch((error) => {
    if (notFound(error, "dist/main.js")) {
      console.error("sandbox is not built yet: run `npx -y pnpm@10 install` (or `node scripts/build.mjs`) at the repository root.");
      process.exit(1);
    }
    throw error;
  });
