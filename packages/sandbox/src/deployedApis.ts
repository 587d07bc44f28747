/**
 * APIs created through API Gateway's control planes, served on the edge port by their stages.
 * REST APIs (CreateRestApi … CreateDeployment) by their deployed stages, at LocalStack's addresses:
 *   http://localhost:4566/restapis/<id>/<stage>/_user_request_/<path>
 *   http://<id>.execute-api.localhost.localstack.cloud:4566/<stage>/<path> (any Host <id>.execute-api.…)
 *   http://localhost:4566/_aws/execute-api/<id>/<stage>/<path>
 * Each stage gets its own gateway (packages/apigateway) built from the OpenAPI export of the
 * deployment it serves, read by the template's OpenAPI reader as a template's Body is.
 * HTTP APIs (CreateApi … CreateStage) by the stages that have a deployment, as execute-api serves
 * them: the $default stage at the host's root, a named stage at /<stage>/… (also under
 * /_aws/execute-api/<id>/); each stage's deployment is read by the template's AWS::ApiGatewayV2
 * readers into its own gateway. A gateway is rebuilt on the next request after a change of what
 * its stage serves. The template's REST APIs and HTTP APIs answer at the host form too, through
 * the app port's gateway.
 */
import type { CreatedHttpApis, CreatedRestApis } from "@sam-sandbox/apigateway-control";
import { createApiGateway, type ApiGateway, type ApiGatewayOptions } from "@sam-sandbox/apigateway";
import { deployedHttpApi, deployedRestApi } from "@sam-sandbox/template";
import { randomBase64Url, requestId, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { HostFront } from "./edge.js";

const USER_REQUEST = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;
/** LocalStack's documented path form: /_aws/execute-api/<apiId>/<stage>/<path>. */
const EXECUTE_API_PATH = /^\/_aws\/execute-api\/([a-z0-9]{10})(\/.*)?$/i;
const EXECUTE_API_HOST = /^([a-z0-9]{10})\.execute-api\./i;

export interface DeployedApisOptions {
  /** The control plane's created APIs (loads API Gateway's control plane on first use). */
  created: () => Promise<CreatedRestApis>;
  /** The HTTP APIs created through the v2 control plane (the same load). */
  createdHttp: () => Promise<CreatedHttpApis>;
  /** What every stage's gateway is built with (the app port's gateway's options). */
  gateway: Omit<ApiGatewayOptions, "apis">;
  /** The template's APIs (their kind by id) and the app port's gateway that serves them. */
  templateApi?: { kind(apiId: string): "rest" | "http" | undefined; handle(req: EdgeRequest): Promise<EdgeResponse> };
  logger: Logger;
}

interface Target {
  apiId: string;
  stage: string;
  /** The path after the stage, "/" at least, still percent-encoded. */
  path: string;
  /** The whole path after the API's address (an HTTP API's $default stage is served at its root). */
  whole?: string;
}

/** The API, stage and path a request addresses, or undefined for any other request. */
export function deployedApiTarget(req: Pick<EdgeRequest, "path" | "headers">): Target | undefined {
  const byPath = USER_REQUEST.exec(req.path);
  if (byPath) return { apiId: byPath[1], stage: decodeURIComponentSafe(byPath[2]), path: byPath[3] ?? "/" };
  const byBasePath = EXECUTE_API_PATH.exec(req.path);
  const host = byBasePath ? undefined : EXECUTE_API_HOST.exec(req.headers.host ?? "");
  const apiId = byBasePath?.[1] ?? host?.[1];
  if (apiId === undefined) return undefined;
  const path = byBasePath ? (byBasePath[2] ?? "/") : req.path;
  const [, stage = "", ...rest] = path.split("/");
  return { apiId: apiId.toLowerCase(), stage: decodeURIComponentSafe(stage), path: `/${rest.join("/")}`, whole: path };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * API Gateway's answer for a stage the API does not have (and, at these local addresses, an API
 * the account does not have): 403 {"message":"Forbidden"}, as execute-api answers an unknown stage.
 */
function forbidden(): EdgeResponse {
  return {
    status: 403,
    headers: { "content-type": "application/json", "x-amzn-requestid": requestId(), "x-amzn-errortype": "ForbiddenException" },
    body: '{"message":"Forbidden"}',
  };
}

/** What an HTTP API answers a path no route (nor stage) takes: 404 {"message":"Not Found"}, as its gateway answers one with no route. */
function notFound(): EdgeResponse {
  return {
    status: 404,
    headers: { "content-type": "application/json", "apigw-requestid": `${randomBase64Url(11)}=` },
    body: '{"message":"Not Found"}',
  };
}

export function createDeployedApis(options: DeployedApisOptions): HostFront {
  /** Gateways by API, then stage; an API's entry is dropped when its stages change. */
  const gateways = new Map<string, Map<string, ApiGateway>>();
  let subscribed: CreatedRestApis | undefined;
  let subscribedHttp: CreatedHttpApis | undefined;

  const httpStagesOf = (created: CreatedHttpApis, apiId: string): Map<string, ApiGateway> => {
    let stages = gateways.get(apiId);
    if (stages) return stages;
    stages = new Map();
    for (const served of created.servedStages(apiId)) {
      // A WebSocket API's stages answer handshakes only (deployedWebSockets.ts).
      if (served.protocolType !== "HTTP") continue;
      const { api, warnings } = deployedHttpApi(served, { region: options.gateway.region, accountId: options.gateway.accountId });
      for (const warning of warnings) options.logger.warn(`HTTP API ${apiId}, stage ${served.stageName}: ${warning}`);
      if (!api) continue;
      try {
        stages.set(served.stageName, createApiGateway({ ...options.gateway, apis: [api] }));
      } catch (error) {
        options.logger.error(`HTTP API ${apiId}, stage ${served.stageName} cannot be served: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    gateways.set(apiId, stages);
    return stages;
  };

  /** An HTTP API's request: the stage its first segment names, else the $default stage with the whole path. */
  const handleHttp = (created: CreatedHttpApis, target: Target, req: EdgeRequest): Promise<EdgeResponse> => {
    const stages = httpStagesOf(created, target.apiId);
    const named = target.stage !== "$default" ? stages.get(target.stage) : undefined;
    if (named) return named.handle({ ...req, path: `/${encodeURIComponent(target.stage)}${target.path}` });
    const byDefault = stages.get("$default");
    return byDefault ? byDefault.handle({ ...req, path: target.whole ?? req.path }) : Promise.resolve(notFound());
  };

  const stagesOf = (created: CreatedRestApis, apiId: string): Map<string, ApiGateway> => {
    let stages = gateways.get(apiId);
    if (stages) return stages;
    stages = new Map();
    for (const served of created.servedStages(apiId)) {
      const { api, warnings } = deployedRestApi(served.document, {
        apiId, name: served.name, stageName: served.stageName, stageVariables: served.variables, tracingEnabled: served.tracingEnabled, apiKeys: served.apiKeys,
      });
      for (const warning of warnings) options.logger.warn(`REST API ${apiId}, stage ${served.stageName}: ${warning}`);
      try {
        stages.set(served.stageName, createApiGateway({ ...options.gateway, apis: [api] }));
      } catch (error) {
        options.logger.error(`REST API ${apiId}, stage ${served.stageName} cannot be served: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    gateways.set(apiId, stages);
    return stages;
  };

  return {
    matches: (req) => deployedApiTarget(req) !== undefined,
    handle: async (req) => {
      const target = deployedApiTarget(req);
      if (!target) return forbidden();
      // A path whose stage is its first segment: the gateways serve "/<stage>/<path>" as execute-api does.
      const staged: EdgeRequest = { ...req, path: `/${encodeURIComponent(target.stage)}${target.path}` };
      const templateKind = options.templateApi?.kind(target.apiId);
      // An HTTP API answers at its host's root ($default stage), as execute-api serves it.
      if (templateKind === "http" && options.templateApi) {
        return options.templateApi.handle(USER_REQUEST.test(req.path) ? { ...req, path: target.path } : { ...req, path: target.whole ?? req.path });
      }
      if (templateKind === "rest" && options.templateApi) return options.templateApi.handle(staged);
      const created = await options.created();
      if (subscribed !== created) {
        subscribed = created;
        created.onStagesChanged((apiId) => gateways.delete(apiId));
      }
      const createdHttp = await options.createdHttp();
      if (subscribedHttp !== createdHttp) {
        subscribedHttp = createdHttp;
        createdHttp.onStagesChanged((apiId) => gateways.delete(apiId));
      }
      if (createdHttp.has(target.apiId) && !USER_REQUEST.test(req.path)) return handleHttp(createdHttp, target, req);
      if (!created.has(target.apiId)) return forbidden();
      const gateway = stagesOf(created, target.apiId).get(target.stage);
      return gateway ? gateway.handle(staged) : forbidden();
    },
  };
}
