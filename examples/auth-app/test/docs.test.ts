// Runs the commands of README.md against a real sandbox (README.ja.md must hold the same
// commands and documented answers), so the docs never drift from what the example does. Under
// a curl command, "# HTTP/1.1 NNN …" is the status it answers; "# {…}" is the JSON a curl or
// aws command prints (exact, or with "…" its fully written top-level fields); other "# " lines
// are lines a node command prints, in order, "…" standing for any text.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlAnswer, expectLines, has, onSandbox, runShell, type SandboxUrls, shCommands, startsAndServes } from "../../../test/helpers/readme.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(exampleDir, "..", "..");

const readme = (file: string) => shCommands(readFileSync(join(exampleDir, file), "utf8"));
/** How long one command may run (runShell kills it then). */
const COMMAND_MS = 30_000;
const hasCurl = has("curl");
const hasAws = has("aws");

const dataDir = mkdtempSync(join(tmpdir(), "auth-app-docs-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!hasCurl || !hasAws)("README commands", () => {
  let sandbox: Awaited<ReturnType<typeof createSandbox>>;
  /** The sandbox's terminal: the confirmation codes are printed there. */
  const lines: string[] = [];

  beforeAll(async () => {
    const keep = (message: string) => void lines.push(message);
    sandbox = await createSandbox({
      template: exampleDir,
      port: 0,
      edgePort: 0,
      dataDir: join(dataDir, "readme"),
      logger: { debug: () => {}, info: keep, warn: keep, error: keep },
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("are the same commands, with the same documented answers, in English and Japanese", () => {
    expect(readme("README.ja.md")).toEqual(readme("README.md"));
  });

  // Each command is a process (awscli alone starts in ~1 s, several under load) with its own
  // bound (COMMAND_MS): the test's is their sum, not a fixed total that races the machine's load.
  it("README.md: every aws, curl and node command succeeds and prints what is documented", { timeout: readme("README.md").length * COMMAND_MS }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, API_URL: sandbox.apiUrl };
    let ran = 0;
    for (const command of readme("README.md")) {
      const text = onSandbox(command.text, sandbox);
      const word = text.split(/\s/)[0];
      if (word === "export") {
        // The README's exports are what make the aws and node commands work: apply them.
        for (const [, key, value] of text.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
        continue;
      }
      // The code the reader copies from the sandbox's terminal.
      if (text.startsWith("CODE=")) {
        const line = [...lines].reverse().find((l) => l.includes("(bob@example.com): "));
        expect(line, "no confirmation code printed for bob@example.com").toBeDefined();
        env.CODE = line?.slice(line.lastIndexOf(" ") + 1);
        continue;
      }
      // Covered by the "starts" tests below, by the install itself, by running in this directory, or needs an AWS account.
      if (word === "cd" || word === "sam" || (word === "npx" && !text.startsWith("npx sandbox time"))) continue;
      // `TOKEN=$(…)`: what the reader's shell keeps for the next commands.
      const assignment = /^(\w+)=\$\(([\s\S]*)\)$/.exec(text);
      // --no: never fetch the unrelated npm package named "sandbox".
      const run = assignment ? assignment[2] : text.replace(/^npx sandbox /, "npx --no sandbox ");
      expect(["aws", "curl", "node", "npx"], `unexpected command: ${text}`).toContain(run.split(/\s/)[0]);
      const result = await runShell(run, exampleDir, env, COMMAND_MS);
      expect(result.code, `${text}\n${result.stderr}`).toBe(0);
      ran++;
      if (assignment) {
        env[assignment[1]] = result.stdout.trim();
        expect(env[assignment[1]], text).toMatch(/^\S+$/);
        continue;
      }
      let body = result.stdout;
      if (word === "curl") {
        const answer = curlAnswer(result.stdout);
        expect(command.status, `no "# HTTP/1.1 …" line under: ${command.text}`).toBeDefined();
        expect(answer.status, text).toBe(command.status);
        body = answer.body;
      }
      if (command.body !== undefined) expect(JSON.parse(body), text).toEqual(JSON.parse(command.body));
      if (command.fields !== undefined) expect(JSON.parse(body), text).toMatchObject(command.fields);
      if (command.output !== undefined) expectLines(result.stdout, command.output, text);
    }
    expect(ran).toBeGreaterThan(15);
  });
});

/** The example answers GET /health without a token, and /me only with one. */
async function servesHealth({ apiUrl }: SandboxUrls): Promise<void> {
  const health = await fetch(`${apiUrl}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  expect((await fetch(`${apiUrl}/me`)).status).toBe(401);
}

describe("README start commands", () => {
  const commands = readme("README.md")
    .map((c) => c.text)
    .filter((text) => text.startsWith("npx sandbox up"));

  it("are the two documented ones", () => {
    expect(commands).toEqual(["npx sandbox up examples/auth-app", "npx sandbox up"]);
    expect(existsSync(join(repoRoot, "node_modules", ".bin", "sandbox")), "no sandbox bin at the repository root").toBe(true);
  });

  it("`npx sandbox up examples/auth-app` starts the example from the repository root", async () => {
    await startsAndServes("npx --no sandbox up examples/auth-app", repoRoot, join(dataDir, "root"), servesHealth);
  });

  it("`npx sandbox up` starts it from the example's directory", async () => {
    await startsAndServes("npx --no sandbox up", exampleDir, join(dataDir, "example"), servesHealth);
  });
});
