import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchGetTracesCommand, GetTraceGraphCommand, XRayClient } from "@aws-sdk/client-xray";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { parseTraceHeader } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually, only, traceSegments, type SegmentDoc as Doc } from "./helpers.js";

const run = promisify(execFile);
const fixture = join(import.meta.dirname, "fixtures", "lambda-tracing");
const cli = join(import.meta.dirname, "..", "..", "cli", "bin", "sandbox.js");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ARN = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

describe("Lambda's X-Ray segments", () => {
  let sandbox: RunningSandbox;
  let xray: XRayClient;
  let lambda: LambdaClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    xray = new XRayClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    xray?.destroy();
    lambda?.destroy();
    await sandbox?.stop();
  });

  const segmentsOf = (traceId: string, count: number, ready?: (docs: Doc[]) => boolean) => traceSegments(xray, traceId, count, ready);

  /** Invokes through the Lambda API with a trace the caller started undecided (as the CLI does). */
  async function invoke(name: string, type: "RequestResponse" | "Event" = "RequestResponse") {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
    const command = new InvokeCommand({ FunctionName: name, InvocationType: type, Payload: Buffer.from("{}") });
    command.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-amzn-trace-id"] = `Root=${traceId}`;
        return next(args);
      },
      { step: "build", name: "traceHeader" },
    );
    const out = await lambda.send(command).catch((error: unknown) => error as { name: string; $metadata: { httpStatusCode?: number } });
    return { out, traceId };
  }

  async function advance(duration: string): Promise<void> {
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: duration }) });
    expect(res.status).toBe(200);
  }

  it("records API Gateway → Lambda service → function as AWS writes them, cold start first", async () => {
    const res = await fetch(`${sandbox.apiUrl}/hello`);
    expect(res.status).toBe(200);
    const traceId = parseTraceHeader(res.headers.get("x-amzn-trace-id") ?? "")?.root ?? "";
    const docs = await segmentsOf(traceId, 3);
    expect(docs.map((d) => d.origin).sort()).toEqual(["AWS::ApiGateway::Stage", "AWS::Lambda", "AWS::Lambda::Function"]);

    const stage = only(docs, "AWS::ApiGateway::Stage");
    const call = stage.subsegments?.find((s) => s.name === "Lambda");
    const service = only(docs, "AWS::Lambda");
    expect(service).toMatchObject({ name: "hello-fn", parent_id: call?.id, resource_arn: ARN("hello-fn"), http: { response: { status: 200 } } });
    expect(Object.keys(service.aws ?? {})).toEqual(["request_id"]);
    expect(service.aws?.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(service.subsegments).toBeUndefined();

    const fn = only(docs, "AWS::Lambda::Function");
    expect(fn).toMatchObject({
      name: "hello-fn",
      parent_id: service.id,
      aws: { account_id: "000000000000", function_arn: ARN("hello-fn"), resource_names: ["hello-fn"] },
    });
    expect(fn.error ?? fn.fault).toBeUndefined();
    expect(fn.subsegments?.map((s) => s.name)).toEqual(["Initialization", "Invocation", "Overhead"]);
    for (const sub of fn.subsegments ?? []) expect(sub.aws).toEqual({ function_arn: ARN("hello-fn") });
    // The function saw its Invocation subsegment as Parent.
    const { traceHeader } = (await res.json()) as { traceHeader: string };
    expect(parseTraceHeader(traceHeader)).toMatchObject({ root: traceId, parent: fn.subsegments?.[1].id, sampled: true });

    // GetTraceGraph: client → stage → Lambda service → Lambda function.
    const graph = await xray.send(new GetTraceGraphCommand({ TraceIds: [traceId] }));
    const services = graph.Services ?? [];
    const key = (s: { Type?: string; Name?: string }) => `${s.Type} ${s.Name ?? ""}`.trim();
    const byRef = new Map(services.map((s) => [s.ReferenceId, key(s)]));
    const edges = services.flatMap((s) => (s.Edges ?? []).map((e) => `${key(s)} → ${byRef.get(e.ReferenceId)}`));
    expect(edges.sort()).toEqual([
      "AWS::ApiGateway::Stage shop-api/prod → AWS::Lambda hello-fn",
      "AWS::Lambda hello-fn → AWS::Lambda::Function hello-fn",
      "client → AWS::ApiGateway::Stage shop-api/prod",
    ]);
  });

  it("ends a traced invocation's REPORT with the XRAY line of its trace and function segment", async () => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
    const command = new InvokeCommand({ FunctionName: "hello-fn", LogType: "Tail", Payload: Buffer.from("{}") });
    command.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-amzn-trace-id"] = `Root=${traceId}`;
        return next(args);
      },
      { step: "build", name: "traceHeader" },
    );
    const out = await lambda.send(command);
    const tail = Buffer.from(out.LogResult ?? "", "base64").toString("utf8");
    // One REPORT record, the XRAY line after a newline (real REPORT events of functions with Tracing: Active).
    const xray = new RegExp(`^REPORT RequestId: [0-9a-f-]{36}\\t.*\\t\\nXRAY TraceId: ${traceId}\\tSegmentId: ([0-9a-f]{16})\\tSampled: true\\t$`, "m");
    const segmentId = xray.exec(tail)?.[1];
    expect(segmentId, tail).toBeDefined();
    const fn = only(await segmentsOf(traceId, 2), "AWS::Lambda::Function");
    expect(fn.id).toBe(segmentId);
  });

  it("marks a function's own error as an error with its cause; Invoke itself answered 200", async () => {
    const { out, traceId } = await invoke("fail-fn");
    expect(out).toMatchObject({ FunctionError: "Unhandled" });
    const docs = await segmentsOf(traceId, 2);
    const service = only(docs, "AWS::Lambda");
    expect(service.parent_id).toBeUndefined();
    expect(service).toMatchObject({ http: { response: { status: 200 } } });
    expect(service.error ?? service.fault).toBeUndefined();
    const fn = only(docs, "AWS::Lambda::Function");
    expect(fn).toMatchObject({ error: true, cause: { exceptions: [{ type: "RangeError", message: "no stock left" }] } });
    expect(fn.fault).toBeUndefined();
    const invocation = fn.subsegments?.find((s) => s.name === "Invocation");
    expect(invocation).toMatchObject({ error: true });
  });

  it("marks a timeout as a fault", async () => {
    const { out, traceId } = await invoke("slow-fn");
    expect(out).toMatchObject({ FunctionError: "Unhandled" });
    const docs = await segmentsOf(traceId, 2);
    const fn = only(docs, "AWS::Lambda::Function");
    expect(fn).toMatchObject({ fault: true, cause: { exceptions: [{ type: "Sandbox.Timedout" }] } });
    expect(fn.cause?.exceptions?.[0]?.message).toMatch(/Task timed out after 1\.00 seconds$/);
    expect(fn.subsegments?.find((s) => s.name === "Invocation")).toMatchObject({ fault: true });
  });

  it("records a throttled invocation as the service's 429, with no function segment", async () => {
    const { out, traceId } = await invoke("throttled-fn");
    expect(out).toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    const docs = await segmentsOf(traceId, 1);
    expect(docs.map((d) => d.origin)).toEqual(["AWS::Lambda"]);
    expect(docs[0]).toMatchObject({ error: true, throttle: true, http: { response: { status: 429 } }, cause: { exceptions: [{ type: "TooManyRequestsException" }] } });
  });

  it("records an asynchronous invocation's Dwell Time and each retry as Attempt #N under the 202", async () => {
    const { out, traceId } = await invoke("retry-fn", "Event");
    expect(out).toMatchObject({ StatusCode: 202 });
    await segmentsOf(traceId, 2);
    // Lambda retries a failed event after 1 and then 2 more minutes.
    await advance("1m");
    await segmentsOf(traceId, 3);
    await advance("2m");
    const attempts = (docs: Doc[]) => docs.find((d) => d.origin === "AWS::Lambda")?.subsegments?.filter((s) => s.name.startsWith("Attempt")) ?? [];
    const docs = await segmentsOf(traceId, 4, (d) => attempts(d).length === 3 && attempts(d).every((a) => a.end_time !== undefined));
    const service = only(docs, "AWS::Lambda");
    expect(service).toMatchObject({ name: "retry-fn", http: { response: { status: 202 } }, resource_arn: ARN("retry-fn") });
    // By start time (a warm first attempt may start in the millisecond the event was queued).
    expect(service.subsegments?.map((s) => s.name).sort()).toEqual(["Attempt #1", "Attempt #2", "Attempt #3", "Dwell Time"]);
    const sub = (name: string): Doc => service.subsegments?.find((s) => s.name === name) ?? ({} as Doc);
    const dwell = sub("Dwell Time");
    const tries = [sub("Attempt #1"), sub("Attempt #2"), sub("Attempt #3")];
    expect(dwell.start_time).toBeGreaterThanOrEqual(service.start_time);
    expect(dwell.start_time - service.start_time).toBeLessThan(0.05);
    expect(dwell.end_time).toBeCloseTo(tries[0].start_time, 3);
    // The retries ran 1 and 2 minutes after the attempt before them failed.
    expect(tries[1].start_time - (tries[0].end_time ?? 0)).toBeGreaterThanOrEqual(60);
    expect(tries[2].start_time - (tries[1].end_time ?? 0)).toBeGreaterThanOrEqual(120);
    for (const attempt of tries) expect(attempt).toMatchObject({ error: true });

    const functions = docs.filter((d) => d.origin === "AWS::Lambda::Function").sort((a, b) => a.start_time - b.start_time);
    expect(functions.map((f) => f.parent_id)).toEqual(tries.map((a) => a.id));
    // `sandbox traces <id>`: each attempt's function nests under its attempt (a warm attempt
    // may start in the millisecond the event was queued: Dwell Time's row is looked up alone).
    const { stdout } = await run(process.execPath, [cli, "traces", traceId, "--endpoint", sandbox.endpoint]);
    const rows = stdout.trimEnd().split("\n").slice(2).map((line) => /^ *[^\s█]+(?: [^\s█#]+| #\d)*/.exec(line)?.[0]);
    expect(rows).toContain("  Dwell Time");
    expect(rows.filter((row) => row !== "  Dwell Time")).toEqual([
      "retry-fn (Lambda)",
      "  Attempt #1",
      "    retry-fn (Lambda::Function)",
      "      Initialization",
      "      Invocation",
      "      Overhead",
      "  Attempt #2",
      "    retry-fn (Lambda::Function)",
      "      Invocation",
      "      Overhead",
      "  Attempt #3",
      "    retry-fn (Lambda::Function)",
      "      Invocation",
      "      Overhead",
    ]);
    // The first attempt started the environment; the retries found it warm.
    expect(functions.map((f) => f.subsegments?.map((s) => s.name).join(","))).toEqual(["Initialization,Invocation,Overhead", "Invocation,Overhead", "Invocation,Overhead"]);
    for (const f of functions) {
      expect(f).toMatchObject({ error: true, cause: { exceptions: [{ type: "RangeError", message: "no stock left" }] } });
    }
  });

  it("samples by the rules stored in X-Ray: a FixedRate 0 rule leaves a function untraced", async () => {
    const { out, traceId } = await invoke("quiet-fn");
    expect(out).toMatchObject({ StatusCode: 200 });
    const payload = JSON.parse(Buffer.from((out as { Payload: Uint8Array }).Payload).toString()) as { body: string };
    const { traceHeader } = JSON.parse(payload.body) as { traceHeader: string };
    // The decision travels on: the function's SDK calls are not recorded either.
    expect(parseTraceHeader(traceHeader)).toMatchObject({ root: traceId, sampled: false });
    // A traced invocation made after it is stored; the untraced one never is.
    const traced = await invoke("hello-fn");
    await segmentsOf(traced.traceId, 2);
    const out2 = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    expect(out2.Traces).toEqual([]);
  });
});
