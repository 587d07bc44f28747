import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetGroupCommand, GetSamplingRulesCommand, ListResourcePoliciesCommand, ListTagsForResourceCommand, XRayClient } from "@aws-sdk/client-xray";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixtures = join(import.meta.dirname, "fixtures");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("AWS::XRay resources in a template", () => {
  let sandbox: RunningSandbox;
  let xray: XRayClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(fixtures, "xray"), port: 0, edgePort: 0, inMemory: true });
    xray = new XRayClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    xray?.destroy();
    await sandbox?.stop();
  });

  it("creates the group under the ARN its !GetAtt GroupARN gave", async () => {
    const arn = sandbox.app.outputs.GroupArn?.value;
    expect(arn).toMatch(/^arn:aws:xray:us-east-1:\d{12}:group\/faults\/[A-Z2-7]{52}$/);
    const out = await xray.send(new GetGroupCommand({ GroupARN: arn }));
    expect(out.Group).toMatchObject({ GroupName: "faults", FilterExpression: "fault OR error", InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false } });
    expect((await xray.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: "team", Value: "orders" }]);
  });

  it("creates the sampling rule and the resource policy", async () => {
    const rules = await xray.send(new GetSamplingRulesCommand({}));
    const orders = rules.SamplingRuleRecords?.find((r) => r.SamplingRule?.RuleName === "orders")?.SamplingRule;
    expect(orders).toMatchObject({ RuleARN: sandbox.app.outputs.RuleArn?.value, FixedRate: 0.5, ReservoirSize: 2, URLPath: "/orders/*" });
    const policies = await xray.send(new ListResourcePoliciesCommand({}));
    expect(policies.ResourcePolicies?.map((p) => p.PolicyName)).toEqual([sandbox.app.outputs.PolicyName?.value]);
  });
});
