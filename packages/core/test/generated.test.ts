import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const models = join(root, "..", "shared", "aws-models");
const haveModels = existsSync(models);

describe("generated Smithy tables", () => {
  if (!haveModels) console.warn(`skipping the generated-files check: ${models} not found`);

  it.skipIf(!haveModels)("are current with AWS's models (node tools/gen-models.mjs --check)", () => {
    const run = spawnSync(process.execPath, [join(root, "tools", "gen-models.mjs"), "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
