// SAM CLI's samconfig.toml / samconfig.yaml read by `sandbox up`, `invoke` and `validate`: the
// bin run as a user runs it, on a small app written per test run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseParameterOverrides } from "../src/parameterOverrides.js";
import { runBin } from "./bin.js";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: prod
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: app.handler
      Environment:
        Variables:
          STAGE: !Ref Stage
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /stage
            Method: GET
`;

const HANDLER = `export const handler = async () => ({ stage: process.env.STAGE, region: process.env.AWS_REGION });
`;

// As \`sam deploy --guided\` writes it: values quoted inside the string.
const SAMCONFIG_TOML = `version = 0.1

[default.global.parameters]
stack_name = "hello"
region = "eu-west-1"

[default.local_start_api.parameters]
parameter_overrides = "Stage=\\"dev stage\\""
port = 65000
warm_containers = "EAGER"

[default.local_start_lambda.parameters]
port = 0

[default.local_invoke.parameters]
parameter_overrides = ["Stage=invoked"]

[dev.local_start_api.parameters]
parameter_overrides = "ParameterKey=Stage,ParameterValue=development"
`;

let root: string;
/** The app with samconfig.toml. */
let app: string;

/** A copy of the app with its own configuration file(s). */
function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  writeFileSync(join(dir, "src", "app.mjs"), HANDLER);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sandbox-samconfig-"));
  app = project("app", { "samconfig.toml": SAMCONFIG_TOML });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const bin = (args: string[], cwd?: string) => runBin(args, { cwd, env: { AWS_ENDPOINT_URL: "" } });

/** Starts `sandbox up`, answers GET /stage and the printed output, and stops it. */
async function upAndGet(args: string[], cwd?: string): Promise<{ body: unknown; output: string; apiPort: number }> {
  const r = bin(["up", ...args, "--in-memory", "--no-watch"], cwd);
  await r.waitFor("Ctrl-C to stop");
  const url = /GET\s+(http:\/\/127\.0\.0\.1:(\d+))\/stage/.exec(r.stdout());
  expect(url, r.output()).not.toBeNull();
  const res = await fetch(`${url?.[1]}/stage`);
  const body: unknown = await res.json();
  r.child.kill("SIGINT");
  expect(await r.exited).toBe(0);
  return { body, output: r.output(), apiPort: Number(url?.[2]) };
}

describe("sandbox up reads samconfig.toml", () => {
  it("takes parameter_overrides and region of [default.local_start_api] over [default.global], found in the current directory", async () => {
    const { body, output, apiPort } = await upAndGet(["--port", "0", "--edge-port", "0", "--verbose"], app);
    expect(body).toEqual({ stage: "dev stage", region: "eu-west-1" });
    expect(output).toMatch(/^using samconfig\.toml \[default\]: parameter_overrides, region\n {2}not used by the sandbox: warm_containers, stack_name$/m);
    // --port 0 on the command line wins over the file's port.
    expect(apiPort).not.toBe(65000);
  });

  it("serves the edge on local_start_lambda's port when --edge-port is not given, beside the template named by [dir]", async () => {
    const { output } = await upAndGet(["--port", "0", app], root);
    const endpoint = /^AWS endpoint http:\/\/127\.0\.0\.1:(\d+)/m.exec(output);
    expect(endpoint, output).not.toBeNull();
    expect(Number(endpoint?.[1])).not.toBe(4566);
    expect(output).toMatch(/^using app\/samconfig\.toml \[default\]: parameter_overrides, region, port$/m);
  });

  it("reads another environment with --config-env, and lets --parameter-overrides replace the file's", async () => {
    const dev = await upAndGet(["--port", "0", "--edge-port", "0", "--config-env", "dev"], app);
    // [dev] has no global section: the region is the default one.
    expect(dev.body).toEqual({ stage: "development", region: "us-east-1" });
    expect(dev.output).toMatch(/^using samconfig\.toml \[dev\]: parameter_overrides$/m);
    const cli = await upAndGet(["--port", "0", "--edge-port", "0", "--parameter-overrides", "Stage=cli", "--region", "ap-northeast-1"], app);
    expect(cli.body).toEqual({ stage: "cli", region: "ap-northeast-1" });
  });

  it("logs a samconfig event with --log-format json", async () => {
    const json = bin(["up", "--port", "0", "--edge-port", "0", "--in-memory", "--no-watch", "--log-format", "json"], app);
    await json.waitFor('"type":"ready"');
    const event = JSON.parse(json.stdout().split("\n")[0]) as Record<string, unknown>;
    expect(event).toMatchObject({ type: "samconfig", file: "samconfig.toml", env: "default", applied: ["parameter_overrides", "region"] });
    expect(event.ignored).toEqual(expect.arrayContaining(["warm_containers", "stack_name"]));
    json.child.kill("SIGINT");
    expect(await json.exited).toBe(0);
  });
});

describe("sandbox invoke and validate read samconfig", () => {
  it("invoke takes [default.local_invoke] (a list of overrides) and the global region, its line on stderr", async () => {
    const r = await bin(["invoke", "Hello"], app).result();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ stage: "invoked", region: "eu-west-1" });
    expect(r.stderr).toMatch(/^using samconfig\.toml \[default\]: parameter_overrides, region$/m);
  });

  it("--parameter-overrides reads SAM CLI's grammar: quoted values, escaped spaces, the ParameterKey= form", async () => {
    for (const [flag, stage] of [
      ['Stage="two words"', "two words"],
      ["Stage=two\\ words", "two words"],
      ["ParameterKey=Stage,ParameterValue='quoted, with a comma'", "quoted, with a comma"],
    ]) {
      const r = await bin(["invoke", "Hello", "--parameter-overrides", flag], app).result();
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ stage });
    }
    const bad = await bin(["invoke", "Hello", "--parameter-overrides", "Stage"], app).result();
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("Stage is not in valid format. It must look something like 'ParameterKey=KeyPairName,ParameterValue=MyKey");
  });

  it("reads samconfig.yaml, and --config-file names another file relative to the project", async () => {
    const dir = project("yaml", {
      "samconfig.yaml": 'version: 0.1\ndefault:\n  local_invoke:\n    parameters:\n      parameter_overrides: Stage=from-yaml\n      region: sa-east-1\n',
      "other.toml": 'version = 0.1\n[default.local_invoke.parameters]\nparameter_overrides = "Stage=other"\n',
    });
    const yaml = await bin(["invoke", "Hello", dir]).result();
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(JSON.parse(yaml.stdout)).toEqual({ stage: "from-yaml", region: "sa-east-1" });
    // samconfig.toml comes before samconfig.yaml, as in SAM, which says so.
    writeFileSync(join(dir, "samconfig.toml"), 'version = 0.1\n[default.local_invoke.parameters]\nparameter_overrides = "Stage=from-toml"\n');
    const both = await bin(["invoke", "Hello", dir]).result();
    expect(JSON.parse(both.stdout)).toEqual({ stage: "from-toml", region: "us-east-1" });
    expect(both.stderr).toContain("More than one samconfig file found; using samconfig.toml.");
    rmSync(join(dir, "samconfig.toml"));
    const other = await bin(["invoke", "Hello", dir, "--config-file", "other.toml"]).result();
    expect(JSON.parse(other.stdout)).toEqual({ stage: "other", region: "us-east-1" });
    const missing = await bin(["invoke", "Hello", dir, "--config-file", "nope.toml"]).result();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("✖ Config file nope.toml does not exist or could not be read!");
  });

  it("validate takes the template_file of [default.validate], relative to the project", async () => {
    const dir = project("validate", { "samconfig.toml": 'version = 0.1\n[default.validate.parameters]\ntemplate_file = "other.yaml"\n' });
    writeFileSync(join(dir, "other.yaml"), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    const r = await bin(["validate", dir]).result();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/using .*validate\/samconfig\.toml \[default\]: template_file\n✔ .*validate\/other\.yaml is a valid template: 1 resource$/m);
    // An environment the file does not have is said, and nothing is read (sam reads nothing, silently).
    const none = await bin(["validate", dir, "--config-env", "staging"]).result();
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^⚠ .*validate\/samconfig\.toml has no \[staging\] environment \(it has \[default\]\): nothing read from it\n✔ .*validate\/template\.yaml is a valid template: 2 resources$/m);
  });
});

describe("a samconfig file that cannot be read", () => {
  it("stops with the file, the line and what is wrong, without a stack trace", async () => {
    const dir = project("broken", { "samconfig.toml": 'version = 0.1\n[default.local_invoke.parameters]\nregion = "eu-west-1\n' });
    const r = await bin(["invoke", "Hello", dir]).result();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`✖ ${relative(process.cwd(), join(dir, "samconfig.toml"))}:3: Error reading configuration: control characters are not allowed in strings (line 3, column`);
    expect(r.stderr).toMatch(/\(line 3, column \d+\)\.\n {2}Fix the file, or name another one with --config-file\./);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.stderr).not.toContain("START");
  });

  it("stops at a YAML mistake with its line, and at a file without its version as sam does", async () => {
    const yaml = project("broken-yaml", { "samconfig.yaml": "version: 0.1\ndefault:\n  validate:\n    parameters: [\n  region: x\n" });
    const bad = await bin(["validate", yaml]).result();
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/samconfig\.yaml:5: Error reading configuration: .*\(line 5, column \d+\)\./);
    const unversioned = project("unversioned", { "samconfig.toml": '[default.validate.parameters]\nregion = "eu-west-1"\n' });
    const r = await bin(["validate", unversioned]).result();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("samconfig.toml: Error reading configuration: 'version' key is not present or is in unrecognized format.");
  });

  it("names the key and section of a value of the wrong type", async () => {
    const dir = project("bad-port", { "samconfig.toml": 'version = 0.1\n[default.local_start_api.parameters]\nport = "http"\n' });
    const r = await bin(["up", dir, "--edge-port", "0", "--in-memory"]).result();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('port in [default.local_start_api.parameters] must be a port number from 0 to 65535, got "http".');
  });
});

describe("parameter_overrides as SAM CLI reads it", () => {
  it("reads Key=Value pairs, quoted values, ParameterKey/ParameterValue pairs and lists", () => {
    expect(parseParameterOverrides('Stage="dev stage" Table=todos Name=a\\ b')).toEqual({ Stage: "dev stage", Table: "todos", Name: "a b" });
    expect(parseParameterOverrides("ParameterKey=Stage,ParameterValue=prod ParameterKey=Size,ParameterValue=3")).toEqual({ Stage: "prod", Size: "3" });
    expect(parseParameterOverrides(["Stage=dev", "Table='my table'"])).toEqual({ Stage: "dev", Table: "my table" });
  });

  it("rejects a string without Key=Value with SAM's message", () => {
    expect(() => parseParameterOverrides("Stage")).toThrow(
      " Stage is not in valid format. It must look something like 'ParameterKey=KeyPairName,ParameterValue=MyKey ParameterKey=InstanceType,ParameterValue=t1.micro' or 'KeyPairName=MyKey InstanceType=t1.micro'",
    );
  });
});
