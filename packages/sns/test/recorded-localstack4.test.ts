/**
 * More SNS cases recorded on real AWS in localstack tests/aws/services/sns/test_sns.snapshot.json (the test
 * named in each describe), replayed through the real SDK v3 client. Deliveries to SQS go to a recording
 * queue port; values the snapshot replaced (<uuid:1>, signatures, dates) are not compared.
 */
import { verify } from "node:crypto";
import {
  ConfirmSubscriptionCommand, CreateTopicCommand, ListPhoneNumbersOptedOutCommand, DeleteTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand,
  PublishBatchCommand, PublishCommand, SNSClient, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SubscribeCommand, TagResourceCommand, UnsubscribeCommand, UntagResourceCommand,
} from "@aws-sdk/client-sns";
import { AwsError, EventBus, MemoryStore, VirtualClock, serveHandler, silentLogger, type EdgeRequest, type EdgeResponse } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSns, type QueueMessage } from "../src/index.js";
import { ACCOUNT, FakeInvoker, NOW, REGION, startEndpoint, until } from "./helpers.js";

const sent: Array<{ arn: string; message: QueueMessage }> = [];
let client: SNSClient;
let close: () => Promise<void>;
let count = 0;
const invoker = new FakeInvoker();

beforeAll(async () => {
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
  const server = await serveHandler((req) => handle(req));
  const sns = await createSns({
    store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, events: new EventBus(), region: REGION, accountId: ACCOUNT,
    invoker, edgeUrl: server.url, queues: {
      send: async (arn, message) => {
        // Queues named "...-gone..." do not exist, as a deleted subscriber queue.
        if (arn.includes("-gone")) throw new AwsError("QueueDoesNotExist", "The specified queue does not exist.", 400);
        sent.push({ arn, message });
      },
    },
  });
  handle = sns.service.handle;
  client = new SNSClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  close = async () => {
    client.destroy();
    await sns.close();
    await server.close();
  };
});
afterAll(() => close());

const topic = async (suffix = "", Attributes?: Record<string, string>) =>
  (await client.send(new CreateTopicCommand({ Name: `rec4-${++count}${suffix}`, ...(Attributes ? { Attributes } : {}) }))).TopicArn ?? "";
const queueArn = () => `arn:aws:sqs:${REGION}:${ACCOUNT}:rec4-q-${++count}`;
/** The error's code, message and HTTP status, as the SDK surfaces them. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected a failure");
}
const invalid = (message: string) => ({ name: "InvalidParameterException", message, status: 400 });
const NOT_FOUND = { name: "NotFoundException", message: "Topic does not exist", status: 404 };
/** What reached `arn` since `from`. */
const deliveredTo = (arn: string) => sent.filter((s) => s.arn === arn).map((s) => s.message);

describe("TestSNSTopicCrud", () => {
  it("test_create_topic_with_attributes: a FIFO topic's attributes; a missing or malformed topic", async () => {
    const TopicArn = await topic(".fifo", { FifoTopic: "true", DisplayName: "TestTopic", SignatureVersion: "2" });
    const attrs = (await client.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {};
    expect(Object.keys(attrs).sort()).toEqual([
      "ContentBasedDeduplication", "DisplayName", "EffectiveDeliveryPolicy", "FifoTopic", "Owner", "Policy", "SignatureVersion",
      "SubscriptionsConfirmed", "SubscriptionsDeleted", "SubscriptionsPending", "TopicArn",
    ]);
    expect(attrs).toMatchObject({ ContentBasedDeduplication: "false", DisplayName: "TestTopic", FifoTopic: "true", Owner: ACCOUNT, SignatureVersion: "2", TopicArn });
    expect(JSON.parse(attrs.EffectiveDeliveryPolicy ?? "")).toEqual({
      http: {
        defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear" },
        disableSubscriptionOverrides: false,
        defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
      },
    });
    expect(JSON.parse(attrs.Policy ?? "")).toEqual({
      Version: "2008-10-17", Id: "__default_policy_ID",
      Statement: [{
        Sid: "__default_statement_ID", Effect: "Allow", Principal: { AWS: "*" },
        Action: ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
        Resource: TopicArn, Condition: { StringEquals: { "AWS:SourceOwner": ACCOUNT } },
      }],
    });
    expect(await failure(client.send(new GetTopicAttributesCommand({ TopicArn: `${TopicArn}-missing` })))).toEqual(NOT_FOUND);
    expect(await failure(client.send(new GetTopicAttributesCommand({ TopicArn: "test-topic" }))))
      .toEqual(invalid("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"));
  });

  it("test_create_topic_test_arn: a standard topic answers no FIFO attributes; deleted, it is NotFound", async () => {
    const TopicArn = await topic();
    const attrs = (await client.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {};
    expect(Object.keys(attrs).sort()).toEqual([
      "DisplayName", "EffectiveDeliveryPolicy", "Owner", "Policy", "SubscriptionsConfirmed", "SubscriptionsDeleted", "SubscriptionsPending", "TopicArn",
    ]);
    expect(attrs.DisplayName).toBe("");
    await client.send(new DeleteTopicCommand({ TopicArn }));
    expect(await failure(client.send(new GetTopicAttributesCommand({ TopicArn })))).toEqual(NOT_FOUND);
  });

  it("test_tags: refuses duplicated keys, lists, untags and updates", async () => {
    const ResourceArn = await topic();
    expect(await failure(client.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: "k1", Value: "v1" }, { Key: "k1", Value: "v2" }] }))))
      .toEqual(invalid("Invalid parameter: Duplicated keys are not allowed."));
    await client.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: "k1", Value: "v1" }, { Key: "k2", Value: "v2" }] }));
    const tags = async () => (await client.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags;
    expect(await tags()).toEqual([{ Key: "k1", Value: "v1" }, { Key: "k2", Value: "v2" }]);
    await client.send(new UntagResourceCommand({ ResourceArn, TagKeys: ["k1"] }));
    expect(await tags()).toEqual([{ Key: "k2", Value: "v2" }]);
    await client.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: "k2", Value: "v2b" }] }));
    expect(await tags()).toEqual([{ Key: "k2", Value: "v2b" }]);
  });

  it("test_create_duplicate_topic_with_more_tags / _check_idempotency / test_create_topic_after_delete_with_new_tags", async () => {
    const Name = `rec4-dup-${++count}`;
    const arn = (await client.send(new CreateTopicCommand({ Name }))).TopicArn;
    expect(await failure(client.send(new CreateTopicCommand({ Name, Tags: [{ Key: "k1", Value: "v1" }] }))))
      .toEqual(invalid("Invalid parameter: Tags Reason: Topic already exists with different tags"));
    const tagged = `rec4-dup-${++count}`;
    const tags = [{ Key: "k1", Value: "v1" }];
    const first = (await client.send(new CreateTopicCommand({ Name: tagged, Tags: tags }))).TopicArn;
    for (const again of [{ Tags: tags }, {}, { Tags: [] }]) expect((await client.send(new CreateTopicCommand({ Name: tagged, ...again }))).TopicArn).toBe(first);
    await client.send(new DeleteTopicCommand({ TopicArn: arn }));
    expect((await client.send(new CreateTopicCommand({ Name, Tags: [{ Key: "k2", Value: "v2" }] }))).TopicArn).toBe(arn);
  });
});

describe("TestSNSPublishCrud", () => {
  it("test_publish_wrong_arn_format / test_unknown_topic_publish / test_publish_non_existent_target", async () => {
    const TopicArn = await topic();
    expect(await failure(client.send(new PublishCommand({ TopicArn: "randomstring", Message: "test" })))).toEqual(invalid("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"));
    expect(await failure(client.send(new PublishCommand({ TopicArn: "randomstring:1", Message: "test" })))).toEqual(invalid("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 2"));
    expect(await failure(client.send(new PublishCommand({ TopicArn: "", Message: "test" })))).toEqual(invalid("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"));
    expect(await failure(client.send(new PublishCommand({ TopicArn: `${TopicArn}-unknown`, Message: "test" })))).toEqual(NOT_FOUND);
    expect(await failure(client.send(new PublishCommand({ TargetArn: `arn:aws:sns:${REGION}:${ACCOUNT}:endpoint/APNS/abcdef/0f7d5971-aa8b-4bd5-b585-0826e9f93a66`, Message: "x" }))))
      .toEqual(invalid("Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified"));
  });

  it("test_publish_with_empty_subject / test_empty_sns_message / test_publish_too_long_message", async () => {
    const TopicArn = await topic();
    expect((await client.send(new PublishCommand({ TopicArn, Message: "hello" }))).MessageId).toBeTruthy();
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "hello", Subject: "" })))).toEqual(invalid("Invalid parameter: Subject"));
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "" })))).toEqual(invalid("Invalid parameter: Empty message"));
    const tooLong = "x".repeat(256 * 1024 + 1);
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: tooLong })))).toEqual(invalid("Invalid parameter: Message too long"));
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "x".repeat(256 * 1024 - 10), MessageAttributes: { attr: { DataType: "String", StringValue: "x".repeat(20) } } }))))
      .toEqual(invalid("Invalid parameter: Message too long"));
  });

  it("test_message_structure_json_exc", async () => {
    const TopicArn = await topic();
    const publish = (Message: string) => client.send(new PublishCommand({ TopicArn, Message, MessageStructure: "json" }));
    expect(await failure(publish(JSON.stringify({ sqs: "Test message" })))).toEqual(invalid("Invalid parameter: Message Structure - No default entry in JSON message body"));
    expect(await failure(publish('{"default": "test message", "sqs": "not closed"'))).toEqual(invalid("Invalid parameter: Message Structure - JSON message body failed to parse"));
    expect((await publish('{"default": "test message", "default": "duplicate"}')).MessageId).toBeTruthy();
    expect(await failure(publish('{"default": {"key": "not a string"}}'))).toEqual(invalid("Invalid parameter: Message Structure - No default entry in JSON message body"));
  });
});

describe("TestSNSSubscriptionCrud", () => {
  it("test_subscribe_with_invalid_protocol / test_unsubscribe_from_non_existing_subscription", async () => {
    const TopicArn = await topic();
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "test-protocol", Endpoint: "localhost" }))))
      .toEqual(invalid("Invalid parameter: Amazon SNS does not support this protocol string: test-protocol"));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn(), ReturnSubscriptionArn: true }));
    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
  });

  it("test_create_subscriptions_with_attributes / test_not_found_error_on_set_subscription_attributes", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint, Attributes: { RawMessageDelivery: "wrongvalue" } }))))
      .toEqual(invalid("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false."));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint, Attributes: { RawMessageDelivery: "true" }, ReturnSubscriptionArn: true }));
    const attrs = (await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
    expect(attrs).toEqual({
      ConfirmationWasAuthenticated: "true", Endpoint, Owner: ACCOUNT, PendingConfirmation: "false", Protocol: "sqs", RawMessageDelivery: "true",
      SubscriptionArn, SubscriptionPrincipal: expect.stringMatching(new RegExp(`^arn:aws:iam::${ACCOUNT}:`)), TopicArn,
    });
    expect((await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([{ Endpoint, Owner: ACCOUNT, Protocol: "sqs", SubscriptionArn, TopicArn }]);
    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
    const gone = { name: "NotFoundException", message: "Subscription does not exist", status: 404 };
    expect(await failure(client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })))).toEqual(gone);
    expect(await failure(client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "true" })))).toEqual(gone);
    expect((await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([]);
  });

  it("test_validate_set_sub_attributes: names and values", async () => {
    const TopicArn = await topic();
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn(), ReturnSubscriptionArn: true }));
    const set = (AttributeName: string, AttributeValue: string) => client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
    expect(await failure(set("FakeAttribute", "test-value"))).toEqual(invalid("Invalid parameter: AttributeName"));
    expect(await failure(set("RawMessageDelivery", "test-ValUe"))).toEqual(invalid("Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false."));
    expect(await failure(set("RawMessageDelivery", ""))).toEqual(invalid("Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false."));
    expect(await failure(set("RedrivePolicy", JSON.stringify({ deadLetterTargetArn: "fake-arn" })))).toEqual(invalid("Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn"));
  });
});

describe("TestSNSSubscriptionSQS", () => {
  it("test_subscribe_sqs_queue: a FilterPolicy's subscription attributes and the envelope of a matching message", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    const FilterPolicy = JSON.stringify({ attr1: [{ numeric: [">", 0, "<=", 100] }] });
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint, Attributes: { FilterPolicy }, ReturnSubscriptionArn: true }));
    const attrs = (await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
    expect(attrs.FilterPolicyScope).toBe("MessageAttributes");
    expect(JSON.parse(attrs.FilterPolicy ?? "")).toEqual({ attr1: [{ numeric: [">", 0, "<=", 100] }] });
    const { MessageId } = await client.send(new PublishCommand({ TopicArn, Message: "This is a test message", MessageAttributes: { attr1: { DataType: "Number", StringValue: "99.12" } } }));
    await until(() => deliveredTo(Endpoint).length === 1, "the delivery");
    const body = JSON.parse(deliveredTo(Endpoint)[0]?.body ?? "") as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"]);
    expect(body).toMatchObject({ Type: "Notification", MessageId, TopicArn, Message: "This is a test message", SignatureVersion: "1", MessageAttributes: { attr1: { Type: "Number", Value: "99.12" } } });
    expect(body.UnsubscribeURL).toMatch(new RegExp(`/\\?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") ?? ""}$`));
  });

  it("test_publish_unicode_chars / test_publish_message_before_subscribe_topic (with Subject)", async () => {
    const TopicArn = await topic();
    await client.send(new PublishCommand({ TopicArn, Message: "before" }));
    const Endpoint = queueArn();
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint }));
    await client.send(new PublishCommand({ TopicArn, Message: 'öéa1"_!?,. £$-', Subject: "test-subject-after-sub" }));
    await until(() => deliveredTo(Endpoint).length === 1, "the delivery");
    const body = JSON.parse(deliveredTo(Endpoint)[0]?.body ?? "") as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"]);
    expect(body.Message).toBe('öéa1"_!?,. £$-');
  });

  it("test_attribute_raw_subscribe / test_message_attributes_not_missing: raw delivery carries the attributes as SQS attributes", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint, Attributes: { RawMessageDelivery: "true" } }));
    await client.send(new PublishCommand({ TopicArn, Message: "text", MessageAttributes: {
      "an-attribute-key": { DataType: "String", StringValue: "an-attribute-value" }, "binary-attribute": { DataType: "Binary", BinaryValue: new Uint8Array([2, 3, 4]) },
    } }));
    await until(() => deliveredTo(Endpoint).length === 1, "the delivery");
    expect(deliveredTo(Endpoint)[0]).toMatchObject({
      body: "text",
      attributes: { "an-attribute-key": { DataType: "String", StringValue: "an-attribute-value" }, "binary-attribute": { DataType: "Binary", BinaryValue: "AgME" } },
    });
  });

  it("test_message_attributes_not_missing: the JSON envelope shows a Binary attribute base64", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint }));
    await client.send(new PublishCommand({ TopicArn, Message: "text", MessageAttributes: { "binary-attribute": { DataType: "Binary", BinaryValue: new Uint8Array([2, 3, 4]) } } }));
    await until(() => deliveredTo(Endpoint).length === 1, "the delivery");
    expect((JSON.parse(deliveredTo(Endpoint)[0]?.body ?? "") as Record<string, unknown>).MessageAttributes).toEqual({ "binary-attribute": { Type: "Binary", Value: "AgME" } });
  });

  it("test_publish_batch_messages_without_topic / test_publish_batch_exceptions / test_subscribe_to_sqs_with_queue_url", async () => {
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:rec4-none`, PublishBatchRequestEntries: [{ Id: "1", Message: "x" }] })))).toEqual(NOT_FOUND);
    const fifo = await topic(".fifo", { FifoTopic: "true" });
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn: fifo, PublishBatchRequestEntries: [{ Id: "1", Message: "Test message without Group ID" }] }))))
      .toEqual(invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics"));
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `${i}`, Message: "Too many messages", MessageGroupId: "groupid1" }));
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn: fifo, PublishBatchRequestEntries: eleven }))))
      .toEqual({ name: "TooManyEntriesInBatchRequestException", message: "The batch request contains more entries than permissible.", status: 400 });
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn: fifo, PublishBatchRequestEntries: [{ Id: "1", Message: "a", MessageGroupId: "g" }, { Id: "1", Message: "b", MessageGroupId: "g" }] }))))
      .toEqual({ name: "BatchEntryIdsNotDistinctException", message: "Two or more batch entries in the request have the same Id.", status: 400 });
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn: fifo, PublishBatchRequestEntries: [{ Id: "1", Message: "a", MessageGroupId: "g" }] }))))
      .toEqual(invalid("Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"));
    const TopicArn = await topic();
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/queue` }))))
      .toEqual(invalid("Invalid parameter: SQS endpoint ARN"));
  });

  it("test_empty_or_wrong_message_attributes: an empty String attribute", async () => {
    const TopicArn = await topic();
    // AWS's Query code ParameterValueInvalid is the SDK's InvalidParameterValueException.
    const expected = { name: "InvalidParameterValueException", status: 400, message: "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'." };
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { DataType: "String", StringValue: "" } } })))).toEqual(expected);
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: "1", Message: "test", MessageAttributes: { attr1: { DataType: "String", StringValue: "" } } }] })))).toEqual(expected);
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { DataType: "String" } } })))).toEqual(expected);
  });

  it("test_empty_or_wrong_message_attributes: types, fields and names, in Publish and PublishBatch alike", async () => {
    const TopicArn = await topic();
    type Attr = { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array };
    const cases: Array<[Record<string, Attr>, string]> = [
      [{ attr1: { DataType: "Binary", BinaryValue: new Uint8Array() } }, "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'Binary'."],
      [{ attr1: { DataType: "String", BinaryValue: new Uint8Array([1]) } }, "The message attribute 'attr1' with type 'String' must use field 'String'."],
      [{ attr1: { DataType: "Number", BinaryValue: new Uint8Array([1]) } }, "The message attribute 'attr1' with type 'Number' must use field 'String'."],
      [{ attr1: { DataType: "Binary", StringValue: "test" } }, "The message attribute 'attr1' with type 'Binary' must use field 'Binary'."],
      [{ attr1: { DataType: "InvalidType", StringValue: "test" } }, "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."],
      [{ ["a".repeat(257)]: { DataType: "String", StringValue: "test" } }, "Length of message attribute name must be less than 256 bytes."],
      [{ "invalid^name": { DataType: "String", StringValue: "test" } }, "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."],
      [{ ".invalidname": { DataType: "String", StringValue: "test" } }, "Invalid message attribute name starting with character '.' was found."],
      [{ "invalidname.": { DataType: "String", StringValue: "test" } }, "Invalid message attribute name ending with character '.' was found."],
      [{ "invalid..name": { DataType: "String", StringValue: "test" } }, "Message attribute name can not have successive '.' character."],
    ];
    for (const [MessageAttributes, message] of cases) {
      const expected = { name: "InvalidParameterValueException", message, status: 400 };
      expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: MessageAttributes as never })))).toEqual(expected);
      expect(await failure(client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: "1", Message: "test", MessageAttributes: MessageAttributes as never }] })))).toEqual(expected);
    }
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { StringValue: "test" } as never } })))).toEqual({
      name: "ValidationError", status: 400,
      message: "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
    });
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: "1", Message: "test", MessageAttributes: { attr1: { StringValue: "test" } as never } }] })))).toEqual({
      name: "ValidationError", status: 400,
      message: "1 validation error detected: Value null at 'publishBatchRequestEntries.1.member.messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
    });
  });

  it("test_message_attributes_prefixes: a type takes a custom suffix after its dot", async () => {
    const TopicArn = await topic();
    const bad = "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.";
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { DataType: "String.", StringValue: "prefixed-1" } } })))).toEqual({ name: "InvalidParameterValueException", message: bad, status: 400 });
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { DataType: "Stringprefixed", StringValue: "prefixed-1" } } })))).toEqual({ name: "InvalidParameterValueException", message: bad, status: 400 });
    expect((await client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { DataType: "String.prefixed", StringValue: "prefixed-1" } } }))).MessageId).toBeTruthy();
    expect((await client.send(new PublishCommand({ TopicArn, Message: "test", MessageAttributes: { attr1: { DataType: "Number.prefixed", StringValue: "1" } } }))).MessageId).toBeTruthy();
  });

  it("test_message_structure_json_to_sqs: the sqs key's text for a queue, default when there is none", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint }));
    await client.send(new PublishCommand({ TopicArn, MessageStructure: "json", Message: JSON.stringify({ default: "default field", sqs: JSON.stringify({ field: "value" }) }) }));
    await client.send(new PublishCommand({ TopicArn, MessageStructure: "json", Message: JSON.stringify({ default: "default field" }) }));
    await until(() => deliveredTo(Endpoint).length === 2, "the deliveries");
    expect(deliveredTo(Endpoint).map((m) => (JSON.parse(m.body) as { Message: string }).Message)).toEqual([JSON.stringify({ field: "value" }), "default field"]);
  });
});

describe("TestSNSSubscriptionSQSFifo", () => {
  it("test_validations_for_fifo: a deduplication id on a standard topic", async () => {
    const TopicArn = await topic();
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test", MessageDeduplicationId: "dedup-1" }))))
      .toEqual(invalid("Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type"));
    const fifo = await topic(".fifo", { FifoTopic: "true" });
    expect(await failure(client.send(new PublishCommand({ TopicArn: fifo, Message: "test" })))).toEqual(invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics"));
    expect(await failure(client.send(new PublishCommand({ TopicArn: fifo, Message: "test", MessageGroupId: "g" }))))
      .toEqual(invalid("Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"));
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: `${queueArn()}.fifo` }))))
      .toEqual(invalid("Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"));
  });
});

describe("test_sns.snapshot.json: more recorded cases", () => {
  it("test_subscribe_idempotency: the same ARN for the same or default attributes; different ones refused", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    const subscribe = (Attributes?: Record<string, string>) =>
      client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint, ReturnSubscriptionArn: true, ...(Attributes ? { Attributes } : {}) }));
    const { SubscriptionArn } = await subscribe({ RawMessageDelivery: "true" });
    const agains: Array<Record<string, string> | undefined> = [{ RawMessageDelivery: "true" }, { RawMessageDelivery: "true", FilterPolicyScope: "MessageAttributes" }, undefined, {}, { FilterPolicyScope: "MessageAttributes" }];
    for (const again of agains) {
      expect((await subscribe(again)).SubscriptionArn).toBe(SubscriptionArn);
    }
    expect(await failure(subscribe({ RawMessageDelivery: "false", FilterPolicyScope: "MessageBody" })))
      .toEqual(invalid("Invalid parameter: Attributes Reason: Subscription already exists with different attributes"));
  });

  it("test_unsubscribe_wrong_arn_format", async () => {
    expect(await failure(client.send(new UnsubscribeCommand({ SubscriptionArn: "randomstring" })))).toEqual(invalid("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1"));
    expect(await failure(client.send(new UnsubscribeCommand({ SubscriptionArn: "arn:aws:sns:us-east-1:random" })))).toEqual(invalid("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5"));
    expect(await failure(client.send(new UnsubscribeCommand({ SubscriptionArn: "arn:aws:sns:us-east-1:111111111111:random" })))).toEqual(invalid("Invalid parameter: SubscriptionId"));
  });

  it("test_topic_publish_another_region: a topic ARN of another region is an invalid TopicArn", async () => {
    const TopicArn = (await topic()).replace(`:${REGION}:`, ":eu-west-1:");
    expect(await failure(client.send(new PublishCommand({ TopicArn, Message: "test" })))).toEqual(invalid("Invalid parameter: TopicArn"));
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: "1", Message: "test" }] })))).toEqual(invalid("Invalid parameter: TopicArn"));
  });

  it("test_publish_batch_too_long_message", async () => {
    const TopicArn = await topic();
    const half = "x".repeat(128 * 1024);
    expect(await failure(client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: "1", Message: half }, { Id: "2", Message: `${half}x` }] })))).toEqual({
      name: "BatchRequestTooLongException", message: "The length of all the messages put together is more than the limit.", status: 400,
    });
  });

  it("TestSNSSMS test_publish_wrong_phone_format / test_subscribe_sms_endpoint", async () => {
    expect(await failure(client.send(new PublishCommand({ PhoneNumber: "+1a234", Message: "test" })))).toEqual(invalid("Invalid parameter: PhoneNumber Reason: +1a234 is not valid to publish to"));
    expect(await failure(client.send(new PublishCommand({ PhoneNumber: "NAA+15551234567", Message: "test" })))).toEqual(invalid("Invalid parameter: PhoneNumber Reason: NAA+15551234567 is not valid to publish to"));
    const TopicArn = await topic();
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sms", Endpoint: "NAA+15551234567" })))).toEqual(invalid("Invalid SMS endpoint: NAA+15551234567"));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sms", Endpoint: "+123123123", ReturnSubscriptionArn: true }));
    expect((await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes).toMatchObject({
      ConfirmationWasAuthenticated: "true", Endpoint: "+123123123", PendingConfirmation: "false", Protocol: "sms", RawMessageDelivery: "false",
    });
  });

  it("TestSNSSubscriptionHttp test_http_subscription_response: pending confirmation, or the ARN when asked", async () => {
    const TopicArn = await topic();
    expect((await client.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: "http://127.0.0.1:9/none" }))).SubscriptionArn).toBe("pending confirmation");
    expect((await client.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: "http://127.0.0.1:9/other", ReturnSubscriptionArn: true }))).SubscriptionArn)
      .toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
  });
});

describe("TestSNSSubscriptionLambda", () => {
  it.each(["1", "2"])("test_publish_lambda_verify_signature[%s] / test_python_lambda_subscribe_sns_topic: the Sns record says SignatureVersion 1", async (SignatureVersion) => {
    const TopicArn = await topic("", { DisplayName: "TestTopicSignatureLambda", SignatureVersion });
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rec4-fn-${++count}`;
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "lambda", Endpoint: fn, ReturnSubscriptionArn: true }));
    const subject = `[Subject] Test subject Signature v${SignatureVersion}`;
    const { MessageId } = await client.send(new PublishCommand({ TopicArn, Subject: subject, Message: "Hello world." }));
    await until(() => invoker.eventsFor(fn).length === 1, "the invocation");
    const record = (invoker.eventsFor(fn)[0] as { Records: Array<{ Sns: Record<string, unknown> }> }).Records[0]?.Sns ?? {};
    expect(Object.keys(record).sort()).toEqual(["Message", "MessageAttributes", "MessageId", "Signature", "SignatureVersion", "SigningCertUrl", "Subject", "Timestamp", "TopicArn", "Type", "UnsubscribeUrl"]);
    expect(record).toMatchObject({ Message: "Hello world.", MessageAttributes: {}, MessageId, SignatureVersion: "1", Subject: subject, TopicArn, Type: "Notification" });
    // Signed with the topic's algorithm all the same: SHA1 for version 1, SHA256 for version 2.
    const fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
    const canonical = fields.filter((f) => typeof record[f] === "string").map((f) => `${f}\n${String(record[f])}\n`).join("");
    const pem = await (await fetch(String(record.SigningCertUrl))).text();
    expect(verify(SignatureVersion === "2" ? "RSA-SHA256" : "RSA-SHA1", Buffer.from(canonical), pem, Buffer.from(String(record.Signature), "base64"))).toBe(true);
    expect(record.UnsubscribeUrl).toMatch(new RegExp(`\\?Action=Unsubscribe&SubscriptionArn=${(SubscriptionArn ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  });
});

describe("group and deduplication ids towards queues (recorded on AWS, August 2025)", () => {
  it("test_publish_message_group_id: a standard topic passes MessageGroupId on to a standard queue", async () => {
    const TopicArn = await topic();
    const Endpoint = queueArn();
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint }));
    await client.send(new PublishCommand({ TopicArn, Message: "test", MessageGroupId: "my-group-id-1" }));
    await until(() => deliveredTo(Endpoint).length === 1, "the delivery");
    expect(deliveredTo(Endpoint)[0]).toMatchObject({ groupId: "my-group-id-1" });
    expect(deliveredTo(Endpoint)[0]?.dedupId).toBeUndefined();
  });

  it("test_fifo_topic_to_regular_sqs: a FIFO topic sends a standard queue neither id", async () => {
    const TopicArn = await topic(".fifo", { FifoTopic: "true", ContentBasedDeduplication: "true" });
    const Endpoint = queueArn();
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint }));
    await client.send(new PublishCommand({ TopicArn, Message: "Test", MessageGroupId: "message-group-id-1" }));
    await until(() => deliveredTo(Endpoint).length === 1, "the delivery");
    expect(deliveredTo(Endpoint)[0]?.groupId).toBeUndefined();
    expect(deliveredTo(Endpoint)[0]?.dedupId).toBeUndefined();
  });
});

describe("test_sns_filter_policy.snapshot.json: TestSNSFilterPolicyConditions (recorded May 2024)", () => {
  // Compared up to Jackson's location suffix, whose format AWS changed since (see recorded-localstack3.test.ts).
  const refusal = async (policy: string) => {
    const TopicArn = await topic();
    const error = await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn(), Attributes: { FilterPolicy: policy } })));
    expect(error).toMatchObject({ name: "InvalidParameterException", status: 400 });
    return error.message.split("\n at [Source:")[0];
  };
  const reason = (text: string) => `Invalid parameter: Attributes Reason: FilterPolicy: ${text}`;

  it("test_validate_policy / test_validate_policy_exists_operator", async () => {
    expect(await refusal('{"key":[["value"]]}')).toBe(reason("Match value must be String, number, true, false, or null"));
    expect(await refusal('{"key":[{"wrong-operator":true}]}')).toBe(reason("Unrecognized match type wrong-operator"));
    expect(await refusal('{"key":[{"suffix":"value","prefix":"value2"}]}')).toBe(reason("Only one key allowed in match expression"));
    expect(await refusal('{"key":[{"exists":null}]}')).toBe(reason("exists match pattern must be either true or false."));
    expect(await refusal('{"key":[{"exists":"no"}]}')).toBe(reason("exists match pattern must be either true or false."));
  });

  it("test_validate_policy_string_operators", async () => {
    for (const value of ["100", "null", "[]", '["test","test2"]']) expect(await refusal(`{"key":[{"suffix":${value}}]}`)).toBe(reason("suffix match pattern must be a string"));
    expect(await refusal('{"key":{"suffix":"value"}}')).toBe(reason('"suffix" must be an object or an array'));
    expect(await refusal('{"key":{"suffix":"value","prefix":"value"}}')).toBe(reason('"suffix" must be an object or an array'));
    expect(await refusal('{"key":{"not-an-operator":"value"}}')).toBe(reason('"not-an-operator" must be an object or an array'));
  });

  it("test_validate_policy_numeric_operator", async () => {
    const cases: Array<[string, string]> = [
      ["[]", "Invalid member in numeric match: ]"],
      ['["operator"]', "Unrecognized numeric range operator: operator"],
      ['[1,"<="]', "Invalid member in numeric match: 1"],
      ['["=","000"]', "Value of equals must be numeric"],
      ['[">="]', "Value of >= must be numeric"],
      ['["<",100,">",10]', "Too many elements in numeric expression"],
      ['[">=",1,">",2]', "Bad numeric range operator: >"],
      ['[">",3,"<",1]', "Bottom must be less than top"],
      ['[">",20,"<="]', "Value of <= must be numeric"],
      ['[">",20,30]', "Bad value in numeric range: 30"],
      ['[">",20,"test"]', "Bad numeric range operator: test"],
      ['[">","20","<","30"]', "Value of > must be numeric"],
      ['[">",20,"<","30"]', "Value of < must be numeric"],
      ['[">",20,"<",30,"<",50]', "Too many terms in numeric range expression"],
    ];
    for (const [numeric, text] of cases) expect(await refusal(`{"key":[{"numeric":${numeric}}]}`), numeric).toBe(reason(text));
  });
});

describe("subscription dead-letter queues (RedrivePolicy)", () => {
  it.each([true, false])("test_redrive_policy_sqs_queue_subscription[%s]: what a deleted queue cannot take goes to the DLQ", async (raw) => {
    const TopicArn = await topic();
    const dlq = queueArn();
    const { SubscriptionArn } = await client.send(new SubscribeCommand({
      TopicArn, Protocol: "sqs", Endpoint: `${queueArn()}-gone`, ReturnSubscriptionArn: true,
      Attributes: { RawMessageDelivery: String(raw), RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) },
    }));
    const MessageAttributes = { attr1: { DataType: "Number", StringValue: "111" }, attr2: { DataType: "Binary", BinaryValue: new Uint8Array([2, 3, 4]) } };
    const { MessageId } = await client.send(new PublishCommand({ TopicArn, Message: "test_dlq_after_sqs_endpoint_deleted", MessageAttributes }));
    await until(() => deliveredTo(dlq).length === 1, "the dead letter");
    const dead = deliveredTo(dlq)[0];
    if (raw) {
      expect(dead).toEqual({ body: "test_dlq_after_sqs_endpoint_deleted", attributes: { attr1: { DataType: "Number", StringValue: "111" }, attr2: { DataType: "Binary", BinaryValue: "AgME" } } });
    } else {
      const body = JSON.parse(dead?.body ?? "") as Record<string, unknown>;
      expect(dead?.attributes).toBeUndefined();
      expect(Object.keys(body)).toEqual(["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"]);
      expect(body).toMatchObject({ Type: "Notification", MessageId, TopicArn, Message: "test_dlq_after_sqs_endpoint_deleted", MessageAttributes: { attr2: { Type: "Binary", Value: "AgME" }, attr1: { Type: "Number", Value: "111" } } });
      expect(String(body.UnsubscribeURL)).toContain(`SubscriptionArn=${SubscriptionArn ?? ""}`);
    }
  });

  it("test_redrive_policy_lambda_subscription: a deleted function's notification goes to the DLQ as the envelope", async () => {
    const TopicArn = await topic();
    const dlq = queueArn();
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rec4-deleted-${++count}`;
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "lambda", Endpoint: fn, ReturnSubscriptionArn: true }));
    await client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RedrivePolicy", AttributeValue: JSON.stringify({ deadLetterTargetArn: dlq }) }));
    expect(JSON.parse((await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes?.RedrivePolicy ?? "")).toEqual({ deadLetterTargetArn: dlq });
    invoker.failWith = new AwsError("ResourceNotFoundException", `Function not found: ${fn}`, 404);
    try {
      await client.send(new PublishCommand({ TopicArn, Message: "test_redrive_policy", MessageAttributes: { attr1: { DataType: "Number", StringValue: "1" } } }));
      await until(() => deliveredTo(dlq).length === 1, "the dead letter");
    } finally {
      invoker.failWith = undefined;
    }
    const body = JSON.parse(deliveredTo(dlq)[0]?.body ?? "") as Record<string, unknown>;
    expect(body).toMatchObject({ Type: "Notification", TopicArn, Message: "test_redrive_policy", MessageAttributes: { attr1: { Type: "Number", Value: "1" } } });
  });

  it("test_publish_fifo_messages_to_dlq: a FIFO subscription's dead letters keep their group and deduplication ids", async () => {
    const TopicArn = await topic(".fifo", { FifoTopic: "true" });
    const dlq = `${queueArn()}.fifo`;
    await client.send(new SubscribeCommand({
      TopicArn, Protocol: "sqs", Endpoint: `${queueArn()}-gone.fifo`, Attributes: { RawMessageDelivery: "true", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) },
    }));
    await client.send(new PublishCommand({ TopicArn, Message: "test-message", MessageGroupId: "message-group-id-1", MessageDeduplicationId: "message-deduplication-id-1" }));
    await until(() => deliveredTo(dlq).length === 1, "the dead letter");
    expect(deliveredTo(dlq)[0]).toEqual({ body: "test-message", groupId: "message-group-id-1", dedupId: "message-deduplication-id-1" });
  });
});

describe("TestSNSSubscriptionHttp test_subscribe_external_http_endpoint_content_type[True] (recorded October 2024)", () => {
  it("keeps a subscription's DeliveryPolicy with AWS's nulls and posts raw messages with its Content-Type", async () => {
    const endpoint = await startEndpoint();
    try {
      const TopicArn = await topic("", { DeliveryPolicy: JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: "application/json" } } }) });
      const { SubscriptionArn } = await client.send(new SubscribeCommand({
        TopicArn, Protocol: "http", Endpoint: endpoint.url, ReturnSubscriptionArn: true,
        Attributes: { RawMessageDelivery: "true", DeliveryPolicy: JSON.stringify({ requestPolicy: { headerContentType: "text/csv" } }) },
      }));
      await endpoint.next(1);
      const attrs = (await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
      expect(attrs).toMatchObject({ ConfirmationWasAuthenticated: "false", PendingConfirmation: "true", Protocol: "http", RawMessageDelivery: "true" });
      expect(JSON.parse(attrs.DeliveryPolicy ?? "")).toEqual({ healthyRetryPolicy: null, sicklyRetryPolicy: null, throttlePolicy: null, requestPolicy: { headerContentType: "text/csv" }, guaranteed: false });
      expect(JSON.parse(attrs.EffectiveDeliveryPolicy ?? "")).toEqual({
        healthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear" },
        sicklyRetryPolicy: null, throttlePolicy: null, requestPolicy: { headerContentType: "text/csv" }, guaranteed: false,
      });
      // The confirmation request keeps SNS's own content type.
      expect(endpoint.received[0]?.headers["content-type"]).toBe("text/plain; charset=UTF-8");
      const { Token } = JSON.parse(endpoint.received[0]?.body ?? "{}") as { Token?: string };
      await client.send(new ConfirmSubscriptionCommand({ TopicArn, Token }));
      await client.send(new PublishCommand({ TopicArn, Message: "test_external_http_endpoint" }));
      await endpoint.next(2);
      expect(endpoint.received[1]?.headers).toMatchObject({ "content-type": "text/csv", "x-amz-sns-rawdelivery": "true", "x-amz-sns-message-type": "Notification", "user-agent": "Amazon Simple Notification Service Agent" });
      expect(endpoint.received[1]?.body).toBe("test_external_http_endpoint");
    } finally {
      await endpoint.close();
    }
  });
});

describe("TestSNSTopicCrudV2 / TestSNSMultiRegions (recorded 2025)", () => {
  it("test_cross_region_access: every action on another region's topic is an invalid TopicArn", async () => {
    const TopicArn = (await topic()).replace(`:${REGION}:`, ":eu-west-1:");
    const expected = invalid("Invalid parameter: TopicArn");
    expect(await failure(client.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "DisplayName", AttributeValue: "x" })))).toEqual(expected);
    expect(await failure(client.send(new GetTopicAttributesCommand({ TopicArn })))).toEqual(expected);
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn() })))).toEqual(expected);
    expect(await failure(client.send(new ListSubscriptionsByTopicCommand({ TopicArn })))).toEqual(expected);
    expect(await failure(client.send(new DeleteTopicCommand({ TopicArn })))).toEqual(expected);
  });

  it("test_delete_topic_idempotency / test_delete_non_existent_topic / test_subscribe_with_invalid_topic", async () => {
    const TopicArn = await topic();
    await client.send(new DeleteTopicCommand({ TopicArn }));
    await client.send(new DeleteTopicCommand({ TopicArn }));
    await client.send(new DeleteTopicCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:rec4-never` }));
    expect(await failure(client.send(new SubscribeCommand({ TopicArn: "randomstring", Protocol: "sqs", Endpoint: queueArn() })))).toEqual(invalid("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"));
    expect(await failure(client.send(new SubscribeCommand({ TopicArn: "arn:aws:sns:us-east-1:random", Protocol: "sqs", Endpoint: queueArn() })))).toEqual(invalid("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5"));
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn() })))).toEqual(NOT_FOUND);
  });

  it("test_create_topic_name_constraints / test_create_topic_should_be_idempotent", async () => {
    expect((await client.send(new CreateTopicCommand({ Name: "a".repeat(256) }))).TopicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:${"a".repeat(256)}`);
    for (const Name of ["", "a".repeat(257), "name:x", "name;x", "name!x", "name@x", "name|x", "name^x", "name%x", "name x"]) {
      expect(await failure(client.send(new CreateTopicCommand({ Name }))), Name).toEqual(invalid("Invalid parameter: Topic Name"));
    }
    const Name = `rec4-idem-${++count}`;
    const TopicArn = (await client.send(new CreateTopicCommand({ Name, Attributes: { DisplayName: "AlreadySet" } }))).TopicArn;
    expect((await client.send(new CreateTopicCommand({ Name }))).TopicArn).toBe(TopicArn);
    expect((await client.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.DisplayName).toBe("AlreadySet");
  });
});

describe("TestSNSSubscriptionCrudV2 (recorded October 2025)", () => {
  // test_getting_subscriptions_by_topic / test_creating_subscription: on AWS an email subscription stays
  // "PendingConfirmation" until the recipient confirms; the sandbox confirms email at once by design (docs/README.md, SNS).
  it("test_subscription_paging: 100 subscriptions a page, then a NextToken", async () => {
    const TopicArn = await topic();
    for (let i = 0; i < 120; i++) await client.send(new SubscribeCommand({ TopicArn, Protocol: "email", Endpoint: `user${i}@example.com` }));
    const first = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(first.Subscriptions).toHaveLength(100);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken: first.NextToken }));
    expect(second.Subscriptions).toHaveLength(20);
    expect(second.NextToken).toBeUndefined();
    const all = [...(first.Subscriptions ?? []), ...(second.Subscriptions ?? [])].map((sub) => sub.Endpoint);
    expect(new Set(all).size).toBe(120);
  });

  it("test_subscribe_unknown_sqs_queue / test_subscribe_sqs_queue_url / test_double_subscription / test_subscribe_bad_sms / test_list_opted_out", async () => {
    const TopicArn = await topic();
    const unknown = `arn:aws:sqs:${REGION}:${ACCOUNT}:rec4-unknown-queue`;
    const first = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: unknown, ReturnSubscriptionArn: true }));
    expect(first.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
    expect((await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: unknown, ReturnSubscriptionArn: true }))).SubscriptionArn).toBe(first.SubscriptionArn);
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: "not-an-arn" })))).toEqual(invalid("Invalid parameter: SQS endpoint ARN"));
    expect(await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: "sms", Endpoint: "invalid-number" })))).toEqual(invalid("Invalid SMS endpoint: invalid-number"));
    expect((await client.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers).toEqual([]);
  });
});

describe("test_sns_filter_policy.snapshot.json: TestSNSFilterPolicyCrud (recorded May 2024)", () => {
  it("test_set_subscription_filter_policy_scope / test_sub_filter_policy_nested_property_constraints", async () => {
    const TopicArn = await topic();
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn(), ReturnSubscriptionArn: true }));
    const set = (AttributeName: string, AttributeValue: string) => client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
    const attrs = async () => (await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
    expect((await attrs()).FilterPolicyScope).toBeUndefined();
    await set("FilterPolicyScope", "MessageBody");
    expect((await attrs()).FilterPolicyScope).toBeUndefined();
    expect(await failure(set("FilterPolicyScope", "RandomValue")))
      .toEqual(invalid("Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes"));
    await set("FilterPolicy", JSON.stringify({ attr: ["match-this"] }));
    expect(await attrs()).toMatchObject({ FilterPolicy: JSON.stringify({ attr: ["match-this"] }), FilterPolicyScope: "MessageBody" });
    expect(await failure(set("FilterPolicy", JSON.stringify({ key_a: ["v"], key_b: ["v"], key_c: ["v"], key_d: ["v"], key_e: ["v"], key_f: ["v"] }))))
      .toEqual(invalid("Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys"));
    const noList = await failure(set("FilterPolicy", JSON.stringify({ key_a: "value_one" })));
    expect(noList.message.split("\n at [Source:")[0]).toBe('Invalid parameter: FilterPolicy: "key_a" must be an object or an array');
  });
});
