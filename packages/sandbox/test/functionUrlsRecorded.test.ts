/**
 * Function URLs and their logs end to end, as recorded on AWS (localstack
 * tests/aws/services/lambda_/test_lambda.py and its snapshot): AuthType NONE needs a policy
 * statement for lambda:InvokeFunctionUrl, the answer's x-amzn-RequestId is the invocation's,
 * and a multi-line console.log is one CloudWatch event whose message keeps its newlines.
 */
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  LambdaClient,
  RemovePermissionCommand,
} from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "function-url-permissions");
const REGION = "us-east-1";
const FORBIDDEN = "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";

let sandbox: RunningSandbox;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP request to the edge port with the function URL's Host (Node does not resolve *.localhost). */
async function callUrl(functionName: string): Promise<Answer> {
  const config = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName }));
  const host = new URL(config.FunctionUrl ?? "").host;
  const edge = new URL(sandbox.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: edge.hostname, port: edge.port, path: "/", method: "GET", headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn() {} };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
  const client = { endpoint: sandbox.endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  lambda = new LambdaClient(client);
  logs = new CloudWatchLogsClient(client);
});

afterAll(async () => {
  lambda?.destroy();
  logs?.destroy();
  await sandbox?.stop();
});

describe("AuthType NONE and the function's policy", () => {
  it("SAM FunctionUrlConfig adds <Function>UrlPublicPermissions and <Function>URLInvokeAllowPublicAccess, so the URL answers", async () => {
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: "perm-sam" }))).Policy ?? "") as { Statement: unknown[] };
    const resource = `arn:aws:lambda:${REGION}:000000000000:function:perm-sam`;
    expect(policy.Statement).toEqual([
      {
        Sid: expect.stringContaining("SamUrlPublicPermissions"),
        Effect: "Allow",
        Principal: "*",
        Action: "lambda:InvokeFunctionUrl",
        Resource: resource,
        Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "NONE" } },
      },
      {
        Sid: expect.stringContaining("SamURLInvokeAllowPublicAccess"),
        Effect: "Allow",
        Principal: "*",
        Action: "lambda:InvokeFunction",
        Resource: resource,
        Condition: { Bool: { "lambda:InvokedViaFunctionUrl": "true" } },
      },
    ]);
    expect((await callUrl("perm-sam")).status).toBe(200);
  });

  it("an AWS::Lambda::Permission for lambda:InvokeFunctionUrl (as CDK writes it) lets the URL answer", async () => {
    expect((await callUrl("perm-cdk")).status).toBe(200);
  });

  it("without one, the URL answers 403 Forbidden (localstack test_lambda_permission_url_invocation)", async () => {
    const answer = await callUrl("perm-bare");
    expect(answer.status).toBe(403);
    expect(answer.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(JSON.parse(answer.body)).toEqual({ Message: FORBIDDEN });
  });

  it("a URL made with CreateFunctionUrlConfig answers once AddPermission grants it, and no longer once it is removed", async () => {
    await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: "perm-api", AuthType: "NONE" }));
    expect((await callUrl("perm-api")).status).toBe(403);
    // A grant for another action or with a SourceArn does not open the URL.
    await lambda.send(new AddPermissionCommand({ FunctionName: "perm-api", StatementId: "invoke", Action: "lambda:InvokeFunction", Principal: "*" }));
    await lambda.send(
      new AddPermissionCommand({ FunctionName: "perm-api", StatementId: "scoped", Action: "lambda:InvokeFunctionUrl", Principal: "*", SourceArn: "arn:aws:s3:::bucket" }),
    );
    expect((await callUrl("perm-api")).status).toBe(403);
    // As localstack's TestLambdaURL tests grant it (recorded on AWS).
    await lambda.send(
      new AddPermissionCommand({ FunctionName: "perm-api", StatementId: "urlPermission", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionUrlAuthType: "NONE" }),
    );
    expect((await callUrl("perm-api")).status).toBe(200);
    await lambda.send(new RemovePermissionCommand({ FunctionName: "perm-api", StatementId: "urlPermission" }));
    expect((await callUrl("perm-api")).status).toBe(403);
  });
});

describe("a function URL's invocation", () => {
  it("answers x-amzn-RequestId equal to the request id of the invocation's log lines (localstack test_request_id_invoke_url)", async () => {
    const answer = await callUrl("perm-sam");
    const requestId = String(answer.headers["x-amzn-requestid"]);
    expect(answer.body).toBe(requestId);
    const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/perm-sam" }))).events ?? [];
    // CloudWatch keeps Lambda's text lines with their "\n" (AWS's get-log-events output; subscription payloads recorded on AWS).
    expect(events.map((e) => e.message)).toContain(`END RequestId: ${requestId}\n`);
  });

  it("logs a multi-line console.log as one CloudWatch event whose message keeps its newlines", async () => {
    const answer = await callUrl("perm-cdk");
    const requestId = String(answer.headers["x-amzn-requestid"]);
    const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/perm-cdk" }))).events ?? [];
    const logged = events.filter((e) => e.message?.includes("first line") && e.message.includes(requestId));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\tfirst line\\nsecond line\\nthird line\\n$`));
    expect(logged[0]?.message).not.toContain("\r");
  });
});
