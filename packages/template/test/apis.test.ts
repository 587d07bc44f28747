import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadTemplate } from "../src/index.js";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const HEADER = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
`;

describe("SAM APIs", () => {
  it("requires StageName on an explicit AWS::Serverless::Api", async () => {
    const error = await sandboxError(apps.load(`${HEADER}  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      Name: x\n`));
    expect(error.message).toBe("Resource with id [Api] is invalid. Missing required property 'StageName'.");
    expect(error.line).toBe(7);
  });

  it("rejects a RestApiId that is not a Ref to an AWS::Serverless::Api, with SAM's message", async () => {
    const error = await sandboxError(apps.load(`${HEADER}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get:
          Type: Api
          Properties:
            Path: /
            Method: get
            RestApiId: abc123
`));
    expect(error.message).toBe("Event with id [Get] is invalid. RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.");
    expect(error.line).toBe(16);
  });

  it("requires Path and Method on Api events", async () => {
    const error = await sandboxError(apps.load(`${HEADER}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get:
          Type: Api
          Properties:
            Path: /
`));
    expect(error.message).toBe("Event with id [Get] is invalid. Api events need Path and Method.");
  });

  it("reads Lambda proxy routes from DefinitionBody and merges event routes into it", async () => {
    const model = await apps.load(`${HEADER}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Post:
          Type: Api
          Properties: { Path: /orders, Method: post, RestApiId: !Ref Api }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Cors: "'https://shop.example'"
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /orders/{id}:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations"
          /external:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                uri: https://example.com
`);
    const api = model.apis[0];
    expect(api.routes.map((r) => `${r.method} ${r.path} ${r.functionLogicalId}`)).toEqual(["GET /orders/{id} Fn", "GET /external ", "POST /orders Fn"]);
    expect(api.cors).toMatchObject({ allowOrigins: ["https://shop.example"], allowMethods: ["GET", "OPTIONS", "POST"], allowHeaders: [], exposeHeaders: [], allowCredentials: false });
    // SAM's OPTIONS method on every path, DefinitionBody's and the events' (restCors.test.ts has the details).
    expect(Object.keys(api.cors?.preflights ?? {})).toEqual(["/orders/{id}", "/external", "/orders"]);
    // An http_proxy integration is served: the request goes on to its URI.
    expect(api.routes.find((r) => r.path === "/external")?.awsIntegration).toMatchObject({ service: "http_proxy", uri: "https://example.com" });
    expect(model.warnings.filter((w) => w.includes("/external"))).toEqual([]);
  });

  it("reports a function whose environment refers to the API serving it (SAM's circular dependency)", async () => {
    const error = await sandboxError(apps.load(`${HEADER}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          API_ID: !Ref ServerlessRestApi
      Events:
        Get:
          Type: Api
          Properties: { Path: /, Method: get }
`));
    expect(error.message).toBe("Circular dependency between resources: [Fn, ServerlessRestApi]");
  });

  it("lets another function refer to the implicit API", async () => {
    const model = await apps.load(`${HEADER}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get:
          Type: Api
          Properties: { Path: /, Method: ANY }
  Client:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          API_URL: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/\${ServerlessRestApi.Stage}"
`);
    const api = model.apis[0];
    expect(model.functions[1].environment.API_URL).toBe(`https://${api.apiId}.execute-api.us-east-1.amazonaws.com/Prod`);
    expect(api.routes[0].method).toBe("ANY");
  });
});

describe("X-Ray tracing of APIs", () => {
  it("reads TracingEnabled of a REST API (SAM, Globals) and of a CloudFormation stage; HTTP APIs have none", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    TracingEnabled: true
Resources:
  Implicit:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Events:
        Get: { Type: Api, Properties: { Path: /a, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /b, Method: get } }
  Plain:
    Type: AWS::Serverless::Api
    Properties: { StageName: dev, TracingEnabled: false }
  Cfn:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: cfn }
  CfnStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Cfn, StageName: prod, DeploymentId: x, TracingEnabled: "true" }
`);
    const tracing = Object.fromEntries(model.apis.map((api) => [api.logicalId, api.tracingEnabled]));
    expect(tracing).toEqual({ ServerlessRestApi: true, ServerlessHttpApi: undefined, Plain: undefined, Cfn: true });
  });
});

describe("the tags and version AWS gives a template's APIs", () => {
  it("REST APIs carry CloudFormation's stack tags (a RestApi's own Tags first), SAM's generated swagger version 1.0; SAM HTTP APIs httpapi:createdBy SAM", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Implicit:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Events:
        Get: { Type: Api, Properties: { Path: /a, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /b, Method: get } }
  Body:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Tags: { team: stage-only }
      DefinitionBody: { swagger: "2.0", info: { title: body, version: "7" }, paths: {} }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties: { Tags: { team: blue } }
  Cfn:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: cfn, Tags: [{ Key: team, Value: red }] }
`);
    const cfnTags = (logicalId: string) => ({
      "aws:cloudformation:stack-name": model.stackName,
      "aws:cloudformation:logical-id": logicalId,
      "aws:cloudformation:stack-id": model.stackId,
    });
    const byId = Object.fromEntries(model.apis.map((api) => [api.logicalId, { tags: api.tags, version: api.version }]));
    expect(byId).toEqual({
      ServerlessRestApi: { tags: cfnTags("ServerlessRestApi"), version: "1.0" },
      ServerlessHttpApi: { tags: { "httpapi:createdBy": "SAM" }, version: undefined },
      Body: { tags: cfnTags("Body"), version: undefined },
      Http: { tags: { "httpapi:createdBy": "SAM", team: "blue" }, version: undefined },
      Cfn: { tags: { team: "red", ...cfnTags("Cfn") }, version: undefined },
    });
    expect(Object.keys(byId.Http.tags ?? {})[0]).toBe("httpapi:createdBy");
  });
});

describe("CloudFormation APIs", () => {
  it("builds a WebSocket API from its Route, Integration, RouteResponse and Stage resources", async () => {
    const model = await apps.load(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: chat
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::000000000000:role/r
      Code: { ZipFile: "exports.handler = async () => ({ statusCode: 200 });" }
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: "$request.body.type" }
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Ws
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations"
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Ws, RouteKey: $connect, Target: !Sub "integrations/\${Integ}" }
  EchoRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Ws, RouteKey: echo, Target: !Sub "integrations/\${Integ}" }
  EchoResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref Ws, RouteId: !Ref EchoRoute, RouteResponseKey: $default }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Ws, StageName: dev, AutoDeploy: true }
`);
    expect(model.apis).toEqual([]);
    expect(model.warnings).toEqual([]);
    expect(model.webSocketApis).toEqual([
      {
        logicalId: "Ws",
        apiId: model.resources.Ws.ref,
        name: "ws",
        stageName: "dev",
        routeSelectionExpression: "$request.body.type",
        routes: [
          { routeKey: "$connect", functionLogicalId: "Fn", functionName: "chat", twoWay: false, eventId: "ConnectRoute" },
          { routeKey: "echo", functionLogicalId: "Fn", functionName: "chat", twoWay: true, eventId: "EchoRoute" },
        ],
        line: expect.any(Number),
      },
    ]);
    expect(model.resources.Ws.attributes.ApiEndpoint).toMatch(/^wss:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  });

  it("resolves a WebSocket API's ApiEndpoint to the sandbox's ws:// URL when the app port is known", async () => {
    const dir = apps.make({
      "template.yaml": `Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: "$request.body.action" }
Outputs:
  Endpoint:
    Value: !GetAtt Ws.ApiEndpoint
`,
    });
    const model = await loadTemplate({ file: join(dir, "template.yaml"), appUrl: "http://127.0.0.1:3000" });
    expect(model.outputs.Endpoint.value).toBe("ws://127.0.0.1:3000");
  });

  it("builds a quick-create HTTP API (Target) and a payload 1.0 integration", async () => {
    const model = await apps.load(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: quick
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::000000000000:role/r
      Code: { ZipFile: "exports.handler = async () => 1;" }
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: quick-api
      ProtocolType: HTTP
      Target: !GetAtt Fn.Arn
  Legacy:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations"
      PayloadFormatVersion: "1.0"
      TimeoutInMillis: 6000
  LegacyRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: "GET /legacy"
      Target: !Sub "integrations/\${Legacy}"
`);
    expect(model.apis[0].routes).toEqual([
      { method: "ANY", path: "$default", functionLogicalId: "Fn", functionName: "quick", payloadFormatVersion: "2.0", eventId: "Api.Target" },
      { method: "GET", path: "/legacy", functionLogicalId: "Fn", functionName: "quick", payloadFormatVersion: "1.0", eventId: "LegacyRoute", timeoutMs: 6000 },
    ]);
  });
});
