// Transpiles every workspace package's src/**/*.ts to dist/ (ESM, no bundling).
// Type checking is separate (`pnpm typecheck`); this stays well under a second.
import { build } from "esbuild";
import { readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "./bundle-cli.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const started = Date.now();
let count = 0;
// `node scripts/build.mjs core dynamodb` builds only those packages.
const only = process.argv.slice(2);
for (const pkg of readdirSync(join(root, "packages"))) {
  if (only.length > 0 && !only.includes(pkg)) continue;
  const src = join(root, "packages", pkg, "src");
  if (!existsSync(src)) continue;
  const entryPoints = tsFiles(src);
  if (entryPoints.length === 0) continue;
  const outdir = join(root, "packages", pkg, "dist");
  await build({
    entryPoints,
    outdir,
    outbase: src,
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: false,
    sourcemap: "linked",
    logLevel: "warning",
  });
  count += entryPoints.length;
}
// The `sandbox` command's one-file bundle (scripts/bundle-cli.mjs) is made by a full build; a
// partial one removes it rather than leave it stale (bin/sandbox.js then loads dist/main.js).
if (only.length === 0) await bundleCli();
else rmSync(join(root, "packages", "cli", "dist", "sandbox.mjs"), { force: true });
if (!process.env.SANDBOX_QUIET_BUILD) {
  console.log(`built ${count} files in ${Date.now() - started} ms`);
}
