import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchGetTracesCommand, GetServiceGraphCommand, GetTraceSummariesCommand, XRayClient } from "@aws-sdk/client-xray";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { parseTraceHeader } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually, only, traceSegments, type SegmentDoc as Doc } from "./helpers.js";

const run = promisify(execFile);
const fixture = join(import.meta.dirname, "fixtures", "traced");
const cli = join(import.meta.dirname, "..", "..", "cli", "bin", "sandbox.js");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("X-Ray through API Gateway, Lambda and DynamoDB", () => {
  let sandbox: RunningSandbox;
  let xray: XRayClient;
  let sfn: SFNClient;
  let logs: CloudWatchLogsClient;
  let response: Response;
  let traceId: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    xray = new XRayClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    response = await fetch(`${sandbox.apiUrl}/orders`, { method: "POST", body: JSON.stringify({ id: "o-1" }) });
    traceId = parseTraceHeader(response.headers.get("x-amzn-trace-id") ?? "")?.root ?? "";
  });

  afterAll(async () => {
    xray?.destroy();
    logs?.destroy();
    sfn?.destroy();
    await sandbox?.stop();
  });

  const segmentsOf = (id: string, count: number) => traceSegments(xray, id, count);

  it("answers the REST API request with the trace's X-Amzn-Trace-Id", async () => {
    expect(response.status).toBe(201);
    expect(traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    // The function saw the same trace, sampled, in _X_AMZN_TRACE_ID.
    const body = (await response.json()) as { id: string; traceHeader: string };
    expect(parseTraceHeader(body.traceHeader)).toMatchObject({ root: traceId, sampled: true });
  });

  it("lists the trace with GetTraceSummaries", async () => {
    const now = Date.now();
    const out = await xray.send(new GetTraceSummariesCommand({ StartTime: new Date(now - 60_000), EndTime: new Date(now + 60_000) }));
    expect(out.TraceSummaries?.map((s) => s.Id)).toContain(traceId);
    const summary = out.TraceSummaries?.find((s) => s.Id === traceId);
    expect(summary?.HasFault).toBe(false);
    expect(summary?.Http).toMatchObject({ HttpMethod: "POST", HttpStatus: 201 });
    expect(summary?.ServiceIds?.map((s) => `${s.Type} ${s.Name}`).sort()).toEqual([
      "AWS::ApiGateway::Stage traced-api/prod",
      "AWS::DynamoDB::Table orders",
      "AWS::Lambda put-order",
      "AWS::Lambda::Function put-order",
    ]);
  });

  it("links API Gateway → Lambda → function → DynamoDB by parent ids in BatchGetTraces", async () => {
    const out = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    expect(out.Traces).toHaveLength(1);
    const docs = (out.Traces?.[0].Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as Doc);
    const byOrigin = (origin: string): Doc => only(docs, origin);
    expect(docs).toHaveLength(4);
    for (const doc of docs) expect(doc.trace_id).toBe(traceId);

    const stage = byOrigin("AWS::ApiGateway::Stage");
    expect(stage.name).toBe("traced-api/prod");
    expect(stage.parent_id).toBeUndefined();
    expect(stage.http?.response?.status).toBe(201);
    const call = stage.subsegments?.find((s) => s.name === "Lambda");
    expect(call).toMatchObject({ namespace: "aws", aws: { operation: "Invoke", function_name: "put-order" } });

    const service = byOrigin("AWS::Lambda");
    expect(service.name).toBe("put-order");
    expect(service.parent_id).toBe(call?.id);

    const fn = byOrigin("AWS::Lambda::Function");
    expect(fn.parent_id).toBe(service.id);
    expect(fn.subsegments?.map((s) => s.name)).toEqual(["Initialization", "Invocation", "Overhead"]);
    const invocation = fn.subsegments?.find((s) => s.name === "Invocation");

    const table = byOrigin("AWS::DynamoDB::Table");
    expect(table.name).toBe("orders");
    expect(table.parent_id).toBe(invocation?.id);
    expect(table.aws).toMatchObject({ operation: "PutItem", table_name: "orders" });
    expect(table.aws?.request_id).toMatch(/^[0-9A-Za-z-]+$/);
  });

  it("graphs client → API stage → Lambda service → function → DynamoDB with GetServiceGraph", async () => {
    const now = Date.now();
    const graph = await xray.send(new GetServiceGraphCommand({ StartTime: new Date(now - 60_000), EndTime: new Date(now + 60_000) }));
    const services = graph.Services ?? [];
    const key = (s: { Type?: string; Name?: string }) => `${s.Type} ${s.Name ?? ""}`.trim();
    const byRef = new Map(services.map((s) => [s.ReferenceId, key(s)]));
    const edges = services.flatMap((s) => (s.Edges ?? []).map((e) => `${key(s)} → ${byRef.get(e.ReferenceId)}`));
    expect(edges).toEqual(
      expect.arrayContaining([
        "client → AWS::ApiGateway::Stage traced-api/prod",
        "AWS::ApiGateway::Stage traced-api/prod → AWS::Lambda put-order",
        "AWS::Lambda put-order → AWS::Lambda::Function put-order",
        "AWS::Lambda::Function put-order → AWS::DynamoDB::Table orders",
      ]),
    );
  });

  it("prints the trace as a waterfall with `sandbox traces <id>`", async () => {
    const { stdout } = await run(process.execPath, [cli, "traces", traceId, "--endpoint", sandbox.endpoint]);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^Trace ${traceId}  ·  [0-9.]+ m?s  ·  POST http://127\\.0\\.0\\.1:\\d+/prod/orders → 201$`));
    // Names, indented by caller, in order (bars and durations vary).
    expect(lines.slice(2).map((line) => /^ *[^\s█]+(?: [^\s█]+)*/.exec(line)?.[0])).toEqual([
      "traced-api/prod (ApiGateway::Stage)",
      "  Lambda Invoke",
      "    put-order (Lambda)",
      "      put-order (Lambda::Function)",
      "        Initialization",
      "        Invocation",
      "          orders (DynamoDB::Table)",
      "        Overhead",
    ]);
  });

  it("passes an HTTP API request's trace on without an API Gateway segment (HTTP APIs have no X-Ray)", async () => {
    const res = await fetch(`${sandbox.apiUrl}/http/orders`, { method: "POST", body: JSON.stringify({ id: "o-3" }) });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-amzn-trace-id")).toBeNull();
    const { traceHeader } = (await res.json()) as { traceHeader: string };
    const root = parseTraceHeader(traceHeader)?.root ?? "";
    const docs = await segmentsOf(root, 3);
    expect(docs.map((d) => d.origin).sort()).toEqual(["AWS::DynamoDB::Table", "AWS::Lambda", "AWS::Lambda::Function"]);
    // The function's Active tracing started the trace: its service segment is the root.
    expect(only(docs, "AWS::Lambda").parent_id).toBeUndefined();
    // Warm: no Initialization subsegment this time.
    expect(only(docs, "AWS::Lambda::Function").subsegments?.map((s) => s.name)).toEqual(["Invocation", "Overhead"]);
  });

  it("traces a Step Functions execution through its Task states to DynamoDB, SNS and the subscriber", async () => {
    const machine = sandbox.app.stateMachines.find((m) => m.name === "order-flow");
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine?.arn, input: JSON.stringify({ id: "o-2" }) }));
    const described = await eventually(
      () => sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn })),
      (d) => d.status !== "RUNNING",
    );
    expect(described.status).toBe("SUCCEEDED");
    const now = Date.now();
    const summaries = await xray.send(new GetTraceSummariesCommand({ StartTime: new Date(now - 60_000), EndTime: new Date(now + 60_000) }));
    const id = summaries.TraceSummaries?.find((s) => s.ServiceIds?.some((x) => x.Name === "order-flow"))?.Id ?? "";
    const docs = await segmentsOf(id, 5);
    expect(docs.map((d) => `${d.origin} ${d.name}`).sort()).toEqual([
      "AWS::DynamoDB::Table orders",
      "AWS::Lambda on-notice",
      "AWS::Lambda::Function on-notice",
      "AWS::SNS::Topic notices",
      "AWS::StepFunctions::StateMachine order-flow",
    ]);
    const execution = only(docs, "AWS::StepFunctions::StateMachine");
    expect(execution.parent_id).toBeUndefined();
    expect(execution.aws).toMatchObject({ execution_arn: started.executionArn });
    const [save, notify] = execution.subsegments ?? [];
    expect([save?.name, notify?.name]).toEqual(["SaveOrder", "Notify"]);
    expect(only(docs, "AWS::DynamoDB::Table")).toMatchObject({ parent_id: save?.id, aws: { operation: "PutItem", table_name: "orders" } });
    const topic = only(docs, "AWS::SNS::Topic");
    expect(topic).toMatchObject({ parent_id: notify?.id, aws: { operation: "Publish" } });
    const delivery = only(docs, "AWS::Lambda");
    expect(delivery.parent_id).toBe(topic.id);
    // SNS invokes asynchronously: the function ran in the delivery's first attempt.
    const attempt = delivery.subsegments?.find((s) => s.name === "Attempt #1");
    expect(only(docs, "AWS::Lambda::Function").parent_id).toBe(attempt?.id);
  });

  it("writes LogFormat JSON records to CloudWatch Logs (both API calls)", async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/put-order" }));
    const records = (out.events ?? [])
      .map((e) => JSON.parse(e.message ?? "") as Record<string, unknown>)
      // Node.js's own warnings (the AWS SDK warns about old Node.js versions) come and go with the machine.
      .filter((r) => !String(r.message ?? "").startsWith("(node:"));
    const types = records.map((r) => r.type ?? `log ${String(r.level)}`);
    expect(types).toEqual([
      "platform.initStart",
      "platform.initRuntimeDone",
      "platform.initReport",
      "platform.start",
      "log INFO",
      "platform.runtimeDone",
      "platform.report",
      // The HTTP API call above, warm: no Init phase.
      "platform.start",
      "log INFO",
      "platform.runtimeDone",
      "platform.report",
    ]);
    expect((records[10].record as { metrics: Record<string, number> }).metrics.initDurationMs).toBeUndefined();
    const requestId = (records[3].record as { requestId: string }).requestId;
    expect(records[0]).toMatchObject({ type: "platform.initStart", record: { initializationType: "on-demand", phase: "init", functionName: "put-order", functionVersion: "$LATEST" } });
    expect(records[3]).toMatchObject({
      type: "platform.start",
      record: { version: "$LATEST", tracing: { type: "X-Amzn-Trace-Id", value: expect.stringContaining(`Root=${traceId}`) } },
    });
    expect(records[4]).toMatchObject({ level: "INFO", requestId, message: "storing order o-1" });
    expect(records[5]).toMatchObject({ type: "platform.runtimeDone", record: { requestId, status: "success" } });
    expect(records[6]).toMatchObject({ type: "platform.report", record: { requestId, status: "success", metrics: { memorySizeMB: 128 } } });
    const metrics = (records[6].record as { metrics: Record<string, number> }).metrics;
    expect(metrics.billedDurationMs).toBeGreaterThanOrEqual(1);
    expect(metrics.initDurationMs).toBeGreaterThan(0);
    for (const r of records) expect(typeof (r.time ?? r.timestamp)).toBe("string");
  });
});
