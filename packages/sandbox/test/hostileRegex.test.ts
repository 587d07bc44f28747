/**
 * The sandbox runs every regular expression a client supplies in its one process: a pattern that
 * backtracks catastrophically must not freeze it (V8's linear-time fallback, set in sandbox.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

let sandbox: RunningSandbox;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
  logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
});

afterAll(async () => {
  logs?.destroy();
  await sandbox?.stop();
});

describe("a catastrophically backtracking regular expression", () => {
  it("in a Logs Insights query over a long event completes instead of freezing the sandbox", async () => {
    const logGroupName = "/hostile/regex";
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: "s" }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: "s", logEvents: [{ timestamp: now, message: "a".repeat(100_000) }, { timestamp: now, message: "aab" }] }));
    const started = Date.now();
    const { queryId } = await logs.send(
      new StartQueryCommand({ logGroupName, startTime: Math.floor(now / 1000) - 60, endTime: Math.floor(now / 1000) + 60, queryString: "filter @message like /(a+)+b/ | stats count(*) as hits" }),
    );
    let out = await logs.send(new GetQueryResultsCommand({ queryId }));
    while (out.status === "Running" || out.status === "Scheduled") out = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(out.status).toBe("Complete");
    expect(out.results).toEqual([[{ field: "hits", value: "1" }]]);
    // Backtracking (a+)+b over 100,000 characters takes longer than the age of the universe.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
