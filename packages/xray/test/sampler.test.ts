import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CreateSamplingRuleCommand, DeleteSamplingRuleCommand, GetSamplingStatisticSummariesCommand, UpdateSamplingRuleCommand, type SamplingRule } from "@aws-sdk/client-xray";
import { VirtualClock } from "@sam-sandbox/core";
import { Sampler, wildcard } from "../src/engine/sampler.js";
import { defaultRule } from "../src/engine/sampling.js";
import { NOW, startXRay, traceIdFor, type Harness } from "./helpers.js";

function rule(name: string, extra: Partial<SamplingRule> = {}): SamplingRule {
  return {
    RuleName: name,
    ResourceARN: "*",
    Priority: 10,
    FixedRate: 1,
    ReservoirSize: 0,
    ServiceName: "*",
    ServiceType: "*",
    Host: "*",
    HTTPMethod: "*",
    URLPath: "*",
    Version: 1,
    ...extra,
  };
}

const DEFAULT = defaultRule({ region: "us-east-1", accountId: "000000000000" }).rule;

describe("sampling decisions (the Default rule: 1 request a second, then 5 %)", () => {
  it("samples the first request each second from the reservoir, then FixedRate of the rest", () => {
    const clock = new VirtualClock(NOW);
    const rolls = [0.5, 0.01, 0.9];
    const sampler = new Sampler(() => [DEFAULT], clock, () => rolls.shift() ?? 1);
    const fn = { serviceName: "orders", serviceType: "AWS::Lambda::Function" };
    expect(sampler.sample(fn)).toBe(true); // reservoir
    expect(sampler.sample(fn)).toBe(false); // 0.5 ≥ 0.05
    expect(sampler.sample(fn)).toBe(true); // 0.01 < 0.05
    clock.advance(1000);
    expect(sampler.sample(fn)).toBe(true); // a new second, a new reservoir
    expect(sampler.sample(fn)).toBe(false); // 0.9
  });

  it("matches X-Ray's wildcards case-insensitively", () => {
    expect(wildcard("*", undefined)).toBe(true);
    expect(wildcard("orders-?", "Orders-1")).toBe(true);
    expect(wildcard("/api/*", "/api/v1/items")).toBe(true);
    // A "*" in the value is an ordinary character to the pattern's "*" (it was read as a literal first, and "*ax" missed "*x").
    expect(wildcard("*x", "*ax")).toBe(true);
    expect(wildcard("/api/*", "/other")).toBe(false);
    expect(wildcard("GET", undefined)).toBe(false);
  });
});

describe("the tracer samples by the rules stored in X-Ray", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startXRay();
  });

  afterEach(async () => {
    await h.close();
  });

  const start = (name: string, traceHeader?: string) =>
    h.xray.tracer.startSegment({ name, origin: "AWS::ApiGateway::Stage", traceHeader, http: { method: "GET", url: "http://localhost:3000/prod/orders/7" } });

  it("uses the highest-priority matching rule for a request arriving undecided", async () => {
    await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("never-orders", { Priority: 1, FixedRate: 0, URLPath: "/prod/orders/*", HTTPMethod: "GET" }) }));
    await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("everything", { Priority: 2 }) }));
    expect(start("shop/prod").sampled).toBe(false);
    expect(start("shop/prod", `Root=${traceIdFor(1)}`).sampled).toBe(false);
    // The rule decides only when the caller did not.
    expect(start("shop/prod", `Root=${traceIdFor(2)};Sampled=1`).sampled).toBe(true);
    // Another path falls through to the next rule.
    const other = h.xray.tracer.startSegment({ name: "shop/prod", origin: "AWS::ApiGateway::Stage", http: { method: "GET", url: "http://localhost:3000/prod/users" } });
    expect(other.sampled).toBe(true);
    // An unsampled segment still hands the decision on.
    expect(start("shop/prod", `Root=${traceIdFor(3)}`).header()).toMatch(new RegExp(`^Root=${traceIdFor(3)};Parent=[0-9a-f]{16};Sampled=0$`));
    // The tracer's decisions count in the rules' statistics, as an SDK's reports do.
    const { SamplingStatisticSummaries } = await h.client.send(new GetSamplingStatisticSummariesCommand({}));
    const byRule = new Map(SamplingStatisticSummaries?.map((s) => [s.RuleName, [s.RequestCount, s.SampledCount]]));
    expect(byRule.get("never-orders")).toEqual([3, 0]);
    expect(byRule.get("everything")).toEqual([1, 1]);
  });

  it("follows rules created and deleted after it has decided", async () => {
    await h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "Default", FixedRate: 1 } }));
    expect(start("shop/prod").sampled).toBe(true);
    await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("never", { Priority: 1, FixedRate: 0 }) }));
    expect(start("shop/prod").sampled).toBe(false);
    await h.client.send(new DeleteSamplingRuleCommand({ RuleName: "never" }));
    expect(start("shop/prod").sampled).toBe(true);
  });

  it("samples everything once the Default rule's FixedRate is 1 (how to trace every local request)", async () => {
    expect(start("shop/prod").sampled).toBe(true); // the reservoir's one request this second
    await h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "Default", FixedRate: 1 } }));
    for (let i = 0; i < 5; i++) expect(start("shop/prod").sampled).toBe(true);
  });
});
