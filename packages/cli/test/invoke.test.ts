// `sandbox invoke`: the bin run as a user runs it, on a small app written per test run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "@sam-sandbox/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const run = (args: string[], stdin?: string) => runBin(args, { stdin, env: { AWS_ENDPOINT_URL: "" } }).result();

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: echo.handler
  Fails:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: fails.handler
  Env:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: env.handler
      Environment:
        Variables:
          STAGE: prod
          TABLE_NAME: orders
`;

// Module state survives between invocations of a warm environment: it tells a running sandbox's
// environment from a fresh one.
const ECHO = `let calls = 0;
export const handler = async (event) => {
  calls++;
  console.log("echoing", JSON.stringify(event));
  console.log("two\\nlines");
  return { got: event, calls };
};
`;
const FAILS = `export const handler = async () => {
  console.error("about to fail");
  throw new TypeError("boom");
};
`;

const ENV = `export const handler = async () => ({ STAGE: process.env.STAGE, TABLE_NAME: process.env.TABLE_NAME, EXTRA: process.env.EXTRA ?? null });
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-invoke-"));
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  const src = join(dir, "src");
  mkdirSync(src);
  writeFileSync(join(src, "echo.mjs"), ECHO);
  writeFileSync(join(src, "fails.mjs"), FAILS);
  writeFileSync(join(src, "env.mjs"), ENV);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sandbox invoke (the application started for one invocation)", () => {
  it("prints the answer on stdout and the function's log lines (START … REPORT) on stderr", async () => {
    const r = await run(["invoke", "Echo", dir, "--payload", '{"name":"cli"}']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ got: { name: "cli" }, calls: 1 });
    expect(r.stderr).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
    expect(r.stderr).toMatch(/\tINFO\techoing {"name":"cli"}$/m);
    expect(r.stderr).toMatch(/\tINFO\ttwo\nlines$/m);
    expect(r.stderr).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/m);
  });

  it("reads the event from a file, or from stdin with -e -, and gives {} without one", async () => {
    const file = join(dir, "event.json");
    writeFileSync(file, '{\n  "from": "file"\n}\n');
    const fromFile = await run(["invoke", "Echo", dir, "--event", file]);
    expect(JSON.parse(fromFile.stdout)).toEqual({ got: { from: "file" }, calls: 1 });
    const fromStdin = await run(["invoke", "Echo", dir, "-e", "-"], '{"from":"stdin"}');
    expect(JSON.parse(fromStdin.stdout)).toEqual({ got: { from: "stdin" }, calls: 1 });
    const none = await run(["invoke", "Echo", "-t", join(dir, "template.yaml")]);
    expect(JSON.parse(none.stdout)).toEqual({ got: {}, calls: 1 });
  });

  it("exits 1 when the function fails, with Lambda's error document on stdout", async () => {
    const r = await run(["invoke", "Fails", dir]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ errorType: "TypeError", errorMessage: "boom" });
    expect(r.stderr).toMatch(/\tERROR\tabout to fail$/m);
    expect(r.stderr).toContain("✖ the function failed: TypeError: boom");
  });

  it("shows where an event file is not JSON, and starts nothing", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, '{\n  "a": 1,\n}\n');
    const r = await run(["invoke", "Echo", dir, "-e", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:3: The event is not valid JSON:`);
    expect(r.stderr).toContain("(line 3, column 1).");
    expect(r.stderr).not.toContain("START");
  });

  it("names the functions when the one asked for does not exist, or when none is named among several", async () => {
    const unknown = await run(["invoke", "Nope", dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has no function "Nope"');
    expect(unknown.stderr).toContain("Its functions: Echo, Fails, Env.");
    const unnamed = await run(["invoke", dir]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain("Name the function to invoke");
  });
});

describe("sandbox invoke --env-vars (SAM CLI's environment variables file)", () => {
  it("replaces the template's variables, the function's own section over Parameters, and adds none", async () => {
    const file = join(dir, "env.json");
    writeFileSync(file, JSON.stringify({ Parameters: { STAGE: "dev", TABLE_NAME: "all", EXTRA: "x" }, Env: { TABLE_NAME: "local" } }));
    const r = await run(["invoke", "Env", dir, "--env-vars", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ STAGE: "dev", TABLE_NAME: "local", EXTRA: null });
    const without = await run(["invoke", "Env", dir]);
    expect(JSON.parse(without.stdout)).toEqual({ STAGE: "prod", TABLE_NAME: "orders", EXTRA: null });
  });

  it("stops with the file's line when it is not JSON, and refuses it with --endpoint", async () => {
    const file = join(dir, "env-bad.json");
    writeFileSync(file, '{\n  "Parameters": {"STAGE": }\n}');
    const r = await run(["invoke", "Env", dir, "-n", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2: The environment variables file is not valid JSON`);
    expect(r.stderr).not.toContain("START");
    const remote = await run(["invoke", "Env", "--endpoint", "http://127.0.0.1:1", "-n", file]);
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain("--env-vars applies to an application started for this invocation");
  });
});

describe("sandbox invoke --endpoint (a running sandbox)", () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("invokes the running sandbox's function by logical id, in its warm environment, with the log tail on stderr", async () => {
    const first = await run(["invoke", "Echo", "--endpoint", sandbox.endpoint, "--payload", '{"n":1}']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ got: { n: 1 }, calls: 1 });
    expect(first.stderr).toMatch(/^END RequestId: [0-9a-f-]{36}$/m);
    const second = await run(["invoke", "Echo", "--endpoint", sandbox.endpoint, "--payload", '{"n":2}']);
    expect(JSON.parse(second.stdout)).toEqual({ got: { n: 2 }, calls: 2 });
  });

  it("says which functions the sandbox has when the name matches none", async () => {
    const r = await run(["invoke", "Nope", "--endpoint", sandbox.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no function "Nope"\.\n {2}Its functions: .*-Echo-.*, .*-Fails-/);
  });
});

describe("sandbox invoke of a nested stack's function (Child/LogicalId)", () => {
  const PARENT = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: echo.handler
  Orders:
    Type: AWS::Serverless::Application
    Properties:
      Location: ./orders/template.yaml
`;
  // The same logical id as the parent's function: only the path tells them apart.
  const CHILD = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: child.handler
`;
  let app: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), "sandbox-invoke-nested-"));
    writeFileSync(join(app, "template.yaml"), PARENT);
    mkdirSync(join(app, "src"));
    writeFileSync(join(app, "src", "echo.mjs"), ECHO);
    mkdirSync(join(app, "orders", "src"), { recursive: true });
    writeFileSync(join(app, "orders", "template.yaml"), CHILD);
    writeFileSync(join(app, "orders", "src", "child.mjs"), `export const handler = async (event) => ({ from: "orders", got: event });\n`);
    sandbox = await createSandbox({ template: app, port: 0, edgePort: 0, inMemory: true });
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(app, { recursive: true, force: true });
  });

  it("takes a lone Child/LogicalId as the function of the app in the current directory, not as a directory", async () => {
    const r = await runBin(["invoke", "Orders/Echo", "--payload", '{"n":1}'], { cwd: app, env: { AWS_ENDPOINT_URL: "" } }).result();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ from: "orders", got: { n: 1 } });
  });

  it("finds it in a running sandbox under the name CloudFormation generates for it", async () => {
    const r = await run(["invoke", "Orders/Echo", "--endpoint", sandbox.endpoint, "--payload", '{"n":2}']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ from: "orders", got: { n: 2 } });
    const parent = await run(["invoke", "Echo", "--endpoint", sandbox.endpoint, "--payload", '{"n":3}']);
    expect(JSON.parse(parent.stdout)).toMatchObject({ got: { n: 3 } });
  });
});
