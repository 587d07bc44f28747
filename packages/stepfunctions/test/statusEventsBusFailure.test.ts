// An EventBridge port that throws as it is called: the status-change events are lost and logged,
// the execution runs as without them (StartExecution answers, the run ends SUCCEEDED).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { MemoryStore, RealClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions, type ExecutionEventBus, type StepFunctions } from "@sam-sandbox/stepfunctions";

const warnings: string[] = [];
const broken: ExecutionEventBus = {
  listening: () => {
    throw new Error("bus unavailable");
  },
  putEvents: async () => {},
};

let sfn: StepFunctions;
let server: Awaited<ReturnType<typeof serveHandler>>;
let client: SFNClient;

beforeAll(async () => {
  const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
  sfn = await createStepFunctions({ store: new MemoryStore(), clock: new RealClock(), logger, region: "us-east-1", accountId: "000000000000", eventBridge: broken });
  server = await serveHandler(sfn.service.handle);
  client = new SFNClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, disableHostPrefix: true });
});

afterAll(async () => {
  client?.destroy();
  await sfn?.close();
  await server?.close();
});

describe("status-change events through a failing bus", () => {
  it("runs the execution and logs each event it could not send", async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: "bus-down", roleArn: "arn:aws:iam::000000000000:role/sfn", definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } }) }),
    );
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    await vi.waitFor(async () => expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("SUCCEEDED"), { timeout: 10_000, interval: 20 });
    expect(warnings).toEqual([
      `Step Functions: could not send the RUNNING event of ${executionArn} to EventBridge: Error: bus unavailable`,
      `Step Functions: could not send the SUCCEEDED event of ${executionArn} to EventBridge: Error: bus unavailable`,
    ]);
  });
});
