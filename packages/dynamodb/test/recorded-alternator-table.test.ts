/**
 * Table control-plane behaviour as ScyllaDB's Alternator conformance tests pin it down
 * (scylladb/scylladb test/alternator/*.py, written to pass against real DynamoDB with --aws),
 * through the real SDK v3 client. Each case names its Alternator test file and test.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  TagResourceCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from "@aws-sdk/client-dynamodb-streams";
import { crc32, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, tableName } from "./helpers.js";
import { startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams();
});
afterAll(() => h.close());

/** A new on-demand table keyed by the string "p" (Alternator's test_table_s); its name. */
async function hashTable(prefix: string): Promise<string> {
  const name = tableName(prefix);
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "p", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "p", AttributeType: "S" }],
    }),
  );
  return name;
}
describe("DeleteTable (test_table.py)", () => {
  it("leaves the key schema and both kinds of index out of its description (test_delete_table_description_with_si)", async () => {
    const name = tableName("altDelete");
    await h.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [
          { AttributeName: "p", KeyType: "HASH" },
          { AttributeName: "c", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "p", AttributeType: "S" },
          { AttributeName: "c", AttributeType: "S" },
          { AttributeName: "x", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [{ IndexName: "hello", KeySchema: [{ AttributeName: "x", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        LocalSecondaryIndexes: [
          {
            IndexName: "hithere",
            KeySchema: [
              { AttributeName: "p", KeyType: "HASH" },
              { AttributeName: "x", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
    const described = (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table ?? {};
    const deleted = (await h.client.send(new DeleteTableCommand({ TableName: name }))).TableDescription ?? {};
    for (const member of ["KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"]) {
      expect(described).toHaveProperty(member);
      expect(deleted).not.toHaveProperty(member);
    }
    expect(deleted.TableStatus).toBe("DELETING");
  });
});

/** A table p (S) / c (S) with a KEYS_ONLY stream; its stream ARN and first shard. */
async function streamTable(): Promise<{ arn: string; shardId: string; sequence: string }> {
  const created = await h.client.send(
    new CreateTableCommand({
      TableName: tableName("altStream"),
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "p", KeyType: "HASH" },
        { AttributeName: "c", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "p", AttributeType: "S" },
        { AttributeName: "c", AttributeType: "S" },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
    }),
  );
  const arn = created.TableDescription?.LatestStreamArn ?? "";
  const shard = (await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards?.[0];
  return { arn, shardId: shard?.ShardId ?? "", sequence: shard?.SequenceNumberRange?.StartingSequenceNumber ?? "" };
}

describe("DynamoDB Streams (test_streams.py)", () => {
  it("refuses an ARN that is no stream's with ValidationException (test_describe_nonexistent_stream, test_get_shard_iterator_for_nonexistent_stream, test_list_streams_with_nonexistent_last_stream)", async () => {
    const { shardId } = await streamTable();
    const bad = "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf";
    expect(await failure(() => h.streams.send(new DescribeStreamCommand({ StreamArn: bad })))).toBe("ValidationException: Invalid StreamArn");
    expect(await failure(() => h.streams.send(new GetShardIteratorCommand({ StreamArn: bad, ShardId: shardId, ShardIteratorType: "LATEST" })))).toBe(
      "ValidationException: Invalid StreamArn",
    );
    expect(await failure(() => h.streams.send(new ListStreamsCommand({ ExclusiveStartStreamArn: bad })))).toBe("ValidationException: Invalid StreamArn");
  });

  it("refuses a ListStreams Limit above 100 (test_list_streams_too_high_limit)", async () => {
    expect(await failure(() => h.streams.send(new ListStreamsCommand({ Limit: 101 })))).toBe(
      "ValidationException: 1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  it("lists no shards after an ExclusiveStartShardId past them all (test_describe_stream_with_nonexistent_last_shard)", async () => {
    const { arn } = await streamTable();
    const page = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: "zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks" }));
    expect(page.StreamDescription?.Shards).toEqual([]);
  });

  it("refuses a SequenceNumber with TRIM_HORIZON or LATEST (test_get_shard_iterator)", async () => {
    const { arn, shardId, sequence } = await streamTable();
    for (const type of ["TRIM_HORIZON", "LATEST"] as const) {
      expect(await failure(() => h.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequence })))).toMatch(
        /^ValidationException: /,
      );
    }
  });

  it("refuses a GetRecords Limit above 1000 or below 1 with ValidationException (test_get_records_too_high_limit)", async () => {
    const { arn, shardId } = await streamTable();
    const iterator = (await h.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: "LATEST" }))).ShardIterator;
    expect((await h.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }))).Records).toEqual([]);
    expect(await failure(() => h.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1001 })))).toBe(
      "ValidationException: 1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect(await failure(() => h.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 0 })))).toMatch(/^ValidationException: .*'limit'/);
  });
});

describe("UpdateTimeToLive (test_ttl.py)", () => {
  const ttl = (TableName: string, AttributeName: string, Enabled: boolean) =>
    h.client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName, Enabled } }));

  it("refuses to disable TTL on another attribute than the enabled one, before the cooldown (test_ttl_disable_errors)", async () => {
    const name = await hashTable("altTtl");
    await ttl(name, "expiration", true);
    expect(await failure(() => ttl(name, "dog", false))).toBe("ValidationException: TimeToLive is active on a different AttributeName: current AttributeName is expiration");
  });

  it("refuses an empty attribute name by the model's length (test_update_ttl_errors)", async () => {
    const name = await hashTable("altTtl");
    expect(await failure(() => ttl(name, "", true))).toBe(
      "ValidationException: 1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});

describe("TagResource and UntagResource (test_manual_requests.py)", () => {
  it("answer success with an empty body (test_tags_return_empty_body)", async () => {
    const name = await hashTable("altTags");
    const arn = (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableArn ?? "";
    const post = (action: string, body: unknown) =>
      fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${action}` },
        body: JSON.stringify(body),
      });
    const tagged = await post("TagResource", { ResourceArn: arn, Tags: [{ Key: "k", Value: "v" }] });
    expect([tagged.status, await tagged.text()]).toEqual([200, ""]);
    expect((await h.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "k", Value: "v" }]);
    const untagged = await post("UntagResource", { ResourceArn: arn, TagKeys: ["k"] });
    expect([untagged.status, await untagged.text()]).toEqual([200, ""]);
    // The SDK reads the empty body as a success.
    await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k2", Value: "v2" }] }));
    expect((await h.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "k2", Value: "v2" }]);
  });
});

describe("request size (test_manual_requests.py)", () => {
  it("refuses a body past 16 MB with HTTP 413, and keeps serving (test_too_large_request_content_length)", async () => {
    const name = await hashTable("altHuge");
    const put = (spaces: number) =>
      fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" },
        body: `{"TableName": "${name}", ${" ".repeat(spaces)}"Item": {"p": {"S": "x"}}}`,
      });
    const huge = await put(17 * 1024 * 1024);
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { __type?: string }).__type).toBe("com.amazon.coral.service#SerializationException");
    // Just under the limit it is an ordinary request.
    const large = await put(16 * 1024 * 1024 - 200);
    expect(large.status).toBe(200);
  });
});

describe("response compression (test_compressed_response.py, test_crc.py)", () => {
  it("compresses a response of 4 KB or more in the coding Accept-Encoding prefers, the CRC over the compressed bytes (test_compressed_response, test_crc32_header_with_compression)", async () => {
    const name = await hashTable("altGzip");
    const data = "x".repeat(4096 - 25);
    await h.client.send(new PutItemCommand({ TableName: name, Item: { p: { S: "k" }, x: { S: data } } }));
    const get = async (projection: string, acceptEncoding: string) => {
      // A raw node:http request: fetch would send its own Accept-Encoding and decompress the body.
      const { request } = await import("node:http");
      return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(
          h.url,
          {
            method: "POST",
            headers: {
              "content-type": "application/x-amz-json-1.0",
              "x-amz-target": "DynamoDB_20120810.GetItem",
              "accept-encoding": acceptEncoding,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ TableName: name, Key: { p: { S: "k" } }, ProjectionExpression: projection }));
      });
    };
    const whole = await get("p, x", "br, gzip;q=0.5, deflate");
    expect(whole.headers["content-encoding"]).toBe("deflate");
    expect(Number(whole.headers["x-amz-crc32"])).toBe(crc32(whole.body));
    expect(JSON.parse(inflateSync(whole.body).toString("utf8"))).toEqual({ Item: { p: { S: "k" }, x: { S: data } } });
    const gzipped = await get("p, x", "gzip");
    expect(JSON.parse(gunzipSync(gzipped.body).toString("utf8")).Item.x.S).toBe(data);
    // Below 4 KB the response is sent as it is.
    const small = await get("x", "gzip");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.body.toString("utf8")).Item.x.S).toBe(data);
    // The SDK sends no Accept-Encoding and reads a plain body.
    expect((await h.client.send(new GetItemCommand({ TableName: name, Key: { p: { S: "k" } } }))).Item?.x?.S).toBe(data);
  });
});

describe("compressed requests (test_compressed_request.py)", () => {
  it("reads a gzipped body, and answers another coding or a broken gzip with InternalServerError (test_gzip_request_valid, test_gzip_request_two_gzips, test_garbage_content_encoding, test_broken_gzip_content)", async () => {
    const name = await hashTable("altGunzip");
    const put = (p: string) => JSON.stringify({ TableName: name, Item: { p: { S: p } } });
    const send = async (body: Buffer, coding: string) => {
      const res = await fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem", "content-encoding": coding },
        body: new Uint8Array(body),
      });
      return [res.status, await res.text()] as const;
    };
    expect(await send(gzipSync(put("one")), "gzip")).toEqual([200, "{}"]);
    const two = put("two");
    expect(await send(Buffer.concat([gzipSync(two.slice(0, 10)), gzipSync(two.slice(10))]), "gzip")).toEqual([200, "{}"]);
    const failed = [500, JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "Internal server error" })];
    expect(await send(Buffer.from(put("three")), "garbage")).toEqual(failed);
    expect(await send(Buffer.from(put("four")), "gzip")).toEqual(failed);
    expect(await send(gzipSync(put("five")).subarray(0, -1), "gzip")).toEqual(failed);
    for (const [p, present] of [["one", true], ["two", true], ["three", false], ["four", false], ["five", false]] as const) {
      expect((await h.client.send(new GetItemCommand({ TableName: name, Key: { p: { S: p } } }))).Item !== undefined).toBe(present);
    }
  });
});

describe("response headers (test_http_headers.py)", () => {
  it("names the server \"Server\" and dates every answer, errors too (test_server_header, test_config_date_header)", async () => {
    const post = (body: unknown) =>
      fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.DescribeTable" },
        body: JSON.stringify(body),
      });
    for (const res of [await post({ TableName: "nonexistent_table_xxxxx" }), await fetch(h.url, { method: "POST", headers: { "x-amz-target": "DynamoDB_20120810.ListTables" }, body: "{}" })]) {
      expect(res.headers.get("server")).toBe("Server");
      expect(res.headers.get("date")).not.toBeNull();
      expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    }
  });
});
