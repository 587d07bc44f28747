/**
 * Nested stacks (AWS::CloudFormation::Stack, SAM's AWS::Serverless::Application) load from their
 * own templates: the child's resources run with the parent's under "<LogicalId>/<child's id>", its
 * Parameters come from the parent's scope, AWS::StackName is the nested stack's own
 * "<parent>-<LogicalId>-<SUFFIX>" (AWS::CloudFormation::Stack's Ref: "…:stack/mystack-mynestedstack-sggfrhxhum7w/…"),
 * and Fn::GetAtt <Child>.Outputs.<Name> is the child's output.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplate, stackOfLogicalId } from "../src/index.js";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const SAM = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
const HANDLER = "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n";
const NESTED_NAME = /^shop-Orders-[A-Z0-9]{12}$/;

const parent = `${SAM}Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Orders:
    Type: AWS::Serverless::Application
    Properties:
      Location: orders/template.yaml
      Parameters:
        Stage: !Ref Stage
        TopicArn: !Ref Topic
        Sizes: !Split [",", "s,m,l"]
        Retries: 3
Outputs:
  Table:
    Value: !GetAtt Orders.Outputs.TableName
  StackId:
    Value: !Ref Orders
  Status:
    Value: !GetAtt Orders.StackStatus
  Copy:
    Value: !Sub "\${Orders.Outputs.TableName}-copy"
`;

const child = `${SAM}Parameters:
  Stage:
    Type: String
  TopicArn:
    Type: String
  Sizes:
    Type: CommaDelimitedList
  Retries:
    Type: Number
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          STAGE: !Ref Stage
          TOPIC: !Ref TopicArn
          SIZES: !Join ["|", !Ref Sizes]
          RETRIES: !Ref Retries
          STACK: !Ref AWS::StackName
          STACK_ID: !Ref AWS::StackId
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /orders
            Method: GET
Outputs:
  TableName:
    Value: !Ref Table
`;

function loadShop(files: Record<string, string>, overrides?: Record<string, string>) {
  const dir = apps.make(files, "shop");
  return loadTemplate({ file: join(dir, "template.yaml"), ...(overrides ? { parameterOverrides: overrides } : {}) });
}

describe("a SAM application nested by Location", () => {
  it("runs the child's function, table and API under Orders/<LogicalId>, with the parent's parameters", async () => {
    const model = await loadShop({ "template.yaml": parent, "orders/template.yaml": child, "orders/src/app.js": HANDLER });
    expect(model.warnings).toEqual([]);
    expect(model.functions.map((f) => f.logicalId)).toEqual(["Orders/Fn"]);
    expect(model.apis.map((a) => [a.logicalId, a.routes.map((r) => `${r.method} ${r.path} ${r.functionLogicalId}`)])).toEqual([["Orders/ServerlessHttpApi", ["GET /orders Orders/Fn"]]]);
    expect(model.tables.map((t) => t.logicalId)).toEqual(["Orders/Table"]);
    expect(model.resources["Orders/Table"]).toMatchObject({ logicalId: "Orders/Table", type: "AWS::Serverless::SimpleTable" });
    expect(model.generatedRoles.map((r) => r.logicalId)).toEqual(["Orders/FnRole"]);
    // Its code is relative to its own template.
    expect(model.functions[0].codeDir).toMatch(/shop[/\\]orders[/\\]src$/);

    const env = model.functions[0].environment;
    expect(env).toMatchObject({ STAGE: "dev", TOPIC: model.resources.Topic.ref, SIZES: "s|m|l", RETRIES: "3" });
    expect(env.STACK).toMatch(NESTED_NAME);
    expect(env.STACK_ID).toBe(model.resources.Orders.ref);
  });

  it("names the child's resources after the nested stack, and the nested stack after its parent", async () => {
    const model = await loadShop({ "template.yaml": parent, "orders/template.yaml": child, "orders/src/app.js": HANDLER });
    const [nested] = model.nestedStacks ?? [];
    expect(nested).toMatchObject({ path: "Orders", logicalId: "Orders", parentId: model.stackId, rootId: model.stackId, resourceIds: ["Table", "Fn", "ServerlessHttpApi"] });
    expect(nested.stackName).toMatch(NESTED_NAME);
    expect(nested.stackId).toBe(`arn:aws:cloudformation:us-east-1:000000000000:stack/${nested.stackName}/${nested.stackId.split("/")[2]}`);
    expect(nested.parameters.map((p) => [p.name, p.value])).toEqual([["Stage", "dev"], ["TopicArn", model.resources.Topic.ref], ["Sizes", "s,m,l"], ["Retries", "3"]]);
    expect(model.functions[0].functionName).toMatch(new RegExp(`^${nested.stackName}-Fn-[A-Za-z0-9]{12}$`));
    expect(String(model.tables[0].createTableInput.TableName)).toMatch(new RegExp(`^${nested.stackName}-Table-[A-Z0-9]{12}$`));
    expect(stackOfLogicalId(model, "Orders/Fn")).toEqual({ stackName: nested.stackName, logicalId: "Fn", templateFile: nested.templateFile });
    expect(stackOfLogicalId(model, "Topic")).toEqual({ stackName: "shop", logicalId: "Topic", templateFile: model.templateFile });
  });

  it("resolves Fn::GetAtt Orders.Outputs.TableName (in Fn::Sub too), Ref Orders and Orders.StackStatus in the parent", async () => {
    const model = await loadShop({ "template.yaml": parent, "orders/template.yaml": child, "orders/src/app.js": HANDLER });
    expect(model.outputs.Table.value).toBe(model.tables[0].createTableInput.TableName);
    expect(model.outputs.StackId.value).toBe(model.nestedStacks?.[0].stackId);
    expect(model.outputs.Status.value).toBe("CREATE_COMPLETE");
    expect(model.outputs.Copy.value).toBe(`${model.outputs.Table.value}-copy`);
    // The nested stack's own outputs stay its own.
    expect(Object.keys(model.outputs)).toEqual(["Table", "StackId", "Status", "Copy"]);
    expect(model.nestedStacks?.[0].outputs).toEqual({ TableName: { value: model.outputs.Table.value } });
  });

  it("refuses Fn::GetAtt of an output the child does not declare, as CloudFormation does", async () => {
    const error = await sandboxError(loadShop({
      "template.yaml": parent.replace("Orders.Outputs.TableName", "Orders.Outputs.Missing"), "orders/template.yaml": child, "orders/src/app.js": HANDLER,
    }));
    expect(error.message).toBe("Template error: resource Orders does not support attribute type Outputs.Missing in Fn::GetAtt");
    expect(error.file).toMatch(/shop[/\\]template\.yaml$/);
  });

  it("takes a `sam build` directory as Location (its template.yaml)", async () => {
    const model = await loadShop({ "template.yaml": parent.replace("orders/template.yaml", "orders"), "orders/template.yaml": child, "orders/src/app.js": HANDLER });
    expect(model.functions.map((f) => f.logicalId)).toEqual(["Orders/Fn"]);
  });

  it("leaves out a nested stack whose Condition is false", async () => {
    const model = await loadShop({
      "template.yaml": `${SAM}Conditions:\n  Never: !Equals [a, b]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Orders:\n    Type: AWS::Serverless::Application\n    Condition: Never\n    Properties:\n      Location: missing.yaml\n`,
    });
    expect(model.nestedStacks).toBeUndefined();
    expect(model.warnings).toEqual([]);
  });
});

describe("stacks nested in nested stacks", () => {
  it("runs a grandchild under Orders/Audit/<LogicalId>, its stack nested in the child's", async () => {
    const withAudit = child.replace("Outputs:\n", "  Audit:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: audit.yaml\n      Parameters:\n        Prefix: !Ref Stage\nOutputs:\n  QueueName:\n    Value: !GetAtt Audit.Outputs.QueueName\n");
    const audit = "Parameters:\n  Prefix:\n    Type: String\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\nOutputs:\n  QueueName:\n    Value: !GetAtt Queue.QueueName\n";
    const model = await loadShop({ "template.yaml": parent, "orders/template.yaml": withAudit, "orders/audit.yaml": audit, "orders/src/app.js": HANDLER });
    expect(model.resources["Orders/Audit/Queue"]?.type).toBe("AWS::SQS::Queue");
    const [orders, auditStack] = model.nestedStacks ?? [];
    expect(auditStack).toMatchObject({ path: "Orders/Audit", logicalId: "Audit", parentId: orders.stackId, rootId: model.stackId, resourceIds: ["Queue"] });
    expect(auditStack.stackName).toMatch(new RegExp(`^${orders.stackName}-Audit-[A-Z0-9]{12}$`));
    // A queue's generated name starts with its own (nested) stack's name, shortened to SQS's 80 characters.
    expect(orders.outputs.QueueName.value).toBe(model.resources["Orders/Audit/Queue"].attributes.QueueName);
    expect(stackOfLogicalId(model, "Orders/Audit/Queue")).toMatchObject({ stackName: auditStack.stackName, logicalId: "Queue" });
  });
});

describe("a nested stack of a stack another stack imports from", () => {
  it("runs with it, its resources named after their own nested stack", async () => {
    const topic = { Type: "AWS::SNS::Topic" };
    const dir = apps.make({
      "cdk.out/DataStack.template.json": JSON.stringify({
        Resources: { Shared: topic, Inner: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "DataStackInner1A2B3C4D.nested.template.json" } } },
        Outputs: { ExportsOutputRefShared: { Value: { Ref: "Shared" }, Export: { Name: "DataStack:ExportsOutputRefShared" } } },
      }),
      "cdk.out/DataStackInner1A2B3C4D.nested.template.json": JSON.stringify({ Resources: { Queue: { Type: "AWS::SQS::Queue" } } }),
      "cdk.out/ApiStack.template.json": JSON.stringify({ Resources: { Mine: { Type: "AWS::SNS::Topic", Properties: { DisplayName: { "Fn::ImportValue": "DataStack:ExportsOutputRefShared" } } } } }),
    });
    const model = await loadTemplate({ file: join(dir, "cdk.out", "ApiStack.template.json") });
    expect(Object.keys(model.resources).sort()).toEqual(["Inner", "Inner/Queue", "Mine", "Shared"]);
    expect(model.nestedStacks?.map((s) => s.stackName)).toEqual([expect.stringMatching(/^DataStack-Inner-[A-Z0-9]{12}$/)]);
    expect(stackOfLogicalId(model, "Inner/Queue").stackName).toBe(model.nestedStacks?.[0].stackName);
  });
});

describe("nested stacks that cannot be run", () => {
  it("keeps a Serverless Application Repository application as a warning: it cannot be fetched offline", async () => {
    const model = await loadShop({
      "template.yaml": `${SAM}Resources:\n  Sar:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location:\n        ApplicationId: arn:aws:serverlessrepo:us-east-1:077246666028:applications/hello-world\n        SemanticVersion: 1.0.4\nOutputs:\n  Out:\n    Value: !GetAtt Sar.Outputs.Greeting\n`,
    });
    expect(model.warnings).toEqual([
      "AWS::Serverless::Application Sar is the Serverless Application Repository application arn:aws:serverlessrepo:us-east-1:077246666028:applications/hello-world, " +
        "which the sandbox cannot fetch offline; its resources are not created and its Outputs (Fn::GetAtt Sar.Outputs.<Name>) resolve to placeholder text. " +
        "Save its template next to this one and set Location to that file to run it",
    ]);
    expect(model.outputs.Out.value).toBe("Sar.Outputs.Greeting");
    expect(model.resources.Sar.ref).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/shop-Sar-[A-Z0-9]{12}\/[0-9a-f-]{36}$/);
  });

  it("warns for a TemplateURL on S3 that no CDK asset manifest maps to a local file", async () => {
    const model = await loadShop({
      "template.yaml": "Resources:\n  Remote:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://s3.amazonaws.com/bucket/child.yaml\n",
    });
    expect(model.warnings).toEqual([
      expect.stringMatching(/^AWS::CloudFormation::Stack Remote: TemplateURL https:\/\/s3\.amazonaws\.com\/bucket\/child\.yaml is not a local file, and the sandbox cannot fetch it offline; /),
    ]);
  });
});

describe("mistakes in nested stacks, reported like the parent's", () => {
  it("names the parent template and line when the child template does not exist", async () => {
    const error = await sandboxError(loadShop({ "template.yaml": parent }));
    expect(error.message).toMatch(/^Nested stack Orders: its template orders\/template\.yaml does not exist \(.*shop[/\\]orders[/\\]template\.yaml\)$/);
    expect(error.file).toMatch(/shop[/\\]template\.yaml$/);
    // Location's line.
    expect(error.line).toBe(13);
  });

  it("names the child template and line when it does not parse", async () => {
    const broken = '{\n  "Resources": {\n    "Table": { "Type": "AWS::SNS::Topic" },\n  }\n}\n';
    const error = await sandboxError(loadShop({ "template.yaml": parent.replace("orders/template.yaml", "orders/template.json"), "orders/template.json": broken }));
    expect(error.message).toBe("Template format error: JSON not well-formed. (line 4, column 4)");
    expect(error.file).toMatch(/shop[/\\]orders[/\\]template\.json$/);
    expect(error.line).toBe(4);
  });

  it("refuses a template that nests itself, directly or through a grandchild", async () => {
    const self = await sandboxError(loadShop({ "template.yaml": "Resources:\n  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./template.yaml\n" }));
    expect(self.message).toMatch(/^Nested stack Again: .*shop[/\\]template\.yaml nests itself \(template\.yaml -> template\.yaml\)$/);
    expect(self.line).toBe(2);
    const loop = await sandboxError(loadShop({
      "template.yaml": "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: a.yaml\n",
      "a.yaml": "Resources:\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: b.yaml\n",
      "b.yaml": "Resources:\n  BackToA:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: a.yaml\n",
    }));
    expect(loop.message).toMatch(/^Nested stack BackToA: .*a\.yaml nests itself \(a\.yaml -> b\.yaml -> a\.yaml\)$/);
    expect(loop.file).toMatch(/shop[/\\]b\.yaml$/);
  });

  it("refuses a parameter the child does not declare, and a child parameter without a value (CreateStack's ValidationError texts)", async () => {
    const unknown = await sandboxError(loadShop({ "template.yaml": parent.replace("Retries: 3", "Retries: 3\n        Colour: blue"), "orders/template.yaml": child, "orders/src/app.js": HANDLER }));
    expect(unknown.message).toBe("Parameters: [Colour] do not exist in the template");
    expect(unknown.file).toMatch(/shop[/\\]template\.yaml$/);
    const missing = await sandboxError(loadShop({ "template.yaml": parent.replace("        Retries: 3\n", ""), "orders/template.yaml": child, "orders/src/app.js": HANDLER }));
    expect(missing.message).toBe("Parameters: [Retries] must have values");
    expect(missing.hint).toBe(`Pass it in the Parameters of nested stack Orders, or give it a Default in ${missing.hint?.split(" in ").pop()}`);
  });
});

describe("a CDK NestedStack as cdk synth --no-asset-metadata writes it (fixtures/cdk-nested)", () => {
  // ParentStack passes its table to the nested stack (CDK's "referenceto<Stack><Id>Ref" parameters) and
  // reads the nested function's name back through the output CDK generates for it.
  it("finds the nested template through the asset manifest (objectKey <hash>.json of its TemplateURL)", async () => {
    // A copy: the nested function's inline code (Code.ZipFile) is written under the app's .sandbox/inline.
    const dir = apps.copy("cdk-nested");
    const model = await loadTemplate({ file: join(dir, "cdk.out", "ParentStack.template.json") });
    expect(model.warnings).toEqual([]);
    expect(model.nestedStacks?.map((s) => s.templateFile)).toEqual([join(dir, "cdk.out", "ParentStackChild1F2A3B4C.nested.template.json")]);
    const nested = "ChildNestedStackChildNestedStackResource8F2C4C8B";
    const fn = model.functions.find((f) => f.logicalId === `${nested}/Handler886CB40B`);
    expect(fn?.environment.TABLE_NAME).toBe(model.tables[0].createTableInput.TableName);
    expect(fn?.environment.STACK_NAME).toMatch(/^ParentStack-ChildNestedStackChildNestedStackResource8F2C4C8B-[A-Z0-9]{12}$/);
    expect(model.outputs.HandlerName.value).toBe(fn?.functionName);
    expect(model.outputs.ChildStackId.value).toBe(model.resources[nested].ref);
    // Inline code of a nested stack's function lives under its template's name, apart from the parent's.
    expect(fn?.codeDir).toBe(join(dir, ".sandbox", "inline", "ParentStackChild1F2A3B4C.nested", "Handler886CB40B"));
  });
});
