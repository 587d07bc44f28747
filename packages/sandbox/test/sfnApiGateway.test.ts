import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StartSyncExecutionCommand,
} from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

// Shapes from LocalStack's test_apigetway_task_service.snapshot.json, recorded on AWS.
describe("Step Functions apigateway:invoke", () => {
  let sandbox: RunningSandbox;
  let sfn: SFNClient;
  const output = (name: string) => sandbox.app.outputs[name].value;
  const run = (input: Record<string, unknown>) =>
    sfn.send(new StartSyncExecutionCommand({ stateMachineArn: output("CallApiArn"), input: JSON.stringify({ ApiEndpoint: output("ApiHost"), Method: "POST", Stage: "Prod", ...input }) }));

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sfn-apigw"), port: 0, edgePort: 0, inMemory: true });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, disableHostPrefix: true });
  });

  afterAll(async () => {
    sfn?.destroy();
    await sandbox?.stop();
  });

  it("calls a REST API route the sandbox serves through <apiId>.execute-api.<region>.amazonaws.com", async () => {
    expect(output("ApiHost")).toMatch(/^[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    const result = await run({ Path: "orders", RequestBody: { item: "book" } });
    expect(result.status).toBe("SUCCEEDED");
    const out = JSON.parse(result.output ?? "{}") as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["Headers", "ResponseBody", "StatusCode", "StatusText"]);
    expect(out).toMatchObject({ StatusCode: 200, StatusText: "OK" });
    // The answer's JSON is parsed; the stage is in the path, headers and query values went as lists.
    expect(out.ResponseBody).toEqual({
      method: "POST", path: "/orders", stage: "Prod", query: { priority: ["high", "low"] }, tenant: "acme", body: { item: "book" },
    });
    // Header names keep their casing, each value a list.
    const headers = out.Headers as Record<string, unknown>;
    expect(headers["Content-Type"]).toEqual(["application/json"]);
    expect(headers["X-Order-Source"]).toEqual(["orders"]);
    expect(headers["x-amzn-RequestId"]).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(headers.Connection).toEqual(["keep-alive"]);
  });

  it("sends a string RequestBody as JSON text", async () => {
    const result = await run({ Path: "/orders", RequestBody: "HelloWorld" });
    expect(result.status).toBe("SUCCEEDED");
    const out = JSON.parse(result.output ?? "{}") as { ResponseBody: { body: unknown } };
    expect(out.ResponseBody.body).toBe("HelloWorld");
  });

  it("fails with ApiGateway.<status> and the answer's body as the cause for a 4xx", async () => {
    const result = await run({ Path: "ordersinvalid", RequestBody: "HelloWorld" });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("ApiGateway.403");
    expect(JSON.parse(result.cause ?? "{}")).toEqual({ message: "Missing Authentication Token" });
  });

  it("waits for the task token it sent (apigateway:invoke.waitForTaskToken)", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: output("AwaitApiArn") }));
    const history = () => sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    await expect.poll(async () => (await history()).events?.map((e) => e.type), { timeout: 10_000 }).toContain("TaskSubmitted");
    const events = (await history()).events ?? [];
    const scheduled = events.find((e) => e.type === "TaskScheduled")?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resource: "invoke.waitForTaskToken", resourceType: "apigateway" });
    const token = (JSON.parse(scheduled?.parameters ?? "{}") as { RequestBody: { token: string } }).RequestBody.token;
    // TaskSubmitted carries the API's answer; the task ends with the token's output.
    const submitted = JSON.parse(events.find((e) => e.type === "TaskSubmitted")?.taskSubmittedEventDetails?.output ?? "{}") as { ResponseBody: { body: unknown } };
    expect(submitted.ResponseBody.body).toEqual({ token });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ shipped: true }) }));
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, { timeout: 10_000 }).toBe("SUCCEEDED");
    expect(JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output ?? "{}")).toEqual({ shipped: true });
  });

  it("calls an http(s) ApiEndpoint elsewhere as given; a 5xx fails as ApiGateway.<status> too", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["x-tenant"]}`);
      res.writeHead(503, { "Content-Type": "text/plain" }).end("try later");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await run({ ApiEndpoint: `http://127.0.0.1:${port}`, Path: "orders", RequestBody: {} });
      expect(result.status).toBe("FAILED");
      expect(result.error).toBe("ApiGateway.503");
      expect(result.cause).toBe("try later");
      expect(seen).toEqual(["POST /Prod/orders?priority=high&priority=low acme"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
