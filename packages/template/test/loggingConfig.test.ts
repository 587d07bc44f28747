import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const template = (type: string, props: string, globals = "") => `Transform: AWS::Serverless-2016-10-31
${globals}Resources:
  Fn:
    Type: ${type}
    Properties:
      Handler: index.handler
      Runtime: python3.12
${type === "AWS::Lambda::Function" ? "      Role: arn:aws:iam::000000000000:role/r\n      Code:\n        ZipFile: \"def handler(e, c): return 1\"\n" : ""}${props}
`;

describe("LoggingConfig", () => {
  it("reads the log levels and LogGroup of an AWS::Lambda::Function", async () => {
    const model = await apps.load(template("AWS::Lambda::Function",
      "      LoggingConfig:\n        LogFormat: JSON\n        ApplicationLogLevel: DEBUG\n        SystemLogLevel: WARN\n        LogGroup: /custom/fn\n"));
    expect(model.functions[0]).toMatchObject({ logFormat: "JSON", applicationLogLevel: "DEBUG", systemLogLevel: "WARN", logGroup: "/custom/fn" });
  });

  it("merges SAM Globals' LoggingConfig with the function's", async () => {
    const globals = "Globals:\n  Function:\n    LoggingConfig:\n      LogFormat: JSON\n      ApplicationLogLevel: ERROR\n";
    const model = await apps.load(template("AWS::Serverless::Function", "      CodeUri: .\n      LoggingConfig:\n        SystemLogLevel: DEBUG\n", globals), { files: { "index.py": "" } });
    expect(model.functions[0]).toMatchObject({ logFormat: "JSON", applicationLogLevel: "ERROR", systemLogLevel: "DEBUG" });
  });

  it("refuses a log level with the Text format, as CreateFunction does", async () => {
    const error = await sandboxError(apps.load(template("AWS::Lambda::Function", "      LoggingConfig:\n        ApplicationLogLevel: WARN\n")));
    expect(error.message).toBe('LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.');
  });

  it("refuses a level that is not one of the enum's", async () => {
    const error = await sandboxError(apps.load(template("AWS::Lambda::Function", "      LoggingConfig:\n        LogFormat: JSON\n        SystemLogLevel: ERROR\n")));
    expect(error.message).toBe("LoggingConfig.SystemLogLevel of Fn must be one of DEBUG, INFO, WARN");
  });
});

describe("SnapStart", () => {
  it("reads SnapStart ApplyOn, from the function or SAM Globals", async () => {
    let model = await apps.load(template("AWS::Lambda::Function", "      SnapStart:\n        ApplyOn: PublishedVersions\n"));
    expect(model.functions[0].snapStart).toBe("PublishedVersions");
    model = await apps.load(template("AWS::Serverless::Function", "      CodeUri: .\n", "Globals:\n  Function:\n    SnapStart:\n      ApplyOn: PublishedVersions\n"), { files: { "index.py": "" } });
    expect(model.functions[0].snapStart).toBe("PublishedVersions");
  });

  it("refuses SnapStart on a runtime without it, as CreateFunction does", async () => {
    const error = await sandboxError(apps.load(template("AWS::Lambda::Function", "      SnapStart:\n        ApplyOn: PublishedVersions\n").replace("python3.12", "nodejs20.x").replace("def handler(e, c): return 1", "exports.handler = async () => 1;")));
    expect(error.message).toBe("nodejs20.x is not supported for SnapStart enabled functions.");
  });

  it("refuses another ApplyOn", async () => {
    const error = await sandboxError(apps.load(template("AWS::Lambda::Function", "      SnapStart:\n        ApplyOn: Always\n")));
    expect(error.message).toBe("SnapStart.ApplyOn of Fn must be PublishedVersions or None");
  });
});
