// The sandbox's warnings follow the same colour rules as the rest of its terminal output, so
// NO_COLOR (which the docs' tests set) gives plain text and FORCE_COLOR colours a pipe.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Through dist, as the other packages import core (Node.js 20 cannot strip types).
const logger = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "logger.js");

/** What consoleLogger().warn("taken") writes in a fresh process with `env`. */
function warnWith(env: Record<string, string>): string {
  const script = `import { consoleLogger } from ${JSON.stringify(logger)}; consoleLogger({ stream: process.stdout }).warn("taken");`;
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...base, ...env }, encoding: "utf8" });
}

describe("consoleLogger", () => {
  it("writes a warning without colour codes under NO_COLOR, even in CI", () => {
    expect(warnWith({ NO_COLOR: "1", CI: "true" })).toBe("⚠ taken\n");
  });

  it("colours a warning yellow under FORCE_COLOR", () => {
    expect(warnWith({ FORCE_COLOR: "1" })).toBe("\x1b[33m⚠ taken\x1b[39m\n");
  });
});
