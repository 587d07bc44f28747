/**
 * Cases of localstack's tests/aws/services/apigateway/test_apigateway_api.snapshot.json (recorded
 * on AWS) replayed through the AWS SDK against the control plane: the exact error answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, PutMethodResponseCommand, UpdateMethodResponseCommand, UpdateRestApiCommand,
  type APIGatewayServiceException,
} from "@aws-sdk/client-api-gateway";
import { serveHandler } from "@sam-sandbox/core";
import { createApiGatewayControlPlane } from "../src/index.js";

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
  const plane = await createApiGatewayControlPlane({ apis: [], createdDate: new Date() });
  const server = await serveHandler(plane.handle);
  close = server.close;
  client = new APIGatewayClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  const created = await client.send(new CreateRestApiCommand({ name: "recorded" }));
  api = { id: created.id ?? "", root: created.rootResourceId ?? "" };
  await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", authorizationType: "NONE" }));
  await client.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: "GET", statusCode: "200" }));
});

afterAll(async () => {
  client.destroy();
  await close();
});

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
