import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, silentLogger, type AwsService, type Logger } from "@sam-sandbox/core";
import { RestApis } from "./engine/restApis.js";
import type { ControlPlaneApi } from "./engine/types.js";
import { V2Apis } from "./engine/v2Apis.js";
import { createControlPlaneWire } from "./wire.js";

export type { ControlPlaneApi, ControlPlaneRoute } from "./engine/types.js";
export { RestApis, type ControlPlaneContext } from "./engine/restApis.js";
export { V2Apis } from "./engine/v2Apis.js";
export * from "./errors.js";

export interface ApiGatewayControlPlaneOptions {
  /** The APIs the sandbox serves (REST, HTTP and WebSocket), with the ids it uses in its URLs. */
  apis: ControlPlaneApi[];
  region?: string;
  accountId?: string;
  /** When the APIs were created and last changed (the stack's times). */
  createdDate: Date;
  lastUpdatedDate?: Date;
  logger?: Logger;
}

/**
 * The read side of API Gateway's control planes (`aws apigateway get-rest-apis`,
 * `aws apigatewayv2 get-apis`, …) over the template's APIs. Writes answer an AWS-shaped
 * BadRequestException: the template defines the APIs.
 */
export function createApiGatewayControlPlane(options: ApiGatewayControlPlaneOptions): AwsService {
  const ctx = {
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    // API Gateway keeps its dates to the second.
    createdDate: wholeSeconds(options.createdDate),
    lastUpdatedDate: wholeSeconds(options.lastUpdatedDate ?? options.createdDate),
  };
  const v1 = new RestApis(options.apis.filter((a) => a.kind === "rest"), ctx);
  const v2 = new V2Apis(options.apis.filter((a) => a.kind !== "rest"), ctx);
  const handle = createControlPlaneWire(v1, v2, options.logger ?? silentLogger);
  // Both control planes sign as "apigateway"; the app's own routes are served on the app port, never here.
  return { name: "apigateway", route: { signingNames: ["apigateway"] }, handle };
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
