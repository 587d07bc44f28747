import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "@sam-sandbox/core";
import { createTaskRunner } from "../src/engine/tasks/runner.js";
import type { StateMachineDefinition } from "../src/engine/asl/types.js";
import type { Json } from "../src/engine/asl/json.js";
import { start, types } from "./helpers.js";

const CONNECTION = "arn:aws:events:us-east-1:123456789012:connection/Local/0b8e3e5c-0000-0000-0000-000000000000";

describe("HTTP Task (arn:aws:states:::http:invoke)", () => {
  let server: Server;
  let base: string;
  const tasks = createTaskRunner({ clock: new VirtualClock(Date.UTC(2026, 0, 1)) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.url?.startsWith("/missing")) {
          res.writeHead(404, { "content-type": "text/plain" }).end("no such thing");
          return;
        }
        if (req.url?.startsWith("/image")) {
          res.writeHead(200, { "content-type": "image/png" }).end("png");
          return;
        }
        if (req.url?.startsWith("/endless")) {
          // Ignores Range and never ends: the task reads what it asked for and hangs up.
          res.writeHead(200, { "content-type": "text/plain" });
          const write = () => {
            if (res.destroyed) return;
            res.write("x".repeat(65_536), write);
          };
          write();
          return;
        }
        if (req.url?.startsWith("/text")) {
          res.writeHead(200, { "content-type": "text/plain" }).end("plain words");
          return;
        }
        const echo = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        res.writeHead(200, { "content-type": "application/json", "x-custom": "yes" }).end(JSON.stringify(echo));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function machine(parameters: Record<string, Json>, extra: Record<string, Json> = {}): StateMachineDefinition {
    return {
      StartAt: "Call",
      States: {
        Call: { Type: "Task", Resource: "arn:aws:states:::http:invoke", Parameters: { Authentication: { ConnectionArn: CONNECTION }, ...parameters }, End: true, ...extra },
        Recovered: { Type: "Pass", End: true },
      },
    } as StateMachineDefinition;
  }

  async function execute(definition: StateMachineDefinition) {
    const { handle, history } = start(definition, {}, { tasks });
    const done = await handle.done;
    const outcome = {
      status: done.status,
      output: done.status === "SUCCEEDED" ? JSON.stringify(done.output) : undefined,
      error: done.status === "FAILED" ? done.error : undefined,
      cause: done.status === "FAILED" ? done.cause : undefined,
    };
    return { outcome, events: history.events.map((e) => ({ ...e }) as Record<string, unknown>) };
  }

  it("sends Method, Headers and QueryParameters and returns {Headers, ResponseBody, StatusCode, StatusText}", async () => {
    const { outcome, events } = await execute(machine({ ApiEndpoint: `${base}/items`, Method: "GET", Headers: { "X-Api-Version": "2" }, QueryParameters: { q: "cats", tag: ["a", "b"] } }));
    expect(outcome.status).toBe("SUCCEEDED");
    const output = JSON.parse(String(outcome.output)) as { Headers: Record<string, string[]>; ResponseBody: Record<string, unknown>; StatusCode: number; StatusText: string };
    expect(output.StatusCode).toBe(200);
    expect(output.StatusText).toBe("OK");
    expect(output.Headers["x-custom"]).toEqual(["yes"]);
    expect(output.ResponseBody).toMatchObject({ method: "GET", url: "/items?q=cats&tag=a&tag=b" });
    expect((output.ResponseBody.headers as Record<string, string>)["x-api-version"]).toBe("2");
    expect((output.ResponseBody.headers as Record<string, string>)["user-agent"]).toBe("Amazon|StepFunctions|HttpInvoke|us-east-1");
    expect((output.ResponseBody.headers as Record<string, string>).range).toBe("bytes=0-262144");
    expect(types(events)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]);
    expect(events[2].taskScheduledEventDetails).toMatchObject({ resourceType: "http", resource: "invoke" });
  });

  it("sends a RequestBody as JSON, or URL-encoded with Transform", async () => {
    const json = await execute(machine({ ApiEndpoint: `${base}/items`, Method: "POST", RequestBody: { name: "tom", tags: ["x"] } }));
    const echoed = (JSON.parse(String(json.outcome.output)) as { ResponseBody: { body: string; headers: Record<string, string> } }).ResponseBody;
    expect(JSON.parse(echoed.body)).toEqual({ name: "tom", tags: ["x"] });
    expect(echoed.headers["content-type"]).toBe("application/json; charset=UTF-8");

    const form = await execute(
      machine({
        ApiEndpoint: `${base}/form`,
        Method: "POST",
        Headers: { "Content-Type": "application/x-www-form-urlencoded" },
        RequestBody: { name: "tom tom", tags: ["x", "y"] },
        Transform: { RequestBodyEncoding: "URL_ENCODED", RequestEncodingOptions: { ArrayFormat: "BRACKETS" } },
      }),
    );
    const sent = (JSON.parse(String(form.outcome.output)) as { ResponseBody: { body: string; headers: Record<string, string> } }).ResponseBody;
    expect(sent.body).toBe("name=tom%20tom&tags%5B%5D=x&tags%5B%5D=y");
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("keeps a non-JSON response body as text", async () => {
    const { outcome } = await execute(machine({ ApiEndpoint: `${base}/text`, Method: "GET" }));
    expect((JSON.parse(String(outcome.output)) as { ResponseBody: string }).ResponseBody).toBe("plain words");
  });

  it("fails a non-2xx answer as States.Http.StatusCode.<code>, which Catch matches", async () => {
    const failed = await execute(machine({ ApiEndpoint: `${base}/missing`, Method: "GET" }));
    expect(failed.outcome.status).toBe("FAILED");
    expect(failed.outcome.error).toBe("States.Http.StatusCode.404");
    expect(JSON.parse(String(failed.outcome.cause))).toMatchObject({ ResponseBody: "no such thing", StatusCode: 404, StatusText: "Not Found" });

    const caught = await execute(machine({ ApiEndpoint: `${base}/missing`, Method: "GET" }, { Catch: [{ ErrorEquals: ["States.Http.StatusCode.404"], Next: "Recovered" }] }));
    expect(caught.outcome.status).toBe("SUCCEEDED");
  });

  it("reads no more than its Range (256 KiB) of a body that never ends, and fails it as too large a result", async () => {
    const started = performance.now();
    const { outcome } = await execute(machine({ ApiEndpoint: `${base}/endless`, Method: "GET" }));
    expect(performance.now() - started).toBeLessThan(10_000);
    // 256 KiB of body is more than a state's 256 KiB output may be.
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.DataLimitExceeded" });
  });

  it("fails with States.Runtime on a binary content type", async () => {
    const { outcome } = await execute(machine({ ApiEndpoint: `${base}/image`, Method: "GET" }));
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });

  it("refuses a header AWS does not let an HTTP Task set", async () => {
    const { outcome } = await execute(machine({ ApiEndpoint: `${base}/items`, Method: "GET", Headers: { Authorization: "Bearer x" } }));
    expect(outcome.status).toBe("FAILED");
    expect(outcome.error).toBe("States.Runtime");
  });
});
