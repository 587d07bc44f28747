/**
 * deployedWebSocketApi: a WebSocket API created through API Gateway v2's control plane, one
 * stage's deployment read by the template's WebSocket reader from the AWS::ApiGatewayV2 resources it
 * is made of (routes to Lambda proxies named by either ARN form, route responses making a route
 * two-way, the route selection expression and the stage's variables).
 */
import { describe, expect, it } from "vitest";
import { deployedWebSocketApi } from "../src/index.js";

const FN = "arn:aws:lambda:us-east-1:000000000000:function:chat";
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
const context = { region: "us-east-1", accountId: "000000000000" };

const stage = {
  apiId: "abcdefghij",
  stageName: "production",
  variables: { room: "lobby" },
  snapshot: {
    Name: "chat",
    RouteSelectionExpression: "$request.body.action",
    integrations: {
      uri0001: { IntegrationId: "uri0001", IntegrationType: "AWS_PROXY", IntegrationUri: URI, TimeoutInMillis: 29000 },
      arn0001: { IntegrationId: "arn0001", IntegrationType: "AWS_PROXY", IntegrationUri: `${FN}:live`, TimeoutInMillis: 5000 },
      mock001: { IntegrationId: "mock001", IntegrationType: "MOCK", TimeoutInMillis: 29000 },
    },
    authorizers: {},
    routes: {
      r1: { RouteId: "r1", RouteKey: "$connect", Target: "integrations/uri0001", AuthorizationType: "NONE" },
      r2: { RouteId: "r2", RouteKey: "echo", Target: "integrations/arn0001", AuthorizationType: "NONE", responses: { rr0001: { RouteResponseId: "rr0001", RouteResponseKey: "$default" } } },
      r3: { RouteId: "r3", RouteKey: "__proto__", Target: "integrations/uri0001", AuthorizationType: "NONE" },
      r4: { RouteId: "r4", RouteKey: "mocked", Target: "integrations/mock001", AuthorizationType: "NONE" },
    },
  },
};

describe("deployedWebSocketApi", () => {
  it("reads the stage's deployment as the template's WebSocket reader reads its resources", () => {
    const { api, warnings } = deployedWebSocketApi(stage, context);
    expect(api).toMatchObject({ apiId: "abcdefghij", name: "chat", stageName: "production", routeSelectionExpression: "$request.body.action", stageVariables: { room: "lobby" } });
    expect(api?.routes.map((r) => [r.routeKey, r.functionName, r.twoWay, r.timeoutMs])).toEqual([
      ["$connect", "chat", false, 29000],
      ["echo", "chat:live", true, 5000],
      ["__proto__", "chat", false, 29000],
    ]);
    // A MOCK integration is not served (as for the template's APIs), and says so.
    expect(warnings.join("\n")).toContain("mocked");
  });

  it("reads $connect's Lambda REQUEST authorizer; warns that AWS_IAM is not applied", () => {
    const routes = {
      ...stage.snapshot.routes,
      r1: { ...stage.snapshot.routes.r1, AuthorizationType: "CUSTOM", AuthorizerId: "auth01" },
      r2: { ...stage.snapshot.routes.r2, AuthorizationType: "AWS_IAM" },
    };
    const authorizers = { auth01: { AuthorizerId: "auth01", Name: "a", AuthorizerType: "REQUEST", AuthorizerUri: URI.replace("chat", "authz"), IdentitySource: ["route.request.querystring.token"] } };
    const { api, warnings } = deployedWebSocketApi({ ...stage, snapshot: { ...stage.snapshot, routes, authorizers } }, context);
    expect(api?.routes.find((r) => r.routeKey === "$connect")?.authorizer).toEqual({ functionName: "authz", identitySources: ["route.request.querystring.token"] });
    expect(warnings).toContain("route echo: AWS_IAM authorization of WebSocket APIs is not emulated; the route is served without it");
  });
});
