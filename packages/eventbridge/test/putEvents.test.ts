import { CreateEventBusCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, DisableRuleCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, startEventBridge, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());
beforeEach(() => {
  h.invoker.calls.length = 0;
  h.dispatcher.calls.length = 0;
  h.invoker.failWith = undefined;
});

const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string });

async function rule(name: string, pattern: unknown, targets: Record<string, unknown>[], bus?: string) {
  await h.client.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), ...(bus ? { EventBusName: bus } : {}) }));
  await h.client.send(new PutTargetsCommand({ Rule: name, Targets: targets as never, ...(bus ? { EventBusName: bus } : {}) }));
}

describe("PutEvents", () => {
  it("delivers the event envelope to a matching rule's Lambda target, asynchronously", async () => {
    await rule("orders", { source: ["shop"], "detail-type": ["OrderPlaced"] }, [{ Id: "f", Arn: fn("orders") }]);
    const out = await h.client.send(
      new PutEventsCommand({ Entries: [{ Source: "shop", DetailType: "OrderPlaced", Detail: '{"id":7}', Resources: ["r1"], Time: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) }] }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const id = out.Entries?.[0]?.EventId ?? "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => h.invoker.calls.length === 1);
    const call = h.invoker.calls[0];
    expect(call?.request).toMatchObject({ functionName: fn("orders"), invocationType: "Event" });
    expect(call?.event).toEqual({
      version: "0", id, "detail-type": "OrderPlaced", source: "shop", account: ACCOUNT, time: "2026-01-02T03:04:05Z",
      region: REGION, resources: ["r1"], detail: { id: 7 },
    });
    expect(Object.keys(call?.event as object)).toEqual(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]);
  });

  it("reports bad entries one by one, as AWS does", async () => {
    const out = await h.client.send(
      new PutEventsCommand({
        Entries: [
          { DetailType: "t", Detail: "{}" },
          { Source: "s", Detail: "{}" },
          { Source: "s", DetailType: "t" },
          { Source: "s", DetailType: "t", Detail: "not json" },
          { Source: "s", DetailType: "t", Detail: "{}" },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(4);
    expect(out.Entries?.slice(0, 4)).toEqual([
      { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." },
      { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is a required argument." },
      { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Detail is not valid. Reason: Detail is a required argument." },
      { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." },
    ]);
    expect(out.Entries?.[4]?.EventId).toBeDefined();
  });

  it("takes at most 10 entries and 256 KB", async () => {
    const entry = { Source: "s", DetailType: "t", Detail: "{}" };
    const many = await reject(h.client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })));
    expect(many.name).toBe("ValidationException");
    expect(many.message).toMatch(/^1 validation error detected: Value .* at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/s);
    const big = await reject(h.client.send(new PutEventsCommand({ Entries: [{ ...entry, Detail: JSON.stringify({ a: "x".repeat(262_144) }) }] })));
    expect(big.message).toBe("Total size of the entries in the request is over the limit.");
  });

  it("skips disabled rules and other buses' rules; accepts events for a bus that does not exist", async () => {
    await rule("off", { source: ["off"] }, [{ Id: "f", Arn: fn("off") }]);
    await h.client.send(new DisableRuleCommand({ Name: "off" }));
    await h.client.send(new CreateEventBusCommand({ Name: "side" }));
    await rule("side", { source: ["side"] }, [{ Id: "f", Arn: fn("side") }], "side");
    const out = await h.client.send(
      new PutEventsCommand({
        Entries: [
          { Source: "off", DetailType: "t", Detail: "{}" },
          { Source: "side", DetailType: "t", Detail: "{}" },
          { Source: "side", DetailType: "t", Detail: "{}", EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/side` },
          { Source: "side", DetailType: "t", Detail: "{}", EventBusName: "ghost" },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    await until(() => h.invoker.calls.length === 1);
    await new Promise((r) => setImmediate(r));
    expect(h.invoker.calls.map((c) => c.request.functionName)).toEqual([fn("side")]);
  });

  it("reaches SNS, Step Functions and SQS targets through the dispatcher", async () => {
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
    const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:flow`;
    const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`;
    await rule("fan", { source: ["fan"] }, [{ Id: "sns", Arn: topic }, { Id: "sfn", Arn: machine }, { Id: "sqs", Arn: queue, Input: '"hello"' }]);
    await h.client.send(new PutEventsCommand({ Entries: [{ Source: "fan", DetailType: "t", Detail: '{"n":1}' }] }));
    await until(() => h.dispatcher.calls.length === 3);
    const byService = Object.fromEntries(h.dispatcher.calls.map((c) => [c.service, c]));
    expect(byService.sns).toMatchObject({ action: "Publish", input: { TopicArn: topic } });
    expect(JSON.parse(String(byService.sns?.input.Message))).toMatchObject({ source: "fan", detail: { n: 1 } });
    expect(byService.states).toMatchObject({ action: "StartExecution", input: { stateMachineArn: machine } });
    expect(byService.sqs).toMatchObject({ action: "SendMessage", input: { QueueUrl: `${h.url}/${ACCOUNT}/jobs`, MessageBody: '"hello"' } });
  });
});

describe("target input", () => {
  async function deliveredTo(name: string, target: Record<string, unknown>, detail: unknown): Promise<string> {
    await rule(name, { source: [name] }, [{ Id: "t", Arn: fn(name), ...target }]);
    await h.client.send(new PutEventsCommand({ Entries: [{ Source: name, DetailType: "Changed", Detail: JSON.stringify(detail) }] }));
    await until(() => h.invoker.calls.some((c) => c.request.functionName === fn(name)));
    const call = h.invoker.calls.find((c) => c.request.functionName === fn(name));
    return call?.request.payload.toString("utf8") ?? "";
  }

  it("sends Input as it is", async () => {
    expect(await deliveredTo("input", { Input: '{"fixed":true}' }, {})).toBe('{"fixed":true}');
  });

  it("sends the part InputPath selects", async () => {
    expect(JSON.parse(await deliveredTo("path", { InputPath: "$.detail.order" }, { order: { id: 3, items: [1, 2] } }))).toEqual({ id: 3, items: [1, 2] });
  });

  it("fills a JSON InputTemplate: quoted variables as text, unquoted as JSON", async () => {
    const payload = await deliveredTo(
      "json",
      {
        InputTransformer: {
          InputPathsMap: { id: "$.detail.id", state: "$.detail.state", tags: "$.detail.tags", missing: "$.detail.nope" },
          InputTemplate: '{"instance": <id>, "message": "<id> is <state>", "tags": <tags>, "none": <missing>, "rule": "<aws.events.rule-name>"}',
        },
      },
      { id: "i-1", state: 'say "hi"', tags: ["a"] },
    );
    // An unquoted variable whose path finds nothing becomes "" (localstack test_events_inputs.snapshot.json, recorded on AWS).
    expect(JSON.parse(payload)).toEqual({ instance: "i-1", message: 'i-1 is say "hi"', tags: ["a"], none: "", rule: "json" });
  });

  it("fills a text InputTemplate with the values' text", async () => {
    const payload = await deliveredTo(
      "text",
      { InputTransformer: { InputPathsMap: { id: "$.detail.id", state: "$.detail.state" }, InputTemplate: '"<id> is in state <state>"' } },
      { id: "i-2", state: "RUNNING" },
    );
    expect(payload).toBe('"i-2 is in state RUNNING"');
  });
});

describe("retries and dead-letter queues", () => {
  it("retries a failed delivery on the clock, then sends the event to the dead-letter queue", async () => {
    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:dead`;
    await rule("retry", { source: ["retry"] }, [{ Id: "t", Arn: fn("retry"), RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: dlq } }]);
    h.invoker.failWith = new Error("boom");
    await h.client.send(new PutEventsCommand({ Entries: [{ Source: "retry", DetailType: "t", Detail: "{}" }] }));
    await h.clock.advance(1000);
    await h.clock.advance(2000);
    await until(() => h.dispatcher.calls.length === 1, "the dead letter");
    const dead = h.dispatcher.calls[0];
    expect(dead).toMatchObject({ service: "sqs", action: "SendMessage", input: { QueueUrl: `${h.url}/${ACCOUNT}/dead` } });
    expect(JSON.parse(String(dead?.input.MessageBody))).toMatchObject({ source: "retry" });
    expect(dead?.input.MessageAttributes).toMatchObject({ ERROR_MESSAGE: { DataType: "String", StringValue: "boom" } });
  });

  it("delivers on a retry once the target recovers", async () => {
    await rule("recover", { source: ["recover"] }, [{ Id: "t", Arn: fn("recover") }]);
    h.invoker.failWith = new Error("not yet");
    await h.client.send(new PutEventsCommand({ Entries: [{ Source: "recover", DetailType: "t", Detail: "{}" }] }));
    await new Promise((r) => setImmediate(r));
    h.invoker.failWith = undefined;
    await h.clock.advance(1000);
    await until(() => h.invoker.calls.length === 1);
  });
});
