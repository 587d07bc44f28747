import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createSns } from "../src/index.js";
import { FakeInvoker, NOW, lambdaArn } from "./helpers.js";

describe("persistence", () => {
  const dirs: string[] = [];

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function open(dir: string) {
    const store = new FileStore({ dir, clock: new VirtualClock(NOW), logger: silentLogger });
    const sns = await createSns({
      store, clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000",
      invoker: new FakeInvoker(), edgeUrl: "http://127.0.0.1:4566",
    });
    return { store, sns };
  }

  it("keeps topics, tags, attributes and subscriptions across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sns-store-"));
    dirs.push(dir);
    const first = await open(dir);
    const { TopicArn } = await first.sns.engine.createTopic({ Name: "kept", Attributes: { DisplayName: "Kept" }, Tags: [{ Key: "a", Value: "1" }] });
    const { SubscriptionArn } = await first.sns.engine.subscribe({
      TopicArn, Protocol: "lambda", Endpoint: lambdaArn("fn"), Attributes: { FilterPolicy: '{"k":["v"]}' },
    });
    await first.sns.engine.createTopic({ Name: "gone" });
    await first.sns.engine.deleteTopic({ TopicArn: TopicArn.replace("kept", "gone") });
    await first.store.close();

    const second = await open(dir);
    expect(second.sns.engine.listTopics().Topics).toEqual([{ TopicArn }]);
    expect(second.sns.engine.getTopicAttributes({ TopicArn }).Attributes).toMatchObject({ DisplayName: "Kept", SubscriptionsConfirmed: "1" });
    expect(second.sns.engine.listTagsForResource({ ResourceArn: TopicArn }).Tags).toEqual([{ Key: "a", Value: "1" }]);
    expect(second.sns.engine.getSubscriptionAttributes({ SubscriptionArn }).Attributes.FilterPolicy).toBe('{"k":["v"]}');
    await second.store.close();
  });

  it("keeps platform applications, endpoints and SMS settings across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sns-store-"));
    dirs.push(dir);
    const first = await open(dir);
    const e = first.sns.engine;
    const { PlatformApplicationArn } = await e.createPlatformApplication({ Name: "app", Platform: "GCM", Attributes: { PlatformCredential: "k" } });
    const { EndpointArn } = await e.createPlatformEndpoint({ PlatformApplicationArn, Token: "t", CustomUserData: "u" });
    await e.setEndpointAttributes({ EndpointArn, Attributes: { Enabled: "false" } });
    await e.setSMSAttributes({ attributes: { DefaultSMSType: "Promotional" } });
    await e.optOutPhoneNumber("+15555550100");
    await e.createSMSSandboxPhoneNumber({ PhoneNumber: "+15555550101" });
    await first.store.close();

    const second = await open(dir);
    const s = second.sns.engine;
    expect(s.getPlatformApplicationAttributes({ PlatformApplicationArn }).Attributes).toEqual({ Enabled: "true" });
    expect(s.getEndpointAttributes({ EndpointArn }).Attributes).toEqual({ Enabled: "false", Token: "t", CustomUserData: "u" });
    expect(s.getSMSAttributes().attributes).toEqual({ MonthlySpendLimit: "1", DefaultSMSType: "Promotional" });
    expect(s.listPhoneNumbersOptedOut().phoneNumbers).toEqual(["+15555550100"]);
    expect(s.listSMSSandboxPhoneNumbers().PhoneNumbers).toEqual([{ PhoneNumber: "+15555550101", Status: "Pending" }]);
    await second.store.close();
  });
});
