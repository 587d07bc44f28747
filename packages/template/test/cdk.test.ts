import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findTemplate, loadTemplate } from "../src/index.js";
import type { AppModel } from "../src/index.js";
import { FIXTURES, TempApps } from "./helpers.js";

describe("a CDK-synthesized template (fixtures/cdk-app/cdk.out)", () => {
  let model: AppModel;
  const cdkOut = join(FIXTURES, "cdk-app", "cdk.out");
  beforeAll(async () => {
    model = await loadTemplate({ file: findTemplate(join(FIXTURES, "cdk-app")) });
  });

  it("takes the stack name from <Stack>.template.json", () => {
    expect(model.stackName).toBe("WebStack");
    expect(model.dir).toBe(cdkOut);
    expect(model.appDir).toBe(join(FIXTURES, "cdk-app"));
  });

  it("runs AWS::Lambda::Function code from its asset directory (Metadata aws:asset:path)", () => {
    expect(model.functions).toEqual([
      expect.objectContaining({
        logicalId: "Handler886CB40B",
        functionName: expect.stringMatching(/^WebStack-Handler886CB40B-[A-Za-z0-9]{12}$/),
        handler: "index.handler",
        runtime: "nodejs20.x",
        codeDir: join(cdkOut, "asset.3f1d2c9a8b7e6f5a4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d"),
        timeoutSeconds: 15,
        memorySizeMb: 512,
        tracing: "Active",
        architectures: ["x86_64"],
      }),
    ]);
    expect(model.functions[0].environment.TABLE_NAME).toBe(model.tables[0].createTableInput.TableName);
  });

  it("builds HTTP API routes from Route → integrations/<id> → Integration → function", () => {
    const http = model.apis.find((a) => a.kind === "http");
    expect(http).toMatchObject({ logicalId: "HttpApiF5A9A8A7", name: "ItemsHttpApi", stageName: "$default", implicit: false });
    expect(http?.routes).toEqual([
      expect.objectContaining({ method: "GET", path: "/items", functionLogicalId: "Handler886CB40B", payloadFormatVersion: "2.0" }),
      expect.objectContaining({ method: "POST", path: "/items", auth: { AuthorizationType: "JWT", AuthorizerId: "abc123" } }),
    ]);
    expect(http?.cors).toMatchObject({ allowOrigins: ["*"], allowMethods: ["GET", "POST"] });
  });

  it("builds REST API routes from the Resource tree and AWS_PROXY methods (LambdaRestApi)", () => {
    const rest = model.apis.find((a) => a.kind === "rest");
    expect(rest).toMatchObject({ logicalId: "RestApi0C43BF4B", name: "ItemsRestApi", stageName: "prod" });
    expect(rest?.routes.map((r) => `${r.method} ${r.path} ${r.payloadFormatVersion}`)).toEqual(["ANY /{proxy+} 1.0", "ANY / 1.0"]);
    expect(rest?.cors?.allowOrigins).toEqual(["https://example.com"]);
  });

  it("resolves CDK's Fn::Join outputs", () => {
    const rest = model.apis.find((a) => a.kind === "rest");
    expect(model.outputs.RestApiEndpoint0551178A.value).toBe(`https://${rest?.apiId}.execute-api.us-east-1.amazonaws.com/prod/`);
  });

  it("writes Code.ZipFile of a CDK app next to cdk.out, not inside it", async () => {
    const apps = new TempApps();
    try {
      const dir = apps.make({
        "cdk.out/Inline.template.json": JSON.stringify({
          Resources: { Fn: { Type: "AWS::Lambda::Function", Properties: { Handler: "index.handler", Runtime: "nodejs22.x", Code: { ZipFile: "exports.handler = async () => 1;" } } } },
        }),
      });
      const inline = await loadTemplate({ file: findTemplate(dir) });
      expect(inline.functions[0].codeDir).toBe(join(dir, ".sandbox", "inline", "Inline", "Fn"));
    } finally {
      apps.cleanup();
    }
  });

  it("accepts IAM, permissions, CDK metadata and the bootstrap-version parameter without warnings", () => {
    expect(model.warnings).toEqual([]);
    expect(model.resources.CDKMetadata.type).toBe("AWS::CDK::Metadata");
    expect(model.resources.HandlerServiceRoleFCDC14AE.attributes.Arn).toMatch(/^arn:aws:iam::000000000000:role\/WebStack-HandlerServiceRoleFCDC14AE-/);
  });
});
