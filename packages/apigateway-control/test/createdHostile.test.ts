/**
 * Created REST APIs against hostile names and patch paths: member names such as "__proto__" or
 * "toString" (valid AWS stage, variable and authorizer-id strings) are kept as the names they are,
 * never read from or written to Object.prototype. Through the AWS SDK v3 and the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, GetStageCommand, PutIntegrationCommand, PutMethodCommand, UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { serveHandler } from "@sam-sandbox/core";
import { createApiGatewayControlPlane } from "../src/index.js";

let close: () => Promise<void>;
let client: APIGatewayClient;
const now = Date.UTC(2026, 10, 27, 10, 0, 0);

beforeAll(async () => {
  const plane = await createApiGatewayControlPlane({ apis: [], createdDate: new Date(now), now: () => now });
  const server = await serveHandler(plane.handle);
  close = server.close;
  client = new APIGatewayClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await close();
});

async function deployable() {
  const api = await client.send(new CreateRestApiCommand({ name: "hostile" }));
  const id = api.id ?? "";
  const root = api.rootResourceId ?? "";
  await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
  await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
  return { id, root };
}

describe("UpdateStage method settings", () => {
  it("a method path named __proto__ does not write Object.prototype", async () => {
    const { id } = await deployable();
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    await client.send(new UpdateStageCommand({ restApiId: id, stageName: "dev", patchOperations: [{ op: "replace", path: "/*/*/metrics/enabled", value: "true" }] }));
    try {
      await client.send(new UpdateStageCommand({ restApiId: id, stageName: "dev", patchOperations: [{ op: "replace", path: "//__proto__/metrics/enabled", value: "true" }] }));
    } catch {
      // refusing it is fine too; what matters is Object.prototype
    }
    expect(({} as Record<string, unknown>).metricsEnabled).toBeUndefined();
    const stage = await client.send(new GetStageCommand({ restApiId: id, stageName: "dev" }));
    expect(stage.methodSettings?.["*/*"]?.metricsEnabled).toBe(true);
  });
});
