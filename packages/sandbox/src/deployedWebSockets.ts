/**
 * WebSocket APIs created through API Gateway v2's control plane (CreateApi --protocol-type
 * WEBSOCKET … CreateStage), served by the stages that have a deployment through the same WebSocket
 * gateway as the template's: each stage's deployment is read by the template's WebSocket reader
 * (deployedWebSocketApi) into the config a template's WebSocket API has. Handshakes reach them at
 *   ws://127.0.0.1:4566/_aws/execute-api/<id>/<stage> (their ApiEndpoint, with the stage appended)
 *   ws://<id>.execute-api.<anything>:4566/<stage> (any Host <id>.execute-api.…, as on AWS)
 *   ws://127.0.0.1:3000/<id>/<stage> (the app port, where a template's API answers at /<id>/<stage> too)
 * The template's WebSocket APIs answer at the two edge forms too (their app port's /<stage> stays).
 * A config is rebuilt on the next lookup after a change of what its stage serves; the gateway looks
 * it up again for each message, so open connections are routed by the stage's latest deployment.
 */
import type { CreatedHttpApis } from "@sam-sandbox/apigateway-control";
import { selectionPath, type WebSocketApiConfig, type WebSocketApiFinder } from "@sam-sandbox/apigateway";
import { deployedWebSocketApi } from "@sam-sandbox/template";
import type { Logger } from "@sam-sandbox/core";
import { deployedApiTarget } from "./deployedApis.js";

export interface DeployedWebSocketsOptions {
  /** The HTTP and WebSocket APIs created through the v2 control plane (loads API Gateway's control plane on first use). */
  createdHttp: () => Promise<CreatedHttpApis>;
  region: string;
  accountId: string;
  logger: Logger;
  /** The template's WebSocket APIs, found on the edge by id and stage before the created ones. */
  templateApis?: readonly WebSocketApiConfig[];
}

export interface DeployedWebSockets {
  /** Handshakes on the edge port: /_aws/execute-api/<id>/<stage> and Host <id>.execute-api.… /<stage>. */
  edge: WebSocketApiFinder;
  /** Handshakes on the app port: /<id>/<stage>. */
  app: WebSocketApiFinder;
  /** Whether a created WebSocket API has answered a handshake (its functions may then call @connections). */
  used(): boolean;
}

const APP_PATH = /^\/([a-z0-9]{10})\/([^/]+)\/?$/i;

export function createDeployedWebSockets(options: DeployedWebSocketsOptions): DeployedWebSockets {
  /** Configs by API, then stage; an API's entry is dropped when its stages change. */
  const configs = new Map<string, Map<string, WebSocketApiConfig>>();
  let subscribed: CreatedHttpApis | undefined;
  let used = false;

  const stagesOf = (created: CreatedHttpApis, apiId: string): Map<string, WebSocketApiConfig> => {
    let stages = configs.get(apiId);
    if (stages) return stages;
    stages = new Map();
    for (const served of created.servedStages(apiId)) {
      if (served.protocolType !== "WEBSOCKET") continue;
      const { api, warnings } = deployedWebSocketApi(served, { region: options.region, accountId: options.accountId });
      for (const warning of warnings) options.logger.warn(`WebSocket API ${apiId}, stage ${served.stageName}: ${warning}`);
      if (!api) continue;
      // The gateway routes by $request.body.<path> expressions only (as for the template's APIs).
      if (!selectionPath(api.routeSelectionExpression)) {
        options.logger.error(`WebSocket API ${apiId}, stage ${served.stageName} cannot be served: RouteSelectionExpression ${api.routeSelectionExpression} is not supported (use $request.body.<property>)`);
        continue;
      }
      stages.set(served.stageName, api);
    }
    configs.set(apiId, stages);
    return stages;
  };

  const find = async (apiId: string, stage: string): Promise<WebSocketApiConfig | undefined> => {
    const created = await options.createdHttp();
    if (subscribed !== created) {
      subscribed = created;
      created.onStagesChanged((id) => configs.delete(id));
    }
    if (!created.has(apiId)) return undefined;
    const config = stagesOf(created, apiId).get(stage);
    if (config) used = true;
    return config;
  };

  return {
    edge: (path, host) => {
      if (path.startsWith("/restapis/")) return undefined;
      const target = deployedApiTarget({ path, headers: { host } });
      // A WebSocket API answers at its stage's URL itself: wss://<id>.execute-api.<region>.amazonaws.com/<stage>.
      if (!target || target.path !== "/") return undefined;
      return options.templateApis?.find((api) => api.apiId === target.apiId && api.stageName === target.stage) ?? find(target.apiId, target.stage);
    },
    app: (path) => {
      const match = APP_PATH.exec(path);
      return match ? find(match[1].toLowerCase(), decodeURIComponentSafe(match[2])) : undefined;
    },
    used: () => used,
  };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
