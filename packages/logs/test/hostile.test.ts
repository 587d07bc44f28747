import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  StartQueryCommand,
  TestMetricFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { compileFilterPattern, compileStoredFilterPattern } from "../src/engine/filterPattern.js";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

// An event of 256 KB of "a": a backtracking matcher spends minutes on it with the patterns
// below (and freezes the whole sandbox meanwhile); a linear one, milliseconds.
const BIG = "a".repeat(256 * 1024 - 100);
const HOSTILE_PATTERNS = [
  "%a*a*a*a*a*a*a*b%",
  "%.*.*.*.*.*.*.*x%",
  "%\\w{1,100}\\w{1,100}\\w{1,100}x%",
  '{ $.a = "*a*a*a*a*a*a*a*b" }',
  "{ $.a = %a*a*a*a*a*a*a*b% }",
  "[x = *a*a*a*a*a*a*a*b]",
];

describe("filter patterns against hostile input", () => {
  let h: LogsHarness;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    h = await startLogs({ clock: new VirtualClock(NOW), client: { maxAttempts: 1 } });
    client = h.client;
    await client.send(new CreateLogGroupCommand({ logGroupName: "/hostile" }));
    await client.send(new CreateLogStreamCommand({ logGroupName: "/hostile", logStreamName: "s" }));
    await client.send(
      new PutLogEventsCommand({
        logGroupName: "/hostile",
        logStreamName: "s",
        logEvents: [
          { timestamp: NOW, message: BIG },
          { timestamp: NOW, message: JSON.stringify({ a: BIG }) },
        ],
      }),
    );
  });

  afterAll(async () => {
    await h.close();
  });

  it.each(HOSTILE_PATTERNS)("FilterLogEvents with %s over a 256 KB event answers at once", async (filterPattern) => {
    const started = Date.now();
    const out = await client.send(new FilterLogEventsCommand({ logGroupName: "/hostile", filterPattern }));
    expect(out.events).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 20_000);

  it("still finds what such patterns match", async () => {
    const out = await client.send(
      new TestMetricFilterCommand({ filterPattern: "%a*a*a*b%", logEventMessages: [`${BIG}b`, BIG, "xab"] }),
    );
    expect(out.matches?.map((m) => m.eventNumber)).toEqual([1, 3]);
    const json = await client.send(
      new TestMetricFilterCommand({ filterPattern: '{ $.a = "a*b*c" }', logEventMessages: ['{"a":"axxbyyc"}', '{"a":"axxcyyb"}', '{"a":"abc"}', '{"a":"ab"}'] }),
    );
    expect(json.matches?.map((m) => m.eventNumber)).toEqual([1, 3]);
  });

  it("ingests a 256 KB event through a metric filter with a hostile regex at once", async () => {
    await client.send(
      new PutMetricFilterCommand({
        logGroupName: "/hostile",
        filterName: "hostile",
        filterPattern: "%a*a*a*a*a*a*a*b%",
        metricTransformations: [{ metricName: "m", metricNamespace: "n", metricValue: "1" }],
      }),
    );
    const started = Date.now();
    await client.send(new PutLogEventsCommand({ logGroupName: "/hostile", logStreamName: "s", logEvents: [{ timestamp: NOW, message: BIG }] }));
    expect(Date.now() - started).toBeLessThan(5000);
  }, 20_000);

  describe("the regex syntax AWS documents", () => {
    const matches = async (filterPattern: string, messages: string[]) =>
      (await client.send(new TestMetricFilterCommand({ filterPattern, logEventMessages: messages }))).matches?.map((m) => m.eventNumber) ?? [];

    it("matches its operators as documented", async () => {
      expect(await matches("%AUTHORIZED%", ["[ERROR 401] UNAUTHORIZED REQUEST", "[SUCCESS 200] AUTHORIZED REQUEST", "none"])).toEqual([1, 2]);
      expect(await matches("%^[hc]at%", ["hat", "cat x", "a hat"])).toEqual([1, 2]);
      expect(await matches("%[hc]at$%", ["a hat", "cat x"])).toEqual([1]);
      expect(await matches("%colou?r%", ["color", "colour", "colouur"])).toEqual([1, 2]);
      expect(await matches("%^a{3,5}$%", ["aa", "aaa", "aaaaa", "aaaaaa"])).toEqual([2, 3]);
      expect(await matches("%[Ee]rror|[Ff]ail%", ["Error", "it failed", "ok"])).toEqual([1, 2]);
      expect(await matches("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", ["from 10.0.0.12", "from 10.0.012"])).toEqual([1]);
      expect(await matches("%[^a-z]+x%", ["ABx", "abx"])).toEqual([1]);
      expect(await matches("%a.c%", ["abc", "a\nc"])).toEqual([1]);
    });

    it.each(["%(a+)+b%", "%a(b)%", "%something!%", "%café%", "%a{2,1}%", "%[abc%", "%*a%", "%a{1001}%"])(
      "refuses %s with InvalidParameterException",
      async (filterPattern) => {
        const err = await client.send(new TestMetricFilterCommand({ filterPattern, logEventMessages: ["x"] })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidParameterException);
        expect((err as Error).message).toBe("Invalid filter pattern");
      },
    );
  });

  describe("Logs Insights parse with a glob", () => {
    async function query(queryString: string) {
      const { queryId } = await client.send(new StartQueryCommand({ logGroupName: "/hostile", startTime: NOW / 1000 - 60, endTime: NOW / 1000 + 60, queryString }));
      for (;;) {
        const out = await client.send(new GetQueryResultsCommand({ queryId }));
        if (out.status !== "Running" && out.status !== "Scheduled") return out;
      }
    }

    it("runs many stars over a 256 KB event at once (the lazy-group regex backtracked for minutes)", async () => {
      const started = Date.now();
      const out = await query('parse @message "*a*a*a*a*a*a*a*b" as c1, c2, c3, c4, c5, c6, c7, c8 | filter ispresent(c1) | stats count(*) as n');
      expect(out.status).toBe("Complete");
      expect(Date.now() - started).toBeLessThan(5000);
    }, 20_000);

    it("captures lazily, the trailing star taking the rest", async () => {
      await client.send(new CreateLogStreamCommand({ logGroupName: "/hostile", logStreamName: "glob" }));
      await client.send(
        new PutLogEventsCommand({ logGroupName: "/hostile", logStreamName: "glob", logEvents: [{ timestamp: NOW, message: "x user=ann action=get [eu] rest of it action=put" }] }),
      );
      const out = await query('parse @message "user=* action=* [*] *" as user, action, region, rest | filter ispresent(user) | display user, action, region, rest');
      expect(out.results?.map((row) => Object.fromEntries(row.filter((f) => f.field !== "@ptr").map((f) => [f.field, f.value])))).toEqual([
        { user: "ann", action: "get", region: "eu", rest: "rest of it action=put" },
      ]);
    });
  });

  it("a stored subscription pattern this sandbox refuses (an earlier one took %(a|b)%) matches nothing instead of failing PutLogEvents", () => {
    expect(() => compileFilterPattern("%(ERROR|WARN)%")).toThrow("Invalid filter pattern");
    expect(compileStoredFilterPattern("%(ERROR|WARN)%")("ERROR x")).toBe(false);
    expect(compileStoredFilterPattern("%ERROR|WARN%")("ERROR x")).toBe(true);
  });
});
