// Error texts and shapes recorded on real AWS in localstack tests/aws/services/logs/
// test_logs_metric_filters.snapshot.json and test_logs_subscription_filters.snapshot.json,
// replayed through the real SDK v3 client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateLogGroupCommand,
  DeleteMetricFilterCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  PutMetricFilterCommand,
  PutSubscriptionFilterCommand,
  type CloudWatchLogsClient,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 0, 15);
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:sub";

async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error("expected the call to fail");
}

let h: LogsHarness;
let client: CloudWatchLogsClient;
beforeAll(async () => {
  h = await startLogs({ clock: new VirtualClock(NOW) });
  client = h.client;
  await client.send(new CreateLogGroupCommand({ logGroupName: "/rec2/group" }));
});
afterAll(async () => {
  await h.close();
});

describe("metric filters (test_logs_metric_filters)", () => {
  it("lists too many transformations as Java prints them, unit before dimensions", async () => {
    const out = await failure(
      client.send(
        new PutMetricFilterCommand({
          logGroupName: "/rec2/group",
          filterName: "f",
          filterPattern: "p",
          metricTransformations: [
            { metricName: "metric1", metricNamespace: "namespace1", metricValue: "1" },
            { metricName: "metric2", metricNamespace: "namespace2", metricValue: "1" },
          ],
        }),
      ),
    );
    expect(out).toEqual({
      name: "InvalidParameterException",
      status: 400,
      message:
        "1 validation error detected: Value '[MetricTransformation(metricName=metric1, metricNamespace=namespace1, metricValue=1, defaultValue=null, unit=null, dimensions=null), MetricTransformation(metricName=metric2, metricNamespace=namespace2, metricValue=1, defaultValue=null, unit=null, dimensions=null)]' at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1",
    });
  });

  it("DeleteMetricFilter answers an over-long log group name with CloudWatch Logs' own text", async () => {
    const out = await failure(client.send(new DeleteMetricFilterCommand({ logGroupName: "X".repeat(513), filterName: "f" })));
    expect(out).toEqual({ name: "InvalidParameterException", status: 400, message: "Invalid LogGroup or LogStream, both must have length less than or equal to 512." });
  });

  it("DescribeMetricFilters shows applyOnTransformedLogs and leaves out an unset defaultValue", async () => {
    await client.send(
      new PutMetricFilterCommand({ logGroupName: "/rec2/group", filterName: "f2", filterPattern: "pattern", metricTransformations: [{ metricName: "metric", metricNamespace: "namespace", metricValue: "1" }] }),
    );
    const { metricFilters } = await client.send(new DescribeMetricFiltersCommand({ logGroupName: "/rec2/group" }));
    expect(metricFilters).toEqual([
      {
        applyOnTransformedLogs: false,
        creationTime: NOW,
        filterName: "f2",
        filterPattern: "pattern",
        logGroupName: "/rec2/group",
        metricTransformations: [{ metricName: "metric", metricNamespace: "namespace", metricValue: "1" }],
      },
    ]);
  });
});

describe("subscription filters (test_logs_subscription_filters)", () => {
  it("refuses another account's function before looking at the log group", async () => {
    const out = await failure(
      client.send(new PutSubscriptionFilterCommand({ logGroupName: "not-existing-log-group", filterName: "test", filterPattern: "", destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:test" })),
    );
    expect(out).toEqual({
      name: "AccessDeniedException",
      status: 400,
      message: "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers.",
    });
  });

  it("takes the empty space-delimited pattern [] and keeps it on update", async () => {
    await client.send(new PutSubscriptionFilterCommand({ logGroupName: "/rec2/group", filterName: "test", filterPattern: "", destinationArn: FUNCTION_ARN }));
    await client.send(new PutSubscriptionFilterCommand({ logGroupName: "/rec2/group", filterName: "test", filterPattern: "[]", destinationArn: FUNCTION_ARN }));
    const { subscriptionFilters } = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "/rec2/group" }));
    expect(subscriptionFilters).toEqual([
      { applyOnTransformedLogs: false, creationTime: NOW, destinationArn: FUNCTION_ARN, distribution: "ByLogStream", filterName: "test", filterPattern: "[]", logGroupName: "/rec2/group" },
    ]);
  });
});
