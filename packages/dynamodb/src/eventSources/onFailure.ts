/**
 * The invocation record Lambda sends to a stream mapping's OnFailure destination when it
 * gives up on a batch (Lambda: "Retaining discarded batches for a DynamoDB event source";
 * shape and key order as localstack's test_lambda_integration_dynamodbstreams.snapshot.json
 * recorded on AWS: test_dynamodb_event_source_mapping_with_on_failure_destination_config).
 */
import { uuid, type LambdaInvokeResult } from "@sam-sandbox/core";
import type { StreamRecord } from "../engine/streams/store.js";

/** Why the batch was given up. */
export type FailureCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded";

export interface DiscardedBatch {
  functionArn: string;
  condition: FailureCondition;
  /** Invocations made with the batch. */
  invokeCount: number;
  /** The last invocation's answer, when there was one. */
  result: LambdaInvokeResult | undefined;
  /** Epoch milliseconds. */
  now: number;
  shardId: string;
  streamArn: string;
  records: readonly StreamRecord[];
}

export function onFailureRecord(batch: DiscardedBatch): string {
  const first = batch.records[0]?.dynamodb;
  const last = batch.records[batch.records.length - 1]?.dynamodb;
  return JSON.stringify({
    requestContext: {
      requestId: uuid(),
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invokeCount,
    },
    responseContext: {
      statusCode: batch.result?.statusCode ?? 200,
      executedVersion: batch.result?.executedVersion ?? "$LATEST",
      // null when the function answered without an error (a rejected partial batch response).
      functionError: batch.result?.functionError ?? null,
    },
    version: "1.0",
    timestamp: new Date(batch.now).toISOString(),
    DDBStreamBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: first?.SequenceNumber,
      endSequenceNumber: last?.SequenceNumber,
      approximateArrivalOfFirstRecord: isoSeconds(first?.ApproximateCreationDateTime ?? batch.now / 1000),
      approximateArrivalOfLastRecord: isoSeconds(last?.ApproximateCreationDateTime ?? batch.now / 1000),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  });
}

/** "2019-11-14T00:13:19Z": arrival times carry whole seconds. */
function isoSeconds(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
