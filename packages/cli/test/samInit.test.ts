// What `sam init`'s quick-start apps do, and what their READMEs tell a user to type, through the
// bin: `--no-event`, a container image function, a durable function, an AppSync GraphQL API, and
// SAM CLI's command names. Small fixtures of each construct, written per test run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const run = (args: string[]) => runBin(args, { env: { AWS_ENDPOINT_URL: "" } }).result();

const HEADER = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
`;

// scratch: one function invoked with `--no-event`.
const SCRATCH = `${HEADER}  helloFromLambdaFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: src/hello.handler
`;

// hello-img: the function is a Dockerfile's image, behind an API.
const IMAGE = `${HEADER}  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      Events:
        HelloWorld:
          Type: Api
          Properties:
            Path: /hello
            Method: get
    Metadata:
      DockerTag: nodejs22.x-v1
      DockerContext: ./hello-world
      Dockerfile: Dockerfile
`;

// hello-durable: a function with DurableConfig.
const DURABLE = `${HEADER}  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: src/hello.handler
      AutoPublishAlias: Live
      DurableConfig:
        ExecutionTimeout: 900
        RetentionPeriodInDays: 7
`;

// hello-gql: an AppSync API whose API key an output reads, with a Lambda data source.
const GRAPHQL = `${HEADER}  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: src/hello.handler
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaInline: "type Query { hello: String }"
      Auth:
        Type: API_KEY
      ApiKeys:
        Key:
          Description: a key
      DataSources:
        Lambda:
          Greeter:
            FunctionArn: !GetAtt Greeter.Arn
Outputs:
  Url:
    Value: !GetAtt Api.GraphQLUrl
  ApiKey:
    Value: !GetAtt ApiKey.ApiKey
`;

const HELLO = `export const handler = async (event) => ({ message: "Hello from Lambda!", event });
`;

let root: string;
const app = (name: string, template: string): string => {
  const dir = join(root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "template.yaml"), template);
  writeFileSync(join(dir, "src", "hello.mjs"), HELLO);
  return dir;
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sandbox-sam-init-"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("sandbox invoke --no-event (sam init scratch's README)", () => {
  it("invokes with the empty event, as `sam local invoke --no-event`", async () => {
    const dir = app("scratch", SCRATCH);
    const r = await run(["invoke", "helloFromLambdaFunction", dir, "--no-event"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ message: "Hello from Lambda!", event: {} });
  });

  it("refuses --no-event with --payload", async () => {
    const dir = app("scratch-payload", SCRATCH);
    const r = await run(["invoke", "helloFromLambdaFunction", dir, "--no-event", "--payload", "{}"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Give the event either with --no-event or with --payload, not both.");
  });
});

describe("a container image function (sam init hello-img)", () => {
  const WARNING =
    "AWS::Serverless::Function HelloWorldFunction is a container image function (PackageType: Image), which needs Docker: the sandbox does not run it; skipped.";

  it("is named with the reason when invoked, by name or as the template's one function", async () => {
    const dir = app("img", IMAGE);
    const named = await run(["invoke", "HelloWorldFunction", dir]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain(`✖ HelloWorldFunction cannot be invoked: ${WARNING}`);
    expect(named.stderr).toContain("To run it here, make it a .zip function: CodeUri");
    expect(named.stderr).not.toContain("defines no function");
    const unnamed = await run(["invoke", dir]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain(`✖ HelloWorldFunction cannot be invoked: ${WARNING}`);
  });

  it("is a warning for validate, which still passes", async () => {
    const r = await run(["validate", app("img-validate", IMAGE)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain(`⚠ ${WARNING}`);
  });
});

describe("a durable function (sam init hello-durable)", () => {
  it("warns that DurableConfig is not emulated, and runs the function as an ordinary one", async () => {
    const dir = app("durable", DURABLE);
    const validate = await run(["validate", dir]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout + validate.stderr).toContain(
      '⚠ HelloWorldFunction: DurableConfig (a durable function) is not emulated; the function runs as an ordinary one, so a handler wrapped in withDurableExecution() fails with "Unexpected payload provided to start the durable execution".',
    );
    const invoke = await run(["invoke", "HelloWorldFunction", dir, "--payload", '{"a":1}']);
    expect(invoke.code, invoke.stderr).toBe(0);
    expect(JSON.parse(invoke.stdout)).toEqual({ message: "Hello from Lambda!", event: { a: 1 } });
    expect(invoke.stderr).toContain("DurableConfig (a durable function) is not emulated");
  });
});

describe("an AppSync GraphQL API (sam init hello-gql)", () => {
  it("is skipped with one warning, its API key's outputs resolve, and its Lambda data source runs", async () => {
    const dir = app("gql", GRAPHQL);
    const validate = await run(["validate", dir]);
    expect(validate.code, validate.stderr).toBe(0);
    const out = validate.stdout + validate.stderr;
    expect(out).toContain("⚠ AWS::Serverless::GraphQLApi Api is an AppSync GraphQL API, which the sandbox does not emulate yet; skipped:");
    // One warning: the API key SAM generates for it is skipped with it.
    expect(out.match(/^⚠/gm)).toHaveLength(1);
    const invoke = await run(["invoke", "Greeter", dir, "--payload", '{"info":{"fieldName":"hello"}}']);
    expect(invoke.code, invoke.stderr).toBe(0);
    expect(JSON.parse(invoke.stdout)).toEqual({ message: "Hello from Lambda!", event: { info: { fieldName: "hello" } } });
  });
});

// web-conn: functions reach the table through SAM connectors.
const CONNECTOR = `${HEADER}  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: src/hello.handler
  ReaderToTable:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
        Id: Reader
      Destination:
        Id: Table
      Permissions:
        - Read
  Table:
    Type: AWS::Serverless::SimpleTable
`;

describe("SAM connectors (sam init web-conn)", () => {
  it("are accepted silently: they only grant permissions", async () => {
    const r = await run(["validate", app("conn", CONNECTOR)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("1 AWS::Serverless::Connector");
    expect(r.stdout + r.stderr).not.toContain("⚠");
  });
});

describe("SAM CLI's command names", () => {
  it("answers `sandbox local invoke`, `sandbox start-api` and `sandbox start-lambda` with the command that does it", async () => {
    const invoke = await run(["local", "invoke", "HelloWorldFunction"]);
    expect(invoke.code).toBe(1);
    expect(invoke.stderr).toContain("error: sandbox has no `local invoke` command: `sandbox invoke <Function> -e events/event.json` runs one function");
    const startApi = await run(["local", "start-api"]);
    expect(startApi.stderr).toContain("error: sandbox has no `local start-api` command: `sandbox up` serves the template's APIs");
    const startLambda = await run(["start-lambda"]);
    expect(startLambda.stderr).toContain("error: sandbox has no `start-lambda` command: `sandbox up` serves the Lambda API on its AWS endpoint");
    const other = await run(["frobnicate"]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("error: unknown command 'frobnicate'");
  });

  it("lists them in --help, and `up --help` says it does start-api and start-lambda", async () => {
    const help = await run(["--help"]);
    expect(help.stdout).toContain("sam local start-lambda     → sandbox up (the Lambda API on the AWS endpoint, --edge-port)");
    expect(help.stdout).toContain("Step Functions Local       → sandbox up --mock-config MockConfigFile.json (or SFN_MOCK_CONFIG)");
    const up = await run(["up", "--help"]);
    expect(up.stdout).toContain("`sam local start-lambda` (the");
    const invoke = await run(["invoke", "--help"]);
    expect(invoke.stdout).toContain("--no-event");
  });
});
