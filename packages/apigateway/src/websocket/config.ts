import { SandboxError } from "@sam-sandbox/core";

/**
 * One WebSocket API of the template, as packages/template's WebSocketApiSpec describes it
 * (a WebSocketApiSpec is assignable to it).
 */
export interface WebSocketApiConfig {
  logicalId?: string;
  /** 10-character id: requestContext.apiId. */
  apiId: string;
  /** The stage: the URL's path (ws://127.0.0.1:3000/<stage>) and requestContext.stage. */
  stageName: string;
  /** "$request.body.action" or another $request.body.<path> expression. */
  routeSelectionExpression: string;
  routes: WebSocketRouteConfig[];
  stageVariables?: Record<string, string>;
}

export interface WebSocketRouteConfig {
  /** "$connect", "$disconnect", "$default" or a custom key selected by the route selection expression. */
  routeKey: string;
  /** The function of the route's Lambda proxy integration. */
  functionName: string;
  /** A route with a RouteResponse: the function's answer (its `body`) is sent back to the client. */
  twoWay?: boolean;
  /** $connect's Lambda REQUEST authorizer (AuthorizationType CUSTOM). */
  authorizer?: WebSocketAuthorizerConfig;
}

export interface WebSocketAuthorizerConfig {
  functionName: string;
  /** "route.request.header.Auth", "route.request.querystring.token", "stageVariables.x": all must be present. */
  identitySources: string[];
}

/** `$request.body.a.b` or `${request.body.a.b}` → ["a", "b"]. */
export function selectionPath(expression: string): string[] | undefined {
  const match = /^\$\{?request\.body\.([A-Za-z0-9_.$-]+)\}?$/.exec(expression.trim());
  return match ? match[1].split(".") : undefined;
}

/** Validates the WebSocket APIs once at start-up: a mistake names the API. */
export function validateWebSocketApis(apis: WebSocketApiConfig[]): void {
  for (const api of apis) {
    const name = api.logicalId ?? api.apiId;
    if (!selectionPath(api.routeSelectionExpression)) {
      throw new SandboxError(`WebSocket API ${name}: RouteSelectionExpression ${api.routeSelectionExpression} is not supported.`, {
        hint: "Use a $request.body.<property> expression, e.g. $request.body.action.",
      });
    }
  }
}
