/**
 * DESIGN.md rule 4 for SQS: every operation of the model gets hostile and random input in
 * both protocols (seeded), and each answer is an AWS-shaped client error or a success, never
 * a 5xx or a crash. Uses the project's shared fuzzer (test/helpers/fuzz.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng, ShapeFuzzer, closeAgent, fixedVariants, queryForm, send, sigv4, type Sent } from "../../../test/helpers/fuzz.js";
import { sqsModel } from "../src/generated/sqs.js";
import { ACCOUNT, startSqs, type Harness } from "./helpers.js";

const RANDOM_VARIANTS = 20;
let h: Harness;
let queueUrl: string;

beforeAll(async () => {
  h = await startSqs();
  queueUrl = `${h.url}/${ACCOUNT}/fuzzed`;
  await h.sqs.engine.createQueue({ QueueName: "fuzzed" }, h.url);
  await h.sqs.engine.sendMessage({ QueueUrl: queueUrl, MessageBody: "seed" });
});
afterAll(async () => {
  closeAgent();
  await h.close();
});

function json(operation: string, body: string | Buffer): Sent {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${operation}`, authorization: sigv4("sqs") },
    body,
  };
}

function query(operation: string, input: Record<string, unknown>): Sent {
  const params: Array<[string, string]> = [["Action", operation], ["Version", "2012-11-05"]];
  queryForm(sqsModel, sqsModel.operations[operation]?.input ?? "", input, "", params);
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", authorization: sigv4("sqs") },
    body: new URLSearchParams(params).toString(),
  };
}

describe("robustness", () => {
  it("answers hostile and random input to every operation with a client error or a success", async () => {
    const failures: string[] = [];
    // Long polls would wait on the virtual clock: WaitTimeSeconds stays 0 in careful inputs.
    const known = { QueueUrl: [queueUrl], QueueName: ["fuzzed"], WaitTimeSeconds: [0] };
    for (const operation of Object.keys(sqsModel.operations)) {
      const fuzzer = new ShapeFuzzer(sqsModel, new Rng(operation.length * 7919), known);
      const cases: Array<[string, Sent]> = fixedVariants(sqsModel, operation).map(([what, body]) => [`${operation} ${what}`, json(operation, body)]);
      for (let i = 0; i < RANDOM_VARIANTS; i++) {
        const input = fuzzer.input(operation, i % 2 === 1);
        if (operation === "ReceiveMessage") input.WaitTimeSeconds = 0;
        cases.push([`${operation} json #${i}`, json(operation, JSON.stringify(input))], [`${operation} query #${i}`, query(operation, input)]);
      }
      for (const [what, req] of cases) {
        const res = await send(h.url, req, 5_000);
        if (res.status >= 500 || res.status < 200) failures.push(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
