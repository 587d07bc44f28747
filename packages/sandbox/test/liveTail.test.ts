import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, StartLiveTailCommand } from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("aws logs start-live-tail on a sandbox", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "app"), port: 0, edgePort: 0, inMemory: true });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    // StartLiveTail goes to a "stream-" host prefix, which a local endpoint does not have.
    logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, disableHostPrefix: true });
  });

  afterAll(async () => {
    lambda?.destroy();
    logs?.destroy();
    await sandbox?.stop();
  });

  it("streams a function's log lines while it runs", async () => {
    const echo = sandbox.app.functions.find((f) => f.logicalId === "Echo");
    const FunctionName = echo?.functionName ?? "";
    // The first invocation creates the function's log group.
    await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from("{}") }));
    const abort = new AbortController();
    const out = await logs.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [`arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/${FunctionName}`], logEventFilterPattern: "REPORT" }),
      { abortSignal: abort.signal },
    );
    const events = out.responseStream?.[Symbol.asyncIterator]();
    if (!events) throw new Error("no response stream");
    expect((await events.next()).value?.sessionStart?.logEventFilterPattern).toBe("REPORT");
    const invoked = await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from("{}") }));
    expect(invoked.StatusCode).toBe(200);
    // Updates come every second; the first that carries anything carries this invocation's REPORT line.
    let lines: string[] = [];
    while (lines.length === 0) {
      const next = await events.next();
      if (next.done === true) throw new Error("the stream ended");
      lines = (next.value.sessionUpdate?.sessionResults ?? []).map((e) => e.message ?? "");
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: /);
    abort.abort();
  });
});
