/**
 * The created-HTTP-API engine without HTTP: changes are whole or nothing, deployments are
 * snapshots (autoDeploy stages get a new one per change), what was acknowledged is recovered from
 * the store's journal, and names from requests are own members only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileStore, MemoryStore } from "@sam-sandbox/core";
import { CreatedHttpApis, checkRouteKey } from "../src/index.js";

const clock = Date.UTC(2026, 10, 27, 12, 0, 0, 500);
const ctx = { region: "us-east-1", accountId: "000000000000", now: () => clock };
const FN = "arn:aws:lambda:us-east-1:000000000000:function:f";
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function withRoute(engine: CreatedHttpApis, key = "GET /a") {
  const api = await engine.createApi({ Name: "x", ProtocolType: "HTTP" });
  const integration = await engine.createIntegration({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0" });
  await engine.createRoute({ ApiId: api.ApiId, RouteKey: key, Target: `integrations/${integration.IntegrationId}` });
  return { apiId: api.ApiId, integrationId: integration.IntegrationId };
}

describe("CreatedHttpApis", () => {
  it("keeps dates to the second", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const api = await engine.createApi({ Name: "x", ProtocolType: "HTTP" });
    expect(api.CreatedDate.getTime()).toBe(Date.UTC(2026, 10, 27, 12, 0, 0));
  });

  it("a refused change leaves nothing half-done (the route key is checked before anything is stored)", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId } = await withRoute(engine);
    await expect(engine.createRoute({ ApiId: apiId, RouteKey: "GET /b", Target: "integrations/missing" })).rejects.toThrow("Invalid Integration identifier specified missing");
    expect(engine.getRoutes({ ApiId: apiId }).map((r) => r.RouteKey)).toEqual(["GET /a"]);
  });

  it("a named stage serves its deployment's snapshot; an autoDeploy stage follows every change", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId, integrationId } = await withRoute(engine);
    await engine.createStage({ ApiId: apiId, StageName: "prod" });
    await engine.createStage({ ApiId: apiId, StageName: "$default", AutoDeploy: true });
    await engine.createDeployment({ ApiId: apiId, StageName: "prod" });
    let changed = 0;
    engine.onStagesChanged(() => changed++);
    await engine.createRoute({ ApiId: apiId, RouteKey: "GET /b", Target: `integrations/${integrationId}` });
    expect(changed).toBe(1);
    const keys = (stage: string) => Object.values(engine.servedStages(apiId).find((s) => s.stageName === stage)?.snapshot.routes ?? {}).map((r) => r.RouteKey).sort();
    expect(keys("prod")).toEqual(["GET /a"]);
    expect(keys("$default")).toEqual(["GET /a", "GET /b"]);
    // A snapshot is a copy: changing the integration later does not change what prod serves.
    await engine.updateIntegration({ ApiId: apiId, IntegrationId: integrationId, IntegrationUri: `${FN}2` });
    const prod = engine.servedStages(apiId).find((s) => s.stageName === "prod");
    expect(Object.values(prod?.snapshot.integrations ?? {})[0]).toMatchObject({ IntegrationUri: FN });
    expect(engine.getDeployments({ ApiId: apiId }).filter((d) => d.AutoDeployed)).toHaveLength(3);
  });

  it("recovers what was acknowledged from the journal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "http-apis-"));
    dirs.push(dir);
    const store = new FileStore({ dir });
    const engine = await CreatedHttpApis.open(store, ctx);
    const { apiId } = await withRoute(engine);
    await engine.createStage({ ApiId: apiId, StageName: "__proto__", AutoDeploy: true, StageVariables: JSON.parse('{"__proto__":"v"}') as Record<string, string> });
    await engine.tagResource({ ResourceArn: `arn:aws:apigateway:us-east-1::/apis/${apiId}`, Tags: JSON.parse('{"__proto__":"t"}') as Record<string, string> });
    await store.close();
    const reopened = await CreatedHttpApis.open(new FileStore({ dir }), ctx);
    expect(reopened.getApi({ ApiId: apiId }).Tags).toEqual(JSON.parse('{"__proto__":"t"}'));
    expect(reopened.getStage({ ApiId: apiId, StageName: "__proto__" }).StageVariables).toEqual(JSON.parse('{"__proto__":"v"}'));
    expect(reopened.servedStages(apiId).map((s) => s.stageName)).toEqual(["__proto__"]);
  });

  it("looks names up as own members only", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId } = await withRoute(engine);
    for (const name of ["__proto__", "toString", "constructor"]) {
      expect(() => engine.getStage({ ApiId: apiId, StageName: name })).toThrow("Invalid stage identifier specified");
      expect(() => engine.getRoute({ ApiId: apiId, RouteId: name })).toThrow(`Invalid Route identifier specified ${name}`);
      expect(() => engine.getAuthorizer({ ApiId: apiId, AuthorizerId: name })).toThrow(`Invalid Authorizer identifier specified ${name}`);
      expect(() => engine.getDeployment({ ApiId: apiId, DeploymentId: name })).toThrow(`Invalid Deployment identifier specified ${name}`);
      expect(() => engine.getApi({ ApiId: name })).toThrow(`Invalid API identifier specified 000000000000:${name}`);
    }
  });

  it("route keys: $default, a method and a path of API Gateway's parts", () => {
    for (const ok of ["$default", "GET /", "ANY /{proxy+}", "POST /items/{id}/x.json", "GET /__proto__"]) expect(() => checkRouteKey(ok)).not.toThrow();
    expect(() => checkRouteKey("GET /{a+}/b")).toThrow("One or more path parts appear to be invalid");
    expect(() => checkRouteKey("GET /a//b")).toThrow("One or more path parts appear to be invalid");
    for (const bad of ["get /a", "GET", "GET a", "GET /a extra"]) expect(() => checkRouteKey(bad)).toThrow();
  });
});

describe("stage route settings", () => {
  it("name routes of the API by key (AWS's text otherwise)", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId } = await withRoute(engine);
    await expect(engine.createStage({ ApiId: apiId, StageName: "s", RouteSettings: { "GET /nope": { ThrottlingRateLimit: 1 } } })).rejects.toThrow(
      "Unable to find Route by key GET /nope within the provided RouteSettings",
    );
    const stage = await engine.createStage({ ApiId: apiId, StageName: "s", RouteSettings: { "GET /a": { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 } } });
    expect(stage.RouteSettings).toEqual({ "GET /a": { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 } });
  });
});
