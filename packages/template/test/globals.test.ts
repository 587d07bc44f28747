import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const sam = (globals: string, functionProps: string, extra = "") => `Transform: AWS::Serverless-2016-10-31
Globals:
${globals}
Resources:
  Fn:
    Type: AWS::Serverless::Function
${extra}    Properties:
      CodeUri: .
      Handler: index.handler
${functionProps}
`;

describe("Globals (merged as the SAM translator merges them)", () => {
  it("merges maps key by key, concatenates lists, lets the resource's primitives win", async () => {
    const model = await apps.load(sam(
      `  Function:
    Runtime: nodejs20.x
    Timeout: 30
    Layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:1]
    Environment:
      Variables:
        A: from-globals
        B: from-globals`,
      `      Runtime: nodejs22.x
      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:own:2]
      Environment:
        Variables:
          B: from-function
          C: from-function`,
    ));
    expect(model.functions[0]).toMatchObject({
      runtime: "nodejs22.x",
      timeoutSeconds: 30,
      layers: ["arn:aws:lambda:us-east-1:123456789012:layer:shared:1", "arn:aws:lambda:us-east-1:123456789012:layer:own:2"],
      environment: { A: "from-globals", B: "from-function", C: "from-function" },
    });
  });

  it("treats an intrinsic function as a primitive: the resource's value replaces it whole", async () => {
    const model = await apps.load(sam(
      `  Function:
    Runtime: nodejs22.x
    Environment:
      Variables: !If [Never, { A: "1" }, { A: "2" }]`,
      `      Environment:
        Variables:
          B: own`,
    ).replace("Globals:", "Conditions:\n  Never: !Equals [a, b]\nGlobals:"));
    expect(model.functions[0].environment).toEqual({ B: "own" });
  });

  it("honours IgnoreGlobals", async () => {
    const globals = "  Function:\n    Runtime: nodejs22.x\n    Timeout: 30\n    MemorySize: 512";
    const all = await apps.load(sam(globals, "      Runtime: nodejs20.x", "    IgnoreGlobals: '*'\n"));
    expect(all.functions[0]).toMatchObject({ timeoutSeconds: 3, memorySizeMb: 128 });
    const some = await apps.load(sam(globals, "", "    IgnoreGlobals: [Timeout]\n"));
    expect(some.functions[0]).toMatchObject({ timeoutSeconds: 3, memorySizeMb: 512 });
  });

  it("rejects a property SAM does not allow in Globals, with SAM's message", async () => {
    const error = await sandboxError(apps.load(sam("  Function:\n    Runtime: nodejs22.x\n    FunctionName: shared", "")));
    expect(error.message).toMatch(/^'Globals' section is invalid\. 'FunctionName' is not a supported property of 'Function'\. Must be one of the following values - \['Handler', 'Runtime', /);
    expect(error.line).toBe(5);
  });

  it("rejects an unknown Globals section", async () => {
    const error = await sandboxError(apps.load(sam("  Functions:\n    Runtime: nodejs22.x", "      Runtime: nodejs22.x")));
    expect(error.message).toBe("'Globals' section is invalid. 'Functions' is not supported. Must be one of the following values - ['Api', 'Function', 'HttpApi', 'LayerVersion', 'SimpleTable', 'StateMachine']");
  });

  it("concatenated Architectures are rejected with a hint", async () => {
    const error = await sandboxError(apps.load(sam("  Function:\n    Runtime: nodejs22.x\n    Architectures: [x86_64]", "      Architectures: [arm64]")));
    expect(error.message).toBe("Architectures of Fn must be a list of exactly one of x86_64 or arm64");
    expect(error.hint).toContain("concatenate");
  });

  it("applies Globals.HttpApi to the implicit ServerlessHttpApi", async () => {
    const model = await apps.load(sam(
      "  Function:\n    Runtime: nodejs22.x\n  HttpApi:\n    CorsConfiguration: true",
      "      Events:\n        Root:\n          Type: HttpApi",
    ));
    expect(model.apis[0]).toMatchObject({
      logicalId: "ServerlessHttpApi",
      cors: { allowOrigins: ["*"], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false },
      routes: [expect.objectContaining({ method: "ANY", path: "$default" })],
    });
  });

  it("needs the SAM transform", async () => {
    const error = await sandboxError(apps.load("Globals:\n  Function:\n    Timeout: 3\nResources:\n  T:\n    Type: AWS::SNS::Topic\n"));
    expect(error.message).toBe("Template format error: Invalid template property or properties [Globals]");
    expect(error.line).toBe(1);
  });
});
