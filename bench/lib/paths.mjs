import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const webAppDir = fileURLToPath(new URL("../../examples/web-app/", import.meta.url));
export const cliBin = fileURLToPath(new URL("../../packages/cli/bin/sandbox.js", import.meta.url));

/** True once packages/sandbox is built (`node scripts/build.mjs`). */
export function sandboxBuilt() {
  return existsSync(fileURLToPath(new URL("../../packages/sandbox/dist/index.js", import.meta.url)));
}
