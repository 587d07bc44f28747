import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, RestoreObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };

let sandbox: RunningSandbox;
let s3: S3Client;
let sqs: SQSClient;

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "s3-notify"), port: 0, edgePort: 0, inMemory: true });
  s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
  sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
});

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await sandbox?.stop();
});

type Restored = { eventName: string; s3: { object: { key: string } }; glacierEventData?: { restoreEventData: { lifecycleRestoreStorageClass: string } } };

/** The restore records the queue holds, polling until `count` arrived (deliveries follow the S3 answer); each is deleted once read. */
async function receive(url: string, count: number): Promise<Restored[]> {
  const records: Restored[] = [];
  for (let attempt = 0; attempt < 20 && records.length < count; attempt++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of Messages) {
      records.push(...((JSON.parse(m.Body ?? "{}") as { Records?: Restored[] }).Records ?? []));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return records;
}

describe("S3 restore events through the sandbox", () => {
  it("delivers s3:ObjectRestore:Post to SQS at once and :Completed once `sandbox time advance` passes the retrieval time", async () => {
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: "restore-events" }));
    await s3.send(new CreateBucketCommand({ Bucket: "restore-events" }));
    await s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: "restore-events",
      NotificationConfiguration: { QueueConfigurations: [{ QueueArn: "arn:aws:sqs:us-east-1:000000000000:restore-events", Events: ["s3:ObjectRestore:*"] }] },
    }));
    await s3.send(new PutObjectCommand({ Bucket: "restore-events", Key: "cold.csv", Body: "a,b", StorageClass: "GLACIER" }));
    await s3.send(new RestoreObjectCommand({ Bucket: "restore-events", Key: "cold.csv", RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: "Expedited" } } }));
    expect((await receive(QueueUrl, 1)).map((r) => [r.eventName, r.s3.object.key])).toEqual([["ObjectRestore:Post", "cold.csv"]]);

    const advanced = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "1m" }) });
    expect(advanced.status).toBe(200);
    const [completed] = await receive(QueueUrl, 1);
    expect([completed?.eventName, completed?.glacierEventData?.restoreEventData.lifecycleRestoreStorageClass]).toEqual(["ObjectRestore:Completed", "GLACIER"]);
  });
});
