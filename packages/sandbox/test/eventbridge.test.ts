import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("EventBridge rules from the template", () => {
  let sandbox: RunningSandbox;
  let dynamodb: DynamoDBClient;
  let events: EventBridgeClient;
  let sfn: SFNClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "eventbridge"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    dynamodb = new DynamoDBClient(config);
    events = new EventBridgeClient(config);
    sfn = new SFNClient(config);
  });

  afterAll(async () => {
    dynamodb?.destroy();
    events?.destroy();
    sfn?.destroy();
    await sandbox?.stop();
  });

  /** The events the Recorder function was invoked with, as it stored them. */
  async function runs(): Promise<Record<string, unknown>[]> {
    const table = sandbox.app.tables[0]?.createTableInput.TableName as string;
    const scan = await dynamodb.send(new ScanCommand({ TableName: table }));
    return (scan.Items ?? []).map((item) => JSON.parse(item.event?.S ?? "null") as Record<string, unknown>);
  }

  it("creates the template's buses, rules and targets", async () => {
    const onBus = await events.send(new ListRulesCommand({ EventBusName: "orders-bus" }));
    expect(onBus.Rules?.map((r) => r.Name)).toEqual([expect.stringMatching(/-RecorderBigOrder-[A-Z0-9]{12}$/)]);
    const onDefault = await events.send(new ListRulesCommand({}));
    expect(onDefault.Rules?.map((r) => r.Name).sort()).toEqual(["audit-rule", "nightly", "order-shipped"]);
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: "order-shipped" }));
    expect(targets.Targets).toEqual([expect.objectContaining({ Id: "RecorderShippedLambdaTarget", Arn: sandbox.app.functions[0]?.arn })]);
  });

  it("invokes a function whose EventBridgeRule pattern matches an event put on its bus", async () => {
    const out = await events.send(new PutEventsCommand({
      Entries: [
        { EventBusName: "orders-bus", Source: "shop", DetailType: "OrderPlaced", Detail: JSON.stringify({ id: "small", total: 20 }) },
        { EventBusName: "orders-bus", Source: "shop", DetailType: "OrderPlaced", Detail: JSON.stringify({ id: "big", total: 250 }) },
        { Source: "shop", DetailType: "OrderPlaced", Detail: JSON.stringify({ id: "default-bus", total: 999 }) },
      ],
    }));
    expect(out.FailedEntryCount).toBe(0);
    const recorded = await eventually(runs, (r) => r.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runs()).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      version: "0", id: out.Entries?.[1]?.EventId, "detail-type": "OrderPlaced", source: "shop",
      account: "000000000000", region: "us-east-1", detail: { id: "big", total: 250 },
    });
  });

  it("sends the InputTransformer's output", async () => {
    await events.send(new PutEventsCommand({ Entries: [{ Source: "shop", DetailType: "OrderShipped", Detail: JSON.stringify({ id: "o-7" }) }] }));
    const recorded = await eventually(runs, (r) => r.some((e) => "shipped" in e));
    expect(recorded.find((e) => "shipped" in e)).toEqual({ shipped: "o-7", rule: "order-shipped" });
  });

  it("starts a state machine from an AWS::Events::Rule target with InputPath", async () => {
    await events.send(new PutEventsCommand({ Entries: [{ Source: "audit.login", DetailType: "Login", Detail: JSON.stringify({ user: "alice" }) }] }));
    const stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:audit-flow";
    const listed = await eventually(() => sfn.send(new ListExecutionsCommand({ stateMachineArn })), (out) => (out.executions ?? []).length >= 1);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: listed.executions?.[0]?.executionArn }));
    expect(JSON.parse(execution.input ?? "null")).toEqual({ user: "alice" });
  });

  it("takes events a state machine puts through the aws-sdk:eventbridge integration", async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:emitter" }));
    const done = await eventually(() => sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn })), (out) => out.status !== "RUNNING");
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output ?? "null")).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    const stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:audit-flow";
    const listed = await eventually(() => sfn.send(new ListExecutionsCommand({ stateMachineArn })), (out) => (out.executions ?? []).length >= 2);
    const inputs = await Promise.all((listed.executions ?? []).map(async (e) => JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }))).input ?? "null") as unknown));
    expect(inputs).toContainEqual({ user: "sfn" });
  });

  it("runs scheduled rules (the template's and PutRule's) on the scheduler as time advances", async () => {
    await events.send(new PutRuleCommand({ Name: "hourly", ScheduleExpression: "rate(1 hour)" }));
    await events.send(new PutTargetsCommand({
      Rule: "hourly",
      Targets: [{ Id: "rec", Arn: sandbox.app.functions[0]?.arn, InputTransformer: { InputPathsMap: { src: "$.source", rs: "$.resources" }, InputTemplate: '{"hourly": "<src>", "resources": <rs>}' } }],
    }));
    const bad = await events.send(new PutRuleCommand({ Name: "bad", ScheduleExpression: "rate(1 fortnight)" })).catch((e: unknown) => e as Error);
    expect(bad).toMatchObject({ name: "ValidationException", message: "Parameter ScheduleExpression is not valid." });
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "1d" }) });
    expect(res.status).toBe(200);
    const recorded = await eventually(runs, (r) => r.some((e) => e.nightly === true) && r.some((e) => "hourly" in e));
    expect(recorded.filter((e) => e.nightly === true)).toEqual([{ nightly: true }]);
    // A one-day jump over 24 fires delivers once, as the scheduler does for SAM schedules.
    expect(recorded.filter((e) => "hourly" in e)).toEqual([{ hourly: "aws.events", resources: ["arn:aws:events:us-east-1:000000000000:rule/hourly"] }]);
  });
});
