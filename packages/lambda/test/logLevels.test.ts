import { describe, expect, it } from "vitest";
import { VirtualClock, EventBus } from "@sam-sandbox/core";
import { InvocationLog } from "../src/engine/invocationLog.js";
import { applicationLineFilter, applicationLogLevel, platformEventsShown } from "../src/engine/logLevels.js";
import { runtimeEnvironment } from "../src/engine/runtimeEnv.js";
import type { LambdaFunctionConfig } from "../src/index.js";

const fn = (logging: Partial<LambdaFunctionConfig>) =>
  ({ functionName: "f", handler: "index.handler", runtime: "nodejs20.x", memorySizeMb: 128, environment: {}, ...logging }) as unknown as LambdaFunctionConfig;
const options = { region: "us-east-1", edgeUrl: "http://127.0.0.1:4566", logStreamName: "s", taskRoot: "/task", runtimeDir: "/runtime" };

describe("applicationLogLevel / AWS_LAMBDA_LOG_LEVEL", () => {
  it("is INFO for a JSON function unless set, and absent for a Text one", () => {
    expect(applicationLogLevel(fn({ logFormat: "JSON" }))).toBe("INFO");
    expect(applicationLogLevel(fn({ logFormat: "JSON", applicationLogLevel: "TRACE" }))).toBe("TRACE");
    expect(applicationLogLevel(fn({ logFormat: "Text", applicationLogLevel: "ERROR" }))).toBeUndefined();
    expect(runtimeEnvironment(fn({ logFormat: "JSON", applicationLogLevel: "WARN" }), options).AWS_LAMBDA_LOG_LEVEL).toBe("WARN");
    expect(runtimeEnvironment(fn({}), options).AWS_LAMBDA_LOG_LEVEL).toBeUndefined();
  });
});

describe("applicationLineFilter", () => {
  it("reads the level of a JSON line in any case; a line without one, or with an invalid one, is INFO", () => {
    const keep = applicationLineFilter(fn({ logFormat: "JSON", applicationLogLevel: "INFO" }));
    expect(keep?.('{"level":"debug","msg":"x"}')).toBe(false);
    expect(keep?.('{"level":"WARN","msg":"x"}')).toBe(true);
    expect(keep?.('{"level":"verbose","msg":"x"}')).toBe(true);
    expect(keep?.("plain text")).toBe(true);
    expect(keep?.('{"level": broken')).toBe(true);
    const strict = applicationLineFilter(fn({ logFormat: "JSON", applicationLogLevel: "ERROR" }));
    expect(strict?.("plain text")).toBe(false);
    expect(strict?.('{"level":"FATAL"}')).toBe(true);
  });

  it("filters nothing at TRACE or with the Text format", () => {
    expect(applicationLineFilter(fn({ logFormat: "JSON", applicationLogLevel: "TRACE" }))).toBeUndefined();
    expect(applicationLineFilter(fn({ logFormat: "Text" }))).toBeUndefined();
  });
});

describe("platformEventsShown", () => {
  it("keeps the platform's INFO events at DEBUG and INFO, drops them at WARN, keeps them with Text", () => {
    expect(platformEventsShown(fn({ logFormat: "JSON" }))).toBe(true);
    expect(platformEventsShown(fn({ logFormat: "JSON", systemLogLevel: "DEBUG" }))).toBe(true);
    expect(platformEventsShown(fn({ logFormat: "JSON", systemLogLevel: "WARN" }))).toBe(false);
    expect(platformEventsShown(fn({ logFormat: "Text", systemLogLevel: "WARN" }))).toBe(true);
  });
});

describe("InvocationLog with log levels", () => {
  it("sends only the lines its levels let through", () => {
    const events = new EventBus();
    const lines: string[] = [];
    events.on("functionLog", (e) => lines.push(e.line));
    const log = new InvocationLog(events, fn({ logFormat: "JSON", applicationLogLevel: "WARN", systemLogLevel: "WARN" }), "req-1", true, new VirtualClock(0));
    log.start();
    log.emit('{"level":"INFO","message":"dropped"}');
    log.emit('{"level":"WARN","message":"kept"}');
    const result = log.end("{}", { durationMs: 1, memoryUsedMb: 60 }, false);
    expect(lines).toEqual(['{"level":"WARN","message":"kept"}']);
    expect(Buffer.from(result.logTail ?? "", "base64").toString("utf8")).toBe('{"level":"WARN","message":"kept"}\n');
  });
});
