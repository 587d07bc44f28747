import { CreateEndpointCommand, ListEndpointsCommand, ListEventSourcesCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEventBridge, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());

const reject = (p: Promise<unknown>) => p.then(() => expect.unreachable(), (e: unknown) => e as { name: string; message: string });

describe("ListEndpoints", () => {
  it("lists no global endpoint, with or without filters", async () => {
    expect((await h.client.send(new ListEndpointsCommand({}))).Endpoints).toEqual([]);
    const out = await h.client.send(new ListEndpointsCommand({ NamePrefix: "orders", HomeRegion: "us-east-1", MaxResults: 10 }));
    expect(out.Endpoints).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });

  it("stays consistent with CreateEndpoint, which the sandbox does not emulate", async () => {
    const error = await reject(
      h.client.send(
        new CreateEndpointCommand({
          Name: "global",
          RoutingConfig: { FailoverConfig: { Primary: { HealthCheck: "arn:aws:route53:::healthcheck/abc" }, Secondary: { Route: "us-west-2" } } },
          EventBuses: [{ EventBusArn: "arn:aws:events:us-east-1:000000000000:event-bus/default" }, { EventBusArn: "arn:aws:events:us-west-2:000000000000:event-bus/default" }],
        }),
      ),
    );
    expect(error.message).toBe("The sandbox does not emulate the EventBridge action CreateEndpoint.");
    expect((await h.client.send(new ListEndpointsCommand({}))).Endpoints).toEqual([]);
  });

  it("checks NamePrefix and HomeRegion against the model", async () => {
    const error = await reject(h.client.send(new ListEndpointsCommand({ NamePrefix: "bad name" })));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("at 'namePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern");
    const region = await reject(h.client.send(new ListEndpointsCommand({ HomeRegion: "Not A Region" })));
    expect(region.name).toBe("ValidationException");
  });
});

describe("ListEventSources", () => {
  it("lists no partner event source", async () => {
    const out = await h.client.send(new ListEventSourcesCommand({ NamePrefix: "aws.partner/example.com" }));
    expect(out.EventSources).toEqual([]);
  });

  it("checks NamePrefix and Limit against the model", async () => {
    const error = await reject(h.client.send(new ListEventSourcesCommand({ NamePrefix: "bad prefix" })));
    expect(error.name).toBe("ValidationException");
    const limit = await reject(h.client.send(new ListEventSourcesCommand({ Limit: 0 })));
    expect(limit.message).toContain("Member must have value greater than or equal to 1");
  });
});
