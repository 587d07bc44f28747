import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NOW, startSqs } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "sqs-persist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("persistence", () => {
  it("keeps queues, messages and in-flight state across a restart", async () => {
    const clock = new VirtualClock(NOW);
    let store = new FileStore({ dir, clock });
    let h = await startSqs({ store, clock });
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "kept", Attributes: { VisibilityTimeout: "30" } }));
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "one" }));
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "two" }));
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(got.Messages?.[0]?.Body).toBe("one");
    await h.close();
    await store.close();

    store = new FileStore({ dir, clock });
    h = await startSqs({ store, clock });
    const url = QueueUrl?.replace(/^http:\/\/[^/]+/, h.url);
    const attrs = await h.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
    expect(attrs.Attributes).toEqual({ ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "1" });
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.[0]?.Body).toBe("two");
    await clock.advance(30_000);
    const again = await h.client.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }));
    expect(again.Messages?.[0]).toMatchObject({ Body: "one", Attributes: { ApproximateReceiveCount: "2" } });
    await h.close();
    await store.close();
  });
});
