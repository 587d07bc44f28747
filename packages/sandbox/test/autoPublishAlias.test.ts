/**
 * SAM's AutoPublishAlias through the whole sandbox, as AWS runs it: the version and alias exist
 * (Lambda API), the function's events invoke the alias (context.invokedFunctionArn ends with
 * ":live", AWS_LAMBDA_FUNCTION_VERSION is "1", the log stream is "…/[1]…"), Invoke takes the
 * alias, version or $LATEST as a qualifier, Step Functions invokes an alias ARN, a restart on
 * the same state publishes no version 2, and a saved file reaches the alias.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListVersionsByFunctionCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { SendMessageCommand, SQSClient, GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { CognitoIdentityProviderClient, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";

const REGION = "us-east-1";
const ARN = "arn:aws:lambda:us-east-1:000000000000:function:alias-fn";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const silent = { info() {}, debug() {}, error() {}, warn() {} };

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: alias-fn
      CodeUri: src
      Handler: index.handler
      Runtime: nodejs22.x
      AutoPublishAlias: live
      FunctionUrlConfig: { AuthType: NONE }
      Events:
        Http: { Type: HttpApi, Properties: { Path: /who, Method: get } }
        Queue: { Type: SQS, Properties: { Queue: !GetAtt Queue.Arn, BatchSize: 1 } }
        Topic: { Type: SNS, Properties: { Topic: !Ref Topic } }
        Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: "s3:ObjectCreated:*" } }
        Rule: { Type: EventBridgeRule, Properties: { Pattern: { source: [alias.test] } } }
        Tick: { Type: Schedule, Properties: { Schedule: rate(5 minutes), Input: '{"kind":"schedule"}' } }
        Tock: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(5 minutes), Input: '{"kind":"scheduler"}' } }
        Stream: { Type: DynamoDB, Properties: { Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST, BatchSize: 1 } }
        SignUp: { Type: Cognito, Properties: { UserPool: !Ref Pool, Trigger: PreSignUp } }
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: alias-table
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  Pool:
    Type: AWS::Cognito::UserPool
    Properties: { UserPoolName: alias-pool }
  PoolClient:
    Type: AWS::Cognito::UserPoolClient
    Properties: { UserPoolId: !Ref Pool }
  Queue:
    Type: AWS::SQS::Queue
    Properties: { QueueName: alias-queue }
  OtherQueue:
    Type: AWS::SQS::Queue
    Properties: { QueueName: alias-other-queue }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref FnAliaslive, EventSourceArn: !GetAtt OtherQueue.Arn, BatchSize: 1 }
  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: alias-topic }
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: alias-bucket }
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: alias-machine
      Definition:
        StartAt: Call
        States:
          Call: { Type: Task, Resource: !Ref FnAliaslive, End: true }
`;

const handler = (code: string) => `exports.handler = async (event, context) => {
  const who = { code: "${code}", arn: context.invokedFunctionArn, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, stream: context.logStreamName };
  if (event.Records) console.log("EVENT " + JSON.stringify({ ...who, source: event.Records[0].eventSource ?? event.Records[0].EventSource }));
  if (event["detail-type"]) console.log("EVENT " + JSON.stringify({ ...who, source: event.source }));
  if (event.kind) console.log("EVENT " + JSON.stringify({ ...who, source: event.kind }));
  if (event.triggerSource) {
    console.log("EVENT " + JSON.stringify({ ...who, source: event.triggerSource }));
    return event;
  }
  return event.requestContext ? { statusCode: 200, body: JSON.stringify(who) } : who;
};
`;

const dirs: string[] = [];
function app(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-alias-"));
  dirs.push(dir);
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  writeFileSync(join(dir, "src", "index.js"), handler("v1"));
  return dir;
}

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const decode = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload)) as { code: string; arn: string; version: string; stream: string };
const VERSION_STREAM = /^\d{4}\/\d{2}\/\d{2}\/\[1\][0-9a-f]{32}$/;

describe("a function with AutoPublishAlias: live", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;
  const records: Array<Record<string, string>> = [];
  const from = (source: string) => eventually(async () => records.filter((r) => r.source === source), (r) => r.length > 0);

  beforeAll(async () => {
    sandbox = await createSandbox({ template: app(), port: 0, edgePort: 0, inMemory: true, watch: false, logger: silent });
    sandbox.events.on("functionLog", (e) => {
      if (e.line.includes("EVENT {")) records.push(JSON.parse(e.line.slice(e.line.indexOf("EVENT {") + 6)) as Record<string, string>);
    });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("has version 1 and the alias live naming it (ListVersionsByFunction, ListAliases, GetAlias)", async () => {
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "alias-fn" }));
    expect(versions.Versions?.map((v) => [v.Version, v.FunctionArn])).toEqual([["$LATEST", `${ARN}:$LATEST`], ["1", `${ARN}:1`]]);
    const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: "alias-fn" }));
    expect(aliases.Aliases?.map((a) => [a.Name, a.FunctionVersion, a.AliasArn])).toEqual([["live", "1", `${ARN}:live`]]);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: "alias-fn", Name: "live" }));
    expect(alias).toMatchObject({ Name: "live", FunctionVersion: "1", AliasArn: `${ARN}:live` });
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: "alias-fn", Qualifier: "live" }));
    expect(fn.Configuration).toMatchObject({ FunctionArn: `${ARN}:live`, Version: "1" });
  });

  it("serves its HttpApi event through the alias: invokedFunctionArn …:live, version 1, a [1] log stream", async () => {
    const res = await fetch(`${sandbox.apiUrl}/who`);
    expect(res.status).toBe(200);
    const who = (await res.json()) as { arn: string; version: string; stream: string };
    expect(who.arn).toBe(`${ARN}:live`);
    expect(who.version).toBe("1");
    expect(who.stream).toMatch(VERSION_STREAM);
  });

  it("invokes the alias from its SQS event and from a mapping whose FunctionName is the alias ARN", async () => {
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    for (const QueueName of ["alias-queue", "alias-other-queue"]) {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: QueueName }));
    }
    sqs.destroy();
    const got = await eventually(async () => records.filter((r) => r.source === "aws:sqs"), (r) => r.length >= 2);
    expect(got.map((r) => [r.arn, r.version])).toEqual([[`${ARN}:live`, "1"], [`${ARN}:live`, "1"]]);
    const mapping = (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "alias-fn:live" }))).EventSourceMappings ?? [];
    expect(mapping.map((m) => m.FunctionArn)).toContain(`${ARN}:live`);
  });

  it("invokes the alias from its SNS, S3 and EventBridgeRule events", async () => {
    const bridge = new EventBridgeClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    await bridge.send(new PutEventsCommand({ Entries: [{ Source: "alias.test", DetailType: "t", Detail: "{}" }] }));
    bridge.destroy();
    const sns = new SNSClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    await sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:alias-topic", Message: "hi" }));
    sns.destroy();
    const s3 = new S3Client({ endpoint: sandbox.endpoint, region: REGION, credentials, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: "alias-bucket", Key: "a.txt", Body: "a" }));
    s3.destroy();
    expect((await from("aws:sns"))[0]).toMatchObject({ arn: `${ARN}:live`, version: "1" });
    expect((await from("aws:s3"))[0]).toMatchObject({ arn: `${ARN}:live`, version: "1" });
    expect((await from("alias.test"))[0]).toMatchObject({ arn: `${ARN}:live`, version: "1" });
  });

  it("invokes the alias from its DynamoDB stream, Schedule, ScheduleV2 and Cognito events", async () => {
    const dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    await dynamodb.send(new PutItemCommand({ TableName: "alias-table", Item: { id: { S: "1" } } }));
    dynamodb.destroy();
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "5m" }) });
    expect(res.status).toBe(200);
    const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    await cognito.send(new SignUpCommand({ ClientId: sandbox.app.resources.PoolClient.ref, Username: "ada", Password: "Passw0rd!long" }));
    cognito.destroy();
    for (const source of ["aws:dynamodb", "schedule", "scheduler", "PreSignUp_SignUp"]) {
      expect((await from(source))[0], source).toMatchObject({ arn: `${ARN}:live`, version: "1" });
    }
  });

  it("serves its function URL through the alias", async () => {
    expect(sandbox.functionUrls.map((u) => [u.functionName, u.qualifier])).toEqual([["alias-fn", "live"]]);
    const config = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "alias-fn", Qualifier: "live" }));
    expect(config.FunctionArn).toBe(`${ARN}:live`);
    const edge = new URL(sandbox.endpoint);
    const host = `${new URL(config.FunctionUrl ?? "").hostname.replace(".on.aws", ".localhost")}:${edge.port}`;
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ host: edge.hostname, port: edge.port, path: "/", headers: { host } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ arn: `${ARN}:live`, version: "1" });
  });

  it("takes the alias, the version or $LATEST as Qualifier, in the name or in the ARN", async () => {
    for (const [FunctionName, Qualifier, arn, version] of [
      ["alias-fn", "live", `${ARN}:live`, "1"],
      ["alias-fn", "1", `${ARN}:1`, "1"],
      ["alias-fn", "$LATEST", `${ARN}:$LATEST`, "$LATEST"],
      ["alias-fn:live", undefined, `${ARN}:live`, "1"],
      [`${ARN}:live`, undefined, `${ARN}:live`, "1"],
      ["alias-fn", undefined, ARN, "$LATEST"],
    ] as const) {
      const out = await lambda.send(new InvokeCommand({ FunctionName, Qualifier }));
      expect(out.ExecutedVersion, `${FunctionName} ${Qualifier}`).toBe(version);
      expect(decode(out.Payload), `${FunctionName} ${Qualifier}`).toMatchObject({ arn, version });
    }
  });

  it("answers an unknown qualifier with Lambda's ResourceNotFoundException", async () => {
    const error = await lambda.send(new InvokeCommand({ FunctionName: "alias-fn", Qualifier: "staging" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe(`Function not found: ${ARN}:staging`);
  });

  it("is invoked by a Step Functions Task whose Resource is the alias ARN", async () => {
    const sfn = new SFNClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:alias-machine", input: "{}" }));
    const done = await eventually(() => sfn.send(new DescribeExecutionCommand({ executionArn })), (d) => d.status !== "RUNNING");
    sfn.destroy();
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output ?? "{}")).toMatchObject({ arn: `${ARN}:live`, version: "1" });
  });
});

describe("AutoPublishAlias across restarts and saves", () => {
  const running: RunningSandbox[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  });

  it("publishes no version 2 for unchanged code when restarted on the same state", async () => {
    const dir = app();
    for (let run = 0; run < 2; run++) {
      const sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, watch: false, logger: silent });
      running.push(sandbox);
      const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
      const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "alias-fn" }));
      expect(versions.Versions?.map((v) => v.Version), `run ${run}`).toEqual(["$LATEST", "1"]);
      expect((await lambda.send(new GetAliasCommand({ FunctionName: "alias-fn", Name: "live" }))).FunctionVersion).toBe("1");
      expect(decode((await lambda.send(new InvokeCommand({ FunctionName: "alias-fn:live" }))).Payload).version).toBe("1");
      lambda.destroy();
      await running.pop()?.stop();
    }
  });

  it("serves a saved file through the alias at once (the API's route and Invoke with the alias)", async () => {
    const dir = app();
    const sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true, watch: true, logger: silent });
    running.push(sandbox);
    const who = async () => (await (await fetch(`${sandbox.apiUrl}/who`)).json()) as { code: string; version: string };
    expect(await who()).toMatchObject({ code: "v1", version: "1" });
    await sandbox.watching;
    writeFileSync(join(dir, "src", "index.js"), handler("v2"));
    expect(await eventually(who, (w) => w.code === "v2")).toMatchObject({ code: "v2", version: "1" });
    const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: "alias-fn", Qualifier: "live" }))).Payload).code).toBe("v2");
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "alias-fn" }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(["$LATEST", "1"]);
    lambda.destroy();
  });
});
