// CloudWatch Logs cases recorded on real AWS in localstack tests/aws/services/logs/
// test_logs_destinations.snapshot.json, test_logs_delivery.snapshot.json and
// test_logs_groups.snapshot.json (the test named in each describe), replayed through the real SDK v3 client.
import {
  CreateDeliveryCommand, CreateLogGroupCommand, DescribeLogGroupsCommand, ListLogGroupsCommand, DeleteDeliverySourceCommand, GetDeliveryCommand, GetDeliverySourceCommand, ListTagsForResourceCommand, PutDeliveryDestinationCommand,
  PutDeliverySourceCommand, PutDestinationCommand, TagResourceCommand, UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLogs, type LogsHarness } from "./helpers.js";

const ACCOUNT = "000000000000";
let h: LogsHarness;

beforeAll(async () => {
  h = await startLogs({ clock: new VirtualClock(Date.UTC(2026, 1, 5, 12)) });
});

afterAll(async () => {
  await h.close();
});

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail");
}

describe("test_destination_tags", () => {
  it("tags, lists and untags a destination by its ARN", async () => {
    const { destination } = await h.client.send(
      new PutDestinationCommand({ destinationName: "tagged", targetArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`, roleArn: `arn:aws:iam::${ACCOUNT}:role/r` }),
    );
    const resourceArn = destination?.arn ?? "";
    expect(resourceArn).toBe(`arn:aws:logs:us-east-1:${ACCOUNT}:destination:tagged`);
    await h.client.send(new TagResourceCommand({ resourceArn, tags: { key1: "val1", key2: "val2" } }));
    expect((await h.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ key1: "val1", key2: "val2" });
    await h.client.send(new UntagResourceCommand({ resourceArn, tagKeys: ["key2"] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ key1: "val1" });
  });
});

describe("test_put_delivery_destination_invalid_format", () => {
  it("answers ValidationException, listing the formats in AWS's order", async () => {
    const error = await failure(
      h.client.send(new PutDeliveryDestinationCommand({ name: "bad", outputFormat: "foobar" as "json", deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::b" } })),
    );
    expect(error.name).toBe("ValidationException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      "1 validation error detected: Value 'foobar' at 'outputFormat' failed to satisfy constraint: Member must satisfy enum value set: [w3c, raw, json, plain, parquet]",
    );
  });
});

describe("test_get_delivery", () => {
  it("fills in CloudFront's access-log fields and S3 suffix path when CreateDelivery leaves them out", async () => {
    await h.client.send(new PutDeliverySourceCommand({ name: "cf", resourceArn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E19DL18TOXN9JU`, logType: "ACCESS_LOGS" }));
    const { deliveryDestination } = await h.client.send(new PutDeliveryDestinationCommand({ name: "bucket", deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::b" } }));
    const created = await h.client.send(new CreateDeliveryCommand({ deliverySourceName: "cf", deliveryDestinationArn: deliveryDestination?.arn }));
    const { delivery } = await h.client.send(new GetDeliveryCommand({ id: created.delivery?.id }));
    expect(delivery?.s3DeliveryConfiguration).toEqual({ suffixPath: "AWSLogs/{account-id}/CloudFront/", enableHiveCompatiblePath: false });
    expect(delivery?.recordFields).toHaveLength(33);
    expect(delivery?.recordFields?.slice(0, 4)).toEqual(["date", "time", "x-edge-location", "sc-bytes"]);
    expect(delivery?.recordFields?.at(-1)).toBe("sc-range-end");
    expect(delivery?.fieldDelimiter).toBeUndefined();
  });
});

describe("test_delete_delivery_source / test_get_delivery_source_not_found", () => {
  it("ends the text of a source just deleted with two dots, and of one never made with one", async () => {
    await h.client.send(new PutDeliverySourceCommand({ name: "gone", resourceArn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E1Q5F5862X9VJ5`, logType: "ACCESS_LOGS" }));
    await h.client.send(new DeleteDeliverySourceCommand({ name: "gone" }));
    const deleted = await failure(h.client.send(new GetDeliverySourceCommand({ name: "gone" })));
    expect(deleted.name).toBe("ResourceNotFoundException");
    expect(deleted.message).toBe("Requested Delivery Source does not exist in this account..");
    const never = await failure(h.client.send(new GetDeliverySourceCommand({ name: "foobar" })));
    expect(never.message).toBe("Requested Delivery Source does not exist in this account.");
  });
});

describe("test_create_log_group_with_kms_key", () => {
  it("shows the key CreateLogGroup was given in DescribeLogGroups", async () => {
    const kmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "with-kms", kmsKeyId }));
    const { logGroups } = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "with-kms" }));
    expect(logGroups?.[0]).toMatchObject({ logGroupName: "with-kms", kmsKeyId, logGroupClass: "STANDARD", deletionProtectionEnabled: false, metricFilterCount: 0, storedBytes: 0 });
  });
});

describe("test_list_log_groups_with_pattern", () => {
  it("answers no groups for a pattern nothing matches, and summaries for one that does", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "test-list-abc123" }));
    const none = await h.client.send(new ListLogGroupsCommand({ logGroupNamePattern: "no-such-group" }));
    expect(none.logGroups).toEqual([]);
    const some = await h.client.send(new ListLogGroupsCommand({ logGroupNamePattern: "abc123" }));
    expect(some.logGroups).toEqual([
      { logGroupName: "test-list-abc123", logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:test-list-abc123`, logGroupClass: "STANDARD" },
    ]);
  });
});
