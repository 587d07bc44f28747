/**
 * What a WebSocket API answers itself: error frames sent to the client, and the
 * @connections API's errors.
 */
import { AwsError } from "@sam-sandbox/core";

/**
 * The frame API Gateway sends when no route (and no $default route) matches a message, or
 * the route's integration failed. Text as AWS sends it, a space after the first colon only
 * (seen in clients' logs: {"message": "Forbidden", "connectionId":"eHrdFcnvvHcCE-w=", "requestId":"eHrjDEuVPHcFWMg="}).
 */
export function errorFrame(message: "Forbidden" | "Internal server error", connectionId: string, requestId: string): string {
  return `{"message": "${message}", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;
}

/**
 * GoneException: the connection no longer exists. AWS answers 410 with the error type in
 * x-amzn-ErrorType and no body (SDK v2 reports the message "410", the PHP and Java SDKs fail
 * to parse a body — aws-sdk-js#2763, aws-sdk-php#2285, aws-sdk-java#2200).
 */
export class GoneException extends AwsError {
  constructor() {
    super("GoneException", "", 410);
  }
}

/** PostToConnection Data over 128 KB (the model's Data length, max 131072). */
export class PayloadTooLargeException extends AwsError {
  constructor() {
    super("PayloadTooLargeException", "", 413);
  }
}
