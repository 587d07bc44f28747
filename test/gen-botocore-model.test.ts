// tools/gen-botocore-model.mjs against the botocore python3 finds: a restJson table's URIs name
// their labels by member, as the Smithy tables tools/gen-models.mjs writes do and the wires bind them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hasBotocore = (() => {
  try {
    execFileSync("python3", ["-c", "import botocore"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const dir = mkdtempSync(join(tmpdir(), "gen-botocore-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasBotocore)("gen-botocore-model", () => {
  it("writes a URI label under its member's name where botocore names it otherwise (SESv2 GetDedicatedIp: member Ip, /v2/email/dedicated-ips/{IP})", () => {
    const out = join(dir, "sesv2.ts");
    execFileSync("node", [join(root, "tools/gen-botocore-model.mjs"), "sesv2", "m", out, "GetDedicatedIp", "GetEmailIdentity"], { cwd: root, stdio: "ignore" });
    const table = readFileSync(out, "utf8");
    expect(table).toContain('uri: "/v2/email/dedicated-ips/{Ip}"');
    expect(table).toContain('Ip: { target: "Ip", required: true, label: true }');
    expect(table).toContain('uri: "/v2/email/identities/{EmailIdentity}"');
  });
});
