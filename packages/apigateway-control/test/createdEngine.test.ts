/**
 * The created-API engine without HTTP: changes are whole or nothing, deployments are snapshots,
 * and what was acknowledged is recovered from the store's journal (DESIGN.md rule 5).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileStore, MemoryStore } from "@sam-sandbox/core";
import { CreatedRestApis } from "../src/index.js";

const ctx = { region: "us-east-1", accountId: "000000000000", now: () => Date.UTC(2026, 10, 27, 12, 0, 0, 500) };
const URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations";
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function withMethod(engine: CreatedRestApis) {
  const api = await engine.createRestApi({ name: "pets" });
  await engine.putMethod({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", authorizationType: "NONE" });
  await engine.putIntegration({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: URI });
  return api;
}

describe("CreatedRestApis", () => {
  it("keeps dates to the second", async () => {
    const engine = await CreatedRestApis.open(new MemoryStore(), ctx);
    const api = await engine.createRestApi({ name: "x" });
    expect(api.createdDate.getTime()).toBe(Date.UTC(2026, 10, 27, 12, 0, 0));
  });

  it("a patch refused part-way changes nothing", async () => {
    const engine = await CreatedRestApis.open(new MemoryStore(), ctx);
    const api = await engine.createRestApi({ name: "x" });
    const pets = await engine.createResource({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "pets" });
    await expect(engine.updateResource({
      restApiId: api.id, resourceId: pets.id,
      patchOperations: [{ op: "replace", path: "/pathPart", value: "dogs" }, { op: "replace", path: "/nope", value: "x" }],
    })).rejects.toThrow("Must be one of: [/parentId, /pathPart]");
    expect(engine.getResource({ restApiId: api.id, resourceId: pets.id }).path).toBe("/pets");
  });

  it("serves each stage from its deployment's snapshot, announcing stage changes", async () => {
    const engine = await CreatedRestApis.open(new MemoryStore(), ctx);
    const api = await withMethod(engine);
    const announced: string[] = [];
    engine.onStagesChanged((id) => announced.push(id));
    const first = await engine.createDeployment({ restApiId: api.id, stageName: "dev" });
    await engine.updateIntegration({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", patchOperations: [{ op: "replace", path: "/timeoutInMillis", value: "1000" }] });
    const integration = () => (engine.servedStages(api.id)[0]?.document.paths as Record<string, Record<string, Record<string, { timeoutInMillis: number }>>>)["/"]?.get?.["x-amazon-apigateway-integration"];
    expect(integration()?.timeoutInMillis).toBe(29000);
    await engine.createDeployment({ restApiId: api.id, stageName: "dev" });
    expect(integration()?.timeoutInMillis).toBe(1000);
    await engine.updateStage({ restApiId: api.id, stageName: "dev", patchOperations: [{ op: "replace", path: "/deploymentId", value: first.id }] });
    expect(integration()?.timeoutInMillis).toBe(29000);
    await engine.deleteRestApi({ restApiId: api.id });
    expect(engine.servedStages(api.id)).toEqual([]);
    expect(announced).toEqual([api.id, api.id, api.id, api.id]);
  });

  it("recovers every acknowledged change from the journal after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apigw-created-"));
    dirs.push(dir);
    const store = new FileStore({ dir });
    const engine = await CreatedRestApis.open(store, ctx);
    const api = await withMethod(engine);
    await engine.createDeployment({ restApiId: api.id, stageName: "dev", variables: { a: "1" } });
    const gone = await engine.createRestApi({ name: "gone" });
    await engine.deleteRestApi({ restApiId: gone.id });
    await store.close();

    const reopened = await CreatedRestApis.open(new FileStore({ dir }), ctx);
    expect(reopened.ids()).toEqual([api.id]);
    expect(reopened.getStage({ restApiId: api.id, stageName: "dev" })).toMatchObject({ variables: { a: "1" } });
    expect(reopened.servedStages(api.id)).toHaveLength(1);
  });
});
