import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, GetResourcesCommand, GetRestApisCommand, GetStagesCommand as GetRestStagesCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateApiCommand, GetApisCommand, GetRoutesCommand, GetStagesCommand } from "@aws-sdk/client-apigatewayv2";
import {
  CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand, GetTemplateCommand, ListExportsCommand, ListStackResourcesCommand,
  type CloudFormationServiceException,
} from "@aws-sdk/client-cloudformation";
import { AssumeRoleCommand, AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, type STSServiceException } from "@aws-sdk/client-sts";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const template = join(import.meta.dirname, "fixtures", "control-plane");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const STACK = "control-plane";

function hasAws(): boolean {
  try {
    execFileSync("aws", ["--version"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

async function failure<E>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to fail");
}

describe("the control plane of a running sandbox", () => {
  let sandbox: RunningSandbox;
  let clients: { sts: STSClient; cfn: CloudFormationClient; v1: APIGatewayClient; v2: ApiGatewayV2Client };

  beforeAll(async () => {
    sandbox = await createSandbox({ template, port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    clients = { sts: new STSClient(config), cfn: new CloudFormationClient(config), v1: new APIGatewayClient(config), v2: new ApiGatewayV2Client(config) };
  });

  afterAll(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    await sandbox?.stop();
  });

  it("STS answers the sandbox's account, and AssumeRole honours the template role's MaxSessionDuration", async () => {
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: "000000000000", Arn: "arn:aws:iam::000000000000:root" });
    const roleArn = sandbox.app.outputs.DeployRoleArn?.value ?? "";
    const assumed = await clients.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "deploy", DurationSeconds: 7200 }));
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${roleArn.split("/").pop()}/deploy`);
    const error = await failure<STSServiceException>(clients.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "deploy", DurationSeconds: 7201 })));
    expect(error.message).toBe("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  });

  it("STS takes the unsigned AssumeRoleWithWebIdentity and AssumeRoleWithSAML calls the SDKs send", async () => {
    const roleArn = sandbox.app.outputs.DeployRoleArn?.value ?? "";
    const claims = { sub: "user-1", iss: "https://issuer.example", aud: "app", exp: Math.floor(Date.now() / 1000) + 600 };
    const token = ["{\"alg\":\"none\"}", JSON.stringify(claims)].map((part) => Buffer.from(part).toString("base64url")).join(".") + ".";
    // The SDK signs neither call (no credentials needed): only the body names the action.
    const unsigned = new STSClient({ endpoint: sandbox.endpoint, region: "us-east-1" });
    try {
      const web = await unsigned.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "web", WebIdentityToken: token }));
      expect(web).toMatchObject({ SubjectFromWebIdentityToken: "user-1", Provider: "https://issuer.example", Audience: "app" });
      expect(web.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      const saml = await failure<STSServiceException>(
        unsigned.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: "arn:aws:iam::000000000000:saml-provider/corp", SAMLAssertion: "bm90LXhtbA==" })),
      );
      // Routed to STS (which reads the assertion: this one is no SAML), not the edge's "does not emulate POST /".
      expect(saml.name).toBe("InvalidIdentityTokenException");
      expect(saml.message).toMatch(/^Invalid base64 SAMLResponse/);
    } finally {
      unsigned.destroy();
    }
  });

  it("DescribeStacks shows the template as a stack: resolved parameters (NoEcho hidden), outputs and exports", async () => {
    const { Stacks } = await clients.cfn.send(new DescribeStacksCommand({ StackName: STACK }));
    const stack = Stacks?.[0];
    expect(stack).toMatchObject({
      StackName: STACK,
      StackId: sandbox.app.stackId,
      StackStatus: "CREATE_COMPLETE",
      Description: "Control-plane reads (STS, CloudFormation, API Gateway) against the template as a stack",
      Capabilities: ["CAPABILITY_IAM"],
    });
    expect(stack?.Parameters).toEqual([{ ParameterKey: "Stage", ParameterValue: "dev" }, { ParameterKey: "ApiSecret", ParameterValue: "****" }]);
    const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o]));
    expect(outputs.ApiUrl).toMatchObject({ OutputValue: `${sandbox.apiUrl}/Prod/`, Description: "The REST API's Prod stage" });
    expect(outputs.HttpApiUrl?.OutputValue).toBe(`${sandbox.apiUrl}/`);
    expect(outputs.TableName).toMatchObject({ ExportName: `${STACK}-TableName` });
    const { Exports } = await clients.cfn.send(new ListExportsCommand({}));
    expect(Exports).toEqual([{ ExportingStackId: sandbox.app.stackId, Name: `${STACK}-TableName`, Value: outputs.TableName.OutputValue }]);
  });

  it("stack resources carry the names the sandbox gave them, under CloudFormation's types", async () => {
    const { StackResourceSummaries } = await clients.cfn.send(new ListStackResourcesCommand({ StackName: STACK }));
    const byId = Object.fromEntries((StackResourceSummaries ?? []).map((r) => [r.LogicalResourceId, r]));
    expect(byId.Hello).toMatchObject({ ResourceType: "AWS::Lambda::Function", PhysicalResourceId: sandbox.app.functions[0]?.functionName, ResourceStatus: "CREATE_COMPLETE" });
    expect(byId.Items).toMatchObject({ ResourceType: "AWS::DynamoDB::Table", PhysicalResourceId: sandbox.app.tables[0]?.createTableInput.TableName });
    const restApi = sandbox.app.apis.find((a) => a.kind === "rest");
    expect(byId.ServerlessRestApi).toMatchObject({ ResourceType: "AWS::ApiGateway::RestApi", PhysicalResourceId: restApi?.apiId });
    // What SAM's transform adds: the function's role and the APIs' stages.
    expect(byId.HelloRole).toMatchObject({ ResourceType: "AWS::IAM::Role", PhysicalResourceId: expect.stringMatching(/^control-plane-HelloRole-/) });
    expect(byId.ServerlessRestApiProdStage).toMatchObject({ ResourceType: "AWS::ApiGateway::Stage", PhysicalResourceId: "Prod" });
    expect(byId.ServerlessHttpApiApiGatewayDefaultStage).toMatchObject({ ResourceType: "AWS::ApiGatewayV2::Stage", PhysicalResourceId: "$default" });
    const one = await clients.cfn.send(new DescribeStackResourceCommand({ StackName: STACK, LogicalResourceId: "Items" }));
    expect(one.StackResourceDetail?.PhysicalResourceId).toBe(byId.Items.PhysicalResourceId);
  });

  it("GetTemplate answers the template as written; an unknown stack is AWS's ValidationError", async () => {
    const { TemplateBody } = await clients.cfn.send(new GetTemplateCommand({ StackName: STACK }));
    expect(TemplateBody).toContain("Transform: AWS::Serverless-2016-10-31");
    const error = await failure<CloudFormationServiceException>(clients.cfn.send(new DescribeStacksCommand({ StackName: "other" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("Stack with id other does not exist");
  });

  it("API Gateway's control planes list the APIs with the ids the sandbox serves them under", async () => {
    const restApi = sandbox.app.apis.find((a) => a.kind === "rest");
    const httpApi = sandbox.app.apis.find((a) => a.kind === "http");
    const { items } = await clients.v1.send(new GetRestApisCommand({}));
    expect(items?.map((a) => a.id)).toEqual([restApi?.apiId]);
    expect(sandbox.app.outputs.ApiUrl?.value).toContain(String(items?.[0]?.id));
    const stages = await clients.v1.send(new GetRestStagesCommand({ restApiId: restApi?.apiId }));
    expect(stages.item?.map((s) => s.stageName)).toEqual(["Prod"]);
    const resources = await clients.v1.send(new GetResourcesCommand({ restApiId: restApi?.apiId }));
    expect(resources.items?.map((r) => r.path).sort()).toEqual(["/", "/items", "/items/{id}"]);
    const { Items } = await clients.v2.send(new GetApisCommand({}));
    expect(Items?.map((a) => [a.ApiId, a.ProtocolType, a.ApiEndpoint])).toEqual([[httpApi?.apiId, "HTTP", sandbox.apiUrl]]);
    const routes = await clients.v2.send(new GetRoutesCommand({ ApiId: httpApi?.apiId }));
    expect(routes.Items?.map((r) => r.RouteKey)).toEqual(["GET /hello"]);
    const v2Stages = await clients.v2.send(new GetStagesCommand({ ApiId: httpApi?.apiId }));
    expect(v2Stages.Items?.map((s) => s.StageName)).toEqual(["$default"]);
  });

  it("gives the outputs' API URLs as the app port serves them: a script calls what DescribeStacks answers", async () => {
    await sandbox.prepared;
    const { Stacks } = await clients.cfn.send(new DescribeStacksCommand({ StackName: STACK }));
    const apiUrl = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === "ApiUrl")?.OutputValue;
    const res = await fetch(`${apiUrl}items`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: "world" });
    // The template's own value stays AWS's URL (what `sandbox up` prints under Outputs).
    expect(sandbox.app.outputs.ApiUrl?.value).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/Prod\/$/);
  });

  it("the template's REST API answers on the edge port at LocalStack's addresses too (Host <id>.execute-api.…, /restapis/<id>/<stage>/_user_request_/…)", async () => {
    await sandbox.prepared;
    const id = sandbox.app.apis.find((a) => a.kind === "rest")?.apiId ?? "";
    const byPath = await fetch(`${sandbox.endpoint}/restapis/${id}/Prod/_user_request_/items`);
    expect(byPath.status).toBe(200);
    expect(await byPath.json()).toEqual({ hello: "world" });
    const byHost = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(new URL("/Prod/items", sandbox.endpoint), { headers: { host: `${id}.execute-api.localhost:4566` } }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(byHost.status).toBe(200);
    expect(JSON.parse(byHost.body)).toEqual({ hello: "world" });
    // An HTTP API ($default stage) answers at its host's root.
    const httpId = sandbox.app.apis.find((a) => a.kind === "http")?.apiId ?? "";
    const direct = await fetch(`${sandbox.apiUrl}/hello`);
    const httpByHost = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(new URL("/hello", sandbox.endpoint), { headers: { host: `${httpId}.execute-api.localhost:4566` } }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    const directBody = await direct.text();
    expect(httpByHost.status).toBe(direct.status);
    expect(httpByHost.body).toBe(directBody);
    // LocalStack's path form, /_aws/execute-api/<id>/…, for both.
    const restByBasePath = await fetch(`${sandbox.endpoint}/_aws/execute-api/${id}/Prod/items`);
    expect(await restByBasePath.json()).toEqual({ hello: "world" });
    const httpByBasePath = await fetch(`${sandbox.endpoint}/_aws/execute-api/${httpId}/hello`);
    expect(httpByBasePath.status).toBe(direct.status);
    expect(await httpByBasePath.text()).toBe(directBody);
  });

  it("with --in-memory, an HTTP API quick-created beside the template's, targeting the template's function, is listed after it and served", async () => {
    await sandbox.prepared;
    const fn = sandbox.app.functions[0];
    const api = await clients.v2.send(new CreateApiCommand({ Name: "beside", ProtocolType: "HTTP", Target: `arn:aws:lambda:us-east-1:000000000000:function:${fn.functionName}` }));
    const { Items } = await clients.v2.send(new GetApisCommand({}));
    expect(Items?.map((a) => a.ApiId)).toEqual([...sandbox.app.apis.filter((a) => a.kind === "http").map((a) => a.apiId), ...sandbox.app.webSocketApis.map((a) => a.apiId), api.ApiId]);
    const res = await fetch(`${sandbox.endpoint}/_aws/execute-api/${api.ApiId ?? ""}/items`);
    expect(res.status).toBe(200);
  });

  it("with --in-memory, a REST API created beside the template's is listed after it and served once deployed", async () => {
    const api = await clients.v1.send(new CreateRestApiCommand({ name: "beside" }));
    const where = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
    await clients.v1.send(new PutMethodCommand({ ...where, authorizationType: "NONE" }));
    await clients.v1.send(new PutIntegrationCommand({ ...where, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await clients.v1.send(new PutMethodResponseCommand({ ...where, statusCode: "200" }));
    await clients.v1.send(new PutIntegrationResponseCommand({ ...where, statusCode: "200", responseTemplates: { "application/json": '{"beside": true}' } }));
    await clients.v1.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "test" }));
    const { items } = await clients.v1.send(new GetRestApisCommand({}));
    expect(items?.map((a) => a.id)).toEqual([sandbox.app.apis.find((a) => a.kind === "rest")?.apiId, api.id]);
    const res = await fetch(`${sandbox.endpoint}/restapis/${api.id ?? ""}/test/_user_request_/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ beside: true });
  });

  describe.skipIf(!hasAws())("through awscli", () => {
    const aws = (args: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const { AWS_PROFILE: _profile, ...inherited } = process.env;
        const env = {
          ...inherited, AWS_ENDPOINT_URL: sandbox.endpoint, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test",
          AWS_DEFAULT_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_PAGER: "",
        };
        execFile("aws", args, { env, timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`aws ${args.join(" ")}: ${stderr || stdout || error.message}`)) : resolve(stdout)));
      });

    it("runs the workshop commands unchanged", { timeout: 120_000 }, async () => {
      const who = JSON.parse(await aws(["sts", "get-caller-identity"])) as { Account: string };
      expect(who.Account).toBe("000000000000");
      const url = await aws(["cloudformation", "describe-stacks", "--stack-name", STACK, "--query", "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue", "--output", "text"]);
      expect(url.trim()).toBe(`${sandbox.apiUrl}/Prod/`);
      const resources = JSON.parse(await aws(["cloudformation", "list-stack-resources", "--stack-name", STACK])) as { StackResourceSummaries: Array<{ LogicalResourceId: string }> };
      expect(resources.StackResourceSummaries.map((r) => r.LogicalResourceId)).toContain("Hello");
      const template = JSON.parse(await aws(["cloudformation", "get-template", "--stack-name", STACK])) as { TemplateBody: string };
      expect(template.TemplateBody).toContain("AWS::Serverless-2016-10-31");
      const restApis = JSON.parse(await aws(["apigateway", "get-rest-apis"])) as { items: Array<{ id: string }> };
      const restApiId = restApis.items[0].id;
      const stages = JSON.parse(await aws(["apigateway", "get-stages", "--rest-api-id", restApiId])) as { item: Array<{ stageName: string }> };
      expect(stages.item.map((s) => s.stageName)).toEqual(["Prod"]);
      const apis = JSON.parse(await aws(["apigatewayv2", "get-apis"])) as { Items: Array<{ ApiId: string }> };
      const apiId = apis.Items[0].ApiId;
      const routes = JSON.parse(await aws(["apigatewayv2", "get-routes", "--api-id", apiId])) as { Items: Array<{ RouteKey: string }> };
      expect(routes.Items.map((r) => r.RouteKey)).toEqual(["GET /hello"]);
      const v2Stages = JSON.parse(await aws(["apigatewayv2", "get-stages", "--api-id", apiId])) as { Items: Array<{ StageName: string }> };
      expect(v2Stages.Items.map((s) => s.StageName)).toEqual(["$default"]);
    });
  });
});

describe("a stack started again", () => {
  it("is UPDATE_COMPLETE once its parameters changed, keeping its CreationTime", { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "control-plane-"));
    const describe = async (parameterOverrides?: Record<string, string>) => {
      const sandbox = await createSandbox({ template, port: 0, edgePort: 0, dataDir, ...(parameterOverrides ? { parameterOverrides } : {}) });
      const cfn = new CloudFormationClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
      try {
        return (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
      } finally {
        cfn.destroy();
        await sandbox.stop();
      }
    };
    try {
      const first = await describe();
      expect(first?.StackStatus).toBe("CREATE_COMPLETE");
      const same = await describe();
      expect(same?.StackStatus).toBe("CREATE_COMPLETE");
      const updated = await describe({ Stage: "prod" });
      expect(updated?.StackStatus).toBe("UPDATE_COMPLETE");
      expect(updated?.CreationTime).toEqual(first?.CreationTime);
      expect(updated?.LastUpdatedTime?.getTime()).toBeGreaterThanOrEqual(first?.CreationTime?.getTime() ?? 0);
      expect(updated?.Parameters?.[0]).toEqual({ ParameterKey: "Stage", ParameterValue: "prod" });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
