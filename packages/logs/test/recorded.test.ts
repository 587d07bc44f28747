// Responses and error texts recorded on real AWS (localstack tests/aws/services/logs/test_logs_groups.snapshot.json
// and test_logs_events.snapshot.json), replayed through the real SDK v3 client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 0, 15);
const DAY = 24 * 60 * 60 * 1000;

/** The error an SDK call fails with, as AWS's code, HTTP status and message. */
async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error("expected the call to fail");
}

describe("CloudWatch Logs against AWS recordings", () => {
  let h: LogsHarness;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    h = await startLogs({ clock: new VirtualClock(NOW) });
    client = h.client;
  });

  afterAll(async () => {
    await h.close();
  });

  async function raw(action: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `Logs_20140328.${action}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("DescribeLogGroups lists arn (with :*), logGroupArn (without), class and counters", async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: "/rec/shape" }));
    const { body } = await raw("DescribeLogGroups", { logGroupNamePrefix: "/rec/shape" });
    expect(body.logGroups).toEqual([
      {
        arn: "arn:aws:logs:us-east-1:000000000000:log-group:/rec/shape:*",
        creationTime: NOW,
        deletionProtectionEnabled: false,
        logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/rec/shape",
        logGroupClass: "STANDARD",
        logGroupName: "/rec/shape",
        metricFilterCount: 0,
        storedBytes: 0,
      },
    ]);
  });

  it("DescribeLogGroups with a name pattern leaves out storedBytes and deletion protection", async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: "/rec/patterned" }));
    const { body } = await raw("DescribeLogGroups", { logGroupNamePattern: "patterned" });
    expect(body.logGroups).toEqual([
      {
        arn: "arn:aws:logs:us-east-1:000000000000:log-group:/rec/patterned:*",
        creationTime: NOW,
        logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/rec/patterned",
        logGroupClass: "STANDARD",
        logGroupName: "/rec/patterned",
        metricFilterCount: 0,
      },
    ]);
  });

  it("DescribeLogStreams shows a new stream with arn, creationTime, name and storedBytes only", async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: "/rec/streams" }));
    await client.send(new CreateLogStreamCommand({ logGroupName: "/rec/streams", logStreamName: "one" }));
    const { body } = await raw("DescribeLogStreams", { logGroupName: "/rec/streams" });
    expect(body.logStreams).toEqual([
      { arn: "arn:aws:logs:us-east-1:000000000000:log-group:/rec/streams:log-stream:one", creationTime: NOW, logStreamName: "one", storedBytes: 0 },
    ]);
    expect(await failure(client.send(new CreateLogStreamCommand({ logGroupName: "/rec/streams", logStreamName: "one" })))).toEqual({
      name: "ResourceAlreadyExistsException",
      status: 400,
      message: "The specified log stream already exists",
    });
    expect(await failure(client.send(new DescribeLogStreamsCommand({ logGroupName: "/rec/streams", logGroupIdentifier: "/rec/streams" })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    });
  });

  it("CreateLogGroup rejects a duplicate", async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: "/rec/dup" }));
    expect(await failure(client.send(new CreateLogGroupCommand({ logGroupName: "/rec/dup" })))).toEqual({
      name: "ResourceAlreadyExistsException",
      status: 400,
      message: "The specified log group already exists",
    });
  });

  it("CreateLogGroup rejects a name longer than 512 characters", async () => {
    expect(await failure(client.send(new CreateLogGroupCommand({ logGroupName: "a".repeat(513) })))).toEqual({
      name: "InvalidParameterException",
      status: 400,
      message: "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    });
  });

  it("DescribeLogGroups rejects a prefix together with a pattern", async () => {
    expect(await failure(client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "a", logGroupNamePattern: "b" })))).toEqual({
      name: "InvalidParameterException",
      status: 400,
      message: "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    });
  });

  describe("events", () => {
    beforeAll(async () => {
      await client.send(new CreateLogGroupCommand({ logGroupName: "/rec/events" }));
      await client.send(new CreateLogStreamCommand({ logGroupName: "/rec/events", logStreamName: "s" }));
    });

    it("PutLogEvents to a missing stream or group", async () => {
      const event = [{ timestamp: NOW, message: "m" }];
      expect(await failure(client.send(new PutLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "nope", logEvents: event })))).toEqual({
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log stream does not exist.",
      });
      expect(await failure(client.send(new PutLogEventsCommand({ logGroupName: "/rec/nope", logStreamName: "s", logEvents: event })))).toEqual({
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log group does not exist.",
      });
    });

    it("PutLogEvents rejects events out of chronological order", async () => {
      const logEvents = [
        { timestamp: NOW, message: "b" },
        { timestamp: NOW - 1000, message: "a" },
      ];
      expect(await failure(client.send(new PutLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "s", logEvents })))).toEqual({
        name: "InvalidParameterException",
        status: 400,
        message: "Log events in a single PutLogEvents request must be in chronological order.",
      });
    });

    it("PutLogEvents reports too-old and too-new events in rejectedLogEventsInfo", async () => {
      const old = await client.send(
        new PutLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "s", logEvents: [{ timestamp: NOW - 15 * DAY, message: "old" }, { timestamp: NOW, message: "ok" }] }),
      );
      // The recording masks the index values; only which member is set is checked.
      expect(Object.keys(old.rejectedLogEventsInfo ?? {})).toEqual(["tooOldLogEventEndIndex"]);
      expect(old.nextSequenceToken).toEqual(expect.any(String));
      const young = await client.send(
        new PutLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "s", logEvents: [{ timestamp: NOW, message: "ok" }, { timestamp: NOW + 3 * 60 * 60 * 1000, message: "new" }] }),
      );
      expect(young.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    });

    it("GetLogEvents rejects an unknown nextToken and a limit over 10000", async () => {
      expect(await failure(client.send(new GetLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "s", nextToken: "invalid-token" })))).toEqual({
        name: "InvalidParameterException",
        status: 400,
        message: "The specified nextToken is invalid.",
      });
      expect(await failure(client.send(new GetLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "s", limit: 10001 })))).toEqual({
        name: "InvalidParameterException",
        status: 400,
        message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      });
    });

    it("FilterLogEvents rejects an unknown nextToken and a limit over 10000", async () => {
      expect(await failure(client.send(new FilterLogEventsCommand({ logGroupName: "/rec/events", nextToken: "invalid-token" })))).toEqual({
        name: "InvalidParameterException",
        status: 400,
        message: "The specified nextToken is invalid.",
      });
      expect(await failure(client.send(new FilterLogEventsCommand({ logGroupName: "/rec/events", limit: 10001 })))).toEqual({
        name: "InvalidParameterException",
        status: 400,
        message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      });
    });

    it("GetLogEvents on a missing group or stream", async () => {
      expect(await failure(client.send(new GetLogEventsCommand({ logGroupName: "/rec/nope", logStreamName: "s" })))).toEqual({
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log group does not exist.",
      });
      expect(await failure(client.send(new GetLogEventsCommand({ logGroupName: "/rec/events", logStreamName: "nope" })))).toEqual({
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log stream does not exist.",
      });
    });
  });
});
