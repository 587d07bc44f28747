/** awscli against the service (skipped where awscli is not installed). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { ACCOUNT, startSqs, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

const aws = (...args: string[]): Promise<unknown> => awsCli(h.url, "sqs", ...args);

describe.skipIf(!hasAws)("awscli", () => {
  // Five awscli processes, each ~1 s alone and several under load: more than the default 30 s.
  it("create-queue, send-message, receive-message, delete-message", { timeout: 120_000 }, async () => {
    const created = (await aws("create-queue", "--queue-name", "cli")) as { QueueUrl: string };
    expect(created.QueueUrl).toBe(`${h.url}/${ACCOUNT}/cli`);
    const sent = (await aws("send-message", "--queue-url", created.QueueUrl, "--message-body", "from the cli",
      "--message-attributes", '{"kind":{"DataType":"String","StringValue":"test"}}')) as { MessageId: string; MD5OfMessageAttributes: string };
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const received = (await aws("receive-message", "--queue-url", created.QueueUrl, "--message-attribute-names", "All")) as {
      Messages: Array<{ Body: string; ReceiptHandle: string; MessageAttributes: Record<string, unknown> }>;
    };
    expect(received.Messages[0].Body).toBe("from the cli");
    expect(received.Messages[0].MessageAttributes).toEqual({ kind: { DataType: "String", StringValue: "test" } });
    await aws("delete-message", "--queue-url", created.QueueUrl, "--receipt-handle", received.Messages[0].ReceiptHandle);
    const attrs = (await aws("get-queue-attributes", "--queue-url", created.QueueUrl, "--attribute-names", "ApproximateNumberOfMessages")) as {
      Attributes: Record<string, string>;
    };
    expect(attrs.Attributes).toEqual({ ApproximateNumberOfMessages: "0" });
  });
});
