/**
 * Dead-letter queues (DeadLetterConfig): the event of an asynchronous invocation that
 * failed every attempt goes, unchanged, to an SNS topic or SQS queue, with the message
 * attributes Lambda adds (AWS docs, "Dead-letter queues": RequestID, ErrorCode — the
 * 3-digit HTTP status —, ErrorMessage truncated to 1 KB).
 */
import type { MessageAttributes } from "../index.js";
import { InvalidParameterValueException, messages } from "../errors.js";
import { MAX_DEAD_LETTER_ERROR_MESSAGE_BYTES } from "../limits.js";
import type { RunResult } from "./invocationLog.js";

const ARN = /^arn:(aws[a-zA-Z-]*):([a-z0-9-.]+):([^:]*):([^:]*):(.+)$/;

/** DeadLetterConfig.TargetArn as CreateFunction / UpdateFunctionConfiguration check it; "" clears it. */
export function checkDeadLetterTarget(targetArn: string, region: string): string | undefined {
  if (targetArn === "") return undefined;
  const m = ARN.exec(targetArn);
  if (!m) throw new InvalidParameterValueException(messages.deadLetterArnPrefix());
  const [, , service, targetRegion, , resource] = m;
  if (service !== "sqs" && service !== "sns") throw new InvalidParameterValueException(messages.deadLetterService());
  if (targetRegion !== region) throw new InvalidParameterValueException(messages.deadLetterRegion());
  if (resource.endsWith(".fifo")) throw new InvalidParameterValueException(messages.deadLetterFifo(service === "sns" ? "SNS topic" : "SQS queue"));
  return targetArn;
}

/** The attributes of the dead-lettered message, from the last attempt's outcome. */
export function deadLetterAttributes(requestId: string, result: RunResult | undefined): MessageAttributes {
  return {
    RequestID: { DataType: "String", StringValue: requestId },
    // A function error is answered with HTTP 200 and X-Amz-Function-Error.
    ErrorCode: { DataType: "Number", StringValue: "200" },
    ErrorMessage: { DataType: "String", StringValue: truncate(errorMessageOf(result?.payload.toString())) },
  };
}

function errorMessageOf(payload: string | undefined): string {
  if (payload === undefined) return "";
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed === "object" && parsed !== null && "errorMessage" in parsed) return String(parsed.errorMessage);
  } catch {
    // not JSON: the payload is the message
  }
  return payload;
}

function truncate(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= MAX_DEAD_LETTER_ERROR_MESSAGE_BYTES) return text;
  // Cut on a character boundary.
  return bytes.subarray(0, MAX_DEAD_LETTER_ERROR_MESSAGE_BYTES).toString("utf8").replace(/\uFFFD$/, "");
}

/** The service an ARN names ("sns", "sqs", "lambda", "events", "s3"), if it is an ARN. */
export function serviceOf(arn: string): string | undefined {
  return ARN.exec(arn)?.[2];
}
