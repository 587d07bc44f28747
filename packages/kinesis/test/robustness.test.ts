/**
 * DESIGN.md rule 4 for Kinesis: every operation of the model gets hostile and random input
 * (seeded), and each answer is an AWS-shaped client error or a success, never a 5xx or a
 * crash. Uses the project's shared fuzzer (test/helpers/fuzz.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng, ShapeFuzzer, closeAgent, fixedVariants, send, sigv4, type Sent } from "../../../test/helpers/fuzz.js";
import { kinesisModel } from "../src/generated/kinesis.js";
import { ACCOUNT, startKinesis, type Harness } from "./helpers.js";

const RANDOM_VARIANTS = 20;
let h: Harness;

beforeAll(async () => {
  h = await startKinesis();
  await h.kinesis.engine.createStream({ StreamName: "fuzzed", ShardCount: 2 });
  await h.kinesis.engine.putRecord({ StreamName: "fuzzed", PartitionKey: "seed", Data: Buffer.from("seed").toString("base64") });
});
afterAll(async () => {
  closeAgent();
  await h.close();
});

function json(operation: string, body: string | Buffer): Sent {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `Kinesis_20131202.${operation}`, authorization: sigv4("kinesis") },
    body,
  };
}

describe("robustness", () => {
  it("answers hostile and random input to every operation with a client error or a success", async () => {
    const failures: string[] = [];
    const iterator = h.kinesis.engine.getShardIterator({ StreamName: "fuzzed", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }).ShardIterator;
    const known = {
      StreamName: ["fuzzed"],
      StreamARN: [`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/fuzzed`],
      ResourceARN: [`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/fuzzed`],
      ShardId: ["shardId-000000000000", "shardId-000000000001"],
      ShardIterator: [iterator],
    };
    for (const operation of Object.keys(kinesisModel.operations)) {
      // Deleting the stream would leave the other operations nothing to work on.
      if (operation === "DeleteStream") continue;
      const fuzzer = new ShapeFuzzer(kinesisModel, new Rng(operation.length * 7919), known);
      const cases: Array<[string, Sent]> = fixedVariants(kinesisModel, operation).map(([what, body]) => [`${operation} ${what}`, json(operation, body)]);
      for (let i = 0; i < RANDOM_VARIANTS; i++) cases.push([`${operation} json #${i}`, json(operation, JSON.stringify(fuzzer.input(operation, i % 2 === 1)))]);
      for (const [what, req] of cases) {
        const res = await send(h.url, req, 5_000);
        if (res.status >= 500 || res.status < 200) failures.push(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
