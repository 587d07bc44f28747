import type { AwsError } from "../errors.js";
import type { EdgeResponse } from "../http.js";

/** restJson 1 (Lambda, API Gateway control planes, X-Ray). */
export function restJsonResponse(requestId: string, output: unknown, status = 200, headers: Record<string, string> = {}): EdgeResponse {
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": requestId, ...headers },
    body: output === undefined ? "" : JSON.stringify(output),
  };
}

/** AWS's restJson error: `x-amzn-ErrorType` header and `{"Type","message"}` body. */
export function restJsonErrorResponse(requestId: string, error: AwsError): EdgeResponse {
  const body: Record<string, unknown> = {
    Type: error.fault === "Sender" ? "User" : "Service",
    message: error.message,
    ...error.extra,
  };
  return {
    status: error.statusCode,
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": error.code,
    },
    body: JSON.stringify(body),
  };
}
