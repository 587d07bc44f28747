/**
 * AddPermission's InvokedViaFunctionUrl (botocore 1.43's Lambda model; the shared Smithy model
 * predates it): a lambda:InvokeFunction grant limited to calls through the function URL, written
 * in the policy as the Bool condition lambda:InvokedViaFunctionUrl "true", as AWS writes it.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddPermissionCommand, GetPolicyCommand, LambdaClient, RemovePermissionCommand } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "function-url-permissions");
const REGION = "us-east-1";

let sandbox: RunningSandbox;
let lambda: LambdaClient;

beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn() {} };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
  lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
});

afterAll(async () => {
  lambda?.destroy();
  await sandbox?.stop();
});

describe("AddPermission InvokedViaFunctionUrl", () => {
  it("writes the Bool condition lambda:InvokedViaFunctionUrl into the statement and the policy", async () => {
    const added = await lambda.send(new AddPermissionCommand({
      FunctionName: "perm-bare",
      StatementId: "FunctionURLInvokeAllowPublicAccess",
      Action: "lambda:InvokeFunction",
      Principal: "*",
      InvokedViaFunctionUrl: true,
    }));
    const statement = {
      Sid: "FunctionURLInvokeAllowPublicAccess",
      Effect: "Allow",
      Principal: "*",
      Action: "lambda:InvokeFunction",
      Resource: `arn:aws:lambda:${REGION}:000000000000:function:perm-bare`,
      Condition: { Bool: { "lambda:InvokedViaFunctionUrl": "true" } },
    };
    expect(JSON.parse(added.Statement ?? "null")).toEqual(statement);
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: "perm-bare" }))).Policy ?? "null") as { Statement: unknown[] };
    expect(policy.Statement).toEqual([statement]);
    await lambda.send(new RemovePermissionCommand({ FunctionName: "perm-bare", StatementId: "FunctionURLInvokeAllowPublicAccess" }));
  });

  it("is kept with the other conditions of a grant", async () => {
    const added = await lambda.send(new AddPermissionCommand({
      FunctionName: "perm-bare",
      StatementId: "with-account",
      Action: "lambda:InvokeFunction",
      Principal: "*",
      SourceAccount: "000000000000",
      InvokedViaFunctionUrl: true,
    }));
    expect(JSON.parse(added.Statement ?? "null")).toMatchObject({
      Condition: { StringEquals: { "AWS:SourceAccount": "000000000000" }, Bool: { "lambda:InvokedViaFunctionUrl": "true" } },
    });
    await lambda.send(new RemovePermissionCommand({ FunctionName: "perm-bare", StatementId: "with-account" }));
  });
});
