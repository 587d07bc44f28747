// The AWS SDK for JavaScript v2 (`aws-sdk`) — still bundled into countless serverless apps —
// against the sandbox's edge, configured as its users do (endpoint, region, credentials,
// s3ForcePathStyle). v2 has its own wire: SQS over the Query protocol (XML), x-amz-crc32
// checks on DynamoDB answers, Expect: 100-continue on large PUTs, ManagedUpload, and its own
// error parsing (code, statusCode, message) — each asserted as AWS answers it.
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import "./fixtures/sdkv2/quiet.js";
import AWS from "aws-sdk";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqsQueryApi } from "./fixtures/sdkv2/sqsQueryApi.js";

const ACCOUNT = "000000000000";
let sandbox: RunningSandbox;
let config: AWS.ConfigurationOptions & { endpoint: string };

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sdkv2"), port: 0, edgePort: 0, inMemory: true });
  config = {
    endpoint: sandbox.endpoint,
    region: "us-east-1",
    credentials: new AWS.Credentials({ accessKeyId: "x", secretAccessKey: "x" }),
    maxRetries: 2,
  };
});

afterAll(async () => {
  await sandbox?.stop();
});

interface V2Error { code: string; statusCode?: number; message: string }

/** What a v2 caller sees of a failed request. */
async function failure(promise: Promise<unknown>): Promise<V2Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as V2Error & Record<string, unknown>;
  }
  throw new Error("expected the request to fail");
}

const shape = ({ code, statusCode, message }: V2Error) => ({ code, statusCode, message });

describe("DynamoDB", () => {
  it("DescribeTable, waitFor tableExists, the GSI and the stream; every answer carries x-amz-crc32", async () => {
    const ddb = new AWS.DynamoDB(config);
    // v2 checks the CRC32 of each DynamoDB answer against x-amz-crc32, and only when it is sent.
    const described = ddb.describeTable({ TableName: "v2-orders" });
    const checked = new Promise<[string | undefined, number]>((resolve) => described.on("complete", (response) => {
      resolve([response.httpResponse.headers["x-amz-crc32"], crc32(response.httpResponse.body as Buffer)]);
    }));
    await described.promise();
    const [header, computed] = await checked;
    expect(header).toBe(String(computed));
    const waited = await ddb.waitFor("tableExists", { TableName: "v2-orders", $waiter: { delay: 1, maxAttempts: 5 } }).promise();
    expect(waited.Table?.TableStatus).toBe("ACTIVE");
    expect(waited.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["by-status"]);
    expect(waited.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(waited.Table?.LatestStreamArn).toMatch(/^arn:aws:dynamodb:us-east-1:000000000000:table\/v2-orders\/stream\//);
  });

  it("DocumentClient: put, get, update with expressions and sets, query paging, batches", async () => {
    const doc = new AWS.DynamoDB.DocumentClient({ ...config, convertEmptyValues: true });
    await doc.put({ TableName: "v2-orders", Item: { pk: "c1", sk: 1, status: "NEW", tags: doc.createSet(["a", "b"]), note: "", total: 12.5 } }).promise();
    const got = await doc.get({ TableName: "v2-orders", Key: { pk: "c1", sk: 1 } }).promise();
    expect(got.Item?.tags.values).toEqual(["a", "b"]);
    expect(got.Item?.tags.type).toBe("String");
    // convertEmptyValues stores "" as NULL.
    expect(got.Item?.note).toBeNull();
    const updated = await doc.update({
      TableName: "v2-orders", Key: { pk: "c1", sk: 1 },
      UpdateExpression: "SET #s = :s, #t = #t + :inc ADD tags :more REMOVE note",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: { "#s": "status", "#t": "total" },
      ExpressionAttributeValues: { ":s": "PAID", ":inc": 2.5, ":more": doc.createSet(["c"]) },
      ReturnValues: "ALL_NEW",
    }).promise();
    expect(updated.Attributes).toMatchObject({ pk: "c1", sk: 1, status: "PAID", total: 15 });
    expect(updated.Attributes?.tags.values).toEqual(["a", "b", "c"]);
    expect(updated.Attributes).not.toHaveProperty("note");

    const puts = Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: { pk: "c2", sk: i, status: i % 2 ? "ODD" : "EVEN" } } }));
    await doc.batchWrite({ RequestItems: { "v2-orders": puts } }).promise();
    const seen: number[] = [];
    let pages = 0;
    let ExclusiveStartKey: AWS.DynamoDB.DocumentClient.Key | undefined;
    do {
      const page = await doc.query({ TableName: "v2-orders", KeyConditionExpression: "pk = :p AND sk >= :from", ExpressionAttributeValues: { ":p": "c2", ":from": 5 }, Limit: 4, ExclusiveStartKey }).promise();
      pages++;
      for (const item of page.Items ?? []) seen.push(item.sk as number);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 5));
    // 15 items in pages of 4: the fourth page is short and has no LastEvaluatedKey.
    expect(pages).toBe(4);
    const odd = await doc.query({ TableName: "v2-orders", IndexName: "by-status", KeyConditionExpression: "#s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": "ODD" }, ScanIndexForward: false }).promise();
    expect(odd.Items?.map((i) => i.sk)).toEqual([19, 17, 15, 13, 11, 9, 7, 5, 3, 1]);
    const batch = await doc.batchGet({ RequestItems: { "v2-orders": { Keys: [{ pk: "c2", sk: 3 }, { pk: "c2", sk: 4 }, { pk: "nope", sk: 0 }] } } }).promise();
    expect(batch.Responses?.["v2-orders"].map((i) => i.sk).sort()).toEqual([3, 4]);
    expect(batch.UnprocessedKeys).toEqual({});
  });

  it("DynamoDBStreams reads the DocumentClient's writes", async () => {
    const ddb = new AWS.DynamoDB(config);
    const streams = new AWS.DynamoDBStreams(config);
    const StreamArn = (await ddb.describeTable({ TableName: "v2-orders" }).promise()).Table?.LatestStreamArn ?? "";
    const shards = (await streams.describeStream({ StreamArn }).promise()).StreamDescription?.Shards ?? [];
    const { ShardIterator } = await streams.getShardIterator({ StreamArn, ShardId: shards[0]?.ShardId ?? "", ShardIteratorType: "TRIM_HORIZON" }).promise();
    const { Records } = await streams.getRecords({ ShardIterator: ShardIterator ?? "" }).promise();
    const c1 = (Records ?? []).filter((r) => r.dynamodb?.Keys?.pk?.S === "c1");
    expect(c1.map((r) => r.eventName)).toEqual(["INSERT", "MODIFY"]);
    expect(AWS.DynamoDB.Converter.unmarshall(c1[1]?.dynamodb?.NewImage ?? {})).toMatchObject({ status: "PAID", total: 15 });
  });

  it("wrapNumbers keeps numbers beyond JavaScript's precision", async () => {
    const doc = new AWS.DynamoDB.DocumentClient({ ...config, wrapNumbers: true });
    const low = new AWS.DynamoDB(config);
    await low.putItem({ TableName: "v2-orders", Item: { pk: { S: "big" }, sk: { N: "1" }, n: { N: "12345678901234567890.123" } } }).promise();
    const got = await doc.get({ TableName: "v2-orders", Key: { pk: "big", sk: 1 } }).promise();
    const n = got.Item?.n as { wrapperName: string; value: string };
    expect([n.wrapperName, n.value]).toEqual(["NumberValue", "12345678901234567890.123"]);
  });

  it("low-level client: a failed condition's ConditionalCheckFailedException", async () => {
    const ddb = new AWS.DynamoDB(config);
    await ddb.putItem({ TableName: "v2-orders", Item: { pk: { S: "cond" }, sk: { N: "1" } } }).promise();
    const error = await failure(ddb.putItem({ TableName: "v2-orders", Item: { pk: { S: "cond" }, sk: { N: "1" } }, ConditionExpression: "attribute_not_exists(pk)" }).promise());
    expect(shape(error)).toEqual({ code: "ConditionalCheckFailedException", statusCode: 400, message: "The conditional request failed" });
    expect(error.retryable).toBe(false);
    const missing = await failure(ddb.getItem({ TableName: "v2-missing", Key: { pk: { S: "x" } } }).promise());
    expect(shape(missing)).toEqual({ code: "ResourceNotFoundException", statusCode: 400, message: "Requested resource not found" });
  });

  it("transactWrite with a failing condition: TransactionCanceledException and its CancellationReasons", async () => {
    const doc = new AWS.DynamoDB.DocumentClient(config);
    await doc.put({ TableName: "v2-orders", Item: { pk: "tx", sk: 1, stock: 0 } }).promise();
    const request = doc.transactWrite({
      TransactItems: [
        { Put: { TableName: "v2-orders", Item: { pk: "tx", sk: 2 } } },
        { Update: { TableName: "v2-orders", Key: { pk: "tx", sk: 1 }, UpdateExpression: "SET stock = stock - :one", ConditionExpression: "stock > :zero", ExpressionAttributeValues: { ":one": 1, ":zero": 0 } } },
      ],
    });
    const error = await failure(request.promise());
    expect(shape(error)).toEqual({
      code: "TransactionCanceledException",
      statusCode: 400,
      message: "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
    });
    // v2 copies the error body's other members onto the error, not enumerable.
    expect(error.CancellationReasons).toEqual([{ Code: "None" }, { Code: "ConditionalCheckFailed", Message: "The conditional request failed" }]);
    const untouched = await doc.get({ TableName: "v2-orders", Key: { pk: "tx", sk: 2 } }).promise();
    expect(untouched.Item).toBeUndefined();
  });
});

// aws-sdk ≥ 2.1490 speaks SQS's JSON protocol (errors named by x-amzn-query-error); older ones the Query protocol.
describe.each([
  // SQS answers each protocol with its own text for the same error (packages/sqs/test/query.test.ts).
  ["JSON protocol (aws-sdk ≥ 2.1490)", () => new AWS.SQS(config), "The specified queue does not exist."],
  ["Query protocol (older aws-sdk v2)", () => new AWS.SQS({ ...config, apiConfig: sqsQueryApi() } as AWS.SQS.ClientConfiguration), "The specified queue does not exist for this wsdl version."],
])("SQS, %s", (_protocol, client, missingQueueMessage) => {
  it("createQueue, sendMessage with attributes, sendMessageBatch, long-poll receive, visibility, delete, attributes", async () => {
    const sqs = client();
    const { QueueUrl } = await sqs.createQueue({ QueueName: `v2-work-${_protocol.slice(0, 4).toLowerCase()}`, Attributes: { VisibilityTimeout: "30" } }).promise();
    expect(QueueUrl).toMatch(/\/000000000000\/v2-work-(json|quer)$/);
    const queueUrl = QueueUrl ?? "";
    const sent = await sqs.sendMessage({
      QueueUrl: queueUrl, MessageBody: "hello",
      MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" }, n: { DataType: "Number", StringValue: "7" }, raw: { DataType: "Binary", BinaryValue: Buffer.from([1, 2, 3]) } },
    }).promise();
    expect(sent.MD5OfMessageBody).toBe(createHash("md5").update("hello").digest("hex"));
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    const batch = await sqs.sendMessageBatch({ QueueUrl: queueUrl, Entries: [{ Id: "a", MessageBody: "one" }, { Id: "b", MessageBody: "two", DelaySeconds: 0 }] }).promise();
    expect(batch.Successful.map((s) => s.Id).sort()).toEqual(["a", "b"]);
    expect(batch.Failed).toEqual([]);

    const received: AWS.SQS.Message[] = [];
    for (let attempt = 0; attempt < 5 && received.length < 3; attempt++) {
      const page = await sqs.receiveMessage({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], AttributeNames: ["All"] }).promise();
      received.push(...(page.Messages ?? []));
    }
    expect(received.map((m) => m.Body).sort()).toEqual(["hello", "one", "two"]);
    const hello = received.find((m) => m.Body === "hello");
    expect(hello?.MessageAttributes?.kind).toMatchObject({ DataType: "String", StringValue: "greeting" });
    expect(hello?.MessageAttributes?.n).toMatchObject({ DataType: "Number", StringValue: "7" });
    expect(Buffer.from(hello?.MessageAttributes?.raw.BinaryValue as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    expect(hello?.Attributes?.ApproximateReceiveCount).toBe("1");
    await sqs.changeMessageVisibility({ QueueUrl: queueUrl, ReceiptHandle: hello?.ReceiptHandle ?? "", VisibilityTimeout: 0 }).promise();
    const again = await sqs.receiveMessage({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }).promise();
    expect(again.Messages?.map((m) => m.Body)).toEqual(["hello"]);
    for (const message of [...received.filter((m) => m.Body !== "hello"), ...(again.Messages ?? [])]) {
      await sqs.deleteMessage({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle ?? "" }).promise();
    }
    const attributes = await sqs.getQueueAttributes({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "VisibilityTimeout", "QueueArn"] }).promise();
    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0", VisibilityTimeout: "30",
      QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:v2-work-${_protocol.slice(0, 4).toLowerCase()}`,
    });
  });

  it("the template's queue has its dead-letter queue", async () => {
    const sqs = client();
    const { QueueUrl } = await sqs.getQueueUrl({ QueueName: "v2-jobs" }).promise();
    const attributes = await sqs.getQueueAttributes({ QueueUrl: QueueUrl ?? "", AttributeNames: ["RedrivePolicy"] }).promise();
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? "{}")).toEqual({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:v2-jobs-dlq`, maxReceiveCount: 3 });
  });

  it("a missing queue is AWS.SimpleQueueService.NonExistentQueue; repeated batch ids BatchEntryIdsNotDistinct", async () => {
    const sqs = client();
    const error = await failure(sqs.getQueueUrl({ QueueName: "v2-nope" }).promise());
    expect(shape(error)).toEqual({ code: "AWS.SimpleQueueService.NonExistentQueue", statusCode: 400, message: missingQueueMessage });
    const { QueueUrl } = await sqs.getQueueUrl({ QueueName: "v2-jobs" }).promise();
    const repeated = await failure(sqs.sendMessageBatch({ QueueUrl: QueueUrl ?? "", Entries: [{ Id: "a", MessageBody: "x" }, { Id: "a", MessageBody: "y" }] }).promise());
    expect([repeated.code, repeated.statusCode]).toEqual(["AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400]);
  });
});

describe("SNS", () => {
  it("publish with MessageAttributes reaches the template's SQS subscription in the SNS envelope", async () => {
    const sns = new AWS.SNS(config);
    const sqs = new AWS.SQS(config);
    const { TopicArn } = await sns.createTopic({ Name: "v2-events" }).promise();
    expect(TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:v2-events`);
    const subs = await sns.listSubscriptionsByTopic({ TopicArn: TopicArn ?? "" }).promise();
    expect(subs.Subscriptions?.map((s) => [s.Protocol, s.Endpoint])).toEqual([["sqs", `arn:aws:sqs:us-east-1:${ACCOUNT}:v2-fanout`]]);
    const published = await sns.publish({ TopicArn, Subject: "hi", Message: '{"order":1}', MessageAttributes: { kind: { DataType: "String", StringValue: "order" } } }).promise();
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const { QueueUrl } = await sqs.getQueueUrl({ QueueName: "v2-fanout" }).promise();
    const got = await sqs.receiveMessage({ QueueUrl: QueueUrl ?? "", WaitTimeSeconds: 5 }).promise();
    const envelope = JSON.parse(got.Messages?.[0]?.Body ?? "{}");
    expect(envelope).toMatchObject({
      Type: "Notification", MessageId: published.MessageId, TopicArn, Subject: "hi", Message: '{"order":1}',
      SignatureVersion: "1", MessageAttributes: { kind: { Type: "String", Value: "order" } },
    });
  });

  it("subscribe an SQS queue and publish to a missing topic", async () => {
    const sns = new AWS.SNS(config);
    const { TopicArn } = await sns.createTopic({ Name: "v2-other" }).promise();
    const sub = await sns.subscribe({ TopicArn: TopicArn ?? "", Protocol: "sqs", Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:v2-jobs`, ReturnSubscriptionArn: true }).promise();
    expect(sub.SubscriptionArn).toMatch(new RegExp(`^arn:aws:sns:us-east-1:${ACCOUNT}:v2-other:[0-9a-f-]{36}$`));
    const error = await failure(sns.publish({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:v2-nope`, Message: "x" }).promise());
    expect(shape(error)).toEqual({ code: "NotFound", statusCode: 404, message: "Topic does not exist" });
  });
});

describe("S3 (s3ForcePathStyle)", () => {
  const s3 = () => new AWS.S3({ ...config, s3ForcePathStyle: true, signatureVersion: "v4" });

  it("putObject, getObject, headObject, copyObject, listObjectsV2 paging, deleteObjects", async () => {
    const client = s3();
    const put = await client.putObject({ Bucket: "v2-files", Key: "docs/a.txt", Body: "alpha", ContentType: "text/plain", Metadata: { owner: "v2" } }).promise();
    // v2 checks the ETag of a single PUT against the body's MD5.
    expect(put.ETag).toBe(`"${createHash("md5").update("alpha").digest("hex")}"`);
    const got = await client.getObject({ Bucket: "v2-files", Key: "docs/a.txt" }).promise();
    expect(String(got.Body)).toBe("alpha");
    expect(got.ContentType).toBe("text/plain");
    expect(got.Metadata).toEqual({ owner: "v2" });
    const head = await client.headObject({ Bucket: "v2-files", Key: "docs/a.txt" }).promise();
    expect(head.ContentLength).toBe(5);
    await client.copyObject({ Bucket: "v2-files", Key: "docs/b.txt", CopySource: "v2-files/docs/a.txt" }).promise();
    for (const key of ["docs/c.txt", "docs/d.txt", "docs/e.txt"]) await client.putObject({ Bucket: "v2-files", Key: key, Body: key }).promise();
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.listObjectsV2({ Bucket: "v2-files", Prefix: "docs/", MaxKeys: 2, ContinuationToken }).promise();
      pages++;
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ""));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(keys).toEqual(["docs/a.txt", "docs/b.txt", "docs/c.txt", "docs/d.txt", "docs/e.txt"]);
    expect(pages).toBe(3);
    const deleted = await client.deleteObjects({ Bucket: "v2-files", Delete: { Objects: [{ Key: "docs/c.txt" }, { Key: "docs/never" }] } }).promise();
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual(["docs/c.txt", "docs/never"]);
    expect(deleted.Errors).toEqual([]);
  });

  it("upload() sends an 11 MB Buffer as a three-part multipart upload", async () => {
    const client = s3();
    const data = randomBytes(11 * 1024 * 1024);
    const upload = client.upload({ Bucket: "v2-files", Key: "big.bin", Body: data }, { partSize: 5 * 1024 * 1024, queueSize: 2 });
    const parts: number[] = [];
    upload.on("httpUploadProgress", (p: AWS.S3.ManagedUpload.Progress & { part?: number }) => { if (p.part !== undefined) parts.push(p.part); });
    const done = await upload.promise();
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(done.Key).toBe("big.bin");
    expect(done.Location).toBe(`${sandbox.endpoint}/v2-files/big.bin`);
    const got = await client.getObject({ Bucket: "v2-files", Key: "big.bin" }).promise();
    expect(createHash("sha256").update(got.Body as Buffer).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
  });

  it("getSignedUrl GET and PUT work with plain fetch; signature v2 too", async () => {
    const client = s3();
    await client.putObject({ Bucket: "v2-files", Key: "signed.txt", Body: "signed body" }).promise();
    const getUrl = client.getSignedUrl("getObject", { Bucket: "v2-files", Key: "signed.txt", Expires: 60 });
    expect(getUrl).toContain("X-Amz-Signature=");
    expect(await (await fetch(getUrl)).text()).toBe("signed body");
    const putUrl = await client.getSignedUrlPromise("putObject", { Bucket: "v2-files", Key: "put.json", ContentType: "application/json", Expires: 60 });
    const res = await fetch(putUrl, { method: "PUT", body: '{"ok":true}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    const got = await client.getObject({ Bucket: "v2-files", Key: "put.json" }).promise();
    expect([String(got.Body), got.ContentType]).toEqual(['{"ok":true}', "application/json"]);
    const v2 = new AWS.S3({ ...config, s3ForcePathStyle: true, signatureVersion: "v2" });
    const v2Url = v2.getSignedUrl("getObject", { Bucket: "v2-files", Key: "signed.txt", Expires: 60 });
    expect(v2Url).toContain("Signature=");
    expect(await (await fetch(v2Url)).text()).toBe("signed body");
    expect(String((await v2.getObject({ Bucket: "v2-files", Key: "signed.txt" }).promise()).Body)).toBe("signed body");
  });

  it("putObject of 2 MB waits for 100 Continue; a conditional GET answers NotModified", async () => {
    const client = s3();
    const request = client.putObject({ Bucket: "v2-files", Key: "two.bin", Body: Buffer.alloc(2 * 1024 * 1024, 7) });
    await request.promise();
    expect(request.httpRequest.headers.Expect).toBe("100-continue");
    const head = await client.headObject({ Bucket: "v2-files", Key: "two.bin" }).promise();
    expect(head.ContentLength).toBe(2 * 1024 * 1024);
    const notModified = await failure(client.getObject({ Bucket: "v2-files", Key: "two.bin", IfNoneMatch: head.ETag }).promise());
    expect(shape(notModified)).toEqual({ code: "NotModified", statusCode: 304, message: null });
  });

  it("createPresignedPost: a browser form POST uploads the file", async () => {
    const client = s3();
    const post = client.createPresignedPost({ Bucket: "v2-files", Fields: { key: "posted.txt" }, Expires: 60 });
    expect(post.url).toBe(`${sandbox.endpoint}/v2-files`);
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append("file", new Blob(["posted body"]));
    const res = await fetch(post.url, { method: "POST", body: form });
    expect(res.status).toBe(204);
    expect(String((await client.getObject({ Bucket: "v2-files", Key: "posted.txt" }).promise()).Body)).toBe("posted body");
  });

  it("a missing key is NoSuchKey, a HEAD of one NotFound", async () => {
    const client = s3();
    const error = await failure(client.getObject({ Bucket: "v2-files", Key: "missing" }).promise());
    expect(shape(error)).toEqual({ code: "NoSuchKey", statusCode: 404, message: "The specified key does not exist." });
    const head = await failure(client.headObject({ Bucket: "v2-files", Key: "missing" }).promise());
    // A HEAD answer has no body: v2 names the error from the status.
    expect(shape(head)).toEqual({ code: "NotFound", statusCode: 404, message: null });
  });
});

describe("Lambda", () => {
  it("invoke RequestResponse with LogType Tail, a throwing handler's FunctionError, an Event invocation", async () => {
    const lambda = new AWS.Lambda(config);
    const ok = await lambda.invoke({ FunctionName: "v2-echo", Payload: JSON.stringify({ from: "v2" }), LogType: "Tail" }).promise();
    expect(ok.StatusCode).toBe(200);
    expect(JSON.parse(String(ok.Payload))).toEqual({ echoed: { from: "v2" } });
    const log = Buffer.from(ok.LogResult ?? "", "base64").toString();
    expect(log).toContain('echo {"from":"v2"}');
    expect(log).toMatch(/REPORT RequestId: /);
    const failed = await lambda.invoke({ FunctionName: "v2-fail", Payload: JSON.stringify({ what: "this" }) }).promise();
    expect(failed.FunctionError).toBe("Unhandled");
    expect(JSON.parse(String(failed.Payload))).toMatchObject({ errorType: "TypeError", errorMessage: "cannot handle this" });
    const event = await lambda.invoke({ FunctionName: "v2-echo", InvocationType: "Event", Payload: "{}" }).promise();
    expect(event.StatusCode).toBe(202);
    // The deprecated InvokeAsync API older v2 code still calls.
    expect(await lambda.invokeAsync({ FunctionName: "v2-echo", InvokeArgs: "{}" }).promise()).toMatchObject({ Status: 202 });
    const missing = await failure(lambda.invoke({ FunctionName: "v2-nope" }).promise());
    expect(shape(missing)).toEqual({
      code: "ResourceNotFoundException", statusCode: 404,
      message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:v2-nope:$LATEST`,
    });
  });

  it("CloudWatch Logs filterLogEvents finds the function's lines", async () => {
    const lambda = new AWS.Lambda(config);
    await lambda.invoke({ FunctionName: "v2-echo", Payload: JSON.stringify({ marker: "logs" }) }).promise();
    const logs = new AWS.CloudWatchLogs(config);
    const found = await logs.filterLogEvents({ logGroupName: "/aws/lambda/v2-echo", filterPattern: '"marker"' }).promise();
    expect(found.events?.map((e) => e.message?.trim()).some((m) => m?.endsWith('echo {"marker":"logs"}'))).toBe(true);
    const missing = await failure(logs.filterLogEvents({ logGroupName: "/aws/lambda/v2-nope" }).promise());
    expect(shape(missing)).toEqual({ code: "ResourceNotFoundException", statusCode: 400, message: "The specified log group does not exist." });
  });
});

describe("Step Functions", () => {
  it("startExecution runs to SUCCEEDED; startSyncExecution answers an EXPRESS machine", async () => {
    // StartSyncExecution goes to a sync- host prefix: v2 drops it with hostPrefixEnabled false.
    const sfn = new AWS.StepFunctions({ ...config, hostPrefixEnabled: false });
    const machines = await sfn.listStateMachines().promise();
    const arn = (name: string) => machines.stateMachines.find((m) => m.name === name)?.stateMachineArn ?? "";
    const started = await sfn.startExecution({ stateMachineArn: arn("v2-workflow"), name: "first", input: JSON.stringify({ order: 7 }) }).promise();
    expect(started.executionArn).toBe(`arn:aws:states:us-east-1:${ACCOUNT}:execution:v2-workflow:first`);
    expect(started.startDate).toBeInstanceOf(Date);
    let described = await sfn.describeExecution({ executionArn: started.executionArn }).promise();
    for (let attempt = 0; attempt < 50 && described.status === "RUNNING"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      described = await sfn.describeExecution({ executionArn: started.executionArn }).promise();
    }
    expect(described.status).toBe("SUCCEEDED");
    expect(JSON.parse(described.output ?? "null")).toEqual({ order: 7, lambda: { echoed: { order: 7 } } });
    const sync = await sfn.startSyncExecution({ stateMachineArn: arn("v2-express"), input: JSON.stringify({ n: 4 }) }).promise();
    expect(sync.status).toBe("SUCCEEDED");
    expect(JSON.parse(sync.output ?? "null")).toEqual({ doubled: 8 });
    const duplicate = await failure(sfn.startExecution({ stateMachineArn: arn("v2-workflow"), name: "first", input: "{}" }).promise());
    expect(shape(duplicate)).toEqual({
      code: "ExecutionAlreadyExists", statusCode: 400,
      message: `Execution Already Exists: 'arn:aws:states:us-east-1:${ACCOUNT}:execution:v2-workflow:first'`,
    });
  });
});

describe("Cognito user pools", () => {
  it("signUp, adminConfirmSignUp, adminInitiateAuth ADMIN_USER_PASSWORD_AUTH, getUser with the token", async () => {
    const idp = new AWS.CognitoIdentityServiceProvider(config);
    const pools = await idp.listUserPools({ MaxResults: 10 }).promise();
    const UserPoolId = pools.UserPools?.find((p) => p.Name === "v2-users")?.Id ?? "";
    const clients = await idp.listUserPoolClients({ UserPoolId }).promise();
    const ClientId = clients.UserPoolClients?.[0]?.ClientId ?? "";
    const signed = await idp.signUp({ ClientId, Username: "ana", Password: "Passw0rd!x", UserAttributes: [{ Name: "email", Value: "ana@example.com" }] }).promise();
    expect(signed.UserConfirmed).toBe(false);
    expect(signed.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    const unconfirmed = await failure(idp.adminInitiateAuth({ UserPoolId, ClientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ana", PASSWORD: "Passw0rd!x" } }).promise());
    expect(shape(unconfirmed)).toEqual({ code: "UserNotConfirmedException", statusCode: 400, message: "User is not confirmed." });
    await idp.adminConfirmSignUp({ UserPoolId, Username: "ana" }).promise();
    const auth = await idp.adminInitiateAuth({ UserPoolId, ClientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ana", PASSWORD: "Passw0rd!x" } }).promise();
    expect(auth.AuthenticationResult?.TokenType).toBe("Bearer");
    expect(auth.AuthenticationResult?.ExpiresIn).toBe(3600);
    const user = await idp.getUser({ AccessToken: auth.AuthenticationResult?.AccessToken ?? "" }).promise();
    expect(user.Username).toBe("ana");
    expect(user.UserAttributes.find((a) => a.Name === "email")?.Value).toBe("ana@example.com");
    const wrong = await failure(idp.adminInitiateAuth({ UserPoolId, ClientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ana", PASSWORD: "nope-nope1A!" } }).promise());
    expect(shape(wrong)).toEqual({ code: "NotAuthorizedException", statusCode: 400, message: "Incorrect username or password." });
  });
});

describe("SSM and Secrets Manager", () => {
  it("putParameter and getParametersByPath; createSecret and getSecretValue", async () => {
    const ssm = new AWS.SSM(config);
    await ssm.putParameter({ Name: "/v2/app/db", Value: "postgres://db", Type: "String" }).promise();
    await ssm.putParameter({ Name: "/v2/app/key", Value: "s3cr3t", Type: "SecureString" }).promise();
    await ssm.putParameter({ Name: "/v2/app/nested/flag", Value: "on", Type: "String" }).promise();
    const shallow = await ssm.getParametersByPath({ Path: "/v2/app", WithDecryption: true }).promise();
    expect(shallow.Parameters?.map((p) => [p.Name, p.Value]).sort()).toEqual([["/v2/app/db", "postgres://db"], ["/v2/app/key", "s3cr3t"]]);
    const deep = await ssm.getParametersByPath({ Path: "/v2/app", Recursive: true }).promise();
    expect(deep.Parameters?.map((p) => p.Name).sort()).toEqual(["/v2/app/db", "/v2/app/key", "/v2/app/nested/flag"]);
    const missing = await failure(ssm.getParameter({ Name: "/v2/none" }).promise());
    expect(shape(missing)).toEqual({ code: "ParameterNotFound", statusCode: 400, message: null });

    const secrets = new AWS.SecretsManager(config);
    const created = await secrets.createSecret({ Name: "v2/db", SecretString: JSON.stringify({ user: "app" }) }).promise();
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:v2/db-[A-Za-z0-9]{6}$`));
    const value = await secrets.getSecretValue({ SecretId: "v2/db" }).promise();
    expect(JSON.parse(value.SecretString ?? "{}")).toEqual({ user: "app" });
    expect(value.VersionStages).toEqual(["AWSCURRENT"]);
    const none = await failure(secrets.getSecretValue({ SecretId: "v2/none" }).promise());
    expect(shape(none)).toEqual({ code: "ResourceNotFoundException", statusCode: 400, message: "Secrets Manager can't find the specified secret." });
  });
});

describe("EventBridge, Kinesis and CloudWatch", () => {
  it("putEvents answers an EventId per entry", async () => {
    const events = new AWS.EventBridge(config);
    const put = await events.putEvents({ Entries: [{ Source: "v2.app", DetailType: "Tested", Detail: JSON.stringify({ a: 1 }) }] }).promise();
    expect(put.FailedEntryCount).toBe(0);
    expect(put.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("Kinesis: a record put is read back (SDK v2 speaks HTTP/1.1 with base64 blobs)", async () => {
    const kinesis = new AWS.Kinesis({ ...config, maxRetries: 0 });
    await kinesis.createStream({ StreamName: "v2-stream", ShardCount: 1 }).promise();
    const put = await kinesis.putRecord({ StreamName: "v2-stream", PartitionKey: "k", Data: "hello" }).promise();
    const { ShardIterator } = await kinesis.getShardIterator({ StreamName: "v2-stream", ShardId: put.ShardId, ShardIteratorType: "TRIM_HORIZON" }).promise();
    const got = await kinesis.getRecords({ ShardIterator: ShardIterator as string }).promise();
    expect(got.Records.map((r) => Buffer.from(r.Data as Uint8Array).toString())).toEqual(["hello"]);
    const missing = await failure(kinesis.describeStream({ StreamName: "v2-none" }).promise());
    expect(shape(missing)).toEqual({ code: "ResourceNotFoundException", statusCode: 400, message: "Stream v2-none under account 000000000000 not found." });
  });

  it("CloudWatch over awsQuery: metrics read back, alarms described, errors in AWS's XML envelope", async () => {
    const cloudwatch = new AWS.CloudWatch({ ...config, maxRetries: 0 });
    const now = Date.now();
    await cloudwatch.putMetricData({ Namespace: "v2", MetricData: [{ MetricName: "orders", Value: 3, Unit: "Count", Dimensions: [{ Name: "shop", Value: "a" }] }] }).promise();
    const data = await cloudwatch.getMetricData({
      StartTime: new Date(now - 120_000), EndTime: new Date(now + 60_000),
      MetricDataQueries: [{ Id: "o", MetricStat: { Metric: { Namespace: "v2", MetricName: "orders", Dimensions: [{ Name: "shop", Value: "a" }] }, Period: 60, Stat: "Sum" } }],
    }).promise();
    expect(data.MetricDataResults?.map((r) => [r.Id, r.Label, r.StatusCode, r.Values])).toEqual([["o", "orders", "Complete", [3]]]);
    expect(data.MetricDataResults?.[0]?.Timestamps?.[0]).toBeInstanceOf(Date);
    await cloudwatch.putMetricAlarm({
      AlarmName: "v2-alarm", Namespace: "v2", MetricName: "orders", Statistic: "Sum", Period: 60, EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: "GreaterThanThreshold",
    }).promise();
    const alarms = await cloudwatch.describeAlarms({ AlarmNames: ["v2-alarm"] }).promise();
    expect(alarms.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue, a.Threshold])).toEqual([["v2-alarm", "INSUFFICIENT_DATA", 10]]);
    const error = await failure(cloudwatch.putMetricData({ Namespace: "v2", MetricData: [{ MetricName: "orders", Value: 1, Values: [1] }] }).promise());
    expect(shape(error)).toEqual({
      code: "InvalidParameterCombination", statusCode: 400,
      message: "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
    });
  });
});
