import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("BinaryMediaTypes of REST APIs", () => {
  it("reads SAM BinaryMediaTypes (Globals, ~1 escapes), CloudFormation BinaryMediaTypes and x-amazon-apigateway-binary-media-types", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    BinaryMediaTypes: ["image~1png", "*~1*"]
Resources:
  Implicit:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Events:
        Get: { Type: Api, Properties: { Path: /a, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /b, Method: get } }
  Sam:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      BinaryMediaTypes: ["application~1octet-stream", "image/jpeg"]
      DefinitionBody:
        swagger: "2.0"
        x-amazon-apigateway-binary-media-types: [application/pdf, image/jpeg]
        paths: {}
  Cfn:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: cfn, BinaryMediaTypes: ["image~1gif", "application/zip"] }
  Body:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: body
      Body: { openapi: "3.0.1", info: { title: body, version: "1" }, x-amazon-apigateway-binary-media-types: ["image/*"], paths: {} }
  Plain:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: plain }
`);
    const types = Object.fromEntries(model.apis.map((api) => [api.logicalId, api.binaryMediaTypes]));
    expect(types).toEqual({
      ServerlessRestApi: ["image/png", "*/*"],
      ServerlessHttpApi: undefined,
      // SAM appends a resource's list to the Globals' one.
      Sam: ["image/png", "*/*", "application/octet-stream", "image/jpeg", "application/pdf"],
      Cfn: ["image/gif", "application/zip"],
      Body: ["image/*"],
      Plain: undefined,
    });
  });
});
