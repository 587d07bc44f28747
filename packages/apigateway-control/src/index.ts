import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MemoryStore, silentLogger, type AwsService, type Logger, type Store } from "@sam-sandbox/core";
import { CreatedRestApis } from "./engine/created/createdApis.js";
import { CreatedHttpApis } from "./engine/httpApis/httpApis.js";
import { DomainNames } from "./engine/domainNames.js";
import { RestApis } from "./engine/restApis.js";
import type { ControlPlaneApi } from "./engine/types.js";
import { V2Apis } from "./engine/v2Apis.js";
import { createControlPlaneWire } from "./wire.js";

export type { ControlPlaneApi, ControlPlaneRoute } from "./engine/types.js";
export { RestApis, type ControlPlaneContext } from "./engine/restApis.js";
export { V2Apis } from "./engine/v2Apis.js";
export { CreatedRestApis, type ServedStage } from "./engine/created/createdApis.js";
export { CreatedHttpApis, checkRouteKey, type ServedHttpStage } from "./engine/httpApis/httpApis.js";
export type { HttpApiSnapshot, StoredAuthorizer as StoredHttpAuthorizer, StoredCors, StoredIntegration as StoredHttpIntegration, StoredRoute as StoredHttpRoute } from "./engine/httpApis/state.js";
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
  /** Where REST and HTTP APIs created through the control planes are kept (default: in memory). */
  store?: Store;
  /** Epoch milliseconds now (the sandbox's Clock): created APIs' dates. */
  now?: () => number;
  /** Reads an OpenAPI definition that is not JSON (YAML) for ImportRestApi, PutRestApi, ImportApi and ReimportApi; JSON only without it. */
  parseDefinition?: (text: string) => unknown;
  /** ApiEndpoint of an HTTP or WebSocket API created through v2, where the sandbox serves it; AWS's https:// (wss://) <id>.execute-api.<region>.amazonaws.com when absent or undefined. */
  createdApiEndpoint?: (apiId: string, protocolType: "HTTP" | "WEBSOCKET") => string | undefined;
}

export interface ApiGatewayControlPlane extends AwsService {
  /** The REST APIs created through the control plane (CreateRestApi …), with their deployed stages. */
  created: CreatedRestApis;
  /** The HTTP and WebSocket APIs created through the v2 control plane (CreateApi …), with their served stages. */
  createdHttp: CreatedHttpApis;
}

/**
 * API Gateway's control planes (`aws apigateway …`, `aws apigatewayv2 …`): the template's APIs
 * read-only (writes to them answer an AWS-shaped BadRequestException: the template defines
 * them), and REST APIs created, changed and deployed through the v1 API.
 */
export async function createApiGatewayControlPlane(options: ApiGatewayControlPlaneOptions): Promise<ApiGatewayControlPlane> {
  const ctx = {
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    // API Gateway keeps its dates to the second.
    createdDate: wholeSeconds(options.createdDate),
    lastUpdatedDate: wholeSeconds(options.lastUpdatedDate ?? options.createdDate),
  };
  const v1 = new RestApis(options.apis.filter((a) => a.kind === "rest"), ctx);
  const v2 = new V2Apis(options.apis.filter((a) => a.kind !== "rest"), ctx);
  const templateIds = new Set(options.apis.map((a) => a.apiId));
  const store = options.store ?? new MemoryStore();
  // v1 and v2 APIs share one id space (execute-api's host names them alike).
  let createdHttp: CreatedHttpApis | undefined;
  const created = await CreatedRestApis.open(store, {
    region: ctx.region,
    accountId: ctx.accountId,
    now: options.now ?? (() => Date.now()),
    reserved: (id) => templateIds.has(id) || (createdHttp?.has(id) ?? false),
    ...(options.parseDefinition ? { parseDefinition: options.parseDefinition } : {}),
  });
  createdHttp = await CreatedHttpApis.open(store, {
    region: ctx.region,
    accountId: ctx.accountId,
    now: options.now ?? (() => Date.now()),
    reserved: (id) => templateIds.has(id) || created.has(id),
    ...(options.parseDefinition ? { parseDefinition: options.parseDefinition } : {}),
    ...(options.createdApiEndpoint ? { endpoint: options.createdApiEndpoint } : {}),
  });
  const domains = await DomainNames.open(store, { region: ctx.region, now: options.now ?? (() => Date.now()) });
  const handle = createControlPlaneWire(v1, v2, created, createdHttp, domains, options.logger ?? silentLogger);
  // Both control planes sign as "apigateway"; the app's own routes are served on the app port, never here.
  return { name: "apigateway", route: { signingNames: ["apigateway"] }, handle, created, createdHttp };
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
