// AWS::Events::Archive in a template: created at start-up through the EventBridge engine, so the
// API lists it and it keeps the bus's matching events (CloudFormation's AWS::Events::Archive:
// ArchiveName, SourceArn, Description, EventPattern, RetentionDays; Ref the name, GetAtt Arn).
import { join } from "node:path";
import { DescribeArchiveCommand, EventBridgeClient, ListArchivesCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "events-archive");
let sandbox: RunningSandbox;
let events: EventBridgeClient;

beforeAll(async () => {
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
  events = new EventBridgeClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
afterAll(async () => {
  await sandbox?.stop();
});

describe("AWS::Events::Archive", () => {
  it("is created on its bus with the template's settings, a generated name when it has none", async () => {
    const listed = await events.send(new ListArchivesCommand({ EventSourceArn: "arn:aws:events:us-east-1:000000000000:event-bus/shop" }));
    const names = (listed.Archives ?? []).map((a) => a.ArchiveName).sort();
    expect(names).toContain("shop-orders");
    expect(names).toContain(sandbox.app.outputs.UnnamedName.value);
    expect(sandbox.app.outputs.OrdersArn.value).toBe("arn:aws:events:us-east-1:000000000000:archive/shop-orders");
    const described = await events.send(new DescribeArchiveCommand({ ArchiveName: "shop-orders" }));
    expect(described).toMatchObject({ Description: "orders placed in the shop", RetentionDays: 7, State: "ENABLED", EventPattern: '{"detail-type":["OrderPlaced"]}' });
  });

  it("keeps the bus's events that match its pattern", async () => {
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: "shop", Source: "shop", DetailType: "OrderPlaced", Detail: '{"id":1}' },
          { EventBusName: "shop", Source: "shop", DetailType: "OrderShipped", Detail: '{"id":1}' },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    expect((await events.send(new DescribeArchiveCommand({ ArchiveName: "shop-orders" }))).EventCount).toBe(1);
  });
});
