import { describe, expect, it } from "vitest";
import { EventBus, VirtualClock } from "@sam-sandbox/core";
import { forwardFunctionLogs } from "../src/logLines.js";

describe("Lambda log lines → CloudWatch Logs", () => {
  it("appends the lines of each stream together, in order, when flushed", () => {
    const events = new EventBus();
    const appended: Array<{ group: string; stream: string; messages: string[] }> = [];
    const flush = forwardFunctionLogs(events, new VirtualClock(), (group, stream, lines) =>
      appended.push({ group, stream, messages: lines.map((l) => l.message) }),
    );
    const line = (stream: string, text: string) =>
      events.emit("functionLog", { functionName: "fn", line: text, stream: "stdout", logGroup: "/aws/lambda/fn", logStream: stream, timestamp: 1 });
    line("a", "START RequestId: 1");
    line("b", "START RequestId: 2");
    line("a", "END RequestId: 1");
    line("a", "REPORT RequestId: 1");
    line("b", "END RequestId: 2");
    expect(appended).toEqual([]);
    flush();
    expect(appended).toEqual([
      { group: "/aws/lambda/fn", stream: "a", messages: ["START RequestId: 1\n", "END RequestId: 1\n", "REPORT RequestId: 1\n"] },
      { group: "/aws/lambda/fn", stream: "b", messages: ["START RequestId: 2\n", "END RequestId: 2\n"] },
    ]);
    flush();
    expect(appended).toHaveLength(2);
  });

  it("gives a console line its newlines back (\r from the worker), and leaves raw output as written", () => {
    const events = new EventBus();
    const messages: string[] = [];
    const flush = forwardFunctionLogs(events, new VirtualClock(), (_group, _stream, lines) => messages.push(...lines.map((l) => l.message)));
    const line = (text: string) => events.emit("functionLog", { functionName: "fn", line: text, stream: "stdout", logGroup: "/aws/lambda/fn", logStream: "s", timestamp: 1 });
    line("2026-11-25T12:00:00.000Z\tabc\tINFO\tone\rtwo");
    line("progress 50%\rprogress 100%");
    line("[WARNING]\t2026-11-25T12:00:00.000Z\tabc\tthree\rfour");
    flush();
    // On Lambda the Node.js runtime frames each console call (LogPatch.js logTextToFd), and the Python
    // runtime each logging record (awslambdaric LambdaLoggerHandler): one event, inner \n kept.
    expect(messages).toEqual([
      "2026-11-25T12:00:00.000Z\tabc\tINFO\tone\ntwo\n",
      "progress 50%\rprogress 100%\n",
      "[WARNING]\t2026-11-25T12:00:00.000Z\tabc\tthree\nfour\n",
    ]);
  });

  it("ends each line of text with \"\n\" and leaves the JSON records of LogFormat JSON without it", () => {
    const events = new EventBus();
    const messages: string[] = [];
    const flush = forwardFunctionLogs(events, new VirtualClock(), (_group, _stream, lines) => messages.push(...lines.map((l) => l.message)));
    const line = (text: string) => events.emit("functionLog", { functionName: "fn", line: text, stream: "stdout", logGroup: "/aws/lambda/fn", logStream: "s", timestamp: 1 });
    const platform = '{"time":"2026-11-25T12:00:00.000Z","type":"platform.start","record":{"requestId":"abc","version":"$LATEST"}}';
    const nodeRecord = '{"timestamp":"2026-11-25T12:00:00.001Z","level":"INFO","requestId":"abc","message":"hi"}';
    const pythonRecord = '{"timestamp": "2026-11-25T12:00:00.002Z", "level": "WARNING", "message": "careful", "logger": "root", "requestId": "abc"}';
    line(platform);
    line(nodeRecord);
    line(pythonRecord);
    line("Response: 200 ");
    line('{"level":"INFO","message":"a raw stdout write"}');
    flush();
    // A subscription filter's payload recorded on AWS from a LogFormat JSON Python function: platform
    // records bare, logging records and print() lines with "\n"; Node.js's JSON console records are
    // framed without one (aws-lambda-nodejs-runtime-interface-client LogPatch.js logJsonToFd).
    expect(messages).toEqual([platform, nodeRecord, `${pythonRecord}\n`, "Response: 200 \n", '{"level":"INFO","message":"a raw stdout write"}\n']);
  });
});
