// RedrivePolicy and RedriveAllowPolicy are checked as AWS checks them, with its texts (recorded on
// AWS by the local-aws project's SQS tests; the type mismatch's doubled period is AWS's own).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { ACCOUNT, startSqs, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startSqs();
  await h.client.send(new CreateQueueCommand({ QueueName: "redrive-dlq" }));
  await h.client.send(new CreateQueueCommand({ QueueName: "redrive-dlq.fifo", Attributes: { FifoQueue: "true" } }));
});

afterAll(async () => {
  await h.close();
});

const arnOf = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error) => ({ name: e.name, message: e.message }));

describe("RedrivePolicy", () => {
  it("refuses a dead-letter queue that does not exist, quoting the policy as sent", async () => {
    const RedrivePolicy = JSON.stringify({ deadLetterTargetArn: arnOf("no-such-dlq"), maxReceiveCount: 5 });
    expect(await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-missing", Attributes: { RedrivePolicy } })))).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${RedrivePolicy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
    });
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "redrive-missing-later" }));
    expect(await refusal(h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy } })))).toMatchObject({
      message: `Value ${RedrivePolicy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
    });
    const { Attributes } = await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
    expect(Attributes?.RedrivePolicy).toBeUndefined();
  });

  it("refuses a dead-letter queue of the other type, judged from its name before the lookup", async () => {
    const fifoTarget = JSON.stringify({ deadLetterTargetArn: arnOf("absent.fifo"), maxReceiveCount: 5 });
    expect(await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-standard", Attributes: { RedrivePolicy: fifoTarget } })))).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${fifoTarget} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source..`,
    });
    const standardTarget = JSON.stringify({ deadLetterTargetArn: arnOf("redrive-dlq"), maxReceiveCount: 5 });
    const fifo = await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-source.fifo", Attributes: { FifoQueue: "true", RedrivePolicy: standardTarget } })));
    expect(fifo?.message).toBe(`Value ${standardTarget} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source..`);
  });

  it("refuses text that is no JSON object, a policy missing a member, and a member it does not have", async () => {
    expect(await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-shape", Attributes: { RedrivePolicy: "[]" } })))).toEqual({
      name: "InvalidAttributeValue",
      message: "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.",
    });
    const noCount = JSON.stringify({ deadLetterTargetArn: arnOf("redrive-dlq") });
    expect(await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-shape", Attributes: { RedrivePolicy: noCount } })))).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${noCount} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.`,
    });
    const noTarget = JSON.stringify({ maxReceiveCount: 5 });
    expect((await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-shape", Attributes: { RedrivePolicy: noTarget } }))))?.message)
      .toBe(`Value ${noTarget} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.`);
    const extra = JSON.stringify({ deadLetterTargetArn: arnOf("redrive-dlq"), maxReceiveCount: 5, dummyField: "dummy value" });
    expect((await refusal(h.client.send(new CreateQueueCommand({ QueueName: "redrive-shape", Attributes: { RedrivePolicy: extra } }))))?.message)
      .toBe(`Value ${extra} for parameter RedrivePolicy is invalid. Reason: Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].`);
  });

  it("takes a dead-letter queue of the same type, and maxReceiveCount from 1 to 1000", async () => {
    const fifoPolicy = JSON.stringify({ deadLetterTargetArn: arnOf("redrive-dlq.fifo"), maxReceiveCount: 1000 });
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "redrive-ok.fifo", Attributes: { FifoQueue: "true", RedrivePolicy: fifoPolicy } }));
    const { Attributes } = await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["RedrivePolicy"] }));
    expect(Attributes?.RedrivePolicy).toBe(fifoPolicy);
    const tooMany = JSON.stringify({ deadLetterTargetArn: arnOf("redrive-dlq.fifo"), maxReceiveCount: 1001 });
    expect(await refusal(h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: tooMany } })))).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${tooMany} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 1001, valid values are from 1 to 1000 both inclusive.`,
    });
  });
});

describe("RedriveAllowPolicy", () => {
  const UNSUPPORTED = "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it\u2019s in an unsupported format.";
  const create = (name: string, RedriveAllowPolicy: string) =>
    refusal(h.client.send(new CreateQueueCommand({ QueueName: name, Attributes: { RedriveAllowPolicy } })));

  it.each([
    ["text that is no JSON", "badjson"],
    ["a JSON list", "[]"],
    ["no redrivePermission", "{}"],
    ["an unknown redrivePermission", JSON.stringify({ redrivePermission: "dummy" })],
    ["an unknown member", JSON.stringify({ redrivePermission: "allowAll", dummy: "value" })],
    ["sourceQueueArns that is no list", JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: "arn:aws:sqs" })],
    ["sourceQueueArns that are no strings", JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [{ dummy: "value" }] })],
  ])("refuses %s as an unsupported format", async (_what, policy) => {
    expect(await create("allow-format", policy)).toEqual({ name: "InvalidAttributeValue", message: UNSUPPORTED });
  });

  it("needs one to ten sourceQueueArns with byQueue", async () => {
    const missing = JSON.stringify({ redrivePermission: "byQueue" });
    expect(await create("allow-by-queue", missing)).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${missing} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.`,
    });
    const empty = JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [] });
    expect((await create("allow-by-queue", empty))?.message).toContain("When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.");
    const eleven = JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: Array.from({ length: 11 }, (_, i) => arnOf(`source-${i}`)) });
    expect(await create("allow-by-queue", eleven)).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${eleven} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. The maximum number of source queue ARNs you can specify is 10.`,
    });
  });

  it.each(["allowAll", "denyAll"])("refuses sourceQueueArns with %s", async (permission) => {
    const policy = JSON.stringify({ redrivePermission: permission, sourceQueueArns: [arnOf("source-1")] });
    expect(await create("allow-with-arns", policy)).toEqual({
      name: "InvalidParameterValue",
      message: `Value ${policy} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. To specify one or more source queue ARNs, you must set redrivePermission to byQueue.`,
    });
  });

  it("keeps a valid policy as sent, and SetQueueAttributes checks it too", async () => {
    const byQueue = JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: Array.from({ length: 10 }, (_, i) => arnOf(`source-${i}`)) });
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "allow-ok", Attributes: { RedriveAllowPolicy: byQueue } }));
    const read = async () => (await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["RedriveAllowPolicy"] }))).Attributes?.RedriveAllowPolicy;
    expect(await read()).toBe(byQueue);
    expect(await refusal(h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedriveAllowPolicy: "{}" } })))).toEqual({ name: "InvalidAttributeValue", message: UNSUPPORTED });
    expect(await read()).toBe(byQueue);
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }) } }));
    expect(await read()).toBe('{"redrivePermission":"denyAll"}');
  });
});
