/**
 * SES behaviour recorded on AWS: localstack/localstack tests/aws/services/ses/test_ses.py (cases
 * marked `markers.aws.validated`, and test_sent_message_counter whose first quota was recorded)
 * with its snapshot (test_ses.snapshot.json), replayed through @aws-sdk/client-ses.
 */
import {
  CreateConfigurationSetCommand, CreateConfigurationSetEventDestinationCommand, CreateTemplateCommand, DeleteConfigurationSetCommand,
  DeleteConfigurationSetEventDestinationCommand, DeleteTemplateCommand, DescribeConfigurationSetCommand, GetSendQuotaCommand, ListTemplatesCommand,
  SendEmailCommand, SendRawEmailCommand, SendTemplatedEmailCommand, VerifyEmailIdentityCommand, type EventType,
} from "@aws-sdk/client-ses";
import {
  CreateConfigurationSetCommand as CreateConfigurationSetV2Command, CreateConfigurationSetEventDestinationCommand as CreateConfigurationSetEventDestinationV2Command,
  DeleteConfigurationSetEventDestinationCommand as DeleteConfigurationSetEventDestinationV2Command, GetConfigurationSetEventDestinationsCommand,
  UpdateConfigurationSetEventDestinationCommand as UpdateConfigurationSetEventDestinationV2Command,
} from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSes, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSes();
});
afterAll(() => h.close());

const SAMPLE_TEMPLATE = { TemplateName: "hello-world", SubjectPart: "Subject test", TextPart: "hello\nworld", HtmlPart: "hello<br/>world" };
const SAMPLE_SIMPLE_EMAIL = { Subject: { Data: "SOME_SUBJECT" }, Body: { Text: { Data: "SOME_MESSAGE" }, Html: { Data: "<p>SOME_HTML</p>" } } };

interface QueryFailure { Code?: string; Type?: string; name: string; message: string; $metadata: { httpStatusCode?: number } }
const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as QueryFailure | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { Code: error.Code ?? error.name, Message: error.message, Type: error.Type, status: error.$metadata.httpStatusCode };
};

describe("TestSES (test_ses.py)", () => {
  // ::test_delete_template and ::test_list_templates — empty, then the template's Name and CreatedTimestamp, twice, then empty again
  it("ListTemplates around CreateTemplate and DeleteTemplate", async () => {
    expect((await h.v1.send(new ListTemplatesCommand({}))).TemplatesMetadata).toEqual([]);
    const created = await h.v1.send(new CreateTemplateCommand({ Template: SAMPLE_TEMPLATE }));
    expect(created.$metadata.httpStatusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      const listed = (await h.v1.send(new ListTemplatesCommand({}))).TemplatesMetadata ?? [];
      expect(listed).toHaveLength(1);
      expect(Object.keys(listed[0] ?? {}).sort()).toEqual(["CreatedTimestamp", "Name"]);
      expect(listed[0]?.Name).toBe("hello-world");
      expect(listed[0]?.CreatedTimestamp).toBeInstanceOf(Date);
    }
    const deleted = await h.v1.send(new DeleteTemplateCommand({ TemplateName: "hello-world" }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect((await h.v1.send(new ListTemplatesCommand({}))).TemplatesMetadata).toEqual([]);
  });

  // ::test_sent_message_counter — each recipient counts. (AWS recorded an SES-sandbox account's
  // quota, 200 a day and 1 a second; the sandbox answers as an account with production access,
  // whose recipients need no verifying: limits.ts.)
  it("GetSendQuota counts each recipient of SendEmail, SendTemplatedEmail and SendRawEmail", async () => {
    const quota = await h.v1.send(new GetSendQuotaCommand({}));
    expect(quota.SentLast24Hours).toBe(0);
    expect(typeof quota.Max24HourSend).toBe("number");
    expect(typeof quota.MaxSendRate).toBe("number");
    const sender = "sender-counter@example.com";
    const recipient = "recipient-counter@example.com";
    for (const address of [sender, recipient]) await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: address }));
    const sent = async () => (await h.v1.send(new GetSendQuotaCommand({}))).SentLast24Hours;
    await h.v1.send(new SendEmailCommand({ Source: sender, Message: SAMPLE_SIMPLE_EMAIL, Destination: { ToAddresses: [recipient] } }));
    expect(await sent()).toBe(1);
    await h.v1.send(new CreateTemplateCommand({ Template: { ...SAMPLE_TEMPLATE, TemplateName: "counter" } }));
    await h.v1.send(new SendTemplatedEmailCommand({ Source: sender, Template: "counter", TemplateData: '{"A key": "A value"}', Destination: { ToAddresses: [recipient, sender] } }));
    expect(await sent()).toBe(3);
    const raw = `From: ${sender}\nTo: ${recipient}\nSubject: test\n\nThis is the message body.\n\n`;
    await h.v1.send(new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode(raw) } }));
    expect(await sent()).toBe(4);
  });

  // ::test_deleting_non_existent_configuration_set — ConfigurationSetDoesNotExist, a Sender fault, 400
  it("DeleteConfigurationSet of an unknown set", async () => {
    expect(await failure(h.v1.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "config-set-missing" })))).toEqual({
      Code: "ConfigurationSetDoesNotExist", Message: "Configuration set <config-set-missing> does not exist.", Type: "Sender", status: 400,
    });
    await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "config-set-present" } }));
    await h.v1.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "config-set-present" }));
  });

  // ::test_invalid_tags_send_email[…] — each refusal's text; the name is checked before the value
  const source = "user-tags@example.com";
  it.each([
    ["test_invalid_name:123-test", "test_invalid_name:123", "test", "Invalid tag name <test_invalid_name:123>: only alphanumeric ASCII characters, '_',  '-' are allowed."],
    ["test-test_invalid_value:123", "test", "test_invalid_value:123", "Invalid tag value <test_invalid_value:123>: only alphanumeric ASCII characters, '_',  '-' , '.', '@' are allowed."],
    ["test_invalid_name:123-test_invalid_value:123", "test_invalid_name:123", "test_invalid_value:123", "Invalid tag name <test_invalid_name:123>: only alphanumeric ASCII characters, '_',  '-' are allowed."],
    ["test_invalid_name_len", "test_invalid_name_len".repeat(100), "test", "Tag name cannot exceed 255 characters."],
    ["test_invalid_value_len", "test", "test_invalid_value_len".repeat(100), "Tag value cannot exceed 255 characters."],
    ["test_priority_name_value", "test_invalid_name@123", "test_invalid_value_len".repeat(100), "Invalid tag name <test_invalid_name@123>: only alphanumeric ASCII characters, '_',  '-' are allowed."],
    ["-", "", "", "The tag name must be specified."],
    ["-test", "", "test", "The tag name must be specified."],
    ["test-", "test", "", "The tag value must be specified."],
  ])("SendEmail refuses the tags of case [%s]", async (_id, name, value, message) => {
    expect(await failure(h.v1.send(new SendEmailCommand({ Source: source, Tags: [{ Name: name, Value: value }], Message: SAMPLE_SIMPLE_EMAIL, Destination: { ToAddresses: ["success@example.com"] } })))).toEqual({
      Code: "InvalidParameterValue", Message: message, Type: "Sender", status: 400,
    });
  });

  // ::test_special_tags_send_email[…] — "ses:" tags pass the tag checks: the unverified sender is what is refused
  it.each([["ses:feedback-id-a", "this-marketing-campaign"], ["ses:feedback-id-b", "that-campaign"]])("SendEmail takes the tag %s past the tag checks", async (name, value) => {
    const refused = await failure(h.v1.send(new SendEmailCommand({ Source: source, Tags: [{ Name: name, Value: value }], Message: SAMPLE_SIMPLE_EMAIL, Destination: { ToAddresses: ["success@example.com"] } })));
    expect(refused.Code).toBe("MessageRejected");
  });
});

describe("configuration set event destinations (test_ses.py::TestSES)", () => {
  const topic = `arn:aws:sns:us-east-1:000000000000:ses-events`;
  const destination = (Name: string, TopicARN = topic) => ({ Name, Enabled: true, MatchingEventTypes: ["send", "bounce", "delivery", "open", "click"] as EventType[], SNSDestination: { TopicARN } });

  // ::test_cannot_create_event_for_no_topic
  it("refuses an SNS destination whose topic does not exist", async () => {
    await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "config-set-no-topic" } }));
    const missing = "arn:aws:sns:us-east-1:000000000000:missing-topic";
    expect(await failure(h.v1.send(new CreateConfigurationSetEventDestinationCommand({ ConfigurationSetName: "config-set-no-topic", EventDestination: { ...destination("d1", missing), MatchingEventTypes: ["send"] } })))).toEqual({
      Code: "InvalidSNSDestination", Message: `SNS topic <${missing}> not found.`, Type: "Sender", status: 400,
    });
  });

  // ::test_creating_event_destination_without_configuration_set, ::test_deleting_non_existent_configuration_set_event_destination,
  // ::test_trying_to_delete_event_destination_from_non_existent_configuration_set
  it("refuses a destination of an unknown set, and the deletion of an unknown destination", async () => {
    h.dispatcher.topics.add(topic);
    expect(await failure(h.v1.send(new CreateConfigurationSetEventDestinationCommand({ ConfigurationSetName: "nonexistent-configuration-set-x", EventDestination: { ...destination("d1"), MatchingEventTypes: ["send"] } })))).toEqual({
      Code: "ConfigurationSetDoesNotExist", Message: "Configuration set <nonexistent-configuration-set-x> does not exist.", Type: "Sender", status: 400,
    });
    await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "config-set-del" } }));
    expect(await failure(h.v1.send(new DeleteConfigurationSetEventDestinationCommand({ ConfigurationSetName: "config-set-del", EventDestinationName: "non-existent-destination" })))).toEqual({
      Code: "EventDestinationDoesNotExist", Message: "No EventDestination found for config-set-del", Type: "Sender", status: 400,
    });
    await h.v1.send(new CreateConfigurationSetEventDestinationCommand({ ConfigurationSetName: "config-set-del", EventDestination: { ...destination("event-destination-1"), MatchingEventTypes: ["send"] } }));
    expect(await failure(h.v1.send(new DeleteConfigurationSetEventDestinationCommand({ ConfigurationSetName: "non-existent-configuration-set", EventDestinationName: "event-destination-1" })))).toEqual({
      Code: "ConfigurationSetDoesNotExist", Message: "Configuration set <non-existent-configuration-set> does not exist.", Type: "Sender", status: 400,
    });
    expect((await h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "config-set-del", ConfigurationSetAttributeNames: ["eventDestinations"] }))).EventDestinations?.map((d) => d.Name)).toEqual(["event-destination-1"]);
    await h.v1.send(new DeleteConfigurationSetEventDestinationCommand({ ConfigurationSetName: "config-set-del", EventDestinationName: "event-destination-1" }));
    expect((await h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "config-set-del", ConfigurationSetAttributeNames: ["eventDestinations"] }))).EventDestinations).toEqual([]);
  });

  // ::test_ses_sns_topic_integration_send_email — the validation message, then the Send and Delivery events
  it("publishes the topic's validation message, then each sent message's Send and Delivery events", async () => {
    h.dispatcher.topics.add(topic);
    h.dispatcher.calls.length = 0;
    const sender = "sender-events@example.com";
    const recipient = "recipient-events@example.com";
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: sender }));
    await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "config-set-events" } }));
    await h.v1.send(new CreateConfigurationSetEventDestinationCommand({ ConfigurationSetName: "config-set-events", EventDestination: destination("config-set-event-destination") }));
    const sent = await h.v1.send(new SendEmailCommand({
      Destination: { ToAddresses: [recipient] }, Message: SAMPLE_SIMPLE_EMAIL, ConfigurationSetName: "config-set-events", Source: sender, Tags: [{ Name: "custom-tag", Value: "tag-value" }],
    }));
    const published = h.dispatcher.calls.map((c) => c.input);
    expect(published[0]).toEqual({ TopicArn: topic, Message: "Successfully validated SNS topic for Amazon SES event publishing." });
    expect(published.slice(1).map((p) => p.Subject)).toEqual(["Amazon SES Email Event Notification", "Amazon SES Email Event Notification"]);
    const [send, delivery] = published.slice(1).map((p) => JSON.parse(String(p.Message)) as Record<string, Record<string, unknown>>);
    expect(Object.keys(send ?? {})).toEqual(["eventType", "mail", "send"]);
    expect(send?.eventType).toBe("Send");
    expect(send?.send).toEqual({});
    expect(send?.mail).toMatchObject({
      source: sender, sourceArn: `arn:aws:ses:us-east-1:000000000000:identity/${sender}`, sendingAccountId: "000000000000", messageId: sent.MessageId,
      destination: [recipient], headersTruncated: false,
      commonHeaders: { from: [sender], to: [recipient], messageId: sent.MessageId, subject: "SOME_SUBJECT" },
      tags: { "ses:operation": ["SendEmail"], "ses:configuration-set": ["config-set-events"], "ses:from-domain": ["example.com"], "custom-tag": ["tag-value"] },
    });
    expect((send?.mail?.headers as Array<{ name: string }>).map((h) => h.name).slice(0, 4)).toEqual(["From", "To", "Subject", "MIME-Version"]);
    expect(Object.keys(delivery ?? {})).toEqual(["eventType", "mail", "delivery"]);
    expect(delivery?.eventType).toBe("Delivery");
    expect(Object.keys(delivery?.delivery ?? {})).toEqual(["timestamp", "processingTimeMillis", "recipients", "smtpResponse", "reportingMTA"]);
    expect(delivery?.delivery?.recipients).toEqual([recipient]);
    expect(delivery?.mail?.tags).toHaveProperty("ses:outgoing-ip");
  });
});

describe("SESv2 configuration set event destinations", () => {
  it("creates, lists, updates and deletes a destination; its refusals in SESv2's codes", async () => {
    const topic = "arn:aws:sns:us-east-1:000000000000:ses-v2-events";
    h.dispatcher.topics.add(topic);
    await h.v2.send(new CreateConfigurationSetV2Command({ ConfigurationSetName: "v2-set" }));
    await h.v2.send(new CreateConfigurationSetEventDestinationV2Command({
      ConfigurationSetName: "v2-set", EventDestinationName: "v2-sns", EventDestination: { Enabled: true, MatchingEventTypes: ["SEND", "DELIVERY", "RENDERING_FAILURE"], SnsDestination: { TopicArn: topic } },
    }));
    expect((await h.v2.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: "v2-set" }))).EventDestinations).toEqual([
      { Name: "v2-sns", Enabled: true, MatchingEventTypes: ["SEND", "DELIVERY", "RENDERING_FAILURE"], SnsDestination: { TopicArn: topic } },
    ]);
    // The same destination seen through the v1 API.
    expect((await h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "v2-set", ConfigurationSetAttributeNames: ["eventDestinations"] }))).EventDestinations?.[0]?.MatchingEventTypes).toEqual(["send", "delivery", "renderingFailure"]);
    const again = await h.v2.send(new CreateConfigurationSetEventDestinationV2Command({ ConfigurationSetName: "v2-set", EventDestinationName: "v2-sns", EventDestination: { SnsDestination: { TopicArn: topic } } })).catch((e: { name: string; $metadata: { httpStatusCode?: number } }) => e);
    expect(again).toMatchObject({ name: "AlreadyExistsException", $metadata: { httpStatusCode: 400 } });
    await h.v2.send(new UpdateConfigurationSetEventDestinationV2Command({ ConfigurationSetName: "v2-set", EventDestinationName: "v2-sns", EventDestination: { Enabled: false, MatchingEventTypes: ["BOUNCE"], SnsDestination: { TopicArn: topic } } }));
    expect((await h.v2.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: "v2-set" }))).EventDestinations?.[0]).toMatchObject({ Enabled: false, MatchingEventTypes: ["BOUNCE"] });
    await h.v2.send(new DeleteConfigurationSetEventDestinationV2Command({ ConfigurationSetName: "v2-set", EventDestinationName: "v2-sns" }));
    const gone = await h.v2.send(new DeleteConfigurationSetEventDestinationV2Command({ ConfigurationSetName: "v2-set", EventDestinationName: "v2-sns" })).catch((e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => e);
    expect(gone).toMatchObject({ name: "NotFoundException", message: "No EventDestination found for v2-set", $metadata: { httpStatusCode: 404 } });
    const noSet = await h.v2.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: "no-such-set" })).catch((e: { name: string; $metadata: { httpStatusCode?: number } }) => e);
    expect(noSet).toMatchObject({ name: "NotFoundException", $metadata: { httpStatusCode: 404 } });
  });
});

