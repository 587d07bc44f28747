// Runs the shell commands of docs/README.md against a real sandbox of examples/web-app, as a
// reader does in a second terminal, so the user docs never show a command that does not work.
// docs/README.ja.md must show the same commands with the same documented answers. Under a
// command, "# HTTP/1.1 NNN" is the status a curl command answers, "# {…}" its body, and any
// other comment lines what the command prints (test/helpers/readme.ts).
// A `NAME=$(aws …)` line sets a shell variable the commands after it use, as in a terminal.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlAnswer, type DocCommand, has, onSandbox, runShell, type SandboxUrls, shCommands, startsAndServes } from "./helpers/readme.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const webApp = join(root, "examples/web-app");
/** How long a read-only command may take to show what the docs say it shows (a workflow finishing, TTL deleting). */
const SETTLE_MS = 15_000;
/** How long one command may run (runShell kills it then). */
const COMMAND_MS = 30_000;

const hasCurl = has("curl");
const hasAws = has("aws");

/** The commands of a doc, without trailing "# …" remarks (which are translated). */
function commands(file: string): DocCommand[] {
  return shCommands(readFileSync(join(root, file), "utf8")).map((c) => ({ ...c, text: c.text.replace(/\s+#\s.*$/, "") }));
}

/** An aws command that only reads (it may be asked again until its answer is the documented one). */
function readsOnly(text: string): boolean {
  return /^aws \S+ (describe-|get-|list-|scan|query|filter-)/.test(text);
}

const dataDir = mkdtempSync(join(tmpdir(), "docs-commands-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("docs/README.ja.md shows the same commands, with the same documented answers, as docs/README.md", () => {
  expect(commands("docs/README.ja.md")).toEqual(commands("docs/README.md"));
});

describe.skipIf(!hasCurl || !hasAws)("docs/README.md commands", () => {
  let sandbox: Sandbox;
  // Made when the commands run: at collection it outlived a run filtered to other tests.
  let workDir = "";

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "docs-commands-cwd-"));
    sandbox = await createSandbox({ template: webApp, port: 0, edgePort: 0, dataDir: join(dataDir, "readme") });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  // Some 170 commands, each a process (awscli alone starts in ~1 s, several under load): a
  // fixed total raced the machine's load. Each command has its own bounds (COMMAND_MS, then
  // SETTLE_MS of asking again), so the test's is their sum and a stuck command fails first.
  const readme = commands("docs/README.md");
  it("every curl, aws, cat and `npx sandbox` command succeeds with the documented answer", { timeout: readme.length * (COMMAND_MS + SETTLE_MS) }, async () => {
    // NO_COLOR: CI=true makes picocolors color even a pipe; the docs show plain text.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.AWS_ENDPOINT_URL;
    let ran = 0;
    for (const command of readme) {
      let text = onSandbox(command.text, sandbox);
      const word = text.split(/\s/)[0];
      if (word === "export") {
        // The docs' exports are what make the aws and sandbox commands work: apply them.
        for (const [, key, value] of text.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
        continue;
      }
      // `POOL=$(aws …)`: a shell variable the next commands use, as in the reader's terminal.
      const assignment = /^([A-Z_]+)=\$\((aws [\s\S]*)\)$/.exec(text);
      if (assignment) {
        const result = await runShell(assignment[2], workDir, env, COMMAND_MS);
        expect(result.code, `${text}\n${result.stderr}`).toBe(0);
        expect(result.stdout.trim(), text).not.toBe("");
        env[assignment[1]] = result.stdout.trim();
        ran++;
        continue;
      }
      // Installs, deployments and starts: covered by the install itself, need an AWS account, or by the test below.
      if (word === "npm" || word === "sam" || text.startsWith("npx -y pnpm") || text.startsWith("npx sandbox up")) continue;
      expect(["curl", "aws", "cat", "npx"], `unexpected command: ${text}`).toContain(word);
      // --no: never fetch the unrelated npm package named "sandbox"; the repository root has our bin.
      if (word === "npx") text = text.replace(/^npx /, "npx --no ");
      const cwd = word === "npx" ? root : workDir;
      // `sandbox time` and `sandbox traces` reach a sandbox on the default port before the docs'
      // exports; this one listens elsewhere.
      const commandEnv = word === "npx" ? { AWS_ENDPOINT_URL: sandbox.endpoint, ...env } : env;

      const deadline = Date.now() + SETTLE_MS;
      for (;;) {
        const result = await runShell(text, cwd, commandEnv, COMMAND_MS);
        expect(result.code, `${text}\n${result.stderr}`).toBe(0);
        if (word === "curl") {
          const { status, body } = curlAnswer(result.stdout);
          expect(command.status, `no "# HTTP/1.1 …" line under: ${command.text}`).toBeDefined();
          expect(status, text).toBe(command.status);
          if (command.body !== undefined) expect(JSON.parse(body), text).toEqual(JSON.parse(command.body));
          break;
        }
        // A "# {…}" line under another command is the JSON it prints (`sandbox invoke`'s answer).
        if (command.body !== undefined) {
          expect(JSON.parse(result.stdout), text).toEqual(JSON.parse(command.body));
          break;
        }
        if (command.output === undefined || result.stdout.trim() === command.output.trim()) break;
        if (!readsOnly(text) || Date.now() > deadline) {
          expect(result.stdout.trim(), text).toBe(command.output.trim());
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      ran++;
    }
    expect(ran).toBeGreaterThan(20);
  });
});

/** The sandbox answers on its edge. */
async function servesEdge({ endpoint }: SandboxUrls): Promise<void> {
  const res = await fetch(`${endpoint}/_sandbox/health`);
  expect(res.status).toBe(200);
}

/** The sandbox answers on its edge, for the stack the command names. */
function servesStack(stackName: string) {
  return async ({ endpoint }: SandboxUrls): Promise<void> => {
    const res = await fetch(`${endpoint}/_sandbox/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stackName?: string }).stackName).toBe(stackName);
  };
}

describe("docs/README.md start commands", () => {
  const starts = [...new Set(commands("docs/README.md").map((c) => c.text).filter((text) => text.startsWith("npx sandbox up")))];

  it("include starting the web-app example", () => {
    expect(starts).toContain("npx sandbox up examples/web-app");
    expect(existsSync(join(root, "node_modules", ".bin", "sandbox")), "no sandbox bin at the repository root").toBe(true);
  });

  // `npx sandbox up` alone is run in an application's directory (the docs' "next to your
  // template.yaml"); the others from the repository root, as the docs say.
  it.each(starts)("`%s` starts", async (start) => {
    const dir = /^npx sandbox up (?:-t )?(examples\/[\w-]+)/.exec(start)?.[1] ?? "examples/web-app";
    const cwd = start === "npx sandbox up" ? webApp : root;
    const stateDir = join(dataDir, `start-${starts.indexOf(start)}`);
    // Without a template there is no stack: the edge answering is the point.
    const probe = start.includes("--no-template") ? servesEdge : servesStack(basename(dir));
    await startsAndServes(start.replace(/^npx /, "npx --no "), cwd, stateDir, probe);
  });
});

it("aims the docs' URLs at the sandbox's ports in one pass (an API port beginning with 4566 stays as it is)", () => {
  const urls = { apiUrl: "http://127.0.0.1:45663", endpoint: "http://127.0.0.1:40267" };
  expect(onSandbox("curl http://127.0.0.1:3000/todos http://127.0.0.1:4566/_sandbox/health http://127.0.0.1:45660", urls)).toBe(
    "curl http://127.0.0.1:45663/todos http://127.0.0.1:40267/_sandbox/health http://127.0.0.1:45660",
  );
});
