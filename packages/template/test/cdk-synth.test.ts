/**
 * Templates `cdk synth` really wrote (aws-cdk-lib 2.276, the CLI's default asset and path metadata on;
 * each fixture's app.js is the app): the loader must read what CloudFormation would deploy.
 * CDK's own custom-resource provider bundles are stubbed in the fixtures (the sandbox never runs them).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import { FIXTURES, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const template = (fixture: string, stack: string) => join(FIXTURES, fixture, "cdk.out", `${stack}.template.json`);

describe("a synthesized RestApi + LambdaRestApi + NodejsFunction + Table (fixtures/cdk-rest)", () => {
  it("loads without warnings: BootstrapVersion, the CheckBootstrapVersion rule, CDKMetadata and its condition", async () => {
    const model = await loadTemplate({ file: template("cdk-rest", "RestStack") });
    expect(model.warnings).toEqual([]);
    expect(model.stackName).toBe("RestStack");
    expect(model.parameters).toEqual([expect.objectContaining({ name: "BootstrapVersion", value: "/cdk-bootstrap/hnb659fds/version", ssmType: "AWS::SSM::Parameter::Value<String>" })]);
    expect(model.functions.map((f) => f.codeDir)).toEqual([join(FIXTURES, "cdk-rest", "cdk.out", "asset.63903f59c993d95866980b49aa3f8b3b19cc38523facbeea0158164bf8636be8")]);
    expect(model.apis.map((a) => [a.logicalId, a.stageName, a.routes.map((r) => `${r.method} ${r.path}`)])).toEqual([
      ["ItemsApi3788C05C", "prod", ["GET /items", "POST /items"]],
      ["ProxyApi0DF2D7AE", "prod", ["ANY /{proxy+}", "ANY /"]],
    ]);
    expect(model.apis[0].cors?.allowOrigins).toEqual(["*"]);
    expect(model.outputs.TableName).toEqual({ value: model.tables[0].createTableInput.TableName, exportName: "RestItemsTable" });
  });

  it("finds a function's asset through the asset manifest when the template has no asset metadata (cdk synth --no-asset-metadata)", async () => {
    const dir = apps.copy("cdk-rest");
    const file = join(dir, "cdk.out", "RestStack.template.json");
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    for (const resource of Object.values(parsed.Resources)) delete resource.Metadata;
    writeFileSync(file, JSON.stringify(parsed));
    const model = await loadTemplate({ file });
    expect(model.functions[0].codeDir).toBe(join(dir, "cdk.out", "asset.63903f59c993d95866980b49aa3f8b3b19cc38523facbeea0158164bf8636be8"));
    expect(model.warnings).toEqual([]);
  });
});

describe("a synthesized HttpApi with HttpUserPoolAuthorizer and HttpJwtAuthorizer (fixtures/cdk-http)", () => {
  it("routes each method to its integration and authorizer, and creates the user pool and client", async () => {
    const model = await loadTemplate({ file: template("cdk-http", "HttpStack") });
    expect(model.warnings).toEqual([]);
    const api = model.apis.find((a) => a.kind === "http");
    expect(api?.routes.map((r) => `${r.method} ${r.path} ${r.auth?.AuthorizationType ?? "NONE"}`)).toEqual([
      "GET /public NONE", "GET /notes JWT", "POST /notes JWT", "GET /jwt JWT",
    ]);
    expect(api?.cors).toMatchObject({ allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["authorization", "content-type"] });
    expect(Object.values(model.resources).filter((r) => r.type.startsWith("AWS::Cognito::")).map((r) => r.type)).toEqual(["AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"]);
  });
});

describe("a synthesized app with an asset layer, a version and alias, Code.fromInline and an ESM bundle (fixtures/cdk-misc)", () => {
  it("loads every function from cdk.out (the inline one under .sandbox/inline) without warnings", async () => {
    const dir = apps.copy("cdk-misc");
    const model = await loadTemplate({ file: join(dir, "cdk.out", "MiscStack.template.json") });
    expect(model.warnings).toEqual([]);
    expect(model.functions.map((f) => [f.logicalId, f.codeDir, f.layers.length])).toEqual([
      ["Plain295EB121", join(dir, "cdk.out", "asset.0d06fb0d7d326505e1e2e50660af60deb01254b91121832938a6401909a12732"), 1],
      ["Inline6CF80F9D", join(dir, ".sandbox", "inline", "MiscStack", "Inline6CF80F9D"), 0],
      ["Esm789A24BB", join(dir, "cdk.out", "asset.56a032f1dc67ee13b6db9ba9f8bde1c2cfb8aac8d0fb9f8a78e01023442be1ff"), 0],
    ]);
    const me = model.apis[0].routes.find((r) => r.path === "/me");
    expect(me).toMatchObject({ method: "GET", functionLogicalId: "Plain295EB121", auth: expect.objectContaining({ AuthorizationType: "COGNITO_USER_POOLS" }) });
  });
});

describe("a synthesized app of two stacks and a nested stack (fixtures/cdk-multi)", () => {
  it("runs the stack whose exports ApiStack imports with it, as cdk deploy deploys a stack's dependencies", async () => {
    const model = await loadTemplate({ file: template("cdk-multi", "ApiStack") });
    expect(model.stackName).toBe("ApiStack");
    expect(model.tables.map((t) => t.createTableInput.TableName)).toEqual([expect.stringMatching(/^DataStack-SharedDACC02AA-/)]);
    // Fn::ImportValue "DataStack:ExportsOutputRefSharedDACC02AAC9763D33" is DataStack's table.
    expect(model.functions[0].environment.TABLE_NAME).toBe(model.tables[0].createTableInput.TableName);
    expect(model.resources.SharedDACC02AA.type).toBe("AWS::DynamoDB::Table");
    // Both stacks have a CDKMetadata: DataStack's is kept under its stack's name.
    expect(model.resources["DataStack.CDKMetadata"].type).toBe("AWS::CDK::Metadata");
    expect(model.warnings).toEqual([]);
  });

  it("runs the nested stack's function from the template its TemplateURL's asset hash names (aws:asset:path)", async () => {
    const model = await loadTemplate({ file: template("cdk-multi", "ApiStack") });
    const nested = "ExtraNestedStackExtraNestedStackResource1F6C24CE";
    expect(model.nestedStacks?.map((s) => [s.path, s.templateFile])).toEqual([[nested, join(FIXTURES, "cdk-multi", "cdk.out", "ApiStackExtraE9A1B430.nested.template.json")]]);
    const fn = model.functions.find((f) => f.logicalId === `${nested}/NestedFn2B60CC45`);
    expect(fn?.codeDir).toBe(join(FIXTURES, "cdk-multi", "cdk.out", "asset.4cc8cc946f08b3161c4f979381e28958a84463fd57b8256cdcb216229ca482b3"));
    // Named after the nested stack ("ApiStack-<LogicalId>-<SUFFIX>"), both shortened to fit Lambda's 64 characters.
    expect(fn?.functionName).toMatch(/^ApiStack-ExtraNestedStackExtraNest-NestedFn2B60CC45-[A-Za-z0-9]{12}$/);
    expect(model.resources[nested].ref).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/ApiStack-ExtraNestedStackExtraNestedStackResource1F6C24CE-[A-Z0-9]{12}\/[0-9a-f-]{36}$/);
  });

  it("starts DataStack alone without ApiStack (nothing imports from it)", async () => {
    const model = await loadTemplate({ file: template("cdk-multi", "DataStack") });
    expect(model.functions).toEqual([]);
    expect(model.tables).toHaveLength(1);
    expect(model.warnings).toEqual([]);
  });
});

describe("stacks that import from the same stack", () => {
  it("runs the shared stack once", async () => {
    const table = { Type: "AWS::DynamoDB::Table", Properties: { KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" } };
    const exporting = (stack: string, id: string) => ({ [`ExportsOutputRef${id}`]: { Value: { Ref: id }, Export: { Name: `${stack}:ExportsOutputRef${id}` } } });
    const topicNamed = (stack: string, id: string) => ({ Type: "AWS::SNS::Topic", Properties: { TopicName: { "Fn::ImportValue": `${stack}:ExportsOutputRef${id}` } } });
    const dir = apps.make({
      "cdk.out/DataStack.template.json": JSON.stringify({ Resources: { Shared: table }, Outputs: exporting("DataStack", "Shared") }),
      "cdk.out/LeftStack.template.json": JSON.stringify({ Resources: { Left: topicNamed("DataStack", "Shared") }, Outputs: exporting("LeftStack", "Left") }),
      "cdk.out/RightStack.template.json": JSON.stringify({ Resources: { Right: topicNamed("DataStack", "Shared") }, Outputs: exporting("RightStack", "Right") }),
      "cdk.out/ApiStack.template.json": JSON.stringify({ Resources: { Both: { Type: "AWS::SNS::Topic", Properties: { TopicName: { "Fn::Join": ["-", [{ "Fn::ImportValue": "LeftStack:ExportsOutputRefLeft" }, { "Fn::ImportValue": "RightStack:ExportsOutputRefRight" }]] } } } } }),
    });
    const model = await loadTemplate({ file: join(dir, "cdk.out", "ApiStack.template.json") });
    expect(model.tables.map((t) => t.createTableInput.TableName)).toEqual([expect.stringMatching(/^DataStack-Shared-/)]);
    expect(Object.keys(model.resources).sort()).toEqual(["Both", "Left", "Right", "Shared"]);
    expect(model.warnings).toEqual([]);
  });
});

describe("inline code of stacks run together", () => {
  it("keeps each stack's Code.ZipFile of the same logical id apart", async () => {
    const inline = (text: string) => ({ Type: "AWS::Lambda::Function", Properties: { Handler: "index.handler", Runtime: "nodejs22.x", Code: { ZipFile: text } } });
    const dir = apps.make({
      "cdk.out/DataStack.template.json": JSON.stringify({
        Resources: { Fn: inline("exports.handler = async () => 'data';"), Topic: { Type: "AWS::SNS::Topic" } },
        Outputs: { ExportsOutputRefTopic: { Value: { Ref: "Topic" }, Export: { Name: "DataStack:ExportsOutputRefTopic" } } },
      }),
      "cdk.out/ApiStack.template.json": JSON.stringify({
        Resources: { Fn: inline("exports.handler = async () => 'api';"), Uses: { Type: "AWS::SNS::Topic", Properties: { TopicName: { "Fn::ImportValue": "DataStack:ExportsOutputRefTopic" } } } },
      }),
    });
    const model = await loadTemplate({ file: join(dir, "cdk.out", "ApiStack.template.json") });
    const code = model.functions.map((f) => readFileSync(join(f.codeDir, "index.js"), "utf8")).sort();
    expect(code).toEqual(["exports.handler = async () => 'api';", "exports.handler = async () => 'data';"]);
  });
});

describe("CDK's own custom resources (fixtures/cdk-bucket, fixtures/cdk-events)", () => {
  it("takes Custom::S3AutoDeleteObjects silently and a BucketDeployment's assets as the bucket's contents", async () => {
    const dir = apps.copy("cdk-bucket");
    const model = await loadTemplate({ file: join(dir, "cdk.out", "BucketStack.template.json") });
    expect(model.warnings).toEqual([]);
    const uploads = model.buckets.find((b) => b.logicalId === "Uploads4F6EB0FD");
    const site = model.buckets.find((b) => b.logicalId === "SiteE53D7754");
    expect(site?.deployments).toEqual([{
      logicalId: "DeploySiteCustomResourceE47C9748",
      keyPrefix: "web/",
      sources: [
        { dir: join(dir, "cdk.out", "asset.ee66f8433d2a6d383919cea6cb304057cf4734882f7220d032b5e1f31ae97a30"), markers: {}, jsonEscape: false },
        // Source.jsonData("config.json", { uploadsBucket: bucket.bucketName, region }): deploy-time values, resolved.
        {
          dir: join(dir, "cdk.out", "asset.af626cff879025659252d7232ade1570ab42a5d3feb327b72c54ac28b07c58c5"),
          markers: { "<<marker:0xbaba:0>>": uploads?.bucketName, "<<marker:0xbaba:1>>": "us-east-1" },
          jsonEscape: true,
        },
      ],
      exclude: [],
      include: [],
      systemMetadata: {},
      userMetadata: {},
      line: expect.any(Number),
    }]);
    // deployment.deployedBucket.bucketName: Fn::Select/Fn::Split of Fn::GetAtt <deployment>.DestinationBucketArn.
    expect(model.outputs.DeployedBucket.value).toBe(site?.bucketName);
    // addEventNotification(OBJECT_CREATED, LambdaDestination, { prefix: "in/" }).
    expect(uploads?.notifications).toEqual([expect.objectContaining({ events: ["s3:ObjectCreated:*"], filterRules: [{ name: "prefix", value: "in/" }] })]);
  });

  it("marks the provider functions of the custom resources the sandbox handles itself", async () => {
    const dir = apps.copy("cdk-bucket");
    const model = await loadTemplate({ file: join(dir, "cdk.out", "BucketStack.template.json") });
    expect(Object.fromEntries(model.functions.map((f) => [f.logicalId, f.cdkProviderFor]))).toEqual({
      CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F: "Custom::S3AutoDeleteObjects",
      OnUpload071E41C7: undefined,
      BucketNotificationsHandler050a0587b7544547bf325f094a3db8347ECC3691: "Custom::S3BucketNotifications",
      CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C81C01536: "Custom::CDKBucketDeployment",
    });
  });

  it("takes Custom::LogRetention silently and names what an AwsCustomResource (Custom::AWS) does not do", async () => {
    const model = await loadTemplate({ file: template("cdk-events", "EventsStack") });
    expect(model.warnings).toEqual([
      "Custom::AWS LookupParamCD49D1BA (CDK AwsCustomResource) is not run: the AWS SDK call it makes on deploy (SSM getParameter) is not made, " +
        "and Fn::GetAtt LookupParamCD49D1BA.<attribute> resolves to placeholder text. Make the call from the app, or once the sandbox is ready (--on-ready)",
    ]);
    expect(model.outputs.ConfigValue.value).toBe("LookupParamCD49D1BA.Parameter.Value");
    expect(Object.values(model.resources).filter((r) => r.type === "AWS::Events::Rule").map((r) => r.properties.ScheduleExpression ?? r.properties.EventPattern)).toEqual([
      "rate(5 minutes)",
      { source: ["shop.orders"], "detail-type": ["OrderPlaced"] },
    ]);
  });

  it("warns once for any other custom resource, naming it", async () => {
    const model = await apps.load(`
Resources:
  Seed:
    Type: Custom::SeedTable
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:000000000000:function:seeder
`);
    expect(model.warnings).toEqual([
      "Custom::SeedTable Seed is a custom resource: the sandbox does not invoke its provider (ServiceToken), so what it does on deploy is not done, and Fn::GetAtt Seed.<attribute> resolves to placeholder text",
    ]);
  });

  it("warns when a BucketDeployment's destination is not a bucket of the template", async () => {
    const model = await apps.load(JSON.stringify({
      Resources: {
        Deploy: {
          Type: "Custom::CDKBucketDeployment",
          Properties: { ServiceToken: "arn:aws:lambda:us-east-1:000000000000:function:x", SourceBucketNames: ["b"], SourceObjectKeys: ["k.zip"], DestinationBucketName: "elsewhere" },
        },
      },
    }), { name: "template.json" });
    expect(model.warnings).toEqual([
      "Custom::CDKBucketDeployment Deploy: source s3://b/k.zip is not an asset in " + model.dir + "; its files are not copied",
    ]);
  });
});
