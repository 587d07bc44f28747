/**
 * A function's log events as the Logs API answers them. On AWS each line of text ends with
 * "\n" — START / END / REPORT (REPORT's last field followed by "\t\n"), INIT_START, a Node.js
 * console call (one event, inner newlines kept), print() and other stdout lines — while the
 * JSON records of LogFormat JSON (platform.* and Node.js console records) have none.
 * Evidence: localstack tests/aws/services/lambda_/test_lambda.snapshot.json
 * (test_invocation_with_logs, recorded on AWS: the same lines through LogType Tail); a
 * subscription filter's payload recorded on AWS from a LogFormat JSON Python function;
 * aws-lambda-nodejs-runtime-interface-client src/LogPatch.js (logTextToFd frames the line
 * with its "\n", logJsonToFd frames JSON.stringify(…) alone).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "lambda-log-lines");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const REGION = "us-east-1";
const hasPython = spawnSync("python3", ["--version"]).status === 0;

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

/** Invokes once (LogType Tail) and reads the messages of the environment's stream with GetLogEvents. */
async function invokeAndRead(functionName: string): Promise<{ messages: string[]; tail: string }> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, LogType: "Tail" }));
  expect(out.FunctionError).toBeUndefined();
  const logGroupName = `/aws/lambda/${functionName}`;
  const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName }));
  expect(streams.logStreams).toHaveLength(1);
  const events = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: streams.logStreams?.[0]?.logStreamName, startFromHead: true }));
  return { messages: (events.events ?? []).map((e) => e.message ?? ""), tail: Buffer.from(out.LogResult ?? "", "base64").toString("utf8") };
}

const TIME = String.raw`\d{4}-\d\d-\d\dT[\d:.]+Z`;
const ID = "[0-9a-f-]{36}";
const MS = String.raw`[\d.]+ ms`;

describe("a Text-format function's log events", () => {
  it("end with \\n: INIT_START, START, each console call, a stdout write, END and REPORT", async () => {
    const { messages, tail } = await invokeAndRead("lines-node-text");
    const requestId = /^START RequestId: (\S+)/.exec(messages[1] ?? "")?.[1] ?? "";
    expect(messages).toHaveLength(7);
    expect(messages[0]).toMatch(/^INIT_START Runtime Version: nodejs:22\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:\S+\n$/);
    expect(messages[1]).toBe(`START RequestId: ${requestId} Version: $LATEST\n`);
    expect(messages[2]).toMatch(new RegExp(`^${TIME}\\t${requestId}\\tINFO\\thello\\n$`));
    expect(messages[3]).toMatch(new RegExp(`^${TIME}\\t${requestId}\\tERROR\\ttwo\\nlines\\n$`));
    expect(messages[4]).toBe("raw write done\n");
    expect(messages[5]).toBe(`END RequestId: ${requestId}\n`);
    expect(messages[6]).toMatch(
      new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: ${MS}\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: ${MS}\\t\\n$`),
    );
    // LogType Tail is unchanged: the same lines from START on, one per line.
    expect(tail.startsWith(`START RequestId: ${requestId} Version: $LATEST\n`)).toBe(true);
    expect(tail.endsWith("\t\n")).toBe(true);
  });

  it("still match a %regex$% filter pattern anchored at the end of the line", async () => {
    const logGroupName = "/aws/lambda/lines-node-text";
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: "%write done$%" }));
    expect(found.events?.map((e) => e.message)).toEqual(["raw write done\n"]);
    const ends = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: `%^END RequestId: ${ID}$%` }));
    expect(ends.events).toHaveLength(1);
  });

  it.skipIf(!hasPython)("end with \\n for Python's print() too", async () => {
    const { messages } = await invokeAndRead("lines-python-text");
    expect(messages[0]).toMatch(/^INIT_START Runtime Version: python:3\.12\.v\d+\tRuntime Version ARN: \S+\n$/);
    expect(messages.slice(1, -1).filter((m) => !m.startsWith("START ") && !m.startsWith("END "))).toEqual(["hello\n"]);
    expect(messages.at(-1)).toMatch(/\t\n$/);
  });

  // awslambdaric: LambdaLoggerHandler sends the formatted record as one telemetry frame, inner
  // newlines kept; print() goes through stdout, one event per line.
  it.skipIf(!hasPython)("keep a multi-line logging record as one event, and print() as one event per line", async () => {
    const { messages } = await invokeAndRead("lines-python-logging");
    const requestId = /^START RequestId: (\S+)/.exec(messages[1] ?? "")?.[1] ?? "";
    expect(messages.slice(2, -2)).toHaveLength(4);
    expect(messages[2]).toMatch(new RegExp(`^\\[INFO\\]\\t${TIME}\\t${requestId}\\ttwo\\nlines\\n$`));
    expect(messages.slice(3, -2)).toEqual(["three\n", "printed\n", "lines\n"]);
    expect(messages.at(-2)).toBe(`END RequestId: ${requestId}\n`);
  });
});

describe("a JSON-format function's log events", () => {
  it("keep the platform's and console's JSON records bare, and a stdout write's \\n", async () => {
    const { messages } = await invokeAndRead("lines-node-json");
    const types = messages.map((m) => (m.startsWith("{") ? String((JSON.parse(m) as { type?: string; level?: string }).type ?? (JSON.parse(m) as { level?: string }).level) : m));
    expect(types).toEqual([
      "platform.initStart",
      "platform.initRuntimeDone",
      "platform.initReport",
      "platform.start",
      "INFO",
      "raw write\n",
      "platform.runtimeDone",
      "platform.report",
    ]);
    for (const m of messages.filter((m) => m.startsWith("{"))) expect(m.endsWith("}")).toBe(true);
  });
});
