import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CheckIfPhoneNumberIsOptedOutCommand, CreateSMSSandboxPhoneNumberCommand, CreateTopicCommand, DeleteSMSSandboxPhoneNumberCommand,
  GetSMSAttributesCommand, GetSMSSandboxAccountStatusCommand, InvalidParameterException, ListOriginationNumbersCommand,
  ListPhoneNumbersOptedOutCommand, ListSMSSandboxPhoneNumbersCommand, OptInPhoneNumberCommand, PublishCommand,
  ResourceNotFoundException, SetSMSAttributesCommand, SubscribeCommand, VerificationException, VerifySMSSandboxPhoneNumberCommand,
} from "@aws-sdk/client-sns";
import { caught, startSns, until, type Harness } from "./helpers.js";

describe("SMS", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startSns();
  });

  afterAll(async () => {
    await h.close();
  });

  describe("Publish with PhoneNumber", () => {
    it("prints and records the message", async () => {
      const events: string[] = [];
      h.events.on("snsDelivery", (d) => void events.push(`${d.protocol} ${d.endpoint} ${d.status} ${d.body ?? ""}`));
      const { MessageId } = await h.client.send(new PublishCommand({ PhoneNumber: "+15555550100", Message: "Your code is 1234" }));
      expect(h.sns.engine.sentMessages("+15555550100")).toEqual([
        expect.objectContaining({ messageId: MessageId, protocol: "sms", destination: "+15555550100", message: "Your code is 1234" }),
      ]);
      expect(h.logger.lines.some((l) => l.includes("SMS to +15555550100") && l.includes("Your code is 1234"))).toBe(true);
      expect(events).toEqual(["sms +15555550100 delivered Your code is 1234"]);
      h.events.removeAllListeners("snsDelivery");
    });

    it("rejects a number that is not E.164 with AWS's text", async () => {
      const err = await caught(h.client.send(new PublishCommand({ PhoneNumber: "555-0100", Message: "hi" })));
      expect(err).toBeInstanceOf(InvalidParameterException);
      expect(err.message).toBe("Invalid parameter: PhoneNumber Reason: 555-0100 is not valid to publish to");
    });

    it("sends nothing to an opted-out number, and again after OptInPhoneNumber", async () => {
      await h.sns.engine.optOutPhoneNumber("+15555550111");
      expect((await h.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: "+15555550111" }))).isOptedOut).toBe(true);
      expect((await h.client.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers).toEqual(["+15555550111"]);
      await h.client.send(new PublishCommand({ PhoneNumber: "+15555550111", Message: "dropped" }));
      expect(h.sns.engine.sentMessages("+15555550111")).toEqual([]);
      await h.client.send(new OptInPhoneNumberCommand({ phoneNumber: "+15555550111" }));
      expect((await h.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: "+15555550111" }))).isOptedOut).toBe(false);
      await h.client.send(new PublishCommand({ PhoneNumber: "+15555550111", Message: "sent" }));
      expect(h.sns.engine.sentMessages("+15555550111").map((m) => m.message)).toEqual(["sent"]);
    });

    it("checks numbers given to the opt-out actions", async () => {
      const err = await caught(h.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: "abc" })));
      expect(err.message).toBe("Invalid parameter: PhoneNumber Reason: input incorrectly formatted");
    });
  });

  it("delivers topic messages to sms subscriptions", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "alerts" }));
    await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "sms", Endpoint: "+15555550122" }));
    await h.client.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ default: "long text", sms: "short" }), MessageStructure: "json" }));
    await h.sns.engine.settled();
    await until(() => h.sns.engine.sentMessages("+15555550122").length === 1, "sms delivery");
    expect(h.sns.engine.sentMessages("+15555550122")[0]).toMatchObject({ message: "short", topicArn: TopicArn });
  });

  describe("Get/SetSMSAttributes", () => {
    it("keeps account preferences with AWS's default spend limit", async () => {
      expect((await h.client.send(new GetSMSAttributesCommand({}))).attributes).toEqual({ MonthlySpendLimit: "1" });
      await h.client.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: "Transactional", DefaultSenderID: "MyApp" } }));
      expect((await h.client.send(new GetSMSAttributesCommand({ attributes: ["DefaultSMSType"] }))).attributes).toEqual({ DefaultSMSType: "Transactional" });
      expect((await h.client.send(new GetSMSAttributesCommand({}))).attributes).toEqual({ MonthlySpendLimit: "1", DefaultSMSType: "Transactional", DefaultSenderID: "MyApp" });
    });

    it("resets a preference given an empty value", async () => {
      await h.client.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: "Promotional", DefaultSenderID: "Reset", MonthlySpendLimit: "10" } }));
      await h.client.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: "", DefaultSenderID: "", MonthlySpendLimit: "", UsageReportS3Bucket: "" } }));
      expect((await h.client.send(new GetSMSAttributesCommand({}))).attributes).toEqual({ MonthlySpendLimit: "1" });
    });

    it("rejects unknown attributes and SMS types", async () => {
      const name = await caught(h.client.send(new SetSMSAttributesCommand({ attributes: { Colour: "red" } })));
      expect(name).toBeInstanceOf(InvalidParameterException);
      expect(name.message).toBe("Colour is not a valid attribute");
      const type = await caught(h.client.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: "Loud" } })));
      expect(type.message).toBe("DefaultSMSType is invalid");
    });
  });

  describe("SMS sandbox", () => {
    it("reports the account out of the sandbox", async () => {
      expect((await h.client.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox).toBe(false);
    });

    it("adds a number, prints its one-time password and verifies it", async () => {
      await h.client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: "+15555550133", LanguageCode: "en-US" }));
      const line = h.logger.lines.find((l) => l.includes("verification code for +15555550133")) ?? "";
      const otp = /is (\d{6})/.exec(line)?.[1] ?? "";
      expect(otp).toMatch(/^\d{6}$/);
      expect((await h.client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers).toEqual([{ PhoneNumber: "+15555550133", Status: "Pending" }]);
      const wrong = await caught(h.client.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: "+15555550133", OneTimePassword: otp === "000000" ? "111111" : "000000" })));
      expect(wrong).toBeInstanceOf(VerificationException);
      await h.client.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: "+15555550133", OneTimePassword: otp }));
      expect((await h.client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers).toEqual([{ PhoneNumber: "+15555550133", Status: "Verified" }]);
      await h.client.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: "+15555550133" }));
      expect((await h.client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers).toEqual([]);
    });

    it("answers an unknown number with ResourceNotFound", async () => {
      const err = await caught(h.client.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: "+15555550199", OneTimePassword: "123456" })));
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(err.$metadata?.httpStatusCode).toBe(404);
    });

    it("checks the model's constraints", async () => {
      const err = await caught(h.client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: "555-0100" })));
      expect(err.name).toBe("ValidationError");
    });
  });

  it("owns no origination numbers", async () => {
    expect((await h.client.send(new ListOriginationNumbersCommand({}))).PhoneNumbers).toEqual([]);
  });
});
