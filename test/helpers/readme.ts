// Shared by the examples' docs tests, which run the commands of each README.md and
// README.ja.md against a real sandbox so the docs never drift from what the example does.
// Each ```sh block is split into commands; a comment "# HTTP/1.1 NNN …" under a curl command
// is the status it must answer, and a following "# {…}" line without "…" is the exact body;
// with "…", its top-level fields whose values are written out in full must be in the body.
// Other comment lines under a command are the output it prints (`output`).
import { execFile, execFileSync, spawn } from "node:child_process";
import { dirname } from "node:path";
import { expect } from "vitest";

export interface DocCommand {
  text: string;
  status?: number;
  body?: string;
  /** The fully written top-level fields of an elided ("…") body line. */
  fields?: Record<string, unknown>;
  /** The comment lines under the command that are neither a status nor a body: what it prints. */
  output?: string;
}

/** The commands of every ```sh block, continuation lines and quoted newlines joined. */
export function shCommands(markdown: string): DocCommand[] {
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
        else if (last && line.startsWith("# {")) last.fields = writtenFields(line.slice(2));
        else if (last) last.output = last.output === undefined ? line.replace(/^# ?/, "") : `${last.output}\n${line.replace(/^# ?/, "")}`;
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

/**
 * `{"id":"3f2c…","status":"PLACED","items":[…],"total":8690,…}` → {status: "PLACED", total: 8690}:
 * the top-level string, number, boolean and null fields whose value has no "…".
 */
export function writtenFields(line: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  let depth = 0;
  let inString = false;
  let start = -1;
  const flush = (end: number) => {
    const m = /^\s*"([^"]+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)\s*$/.exec(line.slice(start, end));
    if (m && !m[2].includes("…")) fields[m[1]] = JSON.parse(m[2]) as unknown;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") {
      if (depth++ === 0) start = i + 1;
    } else if (ch === "}" || ch === "]") {
      if (--depth === 0) flush(i);
    } else if (ch === "," && depth === 1) {
      flush(i);
      start = i + 1;
    }
  }
  return fields;
}

/** True when `tool --version` runs. */
export function has(tool: string): boolean {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one documented command with bash in `cwd`. */
export function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ShellResult> {
  const direct = awsBinDir();
  const shellEnv = direct === undefined ? env : { ...env, PATH: `${direct}:${env.PATH ?? ""}` };
  return new Promise((resolve) => {
    execFile("bash", ["-c", command], { cwd, env: shellEnv, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let awsDir: string | null | undefined;

/**
 * Where pyenv's `aws` shim leads, when `aws` is one: the shim re-resolves the interpreter in bash
 * on every call (~0.6 s a command on a slow machine, for some 200 documented aws commands); the
 * commands run the same awscli, found directly.
 */
function awsBinDir(): string | undefined {
  if (awsDir === undefined) {
    awsDir = null;
    try {
      const shim = execFileSync("bash", ["-c", "command -v aws"], { encoding: "utf8" }).trim();
      if (shim.includes("/shims/")) awsDir = dirname(execFileSync("pyenv", ["which", "aws"], { encoding: "utf8" }).trim());
    } catch {
      // No aws, or no pyenv: the commands find aws on PATH themselves.
    }
  }
  return awsDir ?? undefined;
}

/** A curl -i answer: status and body. */
export function curlAnswer(stdout: string): { status: number; body: string } {
  const [head, body = ""] = stdout.split(/\r?\n\r?\n/, 2);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body };
}

/** A documented output line as a pattern: "…" stands for any text. */
const linePattern = (line: string) => new RegExp(`^${line.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

/** The documented lines (a command's `output`) appear in what it printed, in order; lines in between (progress) are skipped. */
export function expectLines(stdout: string, documented: string, command: string): void {
  const printed = stdout.split(/\r?\n|\r/).map((line) => line.trimEnd());
  let at = 0;
  for (const line of documented.split("\n")) {
    const pattern = linePattern(line.trimEnd());
    while (at < printed.length && !pattern.test(printed[at])) at++;
    expect(at, `${command}\nprinted:\n${stdout}\nmissing: ${line}`).toBeLessThan(printed.length);
    at++;
  }
}

export interface SandboxUrls {
  apiUrl: string;
  endpoint: string;
}

/**
 * A documented command aimed at a sandbox on other ports: the docs' API URL (port 3000) and edge
 * URL (port 4566) replaced in one pass, so an API port that begins with 4566 is not rewritten again.
 */
export function onSandbox(text: string, { apiUrl, endpoint }: SandboxUrls): string {
  return text.replace(/http:\/\/127\.0\.0\.1:(3000|4566)(?!\d)/g, (_, port: string) => (port === "3000" ? apiUrl : endpoint));
}

/**
 * Starts a documented `npx sandbox up …` command on free ports, waits for its ready line, runs
 * `probe` against its API and AWS endpoint URLs, then stops it.
 */
export async function startsAndServes(
  command: string,
  cwd: string,
  stateDir: string,
  probe: (urls: SandboxUrls) => Promise<void>,
): Promise<void> {
  // Its own process group, stopped with SIGINT to the group as Ctrl-C in a terminal does
  // (npx itself ignores a SIGINT sent to it alone).
  const child = spawn("bash", ["-c", `exec ${command} --port 0 --edge-port 0 --data-dir ${stateDir} --log-format json`], {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const urls = await new Promise<SandboxUrls>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        for (const line of out.split("\n").slice(0, -1)) {
          if (!line.startsWith("{")) continue;
          const event = JSON.parse(line) as { type?: string; apiUrl?: string; endpoint?: string };
          if (event.type === "ready" && event.apiUrl && event.endpoint) resolve({ apiUrl: event.apiUrl, endpoint: event.endpoint });
        }
      });
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      void exited.then((code) => reject(new Error(`${command} exited with ${code}\n${out}\n${err}`)));
    });
    await probe(urls);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      process.kill(-child.pid, "SIGINT");
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}
