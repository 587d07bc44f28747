import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTopicCommand, GetDataProtectionPolicyCommand, InvalidParameterException, NotFoundException, PutDataProtectionPolicyCommand } from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, startSns, type Harness } from "./helpers.js";

const policy = (direction: string) => JSON.stringify({
  Name: "basicPII-protection",
  Description: "Protect basic types of sensitive data",
  Version: "2021-06-01",
  Statement: [{
    Sid: "basicPII-inbound-protection",
    DataDirection: direction,
    Principal: ["*"],
    DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/Name"],
    Operation: { Deny: {} },
  }],
});

describe("Put/GetDataProtectionPolicy", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startSns();
  });

  afterAll(async () => {
    await h.close();
  });

  it("stores a topic's policy and answers an empty one before", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "pii" }));
    expect((await h.client.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy ?? "").toBe("");
    await h.client.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: policy("Inbound") }));
    expect((await h.client.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy).toBe(policy("Inbound"));
  });

  it("removes the policy when given an empty one", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "pii-removed", DataProtectionPolicy: policy("Inbound") }));
    await h.client.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: "" }));
    expect((await h.client.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy ?? "").toBe("");
  });

  it("takes the policy at CreateTopic", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "pii-created", DataProtectionPolicy: policy("Outbound") }));
    expect((await h.client.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy).toBe(policy("Outbound"));
  });

  it("rejects a bad DataDirection and JSON that does not parse", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "pii-bad" }));
    const direction = await caught(h.client.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: policy("Inbxound") })));
    expect(direction).toBeInstanceOf(InvalidParameterException);
    expect(direction.message).toBe("Invalid parameter: DataProtectionPolicy Reason: Statement DataDirection must be either Inbound or Outbound");
    const created = await caught(h.client.send(new CreateTopicCommand({ Name: "pii-bad-2", DataProtectionPolicy: policy("Inbxound") })));
    expect(created.message).toBe("Invalid parameter: DataProtectionPolicy Reason: Statement DataDirection must be either Inbound or Outbound");
    const syntax = await caught(h.client.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: "{not json" })));
    expect(syntax).toBeInstanceOf(InvalidParameterException);
  });

  it("answers NotFound for a missing topic", async () => {
    const err = await caught(h.client.send(new GetDataProtectionPolicyCommand({ ResourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:nope` })));
    expect(err).toBeInstanceOf(NotFoundException);
    expect(err.message).toBe("Topic does not exist");
  });
});
