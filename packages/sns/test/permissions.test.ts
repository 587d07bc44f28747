import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddPermissionCommand, CreateTopicCommand, GetTopicAttributesCommand, InvalidParameterException, NotFoundException,
  RemovePermissionCommand, SetTopicAttributesCommand,
} from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, startSns, type Harness } from "./helpers.js";

const DEFAULT_ACTIONS = [
  "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
  "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
];

describe("topic permissions", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startSns();
  });

  afterAll(async () => {
    await h.close();
  });

  const topic = async (name: string) => (await h.client.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? "";
  const policy = async (TopicArn: string) =>
    JSON.parse((await h.client.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.Policy ?? "{}") as {
      Version: string; Id: string; Statement: Array<Record<string, unknown>>;
    };

  describe("AddPermission", () => {
    it("adds a statement after the default one, single values unwrapped from their lists", async () => {
      const TopicArn = await topic("granted");
      await h.client.send(new AddPermissionCommand({ TopicArn, Label: "partner", AWSAccountId: ["111122223333"], ActionName: ["Publish"] }));
      const doc = await policy(TopicArn);
      expect(doc.Version).toBe("2008-10-17");
      expect(doc.Id).toBe("__default_policy_ID");
      expect(doc.Statement).toEqual([
        {
          Sid: "__default_statement_ID",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: DEFAULT_ACTIONS,
          Resource: TopicArn,
          Condition: { StringEquals: { "AWS:SourceOwner": ACCOUNT } },
        },
        { Sid: "partner", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "SNS:Publish", Resource: TopicArn },
      ]);
    });

    it("keeps several accounts and actions as lists", async () => {
      const TopicArn = await topic("shared");
      await h.client.send(new AddPermissionCommand({
        TopicArn, Label: "team", AWSAccountId: ["111111111111", "222222222222"], ActionName: ["Publish", "Subscribe"],
      }));
      expect((await policy(TopicArn)).Statement[1]).toEqual({
        Sid: "team",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
        Action: ["SNS:Publish", "SNS:Subscribe"],
        Resource: TopicArn,
      });
    });

    it("refuses a label the policy already has", async () => {
      const TopicArn = await topic("twice");
      await h.client.send(new AddPermissionCommand({ TopicArn, Label: "once", AWSAccountId: ["111122223333"], ActionName: ["Publish"] }));
      const err = await caught(h.client.send(new AddPermissionCommand({ TopicArn, Label: "once", AWSAccountId: ["111122223333"], ActionName: ["Subscribe"] })));
      expect(err).toBeInstanceOf(InvalidParameterException);
      expect(err.message).toBe("Invalid parameter: Statement already exists");
      expect((await policy(TopicArn)).Statement).toHaveLength(2);
    });

    it("refuses an action a topic policy cannot grant, leaving the policy as it was", async () => {
      const TopicArn = await topic("scoped");
      for (const action of ["CreateTopic", "sns:Publish", "*"]) {
        const err = await caught(h.client.send(new AddPermissionCommand({ TopicArn, Label: "wide", AWSAccountId: ["111122223333"], ActionName: ["Publish", action] })));
        expect(err).toBeInstanceOf(InvalidParameterException);
        expect(err.message).toBe("Invalid parameter: Policy statement action out of service scope!");
      }
      expect((await policy(TopicArn)).Statement).toHaveLength(1);
    });

    it("adds to a policy set with SetTopicAttributes, even one whose Statement is a lone object", async () => {
      const TopicArn = await topic("custom");
      const own = { Sid: "own", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: TopicArn };
      await h.client.send(new SetTopicAttributesCommand({
        TopicArn, AttributeName: "Policy", AttributeValue: JSON.stringify({ Version: "2012-10-17", Statement: own }),
      }));
      await h.client.send(new AddPermissionCommand({ TopicArn, Label: "more", AWSAccountId: ["111122223333"], ActionName: ["Receive"] }));
      const doc = await policy(TopicArn);
      expect(doc.Version).toBe("2012-10-17");
      expect(doc.Statement.map((s) => s.Sid)).toEqual(["own", "more"]);
      expect(doc.Statement[1]?.Action).toBe("SNS:Receive");
    });

    it("answers NotFound for a topic that does not exist", async () => {
      const err = await caught(h.client.send(new AddPermissionCommand({
        TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:missing`, Label: "x", AWSAccountId: ["111122223333"], ActionName: ["Publish"],
      })));
      expect(err).toBeInstanceOf(NotFoundException);
      expect(err.message).toBe("Topic does not exist");
    });

    it("reports a missing Label as SNS's ValidationError", async () => {
      const TopicArn = await topic("incomplete");
      const noLabel = await caught(h.client.send(new AddPermissionCommand({ TopicArn, AWSAccountId: ["111122223333"], ActionName: ["Publish"] } as never)));
      expect(noLabel.name).toBe("ValidationError");
      expect(noLabel.message).toBe("1 validation error detected: Value null at 'label' failed to satisfy constraint: Member must not be null");
    });
  });

  describe("RemovePermission", () => {
    it("removes the statement with the label", async () => {
      const TopicArn = await topic("revoked");
      await h.client.send(new AddPermissionCommand({ TopicArn, Label: "partner", AWSAccountId: ["111122223333"], ActionName: ["Publish"] }));
      await h.client.send(new RemovePermissionCommand({ TopicArn, Label: "partner" }));
      expect((await policy(TopicArn)).Statement.map((s) => s.Sid)).toEqual(["__default_statement_ID"]);
    });

    it("succeeds for a label the policy does not have", async () => {
      const TopicArn = await topic("unlabelled");
      await h.client.send(new RemovePermissionCommand({ TopicArn, Label: "never-added" }));
      expect((await policy(TopicArn)).Statement.map((s) => s.Sid)).toEqual(["__default_statement_ID"]);
    });

    it("answers NotFound for a topic that does not exist", async () => {
      const err = await caught(h.client.send(new RemovePermissionCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:missing`, Label: "x" })));
      expect(err).toBeInstanceOf(NotFoundException);
      expect(err.message).toBe("Topic does not exist");
    });
  });
});
