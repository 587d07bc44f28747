/**
 * SubscribeToShard over awsJson 1.1: the answer is an event stream (application/vnd.amazon.eventstream),
 * as @aws-sdk/client-kinesis reads it over HTTP/2: initial-response (the operation's other output
 * members: none), then SubscribeToShardEvent events while the subscription lasts; an error after it
 * began (taken over, consumer gone) is an exception message of the stream's union.
 */
import type { EdgeRequest, EdgeResponse, Logger } from "@sam-sandbox/core";
import { AwsError, InternalFailure, StreamBody, eventMessage, exceptionMessage, jsonErrorResponse, parseJsonBody, requestId, type AwsJsonOptions } from "@sam-sandbox/core";
import type { KinesisEngine } from "./engine/engine.js";
import type { SubscribeToShardInput } from "./engine/subscriptions.js";

const JSON_TYPE = "application/json";

export function subscribeToShard(
  engine: KinesisEngine,
  req: EdgeRequest,
  protocol: AwsJsonOptions,
  validate: (input: Record<string, unknown>) => void,
  logger: Logger,
): EdgeResponse {
  const id = requestId();
  try {
    const input = parseJsonBody(req.body);
    validate(input);
    const body = new StreamBody();
    const subscription = engine.subscribeToShard(input as unknown as SubscribeToShardInput, {
      event: (event) => body.push(eventMessage("SubscribeToShardEvent", JSON_TYPE, Buffer.from(JSON.stringify(event)))),
      fail: (error) => {
        body.push(exceptionMessage(error.code, Buffer.from(JSON.stringify({ message: error.message }))));
        body.end();
      },
      end: () => body.end(),
    });
    // A client that goes away ends its subscription.
    body.onCancel = subscription.stop;
    body.push(eventMessage("initial-response", JSON_TYPE, Buffer.from("{}")));
    subscription.start();
    return { status: 200, headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": id }, body: "", stream: body };
  } catch (error) {
    if (error instanceof AwsError) return jsonErrorResponse(protocol, id, error);
    logger.error(`Kinesis: SubscribeToShard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return jsonErrorResponse(protocol, id, new InternalFailure());
  }
}
