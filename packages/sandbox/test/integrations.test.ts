import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, GetExecutionHistoryCommand, SFNClient, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "integrations");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("Step Functions aws-sdk integrations through the sandbox", () => {
  let sandbox: RunningSandbox;
  let sfn: SFNClient;
  let s3: S3Client;
  let counter = 0;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, disableHostPrefix: true });
    s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
  });

  afterAll(async () => {
    sfn?.destroy();
    s3?.destroy();
    await sandbox?.stop();
  });

  /** Runs a one-Task EXPRESS machine synchronously; returns the execution's result. */
  async function runTask(resource: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const definition = { StartAt: "Call", States: { Call: { Type: "Task", Resource: resource, Parameters: parameters, End: true, ...extra } } };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: `integration-${++counter}`,
        definition: JSON.stringify(definition),
        roleArn: "arn:aws:iam::123456789012:role/sfn",
        type: "EXPRESS",
      }),
    );
    return sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: "{}" }));
  }

  it("aws-sdk:lambda:invoke returns Lambda's Invoke output in PascalCase, Payload as text", async () => {
    const result = await runTask("arn:aws:states:::aws-sdk:lambda:invoke", { FunctionName: "integrations-echo", Payload: { a: 1 } });
    expect(result).toMatchObject({ status: "SUCCEEDED" });
    const output = JSON.parse(result.output ?? "null") as Record<string, unknown>;
    expect(output).toMatchObject({ ExecutedVersion: "$LATEST", StatusCode: 200 });
    expect(JSON.parse(String(output.Payload))).toEqual({ echoed: { a: 1 } });
    expect(Object.keys(output).at(-1)).toBe("Payload");
  });

  it("a function error is part of aws-sdk:lambda:invoke's output, as the SDK returns it", async () => {
    const result = await runTask("arn:aws:states:::aws-sdk:lambda:invoke", { FunctionName: "integrations-echo", Payload: { fail: true } });
    expect(result.status).toBe("SUCCEEDED");
    const output = JSON.parse(result.output ?? "null") as { FunctionError: string; Payload: string };
    expect(output.FunctionError).toBe("Unhandled");
    expect(JSON.parse(output.Payload)).toMatchObject({ errorType: "EchoFailed", errorMessage: "asked to fail" });
  });

  it("aws-sdk:lambda:getFunction and listFunctions read Lambda's REST API", async () => {
    const got = await runTask("arn:aws:states:::aws-sdk:lambda:getFunction", { FunctionName: "integrations-echo" });
    expect(got.status).toBe("SUCCEEDED");
    const output = JSON.parse(got.output ?? "null") as { Configuration: Record<string, unknown> };
    expect(output.Configuration).toMatchObject({ FunctionName: "integrations-echo", Handler: "echo.handler" });
    const listed = await runTask("arn:aws:states:::aws-sdk:lambda:listFunctions", {});
    const functions = (JSON.parse(listed.output ?? "null") as { Functions: { FunctionName: string }[] }).Functions;
    expect(functions.map((f) => f.FunctionName)).toContain("integrations-echo");
  });

  it("a missing function fails as Lambda.ResourceNotFoundException with the SDK v2 cause", async () => {
    const result = await runTask("arn:aws:states:::aws-sdk:lambda:invoke", { FunctionName: "nope" });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Lambda.ResourceNotFoundException");
    // Invoke names the unqualified function as <arn>:$LATEST (localstack test_invoke_exceptions, recorded on AWS).
    expect(result.cause).toMatch(/^Function not found: arn:aws:lambda:us-east-1:\d+:function:nope:\$LATEST \(Service: Lambda, Status Code: 404, Request ID: [0-9a-f-]+\)$/);
  });

  it("aws-sdk:xray:putTraceSegments and getTraceSummaries reach X-Ray", async () => {
    const now = Date.now() / 1000;
    const traceId = `1-${Math.floor(now).toString(16)}-${"a".repeat(24)}`;
    const segment = { name: "from-sfn", id: "0123456789abcdef", trace_id: traceId, start_time: now - 1, end_time: now };
    const put = await runTask("arn:aws:states:::aws-sdk:xray:putTraceSegments", { TraceSegmentDocuments: [JSON.stringify(segment)] });
    expect(put.status).toBe("SUCCEEDED");
    expect(JSON.parse(put.output ?? "null")).toEqual({ UnprocessedTraceSegments: [] });
    const batch = await runTask("arn:aws:states:::aws-sdk:xray:batchGetTraces", { TraceIds: [traceId] });
    const traces = (JSON.parse(batch.output ?? "null") as { Traces: { Id: string; Segments: unknown[] }[] }).Traces;
    expect(traces.map((t) => t.Id)).toEqual([traceId]);
  });

  it("aws-sdk:sfn takes and returns PascalCase members, a JSON Input sent as its text", async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: `integration-target-${++counter}`,
        definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }),
        roleArn: "arn:aws:iam::123456789012:role/sfn",
      }),
    );
    const started = await runTask("arn:aws:states:::aws-sdk:sfn:startExecution", { StateMachineArn: stateMachineArn, Name: "from-aws-sdk", Input: { key: "value" } });
    expect(started.status).toBe("SUCCEEDED");
    const output = JSON.parse(started.output ?? "null") as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(["ExecutionArn", "StartDate"]);
    expect(output.ExecutionArn).toBe(`${String(stateMachineArn).replace(":stateMachine:", ":execution:")}:from-aws-sdk`);
    expect(String(output.StartDate)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const described = await runTask("arn:aws:states:::aws-sdk:sfn:describeExecution", { ExecutionArn: output.ExecutionArn });
    expect(JSON.parse(described.output ?? "null")).toMatchObject({ Input: '{"key":"value"}', Name: "from-aws-sdk" });
    const token = await runTask("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", { TaskToken: "NoSuchTaskToken", Output: "{}" });
    expect(token).toMatchObject({ status: "FAILED", error: "Sfn.InvalidTokenException" });
    expect(token.cause).toMatch(/^Invalid Token: 'Invalid token' \(Service: Sfn, Status Code: 400, Request ID: [0-9a-f-]+\)$/);
  });

  it("aws-sdk:cloudwatchlogs takes PascalCase names for a camelCase API", async () => {
    const created = await runTask("arn:aws:states:::aws-sdk:cloudwatchlogs:createLogGroup", { LogGroupName: "/from/sfn" });
    expect(created.status).toBe("SUCCEEDED");
    const described = await runTask("arn:aws:states:::aws-sdk:cloudwatchlogs:describeLogGroups", { LogGroupNamePrefix: "/from/" });
    const groups = (JSON.parse(described.output ?? "null") as { LogGroups: Record<string, unknown>[] }).LogGroups;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ LogGroupName: "/from/sfn", Arn: expect.stringContaining(":log-group:/from/sfn") });
  });

  it("aws-sdk:s3:putObject stores a JSON Body as its text; getObject returns AWS's members, Body last", async () => {
    const put = await runTask("arn:aws:states:::aws-sdk:s3:putObject", { Bucket: "integrations-data", Key: "docs/a.json", Body: { Dict: "Value" } });
    expect(put.status).toBe("SUCCEEDED");
    expect(JSON.parse(put.output ?? "null")).toMatchObject({ ETag: '"49e31cee5aec8faf3345893addb14346"' });
    const stored = await s3.send(new GetObjectCommand({ Bucket: "integrations-data", Key: "docs/a.json" }));
    expect(await stored.Body?.transformToString()).toBe('{"Dict":"Value"}');

    await s3.send(new PutObjectCommand({ Bucket: "integrations-data", Key: "docs/b.txt", Body: "binary data" }));
    const got = await runTask("arn:aws:states:::aws-sdk:s3:getObject", { Bucket: "integrations-data", Key: "docs/b.txt" });
    expect(got.status).toBe("SUCCEEDED");
    const output = JSON.parse(got.output ?? "null") as Record<string, unknown>;
    expect(output).toMatchObject({ ContentLength: 11, ETag: '"e1a49b59e0c42e4fd3735ad644f25d57"', Body: "binary data", Metadata: {} });
    expect(Object.keys(output).at(-1)).toBe("Body");

    const listed = await runTask("arn:aws:states:::aws-sdk:s3:listObjectsV2", { Bucket: "integrations-data", Prefix: "docs/" });
    expect((JSON.parse(listed.output ?? "null") as { Contents: { Key: string }[] }).Contents.map((c) => c.Key)).toEqual(["docs/a.json", "docs/b.txt"]);
  });

  it("a missing key fails as S3.NoSuchKeyException, from GetObject and from HeadObject", async () => {
    const head = await runTask("arn:aws:states:::aws-sdk:s3:headObject", { Bucket: "integrations-data", Key: "nope" });
    expect(head).toMatchObject({ status: "FAILED", error: "S3.NoSuchKeyException" });
    expect(head.cause).toMatch(/^null \(Service: S3, Status Code: 404, /);
    const result = await runTask("arn:aws:states:::aws-sdk:s3:getObject", { Bucket: "integrations-data", Key: "nope" });
    expect(result).toMatchObject({ status: "FAILED", error: "S3.NoSuchKeyException" });
    expect(result.cause).toMatch(/\(Service: S3, Status Code: 404, Request ID: [0-9a-f-]+, Extended Request ID: [A-Za-z0-9+/=]+\)$/);
  });

  it("a Distributed Map reads CSV items from S3 and writes its results back", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "integrations-data", Key: "in/orders.csv", Body: "id,total\n1,10\n2,20\n3,30\n" }));
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW", MaxItems: 2 }, Parameters: { Bucket: "integrations-data", Key: "in/orders.csv" } },
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "integrations-data", Prefix: "out" } },
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: `integration-map-${++counter}`, definition: JSON.stringify(definition), roleArn: "arn:aws:iam::123456789012:role/sfn", type: "EXPRESS" }),
    );
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: "{}" }));
    expect(result.status).toBe("SUCCEEDED");
    const output = JSON.parse(result.output ?? "null") as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(":") + 1);
    expect(output.ResultWriterDetails).toEqual({ Bucket: "integrations-data", Key: `out/${runId}/manifest.json` });
    const read = async (key: string) => JSON.parse((await (await s3.send(new GetObjectCommand({ Bucket: "integrations-data", Key: key }))).Body?.transformToString()) ?? "null") as unknown;
    const manifest = (await read(`out/${runId}/manifest.json`)) as { ResultFiles: { SUCCEEDED: { Key: string }[] } };
    expect(manifest.ResultFiles.SUCCEEDED.map((f) => f.Key)).toEqual([`out/${runId}/SUCCEEDED_0.json`]);
    const succeeded = (await read(`out/${runId}/SUCCEEDED_0.json`)) as { Output: string }[];
    expect(succeeded.map((r) => JSON.parse(r.Output) as unknown)).toEqual([{ id: "1", total: "10" }, { id: "2", total: "20" }]);
  });

  it("an HTTP Task calls a local server and fails on its 4xx as States.Http.StatusCode.<code>", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/teapot") res.writeHead(418, { "content-type": "application/json" }).end('{"short":"stout"}');
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, url: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connection = { ConnectionArn: "arn:aws:events:us-east-1:123456789012:connection/local/1" };
    try {
      const ok = await runTask("arn:aws:states:::http:invoke", { ApiEndpoint: `${base}/orders`, Method: "GET", Authentication: connection, QueryParameters: { id: "7" } });
      expect(ok.status).toBe("SUCCEEDED");
      expect(JSON.parse(ok.output ?? "null")).toMatchObject({ ResponseBody: { method: "GET", url: "/orders?id=7" }, StatusCode: 200, StatusText: "OK" });
      const teapot = await runTask("arn:aws:states:::http:invoke", { ApiEndpoint: `${base}/teapot`, Method: "POST", Authentication: connection, RequestBody: { a: 1 } });
      expect(teapot).toMatchObject({ status: "FAILED", error: "States.Http.StatusCode.418" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("records the aws-sdk task's events as AWS does", async () => {
    const definition = {
      StartAt: "Call",
      States: { Call: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:lambda:invoke", Parameters: { FunctionName: "integrations-echo" }, End: true } },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: `integration-std-${++counter}`, definition: JSON.stringify(definition), roleArn: "arn:aws:iam::123456789012:role/sfn" }),
    );
    const { StartExecutionCommand, DescribeExecutionCommand } = await import("@aws-sdk/client-sfn");
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    for (let i = 0; i < 200; i++) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== "RUNNING") break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const scheduled = history.events?.find((e) => e.type === "TaskScheduled");
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({ resourceType: "aws-sdk:lambda", resource: "invoke", parameters: '{"FunctionName":"integrations-echo"}' });
    expect(history.events?.map((e) => e.type)).toContain("TaskSucceeded");
  });
});
