/**
 * Event source mappings' function names as AWS resolves them, recorded in localstack
 * tests/aws/services/lambda_/test_lambda_api.py and its snapshot (TestLambdaEventSourceMappings::
 * test_function_name_variations; TestLambdaFunction::test_lambda_code_location_zipfile).
 */
import { join } from "node:path";
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  PublishVersionCommand,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("test_function_name_variations", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  let lambda: LambdaClient;
  let worker = "";
  let queueArn = "";

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
    sqs = new SQSClient(config);
    lambda = new LambdaClient(config);
    const functions = await lambda.send(new ListFunctionsCommand({}));
    worker = functions.Functions?.find((f) => f.FunctionName?.includes("Worker"))?.FunctionName ?? "";
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "recorded-esm-names" }));
    queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes?.QueueArn ?? "";
  });

  afterAll(async () => {
    sqs?.destroy();
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("keeps the qualifier the function was named with, and drops none but an unqualified ARN's", async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: worker }));
    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: worker, FunctionVersion: v1.Version, Name: "myalias" }));
    const fnArn = (await lambda.send(new GetFunctionCommand({ FunctionName: worker }))).Configuration?.FunctionArn ?? "";
    const cases: Array<[string, string]> = [
      [worker, fnArn],
      [`${worker}:$LATEST`, `${fnArn}:$LATEST`],
      [`${worker}:${v1.Version}`, `${fnArn}:${v1.Version}`],
      [`${worker}:myalias`, `${fnArn}:myalias`],
      [fnArn, fnArn],
      [v1.FunctionArn ?? "", `${fnArn}:${v1.Version}`],
      [alias.AliasArn ?? "", `${fnArn}:myalias`],
    ];
    for (const [FunctionName, expected] of cases) {
      const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: queueArn }));
      expect(created.$metadata.httpStatusCode).toBe(202);
      expect(created).toMatchObject({
        BatchSize: 10,
        EventSourceArn: queueArn,
        FunctionArn: expected,
        FunctionResponseTypes: [],
        MaximumBatchingWindowInSeconds: 0,
        State: "Creating",
        StateTransitionReason: "USER_INITIATED",
      });
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    }
  });
});

// test_lambda_api.py::TestLambdaFunction::test_lambda_code_location_zipfile: the test downloads
// Code.Location with a plain, unsigned GET and compares it with the zip it uploaded.
describe("test_lambda_code_location_zipfile through the edge", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("serves the uploaded zip at Code.Location to an unsigned GET", async () => {
    const zip = new AdmZip();
    zip.addFile("index.mjs", Buffer.from("export const handler = async (e) => e;\n"));
    const bytes = new Uint8Array(zip.toBuffer());
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: "code-location", Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: bytes } }),
    );
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "code-location" }));
    const res = await fetch(got.Code?.Location ?? "");
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });
});
