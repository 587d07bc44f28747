import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "lambda-permissions");
const ACCOUNT = "000000000000";
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

describe("AWS::Lambda::Permission", () => {
  it("is a statement of its function's resource policy (GetPolicy), as are SAM's for events", async () => {
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: "permissions-thumbnailer" }));
    const document = JSON.parse(policy.Policy ?? "") as { Version: string; Id: string; Statement: Array<Record<string, unknown>> };
    expect(document).toMatchObject({ Version: "2012-10-17", Id: "default" });
    expect(document.Statement).toEqual([
      {
        Sid: expect.stringContaining("AllowS3"),
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "lambda:InvokeFunction",
        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:permissions-thumbnailer`,
        Condition: { StringEquals: { "AWS:SourceAccount": ACCOUNT }, ArnLike: { "AWS:SourceArn": "arn:aws:s3:::permissions-uploads" } },
      },
      // SAM's ThumbnailerGetThumbPermissionProd: every stage, the path parameter as "*".
      {
        Sid: expect.stringContaining("ThumbnailerGetThumbPermissionProd"),
        Effect: "Allow",
        Principal: { Service: "apigateway.amazonaws.com" },
        Action: "lambda:InvokeFunction",
        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:permissions-thumbnailer`,
        Condition: { ArnLike: { "AWS:SourceArn": expect.stringMatching(new RegExp(`^arn:aws:execute-api:${REGION}:${ACCOUNT}:[a-z0-9]{10}/\\*/GET/thumbs/\\*$`)) } },
      },
    ]);
  });
});
