import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const SAM = "Transform: AWS::Serverless-2016-10-31\nResources:\n";

describe("ContentHandling of REST API non-proxy integrations", () => {
  it("reads a CloudFormation Integration's and IntegrationResponse's ContentHandling", async () => {
    const model = await apps.load(`${SAM}  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api, BinaryMediaTypes: [image/png] }
  Images:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: images }
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Images
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: HTTP
        IntegrationHttpMethod: POST
        Uri: https://example.com/images
        ContentHandling: CONVERT_TO_TEXT
        IntegrationResponses:
          - { StatusCode: 200, ContentHandling: CONVERT_TO_BINARY }
`);
    expect(model.apis[0]?.routes).toEqual([expect.objectContaining({
      awsIntegration: {
        service: "http",
        uri: "https://example.com/images",
        httpMethod: "POST",
        contentHandling: "CONVERT_TO_TEXT",
        responses: [{ statusCode: "200", contentHandling: "CONVERT_TO_BINARY" }],
      },
    })]);
  });

  it("reads an OpenAPI x-amazon-apigateway-integration's contentHandling", async () => {
    const model = await apps.load(`${SAM}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: "2.0"
        paths:
          /images:
            get:
              x-amazon-apigateway-integration:
                type: http
                httpMethod: GET
                uri: https://example.com/images
                contentHandling: CONVERT_TO_BINARY
                responses:
                  default: { statusCode: "200", contentHandling: CONVERT_TO_TEXT }
`);
    expect(model.apis.find((a) => a.logicalId === "Api")?.routes).toEqual([expect.objectContaining({
      awsIntegration: {
        service: "http",
        uri: "https://example.com/images",
        httpMethod: "GET",
        contentHandling: "CONVERT_TO_BINARY",
        responses: [{ statusCode: "200", contentHandling: "CONVERT_TO_TEXT" }],
      },
    })]);
  });
});
