import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import type { AppModel } from "../src/index.js";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("an order workflow (fixtures/order-workflow): API → Step Functions → Lambda / DynamoDB / SNS", () => {
  let model: AppModel;
  beforeAll(async () => {
    model = await loadTemplate({ file: join(apps.copy("order-workflow"), "template.yaml") });
  });
  const machine = (id: string) => {
    const found = model.stateMachines.find((m) => m.logicalId === id);
    if (!found) throw new Error(`no state machine ${id}`);
    return found;
  };
  const fn = (id: string) => {
    const found = model.functions.find((f) => f.logicalId === id);
    if (!found) throw new Error(`no function ${id}`);
    return found;
  };
  const topic = (id: string) => {
    const found = model.topics.find((t) => t.logicalId === id);
    if (!found) throw new Error(`no topic ${id}`);
    return found;
  };
  const tableName = () => String(model.tables[0].createTableInput.TableName);

  describe("state machines", () => {
    it("names a state machine by Name, with its ARN as !Ref and its name as !GetAtt .Name", () => {
      expect(machine("OrderStateMachine")).toMatchObject({
        name: "order-workflow-orders",
        arn: "arn:aws:states:us-east-1:000000000000:stateMachine:order-workflow-orders",
        type: "STANDARD",
      });
      expect(model.outputs.StateMachineArn.value).toBe(machine("OrderStateMachine").arn);
      expect(model.outputs.StateMachineName.value).toBe("order-workflow-orders");
    });

    it("generates '<LogicalId>-<12 characters>' without a Name, as CloudFormation does", () => {
      expect(machine("QuickStateMachine").name).toMatch(/^QuickStateMachine-[A-Za-z0-9]{12}$/);
      expect(model.outputs.QuickArn.value).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${machine("QuickStateMachine").name}`);
    });

    it("reads DefinitionUri and applies DefinitionSubstitutions: function ARNs, the table name, the topic, an unquoted number", () => {
      const { definition } = machine("OrderStateMachine");
      const states = definition.States as Record<string, Record<string, unknown>>;
      expect(states.Validate.Parameters).toEqual({ FunctionName: fn("ValidateFunction").arn, "Payload.$": "$" });
      expect(states.Validate.Retry).toEqual([{ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 3 }]);
      expect(states.Business.Resource).toBe(fn("ProcessFunction").arn);
      const [save, notify] = (states.SaveAndNotify.Branches as { States: Record<string, { Parameters: Record<string, unknown> }> }[]).map((b) => b.States);
      expect(save.Save.Parameters.TableName).toBe(tableName());
      expect(notify.Notify.Parameters.TopicArn).toBe(topic("OrderEventsTopic").arn);
    });

    it("leaves placeholders that are not substitution keys as written", () => {
      const states = machine("OrderStateMachine").definition.States as Record<string, Record<string, unknown>>;
      expect(states.Business.Comment).toBe("${NotASubstitution}");
    });

    it("keeps the definition text (the file's, substituted) and the substitutions", () => {
      const spec = machine("OrderStateMachine");
      expect(spec.definitionString).toContain(`"MaxAttempts": 3 }`);
      expect(JSON.parse(spec.definitionString)).toEqual(spec.definition);
      expect(spec.definitionSubstitutions).toMatchObject({ MaxAttempts: "3", OrdersTableName: tableName() });
    });

    it("writes an inline Definition as SAM does (sorted keys, 4-space indent), intrinsics resolved, then substitutes", () => {
      const spec = machine("QuickStateMachine");
      expect(spec.type).toBe("EXPRESS");
      expect(spec.definition).toEqual({
        Comment: "héllo",
        StartAt: "Validate",
        States: { Validate: { End: true, Resource: fn("ValidateFunction").arn, TimeoutSeconds: 5, Type: "Task" } },
      });
      expect(spec.definitionString.split("\n").slice(0, 4)).toEqual(['{', '    "Comment": "héllo",', '    "StartAt": "Validate",', '    "States": {']);
    });

    it("uses Role, or the role SAM generates from Policies", () => {
      expect(machine("QuickStateMachine").roleArn).toMatch(/^arn:aws:iam::000000000000:role\/order-workflow-QuickRole-[A-Z0-9]{12}$/);
      expect(machine("OrderStateMachine").roleArn).toMatch(/^arn:aws:iam::000000000000:role\/order-workflow-OrderStateMachineRole-[A-Z0-9]{12}$/);
    });

    it("keeps Logging, Tracing and Tags (with SAM's stateMachine:createdBy tag)", () => {
      const spec = machine("OrderStateMachine");
      expect(spec.loggingConfiguration).toEqual({
        Level: "ALL",
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/aws/vendedlogs/states/orders:*" } }],
      });
      expect(spec.tracingEnabled).toBe(true);
      expect(spec.tags).toEqual([{ key: "stateMachine:createdBy", value: "SAM" }, { key: "app", value: "orders" }]);
      expect(machine("QuickStateMachine").tracingEnabled).toBeUndefined();
    });

    it("keeps Schedule and ScheduleV2 events, with their input, time zone and state", () => {
      expect(machine("OrderStateMachine").schedules).toEqual([
        // A rule without Name gets CloudFormation's generated name; a Scheduler schedule SAM's "<Resource><EventId>".
        { eventId: "Nightly", kind: "Schedule", expression: "rate(1 day)", input: '{"report": true}', enabled: true,
          name: expect.stringMatching(/^order-workflow-OrderStateMachineNightly-[A-Z0-9]{12}$/), line: 142 },
        { eventId: "Paused", kind: "ScheduleV2", expression: "cron(0 9 ? * MON *)", timezone: "Asia/Tokyo", enabled: false,
          name: "OrderStateMachinePaused", line: 147 },
      ]);
    });
  });

  describe("API routes to state machines", () => {
    it("routes an Api event without RestApiId to ServerlessRestApi, calling StartExecution", () => {
      const rest = model.apis.find((a) => a.logicalId === "ServerlessRestApi");
      expect(rest).toMatchObject({ kind: "rest", stageName: "Prod", implicit: true });
      expect(rest?.routes).toEqual([{
        method: "POST",
        path: "/orders",
        functionLogicalId: "",
        functionName: "",
        payloadFormatVersion: "1.0",
        eventId: "PlaceOrder",
        stepFunctions: { action: "StartExecution", stateMachineArn: machine("OrderStateMachine").arn, stateMachineLogicalId: "OrderStateMachine", unescapeMappingTemplate: false },
      }]);
    });

    it("routes an Api event with RestApiId to that API, keeping UnescapeMappingTemplate", () => {
      const api = model.apis.find((a) => a.logicalId === "OrdersApi");
      expect(api?.routes).toEqual([expect.objectContaining({
        method: "POST",
        path: "/quick",
        stepFunctions: expect.objectContaining({ stateMachineLogicalId: "QuickStateMachine", unescapeMappingTemplate: true }),
      })]);
    });
  });

  describe("SNS", () => {
    it("builds topics with their generated names, FIFO suffix and CreateTopic attributes", () => {
      expect(topic("OrderEventsTopic")).toMatchObject({
        topicName: expect.stringMatching(/^order-workflow-OrderEventsTopic-[A-Z0-9]{12}$/),
        fifoTopic: false,
        displayName: "Order events",
        attributes: { DisplayName: "Order events" },
      });
      expect(topic("OrderEventsTopic").arn).toBe(`arn:aws:sns:us-east-1:000000000000:${topic("OrderEventsTopic").topicName}`);
      expect(model.outputs.TopicArn.value).toBe(topic("OrderEventsTopic").arn);
      expect(topic("AuditTopic")).toMatchObject({
        topicName: expect.stringMatching(/^order-workflow-AuditTopic-[A-Z0-9]{12}\.fifo$/),
        fifoTopic: true,
        contentBasedDeduplication: true,
        attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" },
        tags: [{ Key: "team", Value: "orders" }],
      });
    });

    it("lists every subscription once: inline, AWS::SNS::Subscription, and SAM SNS events", () => {
      const arn = topic("OrderEventsTopic").arn;
      expect(model.subscriptions.map((s) => [s.logicalId, s.protocol, s.topicArn === arn])).toEqual([
        ["OrderEventsTopic.Subscription[0]", "email", true],
        ["WebhookSubscription", "http", true],
        ["NotifyFunctionOrderPlaced", "lambda", true],
        ["NotifyFunctionBigOrders", "lambda", true],
      ]);
    });

    it("parses a FilterPolicy given as JSON text, and keeps raw delivery and the scope as Subscribe attributes", () => {
      expect(model.subscriptions.find((s) => s.logicalId === "WebhookSubscription")).toMatchObject({
        endpoint: "http://localhost:8080/hooks/orders",
        filterPolicy: { status: ["shipped"] },
        filterPolicyScope: "MessageAttributes",
        rawMessageDelivery: true,
        attributes: { FilterPolicy: '{"status":["shipped"]}', FilterPolicyScope: "MessageAttributes", RawMessageDelivery: "true" },
      });
    });

    it("subscribes a function with an SNS event to its topic by ARN, with the event's filter policy", () => {
      const notify = fn("NotifyFunction");
      expect(model.subscriptions.find((s) => s.logicalId === "NotifyFunctionBigOrders")).toEqual({
        logicalId: "NotifyFunctionBigOrders",
        topicArn: topic("OrderEventsTopic").arn,
        topicLogicalId: "OrderEventsTopic",
        protocol: "lambda",
        endpoint: notify.arn,
        functionLogicalId: "NotifyFunction",
        functionName: notify.functionName,
        filterPolicy: { amount: [{ numeric: [">", 100] }] },
        filterPolicyScope: "MessageBody",
        rawMessageDelivery: false,
        attributes: { FilterPolicy: '{"amount":[{"numeric":[">",100]}]}', FilterPolicyScope: "MessageBody" },
        line: notify.line,
      });
    });
  });

  describe("DynamoDB stream → function", () => {
    it("maps a DynamoDB event to the table's stream with the event's settings and Lambda's defaults", () => {
      const table = model.tables[0];
      const stream = fn("StreamFunction");
      expect(model.eventSourceMappings).toEqual([{
        logicalId: "StreamFunctionChanges",
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        functionName: stream.functionName,
        functionLogicalId: "StreamFunction",
        eventSourceArn: table.streamArn,
        tableName: tableName(),
        tableLogicalId: "OrdersTable",
        batchSize: 10,
        startingPosition: "TRIM_HORIZON",
        maximumBatchingWindowInSeconds: 1,
        maximumRetryAttempts: 2,
        maximumRecordAgeInSeconds: -1,
        bisectBatchOnFunctionError: true,
        functionResponseTypes: ["ReportBatchItemFailures"],
        parallelizationFactor: 1,
        tumblingWindowInSeconds: 0,
        enabled: true,
        filterCriteria: { Filters: [{ Pattern: '{"eventName": ["INSERT"]}' }] },
        // SAM reads OnFailure.Type to grant permissions and leaves it out of the mapping.
        destinationConfig: { OnFailure: { Destination: topic("OrderEventsTopic").arn } },
        line: stream.line,
      }]);
    });
  });

  it("warns about nothing: every event it declares runs (the EventBridge rule in packages/sandbox)", () => {
    expect(model.warnings).toEqual([]);
  });
});
