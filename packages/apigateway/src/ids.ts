import { randomBytes } from "node:crypto";

/**
 * API Gateway's short request id ("JKJaXmPLvHcESHA="): HTTP APIs' requestId and
 * apigw-requestid header, REST APIs' extendedRequestId and x-amz-apigw-id header.
 */
export function apigwId(): string {
  return `${randomBytes(11).toString("base64url")}=`;
}
