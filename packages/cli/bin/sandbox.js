#!/usr/bin/env node
// The `sandbox` command. Sources are TypeScript in ../src, transpiled to ../dist on install.
// Lambda's execution environments run in UTC; worker threads inherit the process's zone.
process.env.TZ = "UTC";
import("../dist/main.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/main.js")) {
    console.error("sandbox is not built yet: run `npx -y pnpm@10 install` (or `node scripts/build.mjs`) at the repository root.");
    process.exit(1);
  }
  throw error;
});
