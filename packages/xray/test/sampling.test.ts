import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateSamplingRuleCommand,
  DeleteSamplingRuleCommand,
  GetSamplingRulesCommand,
  GetSamplingStatisticSummariesCommand,
  GetSamplingTargetsCommand,
  InvalidRequestException,
  RuleLimitExceededException,
  UpdateSamplingRuleCommand,
  type SamplingRule,
} from "@aws-sdk/client-xray";
import { failure, NOW, startXRay, type Harness } from "./helpers.js";


function rule(name: string, overrides: Partial<SamplingRule> = {}): SamplingRule {
  return {
    RuleName: name,
    ResourceARN: "*",
    Priority: 100,
    FixedRate: 0.25,
    ReservoirSize: 4,
    ServiceName: "orders",
    ServiceType: "*",
    Host: "*",
    HTTPMethod: "GET",
    URLPath: "/orders/*",
    Version: 1,
    ...overrides,
  };
}

const CLIENT_A = "a".repeat(24);
const CLIENT_B = "b".repeat(24);

describe("sampling rules", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRay();
  });

  afterAll(async () => {
    await h.close();
  });

  it("creates, updates and deletes a rule; GetSamplingRules lists it before Default", async () => {
    const created = await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("orders", { Attributes: { tier: "gold" } }) }));
    expect(created.SamplingRuleRecord?.SamplingRule).toEqual({
      ...rule("orders"),
      RuleARN: "arn:aws:xray:us-east-1:000000000000:sampling-rule/orders",
      Attributes: { tier: "gold" },
    });
    expect(created.SamplingRuleRecord?.CreatedAt).toEqual(new Date(NOW));

    h.clock.advance(5_000);
    const updated = await h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "orders", Host: "api.example.com", Priority: 50 } }));
    expect(updated.SamplingRuleRecord?.SamplingRule).toMatchObject({ Host: "api.example.com", Priority: 50, ServiceName: "orders", Version: 1 });
    expect(updated.SamplingRuleRecord?.ModifiedAt).toEqual(new Date(NOW + 5_000));
    expect(updated.SamplingRuleRecord?.CreatedAt).toEqual(new Date(NOW));

    const rules = await h.client.send(new GetSamplingRulesCommand({}));
    expect(rules.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual(["orders", "Default"]);

    const deleted = await h.client.send(new DeleteSamplingRuleCommand({ RuleARN: "arn:aws:xray:us-east-1:000000000000:sampling-rule/orders" }));
    expect(deleted.SamplingRuleRecord?.SamplingRule?.RuleName).toBe("orders");
    const again = await failure(h.client.send(new DeleteSamplingRuleCommand({ RuleName: "orders" })));
    expect(again).toBeInstanceOf(InvalidRequestException);
    expect(again.message).toBe("Sampling rule does not exist");
  });

  it("answers AWS's texts for a duplicate rule and for changes the Default rule refuses", async () => {
    await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("dup") }));
    const dup = await failure(h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("dup") })));
    expect(dup).toBeInstanceOf(InvalidRequestException);
    expect(dup.message).toBe("Sampling rule already exists");
    await h.client.send(new DeleteSamplingRuleCommand({ RuleName: "dup" }));

    const priority = await failure(h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "Default", Priority: 10000, FixedRate: 0.1 } })));
    expect(priority).toBeInstanceOf(InvalidRequestException);
    expect(priority.message).toBe("Invalid update request for default sampling rule");
    const rate = await h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "Default", FixedRate: 0.1, ReservoirSize: 3 } }));
    expect(rate.SamplingRuleRecord?.SamplingRule).toMatchObject({ RuleName: "Default", FixedRate: 0.1, ReservoirSize: 3, Priority: 10000 });
    expect(await failure(h.client.send(new DeleteSamplingRuleCommand({ RuleName: "Default" })))).toBeInstanceOf(InvalidRequestException);
    const missing = await failure(h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "nope", FixedRate: 0.1 } })));
    expect(missing.message).toBe("Sampling rule does not exist");
  });

  it("validates the rule against the model", async () => {
    const err = await failure(h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("bad", { FixedRate: 2 }) })));
    expect(err.name).toBe("ValidationException");
    expect(err.message).toContain("Member must have value less than or equal to 1");
  });

  it("stops at 25 rules, Default included", async () => {
    for (let i = 0; i < 24; i++) await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule(`r${i}`) }));
    expect(await failure(h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("one-more") })))).toBeInstanceOf(RuleLimitExceededException);
    for (let i = 0; i < 24; i++) await h.client.send(new DeleteSamplingRuleCommand({ RuleName: `r${i}` }));
  });
});

describe("GetSamplingTargets", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRay();
    await h.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule("orders") }));
  });

  afterAll(async () => {
    await h.close();
  });

  const report = (ClientID: string, RuleName: string, RequestCount: number, SampledCount: number, BorrowCount = 0) => ({
    RuleName,
    ClientID,
    Timestamp: new Date(h.clock.now()),
    RequestCount,
    SampledCount,
    BorrowCount,
  });

  it("answers a target per rule reported, the way the SDKs poll it", async () => {
    const out = await h.client.send(
      new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report(CLIENT_A, "orders", 10, 5, 1), report(CLIENT_A, "Default", 3, 1)] }),
    );
    expect(out.SamplingTargetDocuments).toEqual([
      { RuleName: "orders", FixedRate: 0.25, ReservoirQuota: 4, ReservoirQuotaTTL: new Date(NOW + 10_000), Interval: 10 },
      { RuleName: "Default", FixedRate: 0.05, ReservoirQuota: 1, ReservoirQuotaTTL: new Date(NOW + 10_000), Interval: 10 },
    ]);
    expect(out.UnprocessedStatistics).toEqual([]);
    expect(out.LastRuleModification).toEqual(new Date(NOW));
  });

  it("shares a rule's reservoir among the clients reporting for it", async () => {
    h.clock.advance(10_000);
    await h.client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report(CLIENT_A, "orders", 4, 2)] }));
    const out = await h.client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report(CLIENT_B, "orders", 6, 2)] }));
    expect(out.SamplingTargetDocuments?.[0]).toMatchObject({ RuleName: "orders", ReservoirQuota: 2 });
    h.clock.advance(20_000);
    const alone = await h.client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report(CLIENT_B, "orders", 1, 1)] }));
    expect(alone.SamplingTargetDocuments?.[0]).toMatchObject({ ReservoirQuota: 4, ReservoirQuotaTTL: new Date(NOW + 40_000) });
  });

  it("follows a rule change, reports unknown rules unprocessed", async () => {
    h.clock.advance(1_000);
    await h.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "orders", FixedRate: 0.5 } }));
    const out = await h.client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report(CLIENT_A, "orders", 0, 0), report(CLIENT_A, "gone", 1, 1)] }));
    expect(out.SamplingTargetDocuments?.map((t) => t.FixedRate)).toEqual([0.5]);
    expect(out.LastRuleModification).toEqual(new Date(h.clock.now()));
    expect(out.UnprocessedStatistics?.map((u) => u.RuleName)).toEqual(["gone"]);
  });

  it("sums the statistics reported in GetSamplingStatisticSummaries", async () => {
    const out = await h.client.send(new GetSamplingStatisticSummariesCommand({}));
    const byRule = new Map(out.SamplingStatisticSummaries?.map((s) => [s.RuleName, s]));
    expect(byRule.get("orders")).toMatchObject({ RequestCount: 21, SampledCount: 10, BorrowCount: 1 });
    expect(byRule.get("Default")).toMatchObject({ RequestCount: 3, SampledCount: 1, BorrowCount: 0, Timestamp: new Date(NOW) });
  });

  it("validates the statistics documents against the model", async () => {
    const err = await failure(h.client.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [report("short", "orders", 1, 1)] })));
    expect(err.name).toBe("ValidationException");
  });
});
