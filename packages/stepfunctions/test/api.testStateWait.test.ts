/**
 * TestState on a Wait state, through the SDK on a virtual clock. The API reference: TestState
 * "accepts the definition of a single state and executes it", Wait included, and "can run for up
 * to five minutes. If the execution of a state exceeds this duration, it fails with the
 * States.Timeout error." So the Wait waits its time, and a wait past five minutes fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SFNClient, TestStateCommand, type TestStateCommandOutput } from "@aws-sdk/client-sfn";
import { MemoryStore, VirtualClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions } from "@sam-sandbox/stepfunctions";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const clock = new VirtualClock(Date.UTC(2026, 0, 1));
let client: SFNClient;
let close: () => Promise<void>;

beforeAll(async () => {
  const sfn = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  const server = await serveHandler(sfn.service.handle);
  client = new SFNClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, disableHostPrefix: true });
  close = async () => {
    client.destroy();
    await sfn.close();
    await server.close();
  };
});

afterAll(async () => {
  await close();
});

/** Sends TestState; resolves once the state under test waits on the clock (its wait and the five-minute deadline). */
async function waiting(state: unknown, input: unknown): Promise<{ answer: () => TestStateCommandOutput | undefined; done: Promise<TestStateCommandOutput> }> {
  let answer: TestStateCommandOutput | undefined;
  const done = client.send(new TestStateCommand({ definition: JSON.stringify(state), roleArn: ROLE, input: JSON.stringify(input) }));
  void done.then((a) => (answer = a));
  while (clock.pendingTimers() < 2) await new Promise((resolve) => setImmediate(resolve));
  return { answer: () => answer, done };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("TestState on a Wait state", () => {
  it("waits the state's Seconds, then answers its output and next state", async () => {
    const { answer, done } = await waiting({ Type: "Wait", Seconds: 10, Next: "After" }, { order: 7 });
    await clock.advance(9_999);
    await settle();
    expect(answer()).toBeUndefined();
    await clock.advance(1);
    expect(await done).toMatchObject({ status: "SUCCEEDED", output: '{"order":7}', nextState: "After" });
    expect(clock.pendingTimers()).toBe(0);
  });

  it("fails with States.Timeout when the wait passes five minutes", async () => {
    const { answer, done } = await waiting({ Type: "Wait", SecondsPath: "$.seconds", End: true }, { seconds: 3600 });
    await clock.advance(299_999);
    await settle();
    expect(answer()).toBeUndefined();
    await clock.advance(1);
    const failed = await done;
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toBe("States.Timeout");
    expect(failed.output).toBeUndefined();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("answers at once when the Timestamp has passed", async () => {
    const answer = await client.send(
      new TestStateCommand({ definition: JSON.stringify({ Type: "Wait", Timestamp: "2020-01-01T00:00:00Z", End: true }), roleArn: ROLE, input: "{}" }),
    );
    expect(answer).toMatchObject({ status: "SUCCEEDED", output: "{}" });
    expect(clock.pendingTimers()).toBe(0);
  });
});
