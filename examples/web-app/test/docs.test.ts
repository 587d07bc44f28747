// Runs the commands of README.md and README.ja.md against a real sandbox, so the docs
// never drift from what the example does. Each ```sh block is split into commands; a
// comment "# HTTP/1.1 NNN …" under a curl command is the status it must answer, and a
// following "# {…}" line without "…" is the exact body.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlAnswer, has, onSandbox, runShell, type SandboxUrls, shCommands, startsAndServes } from "../../../test/helpers/readme.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(exampleDir, "..", "..");
const READMES = ["README.md", "README.ja.md"];
/** How long one command may run (runShell kills it then). */
const COMMAND_MS = 30_000;

const hasCurl = has("curl");
const hasAws = has("aws");

// Each sandbox here keeps its state in a directory of its own, so that test files running at
// the same time never share one.
const dataDir = mkdtempSync(join(tmpdir(), "web-app-docs-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!hasCurl)("README commands", () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: exampleDir, port: 0, edgePort: 0, dataDir: join(dataDir, "readme") });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("are the same commands in English and Japanese", () => {
    const [en, ja] = READMES.map((file) => shCommands(readFileSync(join(exampleDir, file), "utf8")));
    expect(ja).toEqual(en);
  });

  for (const file of READMES) {
    // Each command is a process (awscli alone starts in ~1 s, several under load) with its own
    // bound (COMMAND_MS): the test's is their sum, not a fixed total that races the machine's load.
    const commands = shCommands(readFileSync(join(exampleDir, file), "utf8"));
    it(`${file}: every curl, aws and node command succeeds with the documented answer`, { timeout: commands.length * COMMAND_MS }, async () => {
      if (!hasAws) console.warn(`aws CLI not found: skipping the aws commands of ${file}`);
      const env: NodeJS.ProcessEnv = { ...process.env };
      let ran = 0;
      for (const command of commands) {
        const text = onSandbox(command.text, sandbox);
        const word = text.split(/\s/)[0];
        if (word === "export") {
          // The README's exports are what make the aws and node commands work: apply them.
          for (const [, key, value] of text.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
          continue;
        }
        // Values the reader pastes by hand; the test sets them from earlier answers.
        if (/^(ID|NEXT)=/.test(text)) continue;
        // `sandbox invoke` runs on its own: its answer, the "# {…}" line under it.
        if (text.startsWith("npx sandbox invoke ")) {
          // --no: never fetch the unrelated npm package named "sandbox".
          const result = await runShell(text.replace(/^npx /, "npx --no "), exampleDir, { ...env, NO_COLOR: "1" }, COMMAND_MS);
          expect(result.code, `${text}\n${result.stderr}`).toBe(0);
          expect(command.body, `no "# {…}" line under: ${command.text}`).toBeDefined();
          expect(JSON.parse(result.stdout), text).toEqual(JSON.parse(command.body ?? "null"));
          ran++;
          continue;
        }
        // Covered by the "starts" tests below, by the install itself, or needs an AWS account.
        if (word === "npx" || word === "cd" || word === "sam") continue;
        expect(["curl", "aws", "node"], `unexpected command in ${file}: ${text}`).toContain(word);
        if (word === "aws" && !hasAws) continue;

        const result = await runShell(text, exampleDir, env, COMMAND_MS);
        expect(result.code, `${text}\n${result.stderr}`).toBe(0);
        ran++;
        if (word !== "curl") continue;
        const { status, body } = curlAnswer(result.stdout);
        expect(command.status, `no "# HTTP/1.1 …" line under: ${command.text}`).toBeDefined();
        expect(status, text).toBe(command.status);
        if (command.body !== undefined) expect(JSON.parse(body), text).toEqual(JSON.parse(command.body));
        if (body.startsWith("{")) {
          const answer = JSON.parse(body) as { id?: string; next?: string };
          if (status === 201 && answer.id) env.ID = answer.id;
          if (answer.next) env.NEXT = answer.next;
        }
      }
      expect(ran).toBeGreaterThan(10);
    });
  }
});

/** The example answers GET /todos. */
async function servesTodos({ apiUrl }: SandboxUrls): Promise<void> {
  const res = await fetch(`${apiUrl}/todos`);
  expect(res.status).toBe(200);
}

describe("README start commands", () => {
  const readme = readFileSync(join(exampleDir, "README.md"), "utf8");
  const commands = shCommands(readme).map((c) => c.text);

  it("`npx sandbox up examples/web-app` starts the example from the repository root", async () => {
    expect(commands).toContain("npx sandbox up examples/web-app");
    expect(existsSync(join(repoRoot, "node_modules", ".bin", "sandbox")), "no sandbox bin at the repository root").toBe(true);
    // --no: never fetch the unrelated npm package named "sandbox".
    await startsAndServes("npx --no sandbox up examples/web-app", repoRoot, join(dataDir, "root"), servesTodos);
  });

  it("`npx sandbox up --on-ready \"node scripts/seed.mjs\"` starts it with the seeded todos", async () => {
    const start = 'npx sandbox up --on-ready "node scripts/seed.mjs"';
    expect(commands).toContain(start);
    await startsAndServes(start.replace(/^npx /, "npx --no "), exampleDir, join(dataDir, "seeded"), async ({ apiUrl }) => {
      // The seed runs once the sandbox is ready: its todos show up shortly after.
      const deadline = Date.now() + 15_000;
      let ids: string[] = [];
      while (Date.now() < deadline) {
        const res = await fetch(`${apiUrl}/todos`);
        ids = ((await res.json()) as { items: Array<{ id: string }> }).items.map((t) => t.id).sort();
        if (ids.length === 3) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(ids).toEqual(["seed-1", "seed-2", "seed-3"]);
    });
  });

  it("`npx sandbox up` starts it from the example's directory", async () => {
    expect(commands).toContain("npx sandbox up");
    await startsAndServes("npx --no sandbox up", exampleDir, join(dataDir, "example"), servesTodos);
  });
});
