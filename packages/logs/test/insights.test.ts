import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteQueryDefinitionCommand,
  DescribeQueriesCommand,
  DescribeQueryDefinitionsCommand,
  GetLogGroupFieldsCommand,
  GetLogRecordCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  MalformedQueryException,
  PutLogEventsCommand,
  PutQueryDefinitionCommand,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
  type ResultField,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const LAMBDA_GROUP = "/aws/lambda/orders";
const JSON_GROUP = "/app/json";

function report(id: string, duration: number, memoryUsed: number): string {
  return `REPORT RequestId: ${id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: 128 MB\tMax Memory Used: ${memoryUsed} MB\t`;
}

function rows(results: ResultField[][] | undefined): Array<Record<string, string>> {
  return (results ?? []).map((row) => Object.fromEntries(row.map((f) => [f.field ?? "", f.value ?? ""])));
}

describe("CloudWatch Logs Insights", () => {
  let h: LogsHarness;
  let client: CloudWatchLogsClient;
  const clock = new VirtualClock(NOW);

  /** Runs a query the way a client does: start, then poll until it is no longer running. */
  async function query(queryString: string, logGroupNames = [LAMBDA_GROUP]) {
    const { queryId } = await client.send(
      new StartQueryCommand({ logGroupNames, startTime: NOW / 1000 - 3600, endTime: NOW / 1000 + 60, queryString }),
    );
    const statuses: string[] = [];
    for (;;) {
      const out = await client.send(new GetQueryResultsCommand({ queryId }));
      statuses.push(out.status ?? "");
      if (out.status !== "Running" && out.status !== "Scheduled") return { ...out, statuses, queryId };
    }
  }

  beforeAll(async () => {
    h = await startLogs({ clock });
    client = h.client;
    await client.send(new CreateLogGroupCommand({ logGroupName: LAMBDA_GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: LAMBDA_GROUP, logStreamName: "2026/11/25/[$LATEST]abc" }));
    await client.send(
      new PutLogEventsCommand({
        logGroupName: LAMBDA_GROUP,
        logStreamName: "2026/11/25/[$LATEST]abc",
        logEvents: [
          { timestamp: NOW - 600_000, message: "START RequestId: 11111111-1111-1111-1111-111111111111 Version: $LATEST" },
          { timestamp: NOW - 599_000, message: "ERROR payment declined for order 17" },
          { timestamp: NOW - 598_000, message: report("11111111-1111-1111-1111-111111111111", 120.5, 60) },
          { timestamp: NOW - 300_000, message: "START RequestId: 22222222-2222-2222-2222-222222222222 Version: $LATEST" },
          { timestamp: NOW - 299_000, message: "INFO order 18 stored" },
          { timestamp: NOW - 298_000, message: report("22222222-2222-2222-2222-222222222222", 30.25, 70) },
        ],
      }),
    );
    await client.send(new CreateLogGroupCommand({ logGroupName: JSON_GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: JSON_GROUP, logStreamName: "web" }));
    await client.send(
      new PutLogEventsCommand({
        logGroupName: JSON_GROUP,
        logStreamName: "web",
        logEvents: [
          { timestamp: NOW - 50_000, message: JSON.stringify({ level: "ERROR", status: 500, http: { path: "/orders", ms: 250 } }) },
          { timestamp: NOW - 40_000, message: JSON.stringify({ level: "INFO", status: 200, http: { path: "/orders", ms: 20 } }) },
          { timestamp: NOW - 30_000, message: JSON.stringify({ level: "INFO", status: 200, http: { path: "/health", ms: 2 } }) },
          { timestamp: NOW - 20_000, message: "user=alice action=login [eu-west-1] ok" },
        ],
      }),
    );
  });

  afterAll(async () => {
    await h.close();
  });

  it("goes Running then Complete as the client polls, with AWS's result shape", async () => {
    const out = await query("fields @timestamp, @message | sort @timestamp desc | limit 2");
    expect(out.statuses).toEqual(["Running", "Complete"]);
    const first = out.results?.[0] ?? [];
    expect(first.map((f) => f.field)).toEqual(["@timestamp", "@message", "@ptr"]);
    expect(first[0].value).toBe("2026-11-25 11:55:02.000");
    expect(rows(out.results).map((r) => r["@message"].slice(0, 6))).toEqual(["REPORT", "INFO o"]);
    expect(out.statistics).toEqual({
      recordsMatched: 6,
      recordsScanned: 6,
      estimatedRecordsSkipped: 0,
      bytesScanned: expect.any(Number),
      estimatedBytesSkipped: 0,
      logGroupsScanned: 1,
    });
  });

  it("reads Lambda REPORT lines' fields and aggregates them", async () => {
    const out = await query(
      "filter @type = \"REPORT\" | stats count(*) as invocations, avg(@duration) as avgDuration, max(@maxMemoryUsed / 1000 / 1000) as maxMb, sum(@billedDuration)",
    );
    expect(rows(out.results)).toEqual([{ invocations: "2", avgDuration: "75.375", maxMb: "70", "sum(@billedDuration)": "152" }]);
    const memory = await query("filter @type = \"REPORT\" | fields @requestId, @memorySize | sort @duration asc");
    expect(rows(memory.results).map((r) => [r["@requestId"], r["@memorySize"]])).toEqual([
      ["22222222-2222-2222-2222-222222222222", "128000000"],
      ["11111111-1111-1111-1111-111111111111", "128000000"],
    ]);
  });

  it("runs AWS's sample query for over-provisioned Lambda memory", async () => {
    const out = await query(
      'filter @type = "REPORT" | stats max(@memorySize / 1000 / 1000) as provisonedMemoryMB, min(@maxMemoryUsed / 1000 / 1000) as smallestMemoryRequestMB, avg(@maxMemoryUsed / 1000 / 1000) as avgMemoryUsedMB, max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB, provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB',
    );
    expect(rows(out.results)).toEqual([
      { provisonedMemoryMB: "128", smallestMemoryRequestMB: "60", avgMemoryUsedMB: "65", maxMemoryUsedMB: "70", overProvisionedMB: "58" },
    ]);
    const noReports = await query("filter !ispresent(@duration) and @message like /order/ | stats count(*) as n");
    expect(rows(noReports.results)).toEqual([{ n: "2" }]);
  });

  it("caps rows with StartQuery's limit unless the query has its own", async () => {
    const run = async (queryString: string, limit: number) => {
      const { queryId } = await client.send(new StartQueryCommand({ logGroupName: LAMBDA_GROUP, startTime: NOW / 1000 - 3600, endTime: NOW / 1000, queryString, limit }));
      await client.send(new GetQueryResultsCommand({ queryId }));
      return (await client.send(new GetQueryResultsCommand({ queryId }))).results ?? [];
    };
    expect(await run("fields @message", 1)).toHaveLength(1);
    expect(await run("fields @message | limit 3", 1)).toHaveLength(3);
  });

  it("counts per time bin", async () => {
    const out = await query("stats count(*) by bin(5m)");
    expect(rows(out.results)).toEqual([
      { "bin(5m)": "2026-11-25 11:55:00.000", "count(*)": "3" },
      { "bin(5m)": "2026-11-25 11:50:00.000", "count(*)": "3" },
    ]);
  });

  it("discovers JSON fields, nested ones joined with a dot", async () => {
    const out = await query("filter status >= 200 and http.path like /orders/ | fields level, http.ms | sort http.ms desc", [JSON_GROUP]);
    expect(rows(out.results).map(({ level, "http.ms": ms }) => ({ level, ms }))).toEqual([
      { level: "ERROR", ms: "250" },
      { level: "INFO", ms: "20" },
    ]);
    const grouped = await query("filter ispresent(level) | stats count(*) as n by level | sort n desc", [JSON_GROUP]);
    expect(rows(grouped.results)).toEqual([
      { level: "INFO", n: "2" },
      { level: "ERROR", n: "1" },
    ]);
    const notIn = await query("filter level not in [\"INFO\"] and ispresent(level) | display level, status", [JSON_GROUP]);
    expect(rows(notIn.results)).toEqual([{ level: "ERROR", status: "500", "@ptr": expect.any(String) }]);
  });

  it("parses messages with glob and regex patterns, and dedups", async () => {
    const glob = await query('parse @message "user=* action=* [*] *" as user, action, region, rest | filter ispresent(user) | display user, action, region, rest', [JSON_GROUP]);
    expect(rows(glob.results)).toEqual([{ user: "alice", action: "login", region: "eu-west-1", rest: "ok", "@ptr": expect.any(String) }]);
    const regex = await query("parse @message /order (?<order>\\d+)/ | filter ispresent(order) | display order", [LAMBDA_GROUP]);
    expect(rows(regex.results).map((r) => r.order)).toEqual(["18", "17"]);
    const dedup = await query("filter ispresent(http.path) | dedup http.path | display http.path", [JSON_GROUP]);
    expect(rows(dedup.results).map((r) => r["http.path"])).toEqual(["/health", "/orders"]);
  });

  it("rejects a malformed query with MalformedQueryException", async () => {
    const err = await client
      .send(new StartQueryCommand({ logGroupName: LAMBDA_GROUP, startTime: 0, endTime: NOW / 1000, queryString: "fields @timestamp | count()" }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedQueryException);
    expect((err as Error).message).toBe(
      "mismatched input 'count' expecting {K_PARSE, K_SEARCH, K_FIELDS, K_DISPLAY, K_FILTER, K_SORT, K_ORDER, K_HEAD, K_LIMIT, K_TAIL}",
    );
    expect((err as MalformedQueryException).queryCompileError?.location).toEqual({ startCharOffset: 20, endCharOffset: 24 });
  });

  it("answers AWS's error for a missing log group", async () => {
    const err = await client
      .send(new StartQueryCommand({ logGroupName: "/nope", startTime: 0, endTime: NOW / 1000, queryString: "fields @message" }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect((err as Error).message).toMatch(/^Log group '\/nope' does not exist for account ID '000000000000'/);
  });

  it("describes and stops queries", async () => {
    const { queryId } = await client.send(
      new StartQueryCommand({ logGroupName: JSON_GROUP, startTime: NOW / 1000 - 60, endTime: NOW / 1000, queryString: "fields @message" }),
    );
    const described = await client.send(new DescribeQueriesCommand({ logGroupName: JSON_GROUP, status: "Scheduled" }));
    expect(described.queries).toEqual([
      {
        queryLanguage: "CWLI",
        queryId,
        queryString: `SOURCE "${JSON_GROUP}" START=${NOW - 60_000} END=${NOW + 999} | fields @message`,
        status: "Scheduled",
        createTime: NOW,
        logGroupName: JSON_GROUP,
      },
    ]);
    expect((await client.send(new StopQueryCommand({ queryId }))).success).toBe(true);
    const { queryId: unpolled } = await client.send(
      new StartQueryCommand({ logGroupName: JSON_GROUP, startTime: NOW / 1000 - 60, endTime: NOW / 1000, queryString: "fields @message" }),
    );
    await clock.advance(1000);
    const complete = await client.send(new DescribeQueriesCommand({ logGroupName: JSON_GROUP, status: "Complete" }));
    expect(complete.queries?.map((q) => q.queryId)).toContain(unpolled);
    expect((await client.send(new GetQueryResultsCommand({ queryId: unpolled }))).status).toBe("Complete");
    expect((await client.send(new GetQueryResultsCommand({ queryId }))).status).toBe("Cancelled");
    const again = await client.send(new StopQueryCommand({ queryId })).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidParameterException);
    expect((again as Error).message).toBe("The query you are trying to stop is not running.");
  });

  it("fetches a whole event by its @ptr and lists a group's fields", async () => {
    const out = await query("filter status = 500 | fields @ptr", [JSON_GROUP]);
    const ptr = rows(out.results)[0]["@ptr"];
    const record = await client.send(new GetLogRecordCommand({ logRecordPointer: ptr }));
    expect(record.logRecord).toMatchObject({ "@timestamp": String(NOW - 50_000), level: "ERROR", status: "500", "http.path": "/orders", "@log": `000000000000:${JSON_GROUP}` });
    const fields = await client.send(new GetLogGroupFieldsCommand({ logGroupName: JSON_GROUP }));
    expect(fields.logGroupFields).toContainEqual({ name: "@message", percent: 100 });
    expect(fields.logGroupFields).toContainEqual({ name: "level", percent: 75 });
  });

  it("keeps query definitions", async () => {
    const { queryDefinitionId } = await client.send(new PutQueryDefinitionCommand({ name: "errors", queryString: "filter level = \"ERROR\"", logGroupNames: [JSON_GROUP] }));
    await client.send(new PutQueryDefinitionCommand({ name: "errors-renamed", queryDefinitionId, queryString: "filter level = \"ERROR\"" }));
    const listed = await client.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: "errors" }));
    expect(listed.queryDefinitions?.map((d) => [d.queryDefinitionId, d.name])).toEqual([[queryDefinitionId, "errors-renamed"]]);
    expect((await client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId }))).success).toBe(true);
    const again = await client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId })).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ResourceNotFoundException);
  });
});
