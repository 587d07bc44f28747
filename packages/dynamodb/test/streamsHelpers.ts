import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, DescribeStreamCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { MemoryStore, serveHandler, silentLogger, VirtualClock, type LambdaInvoker, type Store } from "@sam-sandbox/core";
import { createDynamoDb, type DynamoDb } from "../src/index.js";

export interface StreamsHarness {
  db: DynamoDb;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  streams: DynamoDBStreamsClient;
  clock: VirtualClock;
  /** The server's URL, for requests whose raw body matters. */
  url: string;
  close(): Promise<void>;
}

const credentials = { accessKeyId: "x", secretAccessKey: "x" };

/**
 * DynamoDB and DynamoDB Streams behind one port, routed by X-Amz-Target as the edge does
 * (both are signed "dynamodb"), driven by the real SDK clients.
 */
export async function startWithStreams(
  options: { store?: Store; clock?: VirtualClock; invoker?: LambdaInvoker; ttlSweeper?: boolean } = {},
): Promise<StreamsHarness> {
  const clock = options.clock ?? new VirtualClock(Date.UTC(2026, 0, 1));
  const db = await createDynamoDb({
    store: options.store ?? new MemoryStore(),
    clock,
    logger: silentLogger,
    region: "us-east-1",
    accountId: "000000000000",
    invoker: options.invoker,
    ttlSweeper: options.ttlSweeper,
  });
  const server = await serveHandler((req) =>
    (req.headers["x-amz-target"] ?? "").startsWith("DynamoDBStreams_20120810.") ? db.streamsService.handle(req) : db.service.handle(req),
  );
  const config = { endpoint: server.url, region: "us-east-1", credentials, maxAttempts: 1 };
  const client = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  return {
    db,
    client,
    doc: DynamoDBDocumentClient.from(client),
    streams,
    clock,
    url: server.url,
    async close() {
      client.destroy();
      streams.destroy();
      await server.close();
      await db.close();
    },
  };
}

/** Every record of a stream's first shard from TRIM_HORIZON. */
export async function readAll(streams: DynamoDBStreamsClient, streamArn: string): Promise<_Record[]> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const records: _Record[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let iterator = (
      await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))
    ).ShardIterator;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...(page.Records ?? []));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}
