// Code and layers given as local .zip archives: SAM's `CodeUri: app.zip` and `ContentUri:
// layer.zip`, and a Serverless Framework project packaged by the real `serverless package`
// (its template and archives in .serverless/). The bin run as a user runs it.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin, type BinRun } from "./bin.js";

const REPO = join(import.meta.dirname, "..", "..", "..");
const SERVERLESS = join(REPO, "node_modules", ".bin", "serverless");

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sandbox-zips-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeZip(file: string, files: Record<string, string>): void {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  zip.writeZip(file);
}

const appZip = (greeting: string) => ({
  // CommonJS: Node.js resolves a layer's packages (/opt/nodejs/node_modules) for require(), not for import.
  "app.js": `const { greet } = require("greet");\nexports.handler = async () => ({ text: greet(${JSON.stringify(greeting)}) });\n`,
});

const SAM_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Greeting:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: build/layer.zip
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: build/app.zip
      Handler: app.handler
      Layers: [!Ref Greeting]
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: /hello, Method: GET }
`;

async function body(url: string): Promise<unknown> {
  const res = await fetch(url);
  return res.json();
}

/** Asks until the answer is `expected` (a reload takes a few hundred milliseconds to show). */
async function eventually(url: string, expected: unknown, run: BinRun): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const got = await body(url).catch(() => undefined);
    if (JSON.stringify(got) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} never answered ${JSON.stringify(expected)}:\n${run.output()}`);
}

describe("local .zip archives of code and layers", () => {
  it("SAM CodeUri and ContentUri naming archives: unpacked under .sandbox/packages, and a new archive is picked up", { timeout: 60_000 }, async () => {
    const dir = join(root, "sam");
    mkdirSync(join(dir, "build"), { recursive: true });
    writeFileSync(join(dir, "template.yaml"), SAM_TEMPLATE);
    writeZip(join(dir, "build", "layer.zip"), { "nodejs/node_modules/greet/package.json": '{"name":"greet","main":"index.js"}', "nodejs/node_modules/greet/index.js": "exports.greet = (who) => `hello, ${who}`;\n" });
    writeZip(join(dir, "build", "app.zip"), appZip("zip"));
    const up = runBin(["up", "--port", "0", "--edge-port", "0"], { cwd: dir });
    const api = (await up.waitFor(/GET\s+(http:\/\/127\.0\.0\.1:\d+)\/hello/))?.[1];
    expect(await body(`${api}/hello`)).toEqual({ text: "hello, zip" });
    expect(existsSync(join(dir, ".sandbox", "packages", "Hello", "app.js"))).toBe(true);
    expect(existsSync(join(dir, ".sandbox", "packages", "Greeting", "nodejs", "node_modules", "greet", "index.js"))).toBe(true);

    // A rebuilt archive (as `sam build` or a zip script writes it) is unpacked again on the next invocation.
    await up.waitFor("watching 1 code directory for changes");
    writeZip(join(dir, "build", "app.zip"), appZip("new zip"));
    await eventually(`${api}/hello`, { text: "hello, new zip" }, up);
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });

  it("an archive that is not a zip: the function's error names it at start-up", { timeout: 30_000 }, async () => {
    const dir = join(root, "broken");
    mkdirSync(join(dir, "build"), { recursive: true });
    writeFileSync(join(dir, "template.yaml"), SAM_TEMPLATE.replace("      Layers: [!Ref Greeting]\n", ""));
    writeFileSync(join(dir, "build", "app.zip"), "not a zip");
    const up = runBin(["up", "--port", "0", "--edge-port", "0", "--in-memory"], { cwd: dir });
    await up.waitFor("app.zip could not be unpacked");
    expect(up.output()).toContain(join(dir, "build", "app.zip"));
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });
});

describe("a Serverless Framework project, packaged by `serverless package`", () => {
  /**
   * `serverless package` in its own environment (a home of its own, no variables other tests of
   * this process may have set). Serverless 3 once exited 1 in a full suite run without saying why
   * (only its "Environment:" footer): a failure is tried once more, and a second one shows everything it printed.
   */
  const serverlessPackage = async (cwd: string) => {
    const home = join(root, "home");
    mkdirSync(home, { recursive: true });
    const env = { PATH: process.env.PATH ?? "", HOME: home, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", SLS_DEPRECATION_DISABLE: "*" };
    for (let attempt = 1; ; attempt++) {
      try {
        return await promisify(execFile)(SERVERLESS, ["package"], { cwd, env });
      } catch (error) {
        const e = error as { message: string; stdout?: string; stderr?: string; code?: unknown; signal?: unknown };
        if (attempt === 2) throw new Error(`serverless package failed (code ${String(e.code)}, signal ${String(e.signal)}):\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
      }
    }
  };

  it("runs from .serverless/ (its template and archive): the stack as `serverless deploy` names it; a new package restarts it", { timeout: 90_000 }, async () => {
    const dir = join(root, "sls");
    cpSync(join(REPO, "bench", "fixtures", "hello-sls"), dir, { recursive: true });
    // Before packaging: what to run first.
    const unpackaged = await runBin(["up", "--port", "0", "--edge-port", "0", "--in-memory"], { cwd: dir }).result();
    expect(unpackaged.code).toBe(1);
    expect(unpackaged.stderr).toContain("serverless.yml in");
    expect(unpackaged.stderr).toContain("Run `npx serverless package` first");

    await serverlessPackage(dir);
    const up = runBin(["up", "--port", "0", "--edge-port", "0"], { cwd: dir });
    await up.waitFor("Ctrl-C to stop");
    expect(up.stdout()).toMatch(/^sandbox · hello-sls-dev \(\.serverless\/cloudformation-template-update-stack\.json\) ready in/m);
    const api = /GET\s+(http:\/\/127\.0\.0\.1:\d+)\/hello/.exec(up.stdout())?.[1];
    expect(await body(`${api}/hello`)).toEqual({ message: "hello" });

    // Changed code, packaged again: a new template (a new S3Key) and archive; the sandbox restarts on it.
    const handler = join(dir, "handler.mjs");
    writeFileSync(handler, readFileSync(handler, "utf8").replace('{"message":"hello"}', '{"message":"packaged again"}'));
    await serverlessPackage(dir);
    await up.waitFor("restarted in");
    await eventually(`${api}/hello`, { message: "packaged again" }, up);
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });
});
