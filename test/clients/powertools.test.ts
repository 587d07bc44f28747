// Powertools for AWS Lambda (TypeScript) inside functions the sandbox runs: its Logger
// writes structured lines to CloudWatch Logs, its idempotency utility relies on DynamoDB's
// ConditionExpression + ReturnValuesOnConditionCheckFailure behaving as AWS's, and its
// Tracer sends segments over UDP to the X-Ray daemon.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import { BatchGetTracesCommand, XRayClient } from "@aws-sdk/client-xray";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
let sandbox: RunningSandbox;
let lambda: LambdaClient;
let ddb: DynamoDBClient;
let logs: CloudWatchLogsClient;
let xray: XRayClient;

beforeAll(async () => {
  // The daemon on a free port: the sandbox tells the functions where (AWS_XRAY_DAEMON_ADDRESS).
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "powertools"), port: 0, edgePort: 0, inMemory: true, xrayDaemonPort: 0 });
  const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
  lambda = new LambdaClient(config);
  ddb = new DynamoDBClient(config);
  logs = new CloudWatchLogsClient(config);
  xray = new XRayClient(config);
});

afterAll(async () => {
  lambda?.destroy();
  ddb?.destroy();
  logs?.destroy();
  xray?.destroy();
  await sandbox?.stop();
});

async function charge(event: Record<string, unknown>): Promise<{ FunctionError?: string; body: Record<string, unknown> }> {
  const res = await lambda.send(new InvokeCommand({ FunctionName: "powertools-charge", Payload: JSON.stringify(event) }));
  return { FunctionError: res.FunctionError, body: JSON.parse(Buffer.from(res.Payload ?? new Uint8Array()).toString("utf8")) as Record<string, unknown> };
}

describe("@aws-lambda-powertools/idempotency with its DynamoDB persistence layer", () => {
  it("waitUntilFunctionActiveV2 finds the template's function Active", async () => {
    const result = await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: "powertools-charge" });
    expect(result.state).toBe("SUCCESS");
  });

  it("charges an order once and replays the stored result for the same order id", async () => {
    const first = await charge({ orderId: "order-1", amount: 42 });
    expect(first.FunctionError).toBeUndefined();
    expect(first.body).toMatchObject({ orderId: "order-1", amount: 42 });
    const replay = await charge({ orderId: "order-1", amount: 42 });
    expect(replay.FunctionError).toBeUndefined();
    expect(replay.body).toEqual(first.body);
    const other = await charge({ orderId: "order-2", amount: 7 });
    expect(other.body.chargeId).not.toBe(first.body.chargeId);
  });

  it("stores a COMPLETED record keyed by function and payload hash", async () => {
    const first = await charge({ orderId: "order-3", amount: 1 });
    const hash = createHash("md5").update(JSON.stringify("order-3")).digest("base64");
    const id = `powertools-charge#${hash}`;
    const record = await ddb.send(new GetItemCommand({ TableName: "powertools-idempotency", Key: { id: { S: id } } }));
    expect(record.Item?.status).toEqual({ S: "COMPLETED" });
    expect(record.Item?.data).toEqual({ M: { orderId: { S: "order-3" }, chargeId: { S: first.body.chargeId }, amount: { N: "1" } } });
    expect(Number(record.Item?.expiration?.N)).toBeGreaterThan(Date.now() / 1000);
  });

  it("reports an order still in progress from the record DynamoDB returns with the failed condition", async () => {
    const id = `powertools-charge#${createHash("md5").update(JSON.stringify("order-5")).digest("base64")}`;
    const inProgressUntil = Date.now() + 60_000;
    await ddb.send(new PutItemCommand({
      TableName: "powertools-idempotency",
      Item: { id: { S: id }, status: { S: "INPROGRESS" }, expiration: { N: String(Math.floor(inProgressUntil / 1000) + 3600) }, in_progress_expiration: { N: String(inProgressUntil) } },
    }));
    const busy = await charge({ orderId: "order-5", amount: 9 });
    expect(busy.FunctionError).toBe("Unhandled");
    expect(busy.body.errorType).toBe("IdempotencyAlreadyInProgressError");
    expect(busy.body.errorMessage).toBe(`There is already an execution in progress with idempotency key: ${id}`);
  });

  it("deletes the record when the handler throws, so a retry runs again", async () => {
    const failed = await charge({ orderId: "order-4", amount: 5, fail: true });
    expect(failed.FunctionError).toBe("Unhandled");
    expect(failed.body.errorMessage).toBe("card declined for order-4");
    const retried = await charge({ orderId: "order-4", amount: 5 });
    expect(retried.FunctionError).toBeUndefined();
    expect(retried.body).toMatchObject({ orderId: "order-4", amount: 5 });
  });
});

describe("@aws-lambda-powertools/logger", () => {
  it("writes structured JSON lines with the invocation's context to the function's log group", async () => {
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: "powertools-charge", Payload: JSON.stringify({ orderId: "order-log", amount: 3 }) }));
    expect(invoked.StatusCode).toBe(200);
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/powertools-charge", filterPattern: '{ $.orderId = "order-log" }' }));
    const lines = (events ?? []).map((e) => JSON.parse(e.message ?? "{}") as Record<string, unknown>);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ level: "INFO", message: "charging", service: "payments", orderId: "order-log", amount: 3, function_name: "powertools-charge", cold_start: false });
    expect(lines[0].function_request_id).toEqual(expect.any(String));
  });
});

describe("@aws-lambda-powertools/tracer", () => {
  interface Doc { id: string; name: string; parent_id?: string; annotations?: Record<string, unknown>; metadata?: Record<string, unknown>; aws?: Record<string, unknown>; namespace?: string; subsegments?: Doc[] }
  const flatten = (docs: Doc[]): Doc[] => docs.flatMap((d) => [d, ...flatten(d.subsegments ?? [])]);

  it("sends the handler's subsegments to the sandbox's X-Ray daemon, nested under Lambda's Invocation", async () => {
    expect(sandbox.xrayDaemonAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await lambda.send(new InvokeCommand({ FunctionName: "powertools-traced", Payload: JSON.stringify({ orderId: "order-traced" }) }));
    expect(res.FunctionError).toBeUndefined();
    const out = JSON.parse(Buffer.from(res.Payload ?? new Uint8Array()).toString("utf8")) as { traceHeader: string; found: boolean };
    expect(out.found).toBe(false);
    const traceId = /Root=([^;]+)/.exec(out.traceHeader)?.[1] ?? "";
    expect(out.traceHeader).toContain("Sampled=1");
    const docs = await vi.waitFor(async () => {
      const { Traces } = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
      const all = flatten((Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as Doc));
      if (!all.some((d) => d.name === "## lookup") || !all.some((d) => d.name === "DynamoDB" && d.namespace === "aws")) throw new Error("not yet recorded");
      return all;
    }, { timeout: 5_000, interval: 50 });
    const invocation = docs.find((d) => d.name === "Invocation");
    const lookup = docs.find((d) => d.name === "## lookup");
    // X-Ray merges a subsegment sent on its own into its parent's document.
    expect(invocation?.subsegments?.map((d) => d.name)).toContain("## lookup");
    expect(lookup?.annotations).toMatchObject({ orderId: "order-traced" });
    expect(lookup?.metadata).toMatchObject({ traced: { request: { orderId: "order-traced" } } });
    const call = lookup?.subsegments?.find((d) => d.name === "DynamoDB" && d.namespace === "aws");
    expect(call?.aws).toMatchObject({ operation: "GetItem", table_name: "powertools-idempotency" });
  });
});
