import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, GetItemCommand, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { SandboxError } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixtures = join(import.meta.dirname, "fixtures");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("createSandbox", () => {
  let sandbox: RunningSandbox;
  let dynamodb: DynamoDBClient;
  let lambda: LambdaClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(fixtures, "app"), port: 0, edgePort: 0, inMemory: true });
    dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    dynamodb?.destroy();
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("creates the template's tables at start-up", async () => {
    const tables = await dynamodb.send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual([sandbox.app.outputs.AuditTable.value, sandbox.app.outputs.TableName.value].sort());
  });

  it("serves an HTTP API route through a warm Lambda", async () => {
    const first = await fetch(`${sandbox.apiUrl}/echo/ada`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await first.json()) as { hello: string; invocations: number; table: string };
    expect(body.hello).toBe("ada");
    expect(body.table).toBe(sandbox.app.outputs.TableName.value);
    const second = (await (await fetch(`${sandbox.apiUrl}/echo/bob`)).json()) as { invocations: number };
    expect(second.invocations).toBe(body.invocations + 1);
  });

  it("lets a handler write to DynamoDB through the real SDK", async () => {
    const res = await fetch(`${sandbox.apiUrl}/items`, { method: "POST", body: JSON.stringify({ id: "a1", n: 3 }) });
    expect(res.status).toBe(201);
    const item = await dynamodb.send(
      new GetItemCommand({ TableName: sandbox.app.outputs.TableName.value, Key: { id: { S: "a1" } } }),
    );
    expect(item.Item).toEqual({ id: { S: "a1" }, n: { N: "3" } });
  });

  it("answers a crashing handler as API Gateway does and stays up", async () => {
    const http = await fetch(`${sandbox.apiUrl}/crash`);
    expect(http.status).toBe(500);
    expect(await http.json()).toEqual({ message: "Internal Server Error" });
    const rest = await fetch(`${sandbox.apiUrl}/rest/crash`);
    expect(rest.status).toBe(502);
    expect(await rest.json()).toEqual({ message: "Internal server error" });
    const ok = await fetch(`${sandbox.apiUrl}/echo/still-up`);
    expect(ok.status).toBe(200);
  });

  it("returns the function error through the Lambda API", async () => {
    const crash = sandbox.app.functions.find((f) => f.logicalId === "Crash");
    const out = await lambda.send(new InvokeCommand({ FunctionName: crash?.functionName, Payload: Buffer.from("{}") }));
    expect(out.FunctionError).toBe("Unhandled");
    const payload = JSON.parse(Buffer.from(out.Payload ?? []).toString()) as { errorType: string; errorMessage: string };
    expect(payload.errorType).toBe("TypeError");
    expect(payload.errorMessage).toBe("boom");
  });

  it("writes each invocation's START/END/REPORT lines to the function's CloudWatch log group", async () => {
    const echo = sandbox.app.functions.find((f) => f.logicalId === "Echo");
    const logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${echo?.functionName}`, filterPattern: "REPORT" }));
    logs.destroy();
    expect(out.events?.length).toBeGreaterThanOrEqual(2);
    expect(out.events?.[0].message).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/);
    expect(out.events?.[0].logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  async function auditItem(id: string): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const out = await dynamodb.send(new GetItemCommand({ TableName: sandbox.app.outputs.AuditTable.value, Key: { id: { S: id } } }));
      if (out.Item || Date.now() > deadline) return out.Item;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("delivers an SNS message to the function subscribed in the template", async () => {
    const sns = new SNSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const published = await sns.send(new PublishCommand({ TopicArn: sandbox.app.outputs.TopicArn.value, Message: "hello" }));
    sns.destroy();
    expect(await auditItem(published.MessageId ?? "")).toEqual({
      id: { S: published.MessageId },
      message: { S: "hello" },
      source: { S: "aws:sns" },
    });
  });

  it("delivers an SNS message to a subscription made through the API", async () => {
    const sns = new SNSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const record = sandbox.app.functions.find((f) => f.logicalId === "Record");
    const topic = await sns.send(new CreateTopicCommand({ Name: "orders" }));
    expect(topic.TopicArn).toBe("arn:aws:sns:us-east-1:000000000000:orders");
    await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: "lambda", Endpoint: record?.arn }));
    const published = await sns.send(new PublishCommand({ TopicArn: topic.TopicArn, Message: "by api" }));
    sns.destroy();
    expect((await auditItem(published.MessageId ?? ""))?.message).toEqual({ S: "by api" });
  });

  it("feeds the table's stream to the function mapped in the template", async () => {
    await fetch(`${sandbox.apiUrl}/items`, { method: "POST", body: JSON.stringify({ id: "streamed" }) });
    expect(await auditItem("INSERT:streamed")).toEqual({ id: { S: "INSERT:streamed" }, source: { S: "aws:dynamodb" } });
  });

  it("finishes a day-long Wait state when the sandbox's clock is advanced", async () => {
    const sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: "wait-a-day",
        roleArn: "arn:aws:iam::000000000000:role/sfn",
        definition: JSON.stringify({
          StartAt: "Wait",
          States: { Wait: { Type: "Wait", Seconds: 86_400, Next: "Done" }, Done: { Type: "Pass", Result: { ok: true }, End: true } },
        }),
      }),
    );
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: "{}" }));
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running.status).toBe("RUNNING");

    const advanced = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "1d" }) });
    expect(((await advanced.json()) as { offsetMs: number }).offsetMs).toBe(86_400_000);

    // A bound for a failure only: the execution runs a function (a worker thread, slow to start under load).
    const deadline = Date.now() + 20_000;
    let done = running;
    while (done.status === "RUNNING" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    }
    sfn.destroy();
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output ?? "null")).toEqual({ ok: true });
  });

  it("makes a template layer importable, as /opt/nodejs is on AWS", async () => {
    const res = await fetch(`${sandbox.apiUrl}/greet?name=ada`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: "hello from the layer, ada" });
  });

  it("answers 404 Not Found for an unknown route", async () => {
    const res = await fetch(`${sandbox.apiUrl}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "Not Found" });
  });

  it("answers an unknown X-Amz-Target with UnknownOperationException", async () => {
    const res = await fetch(sandbox.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "NoSuchService_20200101.DoThing", "content-type": "application/x-amz-json-1.0" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string };
    expect(body.__type).toMatch(/UnknownOperationException$/);
  });

  it("answers malformed JSON with a SerializationException and keeps serving", async () => {
    const res = await fetch(sandbox.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "DynamoDB_20120810.ListTables", "content-type": "application/x-amz-json-1.0" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string };
    expect(body.__type).toMatch(/SerializationException$/);
    const tables = await dynamodb.send(new ListTablesCommand({}));
    expect(tables.TableNames?.length).toBe(2);
  });
});

describe("a broken template", () => {
  it("fails with the file, the line and what to fix", async () => {
    const error = await createSandbox({ template: join(fixtures, "broken"), port: 0, edgePort: 0, inMemory: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SandboxError);
    const sandboxError = error as SandboxError;
    expect(sandboxError.file).toBe(join(fixtures, "broken", "template.yaml"));
    expect(sandboxError.line).toBe(12);
    expect(sandboxError.message).toMatch(/DoesNotExist/);
  });
});

describe("createSandbox with timeScale 0 (--time-scale 0)", () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(fixtures, "app"), port: 0, edgePort: 0, inMemory: true, timeScale: 0 });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("still answers API routes (integration timeouts keep real time) from a warm environment", async () => {
    const first = await fetch(`${sandbox.apiUrl}/echo/ada`);
    expect(first.status).toBe(200);
    const { invocations } = (await first.json()) as { invocations: number };
    const second = await fetch(`${sandbox.apiUrl}/echo/bob`);
    expect(second.status).toBe(200);
    // The environment was not retired the moment it went idle.
    expect(((await second.json()) as { invocations: number }).invocations).toBe(invocations + 1);
  });
});
