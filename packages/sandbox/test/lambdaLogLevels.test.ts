import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "lambda-log-levels");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const REGION = "us-east-1";

let sandbox: RunningSandbox;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn() {} };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
  lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
  logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
});

afterAll(async () => {
  lambda?.destroy();
  logs?.destroy();
  await sandbox?.stop();
});

/** Invokes with LogType Tail: the answer and the lines the invocation logged. */
async function invoke(name: string): Promise<{ payload: Record<string, unknown>; lines: string[] }> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, LogType: "Tail" }));
  const lines = Buffer.from(out.LogResult ?? "", "base64").toString("utf8").split("\n").filter((l) => l !== "");
  return { payload: JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>, lines };
}

/** The messages of a JSON line ("message") or the text line itself. */
const messages = (lines: string[]) => lines.map((l) => (l.startsWith("{") ? String((JSON.parse(l) as { message?: unknown }).message ?? (JSON.parse(l) as { type?: string }).type) : l));

describe("LoggingConfig from the template", () => {
  it("GetFunctionConfiguration shows Globals' levels merged with the function's and its LogGroup", async () => {
    const warn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "levels-warn" }));
    expect(warn.LoggingConfig).toEqual({ LogFormat: "JSON", ApplicationLogLevel: "WARN", SystemLogLevel: "INFO", LogGroup: "/aws/lambda/levels-warn" });
    const quiet = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "levels-quiet" }));
    expect(quiet.LoggingConfig).toEqual({ LogFormat: "JSON", ApplicationLogLevel: "DEBUG", SystemLogLevel: "WARN", LogGroup: "/custom/levels-quiet" });
    const text = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "levels-text" }));
    expect(text.LoggingConfig).toEqual({ LogFormat: "Text", LogGroup: "/aws/lambda/levels-text" });
  });

  it("GetFunctionConfiguration shows SnapStart ApplyOn PublishedVersions", async () => {
    const snap = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "levels-snap" }));
    expect(snap.SnapStart).toEqual({ ApplyOn: "PublishedVersions", OptimizationStatus: "Off" });
  });
});

describe("ApplicationLogLevel and SystemLogLevel", () => {
  it("drops the function's lines below WARN, console and raw JSON alike, and sets AWS_LAMBDA_LOG_LEVEL", async () => {
    const { payload, lines } = await invoke("levels-warn");
    expect(payload).toEqual({ logLevel: "WARN", logFormat: "JSON" });
    const own = messages(lines).filter((m) => !m.startsWith("platform."));
    expect(own).toEqual(["at-warn", "at-error", "raw-error"]);
    // START / END / REPORT are INFO system logs: kept at SystemLogLevel INFO.
    expect(messages(lines).filter((m) => m.startsWith("platform."))).toEqual(expect.arrayContaining(["platform.start", "platform.runtimeDone", "platform.report"]));
  });

  it("SystemLogLevel WARN drops the platform's records; DEBUG keeps console.debug but not console.trace", async () => {
    const { payload, lines } = await invoke("levels-quiet");
    expect(payload.logLevel).toBe("DEBUG");
    expect(messages(lines)).toEqual(["at-debug", "at-log", "at-info", "at-warn", "at-error", "raw-debug", "raw-error"]);
  });

  it("the kept lines reach the function's LogGroup in CloudWatch Logs", async () => {
    await invoke("levels-quiet");
    await expect.poll(async () => {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: "/custom/levels-quiet" }));
      return messages((out.events ?? []).map((e) => e.message ?? ""));
    }, { timeout: 15_000, interval: 100 }).toEqual(expect.arrayContaining(["at-debug", "raw-error"]));
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: "/custom/levels-quiet" }));
    const kept = messages((out.events ?? []).map((e) => e.message ?? ""));
    expect(kept).not.toContain("at-trace");
    expect(kept.some((m) => m.startsWith("platform."))).toBe(false);
  });

  it("a Text function logs every level and gets no AWS_LAMBDA_LOG_LEVEL", async () => {
    const { payload, lines } = await invoke("levels-text");
    expect(payload).toEqual({ logLevel: null, logFormat: null });
    const text = lines.join("\n");
    for (const m of ["\tTRACE\tat-trace", "\tDEBUG\tat-debug", "\tINFO\tat-log", "\tWARN\tat-warn", '"raw-debug"', "START RequestId:", "REPORT RequestId:"]) expect(text).toContain(m);
  });

  it("applies a level changed by UpdateFunctionConfiguration to new environments", async () => {
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "levels-warn", LoggingConfig: { ApplicationLogLevel: "ERROR" } }));
    const { payload, lines } = await invoke("levels-warn");
    expect(payload.logLevel).toBe("ERROR");
    expect(messages(lines).filter((m) => !m.startsWith("platform."))).toEqual(["at-error", "raw-error"]);
  });
});

describe("log levels with the Text format", () => {
  const refusal = 'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.';

  it("CreateFunction refuses a log level without LogFormat JSON", async () => {
    const create = lambda.send(new CreateFunctionCommand({
      FunctionName: "levels-refused", Runtime: "nodejs20.x", Handler: "index.handler", Role: "arn:aws:iam::000000000000:role/levels",
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]) },
      LoggingConfig: { LogFormat: "Text", SystemLogLevel: "WARN" },
    }));
    await expect(create).rejects.toMatchObject({ name: "InvalidParameterValueException", message: refusal });
  });

  it("UpdateFunctionConfiguration refuses a log level for a Text function", async () => {
    const update = lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "levels-text", LoggingConfig: { ApplicationLogLevel: "DEBUG" } }));
    await expect(update).rejects.toMatchObject({ name: "InvalidParameterValueException", message: refusal });
  });
});
