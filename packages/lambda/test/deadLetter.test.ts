import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AdmZip from "adm-zip";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { silentLogger } from "@sam-sandbox/core";
import type { MessageAttributes } from "../src/index.js";
import { ACCOUNT, REGION, fn, json, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const sent: Array<{ arn: string; message: string; attributes?: MessageAttributes }> = [];
const warnings: string[] = [];
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:failed-events`;
const RECORDS = `arn:aws:sns:${REGION}:${ACCOUNT}:invocation-records`;
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:failed-events`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const zip = (() => {
  const z = new AdmZip();
  z.addFile("index.mjs", Buffer.from("export const handler = async () => { throw new Error('deployed and broken'); };\n"));
  return new Uint8Array(z.toBuffer());
})();

beforeAll(async () => {
  lambda = await startLambda(
    [
      fn("dead-lettered", "esm-app", "index.throws", { deadLetterTargetArn: TOPIC }),
      fn("queue-dead-lettered", "esm-app", "index.throws", { deadLetterTargetArn: QUEUE }),
      fn("fine", "esm-app", "index.echo", { deadLetterTargetArn: TOPIC }),
    ],
    {
      lambda: {
        logger: { ...silentLogger, warn: (m) => warnings.push(m) },
        destinations: async (arn, message, attributes) => {
          sent.push({ arn, message, attributes });
        },
      },
    },
  );
});

afterAll(async () => {
  await lambda?.close();
});

/** Invocations of a function finished so far. */
function countInvocations(functionName: string): () => number {
  let n = 0;
  lambda.events.on("invocation", (e) => {
    if (e.functionName === functionName) n++;
  });
  return () => n;
}

describe("DeadLetterConfig", () => {
  it("sends the event, unchanged, to the dead-letter topic after the two retries, with RequestID, ErrorCode and ErrorMessage", async () => {
    const attempts = countInvocations("dead-lettered");
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "dead-lettered", InvocationType: "Event", Payload: json({ order: 42 }) }));
    expect(out.StatusCode).toBe(202);
    await expect.poll(attempts, { timeout: 5000 }).toBe(1);
    expect(sent).toHaveLength(0);
    await lambda.clock.advance(60_000);
    await expect.poll(attempts, { timeout: 5000 }).toBe(2);
    await lambda.clock.advance(120_000);
    await expect.poll(() => sent.length, { timeout: 5000 }).toBe(1);
    expect(attempts()).toBe(3);
    expect(sent[0]).toEqual({
      arn: TOPIC,
      message: JSON.stringify({ order: 42 }),
      attributes: {
        RequestID: { DataType: "String", StringValue: out.$metadata.requestId },
        ErrorCode: { DataType: "Number", StringValue: "200" },
        ErrorMessage: { DataType: "String", StringValue: "something broke" },
      },
    });
  });

  it("sends to both the OnFailure destination and the dead-letter queue, honouring MaximumRetryAttempts", async () => {
    sent.length = 0;
    await lambda.client.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: "dead-lettered", MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: RECORDS } } }),
    );
    await lambda.client.send(new InvokeCommand({ FunctionName: "dead-lettered", InvocationType: "Event", Payload: json({ order: 43 }) }));
    await expect.poll(() => sent.length, { timeout: 5000 }).toBe(2);
    expect(sent.map((s) => s.arn).sort()).toEqual([RECORDS, TOPIC].sort());
    const record = JSON.parse(sent.find((s) => s.arn === RECORDS)?.message ?? "{}") as Record<string, unknown>;
    expect(record).toMatchObject({ requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 1 }, requestPayload: { order: 43 } });
    expect(sent.find((s) => s.arn === TOPIC)?.message).toBe(JSON.stringify({ order: 43 }));
  });

  it("sends nothing for an invocation that succeeds, or a synchronous one that fails", async () => {
    sent.length = 0;
    const attempts = countInvocations("fine");
    await lambda.client.send(new InvokeCommand({ FunctionName: "fine", InvocationType: "Event", Payload: json({}) }));
    await lambda.client.send(new InvokeCommand({ FunctionName: "dead-lettered", Payload: json({}) }));
    await expect.poll(attempts, { timeout: 5000 }).toBe(1);
    expect(sent).toHaveLength(0);
  });

  it("warns once that an SQS dead-letter queue is not emulated, and drops its events", async () => {
    expect(warnings.filter((w) => w.includes(QUEUE))).toEqual([
      `queue-dead-lettered: the dead-letter queue ${QUEUE} is an SQS queue, which the sandbox does not emulate; what Lambda would send there is dropped.`,
    ]);
    expect(warnings.some((w) => w.includes(TOPIC))).toBe(false);
  });

  it("is set by CreateFunction and UpdateFunctionConfiguration and read back in the configuration", async () => {
    const created = await lambda.client.send(
      new CreateFunctionCommand({
        FunctionName: "deployed-dlq",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: zip },
        DeadLetterConfig: { TargetArn: TOPIC },
      }),
    );
    expect(created.DeadLetterConfig).toEqual({ TargetArn: TOPIC });
    warnings.length = 0;
    const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed-dlq", DeadLetterConfig: { TargetArn: QUEUE } }));
    expect(updated.DeadLetterConfig).toEqual({ TargetArn: QUEUE });
    expect(warnings).toHaveLength(1);
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed-dlq", DeadLetterConfig: { TargetArn: "" } }));
    const read = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "deployed-dlq" }));
    expect(read.DeadLetterConfig).toBeUndefined();
  });

  it("answers AWS's errors for a target that is not an SNS topic or SQS queue in the function's region", async () => {
    const update = (TargetArn: string) => lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "dead-lettered", DeadLetterConfig: { TargetArn } }));
    await expect(update(`arn:aws:s3:::bucket`)).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Invalid dead letter queue ARN: Only Amazon SQS queues and Amazon SNS topics are supported.",
    });
    await expect(update(`arn:aws:sns:eu-west-1:${ACCOUNT}:elsewhere`)).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Invalid dead letter queue ARN: The resource specified by the TargetArn must be in the same region as the Lambda function it's associated with.",
    });
    await expect(update(`arn:aws:sqs:${REGION}:${ACCOUNT}:jobs.fifo`)).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Invalid dead letter queue ARN: FIFO SQS queue is not supported for dead letter configuration",
    });
  });
});
