import { AwsError } from "@sam-sandbox/core";

/** X-Ray's error codes. Bodies carry `Message` (capitalized), as the model declares. */
export class InvalidRequestException extends AwsError {
  constructor(message: string) {
    super("InvalidRequestException", message, 400);
  }
}

export class ThrottledException extends AwsError {
  constructor(message = "Rate exceeded") {
    super("ThrottledException", message, 429);
  }
}

/**
 * Codes of PutTraceSegments' UnprocessedTraceSegments. Seen from X-Ray: MissingId,
 * InvalidTraceId, InvalidName, MissingEndTime, MissingParentId (daemon and SDK issue
 * reports); the others follow the same naming and are not verified. InvalidJson (a
 * document that is not JSON) is the sandbox's name: X-Ray answers such a document
 * without an Id.
 */
export type SegmentErrorCode =
  | "InvalidJson"
  | "MissingId"
  | "InvalidId"
  | "MissingTraceId"
  | "InvalidTraceId"
  | "MissingName"
  | "InvalidName"
  | "MissingStartTime"
  | "MissingEndTime"
  | "MissingParentId";

/** "Invalid segment. ErrorCode: MissingId" / "Invalid subsegment. ErrorCode: InvalidName, Cause: null" (X-Ray's texts). */
export function segmentErrorMessage(code: SegmentErrorCode, subsegment: boolean): string {
  return subsegment ? `Invalid subsegment. ErrorCode: ${code}, Cause: null` : `Invalid segment. ErrorCode: ${code}`;
}

export const messages = {
  /** AWS's exact text for a bad filter expression is not documented; this names the problem. */
  invalidFilter: (detail: string) => `Invalid filter expression: ${detail}`,
  invalidNextToken: () => "Invalid NextToken.",
  unsupportedOperation: (operation: string) => `The sandbox does not implement X-Ray's ${operation}.`,
  unknownPath: (method: string, path: string) => `No X-Ray operation for ${method} ${path}.`,
};
