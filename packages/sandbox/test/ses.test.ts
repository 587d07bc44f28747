import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { DescribeConfigurationSetCommand, GetIdentityVerificationAttributesCommand, GetTemplateCommand, ListConfigurationSetsCommand, SESClient } from "@aws-sdk/client-ses";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("SES from a template: a function sends, the outbox shows it", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;
  let ses: SESClient;
  let contactForm = "";
  const invoke = async (payload: Record<string, unknown>) => {
    const result = await lambda.send(new InvokeCommand({ FunctionName: contactForm, Payload: Buffer.from(JSON.stringify(payload)) }));
    return { error: result.FunctionError, body: JSON.parse(Buffer.from(result.Payload ?? new Uint8Array()).toString("utf8")) as Record<string, string> };
  };
  const outbox = async (query = "") => ((await (await fetch(`${sandbox.endpoint}/_aws/ses${query}`)).json()) as { messages: Array<Record<string, unknown>> }).messages;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "ses"), port: 0, edgePort: 0, inMemory: true });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    ses = new SESClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    contactForm = (await lambda.send(new ListFunctionsCommand({}))).Functions?.find((f) => f.FunctionName?.includes("ContactForm"))?.FunctionName ?? "";
  });

  afterAll(async () => {
    lambda?.destroy();
    ses?.destroy();
    await sandbox?.stop();
  });

  it("creates the identity (verified at once), the template and the configuration set", async () => {
    expect(sandbox.app.outputs.SenderIdentity.value).toBe("contact@shop.example");
    expect(sandbox.app.outputs.TemplateName.value).toBe("contact-thanks");
    const attributes = await ses.send(new GetIdentityVerificationAttributesCommand({ Identities: ["contact@shop.example"] }));
    expect(attributes.VerificationAttributes).toEqual({ "contact@shop.example": { VerificationStatus: "Success" } });
    expect((await ses.send(new GetTemplateCommand({ TemplateName: "contact-thanks" }))).Template?.SubjectPart).toBe("Thanks, {{name}}");
    expect((await ses.send(new ListConfigurationSetsCommand({}))).ConfigurationSets).toEqual([{ Name: "contact-tracking" }]);
  });

  it("shows a domain identity's Easy DKIM tokens in SESv2 as the template's DkimDNSTokenName attributes name them (SESv2 listed none)", async () => {
    // SESv2's GetEmailIdentity (restJson, signed for "ses"; the sandbox has no client-sesv2 among its test clients).
    const res = await fetch(`${sandbox.endpoint}/v2/email/identities/mail.shop.example`, {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=0" },
    });
    const identity = (await res.json()) as { DkimAttributes?: { Tokens?: string[] } };
    const name = String(sandbox.app.outputs.DkimRecordName1.value);
    // Lower-case base32, as SES makes Easy DKIM tokens (its VerifyDomainDkim example).
    expect(name).toMatch(/^[a-z2-7]{32}\._domainkey\.mail\.shop\.example$/);
    expect(identity.DkimAttributes?.Tokens?.[0]).toBe(name.split(".")[0]);
    expect(identity.DkimAttributes?.Tokens).toHaveLength(3);
  });

  it("keeps what the function sends, the templated message rendered", async () => {
    const { error, body } = await invoke({ name: "Ana", email: "ana@example.org", message: "Is the shop open on Sunday?" });
    expect(error).toBeUndefined();
    const [notice] = await outbox(`?id=${body.notice}`);
    expect(notice).toMatchObject({
      Source: "contact@shop.example", Destination: { ToAddresses: ["contact@shop.example"] }, Subject: "Contact form: Ana",
      Body: { text_part: "Is the shop open on Sunday?", html_part: null },
    });
    const [thanks] = await outbox(`?id=${body.thanks}`);
    expect(thanks).toMatchObject({
      Destination: { ToAddresses: ["ana@example.org"] }, Subject: "Thanks, Ana", Template: "contact-thanks",
      Body: { text_part: "We got your message: Is the shop open on Sunday?", html_part: "<p>We got your message: Is the shop open on Sunday?</p>" },
    });
    expect((await outbox("?email=contact@shop.example")).length).toBe(2);
  });

  // localstack's test_ses_sns_topic_integration_send_email (recorded on AWS): the topic's validation message, then Send and Delivery.
  it("publishes the configuration set's events to the template's SNS event destination", async () => {
    const described = await ses.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "contact-tracking", ConfigurationSetAttributeNames: ["eventDestinations"] }));
    expect(described.EventDestinations).toEqual([{ Name: "to-sns", Enabled: true, MatchingEventTypes: ["send", "delivery"], SNSDestination: { TopicARN: expect.stringMatching(/^arn:aws:sns:us-east-1:000000000000:/) } }]);
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const queueUrl = `${sandbox.endpoint}/000000000000/${String(sandbox.app.resources.SesEventQueue?.ref)}`;
      const messages: Array<{ Subject?: string; Message: string }> = [];
      for (let i = 0; i < 10 && messages.length < 3; i++) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        for (const m of got.Messages ?? []) messages.push(JSON.parse(m.Body ?? "{}") as { Subject?: string; Message: string });
      }
      expect(messages.map((m) => m.Message)).toContain("Successfully validated SNS topic for Amazon SES event publishing.");
      const events = messages.filter((m) => m.Subject === "Amazon SES Email Event Notification").map((m) => JSON.parse(m.Message) as { eventType: string; mail: { tags: Record<string, string[]> } });
      // The earlier test's notice named the configuration set (its thanks did not).
      expect(events.map((e) => e.eventType).sort()).toEqual(["Delivery", "Send"]);
      expect(events[0]?.mail.tags["ses:configuration-set"]).toEqual(["contact-tracking"]);
    } finally {
      sqs.destroy();
    }
  });

  it("fails the function's call from an address the template does not verify", async () => {
    const { error, body } = await invoke({ name: "Eve", email: "eve@example.org", message: "hi", from: "eve@elsewhere.example" });
    expect(error).toBe("Unhandled");
    expect(body.errorType).toBe("MessageRejected");
    expect(body.errorMessage).toBe("Email address is not verified. The following identities failed the check in region US-EAST-1: eve@elsewhere.example");
  });

  it("empties the outbox on DELETE /_aws/ses", async () => {
    expect((await fetch(`${sandbox.endpoint}/_aws/ses`, { method: "DELETE" })).status).toBe(204);
    expect(await outbox()).toEqual([]);
  });
});
