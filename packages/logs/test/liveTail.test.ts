import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import type { CloudWatchLogs } from "../src/index.js";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const GROUP = "/aws/lambda/tailed";
const GROUP_ARN = `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}`;

describe("StartLiveTail", () => {
  let h: LogsHarness;
  let logs: CloudWatchLogs;
  let client: CloudWatchLogsClient;
  const clock = new VirtualClock(NOW);
  // The sessions' timers (one update a second, the three-hour timeout).
  const timers = new VirtualClock(NOW);

  beforeAll(async () => {
    // The SDK sends StartLiveTail to a "stream-" host prefix: a local endpoint needs it off.
    h = await startLogs({ clock, deadlines: timers, client: { disableHostPrefix: true } });
    ({ logs, client } = h);
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "app/1" }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "other" }));
  });

  afterAll(async () => {
    await h.close();
  });

  async function open(input: Omit<ConstructorParameters<typeof StartLiveTailCommand>[0], "logGroupIdentifiers"> = {}) {
    const abort = new AbortController();
    const out = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN], ...input }), { abortSignal: abort.signal });
    if (!out.responseStream) throw new Error("no response stream");
    return { events: out.responseStream[Symbol.asyncIterator](), abort };
  }

  async function next(events: AsyncIterator<StartLiveTailResponseStream>): Promise<StartLiveTailResponseStream> {
    const result = await events.next();
    if (result.done === true) throw new Error("the stream ended");
    return result.value;
  }

  it("starts with sessionStart, then sends each second's matching events in a sessionUpdate", async () => {
    const { events, abort } = await open({ logEventFilterPattern: "ERROR" });
    const start = await next(events);
    expect(start.sessionStart).toMatchObject({ logGroupIdentifiers: [GROUP_ARN], logEventFilterPattern: "ERROR" });
    expect(start.sessionStart?.sessionId).toMatch(/^[0-9a-f-]{36}$/);

    await client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "app/1",
        logEvents: [
          { timestamp: NOW - 2, message: "INFO all good" },
          { timestamp: NOW - 1, message: "ERROR broken" },
        ],
      }),
    );
    // What a Lambda function prints reaches the group the same way (the sandbox appends it).
    logs.engine.append(GROUP, "other", [{ timestamp: NOW, message: "ERROR from the function" }]);
    await timers.advance(1000);
    const update = await next(events);
    expect(update.sessionUpdate?.sessionMetadata).toEqual({ sampled: false });
    expect(update.sessionUpdate?.sessionResults).toEqual([
      { logGroupIdentifier: GROUP_ARN, logStreamName: "app/1", message: "ERROR broken", timestamp: NOW - 1, ingestionTime: NOW },
      { logGroupIdentifier: GROUP_ARN, logStreamName: "other", message: "ERROR from the function", timestamp: NOW, ingestionTime: NOW },
    ]);

    // A second with nothing new still sends an (empty) update.
    await timers.advance(1000);
    expect((await next(events)).sessionUpdate?.sessionResults).toEqual([]);
    abort.abort();
    await vi.waitFor(() => expect(logs.engine.liveTail.size).toBe(0), { timeout: 10_000 });
  });

  it("keeps to the log streams named or prefixed", async () => {
    const { events, abort } = await open({ logStreamNamePrefixes: ["app/"] });
    expect((await next(events)).sessionStart?.logStreamNamePrefixes).toEqual(["app/"]);
    logs.engine.append(GROUP, "other", [{ timestamp: NOW, message: "not this one" }]);
    logs.engine.append(GROUP, "app/1", [{ timestamp: NOW, message: "this one" }]);
    await timers.advance(1000);
    expect((await next(events)).sessionUpdate?.sessionResults?.map((e) => e.message)).toEqual(["this one"]);
    abort.abort();
    await vi.waitFor(() => expect(logs.engine.liveTail.size).toBe(0), { timeout: 10_000 });
  });

  it("sends an event put with a timestamp older than one already sent", async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "late" }));
    const { events, abort } = await open({ logStreamNames: ["late"] });
    await next(events);
    await client.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: "late", logEvents: [{ timestamp: NOW, message: "on time" }] }));
    await timers.advance(1000);
    expect((await next(events)).sessionUpdate?.sessionResults?.map((e) => e.message)).toEqual(["on time"]);

    // The stream keeps it before "on time" (ordered by timestamp); the session still gets it, once.
    await client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "late",
        logEvents: [
          { timestamp: NOW - 60_000, message: "a minute late" },
          { timestamp: NOW - 30_000, message: "half a minute late" },
        ],
      }),
    );
    await timers.advance(1000);
    expect((await next(events)).sessionUpdate?.sessionResults).toEqual([
      { logGroupIdentifier: GROUP_ARN, logStreamName: "late", message: "a minute late", timestamp: NOW - 60_000, ingestionTime: NOW },
      { logGroupIdentifier: GROUP_ARN, logStreamName: "late", message: "half a minute late", timestamp: NOW - 30_000, ingestionTime: NOW },
    ]);
    abort.abort();
    await vi.waitFor(() => expect(logs.engine.liveTail.size).toBe(0), { timeout: 10_000 });
  });

  it("ends the session with SessionTimeoutException after three hours", async () => {
    const { events } = await open();
    await next(events);
    await timers.advance(3 * 3600 * 1000);
    const seen = async () => {
      for (;;) await next(events);
    };
    await expect(seen()).rejects.toMatchObject({ name: "SessionTimeoutException" });
    expect(logs.engine.liveTail.size).toBe(0);
  });

  it("answers AWS's errors before the stream", async () => {
    await expect(client.send(new StartLiveTailCommand({ logGroupIdentifiers: [`${GROUP_ARN}-missing`] }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The specified log group does not exist.",
    });
    await expect(client.send(new StartLiveTailCommand({ logGroupIdentifiers: [] }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(client.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN], logStreamNames: ["a"], logStreamNamePrefixes: ["b"] }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    expect(logs.engine.liveTail.size).toBe(0);
  });
});
