/**
 * DynamoDB Streams' awsJson 1.0 protocol ↔ the engine ("DynamoDBStreams_20120810.*").
 * Streams are signed with the name "dynamodb" too, so the edge tells the two services
 * apart by X-Amz-Target prefix (which it checks before signing names).
 */
import {
  createAwsJsonHandler,
  type AwsJsonAction,
  type AwsJsonOptions,
  type EdgeRequest,
  type EdgeResponse,
  type Logger,
} from "@sam-sandbox/core";
import type { DynamoDbEngine } from "./engine/engine.js";
import { describeStream, getRecords, getShardIterator, listStreams } from "./engine/streams/api.js";
import { errorType } from "./errors.js";
import { streamsValidatorFor } from "./validation.js";
import { InternalServerError, parseBody } from "./wire.js";

export const STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810";

const PROTOCOL: AwsJsonOptions = { version: "1.0", errorType };

/** Each takes the input validated against AWS's model for it. */
const ACTIONS: Record<string, AwsJsonAction<DynamoDbEngine>> = {
  ListStreams: (e, i) => listStreams(e, i as never),
  DescribeStream: (e, i) => describeStream(e, i as never),
  GetShardIterator: (e, i) => getShardIterator(e, i as never),
  GetRecords: (e, i) => getRecords(e, i as never),
};

export function createStreamsHandler(engine: DynamoDbEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsJsonHandler(
    engine,
    {
      protocol: PROTOCOL,
      label: "dynamodb streams",
      actions: ACTIONS,
      validatorFor: streamsValidatorFor,
      targetPrefix: STREAMS_TARGET_PREFIX,
      parseFirst: true,
      parseBody,
      internalError: () => new InternalServerError(),
    },
    logger,
  );
}
