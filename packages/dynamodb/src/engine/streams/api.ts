/**
 * The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords
 * (awsJson 1.0, "DynamoDBStreams_20120810"), over the engine's StreamStore.
 */
import {
  MESSAGES,
  ResourceNotFoundException,
  TrimmedDataAccessException,
  ValidationException,
} from "../../errors.js";
import { MAX_DESCRIBE_STREAM_LIMIT, MAX_GET_RECORDS_LIMIT, MAX_LIST_STREAMS_LIMIT } from "../../limits.js";
import type { DynamoDbEngine } from "../engine.js";
import { decodeIterator, encodeIterator, readShard } from "./iterators.js";
import { parseSequence, type Shard, type Stream } from "./store.js";

export interface ListStreamsInput {
  TableName?: string;
  Limit?: number;
  ExclusiveStartStreamArn?: string;
}

export interface DescribeStreamInput {
  StreamArn: string;
  Limit?: number;
  ExclusiveStartShardId?: string;
  /** Newer than the model the sandbox validates with: {Type: "CHILD_SHARDS", ShardId} lists a shard's children. */
  ShardFilter?: { Type?: string; ShardId?: string };
}

export interface GetShardIteratorInput {
  StreamArn: string;
  ShardId: string;
  ShardIteratorType: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER";
  SequenceNumber?: string;
}

export interface GetRecordsInput {
  ShardIterator: string;
  Limit?: number;
}

/** The store, trimmed to the retention period as of now. */
function store(engine: DynamoDbEngine) {
  const streams = engine.streams;
  streams.trim(engine.options.clock.now());
  return streams;
}

/** A DynamoDB stream's ARN: arn:<partition>:dynamodb:<region>:<account>:table/<name>/stream/<label>. */
const STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]{3,255}\/stream\/.+$/;

/** An ARN that is no stream's is a ValidationException, not ResourceNotFoundException (the AWS SDK's integration test of DescribeStream, and Alternator's test_streams.py, run against DynamoDB). */
function checkStreamArn(arn: string): void {
  if (!STREAM_ARN.test(arn)) throw new ValidationException(MESSAGES.invalidStreamArn);
}

function stream(engine: DynamoDbEngine, arn: string): Stream {
  checkStreamArn(arn);
  const found = store(engine).streams.get(arn);
  if (!found) throw new ResourceNotFoundException(MESSAGES.streamNotFound(arn));
  return found;
}

export function listStreams(engine: DynamoDbEngine, input: ListStreamsInput) {
  // Newest first, as AWS's ListStreams example shows one table's streams.
  let streams = [...store(engine).streams.values()]
    .filter((s) => input.TableName === undefined || s.TableName === input.TableName)
    .sort((a, b) => b.CreationRequestDateTime - a.CreationRequestDateTime || (a.StreamLabel > b.StreamLabel ? -1 : a.StreamLabel < b.StreamLabel ? 1 : a.StreamArn < b.StreamArn ? -1 : 1));
  if (input.ExclusiveStartStreamArn !== undefined) {
    checkStreamArn(input.ExclusiveStartStreamArn);
    const at = streams.findIndex((s) => s.StreamArn === input.ExclusiveStartStreamArn);
    streams = at < 0 ? [] : streams.slice(at + 1);
  }
  const limit = Math.min(input.Limit ?? MAX_LIST_STREAMS_LIMIT, MAX_LIST_STREAMS_LIMIT);
  const page = streams.slice(0, limit);
  const output: Record<string, unknown> = {
    Streams: page.map((s) => ({ StreamArn: s.StreamArn, TableName: s.TableName, StreamLabel: s.StreamLabel })),
  };
  if (streams.length > limit) output.LastEvaluatedStreamArn = page[page.length - 1].StreamArn;
  return output;
}

export function describeStream(engine: DynamoDbEngine, input: DescribeStreamInput) {
  const described = stream(engine, input.StreamArn);
  let shards = described.shards;
  const filter = input.ShardFilter;
  if (filter?.Type === "CHILD_SHARDS") shards = shards.filter((s) => s.ParentShardId !== undefined && s.ParentShardId === filter.ShardId);
  if (input.ExclusiveStartShardId !== undefined) {
    const start = input.ExclusiveStartShardId;
    const at = shards.findIndex((s) => s.ShardId === start);
    // An ID that names no shard starts after it in ShardId order, as DynamoDB lists them
    // (Alternator's test_describe_stream_with_nonexistent_last_shard, run against DynamoDB).
    shards = at < 0 ? shards.filter((s) => s.ShardId > start) : shards.slice(at + 1);
  }
  const limit = Math.min(input.Limit ?? MAX_DESCRIBE_STREAM_LIMIT, MAX_DESCRIBE_STREAM_LIMIT);
  const page = shards.slice(0, limit);
  const description: Record<string, unknown> = {
    StreamArn: described.StreamArn,
    StreamLabel: described.StreamLabel,
    StreamStatus: described.StreamStatus,
    StreamViewType: described.StreamViewType,
    CreationRequestDateTime: described.CreationRequestDateTime,
    TableName: described.TableName,
    KeySchema: described.KeySchema,
    Shards: page.map(describeShard),
  };
  if (shards.length > limit) description.LastEvaluatedShardId = page[page.length - 1].ShardId;
  return { StreamDescription: description };
}

function describeShard(shard: Shard) {
  return {
    ShardId: shard.ShardId,
    SequenceNumberRange: {
      StartingSequenceNumber: shard.StartingSequenceNumber,
      ...(shard.EndingSequenceNumber !== undefined ? { EndingSequenceNumber: shard.EndingSequenceNumber } : {}),
    },
    ...(shard.ParentShardId !== undefined ? { ParentShardId: shard.ParentShardId } : {}),
  };
}

export function getShardIterator(engine: DynamoDbEngine, input: GetShardIteratorInput) {
  const found = stream(engine, input.StreamArn);
  const shard = found.shards.find((s) => s.ShardId === input.ShardId);
  if (!shard) throw new ResourceNotFoundException(MESSAGES.shardNotFound);
  const start = Number(shard.StartingSequenceNumber);
  const floor = Math.max(start - 1, shard.trimmedThrough ?? 0);
  const type = input.ShardIteratorType;
  // TRIM_HORIZON and LATEST take no SequenceNumber (Alternator's test_get_shard_iterator, run against DynamoDB).
  if ((type === "TRIM_HORIZON" || type === "LATEST") && input.SequenceNumber !== undefined) {
    throw new ValidationException(MESSAGES.sequenceNumberNotAllowed(type));
  }
  let after: number;
  switch (type) {
    case "TRIM_HORIZON":
      after = floor;
      break;
    case "LATEST": {
      const last = shard.records[shard.records.length - 1];
      const end = shard.EndingSequenceNumber === undefined ? undefined : Number(shard.EndingSequenceNumber);
      after = end ?? (last ? Number(last.dynamodb.SequenceNumber) : floor);
      break;
    }
    default: {
      const text = input.SequenceNumber;
      if (text === undefined) throw new ValidationException(MESSAGES.sequenceNumberRequired(input.ShardIteratorType));
      const n = parseSequence(text);
      const end = shard.EndingSequenceNumber === undefined ? Infinity : Number(shard.EndingSequenceNumber);
      if (n === undefined || n < start || n > end) throw new ValidationException(MESSAGES.sequenceNumberNotInShard(text, shard.ShardId));
      if (shard.trimmedThrough !== undefined && n <= shard.trimmedThrough) {
        throw new TrimmedDataAccessException();
      }
      after = input.ShardIteratorType === "AT_SEQUENCE_NUMBER" ? n - 1 : n;
    }
  }
  return { ShardIterator: encodeIterator(found.StreamArn, shard.ShardId, after, engine.options.clock.now()) };
}

export function getRecords(engine: DynamoDbEngine, input: GetRecordsInput) {
  // A Limit above MAX_GET_RECORDS_LIMIT was refused by validation.ts.
  const limit = input.Limit ?? MAX_GET_RECORDS_LIMIT;
  const now = engine.options.clock.now();
  const position = decodeIterator(input.ShardIterator, now);
  const found = store(engine).streams.get(position.arn);
  const shard = found?.shards.find((s) => s.ShardId === position.shardId);
  if (!found || !shard) throw new ResourceNotFoundException(MESSAGES.iteratorShardGone);
  const { records, after, ended } = readShard(shard, position.after, limit);
  const output: Record<string, unknown> = { Records: records };
  // A closed shard read to its end has no next iterator: the reader moves on to its child.
  if (!ended) output.NextShardIterator = encodeIterator(found.StreamArn, shard.ShardId, after, now);
  return output;
}
