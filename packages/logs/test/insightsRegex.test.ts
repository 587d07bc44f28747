/**
 * Logs Insights regular expressions: the query syntax documents `(?i)` and named groups and refuses
 * no other feature; backreferences and lookarounds run too. JavaScript's RegExp backtracks, and
 * V8's linear-time fallback takes none of those, so a query with a regex runs on a worker thread
 * with a deadline: the service keeps answering, and a runaway query ends with status Timeout, as
 * a query past AWS's 60 minutes does ("Queries time out after 60 minutes of runtime", StartQuery
 * API reference).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeQueriesCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const GROUP = "/insights/regex";
// (?i)(a+)+b against 100,000 "a"s backtracks for longer than the age of the universe.
const RUNAWAY = "filter @message like /(?i)(a+)+b/ | stats count(*) as hits";

describe("Logs Insights queries with regular expressions", () => {
  let h: LogsHarness;

  const start = async (queryString: string) =>
    (await h.client.send(new StartQueryCommand({ logGroupName: GROUP, startTime: NOW / 1000 - 60, endTime: NOW / 1000 + 60, queryString }))).queryId ?? "";

  /** Polls as clients do, until the query no longer runs. */
  async function settled(queryId: string) {
    for (;;) {
      const out = await h.client.send(new GetQueryResultsCommand({ queryId }));
      if (out.status !== "Running" && out.status !== "Scheduled") return out;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const rows = (results: Array<Array<{ field?: string; value?: string }>> | undefined) =>
    (results ?? []).map((row) => Object.fromEntries(row.filter((f) => f.field !== "@ptr").map((f) => [f.field, f.value])));

  beforeAll(async () => {
    h = await startLogs({ clock: new VirtualClock(NOW) });
    await h.client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await h.client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s" }));
    await h.client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "s",
        logEvents: [
          { timestamp: NOW - 3000, message: "a".repeat(100_000) },
          { timestamp: NOW - 2000, message: "hello hello world" },
          { timestamp: NOW - 1000, message: "GET /health 200" },
          { timestamp: NOW, message: "GET /orders 500" },
        ],
      }),
    );
  });
  afterAll(() => h.close());

  it("runs backreferences and lookarounds", async () => {
    const repeated = await settled(await start("filter @message like /\\b(\\w+) \\1\\b/ | display @message"));
    expect(repeated.status).toBe("Complete");
    expect(rows(repeated.results)).toEqual([{ "@message": "hello hello world" }]);
    const notHealth = await settled(await start("filter @message =~ /^GET (?!\\/health)/ | parse @message /(?<status>\\d+)$/ | display status"));
    expect(rows(notHealth.results)).toEqual([{ status: "500" }]);
    expect(notHealth.statistics?.recordsMatched).toBe(1);
  });

  it("reads (?i) at the start, or after ^, as the query syntax documents (`filter f1 =~ /^(?i)Exception$/`)", async () => {
    const anywhere = await settled(await start("filter @message like /(?i)get \\/ORDERS/ | display @message"));
    expect(rows(anywhere.results)).toEqual([{ "@message": "GET /orders 500" }]);
    const whole = await settled(await start("filter @message =~ /^(?i)get \\/orders 500$/ | display @message"));
    expect(whole.status).toBe("Complete");
    expect(rows(whole.results)).toEqual([{ "@message": "GET /orders 500" }]);
  });

  it("ends a runaway query with status Timeout, answering other requests meanwhile", async () => {
    const queryId = await start(RUNAWAY);
    const first = await h.client.send(new GetQueryResultsCommand({ queryId }));
    expect(["Scheduled", "Running"]).toContain(first.status);
    expect(first.results).toEqual([]);
    const groups = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
    const out = await settled(queryId);
    expect(out.status).toBe("Timeout");
    expect(out.results).toEqual([]);
    const described = await h.client.send(new DescribeQueriesCommand({ logGroupName: GROUP, status: "Timeout" }));
    expect(described.queries?.map((q) => q.queryId)).toEqual([queryId]);
  }, 30_000);

  it("stops a runaway query with StopQuery, and the next query runs at once", async () => {
    const queryId = await start(RUNAWAY);
    expect((await h.client.send(new StopQueryCommand({ queryId }))).success).toBe(true);
    expect((await settled(queryId)).status).toBe("Cancelled");
    const started = Date.now();
    const next = await settled(await start("filter @message like /orders/ | stats count(*) as n"));
    expect(next.status).toBe("Complete");
    expect(rows(next.results)).toEqual([{ n: "1" }]);
    // The stopped query's worker was ended: the next one did not wait out its deadline (5 s).
    expect(Date.now() - started).toBeLessThan(4000);
  }, 30_000);
});
