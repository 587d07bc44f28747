/**
 * Step Functions execution status changes reach EventBridge's default bus: the template's rules
 * (source aws.states) route them to SQS queues, as on AWS ("Automating Step Functions event
 * delivery with EventBridge"); Express executions send none.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";
import { admitsSource } from "../src/stepFunctionsEvents.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ACCOUNT = "000000000000";
const ORDERS = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:orders-flow`;
const QUICK = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:quick-flow`;

interface StatusEvent {
  "detail-type": string;
  source: string;
  account: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

describe("Step Functions execution status change events", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  let sfn: SFNClient;
  const received = new Map<string, StatusEvent[]>();

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sfn-events"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    sqs = new SQSClient(config);
    sfn = new SFNClient(config);
  });

  afterAll(async () => {
    sqs?.destroy();
    sfn?.destroy();
    await sandbox?.stop();
  });

  /** Every event the queue has received so far, in the order it received them. */
  async function queued(queue: string): Promise<StatusEvent[]> {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 3600 }));
    const list = received.get(queue) ?? [];
    list.push(...(out.Messages ?? []).map((m) => JSON.parse(m.Body ?? "{}") as StatusEvent));
    received.set(queue, list);
    return list;
  }

  const of = (events: StatusEvent[], executionArn: string | undefined) => events.filter((e) => e.detail.executionArn === executionArn);

  it("sends RUNNING then SUCCEEDED for a Standard execution, in AWS's shape", async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: ORDERS, name: "order-1", input: '{"ok": true}' }));
    const events = of(await eventually(() => queued("sfn-all-changes"), (list) => of(list, started.executionArn).length >= 2), started.executionArn);
    expect(events.map((e) => e.detail.status)).toEqual(["RUNNING", "SUCCEEDED"]);
    const startDate = started.startDate?.getTime();
    for (const event of events) {
      expect(event).toMatchObject({
        "detail-type": "Step Functions Execution Status Change",
        source: "aws.states",
        account: ACCOUNT,
        region: "us-east-1",
        resources: [started.executionArn],
      });
    }
    expect(events[0]?.detail).toEqual({
      executionArn: started.executionArn,
      stateMachineArn: ORDERS,
      name: "order-1",
      status: "RUNNING",
      startDate,
      stopDate: null,
      input: '{"ok": true}',
      output: null,
      stateMachineVersionArn: null,
      stateMachineAliasArn: null,
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: "Execution is RUNNING and cannot be redriven",
      inputDetails: { included: true },
      outputDetails: null,
      error: null,
      cause: null,
    });
    expect(events[1]?.detail).toMatchObject({
      status: "SUCCEEDED",
      startDate,
      stopDate: expect.any(Number),
      output: '{"shipped":true}',
      outputDetails: { included: true },
      redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven",
      error: null,
      cause: null,
    });
  });

  it("sends FAILED with the error and cause, which a rule on detail.status routes on its own", async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: ORDERS, name: "order-2", input: '{"ok": false}' }));
    const failures = of(await eventually(() => queued("sfn-failures"), (list) => of(list, started.executionArn).length >= 1), started.executionArn);
    expect(failures.map((e) => e.detail)).toEqual([
      expect.objectContaining({ status: "FAILED", error: "OrderRejected", cause: "the order is not ok", output: null, redriveStatus: "REDRIVABLE", redriveStatusReason: null }),
    ]);
    const all = of(await eventually(() => queued("sfn-all-changes"), (list) => of(list, started.executionArn).length >= 2), started.executionArn);
    expect(all.map((e) => e.detail.status)).toEqual(["RUNNING", "FAILED"]);
    // The succeeded order never reached the failures queue.
    expect(of(received.get("sfn-failures") ?? [], `arn:aws:states:us-east-1:${ACCOUNT}:execution:orders-flow:order-1`)).toEqual([]);
  });

  it("sends nothing for an Express execution", async () => {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: QUICK, name: "quick-1" }));
    // A Standard execution started after it: once its events are in, the Express one's would be too.
    const marker = await sfn.send(new StartExecutionCommand({ stateMachineArn: ORDERS, name: "order-3", input: '{"ok": true}' }));
    const all = await eventually(() => queued("sfn-all-changes"), (list) => of(list, marker.executionArn).length >= 2);
    expect(all.filter((e) => String(e.detail.stateMachineArn) === QUICK)).toEqual([]);
  });
});

describe("admitsSource", () => {
  it("tells whether a rule's source condition could take an aws.states event", () => {
    expect(admitsSource('{"source": ["aws.states"]}', "aws.states")).toBe(true);
    expect(admitsSource('{"source": [{"prefix": "aws."}]}', "aws.states")).toBe(true);
    expect(admitsSource('{"source": [{"anything-but": "shop"}]}', "aws.states")).toBe(true);
    expect(admitsSource('{"detail-type": ["Step Functions Execution Status Change"]}', "aws.states")).toBe(true);
    expect(admitsSource('{"$or": [{"source": ["shop"]}, {"detail-type": ["x"]}]}', "aws.states")).toBe(true);
    expect(admitsSource('{"source": ["shop"]}', "aws.states")).toBe(false);
    expect(admitsSource('{"source": [{"prefix": "audit."}]}', "aws.states")).toBe(false);
    // A schedule-only rule takes no event.
    expect(admitsSource(undefined, "aws.states")).toBe(false);
  });
});
