import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteMetricFilterCommand,
  DeleteSubscriptionFilterCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  InvalidParameterException,
  LimitExceededException,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutSubscriptionFilterCommand,
  ResourceNotFoundException,
  TestMetricFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock, type LambdaInvokeRequest } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:consumer";

describe("metric and subscription filters", () => {
  let h: LogsHarness;
  let client: CloudWatchLogsClient;
  const clock = new VirtualClock(NOW);
  const invocations: LambdaInvokeRequest[] = [];

  beforeAll(async () => {
    const invoker = {
      invoke: async (request: LambdaInvokeRequest) => {
        invocations.push(request);
        return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
      },
    };
    h = await startLogs({ clock, invoker, client: { maxAttempts: 1 } });
    client = h.client;
    await client.send(new CreateLogGroupCommand({ logGroupName: "/app/a" }));
    await client.send(new CreateLogStreamCommand({ logGroupName: "/app/a", logStreamName: "s" }));
  });

  afterAll(async () => {
    await h.close();
  });

  describe("metric filters", () => {
    it("puts, describes and deletes with AWS's shapes", async () => {
      await client.send(
        new PutMetricFilterCommand({
          logGroupName: "/app/a",
          filterName: "errors",
          filterPattern: "ERROR",
          metricTransformations: [{ metricName: "Errors", metricNamespace: "App", metricValue: "1", defaultValue: 0 }],
        }),
      );
      const out = await client.send(new DescribeMetricFiltersCommand({ logGroupName: "/app/a" }));
      expect(out.metricFilters).toEqual([
        {
          filterName: "errors",
          filterPattern: "ERROR",
          metricTransformations: [{ metricName: "Errors", metricNamespace: "App", metricValue: "1", defaultValue: 0 }],
          creationTime: NOW,
          logGroupName: "/app/a",
          applyOnTransformedLogs: false,
        },
      ]);
      const byMetric = await client.send(new DescribeMetricFiltersCommand({ metricName: "Errors", metricNamespace: "App" }));
      expect(byMetric.metricFilters?.map((f) => f.filterName)).toEqual(["errors"]);
      const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app/a" }));
      expect(groups.logGroups?.[0].metricFilterCount).toBe(1);
      await client.send(new DeleteMetricFilterCommand({ logGroupName: "/app/a", filterName: "errors" }));
      const gone = await client.send(new DeleteMetricFilterCommand({ logGroupName: "/app/a", filterName: "errors" })).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ResourceNotFoundException);
      expect((gone as Error).message).toBe("The specified metric filter does not exist.");
    });

    it("rejects two transformations with the model's validation text", async () => {
      const err = await client
        .send(
          new PutMetricFilterCommand({
            logGroupName: "/app/a",
            filterName: "two",
            filterPattern: "",
            metricTransformations: [
              { metricName: "m1", metricNamespace: "n1", metricValue: "1" },
              { metricName: "m2", metricNamespace: "n2", metricValue: "1" },
            ],
          }),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParameterException);
      expect((err as Error).message).toMatch(/at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1$/);
    });

    it("tests a pattern against messages", async () => {
      const out = await client.send(
        new TestMetricFilterCommand({
          filterPattern: "[ip, user, status = 4*]",
          logEventMessages: ["10.0.0.1 alice 404", "10.0.0.2 bob 200", "10.0.0.3 carol 403"],
        }),
      );
      expect(out.matches).toEqual([
        { eventNumber: 1, eventMessage: "10.0.0.1 alice 404", extractedValues: { $ip: "10.0.0.1", $user: "alice", $status: "404" } },
        { eventNumber: 3, eventMessage: "10.0.0.3 carol 403", extractedValues: { $ip: "10.0.0.3", $user: "carol", $status: "403" } },
      ]);
    });

    it("anchors a regex's $ at the end of the message or before its final \\n (a Lambda line's end)", async () => {
      const out = await client.send(
        new TestMetricFilterCommand({ filterPattern: "%job done$%", logEventMessages: ["job done", "job done\n", "job done\n\n", "job done twice"] }),
      );
      expect(out.matches?.map((m) => m.eventNumber)).toEqual([1, 2]);
    });
  });

  describe("subscription filters", () => {
    it("delivers matching events to a Lambda function as AWS does", async () => {
      await client.send(new PutSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "to-lambda", filterPattern: "ERROR", destinationArn: FUNCTION_ARN }));
      const described = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "/app/a" }));
      expect(described.subscriptionFilters).toEqual([
        {
          filterName: "to-lambda",
          logGroupName: "/app/a",
          filterPattern: "ERROR",
          destinationArn: FUNCTION_ARN,
          distribution: "ByLogStream",
          applyOnTransformedLogs: false,
          creationTime: NOW,
        },
      ]);
      await client.send(
        new PutLogEventsCommand({
          logGroupName: "/app/a",
          logStreamName: "s",
          logEvents: [
            { timestamp: NOW - 2, message: "ERROR one" },
            { timestamp: NOW - 1, message: "INFO skipped" },
            { timestamp: NOW, message: "ERROR two" },
          ],
        }),
      );
      expect(invocations).toHaveLength(0);
      await clock.advance(1000);
      expect(invocations).toHaveLength(1);
      const request = invocations[0];
      expect(request.functionName).toBe(FUNCTION_ARN);
      expect(request.invocationType).toBe("Event");
      const event = JSON.parse(request.payload.toString()) as { awslogs: { data: string } };
      const data = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, "base64")).toString()) as Record<string, unknown>;
      expect(data).toEqual({
        messageType: "DATA_MESSAGE",
        owner: "000000000000",
        logGroup: "/app/a",
        logStream: "s",
        subscriptionFilters: ["to-lambda"],
        logEvents: [
          { id: expect.stringMatching(/^\d{56}$/), timestamp: NOW - 2, message: "ERROR one" },
          { id: expect.stringMatching(/^\d{56}$/), timestamp: NOW, message: "ERROR two" },
        ],
      });
    });

    it("batches a chatty stream into one invocation per window", async () => {
      invocations.length = 0;
      for (let i = 0; i < 5; i++) {
        await client.send(new PutLogEventsCommand({ logGroupName: "/app/a", logStreamName: "s", logEvents: [{ timestamp: NOW, message: `ERROR ${i}` }] }));
      }
      await clock.advance(1000);
      expect(invocations).toHaveLength(1);
      await clock.advance(5000);
      expect(invocations).toHaveLength(1);
    });

    it("answers AWS's errors and limits", async () => {
      await client.send(new PutSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "second", filterPattern: "", destinationArn: FUNCTION_ARN }));
      const third = await client
        .send(new PutSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "third", filterPattern: "", destinationArn: FUNCTION_ARN }))
        .catch((e: unknown) => e);
      expect(third).toBeInstanceOf(LimitExceededException);
      expect((third as Error).message).toBe("Resource limit exceeded.");
      const crossAccount = await client
        .send(new PutSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "second", filterPattern: "", destinationArn: "arn:aws:lambda:us-east-1:111111111111:function:x" }))
        .catch((e: unknown) => e);
      expect(crossAccount).toBeInstanceOf(AccessDeniedException);
      const kinesis = await client
        .send(new PutSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "second", filterPattern: "", destinationArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s" }))
        .catch((e: unknown) => e);
      expect((kinesis as Error).message).toBe("destinationArn for vendor kinesis cannot be used without roleArn");
      await client.send(new DeleteSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "second" }));
      const missing = await client.send(new DeleteSubscriptionFilterCommand({ logGroupName: "/app/a", filterName: "second" })).catch((e: unknown) => e);
      expect((missing as Error).message).toBe("The specified subscription filter does not exist.");
    });

    it("drops a group's filters with the group", async () => {
      await client.send(new DeleteLogGroupCommand({ logGroupName: "/app/a" }));
      await client.send(new CreateLogGroupCommand({ logGroupName: "/app/a" }));
      const out = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "/app/a" }));
      expect(out.subscriptionFilters).toEqual([]);
    });
  });
});
