/**
 * The tags AWS puts on a template's functions without the template naming them, through the
 * whole sandbox: CloudFormation's aws:cloudformation:stack-name / logical-id / stack-id (naming
 * the stack DescribeStacks answers) on every function, SAM's lambda:createdBy on SAM's; the
 * aws: tags can be neither removed nor changed, and do not count in the 50-tag quota. A template
 * bucket lists them after its own tags, and PutBucketTagging must repeat them. SAM's REST API carries
 * CloudFormation's tags (and SAM's swagger version 1.0), SAM's HTTP API httpapi:createdBy SAM.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetFunctionCommand, LambdaClient, ListTagsCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-lambda";
import { APIGatewayClient, GetRestApiCommand, GetRestApisCommand, GetTagsCommand as GetRestTagsCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetApiCommand, GetApisCommand, GetTagsCommand } from "@aws-sdk/client-apigatewayv2";
import { GetBucketTaggingCommand, PutBucketTaggingCommand, S3Client } from "@aws-sdk/client-s3";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const REGION = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const silent = { info() {}, debug() {}, error() {}, warn() {} };
const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  SamFn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: tags-sam
      CodeUri: src
      Handler: index.handler
      Runtime: nodejs22.x
      Tags: { team: blue }
      Events:
        Rest: { Type: Api, Properties: { Path: /rest, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /http, Method: get } }
  PlainFn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: tags-plain
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::000000000000:role/r
      Code: { ZipFile: "exports.handler = async () => 1;" }
      Tags: [{ Key: team, Value: red }]
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: stack-tags-bucket
      Tags: [{ Key: team, Value: green }]
`;

let dir: string;
let sandbox: RunningSandbox;
let lambda: LambdaClient;
let cfn: CloudFormationClient;
let s3: S3Client;
let v1: APIGatewayClient;
let v2: ApiGatewayV2Client;
let stack: { name: string; id: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-stack-tags-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  writeFileSync(join(dir, "src", "index.js"), "exports.handler = async () => 1;\n");
  sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true, watch: false, logger: silent });
  lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
  s3 = new S3Client({ endpoint: sandbox.endpoint, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
  cfn = new CloudFormationClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
  v1 = new APIGatewayClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
  v2 = new ApiGatewayV2Client({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
  const { Stacks } = await cfn.send(new DescribeStacksCommand({}));
  stack = { name: String(Stacks?.[0]?.StackName), id: String(Stacks?.[0]?.StackId) };
});

afterAll(async () => {
  lambda?.destroy();
  cfn?.destroy();
  s3?.destroy();
  v1?.destroy();
  v2?.destroy();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cloudFormationTags = (logicalId: string) => ({
  "aws:cloudformation:stack-name": stack.name,
  "aws:cloudformation:logical-id": logicalId,
  "aws:cloudformation:stack-id": stack.id,
});

describe("a template function's tags", () => {
  it("a SAM function: lambda:createdBy SAM, its Tags and CloudFormation's, in ListTags and GetFunction", async () => {
    expect(stack.id).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/[^/]+\/[0-9a-f-]{36}$/);
    const expected = { "lambda:createdBy": "SAM", team: "blue", ...cloudFormationTags("SamFn") };
    expect((await lambda.send(new ListTagsCommand({ Resource: arn("tags-sam") }))).Tags).toEqual(expected);
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: "tags-sam" }))).Tags).toEqual(expected);
  });

  it("an AWS::Lambda::Function: its Tags and CloudFormation's, no SAM tag", async () => {
    expect((await lambda.send(new ListTagsCommand({ Resource: arn("tags-plain") }))).Tags).toEqual({ team: "red", ...cloudFormationTags("PlainFn") });
  });

  it("UntagResource of an aws:cloudformation: tag is refused, and the tag stays", async () => {
    await expect(lambda.send(new UntagResourceCommand({ Resource: arn("tags-plain"), TagKeys: ["aws:cloudformation:logical-id"] }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: 'One or more of your tags had a problem, please ensure none of your tag names start with "aws:", none are empty, and there are no duplicate tags',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await lambda.send(new ListTagsCommand({ Resource: arn("tags-plain") }))).Tags).toMatchObject({ "aws:cloudformation:logical-id": "PlainFn" });
  });

  it("the aws: tags do not count in the 50 tags a function may have; SAM's tag does", async () => {
    // SamFn has lambda:createdBy and team: 48 more make 50.
    const more = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, "v"]));
    await lambda.send(new TagResourceCommand({ Resource: arn("tags-sam"), Tags: more }));
    await expect(lambda.send(new TagResourceCommand({ Resource: arn("tags-sam"), Tags: { one: "more" } }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Number of tags exceeds resource tag limit.",
    });
    expect(Object.keys((await lambda.send(new ListTagsCommand({ Resource: arn("tags-sam") }))).Tags ?? {})).toHaveLength(53);
  });
});

describe("a template bucket's tags", () => {
  const cfnTagSet = () => Object.entries(cloudFormationTags("Bucket")).map(([Key, Value]) => ({ Key, Value }));

  it("GetBucketTagging: its Tags, then CloudFormation's", async () => {
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: "stack-tags-bucket" }))).TagSet).toEqual([{ Key: "team", Value: "green" }, ...cfnTagSet()]);
  });

  it("PutBucketTagging that leaves out the aws: tags is refused; one that repeats them replaces the others", async () => {
    await expect(s3.send(new PutBucketTaggingCommand({ Bucket: "stack-tags-bucket", Tagging: { TagSet: [{ Key: "team", Value: "gold" }] } }))).rejects.toMatchObject({
      name: "InvalidTag",
      message: "System Tags cannot be removed by requester",
      $metadata: { httpStatusCode: 400 },
    });
    const changed = cfnTagSet().map((tag) => (tag.Key === "aws:cloudformation:logical-id" ? { ...tag, Value: "Other" } : tag));
    await expect(s3.send(new PutBucketTaggingCommand({ Bucket: "stack-tags-bucket", Tagging: { TagSet: changed } }))).rejects.toMatchObject({
      name: "InvalidTag",
      message: "System tags cannot be added/updated by requester",
    });
    await s3.send(new PutBucketTaggingCommand({ Bucket: "stack-tags-bucket", Tagging: { TagSet: [...cfnTagSet(), { Key: "team", Value: "gold" }] } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: "stack-tags-bucket" }))).TagSet).toEqual([{ Key: "team", Value: "gold" }, ...cfnTagSet()]);
  });
});

describe("a template API's tags", () => {
  it("SAM's REST API: CloudFormation's tags and the version of SAM's swagger, in GetRestApis, GetRestApi and GetTags", async () => {
    const { items } = await v1.send(new GetRestApisCommand({}));
    expect(items).toHaveLength(1);
    const id = String(items?.[0]?.id);
    // get-rest-apis of a SAM stack's ServerlessRestApi on AWS: "version": "1.0", tags aws:cloudformation:logical-id / stack-id / stack-name.
    expect(items?.[0]).toMatchObject({ version: "1.0", tags: cloudFormationTags("ServerlessRestApi") });
    expect(await v1.send(new GetRestApiCommand({ restApiId: id }))).toMatchObject({ version: "1.0", tags: cloudFormationTags("ServerlessRestApi") });
    expect((await v1.send(new GetRestTagsCommand({ resourceArn: `arn:aws:apigateway:${REGION}::/restapis/${id}` }))).tags).toEqual(cloudFormationTags("ServerlessRestApi"));
  });

  it("SAM's HTTP API: httpapi:createdBy SAM, in GetApis, GetApi and GetTags", async () => {
    const { Items } = await v2.send(new GetApisCommand({}));
    expect(Items?.map((api) => api.Tags)).toEqual([{ "httpapi:createdBy": "SAM" }]);
    const id = String(Items?.[0]?.ApiId);
    expect((await v2.send(new GetApiCommand({ ApiId: id }))).Tags).toEqual({ "httpapi:createdBy": "SAM" });
    expect((await v2.send(new GetTagsCommand({ ResourceArn: `arn:aws:apigateway:${REGION}::/apis/${id}` }))).Tags).toEqual({ "httpapi:createdBy": "SAM" });
  });
});
