/**
 * deployedHttpApi: an HTTP API created through API Gateway v2's control plane, one stage's
 * deployment read as the AWS::ApiGatewayV2 resources it is made of (routes, integrations,
 * authorizers, CORS, the stage's variables and throttles).
 */
import { describe, expect, it } from "vitest";
import { deployedHttpApi } from "../src/index.js";

const FN = "arn:aws:lambda:us-east-1:000000000000:function:made-later";
const AUTHZ = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authz/invocations";
const context = { region: "us-east-1", accountId: "000000000000" };

const stage = {
  apiId: "abcdefghij",
  stageName: "prod",
  variables: { color: "blue" },
  defaultRouteSettings: { DetailedMetricsEnabled: false, ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 },
  routeSettings: { "GET /items/{id}": { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 } },
  snapshot: {
    Name: "items",
    CorsConfiguration: { AllowOrigins: ["https://app.example"], AllowMethods: ["GET"], MaxAge: 60 },
    integrations: {
      lambda1: { IntegrationId: "lambda1", IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0", TimeoutInMillis: 5000 },
      lambda2: { IntegrationId: "lambda2", IntegrationType: "AWS_PROXY", IntegrationUri: `${FN}:live`, PayloadFormatVersion: "1.0", TimeoutInMillis: 30000 },
      proxy01: { IntegrationId: "proxy01", IntegrationType: "HTTP_PROXY", IntegrationUri: "https://example.com/{proxy}", IntegrationMethod: "ANY", PayloadFormatVersion: "1.0", TimeoutInMillis: 30000 },
    },
    authorizers: {
      jwt001: { AuthorizerId: "jwt001", Name: "cognito", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: { Issuer: "https://issuer.example", Audience: ["app"] } },
      fn0001: {
        AuthorizerId: "fn0001", Name: "fn", AuthorizerType: "REQUEST", IdentitySource: ["$request.header.x-token"], AuthorizerUri: AUTHZ,
        AuthorizerPayloadFormatVersion: "2.0", EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 0,
      },
    },
    routes: {
      r1: { RouteId: "r1", RouteKey: "GET /items/{id}", Target: "integrations/lambda1", AuthorizationType: "JWT", AuthorizerId: "jwt001", AuthorizationScopes: ["read"] },
      r2: { RouteId: "r2", RouteKey: "$default", Target: "integrations/lambda2", AuthorizationType: "CUSTOM", AuthorizerId: "fn0001" },
      r3: { RouteId: "r3", RouteKey: "ANY /proxy/{proxy+}", Target: "integrations/proxy01", AuthorizationType: "NONE" },
      r4: { RouteId: "r4", RouteKey: "GET /nothing", AuthorizationType: "NONE" },
    },
  },
};

describe("deployedHttpApi", () => {
  it("reads routes, integrations, authorizers, CORS and the stage's settings as the template's HTTP APIs are read", () => {
    const { api, warnings } = deployedHttpApi(stage, context);
    expect(api).toMatchObject({
      kind: "http", apiId: "abcdefghij", name: "items", stageName: "prod", stageVariables: { color: "blue" },
      cors: { allowOrigins: ["https://app.example"], allowMethods: ["GET"], maxAge: 60 },
      throttling: { defaultRoute: { rateLimit: 10, burstLimit: 5 }, routes: { "GET /items/{id}": { rateLimit: 1, burstLimit: 1 } } },
    });
    const byKey = Object.fromEntries((api?.routes ?? []).map((r) => [`${r.method} ${r.path}`, r]));
    expect(byKey["GET /items/{id}"]).toMatchObject({ functionName: "made-later", payloadFormatVersion: "2.0", timeoutMs: 5000, authorization: { authorizer: "jwt001", scopes: ["read"] } });
    expect(byKey["ANY $default"]).toMatchObject({ functionName: "made-later:live", payloadFormatVersion: "1.0", authorization: { authorizer: "fn0001" } });
    expect(byKey["ANY /proxy/{proxy+}"]).toMatchObject({ httpProxy: { uri: "https://example.com/{proxy}", method: "ANY" } });
    expect(byKey["GET /nothing"]).toBeUndefined();
    expect(api?.authorizers).toEqual([
      { name: "jwt001", type: "JWT", issuer: "https://issuer.example", audience: ["app"], identitySources: ["$request.header.Authorization"] },
      { name: "fn0001", type: "REQUEST", functionName: "authz", identitySources: ["$request.header.x-token"], ttlSeconds: 0, payloadFormatVersion: "2.0", simpleResponses: true },
    ]);
    // A route with no integration is not served, and says so.
    expect(warnings.join("\n")).toContain("GET /nothing");
  });
});
