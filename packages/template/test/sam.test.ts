import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import type { AppModel } from "../src/index.js";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("a SAM web app (fixtures/web-app)", () => {
  let dir: string;
  let model: AppModel;
  beforeAll(async () => {
    dir = apps.copy("web-app");
    model = await loadTemplate({ file: join(dir, "template.yaml") });
  });
  const fn = (id: string) => {
    const found = model.functions.find((f) => f.logicalId === id);
    if (!found) throw new Error(`no function ${id}`);
    return found;
  };
  const api = (id: string) => {
    const found = model.apis.find((a) => a.logicalId === id);
    if (!found) throw new Error(`no api ${id}`);
    return found;
  };

  it("names the stack after the template's directory, in us-east-1 and account 000000000000", () => {
    expect(model).toMatchObject({ stackName: "web-app", region: "us-east-1", accountId: "000000000000", dir, appDir: dir });
    expect(model.templateFile).toBe(join(dir, "template.yaml"));
  });

  it("generates function names as CloudFormation does, stable across loads", async () => {
    expect(fn("ListItemsFunction").functionName).toMatch(/^web-app-ListItemsFunction-[A-Za-z0-9]{12}$/);
    const again = await loadTemplate({ file: join(dir, "template.yaml") });
    expect(again.functions.map((f) => f.functionName)).toEqual(model.functions.map((f) => f.functionName));
    expect(again.tables.map((t) => t.createTableInput.TableName)).toEqual(model.tables.map((t) => t.createTableInput.TableName));
    expect(again.apis.map((a) => a.apiId)).toEqual(model.apis.map((a) => a.apiId));
  });

  it("uses FunctionName when given, and builds the Lambda ARN", () => {
    expect(fn("GetItemFunction")).toMatchObject({
      functionName: "web-app-get-item",
      arn: "arn:aws:lambda:us-east-1:000000000000:function:web-app-get-item",
    });
  });

  it("merges Globals: properties, maps key by key, mappings through Fn::FindInMap", () => {
    const list = fn("ListItemsFunction");
    expect(list).toMatchObject({
      handler: "list.handler",
      runtime: "nodejs22.x",
      timeoutSeconds: 10,
      memorySizeMb: 256,
      architectures: ["arm64"],
      tracing: "Active",
      logFormat: "JSON",
      description: "Lists items",
      codeDir: join(dir, "src", "items"),
    });
    expect(list.environment).toMatchObject({ STAGE: "dev", LOG_LEVEL: "info" });
    expect(fn("GetItemFunction").timeoutSeconds).toBe(30);
    expect(fn("CreateItemFunction").reservedConcurrency).toBe(5);
  });

  it("resolves environment variables to names and ARNs of other resources", () => {
    const env = fn("ListItemsFunction").environment;
    const table = model.tables.find((t) => t.logicalId === "ItemsTable");
    const tableName = String(table?.createTableInput.TableName);
    expect(tableName).toMatch(/^web-app-ItemsTable-[A-Z0-9]{12}$/);
    expect(env).toMatchObject({
      TABLE_NAME: tableName,
      TABLE_ARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}`,
      SESSIONS_TABLE: "web-app-sessions",
      PAGE_SIZE: "25",
      DEBUG: "true",
    });
    expect(env.STREAM_ARN).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`));
    expect(env.TOPIC_ARN).toMatch(/^arn:aws:sns:us-east-1:000000000000:web-app-NotificationsTopic-[A-Z0-9]{12}$/);
    expect(env.QUEUE_URL).toMatch(/^https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/web-app-WorkQueue-[A-Z0-9]{12}$/);
    expect(fn("GetItemFunction").environment).toMatchObject({
      LIST_FUNCTION: fn("ListItemsFunction").functionName,
      LIST_FUNCTION_ARN: fn("ListItemsFunction").arn,
    });
  });

  it("keeps SAM esbuild build settings", () => {
    expect(fn("GetItemFunction").build).toEqual({
      method: "esbuild",
      properties: { Minify: true, Target: "es2022", Sourcemap: true, EntryPoints: ["get.ts"] },
    });
    expect(fn("ListItemsFunction").build).toBeUndefined();
  });

  it("writes InlineCode to .sandbox/inline/<LogicalId>/index.js", () => {
    const health = fn("HealthFunction");
    expect(health.codeDir).toBe(join(dir, ".sandbox", "inline", "HealthFunction"));
    expect(readFileSync(join(health.codeDir, "index.js"), "utf8")).toContain("exports.handler");
    // Its own package scope: an app whose package.json says "type": "module" does not make it ESM.
    expect(readFileSync(join(health.codeDir, "package.json"), "utf8")).toBe("{}\n");
  });

  it("leaves out resources whose Condition is false", () => {
    expect(model.functions.map((f) => f.logicalId)).not.toContain("ProdAuditFunction");
    expect(model.resources.ProdAuditFunction).toBeUndefined();
    expect(model.outputs.ProdOnly).toBeUndefined();
  });

  it("includes them when a parameter override makes the Condition true", async () => {
    const prod = await loadTemplate({ file: join(dir, "template.yaml"), parameterOverrides: { Stage: "prod" } });
    expect(prod.functions.map((f) => f.logicalId)).toContain("ProdAuditFunction");
    expect(prod.functions[0].memorySizeMb).toBe(1024);
    expect(prod.functions[0].environment.DEBUG).toBeUndefined();
    expect(prod.outputs.ProdOnly.value).toMatch(/^web-app-ProdAuditFunction-/);
  });

  it("routes Api events without RestApiId to the implicit ServerlessRestApi on stage Prod", () => {
    const rest = api("ServerlessRestApi");
    expect(rest).toMatchObject({ kind: "rest", stageName: "Prod", implicit: true, name: "web-app" });
    expect(rest.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(rest.routes).toEqual([
      { method: "GET", path: "/items", functionLogicalId: "ListItemsFunction", functionName: fn("ListItemsFunction").functionName, payloadFormatVersion: "1.0", eventId: "ListItems" },
      { method: "GET", path: "/items/{id}", functionLogicalId: "GetItemFunction", functionName: "web-app-get-item", payloadFormatVersion: "1.0", eventId: "GetItem" },
    ]);
  });

  it("applies Globals.Api Cors to REST APIs and computes AllowMethods as SAM does", () => {
    const { preflights, ...lists } = api("ServerlessRestApi").cors ?? {};
    expect(lists).toEqual({
      allowOrigins: ["*"],
      allowMethods: ["GET", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization"],
      exposeHeaders: [],
      allowCredentials: false,
    });
    // Per path, SAM's OPTIONS MOCK method with the header values as written.
    expect(Object.entries(preflights ?? {}).map(([path, mock]) => [path, mock.responses?.[0]?.responseParameters])).toEqual([
      ["/items", {
        "method.response.header.Access-Control-Allow-Origin": "'*'",
        "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
        "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
      }],
      ["/items/{id}", {
        "method.response.header.Access-Control-Allow-Origin": "'*'",
        "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
        "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
      }],
    ]);
  });

  it("routes events with RestApiId to that AWS::Serverless::Api, keeping Auth", () => {
    const privateApi = api("PrivateApi");
    expect(privateApi).toMatchObject({ kind: "rest", stageName: "v1", implicit: false });
    expect(privateApi.routes).toEqual([expect.objectContaining({ method: "GET", path: "/private/items/{id}", auth: { Authorizer: "CognitoAuth" } })]);
    expect(privateApi.auth).toMatchObject({ DefaultAuthorizer: "CognitoAuth" });
    expect(String((privateApi.auth?.Authorizers as Record<string, Record<string, unknown>>).CognitoAuth.UserPoolArn))
      .toMatch(/^arn:aws:cognito-idp:us-east-1:000000000000:userpool\/us-east-1_[A-Za-z0-9]{9}$/);
  });

  it("builds HttpApi routes: explicit ApiId, payload 1.0 override, timeouts, and $default without Path", () => {
    const http = api("ItemsHttpApi");
    expect(http).toMatchObject({ kind: "http", stageName: "$default" });
    expect(http.routes).toEqual([
      expect.objectContaining({ method: "POST", path: "/items", payloadFormatVersion: "1.0", timeoutMs: 5000, eventId: "Create" }),
      expect.objectContaining({ method: "ANY", path: "$default", payloadFormatVersion: "2.0", eventId: "Fallback" }),
    ]);
    expect(http.cors).toEqual({
      allowOrigins: ["http://localhost:5173"],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["content-type"],
      exposeHeaders: [],
      allowCredentials: false,
      maxAge: 600,
    });
    expect(api("ServerlessHttpApi")).toMatchObject({ implicit: true, stageName: "$default", routes: [expect.objectContaining({ method: "GET", path: "/health" })] });
  });

  it("turns an AWS::DynamoDB::Table into a CreateTable input", () => {
    const table = model.tables.find((t) => t.logicalId === "ItemsTable");
    expect(table?.createTableInput).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      GlobalSecondaryIndexes: [{ IndexName: "gsi1", KeySchema: [{ AttributeName: "gsi1pk", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      SSESpecification: { Enabled: true },
    });
    expect(table?.timeToLive).toEqual({ AttributeName: "expiresAt", Enabled: true });
    expect(table?.streamArn).toBe(fn("ListItemsFunction").environment.STREAM_ARN);
  });

  it("turns an AWS::Serverless::SimpleTable into a single-key on-demand table", () => {
    expect(model.tables.find((t) => t.logicalId === "SessionsTable")?.createTableInput).toEqual({
      TableName: "web-app-sessions",
      AttributeDefinitions: [{ AttributeName: "sessionId", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "sessionId", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("resolves Outputs to strings, including implicit resources (ServerlessRestApi, <Function>Role)", () => {
    const restId = api("ServerlessRestApi").apiId;
    expect(model.outputs.ApiUrl).toEqual({ value: `https://${restId}.execute-api.us-east-1.amazonaws.com/Prod/`, description: "REST API endpoint" });
    expect(model.outputs.HttpApiUrl.value).toBe(`https://${api("ItemsHttpApi").apiId}.execute-api.us-east-1.amazonaws.com`);
    expect(model.outputs.UserPoolId.value).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(model.outputs.ListFunctionRole.value).toMatch(/^arn:aws:iam::000000000000:role\/web-app-ListItemsFunctionRole-[A-Z0-9]{12}$/);
  });

  it("keeps every resource resolved, with its Ref and attributes", () => {
    expect(Object.keys(model.resources)).toEqual(expect.arrayContaining(["NotificationsTopic", "WorkQueue", "UserPool", "AppRole", "ServerlessRestApi"]));
    const nightly = model.resources.NightlyFunction;
    expect(nightly.properties.Events).toMatchObject({ Queue: { Type: "SQS", Properties: { Queue: model.resources.WorkQueue.attributes.Arn } } });
    expect(model.resources.UserPool.properties.UserPoolName).toBe("web-app-users");
    expect(model.resources.ItemsTable.line).toBe(49);
  });

  it("has no warning for SQS queues and SQS events, which the sandbox runs", () => {
    expect(model.warnings).toEqual([]);
  });

  it("reads a function's Schedule event, naming its rule as CloudFormation does", () => {
    expect(fn("NightlyFunction").schedules).toEqual([{
      eventId: "Nightly",
      kind: "Schedule",
      expression: "rate(1 day)",
      enabled: true,
      name: expect.stringMatching(/^web-app-NightlyFunctionNightly-[A-Z0-9]{12}$/),
      line: 195,
    }]);
    expect(fn("ListItemsFunction").schedules).toEqual([]);
  });

  it("does not write into the template directory unless a function has inline code", () => {
    expect(existsSync(join(dir, ".sandbox", "inline", "ListItemsFunction"))).toBe(false);
  });
});
