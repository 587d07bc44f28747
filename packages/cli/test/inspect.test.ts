// `--inspect`: a debugger attached over the Chrome DevTools Protocol, as VS Code and Chrome
// attach, stops a function at a breakpoint in its worker thread; the function's Timeout (1 s
// here) does not cut the pause short.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: echo.handler
      Timeout: 1
      Events:
        Api:
          Type: HttpApi
          Properties: { Path: /echo, Method: GET }
`;
// Line 2 (0-based) is where the breakpoint goes.
const ECHO = `export const handler = async () => {
  const answer = { ok: true };
  return answer;
};
`;
/** Longer than the function's Timeout: the pause would have been cut short without --inspect. */
const HOLD_MS = 1500;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-inspect-"));
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "echo.mjs"), ECHO);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]) {
  const r = runBin(args);
  return { child: r.child, exited: r.exited, output: r.output, waitFor: async (pattern: RegExp) => (await r.waitFor(pattern)) as RegExpExecArray };
}

/** A CDP session on the process, with the worker threads' sessions reached through NodeWorker. */
async function connect(url: string) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  const replies = new Map<number, (result: unknown) => void>();
  const workerEvents: Array<{ method: string; params: Record<string, unknown> }> = [];
  let onWorkerEvent = () => {};
  const events: string[] = [];
  let onEvent = () => {};
  let worker: string | undefined;
  let onAttached = () => {};
  ws.on("message", (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown };
    if (m.id !== undefined) replies.get(m.id)?.(m.result);
    if (m.method !== undefined) {
      events.push(m.method);
      onEvent();
    }
    if (m.method === "NodeWorker.attachedToWorker") {
      worker = m.params?.sessionId as string;
      onAttached();
    }
    if (m.method === "NodeWorker.receivedMessageFromWorker") {
      const inner = JSON.parse(m.params?.message as string) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown };
      if (inner.id !== undefined) replies.get(inner.id)?.(inner.result);
      else if (inner.method) {
        workerEvents.push({ method: inner.method, params: inner.params ?? {} });
        onWorkerEvent();
      }
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const n = ++id;
      replies.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  const sendToWorker = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const n = ++id;
      replies.set(n, resolve);
      ws.send(JSON.stringify({ id: ++id, method: "NodeWorker.sendMessageToWorker", params: { sessionId: worker, message: JSON.stringify({ id: n, method, params }) } }));
    });
  const attached = () => new Promise<void>((resolve) => (worker ? resolve() : (onAttached = resolve)));
  const workerEvent = async (method: string, matches: (params: Record<string, unknown>) => boolean = () => true) => {
    for (;;) {
      const found = workerEvents.find((e) => e.method === method && matches(e.params));
      if (found) return found;
      await new Promise<void>((resolve) => (onWorkerEvent = resolve));
    }
  };
  const event = async (method: string) => {
    while (!events.includes(method)) await new Promise<void>((resolve) => (onEvent = resolve));
  };
  return { send, sendToWorker, attached, workerEvent, event, close: () => ws.close() };
}

describe("sandbox up --inspect", () => {
  it("prints the debugger's URL; a breakpoint in a function holds it past its Timeout, and the request then succeeds", async () => {
    const up = start(["up", dir, "--port", "0", "--edge-port", "0", "--in-memory", "--inspect", "127.0.0.1:0"]);
    await up.waitFor(/Ctrl-C to stop/);
    const debuggerUrl = (await up.waitFor(/^Debugger (ws:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+)$/m))[1];
    const api = (await up.waitFor(/GET\s+(http:\/\/127\.0\.0\.1:\d+)\/echo/))[1];
    const cdp = await connect(debuggerUrl);
    try {
      await cdp.send("NodeWorker.enable", { waitForDebuggerOnStart: true });
      const answer = fetch(`${api}/echo`);
      await cdp.attached();
      await cdp.sendToWorker("Debugger.enable");
      await cdp.sendToWorker("Debugger.setBreakpointByUrl", { urlRegex: "echo\\.mjs$", lineNumber: 2 });
      await cdp.sendToWorker("Runtime.runIfWaitingForDebugger");
      // The thread stops once as it starts (waitForDebuggerOnStart), as a debugger sees it: go on.
      const atBreakpoint = (params: Record<string, unknown>) => ((params.hitBreakpoints as string[] | undefined) ?? []).length > 0;
      const first = await cdp.workerEvent("Debugger.paused");
      if (!atBreakpoint(first.params)) await cdp.sendToWorker("Debugger.resume");
      const paused = await cdp.workerEvent("Debugger.paused", atBreakpoint);
      expect(paused.params.hitBreakpoints).toEqual([expect.stringContaining("echo\\.mjs")]);
      expect((paused.params.callFrames as Array<{ location: { lineNumber: number } }>)[0].location.lineNumber).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      await cdp.sendToWorker("Debugger.resume");
      const res = await answer;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    } finally {
      cdp.close();
    }
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });
});

describe("sandbox invoke --inspect", () => {
  it("waits for a debugger before invoking, then answers", async () => {
    const run = start(["invoke", "Echo", dir, "--inspect", "127.0.0.1:0"]);
    const debuggerUrl = (await run.waitFor(/^Debugger (ws:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+)$/m))[1];
    await run.waitFor(/waiting for the debugger to attach/);
    expect(run.output()).not.toContain("START RequestId");
    const cdp = await connect(debuggerUrl);
    try {
      // The process prints that it waits just before it starts waiting: a Runtime.runIfWaitingForDebugger
      // that arrives in between is lost (nodejs/node#34730). NodeRuntime says when the wait has begun.
      await cdp.send("NodeRuntime.enable");
      await cdp.event("NodeRuntime.waitingForDebugger");
      await cdp.send("Runtime.runIfWaitingForDebugger");
      await run.waitFor(/^\{"ok":true\}$/m);
    } finally {
      // Node waits for the debugger to leave before the process ends, as it does for an IDE.
      cdp.close();
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/^START RequestId: /m);
  });
});
