/**
 * Nested stacks run with their parent (fixtures/nested-app): its orders API is a nested SAM
 * application (orders/template.yaml) whose function and table are served over real HTTP and the
 * AWS endpoint, and which nests a CloudFormation stack of its own (orders/audit/template.yaml).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudFormationClient, DescribeStacksCommand, ListExportsCommand, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { SandboxError } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const template = join(import.meta.dirname, "fixtures", "nested-app", "template.yaml");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
/** The parent stack is named after the template's directory; CloudFormation names its nested stack "<parent>-<LogicalId>-<SUFFIX>". */
const PARENT = "nested-app";
const ORDERS_STACK = /^nested-app-Orders-[A-Z0-9]{12}$/;

describe("a SAM app whose API route's function lives in a nested application", () => {
  let sandbox: RunningSandbox;
  let dynamodb: DynamoDBClient;
  let lambda: LambdaClient;
  let cfn: CloudFormationClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template, port: 0, edgePort: 0, inMemory: true });
    const client = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    dynamodb = new DynamoDBClient(client);
    lambda = new LambdaClient(client);
    cfn = new CloudFormationClient(client);
    sqs = new SQSClient(client);
  });

  afterAll(async () => {
    for (const c of [dynamodb, lambda, cfn, sqs]) c?.destroy();
    await sandbox?.stop();
  });

  it("names the nested function Orders/ItemsFunction, apart from the parent's ItemsFunction, without a warning", () => {
    expect(sandbox.app.functions.map((f) => f.logicalId)).toEqual(["ItemsFunction", "Orders/ItemsFunction"]);
    expect(sandbox.app.warnings).toEqual([]);
    // Its physical name starts with the nested stack's name, as CloudFormation names a nested stack's resources.
    const nested = sandbox.app.functions[1].functionName;
    expect(nested).toMatch(/^nested-app-Orders-[A-Z0-9]{12}-ItemsFunction-[A-Za-z0-9]{12}$/);
    expect(sandbox.routes.map((r) => `${r.method} ${r.path} ${r.functionName}`)).toEqual(expect.arrayContaining([
      `POST /orders ${nested}`,
      `GET /health ${sandbox.app.functions[0].functionName}`,
    ]));
  });

  it("serves the nested function's route over HTTP; it writes to the nested table, read back through SDK v3", async () => {
    const res = await fetch(`${sandbox.apiUrl}/orders`, { method: "POST", body: JSON.stringify({ id: "o-1", total: 42 }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { item: Record<string, unknown>; stack: string; greeting: string };
    // Parameters passed from the parent (Stage, and a Sub of the parent's AWS::StackName); AWS::StackName is the nested stack's.
    expect(body.item).toEqual({ id: "o-1", total: 42, stage: "dev" });
    expect(body.greeting).toBe(`hello from ${PARENT}`);
    expect(body.stack).toMatch(ORDERS_STACK);

    // The parent's output is the nested stack's output: the table's generated name.
    const table = sandbox.app.outputs.OrdersTable.value;
    expect(table).toMatch(/^nested-app-Orders-[A-Z0-9]{12}-Table-[A-Z0-9]{12}$/);
    const item = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: "o-1" } } }));
    expect(item.Item).toEqual({ id: { S: "o-1" }, total: { N: "42" }, stage: { S: "dev" } });
  });

  it("gives the parent's function the nested stack's output and ARN (Fn::GetAtt Orders.Outputs.TableName, Ref Orders)", async () => {
    const res = await fetch(`${sandbox.apiUrl}/health`);
    const body = (await res.json()) as { ordersTable: string; ordersStack: string };
    expect(body.ordersTable).toBe(sandbox.app.outputs.OrdersTable.value);
    expect(body.ordersStack).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/nested-app-Orders-[A-Z0-9]{12}\/[0-9a-f-]{36}$/);
    expect(body.ordersStack).toBe(sandbox.app.outputs.OrdersStackId.value);
  });

  it("invokes the nested function by its name through the Lambda API", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: sandbox.app.functions[1].functionName, Payload: JSON.stringify({ body: JSON.stringify({ id: "o-2" }) }) }));
    expect(JSON.parse(new TextDecoder().decode(out.Payload))).toMatchObject({ statusCode: 201 });
  });

  it("creates the queue of the stack nested in the nested application (Orders/Audit/Queue)", async () => {
    expect(sandbox.app.resources["Orders/Audit/Queue"].type).toBe("AWS::SQS::Queue");
    const url = await sqs.send(new GetQueueUrlCommand({ QueueName: "dev-audit" }));
    expect(url.QueueUrl).toBe(sandbox.app.outputs.AuditQueueUrl.value);
  });

  it("creates the grandchild's user pool named after its own logical id (Orders/Audit/Reviewers: Reviewers)", async () => {
    const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const pools = (await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools ?? [];
      expect(pools.map((p) => [p.Id, p.Name])).toEqual([[sandbox.app.resources["Orders/Audit/Reviewers"].ref, "Reviewers"]]);
    } finally {
      cognito.destroy();
    }
  });

  it("names the nested function's EventBridge rule after the nested stack, as CloudFormation names it there", async () => {
    const events = new EventBridgeClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const rules = (await events.send(new ListRulesCommand({}))).Rules ?? [];
      expect(rules.map((r) => r.Name)).toEqual([expect.stringMatching(/^nested-app-Orders-[A-Z0-9]{12}-ItemsFunctionPlaced-[A-Z0-9]{12}$/)]);
      const targets = await events.send(new ListTargetsByRuleCommand({ Rule: rules[0].Name }));
      expect(targets.Targets?.map((t) => [t.Id, t.Arn])).toEqual([["ItemsFunctionPlacedLambdaTarget", sandbox.app.functions[1].arn]]);
    } finally {
      events.destroy();
    }
  });

  it("lists the nested stack as a resource of its parent and describes it as a stack of its own", async () => {
    const parent = await cfn.send(new ListStackResourcesCommand({ StackName: PARENT }));
    const summaries = parent.StackResourceSummaries ?? [];
    const orders = summaries.find((r) => r.LogicalResourceId === "Orders");
    expect(orders).toMatchObject({ ResourceType: "AWS::CloudFormation::Stack", PhysicalResourceId: sandbox.app.outputs.OrdersStackId.value });
    // The nested stack's resources are its own, not the parent's.
    expect(summaries.map((r) => r.LogicalResourceId)).not.toContain("Table");

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: sandbox.app.outputs.OrdersStackId.value }))).Stacks ?? [];
    expect(stack.StackName).toMatch(ORDERS_STACK);
    expect(stack.Parameters).toEqual(expect.arrayContaining([{ ParameterKey: "Stage", ParameterValue: "dev" }]));
    expect(stack.Outputs?.find((o) => o.OutputKey === "TableName")?.OutputValue).toBe(sandbox.app.outputs.OrdersTable.value);
    // ParentId and RootId: shown for nested stacks only.
    const [root] = (await cfn.send(new DescribeStacksCommand({ StackName: PARENT }))).Stacks ?? [];
    expect(root).not.toHaveProperty("ParentId");
    expect(stack).toMatchObject({ ParentId: root.StackId, RootId: root.StackId });
    const own = await cfn.send(new ListStackResourcesCommand({ StackName: stack.StackName }));
    const audit = (own.StackResourceSummaries ?? []).find((r) => r.LogicalResourceId === "Audit");
    const [grandchild] = (await cfn.send(new DescribeStacksCommand({ StackName: audit?.PhysicalResourceId }))).Stacks ?? [];
    expect(grandchild).toMatchObject({ ParentId: stack.StackId, RootId: root.StackId });
    expect((own.StackResourceSummaries ?? []).map((r) => `${r.LogicalResourceId} ${r.ResourceType}`).sort()).toEqual([
      "Audit AWS::CloudFormation::Stack",
      "ItemsFunction AWS::Lambda::Function",
      "ItemsFunctionRole AWS::IAM::Role",
      "ServerlessHttpApi AWS::ApiGatewayV2::Api",
      "ServerlessHttpApiApiGatewayDefaultStage AWS::ApiGatewayV2::Stage",
      "Table AWS::DynamoDB::Table",
    ]);
    // Its exports are the account's, exported by the nested stack.
    const exports = (await cfn.send(new ListExportsCommand({}))).Exports ?? [];
    expect(exports).toEqual([{ ExportingStackId: stack.StackId, Name: `${stack.StackName}-TableName`, Value: sandbox.app.outputs.OrdersTable.value }]);
  });
});

describe("a CDK NestedStack (packages/template/test/fixtures/cdk-nested, as cdk synth --no-asset-metadata writes it)", () => {
  let sandbox: RunningSandbox;
  let root: string;

  beforeAll(async () => {
    // A copy: the nested function's inline code is written under the app's .sandbox/inline.
    root = mkdtempSync(join(tmpdir(), "sandbox-nested-"));
    cpSync(join(import.meta.dirname, "..", "..", "template", "test", "fixtures", "cdk-nested"), join(root, "cdk-nested"), { recursive: true });
    sandbox = await createSandbox({ template: join(root, "cdk-nested", "cdk.out", "ParentStack.template.json"), port: 0, edgePort: 0, inMemory: true });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("runs the nested stack's function, given the parent's table through CDK's referenceto… parameter", async () => {
    const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      // HandlerName is the parent's output of the nested stack's output (Fn::GetAtt <NestedStackResource>.Outputs.…Ref).
      const out = await lambda.send(new InvokeCommand({ FunctionName: sandbox.app.outputs.HandlerName.value }));
      const result = JSON.parse(new TextDecoder().decode(out.Payload)) as { table: string; stack: string };
      expect(result.table).toBe(sandbox.app.tables[0].createTableInput.TableName);
      expect(result.stack).toMatch(/^ParentStack-ChildNestedStackChildNestedStackResource8F2C4C8B-[A-Z0-9]{12}$/);
    } finally {
      lambda.destroy();
    }
  });
});

describe("a nested stack's resource its service refuses at start-up", () => {
  it("names the nested stack's template and the resource's line there", async () => {
    const root = mkdtempSync(join(tmpdir(), "sandbox-nested-"));
    try {
      mkdirSync(join(root, "app", "child"), { recursive: true });
      writeFileSync(join(root, "app", "template.yaml"), "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child/template.yaml\n");
      writeFileSync(join(root, "app", "child", "template.yaml"), "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 99999\n");
      const error = await createSandbox({ template: join(root, "app", "template.yaml"), port: 0, edgePort: 0, inMemory: true }).then(
        async (started) => {
          await started.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SandboxError);
      expect((error as SandboxError).message).toMatch(/^Queue Child\/Jobs \(app-Child-[A-Z0-9]{12}-Jobs-[A-Z0-9]{12}\) could not be created: /);
      expect((error as SandboxError).file).toBe(join(root, "app", "child", "template.yaml"));
      expect((error as SandboxError).line).toBe(4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
