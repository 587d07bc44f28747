/**
 * SAM's AutoPublishAlias (samtranslator sam_resources.py _construct_version / _construct_alias):
 * the version and alias resources it generates, and every event source of the function
 * connected to the alias instead of the function.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { AppModel } from "../src/index.js";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const template = (fnProps: string, extra = "", head = "") => `Transform: AWS::Serverless-2016-10-31
${head}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders
      Handler: index.handler
      Runtime: nodejs22.x
${fnProps}${extra}`;

function ofType(model: AppModel, type: string) {
  return Object.values(model.resources).filter((r) => r.type === type);
}

const ARN = "arn:aws:lambda:us-east-1:000000000000:function:orders";

describe("AutoPublishAlias", () => {
  it("generates <Fn>Version<hash> and <Fn>Alias<Name> naming version 1, referable as on AWS", async () => {
    const model = await apps.load(template("      AutoPublishAlias: live\n", `Outputs:
  Alias: { Value: !Ref FnAliaslive }
  AliasArn: { Value: !GetAtt FnAliaslive.AliasArn }
  DotAlias: { Value: !Ref Fn.Alias }
  DotVersion: { Value: !Ref Fn.Version }
  AliasName: { Value: !Select [7, !Split [":", !Ref FnAliaslive]] }
`));
    const [version] = ofType(model, "AWS::Lambda::Version");
    expect(version.logicalId).toMatch(/^FnVersion[0-9a-f]{10}$/);
    expect(version.properties).toEqual({ FunctionName: "orders" });
    expect(version.ref).toBe(`${ARN}:1`);
    expect(version.attributes.Version).toBe("1");
    expect(model.resources.FnAliaslive).toMatchObject({ type: "AWS::Lambda::Alias", ref: `${ARN}:live`, properties: { Name: "live", FunctionName: "orders", FunctionVersion: "1" } });
    expect(model.outputs.Alias.value).toBe(`${ARN}:live`);
    expect(model.outputs.AliasArn.value).toBe(`${ARN}:live`);
    expect(model.outputs.DotAlias.value).toBe(`${ARN}:live`);
    expect(model.outputs.DotVersion.value).toBe(`${ARN}:1`);
    expect(model.outputs.AliasName.value).toBe("live");
    expect(model.functions[0].autoPublishAlias).toBe("live");
    expect(model.warnings.filter((w) => w.includes("Lambda::"))).toEqual([]);
  });

  it("hashes the code, Environment and MemorySize as SAM does: SHA-1 of sorted compact JSON, first 10 digits", async () => {
    const model = await apps.load(template("      AutoPublishAlias: live\n      InlineCode: exports.handler = async () => 1;\n      MemorySize: 256\n      Environment: { Variables: { A: b } }\n"));
    const data = '{"MemorySize":256,"Variables":{"A":"b"},"ZipFile":"exports.handler = async () => 1;"}';
    const hash = createHash("sha1").update(data).digest("hex").slice(0, 10);
    expect(ofType(model, "AWS::Lambda::Version").map((r) => r.logicalId)).toEqual([`FnVersion${hash}`]);
  });

  it("names a new version when the code or environment changes, not for Timeout unless AutoPublishAliasAllProperties", async () => {
    const versionOf = async (props: string) => ofType(await apps.load(template(`      AutoPublishAlias: live\n${props}`)), "AWS::Lambda::Version")[0].logicalId;
    const base = await versionOf("      InlineCode: a\n");
    expect(await versionOf("      InlineCode: b\n")).not.toBe(base);
    expect(await versionOf("      InlineCode: a\n      Environment: { Variables: { X: y } }\n")).not.toBe(base);
    expect(await versionOf("      InlineCode: a\n      Timeout: 9\n")).toBe(base);
    const all = await versionOf("      InlineCode: a\n      AutoPublishAliasAllProperties: true\n");
    expect(await versionOf("      InlineCode: a\n      AutoPublishAliasAllProperties: true\n      Timeout: 9\n")).not.toBe(all);
  });

  it("takes the version's id from AutoPublishCodeSha256 and its Description from VersionDescription", async () => {
    const model = await apps.load(template("      AutoPublishAlias: live\n      AutoPublishCodeSha256: 0123456789abcdef\n      VersionDescription: first cut\n"));
    const [version] = ofType(model, "AWS::Lambda::Version");
    expect(version.logicalId).toBe("FnVersion0123456789");
    expect(version.properties.Description).toBe("first cut");
  });

  it("reads the alias name from a parameter, and from Globals", async () => {
    const fromParameter = await apps.load(template("      AutoPublishAlias: !Ref Stage\n", "", "Parameters:\n  Stage: { Type: String, Default: prod }\n"));
    expect(fromParameter.resources.FnAliasprod?.ref).toBe(`${ARN}:prod`);
    expect(fromParameter.functions[0].autoPublishAlias).toBe("prod");
    const fromGlobals = await apps.load(template("", "", "Globals:\n  Function:\n    AutoPublishAlias: live\n"));
    expect(fromGlobals.resources.FnAliaslive?.type).toBe("AWS::Lambda::Alias");
  });

  it("makes no alias for an empty AutoPublishAlias, and refuses an empty parameter value as SAM does", async () => {
    const empty = await apps.load(template("      AutoPublishAlias: ''\n"));
    expect(ofType(empty, "AWS::Lambda::Alias")).toEqual([]);
    expect(empty.functions[0].autoPublishAlias).toBeUndefined();
    const error = await sandboxError(apps.load(template("      AutoPublishAlias: !Ref Stage\n", "", "Parameters:\n  Stage: { Type: String, Default: '' }\n")));
    expect(error.message).toBe("Resource with id [Fn] is invalid. Alias name is required to create an alias");
  });

  it("refuses what SAM refuses, with its messages", async () => {
    let error = await sandboxError(apps.load(template("      AutoPublishAlias: !Sub '${AWS::Region}'\n")));
    expect(error.message).toBe("Resource with id [Fn] is invalid. 'AutoPublishAlias' must be a string or a Ref to a template parameter");
    error = await sandboxError(apps.load(template("      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }\n")));
    expect(error.message).toBe("Resource with id [Fn] is invalid. To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function");
    error = await sandboxError(apps.load(template("      DeploymentPreference: { Type: AllAtOnce }\n")));
    expect(error.message).toBe("Resource with id [Fn] is invalid. 'DeploymentPreference' requires AutoPublishAlias property to be specified.");
  });

  it("puts ProvisionedConcurrencyConfig on the alias, and says DeploymentPreference is not run", async () => {
    const model = await apps.load(template("      AutoPublishAlias: live\n      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }\n      DeploymentPreference: { Type: Canary10Percent5Minutes }\n"));
    expect(model.resources.FnAliaslive.properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 2 });
    expect(model.warnings).toContain("Fn: DeploymentPreference (a CodeDeploy traffic shift) is not run by the sandbox; the alias live names the new version at once");
  });
});

describe("the events of a function with AutoPublishAlias invoke the alias", () => {
  const events = `      AutoPublishAlias: live
      FunctionUrlConfig: { AuthType: NONE }
      EventInvokeConfig: { MaximumRetryAttempts: 1 }
      Events:
        Http: { Type: HttpApi, Properties: { Path: /orders, Method: get } }
        Rest: { Type: Api, Properties: { Path: /orders, Method: post } }
        Topic: { Type: SNS, Properties: { Topic: !Ref Topic } }
        Stream: { Type: DynamoDB, Properties: { Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST } }
        Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* } }
        Tick: { Type: Schedule, Properties: { Schedule: rate(1 hour) } }
        Tock: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 hour) } }
        Logs: { Type: CloudWatchLogs, Properties: { LogGroupName: /app/logs, FilterPattern: "" } }
`;
  const others = `  Topic:
    Type: AWS::SNS::Topic
  Bucket:
    Type: AWS::S3::Bucket
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
`;

  it("routes, subscriptions, mappings, notifications, URL, invoke config, schedules and log subscriptions name orders:live", async () => {
    const model = await apps.load(template(events, others));
    const routes = model.apis.flatMap((api) => api.routes);
    expect(routes.map((r) => r.functionName)).toEqual(["orders:live", "orders:live"]);
    expect(model.subscriptions.map((s) => [s.endpoint, s.functionName])).toEqual([[`${ARN}:live`, "orders:live"]]);
    expect(model.eventSourceMappings.map((m) => m.functionName)).toEqual(["orders:live"]);
    expect(model.buckets[0].notifications.map((n) => n.functionArn)).toEqual([`${ARN}:live`]);
    const fn = model.functions[0];
    expect(fn.functionUrls?.map((u) => u.qualifier)).toEqual(["live"]);
    expect(fn.eventInvokeConfig?.qualifier).toBe("live");
    expect((model.resources.FnTock.properties.Target as { Arn: string }).Arn).toBe(`${ARN}:live`);
    expect(model.resources.FnLogs.properties.DestinationArn).toBe(`${ARN}:live`);
    expect(model.resources.FnLogsPermission.properties.FunctionName).toBe(`${ARN}:live`);
    expect(model.resources.FnUrlPublicPermissions.properties.FunctionName).toBe(`${ARN}:live`);
  });

  it("without AutoPublishAlias they name the function", async () => {
    const model = await apps.load(template(events.replace("      AutoPublishAlias: live\n", ""), others));
    expect(model.apis.flatMap((api) => api.routes).map((r) => r.functionName)).toEqual(["orders", "orders"]);
    expect(model.eventSourceMappings.map((m) => m.functionName)).toEqual(["orders"]);
    expect(model.functions[0].eventInvokeConfig?.qualifier).toBe("$LATEST");
    expect(model.functions[0].functionUrls?.map((u) => u.qualifier)).toEqual([undefined]);
    expect(ofType(model, "AWS::Lambda::Alias")).toEqual([]);
  });

  it("keeps the alias an AWS::Lambda::EventSourceMapping or an integration URI names", async () => {
    const model = await apps.load(template("      AutoPublishAlias: live\n", `${others}  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref FnAliaslive
      EventSourceArn: !GetAtt Table.StreamArn
      StartingPosition: TRIM_HORIZON
  ByName:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: orders:live
      EventSourceArn: !GetAtt Table.StreamArn
      StartingPosition: TRIM_HORIZON
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: api, ProtocolType: HTTP }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Ref FnAliaslive
      PayloadFormatVersion: "2.0"
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /x, Target: !Sub "integrations/\${Integration}" }
`));
    expect(model.eventSourceMappings.map((m) => [m.logicalId, m.functionName])).toEqual([["Mapping", "orders:live"], ["ByName", "orders:live"]]);
    expect(model.apis.flatMap((api) => api.routes).map((r) => r.functionName)).toEqual(["orders:live"]);
  });
});
