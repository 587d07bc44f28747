// sqs-consumer (bbc/sqs-consumer, the most used Node SQS poller) against a sandbox queue. The
// sandbox runs on a VirtualClock, so long polls never time out on their own and visibility
// timeouts pass only when the test advances time; each step waits on what the consumer or the
// SDK reports, with a bounded wait.
import {
  CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import { join } from "node:path";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { Consumer, type ConsumerOptions } from "sqs-consumer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../packages/core/src/clock.js";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const clock = new VirtualClock(Date.UTC(2026, 10, 26, 12, 0, 0));
let sandbox: RunningSandbox;
let sqs: SQSClient;
const consumers: Consumer[] = [];

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "minimal.yaml"), port: 0, edgePort: 0, inMemory: true, clock });
  sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
});

afterEach(async () => {
  // Abort any long poll still open, and wait for each consumer to say it stopped.
  await Promise.all(consumers.splice(0).map((consumer) => stop(consumer)));
});

afterAll(async () => {
  sqs?.destroy();
  await sandbox?.stop();
});

/** Resolves with `promise`, or fails the test after `ms` of real time (never a hang). */
function bounded<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The SQS calls a client made, completed ones with their outcome; `until` waits for the nth. */
class CallLog {
  readonly calls: Array<{ command: string; input: Record<string, unknown>; done: boolean; failed?: string; output?: Record<string, unknown> }> = [];
  private readonly waiters = new Set<() => void>();

  attach(client: SQSClient): SQSClient {
    client.middlewareStack.add((next, context) => async (args) => {
      const call = {
        command: (context.commandName ?? "").replace(/Command$/, ""), input: args.input as Record<string, unknown>,
        done: false, failed: undefined as string | undefined, output: undefined as Record<string, unknown> | undefined,
      };
      this.calls.push(call);
      this.changed();
      try {
        const result = await next(args);
        call.output = { ...result.output };
        return result;
      } catch (error) {
        call.failed = (error as Error).name;
        throw error;
      } finally {
        call.done = true;
        this.changed();
      }
    }, { step: "initialize", name: "callLog" });
    return client;
  }

  of(command: string, done = false) {
    return this.calls.filter((c) => c.command === command && (!done || c.done));
  }

  /** Resolves once `count` calls of `command` were sent (or, with done, answered). */
  until(command: string, count: number, done = false): Promise<void> {
    return bounded(new Promise<void>((resolve) => {
      const check = () => {
        if (this.of(command, done).length < count) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    }), `${count} ${command}${done ? " answers" : " calls"}`);
  }

  private changed(): void {
    for (const check of [...this.waiters]) check();
  }
}

function consumer(log: CallLog, options: Partial<ConsumerOptions> & Pick<ConsumerOptions, "queueUrl">): Consumer {
  const client = log.attach(new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials }));
  const created = Consumer.create({ sqs: client, waitTimeSeconds: 20, ...options });
  consumers.push(created);
  return created;
}

function stop(c: Consumer): Promise<void> {
  if (!c.status.isRunning) return Promise.resolve();
  const stopped = new Promise<void>((resolve) => c.once("stopped", () => resolve()));
  c.stop({ abort: true });
  return bounded(stopped, "the consumer to stop");
}

function next<T extends unknown[]>(c: Consumer, event: string): Promise<T> {
  return bounded(new Promise<T>((resolve) => c.once(event as "empty", (...args: unknown[]) => resolve(args as T))), `the ${event} event`);
}

async function createQueue(name: string, attributes: Record<string, string> = {}): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error("no QueueUrl");
  return QueueUrl;
}

async function counts(queueUrl: string): Promise<[number, number]> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
  return [Number(Attributes.ApproximateNumberOfMessages), Number(Attributes.ApproximateNumberOfMessagesNotVisible)];
}

describe("sqs-consumer", () => {
  it("long polls: a message sent while its ReceiveMessage waits is handled and deleted", async () => {
    const queueUrl = await createQueue("consumer-long-poll");
    const log = new CallLog();
    const handled: Message[] = [];
    const c = consumer(log, { queueUrl, pollingWaitTimeMs: 60_000, handleMessage: async (m) => { handled.push(m); return m; } });
    const processed = next<[Message]>(c, "message_processed");
    c.start();
    await log.until("ReceiveMessage", 1);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "hello consumer", MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } } }));
    const [message] = await processed;
    expect(message.Body).toBe("hello consumer");
    expect(handled).toHaveLength(1);
    // One long poll (no time passed on the sandbox clock) carried the message.
    expect(log.of("ReceiveMessage").map((call) => call.input.WaitTimeSeconds)).toEqual([20]);
    expect(log.of("DeleteMessage", true)).toMatchObject([{ input: { ReceiptHandle: message.ReceiptHandle }, failed: undefined }]);
    expect(await counts(queueUrl)).toEqual([0, 0]);
  });

  it("needs only the queue URL: its own SQSClient takes the URL's host as endpoint (useQueueUrlAsEndpoint)", async () => {
    const queueUrl = await createQueue("consumer-own-client");
    expect(queueUrl.startsWith(sandbox.endpoint)).toBe(true);
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = "x";
    process.env.AWS_SECRET_ACCESS_KEY = "x";
    try {
      const c = Consumer.create({ queueUrl, region: "us-east-1", waitTimeSeconds: 20, pollingWaitTimeMs: 60_000, handleMessage: async (m) => m });
      consumers.push(c);
      const processed = next<[Message]>(c, "message_processed");
      c.start();
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "no client needed" }));
      const [message] = await processed;
      expect(message.Body).toBe("no client needed");
      expect(await counts(queueUrl)).toEqual([0, 0]);
    } finally {
      for (const [name, value] of [["AWS_ACCESS_KEY_ID", saved.id], ["AWS_SECRET_ACCESS_KEY", saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("hands handleMessageBatch up to batchSize messages; DeleteMessageBatch removes the ones it returns", async () => {
    const queueUrl = await createQueue("consumer-batch");
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify({ n: i }) })),
    }));
    const log = new CallLog();
    let batch: Message[] = [];
    const c = consumer(log, {
      queueUrl, batchSize: 10, visibilityTimeout: 30, pollingWaitTimeMs: 60_000,
      messageSystemAttributeNames: ["ApproximateReceiveCount"],
      handleMessageBatch: async (messages) => {
        batch = messages;
        return messages.filter((m) => (JSON.parse(m.Body ?? "{}") as { n: number }).n % 2 === 0);
      },
    });
    const done = next(c, "response_processed");
    c.start();
    await done;
    await stop(c);
    expect(batch.map((m) => (JSON.parse(m.Body ?? "{}") as { n: number }).n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batch.every((m) => m.Attributes?.ApproximateReceiveCount === "1")).toBe(true);
    expect(log.of("ReceiveMessage")[0].input).toMatchObject({ MaxNumberOfMessages: 10, VisibilityTimeout: 30 });
    const deletes = log.of("DeleteMessageBatch", true);
    expect(deletes).toHaveLength(1);
    expect(deletes[0].input.Entries).toHaveLength(5);
    expect(await counts(queueUrl)).toEqual([0, 5]);
    // The five it kept come back once their visibility timeout has passed.
    await clock.advance(30_000);
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    expect((again.Messages ?? []).map((m) => (JSON.parse(m.Body ?? "{}") as { n: number }).n).sort((a, b) => a - b)).toEqual([1, 3, 5, 7, 9]);
  });

  it("extends the visibility timeout with heartbeats (ChangeMessageVisibility) while the handler works", { timeout: 20_000 }, async () => {
    const queueUrl = await createQueue("consumer-heartbeat");
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "slow job" }));
    const log = new CallLog();
    const errors: Error[] = [];
    let invisibleAfter40s: number | undefined;
    const c = consumer(log, {
      queueUrl, visibilityTimeout: 30, heartbeatInterval: 1, pollingWaitTimeMs: 60_000,
      handleMessage: async (m) => {
        // Each heartbeat hides the message for 30 s from now: 20 s after the first and 20 s
        // after the second, it is still hidden, 40 s after it was received.
        await log.until("ChangeMessageVisibility", 1, true);
        await clock.advance(20_000);
        await log.until("ChangeMessageVisibility", 2, true);
        await clock.advance(20_000);
        const peek = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
        invisibleAfter40s = peek.Messages?.length ?? 0;
        return m;
      },
    });
    c.on("error", (e) => errors.push(e));
    const processed = next(c, "message_processed");
    c.start();
    await processed;
    expect(invisibleAfter40s).toBe(0);
    const heartbeats = log.of("ChangeMessageVisibility", true);
    expect(heartbeats.length).toBeGreaterThanOrEqual(2);
    expect(heartbeats.every((h) => h.input.VisibilityTimeout === 30 && h.failed === undefined)).toBe(true);
    expect(errors).toEqual([]);
    expect(await counts(queueUrl)).toEqual([0, 0]);
  });

  it("heartbeats a whole batch with ChangeMessageVisibilityBatch", async () => {
    const queueUrl = await createQueue("consumer-batch-heartbeat");
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: "a", MessageBody: "a" }, { Id: "b", MessageBody: "b" }] }));
    const log = new CallLog();
    const c = consumer(log, {
      queueUrl, batchSize: 2, visibilityTimeout: 30, heartbeatInterval: 1, pollingWaitTimeMs: 60_000,
      handleMessageBatch: async (messages) => {
        await log.until("ChangeMessageVisibilityBatch", 1, true);
        return messages;
      },
    });
    const done = next(c, "response_processed");
    c.start();
    await done;
    const [heartbeat] = log.of("ChangeMessageVisibilityBatch", true);
    expect(heartbeat.input.Entries).toHaveLength(2);
    expect(heartbeat.output).toMatchObject({ Successful: [{ Id: expect.any(String) }, { Id: expect.any(String) }] });
    expect(heartbeat.output?.Failed ?? []).toEqual([]);
    expect(await counts(queueUrl)).toEqual([0, 0]);
  });

  it("leaves a failed message for redelivery, then the redrive policy moves it to the DLQ after maxReceiveCount", async () => {
    const dlqUrl = await createQueue("consumer-dlq");
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }));
    const queueUrl = await createQueue("consumer-failing", {
      VisibilityTimeout: "5",
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 2 }),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "poison" }));
    const log = new CallLog();
    const failures: Array<[Error, Message]> = [];
    const c = consumer(log, {
      queueUrl, messageSystemAttributeNames: ["ApproximateReceiveCount"],
      handleMessage: async () => { throw new Error("boom"); },
    });
    c.on("processing_error", (error, message) => failures.push([error, message]));
    c.start();
    // First delivery fails; the message stays in flight until its 5 s visibility timeout ends.
    await bounded(new Promise<void>((resolve) => c.once("processing_error", () => resolve())), "the first failure");
    expect(await counts(queueUrl)).toEqual([0, 1]);
    await log.until("ReceiveMessage", 2);
    await clock.advance(5_000);
    await bounded(new Promise<void>((resolve) => { if (failures.length >= 2) resolve(); else c.once("processing_error", () => resolve()); }), "the second failure");
    // Received twice (maxReceiveCount): the next receive moves it to the dead-letter queue.
    await log.until("ReceiveMessage", 3);
    const fromDlq = sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 20, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }));
    await clock.advance(5_000);
    const dead = await bounded(fromDlq, "the message in the DLQ");
    expect(dead.Messages?.map((m) => m.Body)).toEqual(["poison"]);
    expect(failures.map(([error, message]) => [error.message, message.Body, message.Attributes?.ApproximateReceiveCount])).toEqual([
      ["Unexpected message handler failure: boom", "poison", "1"],
      ["Unexpected message handler failure: boom", "poison", "2"],
    ]);
    expect(log.of("DeleteMessage")).toEqual([]);
    expect(await counts(queueUrl)).toEqual([0, 0]);
  });

  it("reports a missing queue through its error event, with SQS's error code and message", async () => {
    const log = new CallLog();
    const missingUrl = `${sandbox.endpoint}/000000000000/consumer-never-created`;
    const c = consumer(log, { queueUrl: missingUrl, pollingWaitTimeMs: 60_000, handleMessage: async (m) => m });
    const failed = next<[Error & { code?: string; statusCode?: number; queueUrl?: string }]>(c, "error");
    c.start();
    const [error] = await failed;
    expect(error.name).toBe("SQSError");
    expect(error.message).toBe("SQS receive message failed: The specified queue does not exist.");
    expect(error.code).toBe("QueueDoesNotExist");
    expect(error.statusCode).toBe(400);
    expect(error.queueUrl).toBe(missingUrl);
  });

  it("terminateVisibilityTimeout makes a failed message visible at once (ChangeMessageVisibility 0)", async () => {
    const queueUrl = await createQueue("consumer-terminate");
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "retry me" }));
    const log = new CallLog();
    let attempts = 0;
    const c = consumer(log, {
      queueUrl, visibilityTimeout: 30, terminateVisibilityTimeout: true, pollingWaitTimeMs: 0,
      handleMessage: async (m) => {
        attempts += 1;
        if (attempts === 1) throw new Error("transient");
        return m;
      },
    });
    const processed = next<[Message]>(c, "message_processed");
    c.start();
    const [message] = await processed;
    expect(message.Body).toBe("retry me");
    expect(attempts).toBe(2);
    expect(log.of("ChangeMessageVisibility", true)).toMatchObject([{ input: { VisibilityTimeout: 0 }, failed: undefined }]);
    expect(await counts(queueUrl)).toEqual([0, 0]);
  });
});
