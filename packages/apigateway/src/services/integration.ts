/**
 * Routes whose HTTP API integration calls SQS or EventBridge directly (AWS_PROXY with
 * IntegrationSubtype SQS-SendMessage / -ReceiveMessage / -DeleteMessage / -PurgeQueue or
 * EventBridge-PutEvents), through the AwsDispatcher port — the same service code the edge
 * runs. The service's answer is the response: its status and body (response.ts); no answer
 * within the integration timeout is API Gateway's 503, a service that cannot be reached its 500.
 */
import { type AwsDispatcher, type Clock, type EdgeResponse, isAwsError, type Logger } from "@sam-sandbox/core";
import type { ServiceIntegration } from "../config.js";
import { applyHttpCors } from "../cors.js";
import { InternalServerError, ServiceUnavailable } from "../errors.js";
import { withIntegrationTimeout } from "../integrationTimeout.js";
import { HTTP_API_INTEGRATION_TIMEOUT_MS } from "../limits.js";
import { finish, gatewayError } from "../respond.js";
import { mappingSource, type StepFunctionsCall } from "../stepfunctions/integration.js";
import { serviceRequest } from "./request.js";
import { errorBody, EVENTS_CONTENT_TYPE, SQS_CONTENT_TYPE, successBody } from "./response.js";
import { SUBTYPES } from "./subtypes.js";

export interface ServiceIntegrationDeps {
  dispatcher?: AwsDispatcher;
  clock: Clock;
  logger: Logger;
  accountId: string;
  region: string;
}

/** A request of a route served by a service integration (what a Step Functions route gets, its integration aside). */
export type ServiceIntegrationCall = Omit<StepFunctionsCall, "integration"> & { integration: ServiceIntegration };

type Outcome = { status: number; body: string } | "timeout" | "failed";

export async function serveServiceIntegration(deps: ServiceIntegrationDeps, call: ServiceIntegrationCall): Promise<EdgeResponse> {
  const { ids, api, integration } = call;
  const info = SUBTYPES[integration.subtype];
  const request = serviceRequest(integration, mappingSource(deps, call));
  const outcome = await dispatch(deps, call, request);
  if (outcome === "timeout") return gatewayError(new ServiceUnavailable(), "http", ids);
  if (outcome === "failed") return gatewayError(new InternalServerError(), "http", ids);
  const headers: Array<[string, string]> = [["Content-Type", info.service === "events" ? EVENTS_CONTENT_TYPE : SQS_CONTENT_TYPE]];
  return finish("http", outcome.status, api.cors ? applyHttpCors(api.cors, call.req.headers.origin, headers) : headers, Buffer.from(outcome.body), ids);
}

/** Calls the service, giving up after the integration timeout on the gateway's clock. */
async function dispatch(deps: ServiceIntegrationDeps, call: ServiceIntegrationCall, request: Record<string, unknown>): Promise<Outcome> {
  const info = SUBTYPES[call.integration.subtype];
  const { dispatcher } = deps;
  if (!dispatcher) {
    deps.logger.error(`API Gateway: ${call.route.routeKey} uses ${call.integration.subtype}, but no dispatcher reaches ${info.service}`);
    return "failed";
  }
  const answer = dispatcher.call(info.service, info.action, request).then(
    (output): Outcome => ({ status: 200, body: successBody(info, output) }),
    (error: unknown): Outcome => {
      if (isAwsError(error)) return { status: error.statusCode, body: errorBody(info, error) };
      deps.logger.warn(`API Gateway could not call ${info.service} ${info.action}: ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    },
  );
  return withIntegrationTimeout(deps, answer, call.route.route.timeoutMs ?? HTTP_API_INTEGRATION_TIMEOUT_MS, call.integration.subtype, call.route.routeKey);
}
