// End to end through the real interfaces: POST /orders on the REST API starts the workflow,
// the AWS SDK reads executions, histories, the table, the topic and the function logs.
// timeScale 0 skips the payment Wait and the Retry back-off, so each order settles at once.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
  paginateGetExecutionHistory,
} from "@aws-sdk/client-sfn";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { createSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const STATE_MACHINE = "order-workflow-place-order";
const TABLE = "order-workflow-orders";

const goodOrder = {
  customer: { email: "hanako@example.com" },
  items: [
    { sku: "BOOK-001", quantity: 2 },
    { sku: "MUG-002", quantity: 1 },
  ],
  payment: { method: "card" },
};

// What createSandbox() returns: besides the URLs, the loaded template (functions, outputs).
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
let sfn: SFNClient;
let dynamodb: DynamoDBClient;
let sns: SNSClient;
let logs: CloudWatchLogsClient;
let stateMachineArn: string;

beforeAll(async () => {
  sandbox = await createSandbox({
    template: exampleDir,
    port: 0,
    edgePort: 0,
    inMemory: true,
    timeScale: 0,
    mockConfig: join(exampleDir, "mocks.json"),
  });
  const client = { endpoint: sandbox.endpoint, region: sandbox.region, credentials };
  sfn = new SFNClient(client);
  dynamodb = new DynamoDBClient(client);
  sns = new SNSClient(client);
  logs = new CloudWatchLogsClient(client);
  stateMachineArn = sandbox.app.outputs.StateMachineArn.value;
});

afterAll(async () => {
  for (const client of [sfn, dynamodb, sns, logs]) client?.destroy();
  await sandbox?.stop();
});

interface Started {
  executionArn: string;
  startDate: number;
}

async function placeOrder(order: unknown): Promise<Started> {
  const res = await fetch(`${sandbox.apiUrl}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(order),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Started;
}

const orderIdOf = (executionArn: string) => executionArn.split(":").at(-1) ?? "";

/** Polls DescribeExecution until the execution leaves RUNNING. */
async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== "RUNNING" || Date.now() > deadline) return execution;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The whole history, read page by page as the SDK's paginator does. */
async function history(executionArn: string, pageSize?: number): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const page of paginateGetExecutionHistory({ client: sfn, pageSize }, { executionArn })) {
    events.push(...(page.events ?? []));
  }
  return events;
}

/** Names of the states entered, in order. */
const entered = (events: HistoryEvent[]) => events.flatMap((e) => (e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : []));

/** What a lambda:invoke TaskScheduled event says it sent. */
interface InvokeParameters {
  FunctionName?: string;
  Payload?: { retryCount?: number };
}

/** A Lambda error's Cause is its error payload as JSON. */
const errorMessageOf = (cause: string | undefined) => (JSON.parse(cause ?? "{}") as { errorMessage?: string }).errorMessage;

const parametersOf = (event: HistoryEvent) => JSON.parse(event.taskScheduledEventDetails?.parameters ?? "{}") as InvokeParameters;

/** The TaskScheduled events that invoked the function whose logical id is given. */
function invocationsOf(events: HistoryEvent[], logicalId: string): HistoryEvent[] {
  const arn = sandbox.app.functions.find((f) => f.logicalId === logicalId)?.arn;
  return events.filter((e) => e.type === "TaskScheduled" && parametersOf(e).FunctionName === arn);
}

async function getOrder(orderId: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.apiUrl}/orders/${orderId}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("template", () => {
  it("creates the state machine from DefinitionUri with every DefinitionSubstitution applied", async () => {
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(machine).toMatchObject({ name: STATE_MACHINE, type: "STANDARD", status: "ACTIVE" });
    expect(machine.definition).not.toMatch(/\$\{/);
    const { States: states } = JSON.parse(machine.definition ?? "{}") as { States: Record<string, { Parameters?: Record<string, unknown> }> };
    const validate = sandbox.app.functions.find((f) => f.logicalId === "ValidateOrderFunction");
    expect(states.Validate.Parameters?.FunctionName).toBe(validate?.arn);
    expect(states.RecordOrder.Parameters?.TableName).toBe(TABLE);
  });

  it("subscribes NotifyCustomerFunction to the order events topic", async () => {
    const topicArn = sandbox.app.outputs.OrderEventsTopicArn.value;
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    const notify = sandbox.app.functions.find((f) => f.logicalId === "NotifyCustomerFunction");
    expect(Subscriptions.map((s) => [s.Protocol, s.Endpoint])).toEqual([["lambda", notify?.arn]]);
  });
});

describe("a good order", () => {
  let started: Started;
  let execution: DescribeExecutionCommandOutput;

  beforeAll(async () => {
    started = await placeOrder(goodOrder);
    execution = await finished(started.executionArn);
  });

  it("answers POST /orders with the execution's ARN and start date, as SAM's StartExecution integration does", () => {
    expect(Object.keys(started).sort()).toEqual(["executionArn", "startDate"]);
    expect(started.executionArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:000000000000:execution:${STATE_MACHINE}:[0-9a-f-]{36}$`));
    expect(typeof started.startDate).toBe("number");
  });

  it("succeeds with the order's total and the notification's message id", () => {
    expect(execution.status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.output ?? "null")).toEqual({
      orderId: orderIdOf(started.executionArn),
      status: "PLACED",
      // 2 × 3200 + 1500 = 7900, tax 790, free shipping from 5000.
      total: 8690,
      currency: "JPY",
      notificationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("saves the priced order in DynamoDB", async () => {
    const orderId = orderIdOf(started.executionArn);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { orderId: { S: orderId } } }));
    expect(Item).toMatchObject({
      orderId: { S: orderId },
      status: { S: "PLACED" },
      customerEmail: { S: "hanako@example.com" },
      subtotal: { N: "7900" },
      tax: { N: "790" },
      shipping: { N: "0" },
      total: { N: "8690" },
      currency: { S: "JPY" },
    });
    expect(JSON.parse(Item?.items.S ?? "[]")).toEqual([
      { sku: "BOOK-001", quantity: 2, name: "Serverless Patterns (paperback)", unitPrice: 3200, amount: 6400 },
      { sku: "MUG-002", quantity: 1, name: "Lambda mug", unitPrice: 1500, amount: 1500 },
    ]);
  });

  it("is readable through GET /orders/{id}", async () => {
    const orderId = orderIdOf(started.executionArn);
    const { status, body } = await getOrder(orderId);
    expect(status).toBe(200);
    expect(body).toMatchObject({ orderId, status: "PLACED", total: 8690, paymentMethod: "card" });
    expect(body.items).toHaveLength(2);
    expect(body).not.toHaveProperty("error");
  });

  it("delivers the notification to the subscribed function, which writes the mail to its log", async () => {
    const notify = sandbox.app.functions.find((f) => f.logicalId === "NotifyCustomerFunction");
    const orderId = orderIdOf(started.executionArn);
    const deadline = Date.now() + 20_000;
    let mail: string | undefined;
    while (mail === undefined && Date.now() < deadline) {
      const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${notify?.functionName}` }));
      mail = events.map((e) => e.message ?? "").find((message) => message.includes(orderId));
      if (mail === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(mail).toContain("To: hanako@example.com");
    expect(mail).toContain("Subject: We have received your order");
    expect(mail).toContain("BOOK-001 × 2");
  });

  it("has the history AWS writes: events in order, ids chained, the branches between ParallelStateStarted and ParallelStateSucceeded", async () => {
    const events = await history(started.executionArn);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    for (const e of events.slice(1)) expect(e.previousEventId).toBeLessThan(e.id ?? 0);
    const types = events.map((e) => e.type);
    const task = ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"];
    const open = types.indexOf("ParallelStateStarted");
    const close = types.indexOf("ParallelStateSucceeded");
    expect(types.slice(0, open + 1)).toEqual([
      "ExecutionStarted",
      "PassStateEntered", "PassStateExited",
      ...task, // Validate
      ...task, // RecordOrder
      "WaitStateEntered", "WaitStateExited",
      "ParallelStateEntered", "ParallelStateStarted",
    ]);
    // The two branches run at once, so their events interleave; each branch keeps its order.
    expect(types.slice(open + 1, close).sort()).toEqual([...task, ...task, ...task].sort());
    expect(entered(events.slice(open + 1, close)).filter((name) => name !== "NotifyCustomer")).toEqual(["PriceOrder", "SaveOrder"]);
    expect(types.slice(close)).toEqual([
      "ParallelStateSucceeded", "ParallelStateExited",
      ...task, // Cleanup
      "ChoiceStateEntered", "ChoiceStateExited",
      "SucceedStateEntered", "SucceedStateExited",
      "ExecutionSucceeded",
    ]);
    expect(entered(events)).toEqual(expect.arrayContaining(["Receive", "Validate", "RecordOrder", "WaitForPayment", "Fulfil", "Cleanup", "Outcome", "OrderPlaced"]));
    expect(JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output ?? "null")).toEqual(JSON.parse(execution.output ?? "null"));
  });

  it("pages the history with maxResults and reads it newest first with reverseOrder", async () => {
    const all = await history(started.executionArn);
    expect(await history(started.executionArn, 7)).toEqual(all);
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 3 }),
    );
    expect(events.map((e) => e.type)).toEqual(["ExecutionSucceeded", "SucceedStateExited", "SucceedStateEntered"]);
  });
});

describe("an invalid order", () => {
  let started: Started;
  let execution: DescribeExecutionCommandOutput;

  beforeAll(async () => {
    started = await placeOrder({ customer: { email: "not-an-email" }, items: [{ sku: "BOOK-001", quantity: 1 }], payment: { method: "card" } });
    execution = await finished(started.executionArn);
  });

  it("fails with the ValidationError the Validate function threw, after compensation and cleanup", async () => {
    expect(execution.status).toBe("FAILED");
    expect(execution.error).toBe("ValidationError");
    const cause = JSON.parse(execution.cause ?? "{}") as { errorType: string; errorMessage: string };
    expect(cause).toMatchObject({ errorType: "ValidationError", errorMessage: "customer.email must be an email address" });
    const events = await history(started.executionArn);
    expect(entered(events)).toEqual(["Receive", "Validate", "MarkOrderFailed", "Cleanup", "Outcome", "OrderFailed"]);
    const failed = events.find((e) => e.type === "TaskFailed");
    expect(failed?.taskFailedEventDetails).toMatchObject({ resourceType: "lambda", resource: "invoke", error: "ValidationError" });
    expect(events.at(-1)).toMatchObject({ type: "ExecutionFailed", executionFailedEventDetails: { error: "ValidationError", cause: execution.cause } });
  });

  it("is kept as FAILED with the reason (the compensation's updateItem)", async () => {
    const { status, body } = await getOrder(orderIdOf(started.executionArn));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "FAILED", error: "ValidationError", reason: "customer.email must be an email address" });
    expect(body).not.toHaveProperty("total");
  });

  it("catches a request that is not an object too", async () => {
    const { executionArn } = await placeOrder([1, 2, 3]);
    const done = await finished(executionArn);
    expect(done.status).toBe("FAILED");
    expect(errorMessageOf(done.cause)).toBe("The order must be a JSON object");
  });
});

describe("a transient failure", () => {
  it("is retried: two TaskFailed (TransientError) then TaskSucceeded, with $$.State.RetryCount 0, 1, 2", async () => {
    const { executionArn } = await placeOrder({ ...goodOrder, simulateTransientFailures: 2 });
    expect((await finished(executionArn)).status).toBe("SUCCEEDED");
    const events = await history(executionArn);
    const attempts = invocationsOf(events, "PriceOrderFunction");
    expect(attempts.map((e) => parametersOf(e).Payload?.retryCount)).toEqual([0, 1, 2]);
    // Each attempt's outcome is the event that follows its TaskStarted.
    const outcomes = attempts.map((scheduled) => {
      const startedEvent = events.find((e) => e.previousEventId === scheduled.id && e.type === "TaskStarted");
      return events.find((e) => e.previousEventId === startedEvent?.id && (e.type === "TaskFailed" || e.type === "TaskSucceeded"));
    });
    expect(outcomes.map((e) => e?.type)).toEqual(["TaskFailed", "TaskFailed", "TaskSucceeded"]);
    expect(outcomes.slice(0, 2).map((e) => e?.taskFailedEventDetails?.error)).toEqual(["TransientError", "TransientError"]);
    expect(errorMessageOf(outcomes[0]?.taskFailedEventDetails?.cause)).toBe("The inventory service did not answer in time (attempt 1)");
    expect(entered(events).filter((name) => name === "PriceOrder")).toHaveLength(1);
    expect((await getOrder(orderIdOf(executionArn))).body.status).toBe("PLACED");
  });

  it("fails the order once the retries are exhausted (1 + MaxAttempts 3 attempts), through the Parallel's Catch", async () => {
    const { executionArn } = await placeOrder({ ...goodOrder, simulateTransientFailures: 5 });
    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: "FAILED", error: "TransientError" });
    const events = await history(executionArn);
    expect(invocationsOf(events, "PriceOrderFunction")).toHaveLength(4);
    expect(entered(events).slice(-4)).toEqual(["MarkOrderFailed", "Cleanup", "Outcome", "OrderFailed"]);
    expect((await getOrder(orderIdOf(executionArn))).body).toMatchObject({
      status: "FAILED",
      error: "TransientError",
      reason: "The inventory service did not answer in time (attempt 4)",
    });
  });

  it("is not what an out-of-stock order gets: OutOfStockError fails it at the first attempt", async () => {
    const { executionArn } = await placeOrder({ ...goodOrder, items: [{ sku: "TEE-003", quantity: 4 }] });
    expect(await finished(executionArn)).toMatchObject({ status: "FAILED", error: "OutOfStockError" });
    expect(invocationsOf(await history(executionArn), "PriceOrderFunction")).toHaveLength(1);
    expect((await getOrder(orderIdOf(executionArn))).body.reason).toBe("Only 3 of TEE-003 left, 4 ordered");
  });
});

describe("a bank transfer", () => {
  it("waits WaitForPayment's SecondsPath (3 days), skipped under timeScale 0", async () => {
    const { executionArn } = await placeOrder({ ...goodOrder, payment: { method: "bank-transfer" } });
    expect((await finished(executionArn)).status).toBe("SUCCEEDED");
    const events = await history(executionArn);
    const wait = events.find((e) => e.type === "WaitStateEntered");
    expect((JSON.parse(wait?.stateEnteredEventDetails?.input ?? "{}") as { payment?: unknown }).payment).toEqual({ method: "bank-transfer", waitSeconds: 259_200 });
  });
});

describe("Step Functions Local mocks (mocks.json, <arn>#<TestCase>)", () => {
  it("HappyPath: the mocked Validate and PriceOrder answer; DynamoDB and SNS run for real", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#HappyPath`, input: "{}" }));
    const execution = await finished(executionArn ?? "");
    expect(execution.status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.output ?? "null")).toMatchObject({ orderId: "mock-order-1", status: "PLACED", total: 4020 });
    const events = await history(executionArn ?? "");
    expect(invocationsOf(events, "ValidateOrderFunction")).toHaveLength(1);
    expect((await getOrder("mock-order-1")).body).toMatchObject({ status: "PLACED", total: 4020, customerEmail: "mock@example.com" });
  });

  it("InventoryDown: PriceOrder throws TransientError on every attempt, so the order fails after the retries", async () => {
    const input = JSON.stringify(goodOrder);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#InventoryDown`, input }));
    const execution = await finished(executionArn ?? "");
    expect(execution).toMatchObject({ status: "FAILED", error: "TransientError", cause: "The inventory service did not answer in time (mocked)" });
    const events = await history(executionArn ?? "");
    const failures = events.filter((e) => e.type === "TaskFailed").map((e) => e.taskFailedEventDetails?.error);
    expect(failures).toEqual(["TransientError", "TransientError", "TransientError", "TransientError"]);
    expect((await getOrder(orderIdOf(executionArn ?? ""))).body).toMatchObject({ status: "FAILED", error: "TransientError" });
  });
});

describe("GET /orders/{id}", () => {
  it("answers an unknown id with 404", async () => {
    expect(await getOrder("no-such-order")).toEqual({ status: 404, body: { message: "Order not found" } });
  });
});
