// Runs the commands of README.md and README.ja.md against a real sandbox, so the docs
// never drift from what the example does. Each ```sh block is split into commands; a
// comment "# HTTP/1.1 NNN …" under a curl command is the status it must answer, and a
// following "# {…}" line without "…" is the exact body.
import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(exampleDir, "..", "..");
const READMES = ["README.md", "README.ja.md"];
const DOC_API = "http://127.0.0.1:3000";
const DOC_EDGE = "http://127.0.0.1:4566";

interface DocCommand {
  text: string;
  status?: number;
  body?: string;
}

/** The commands of every ```sh block, continuation lines and quoted newlines joined. */
function shCommands(markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let current = "";
    for (const line of block[1].split("\n")) {
      if (current !== "") {
        current += `\n${line}`;
      } else if (line.startsWith("#")) {
        const last = commands.at(-1);
        const status = /^# HTTP\/1\.1 (\d{3})\b/.exec(line);
        if (last && status) last.status = Number(status[1]);
        else if (last && line.startsWith("# {") && !line.includes("…")) last.body = line.slice(2);
        continue;
      } else if (line.trim() === "") {
        continue;
      } else {
        current = line;
      }
      const quotes = (current.match(/'/g) ?? []).length;
      if (current.endsWith("\\") || quotes % 2 === 1) continue;
      commands.push({ text: current });
      current = "";
    }
    if (current !== "") commands.push({ text: current });
  }
  return commands;
}

function has(tool: string): boolean {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function run(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", command], { cwd: exampleDir, env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

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
    it(`${file}: every curl, aws and node command succeeds with the documented answer`, async () => {
      if (!hasAws) console.warn(`aws CLI not found: skipping the aws commands of ${file}`);
      const env: NodeJS.ProcessEnv = { ...process.env };
      let ran = 0;
      for (const command of shCommands(readFileSync(join(exampleDir, file), "utf8"))) {
        const text = command.text.replaceAll(DOC_API, sandbox.apiUrl).replaceAll(DOC_EDGE, sandbox.endpoint);
        const word = text.split(/\s/)[0];
        if (word === "export") {
          // The README's exports are what make the aws and node commands work: apply them.
          for (const [, key, value] of text.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
          continue;
        }
        // Values the reader pastes by hand; the test sets them from earlier answers.
        if (/^(ID|NEXT)=/.test(text)) continue;
        // Covered by the "starts" tests below, by the install itself, or needs an AWS account.
        if (word === "npx" || word === "cd" || word === "sam") continue;
        expect(["curl", "aws", "node"], `unexpected command in ${file}: ${text}`).toContain(word);
        if (word === "aws" && !hasAws) continue;

        const result = await run(text, env);
        expect(result.code, `${text}\n${result.stderr}`).toBe(0);
        ran++;
        if (word !== "curl") continue;
        const [head, body = ""] = result.stdout.split(/\r?\n\r?\n/, 2);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
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

/** Starts a documented `npx sandbox up …` command on free ports and waits for its first 200. */
async function startsAndServes(command: string, cwd: string, stateDir: string): Promise<void> {
  // Its own process group, stopped with SIGINT to the group as Ctrl-C in a terminal does
  // (npx itself ignores a SIGINT sent to it alone).
  const child = spawn("bash", ["-c", `exec ${command} --port 0 --edge-port 0 --data-dir ${stateDir} --log-format json`], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const apiUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        for (const line of out.split("\n").slice(0, -1)) {
          if (!line.startsWith("{")) continue;
          const event = JSON.parse(line) as { type?: string; apiUrl?: string };
          if (event.type === "ready" && event.apiUrl) resolve(event.apiUrl);
        }
      });
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      void exited.then((code) => reject(new Error(`${command} exited with ${code}\n${out}\n${err}`)));
    });
    const res = await fetch(`${apiUrl}/todos`);
    expect(res.status).toBe(200);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      process.kill(-child.pid, "SIGINT");
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

describe("README start commands", () => {
  const readme = readFileSync(join(exampleDir, "README.md"), "utf8");
  const commands = shCommands(readme).map((c) => c.text);

  it("`npx sandbox up examples/web-app` starts the example from the repository root", async () => {
    expect(commands).toContain("npx sandbox up examples/web-app");
    expect(existsSync(join(repoRoot, "node_modules", ".bin", "sandbox")), "no sandbox bin at the repository root").toBe(true);
    // --no: never fetch the unrelated npm package named "sandbox".
    await startsAndServes("npx --no sandbox up examples/web-app", repoRoot, join(dataDir, "root"));
  });

  it("`npx sandbox up` starts it from the example's directory", async () => {
    expect(commands).toContain("npx sandbox up");
    await startsAndServes("npx --no sandbox up", exampleDir, join(dataDir, "example"));
  });
});
