// A mock configuration that is there but cannot be read (a directory) stops `sandbox up` with
// the CLI's own error, as a missing or broken one does (sfnLocalEnv.test.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-mock-dir-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SFN_MOCK_CONFIG naming a directory", () => {
  it("stops start-up saying the file could not be read, without a stack trace", async () => {
    const r = await runBin(["up", "--no-template", "--in-memory", "--port", "0", "--edge-port", "0"], { cwd: dir, env: { SFN_MOCK_CONFIG: dir } }).result();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✖ The mock configuration ${dir} could not be read: EISDIR`);
    expect(r.stderr).not.toMatch(/\n\s+at |This is a bug/);
  });
});
