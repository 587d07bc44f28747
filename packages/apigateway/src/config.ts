import { SandboxError } from "@sam-sandbox/core";

/**
 * One API of the template, as packages/template's ApiSpec describes it (an ApiSpec
 * is assignable to ApiConfig). All APIs are served together on the app port.
 */
export interface ApiConfig {
  /** Logical id in the template, shown by routes() and in messages. */
  logicalId?: string;
  /** "http" = API Gateway v2 HTTP API; "rest" = API Gateway v1 REST API. */
  kind: "http" | "rest";
  /** 10-character id: requestContext.apiId and the execute-api host name. */
  apiId: string;
  /** "$default" (served from the root) or a stage name such as "Prod". */
  stageName: string;
  cors?: CorsConfig;
  routes: RouteConfig[];
  /** REST API BinaryMediaTypes. Left out: bodies that are not UTF-8 text travel base64-encoded. */
  binaryMediaTypes?: string[];
  /** Stage variables, passed to functions as event.stageVariables. */
  stageVariables?: Record<string, string>;
}

export interface RouteConfig {
  /** "GET", "POST", …, or "ANY". */
  method: string;
  /** "/items/{id}", "/{proxy+}", or "$default" (HTTP APIs). */
  path: string;
  /** What the Lambda port is invoked with. */
  functionName: string;
  /** "2.0" (HTTP API default) or "1.0" (REST APIs; HTTP API PayloadFormatVersion "1.0"). */
  payloadFormatVersion: "1.0" | "2.0";
  /** TimeoutInMillis of the integration. */
  timeoutMs?: number;
}

/** HTTP API CorsConfiguration, or a REST API's Cors (SAM's quoted strings, quotes optional). */
export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

const METHODS = new Set(["ANY", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Validates the APIs once at start-up: a mistake names the API and the route. */
export function validateApis(apis: ApiConfig[]): void {
  for (const api of apis) {
    const name = api.logicalId ?? api.apiId;
    for (const route of api.routes) {
      const where = `API ${name}, route ${route.method} ${route.path}`;
      if (!METHODS.has(route.method.toUpperCase())) {
        throw new SandboxError(`${where}: unknown method ${route.method}.`, { hint: `Use one of ${[...METHODS].join(", ")}.` });
      }
      if (route.path === "$default") {
        if (api.kind === "rest") throw new SandboxError(`${where}: $default routes exist only in HTTP APIs.`);
        continue;
      }
      if (!route.path.startsWith("/")) {
        throw new SandboxError(`${where}: the path must start with "/".`);
      }
      const greedy = route.path.indexOf("+}");
      if (greedy >= 0 && greedy !== route.path.length - 2) {
        throw new SandboxError(`${where}: a greedy path variable ({proxy+}) must end the path.`);
      }
    }
  }
}
