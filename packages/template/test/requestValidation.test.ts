import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const SAM = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
const HANDLER = { "src/app.js": "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n" };
const FN = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: fn
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
`;

describe("OpenAPI request validators", () => {
  it("reads x-amazon-apigateway-request-validator(s), required parameters and an OpenAPI 3 requestBody schema with $refs", async () => {
    const template = `${SAM}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        openapi: "3.0.1"
        x-amazon-apigateway-request-validators:
          all: { validateRequestBody: true, validateRequestParameters: true }
          params: { validateRequestBody: false, validateRequestParameters: true }
        x-amazon-apigateway-request-validator: all
        paths:
          /pets/{id}:
            parameters:
              - { name: id, in: path, required: true }
            put:
              parameters:
                - { name: x-tenant, in: header, required: true }
                - { name: dryRun, in: query, required: false }
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Pet" }
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
            get:
              x-amazon-apigateway-request-validator: params
              parameters:
                - { name: fields, in: query, required: true }
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
        components:
          schemas:
            Pet:
              type: object
              required: [name]
              properties:
                name: { type: string }
                tag: { $ref: "#/components/schemas/Tag" }
            Tag: { type: string, maxLength: 10 }
${FN}`;
    const model = await apps.load(template, { files: HANDLER });
    const routes = model.apis[0].routes;
    expect(routes.find((r) => r.method === "PUT")?.validation).toEqual({
      validateBody: true,
      validateParameters: true,
      requiredParameters: ["method.request.path.id", "method.request.header.x-tenant"],
      models: { "application/json": { type: "object", required: ["name"], properties: { name: { type: "string" }, tag: { type: "string", maxLength: 10 } } } },
    });
    expect(routes.find((r) => r.method === "GET")?.validation).toEqual({
      validateBody: false,
      validateParameters: true,
      requiredParameters: ["method.request.path.id", "method.request.querystring.fields"],
    });
  });

  it("reads a Swagger 2 body parameter for each consumed type", async () => {
    const template = `${SAM}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: "2.0"
        x-amazon-apigateway-request-validators:
          body: { validateRequestBody: true, validateRequestParameters: false }
        paths:
          /items:
            post:
              x-amazon-apigateway-request-validator: body
              consumes: [application/json]
              parameters:
                - { name: Item, in: body, required: true, schema: { $ref: "#/definitions/Item" } }
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
        definitions:
          Item: { type: object, required: [id] }
${FN}`;
    const model = await apps.load(template, { files: HANDLER });
    expect(model.apis[0].routes[0].validation).toEqual({
      validateBody: true,
      validateParameters: false,
      models: { "application/json": { type: "object", required: ["id"] } },
    });
  });

  it("leaves a method without a validator unvalidated, and warns of a $ref it cannot resolve", async () => {
    const template = `${SAM}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        openapi: "3.0.1"
        x-amazon-apigateway-request-validators:
          all: { validateRequestBody: true, validateRequestParameters: true }
        paths:
          /a:
            post:
              requestBody: { content: { application/json: { schema: { type: object } } } }
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
          /b:
            post:
              x-amazon-apigateway-request-validator: all
              requestBody: { content: { application/json: { schema: { $ref: "other.yaml#/Pet" } } } }
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
${FN}`;
    const model = await apps.load(template, { files: HANDLER });
    const [a, b] = model.apis[0].routes;
    expect(a.validation).toBeUndefined();
    expect(b.validation).toEqual({ validateBody: true, validateParameters: true });
    expect(model.warnings).toContain("Api: POST /b: the request body schema for application/json has a $ref the sandbox cannot resolve; bodies of application/json are not validated");
  });
});

describe("AWS_IAM authorization", () => {
  it("marks SAM Api, HttpApi and CloudFormation AWS_IAM routes, without the old warning", async () => {
    const template = `${SAM}Resources:
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth: { DefaultAuthorizer: AWS_IAM }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth: { EnableIamAuthorizer: true, DefaultAuthorizer: AWS_IAM }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
      Events:
        R: { Type: Api, Properties: { RestApiId: !Ref Rest, Path: /r, Method: get } }
        Open: { Type: Api, Properties: { RestApiId: !Ref Rest, Path: /open, Method: get, Auth: { Authorizer: NONE } } }
        H: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /h, Method: get } }
`;
    const model = await apps.load(template, { files: HANDLER });
    const rest = model.apis.find((a) => a.logicalId === "Rest");
    expect(rest?.routes.find((r) => r.path === "/r")?.authorization).toEqual({ iam: true });
    expect(rest?.routes.find((r) => r.path === "/open")?.authorization).toBeUndefined();
    expect(model.apis.find((a) => a.logicalId === "Http")?.routes[0].authorization).toEqual({ iam: true });
    expect(model.warnings.filter((w) => w.includes("AWS_IAM"))).toEqual([]);
  });
});
