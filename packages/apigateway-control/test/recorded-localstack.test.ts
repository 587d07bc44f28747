/**
 * Cases of localstack's tests/aws/services/apigateway/test_apigateway_api.snapshot.json (recorded
 * on AWS) replayed through the AWS SDK against the control plane: the exact error answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateRestApiCommand, DeleteGatewayResponseCommand, GetGatewayResponseCommand, GetGatewayResponsesCommand, PutGatewayResponseCommand,
  UpdateGatewayResponseCommand, PutIntegrationCommand, PutMethodCommand, PutMethodResponseCommand, UpdateMethodResponseCommand, UpdateRestApiCommand,
  type APIGatewayServiceException,
} from "@aws-sdk/client-api-gateway";
import { servePlane } from "./helpers.js";

let close: () => Promise<void>;
let client: APIGatewayClient;
let api: { id: string; root: string };

async function error(promise: Promise<unknown>): Promise<{ code: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as APIGatewayServiceException;
    return { code: err.name, message: err.message, status: err.$metadata.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

const OP_ENUM = "Member must satisfy enum value set: [add, remove, move, test, replace, copy]";

beforeAll(async () => {
  ({ client, close } = await servePlane({ apis: [], createdDate: new Date() }, APIGatewayClient));
  const created = await client.send(new CreateRestApiCommand({ name: "recorded" }));
  api = { id: created.id ?? "", root: created.rootResourceId ?? "" };
  await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", authorizationType: "NONE" }));
  await client.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", statusCode: "200" }));
});

afterAll(() => close());

describe("test_apigateway_api.snapshot.json", () => {
  it("TestApiGatewayApiRestApi::test_update_rest_api_concatenation_of_errors", async () => {
    const op = "wrong" as never;
    expect(await error(client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op, path: "/endpointConfiguration/ipAddressType", value: "ipv4" }, { op, path: "/endpointConfiguration/types/EDGE", value: "REGIONAL" }] })))).toEqual({
      code: "ValidationException",
      status: 400,
      message: `2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: ${OP_ENUM}; Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: ${OP_ENUM}`,
    });
  });

  it("TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration (create-with-invalid-ip-address-type-and-types)", async () => {
    expect((await error(client.send(new CreateRestApiCommand({ name: "x", endpointConfiguration: { types: ["wrong" as never], ipAddressType: "wrong" as never } })))).message).toBe(
      "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: " +
        "[Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: " +
        "Member must satisfy enum value set: [ipv4, dualstack]",
    );
  });

  it("TestApigatewayIntegration::test_put_integration_wrong_type", async () => {
    expect((await error(client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", type: "HTTPS_PROXY" as never })))).message).toBe(
      "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
    );
  });

  it("TestApigatewayMethodResponse::test_update_method_response_negative_tests (invalid status code and wrong op)", async () => {
    const sent = new UpdateMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", statusCode: "wrong", patchOperations: [{ op: "wrong_op" as never, path: "/responseParameters/x" }] });
    expect((await error(client.send(sent))).message).toBe(
      `2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: ${OP_ENUM}; ` +
        "Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
    );
  });

  it("TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models", async () => {
    const update = (path: string) => error(client.send(new UpdateMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", statusCode: "200", patchOperations: [{ op: "remove", path }] })));
    expect(await update("/responseParameters/method.response.header.my-header")).toMatchObject({ code: "NotFoundException", message: "Invalid parameter name specified" });
    expect(await update("/responseModels/application~1json")).toMatchObject({ code: "NotFoundException", message: "Content-Type specified was not found" });
  });

  it("TestApiGatewayApiRestApi::test_update_rest_api_compression (set-negative-compression, unsupported-operation)", async () => {
    const patch = (op: "replace" | "add", value: string) => error(client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op, path: "/minimumCompressionSize", value }] })));
    expect(await patch("replace", "-1")).toMatchObject({ code: "BadRequestException", message: "Invalid minimum compression size, must be between 0 and 10485760" });
    expect(await patch("replace", "fun")).toMatchObject({ message: "Invalid minimum compression size, must be between 0 and 10485760" });
    expect(await patch("add", "10")).toMatchObject({ message: "Invalid patch operation specified. Must be one of: [replace]" });
  });
});

describe("TestApiGatewayGatewayResponse (recorded)", () => {
  const DEFAULT_TEMPLATES = { "application/json": '{"message":$context.error.messageString}' };
  const TEMPLATE = '{\n     "message": $context.error.messageString,\n     "type":  "$context.error.responseType"\n}';

  it("test_gateway_response_crud: defaults, a put response, its deletion", async () => {
    const created = await client.send(new CreateRestApiCommand({ name: "responses" }));
    const restApiId = created.id ?? "";
    const get = (responseType: "MISSING_AUTHENTICATION_TOKEN") => client.send(new GetGatewayResponseCommand({ restApiId, responseType }));
    expect(await get("MISSING_AUTHENTICATION_TOKEN")).toMatchObject({ defaultResponse: true, responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "403" });
    const params = { "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'" };
    const put = await client.send(new PutGatewayResponseCommand({ restApiId, responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404", responseParameters: params, responseTemplates: { "application/json": TEMPLATE } }));
    expect(put).toMatchObject({ defaultResponse: false, responseParameters: params, responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404" });
    expect(put.$metadata.httpStatusCode).toBe(201);
    const all = await client.send(new GetGatewayResponsesCommand({ restApiId }));
    expect(all.items?.map((r) => [r.responseType, r.statusCode, r.defaultResponse])).toEqual([
      ["ACCESS_DENIED", "403", true], ["API_CONFIGURATION_ERROR", "500", true], ["AUTHORIZER_CONFIGURATION_ERROR", "500", true], ["AUTHORIZER_FAILURE", "500", true],
      ["BAD_REQUEST_BODY", "400", true], ["BAD_REQUEST_PARAMETERS", "400", true], ["DEFAULT_4XX", undefined, true], ["DEFAULT_5XX", undefined, true],
      ["EXPIRED_TOKEN", "403", true], ["INTEGRATION_FAILURE", "504", true], ["INTEGRATION_TIMEOUT", "504", true], ["INVALID_API_KEY", "403", true],
      ["INVALID_SIGNATURE", "403", true], ["MISSING_AUTHENTICATION_TOKEN", "404", false], ["QUOTA_EXCEEDED", "429", true], ["REQUEST_TOO_LARGE", "413", true],
      ["RESOURCE_NOT_FOUND", "404", true], ["THROTTLED", "429", true], ["UNAUTHORIZED", "401", true], ["UNSUPPORTED_MEDIA_TYPE", "415", true], ["WAF_FILTERED", "403", true],
    ]);
    expect((await client.send(new DeleteGatewayResponseCommand({ restApiId, responseType: "MISSING_AUTHENTICATION_TOKEN" }))).$metadata.httpStatusCode).toBe(202);
    expect(await get("MISSING_AUTHENTICATION_TOKEN")).toMatchObject({ defaultResponse: true, statusCode: "403" });
    expect(await error(client.send(new DeleteGatewayResponseCommand({ restApiId, responseType: "MISSING_AUTHENTICATION_TOKEN" })))).toEqual({
      code: "NotFoundException", message: "Gateway response type not defined on api", status: 404,
    });
  });

  it("test_gateway_response_put: a put DEFAULT_5XX is the 5XX types' default", async () => {
    const created = await client.send(new CreateRestApiCommand({ name: "responses-5xx" }));
    const restApiId = created.id ?? "";
    const params = { "gatewayresponse.header.x-request-header": "method.request.header.Accept" };
    await client.send(new PutGatewayResponseCommand({ restApiId, responseType: "DEFAULT_5XX", statusCode: "599", responseParameters: params, responseTemplates: { "application/json": TEMPLATE } }));
    await client.send(new PutGatewayResponseCommand({ restApiId, responseType: "AUTHORIZER_FAILURE", responseParameters: { "gatewayresponse.header.foo": "'bar'" } }));
    const byType = Object.fromEntries(((await client.send(new GetGatewayResponsesCommand({ restApiId }))).items ?? []).map((r) => [r.responseType, r]));
    expect(byType.API_CONFIGURATION_ERROR).toEqual({ defaultResponse: true, responseParameters: params, responseTemplates: { "application/json": TEMPLATE }, responseType: "API_CONFIGURATION_ERROR", statusCode: "599" });
    expect(byType.AUTHORIZER_FAILURE).toMatchObject({ defaultResponse: false, statusCode: "500", responseTemplates: DEFAULT_TEMPLATES });
    expect(byType.ACCESS_DENIED).toMatchObject({ defaultResponse: true, statusCode: "403", responseParameters: {} });
  });

  it("test_update_gateway_response: an update of a type never put puts it; AWS's refusals", async () => {
    const created = await client.send(new CreateRestApiCommand({ name: "responses-update" }));
    const restApiId = created.id ?? "";
    const update = (patchOperations: Array<{ op: "add" | "remove" | "replace"; path?: string; value?: string }>) =>
      client.send(new UpdateGatewayResponseCommand({ restApiId, responseType: "DEFAULT_4XX", patchOperations }));
    expect(await update([{ op: "replace", path: "/statusCode", value: "444" }])).toMatchObject({ defaultResponse: false, responseType: "DEFAULT_4XX", statusCode: "444", responseTemplates: DEFAULT_TEMPLATES });
    expect(await error(update([{ op: "add", path: "/statusCode", value: "444" }]))).toMatchObject({ code: "BadRequestException", message: "Invalid patch path /statusCode" });
    expect(await error(update([{ op: "replace", path: "/responseParameters/gatewayresponse.header.nope", value: "'x'" }]))).toMatchObject({ code: "NotFoundException", message: "Invalid parameter name specified" });
    expect(await error(update([{ op: "replace" }]))).toMatchObject({ message: "Invalid patch path null" });
    expect(await error(update([{ op: "replace", path: "/wrongPath", value: "x" }]))).toMatchObject({ message: "Invalid patch path /wrongPath" });
    expect(await error(update([{ op: "add", path: "/responseTemplates/application~1xml", value: "" }]))).toMatchObject({ message: "Invalid null or empty value in responseTemplates" });
  });

  it("test_gateway_response_validation: an unknown type is a ValidationException naming AWS's list", async () => {
    const sent = new GetGatewayResponseCommand({ restApiId: api.id, responseType: "FAKE_RESPONSE_TYPE" as never });
    expect((await error(client.send(sent))).message).toBe(
      "1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, " +
        "AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, " +
        "INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]",
    );
    expect(await error(client.send(new GetGatewayResponsesCommand({ restApiId: "fake-api-id" })))).toMatchObject({ code: "NotFoundException", message: "Invalid API identifier specified 000000000000:fake-api-id" });
  });
});
