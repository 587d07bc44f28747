/**
 * DynamoDB Streams' awsJson 1.0 protocol ↔ the engine ("DynamoDBStreams_20120810.*").
 * Streams are signed with the name "dynamodb" too, so the edge tells the two services
 * apart by X-Amz-Target prefix (which it checks before signing names).
 */
import {
  AwsError,
  jsonErrorResponse,
  jsonResponse,
  requestId,
  targetAction,
  UnknownOperationException,
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

type Action = (engine: DynamoDbEngine, input: never) => unknown;

const ACTIONS: Record<string, Action> = {
  ListStreams: (e, i) => listStreams(e, i),
  DescribeStream: (e, i) => describeStream(e, i),
  GetShardIterator: (e, i) => getShardIterator(e, i),
  GetRecords: (e, i) => getRecords(e, i),
};

export function createStreamsHandler(engine: DynamoDbEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return async (req) => {
    const id = requestId();
    try {
      const input = parseBody(req.body);
      const target = req.headers["x-amz-target"];
      const name = target?.startsWith(`${STREAMS_TARGET_PREFIX}.`) ? targetAction(req) : undefined;
      const action = name === undefined ? undefined : ACTIONS[name];
      const validate = name === undefined ? undefined : streamsValidatorFor(name);
      if (name === undefined || action === undefined || validate === undefined) throw new UnknownOperationException();
      validate(input);
      return jsonResponse(PROTOCOL, id, await action(engine, input as never));
    } catch (error) {
      if (error instanceof AwsError) return jsonErrorResponse(PROTOCOL, id, error);
      logger.error(`dynamodb streams: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return jsonErrorResponse(PROTOCOL, id, new InternalServerError());
    }
  };
}
