/**
 * Created REST APIs against hostile names and patch paths: member names such as "__proto__" or
 * "toString" (valid AWS stage, variable and authorizer-id strings) are kept as the names they are,
 * never read from or written to Object.prototype. Through the AWS SDK v3 and the engine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateAuthorizerCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateStageCommand, GetStageCommand, GetStagesCommand, PutIntegrationCommand,
  PutMethodCommand, UpdateMethodCommand, UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { FileStore, MemoryStore } from "@sam-sandbox/core";
import { CreatedRestApis } from "../src/index.js";
import { failure, servePlane } from "./helpers.js";

let close: () => Promise<void>;
let client: APIGatewayClient;
const now = Date.UTC(2026, 10, 27, 10, 0, 0);
const dirs: string[] = [];
/** AWS's text (localstack's test_apigateway_api snapshot, recorded on AWS), as errors.ts holds it. */
const INVALID_AUTHORIZER = "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";

beforeAll(async () => {
  ({ client, close } = await servePlane({ apis: [], createdDate: new Date(now), now: () => now }, APIGatewayClient));
});

afterAll(() => close());

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
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

describe("a stage named __proto__ (letters and underscores, as AWS allows)", () => {
  it("CreateStage keeps it: GetStage and GetStages answer it", async () => {
    const { id } = await deployable();
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId: id }));
    await client.send(new CreateStageCommand({ restApiId: id, stageName: "__proto__", deploymentId: deployment.id }));
    expect((await client.send(new GetStageCommand({ restApiId: id, stageName: "__proto__" }))).deploymentId).toBe(deployment.id);
    expect((await client.send(new GetStagesCommand({ restApiId: id }))).item?.map((s) => s.stageName)).toEqual(["__proto__"]);
  });

  it("CreateDeployment with stageName __proto__ creates it, and a restart keeps it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apigw-hostile-"));
    dirs.push(dir);
    const ctx = { region: "us-east-1", accountId: "000000000000", now: () => now };
    const store = new FileStore({ dir });
    const engine = await CreatedRestApis.open(store, ctx);
    const api = await engine.createRestApi({ name: "x" });
    await engine.putMethod({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", authorizationType: "NONE" });
    await engine.putIntegration({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "MOCK" });
    await engine.createDeployment({ restApiId: api.id, stageName: "__proto__" });
    expect(engine.getStages({ restApiId: api.id }).item.map((s) => s.stageName)).toEqual(["__proto__"]);
    expect(engine.servedStages(api.id).map((s) => s.stageName)).toEqual(["__proto__"]);
    await store.close();
    const reopened = await CreatedRestApis.open(new FileStore({ dir }), ctx);
    expect(reopened.getStage({ restApiId: api.id, stageName: "__proto__" }).stageName).toBe("__proto__");
  });
});

describe("map members named __proto__", () => {
  it("a stage variable named __proto__ is kept as a variable", async () => {
    const engine = await CreatedRestApis.open(new MemoryStore(), { region: "us-east-1", accountId: "000000000000", now: () => now });
    const api = await engine.createRestApi({ name: "x" });
    await engine.putMethod({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", authorizationType: "NONE" });
    await engine.putIntegration({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "MOCK" });
    await engine.createDeployment({ restApiId: api.id, stageName: "dev" });
    const stage = await engine.updateStage({ restApiId: api.id, stageName: "dev", patchOperations: [{ op: "replace", path: "/variables/__proto__", value: "x" }] });
    expect(Object.entries(stage.variables ?? {})).toEqual([["__proto__", "x"]]);
    const removed = await engine.updateStage({ restApiId: api.id, stageName: "dev", patchOperations: [{ op: "remove", path: "/variables/__proto__" }] });
    expect(removed.variables).toBeUndefined();
  });
});

describe("an authorizer id that names an Object method", () => {
  it("PutMethod and UpdateMethod refuse authorizerId toString as AWS refuses an unknown id", async () => {
    const { id, root } = await deployable();
    await client.send(new CreateAuthorizerCommand({
      restApiId: id, name: "auth", type: "TOKEN", identitySource: "method.request.header.Authorization",
      authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations",
    }));
    const put = await failure(client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "POST", authorizationType: "CUSTOM", authorizerId: "toString" })));
    expect(put).toMatchObject({ name: "BadRequestException", status: 400, message: INVALID_AUTHORIZER });
    const update = await failure(client.send(new UpdateMethodCommand({
      restApiId: id, resourceId: root, httpMethod: "GET",
      patchOperations: [{ op: "replace", path: "/authorizationType", value: "CUSTOM" }, { op: "replace", path: "/authorizerId", value: "constructor" }],
    })));
    expect(update).toMatchObject({ name: "BadRequestException", status: 400, message: INVALID_AUTHORIZER });
  });
});
