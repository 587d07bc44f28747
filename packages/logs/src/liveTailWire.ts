/**
 * StartLiveTail over awsJson 1.1: the answer is an event stream (application/vnd.amazon.eventstream)
 * kept open for the session: initial-response, sessionStart, then a sessionUpdate every
 * second, until the client closes it or SessionTimeoutException ends it after three hours.
 */
import type { EdgeRequest, EdgeResponse, Logger } from "@sam-sandbox/core";
import { AwsError, InternalFailure, StreamBody, eventMessage, exceptionMessage, jsonErrorResponse, parseJsonBody, requestId, type AwsJsonOptions } from "@sam-sandbox/core";
import type { LogsEngine } from "./engine/engine.js";

const JSON_TYPE = "application/json";
// The message AWS sends in SessionTimeoutException is not documented; this one says what happened.
const SESSION_TIMEOUT_MESSAGE = "Live Tail session has timed out after 3 hours.";

export function startLiveTail(
  engine: LogsEngine,
  req: EdgeRequest,
  protocol: AwsJsonOptions,
  validate: ((input: Record<string, unknown>) => void) | undefined,
  logger: Logger,
): EdgeResponse {
  const id = requestId();
  try {
    const input = parseJsonBody(req.body);
    validate?.(input);
    const body = new StreamBody();
    const session = engine.liveTail.startLiveTail(input, {
      update: (sessionResults, sampled) => body.push(event("sessionUpdate", { sessionMetadata: { sampled }, sessionResults })),
      timedOut: () => {
        body.push(exceptionMessage("SessionTimeoutException", Buffer.from(JSON.stringify({ message: SESSION_TIMEOUT_MESSAGE }))));
        body.end();
      },
      closed: () => body.end(),
    });
    // A client that goes away ends its session.
    body.onCancel = session.stop;
    // awsJson event streams open with the operation's other output members (none here).
    body.push(event("initial-response", {}));
    body.push(event("sessionStart", session.start));
    return { status: 200, headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": id }, body: "", stream: body };
  } catch (error) {
    if (error instanceof AwsError) return jsonErrorResponse(protocol, id, error);
    logger.error(`CloudWatch Logs: StartLiveTail: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return jsonErrorResponse(protocol, id, new InternalFailure());
  }
}

function event(type: string, payload: unknown): Buffer {
  return eventMessage(type, JSON_TYPE, Buffer.from(JSON.stringify(payload)));
}
