import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  InvalidParameterException,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import type { CloudWatchLogs } from "../src/index.js";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe("CloudWatch Logs", () => {
  let h: LogsHarness;
  let logs: CloudWatchLogs;
  let client: CloudWatchLogsClient;
  const clock = new VirtualClock(NOW);

  beforeAll(async () => {
    h = await startLogs({ clock });
    ({ logs, client } = h);
  });

  afterAll(async () => {
    await h.close();
  });

  it("creates groups and streams, rejecting duplicates with AWS's messages", async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: "/app/one" }));
    const dup = await client.send(new CreateLogGroupCommand({ logGroupName: "/app/one" })).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ResourceAlreadyExistsException);
    expect((dup as Error).message).toBe("The specified log group already exists");
    await client.send(new CreateLogStreamCommand({ logGroupName: "/app/one", logStreamName: "s1" }));
    const err = await client.send(new CreateLogStreamCommand({ logGroupName: "/app/one", logStreamName: "s1" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceAlreadyExistsException);
    expect((err as Error).message).toBe("The specified log stream already exists");
    const missing = await client.send(new DescribeLogStreamsCommand({ logGroupName: "/nope" })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toBe("The specified log group does not exist.");
  });

  it("describes groups with ARNs and prefixes", async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: "/app/two" }));
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app/" }));
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual(["/app/one", "/app/two"]);
    expect(out.logGroups?.[0].arn).toBe("arn:aws:logs:us-east-1:000000000000:log-group:/app/one:*");
    expect(out.logGroups?.[0].creationTime).toBe(NOW);
  });

  it("puts and gets events with forward and backward tokens", async () => {
    await client.send(
      new PutLogEventsCommand({
        logGroupName: "/app/one",
        logStreamName: "s1",
        logEvents: [1, 2, 3].map((i) => ({ timestamp: NOW + i, message: `line ${i}` })),
      }),
    );
    const head = await client.send(new GetLogEventsCommand({ logGroupName: "/app/one", logStreamName: "s1", startFromHead: true, limit: 2 }));
    expect(head.events?.map((e) => e.message)).toEqual(["line 1", "line 2"]);
    const next = await client.send(
      new GetLogEventsCommand({ logGroupName: "/app/one", logStreamName: "s1", nextToken: head.nextForwardToken }),
    );
    expect(next.events?.map((e) => e.message)).toEqual(["line 3"]);
    const end = await client.send(new GetLogEventsCommand({ logGroupName: "/app/one", logStreamName: "s1", nextToken: next.nextForwardToken }));
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(next.nextForwardToken);
    const tail = await client.send(new GetLogEventsCommand({ logGroupName: "/app/one", logStreamName: "s1", limit: 1 }));
    expect(tail.events?.map((e) => e.message)).toEqual(["line 3"]);
  });

  it("rejects events out of chronological order", async () => {
    const err = await client
      .send(
        new PutLogEventsCommand({
          logGroupName: "/app/one",
          logStreamName: "s1",
          logEvents: [
            { timestamp: NOW + 10, message: "b" },
            { timestamp: NOW + 5, message: "a" },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterException);
  });

  it("filters events with term, JSON and exclusion patterns across streams", async () => {
    logs.engine.append("/aws/lambda/fn", "2026/11/25/[$LATEST]abc", [
      { timestamp: NOW + 1, message: "START RequestId: 1" },
      { timestamp: NOW + 2, message: '{"level":"ERROR","n":5}' },
      { timestamp: NOW + 3, message: "ERROR disk full" },
    ]);
    logs.engine.append("/aws/lambda/fn", "2026/11/25/[$LATEST]def", [{ timestamp: NOW + 4, message: "ERROR DEBUG noise" }]);
    const terms = await client.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/fn", filterPattern: "ERROR -DEBUG" }));
    expect(terms.events?.map((e) => e.message)).toEqual(['{"level":"ERROR","n":5}', "ERROR disk full"]);
    const json = await client.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/fn", filterPattern: '{ $.level = "ERROR" && $.n > 3 }' }));
    expect(json.events?.map((e) => e.message)).toEqual(['{"level":"ERROR","n":5}']);
    const all = await client.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/fn", startTime: NOW + 3 }));
    expect(all.events?.map((e) => e.logStreamName)).toEqual(["2026/11/25/[$LATEST]abc", "2026/11/25/[$LATEST]def"]);
    expect(all.events?.[0].eventId).toMatch(/^\d{56}$/);
    // No longer supported by AWS since May 2020: always an empty list.
    expect(all.searchedLogStreams).toEqual([]);
  });

  it("drops events past the retention period as the clock moves", async () => {
    await client.send(new PutRetentionPolicyCommand({ logGroupName: "/app/one", retentionInDays: 1 }));
    await clock.advance(2 * 24 * 3600 * 1000);
    const out = await client.send(new GetLogEventsCommand({ logGroupName: "/app/one", logStreamName: "s1", startFromHead: true }));
    expect(out.events).toEqual([]);
    const bad = await client.send(new PutRetentionPolicyCommand({ logGroupName: "/app/one", retentionInDays: 2 })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidParameterException);
  });
});
