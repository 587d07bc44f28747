/**
 * The records Lambda hands a function from a Kinesis stream, and the record of a discarded
 * batch sent to an OnFailure destination (Lambda: "Using Lambda with Kinesis Data Streams",
 * its sample event; "Retaining discarded batches" for KinesisBatchInfo).
 */
import { streamOnFailureRecord, type DiscardedStreamBatch } from "@sam-sandbox/core";
import type { StoredRecord } from "../engine/state.js";

export interface EventContext {
  shardId: string;
  streamArn: string;
  region: string;
  accountId: string;
}

/** One Records[] entry, as JSON text. */
export function kinesisEventRecord(record: StoredRecord, ctx: EventContext): string {
  return JSON.stringify({
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.partitionKey,
      sequenceNumber: record.seq,
      data: record.data,
      approximateArrivalTimestamp: record.at / 1000,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${ctx.shardId}:${record.seq}`,
    eventName: "aws:kinesis:record",
    // The mapping's execution role: the sandbox has none, so the account's default Lambda role.
    invokeIdentityArn: `arn:aws:iam::${ctx.accountId}:role/lambda-role`,
    awsRegion: ctx.region,
    eventSourceARN: ctx.streamArn,
  });
}

/** What a filter pattern sees: only `data` is filtered on, decoded (as JSON when it parses). */
export function filterView(record: StoredRecord): Record<string, unknown> {
  const text = Buffer.from(record.data, "base64").toString("utf8");
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    return { data: text };
  }
}

/** The record of a discarded batch for an OnFailure destination: core's envelope with KinesisBatchInfo. */
export function onFailureRecord(batch: DiscardedStreamBatch & { shardId: string; streamArn: string; records: readonly StoredRecord[] }): string {
  const first = batch.records[0];
  const last = batch.records[batch.records.length - 1];
  return streamOnFailureRecord(batch, "KinesisBatchInfo", {
    shardId: batch.shardId,
    startSequenceNumber: first?.seq,
    endSequenceNumber: last?.seq,
    approximateArrivalOfFirstRecord: new Date(first?.at ?? batch.now).toISOString(),
    approximateArrivalOfLastRecord: new Date(last?.at ?? batch.now).toISOString(),
    batchSize: batch.records.length,
    streamArn: batch.streamArn,
  });
}
