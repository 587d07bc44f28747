import { randomBase64Url } from "@sam-sandbox/core";

/**
 * API Gateway's short request id ("JKJaXmPLvHcESHA="): HTTP APIs' requestId and
 * apigw-requestid header, REST APIs' extendedRequestId and x-amz-apigw-id header.
 */
export function apigwId(): string {
  return `${randomBase64Url(11)}=`;
}
