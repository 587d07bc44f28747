import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { SandboxEvents } from "@sam-sandbox/core";
import { fn, json, startLambda, type TestLambda } from "./helpers.js";

type LogEvent = SandboxEvents["functionLog"][0];
type InvocationEvent = SandboxEvents["invocation"][0];

let lambda: TestLambda;
const logs: LogEvent[] = [];
const invocations: InvocationEvent[] = [];

beforeAll(async () => {
  lambda = await startLambda([
    fn("logs", "esm-app", "index.logs"),
    fn("jsonLogs", "esm-app", "index.logs", { logFormat: "JSON" }),
    fn("jsonThrows", "esm-app", "index.throws", { logFormat: "JSON" }),
    fn("textThrows", "esm-app", "index.throws"),
    fn("hello", "ts-app", "src/handlers/hello.handler"),
    fn("exits", "esm-app", "index.exits"),
    fn("timesOut", "esm-app", "index.slow", { timeoutSeconds: 1 }),
    fn("holdsThenTimesOut", "esm-app", "index.holds", { timeoutSeconds: 1 }),
    fn("firstCallTimesOut", "esm-app", "index.slow", { timeoutSeconds: 1 }),
  ]);
  lambda.events.on("functionLog", (e) => logs.push(e));
  lambda.events.on("invocation", (e) => invocations.push(e));
});

afterAll(async () => {
  await lambda?.close();
});

const linesOf = (requestId: string | undefined) => logs.filter((l) => l.requestId === requestId).map((l) => l.line);

describe("Function logs", () => {
  it("returns the last 4 KB of the log with LogType Tail", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "logs", LogType: "Tail", Payload: json({}) }));
    const id = out.$metadata.requestId;
    const tail = Buffer.from(out.LogResult ?? "", "base64").toString("utf8");
    expect(tail).toContain(`START RequestId: ${id} Version: $LATEST`);
    expect(tail).toMatch(new RegExp(`\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\tplain log { a: 1 }`));
    expect(tail).toContain(`END RequestId: ${id}`);
    expect(tail).toContain(`REPORT RequestId: ${id}`);
  });

  it("formats console lines as the Node.js runtime does and passes raw writes through", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "logs", Payload: json({}) }));
    const lines = linesOf(out.$metadata.requestId);
    expect(lines[0]).toBe(`START RequestId: ${out.$metadata.requestId} Version: $LATEST`);
    expect(lines.some((l) => /\tERROR\tan error line\rwith two lines$/.test(l))).toBe(true);
    expect(lines).toContain("raw stdout");
    expect(lines.at(-2)).toBe(`END RequestId: ${out.$metadata.requestId}`);
    expect(lines.at(-1)).toMatch(
      /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t$/,
    );
  });

  it("reports Init Duration on a cold start only, with init logs before START", async () => {
    const cold = await lambda.client.send(new InvokeCommand({ FunctionName: "hello", Payload: json({}) }));
    const warm = await lambda.client.send(new InvokeCommand({ FunctionName: "hello", Payload: json({}) }));
    const coldLines = linesOf(cold.$metadata.requestId);
    expect(coldLines[0]).toMatch(/^INIT_START Runtime Version: nodejs:20\./);
    expect(coldLines[1]).toMatch(/\tundefined\tINFO\tinit /);
    expect(coldLines[2]).toMatch(/^START RequestId/);
    expect(coldLines.at(-1)).toMatch(/\tInit Duration: \d+\.\d\d ms\t$/);
    expect(linesOf(warm.$metadata.requestId).at(-1)).not.toContain("Init Duration");
    expect(invocations.filter((i) => i.functionName === "hello").map((i) => i.cold)).toEqual([true, false]);
  });

  it("writes JSON lines with LoggingConfig LogFormat JSON", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "jsonLogs", Payload: json({}) }));
    const line = linesOf(out.$metadata.requestId).find((l) => l.startsWith("{") && l.includes("plain log"));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ level: "INFO", requestId: out.$metadata.requestId, message: "plain log { a: 1 }" });
  });

  it("logs a handler's error as the runtime's structuredConsole does: the Error as the JSON record's message, text after 'Invoke Error'", async () => {
    const json = await lambda.client.send(new InvokeCommand({ FunctionName: "jsonThrows", Payload: "{}" }));
    const record = linesOf(json.$metadata.requestId).find((l) => l.startsWith("{") && l.includes('"level":"ERROR"'));
    expect(JSON.parse(record ?? "{}")).toMatchObject({
      level: "ERROR",
      requestId: json.$metadata.requestId,
      message: { errorType: "Error", errorMessage: "something broke", stackTrace: expect.arrayContaining(["Error: something broke"]) },
    });
    const text = await lambda.client.send(new InvokeCommand({ FunctionName: "textThrows", Payload: "{}" }));
    const line = linesOf(text.$metadata.requestId).find((l) => l.includes("\tERROR\t"));
    expect(line).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"something broke"/);
  });

  it("adds Status to REPORT when the environment fails", async () => {
    const exited = await lambda.client.send(new InvokeCommand({ FunctionName: "exits", Payload: json({}) }));
    expect(linesOf(exited.$metadata.requestId).at(-1)).toMatch(/\tStatus: error\tError Type: Runtime.ExitError\t$/);
    const timedOut = await lambda.client.send(new InvokeCommand({ FunctionName: "timesOut", Payload: json({ ms: 5000 }) }));
    expect(linesOf(timedOut.$metadata.requestId).at(-1)).toMatch(/\tStatus: timeout\t$/);
    expect(invocations.find((i) => i.requestId === timedOut.$metadata.requestId)).toMatchObject({
      functionName: "timesOut",
      status: "timeout",
      error: "Sandbox.Timedout",
    });
  });

  it("reports the memory a new environment uses when its very first invocation times out, not 0", async () => {
    const timedOut = await lambda.client.send(new InvokeCommand({ FunctionName: "firstCallTimesOut", Payload: json({ ms: 5000 }) }));
    expect(timedOut.FunctionError).toBe("Unhandled");
    const report = linesOf(timedOut.$metadata.requestId).at(-1) ?? "";
    expect(report).toMatch(/\tInit Duration: [\d.]+ ms\tStatus: timeout\t$/);
    expect(Number(/\tMax Memory Used: (\d+) MB\t/.exec(report)?.[1])).toBeGreaterThan(0);
  });

  it("reports the memory the environment used for an invocation that times out, not 0", async () => {
    const memoryUsed = (requestId: string | undefined) => Number(/\tMax Memory Used: (\d+) MB\t/.exec(linesOf(requestId).at(-1) ?? "")?.[1]);
    const answered = await lambda.client.send(new InvokeCommand({ FunctionName: "holdsThenTimesOut", Payload: json({ ms: 0 }) }));
    expect(answered.FunctionError).toBeUndefined();
    expect(memoryUsed(answered.$metadata.requestId)).toBeGreaterThanOrEqual(16);
    const timedOut = await lambda.client.send(new InvokeCommand({ FunctionName: "holdsThenTimesOut", Payload: json({ ms: 5000 }) }));
    expect(timedOut.FunctionError).toBe("Unhandled");
    const report = linesOf(timedOut.$metadata.requestId).at(-1) ?? "";
    expect(report).toMatch(/\tStatus: timeout\t$/);
    expect(memoryUsed(timedOut.$metadata.requestId)).toBeGreaterThanOrEqual(16);
  });
});
