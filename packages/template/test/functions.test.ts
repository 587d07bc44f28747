import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const fn = (props: string, type = "AWS::Serverless::Function", extra = "") => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: ${type}
${extra}    Properties:
${props}
`;
const node = "      Handler: index.handler\n      Runtime: nodejs22.x\n";

describe("the tags a function carries", () => {
  it("SAM's lambda:createdBy first, the user's Tags (Globals too), then CloudFormation's stack tags", async () => {
    const model = await apps.load(fn(`${node}      Tags: { team: blue }`).replace("Resources:", "Globals:\n  Function:\n    Tags: { stage: dev }\nResources:"));
    const tags = model.functions[0].tags;
    expect(tags).toEqual({
      "lambda:createdBy": "SAM",
      stage: "dev",
      team: "blue",
      "aws:cloudformation:stack-name": model.stackName,
      "aws:cloudformation:logical-id": "Fn",
      "aws:cloudformation:stack-id": model.stackId,
    });
    expect(Object.keys(tags)[0]).toBe("lambda:createdBy");
  });

  it("an AWS::Lambda::Function: its Tags list and CloudFormation's, no SAM tag", async () => {
    const model = await apps.load(fn(`${node}      Code: { ZipFile: \"exports.handler = async () => 1;\" }\n      Role: arn:aws:iam::000000000000:role/r\n      Tags: [{ Key: team, Value: blue }]`, "AWS::Lambda::Function"));
    expect(model.functions[0].tags).toEqual({
      team: "blue",
      "aws:cloudformation:stack-name": model.stackName,
      "aws:cloudformation:logical-id": "Fn",
      "aws:cloudformation:stack-id": model.stackId,
    });
  });

  it("refuses a SAM function's own lambda:createdBy tag, as SAM's transform does", async () => {
    const error = await sandboxError(apps.load(fn(`${node}      Tags: { "lambda:createdBy": me }`)));
    expect(error.message).toBe("Resource with id [Fn] is invalid. lambda:createdBy is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input.");
  });
});

describe("AWS::Serverless::Function", () => {
  it("uses Lambda's defaults and the template directory when CodeUri is absent", async () => {
    const model = await apps.load(fn(node));
    expect(model.functions[0]).toMatchObject({
      timeoutSeconds: 3,
      memorySizeMb: 128,
      architectures: ["x86_64"],
      layers: [],
      environment: {},
      codeDir: model.dir,
    });
    expect(model.functions[0].tracing).toBeUndefined();
  });

  it("rejects CodeUri in S3, and a CodeUri directory that does not exist", async () => {
    let error = await sandboxError(apps.load(fn(`${node}      CodeUri: s3://bucket/code.zip`)));
    expect(error.message).toBe("CodeUri s3://bucket/code.zip of Fn is an S3 location; the sandbox runs code from local directories");
    expect(error.line).toBe(8);
    error = await sandboxError(apps.load(fn(`${node}      CodeUri: { Bucket: b, Key: k }`)));
    expect(error.message).toBe("CodeUri of Fn points to an S3 object; the sandbox runs code from local directories");
    error = await sandboxError(apps.load(fn(`${node}      CodeUri: src/missing`)));
    expect(error.message).toMatch(/^CodeUri src\/missing of Fn does not exist/);
  });

  it("checks Timeout and MemorySize as Lambda does", async () => {
    let error = await sandboxError(apps.load(fn(`${node}      Timeout: 901`)));
    expect(error.message).toBe("1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900");
    expect(error.line).toBe(8);
    error = await sandboxError(apps.load(fn(`${node}      MemorySize: 64`)));
    expect(error.message).toBe("1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
    const model = await apps.load(fn(`${node}      Timeout: "60"`));
    expect(model.functions[0].timeoutSeconds).toBe(60);
  });

  it("rejects reserved environment variables and non-string values", async () => {
    let error = await sandboxError(apps.load(fn(`${node}      Environment:\n        Variables:\n          AWS_REGION: eu-west-1`)));
    expect(error.message).toMatch(/contains reserved keys that are currently not supported for modification\. Reserved keys used in this request: AWS_REGION$/);
    expect(error.line).toBe(10);
    error = await sandboxError(apps.load(fn(`${node}      Environment:\n        Variables:\n          LIST: [a, b]`)));
    expect(error.message).toBe("Environment variable LIST of Fn must resolve to a string");
  });

  it("rejects an invalid FunctionName", async () => {
    const error = await sandboxError(apps.load(fn(`${node}      FunctionName: "my function"`)));
    expect(error.message).toBe("FunctionName 'my function' of Fn is not a valid Lambda function name");
  });

  it("skips container image functions with a warning", async () => {
    const model = await apps.load(fn("      PackageType: Image\n      ImageUri: 123.dkr.ecr.us-east-1.amazonaws.com/app:latest", undefined));
    expect(model.functions).toEqual([]);
    expect(model.warnings).toContain(
      "AWS::Serverless::Function Fn is a container image function (PackageType: Image), which needs Docker: the sandbox does not run it; skipped. " +
        "To run it here, make it a .zip function: CodeUri (the directory its Dockerfile copies), Handler (the Dockerfile's CMD, e.g. app.lambdaHandler) and Runtime instead of PackageType and ImageUri",
    );
  });

  it("warns that runtimes other than Node.js, Python and provided are not run yet", async () => {
    const model = await apps.load(fn("      Handler: app.Handler::handleRequest\n      Runtime: java21"));
    expect(model.functions[0].runtime).toBe("java21");
    expect(model.warnings).toContain("Runtime java21 (Fn) is not run by the sandbox yet; invoking Fn will fail");
    const python = await apps.load(fn("      Handler: app.handler\n      Runtime: python3.12"));
    expect(python.warnings.filter((w) => w.startsWith("Runtime"))).toEqual([]);
  });

  it("keeps the function's Role reference and its implicit role", async () => {
    const model = await apps.load(fn(node) + "Outputs:\n  Role: { Value: !Ref FnRole }\n");
    expect(model.outputs.Role.value).toMatch(/^app-FnRole-[A-Z0-9]{12}$/);
    expect(model.resources.FnRole).toBeUndefined();
  });

  it("resolves SAM's Fn.Alias and Fn.Version references", async () => {
    const model = await apps.load(fn(`${node}      AutoPublishAlias: live`) + "Outputs:\n  Alias: { Value: !Ref Fn.Alias }\n  Version: { Value: !Ref Fn.Version }\n");
    expect(model.outputs.Alias.value).toBe(`${model.functions[0].arn}:live`);
    expect(model.outputs.Version.value).toBe(`${model.functions[0].arn}:1`);
  });
});

describe("AWS::Lambda::Function", () => {
  it("writes Code.ZipFile to index.js for Node.js and index.py for Python", async () => {
    const model = await apps.load(`Resources:
  NodeFn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::000000000000:role/r
      Code:
        ZipFile: |
          exports.handler = async () => "hi";
  PyFn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: arn:aws:iam::000000000000:role/r
      TracingConfig: { Mode: PassThrough }
      Code:
        ZipFile: "def handler(event, context):\\n    return 'hi'\\n"
`);
    const [nodeFn, pyFn] = model.functions;
    expect(nodeFn.codeDir).toBe(join(model.dir, ".sandbox", "inline", "NodeFn"));
    expect(readFileSync(join(nodeFn.codeDir, "index.js"), "utf8")).toBe('exports.handler = async () => "hi";\n');
    expect(existsSync(join(pyFn.codeDir, "index.py"))).toBe(true);
    expect(pyFn.tracing).toBe("PassThrough");
  });

  it("rejects code that is only in S3", async () => {
    const error = await sandboxError(apps.load(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::000000000000:role/r
      Code: { S3Bucket: my-bucket, S3Key: code.zip }
`));
    expect(error.message).toBe("Code of Fn is in S3 (my-bucket/code.zip); the sandbox runs code from local files");
    expect(error.line).toBe(8);
  });

  it("needs Handler and Runtime", async () => {
    const error = await sandboxError(apps.load("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: { ZipFile: x }\n"));
    expect(error.message).toBe("AWS::Lambda::Function Fn needs Handler and Runtime when PackageType is Zip");
    expect(error.line).toBe(2);
  });
});
