/**
 * deployedRestApi: a REST API created through API Gateway's control plane, read from its stage's
 * OpenAPI export as a template Body is read (routes, authorizers, API keys, validators).
 */
import { describe, expect, it } from "vitest";
import { deployedRestApi } from "../src/index.js";

const FN = "arn:aws:lambda:us-east-1:000000000000:function:made-later";
const uri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

const DOCUMENT = {
  openapi: "3.0.1",
  info: { title: "pets", version: "2026-11-27T10:00:00.000Z" },
  paths: {
    "/items/{id}": {
      get: {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {},
        security: [{ tokens: [] }, { api_key: [] }],
        "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: uri(FN), passthroughBehavior: "when_no_match", timeoutInMillis: 5000 },
      },
    },
    "/live": {
      "x-amazon-apigateway-any-method": {
        responses: {},
        "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: uri(`${FN}:live`) },
      },
    },
    "/cors": {
      options: {
        responses: { "200": { description: "200 response" } },
        "x-amazon-apigateway-integration": {
          type: "mock",
          requestTemplates: { "application/json": '{"statusCode": 200}' },
          responses: { default: { statusCode: "200", responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'", "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'" } } },
        },
      },
    },
    "/pool": {
      get: {
        responses: {},
        security: [{ pool: ["read"] }],
        "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } },
      },
    },
  },
  components: {
    securitySchemes: {
      api_key: { type: "apiKey", name: "x-api-key", in: "header" },
      tokens: {
        type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: uri("arn:aws:lambda:us-east-1:000000000000:function:authz"), identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 0 },
      },
      pool: {
        type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
        "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: ["arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc"] },
      },
    },
  },
  "x-amazon-apigateway-binary-media-types": ["image/png"],
};

describe("deployedRestApi", () => {
  const { api, warnings } = deployedRestApi(DOCUMENT, { apiId: "abcdefghij", name: "pets", stageName: "dev", stageVariables: { a: "1" } });

  it("invokes any function ARN by name, its qualifier kept", () => {
    expect(warnings).toEqual([]);
    expect(api).toMatchObject({ kind: "rest", apiId: "abcdefghij", stageName: "dev", stageVariables: { a: "1" }, binaryMediaTypes: ["image/png"] });
    const byPath = Object.fromEntries(api.routes.map((r) => [`${r.method} ${r.path}`, r]));
    expect(byPath["GET /items/{id}"]).toMatchObject({ functionName: "made-later", payloadFormatVersion: "1.0", timeoutMs: 5000 });
    expect(byPath["ANY /live"]?.functionName).toBe("made-later:live");
    expect(byPath["GET /pool"]?.awsIntegration?.service).toBe("mock");
  });

  it("serves an OPTIONS MOCK method (a preflight answering Access-Control-* headers) as the method it is", () => {
    const options = api.routes.find((r) => r.path === "/cors");
    expect(options).toMatchObject({ method: "OPTIONS", awsIntegration: { service: "mock" } });
    expect(options?.awsIntegration?.responses?.[0]?.responseParameters).toMatchObject({ "method.response.header.Access-Control-Allow-Origin": "'*'" });
    expect(api.cors).toBeUndefined();
  });

  it("reads the authorizers of the security schemes and each operation's security", () => {
    expect(api.authorizers).toEqual([
      { name: "tokens", type: "TOKEN", functionName: "authz", identitySources: ["method.request.header.Authorization"], ttlSeconds: 0 },
      { name: "pool", type: "COGNITO_USER_POOLS", providerArns: ["arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc"], identitySources: ["method.request.header.Authorization"] },
    ]);
    const byPath = Object.fromEntries(api.routes.map((r) => [r.path, r]));
    expect(byPath["/items/{id}"]?.authorization).toEqual({ authorizer: "tokens", apiKeyRequired: true });
    expect(byPath["/pool"]?.authorization).toEqual({ authorizer: "pool", scopes: ["read"] });
    expect(byPath["/live"]?.authorization).toBeUndefined();
  });
});
