/**
 * EnableKinesisStreamingDestination, DescribeKinesisStreamingDestination,
 * DisableKinesisStreamingDestination, UpdateKinesisStreamingDestination: a table's Kinesis Data
 * Streams destinations. Each lives in the table's metadata; its status (ENABLING → ACTIVE,
 * DISABLING → DISABLED, UPDATING → ACTIVE) follows from the Clock. The item changes themselves
 * are turned into Kinesis records by ChangeCapture (streams/capture.ts, kinesisRecord below) and
 * put into the stream through the dispatcher once durable (KinesisDelivery): DynamoDB does not
 * import Kinesis.
 */
import { createHash, randomUUID } from "node:crypto";
import type { AwsDispatcher, Logger } from "@sam-sandbox/core";
import { MESSAGES, ValidationException } from "../errors.js";
import type { DynamoDbEngine } from "./engine.js";
import { itemSize } from "./items.js";
import { required } from "./params.js";
import type { UserIdentity } from "./streams/store.js";
import type { KinesisDestinationMeta, Table } from "./table.js";
import type { Item, Key } from "./types.js";

/** ENABLING, DISABLING and UPDATING last about a second in the sandbox (like Contributor Insights' transitions). */
export const KINESIS_DESTINATION_TRANSITION_MS = 1000;
/**
 * The precision of records' ApproximateCreationDateTime when none was asked for ("The default setting
 * for record timestamp precision is microseconds", CDK's ApproximateCreationDateTimePrecision docs).
 */
export const DEFAULT_KINESIS_PRECISION = "MICROSECOND";

type Precision = "MILLISECOND" | "MICROSECOND";
type DestinationStatus = "ENABLING" | "ACTIVE" | "DISABLING" | "DISABLED" | "UPDATING";

interface EnableInput {
  TableName: string;
  StreamArn: string;
  EnableKinesisStreamingConfiguration?: { ApproximateCreationDateTimePrecision?: Precision };
}
interface UpdateInput {
  TableName: string;
  StreamArn: string;
  UpdateKinesisStreamingConfiguration?: { ApproximateCreationDateTimePrecision?: Precision };
}

export async function enableKinesisStreamingDestination(engine: DynamoDbEngine, input: EnableInput) {
  const table = engine.table(required(input.TableName, "tableName"));
  const streamArn = required(input.StreamArn, "streamArn");
  await requireStream(engine.options.dispatcher, streamArn);
  const destinations = table.meta.KinesisDestinations ?? [];
  const previous = destinations.find((d) => d.StreamArn === streamArn);
  if (previous && statusOf(engine, previous) !== "DISABLED") throw new ValidationException(MESSAGES.kinesisEnableState);
  const precision = input.EnableKinesisStreamingConfiguration?.ApproximateCreationDateTimePrecision;
  const destination: KinesisDestinationMeta = { StreamArn: streamArn, Enabled: true, ChangedAt: engine.options.clock.now(), ...(precision ? { Precision: precision } : {}) };
  await engine.saveMeta({ ...table.meta, KinesisDestinations: [...destinations.filter((d) => d !== previous), destination] });
  return {
    TableName: table.name,
    StreamArn: streamArn,
    DestinationStatus: "ENABLING",
    ...(input.EnableKinesisStreamingConfiguration ? { EnableKinesisStreamingConfiguration: input.EnableKinesisStreamingConfiguration } : {}),
  };
}

export function describeKinesisStreamingDestination(engine: DynamoDbEngine, input: { TableName: string }) {
  const table = engine.table(required(input.TableName, "tableName"));
  return {
    TableName: table.name,
    KinesisDataStreamDestinations: (table.meta.KinesisDestinations ?? []).map((d) => ({
      StreamArn: d.StreamArn,
      DestinationStatus: statusOf(engine, d),
      ApproximateCreationDateTimePrecision: d.Precision ?? DEFAULT_KINESIS_PRECISION,
    })),
  };
}

export async function disableKinesisStreamingDestination(engine: DynamoDbEngine, input: { TableName: string; StreamArn: string }) {
  const table = engine.table(required(input.TableName, "tableName"));
  const streamArn = required(input.StreamArn, "streamArn");
  await requireStream(engine.options.dispatcher, streamArn);
  const destinations = table.meta.KinesisDestinations ?? [];
  const current = destinations.find((d) => d.StreamArn === streamArn);
  if (!current || statusOf(engine, current) !== "ACTIVE") throw new ValidationException(MESSAGES.kinesisDisableState);
  const disabled: KinesisDestinationMeta = { StreamArn: streamArn, Enabled: false, ChangedAt: engine.options.clock.now(), ...(current.Precision ? { Precision: current.Precision } : {}) };
  await engine.saveMeta({ ...table.meta, KinesisDestinations: destinations.map((d) => (d === current ? disabled : d)) });
  return { TableName: table.name, StreamArn: streamArn, DestinationStatus: "DISABLING" };
}

export async function updateKinesisStreamingDestination(engine: DynamoDbEngine, input: UpdateInput) {
  const table = engine.table(required(input.TableName, "tableName"));
  const streamArn = required(input.StreamArn, "streamArn");
  const destinations = table.meta.KinesisDestinations ?? [];
  const current = destinations.find((d) => d.StreamArn === streamArn);
  if (!current) throw new ValidationException(MESSAGES.kinesisUpdateNoDestination(streamArn, table.name));
  if (statusOf(engine, current) !== "ACTIVE") throw new ValidationException(MESSAGES.kinesisUpdateNotActive);
  const precision = input.UpdateKinesisStreamingConfiguration?.ApproximateCreationDateTimePrecision;
  if (!precision) throw new ValidationException(MESSAGES.kinesisUpdateNothing);
  if (precision === (current.Precision ?? DEFAULT_KINESIS_PRECISION)) throw new ValidationException(MESSAGES.kinesisUpdateSamePrecision(precision));
  const updated: KinesisDestinationMeta = { ...current, Precision: precision, Updating: true, ChangedAt: engine.options.clock.now() };
  await engine.saveMeta({ ...table.meta, KinesisDestinations: destinations.map((d) => (d === current ? updated : d)) });
  return { TableName: table.name, StreamArn: streamArn, DestinationStatus: "UPDATING", UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision } };
}

function statusOf(engine: DynamoDbEngine, destination: KinesisDestinationMeta): DestinationStatus {
  const settled = engine.options.clock.now() - destination.ChangedAt >= KINESIS_DESTINATION_TRANSITION_MS;
  if (!destination.Enabled) return settled ? "DISABLED" : "DISABLING";
  if (settled) return "ACTIVE";
  return destination.Updating ? "UPDATING" : "ENABLING";
}

/** The Kinesis stream must exist: DynamoDB cannot write to it otherwise. */
async function requireStream(dispatcher: AwsDispatcher | undefined, streamArn: string): Promise<void> {
  if (!dispatcher) throw new ValidationException(MESSAGES.kinesisStreamUnusable);
  try {
    await dispatcher.call("kinesis", "DescribeStreamSummary", { StreamARN: streamArn });
  } catch {
    throw new ValidationException(MESSAGES.kinesisStreamUnusable);
  }
}

/** The destinations a table's item changes go to now (enabled ones: from ENABLING on, so no change is missed). */
export function liveDestinations(table: Table): KinesisDestinationMeta[] {
  return (table.meta.KinesisDestinations ?? []).filter((d) => d.Enabled);
}

/** One record for PutRecord: the stream, the partition key and the JSON record's text. */
export interface KinesisPut {
  streamArn: string;
  partitionKey: string;
  data: string;
}

export interface KinesisRecordInput {
  table: Table;
  keys: Key;
  oldItem: Item | undefined;
  newItem: Item | undefined;
  nowMs: number;
  region: string;
  identity?: UserIdentity;
}

/**
 * DynamoDB's Kinesis record (developer guide, "Using Kinesis Data Streams to capture changes to
 * DynamoDB": awsRegion, eventID, eventName, userIdentity, recordFormat, tableName, dynamodb {
 * ApproximateCreationDateTime, Keys, NewImage, OldImage, SizeBytes }, eventSource), both images always,
 * the creation time in the destination's precision.
 */
export function kinesisRecords(input: KinesisRecordInput, destinations: KinesisDestinationMeta[]): KinesisPut[] {
  const { keys, oldItem, newItem } = input;
  let size = itemSize(keys);
  if (newItem) size += itemSize(newItem);
  if (oldItem) size += itemSize(oldItem);
  const eventID = randomUUID();
  const partitionKey = kinesisPartitionKey(input.table, keys);
  return destinations.map((destination) => {
    const precision = destination.Precision ?? DEFAULT_KINESIS_PRECISION;
    const record = {
      awsRegion: input.region,
      eventID,
      eventName: oldItem === undefined ? "INSERT" : newItem === undefined ? "REMOVE" : "MODIFY",
      userIdentity: input.identity ?? null,
      recordFormat: "application/json",
      tableName: input.table.name,
      dynamodb: {
        ApproximateCreationDateTime: precision === "MICROSECOND" ? input.nowMs * 1000 : input.nowMs,
        Keys: keys,
        ...(newItem ? { NewImage: newItem } : {}),
        ...(oldItem ? { OldImage: oldItem } : {}),
        SizeBytes: Math.max(1, size),
        ApproximateCreationDateTimePrecision: precision,
      },
      eventSource: "aws:dynamodb",
    };
    return { streamArn: destination.StreamArn, partitionKey, data: JSON.stringify(record) };
  });
}

/**
 * The record's Kinesis partition key: the same for every change of one item, so an item's changes stay
 * in order on one shard. DynamoDB's records carry 32 upper-case hex digits; how it derives them is not
 * documented, so the sandbox hashes the table and the item's partition key value (MD5).
 */
function kinesisPartitionKey(table: Table, keys: Key): string {
  const hashKey = table.meta.KeySchema.find((k) => k.KeyType === "HASH")?.AttributeName ?? "";
  return createHash("md5")
    .update(`${table.name}\u0000${JSON.stringify(keys[hashKey] ?? keys)}`)
    .digest("hex")
    .toUpperCase();
}

/**
 * Puts committed changes' records into their Kinesis streams, in commit order, once durable. A stream
 * that fails (deleted meanwhile) loses the record with a warning, as DynamoDB cannot deliver it either.
 */
export class KinesisDelivery {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: DynamoDbEngine,
    private readonly logger: Logger,
  ) {}

  deliver(done: Promise<void>, puts: KinesisPut[]): void {
    const dispatcher = this.engine.options.dispatcher;
    if (!dispatcher) return;
    const previous = this.tail;
    this.tail = (async () => {
      await previous;
      try {
        await done;
      } catch {
        return; // not durable, not acknowledged: nothing to deliver
      }
      for (const put of puts) {
        try {
          await dispatcher.call("kinesis", "PutRecord", { StreamARN: put.streamArn, PartitionKey: put.partitionKey, Data: Buffer.from(put.data).toString("base64") });
        } catch (error) {
          this.logger.warn(`dynamodb: Kinesis streaming destination ${put.streamArn}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    const tail = this.tail;
    this.engine.startJob(() => tail);
  }
}
