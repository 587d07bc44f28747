/**
 * The invocation record Lambda sends to a stream mapping's OnFailure destination when it
 * gives up on a batch (Lambda: "Retaining discarded batches for a DynamoDB event source"):
 * core's envelope with DDBStreamBatchInfo.
 */
import { streamOnFailureRecord, type DiscardedStreamBatch } from "@sam-sandbox/core";
import type { StreamRecord } from "../engine/streams/store.js";

export interface DiscardedBatch extends DiscardedStreamBatch {
  shardId: string;
  streamArn: string;
  records: readonly StreamRecord[];
}

export function onFailureRecord(batch: DiscardedBatch): string {
  const first = batch.records[0]?.dynamodb;
  const last = batch.records[batch.records.length - 1]?.dynamodb;
  return streamOnFailureRecord(batch, "DDBStreamBatchInfo", {
    shardId: batch.shardId,
    startSequenceNumber: first?.SequenceNumber,
    endSequenceNumber: last?.SequenceNumber,
    approximateArrivalOfFirstRecord: isoSeconds(first?.ApproximateCreationDateTime ?? batch.now / 1000),
    approximateArrivalOfLastRecord: isoSeconds(last?.ApproximateCreationDateTime ?? batch.now / 1000),
    batchSize: batch.records.length,
    streamArn: batch.streamArn,
  });
}

/** "2019-11-14T00:13:19Z": arrival times carry whole seconds. */
function isoSeconds(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
