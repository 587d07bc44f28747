/**
 * Terraform (hashicorp/aws provider, from a local mirror) deploying compute as its users write it,
 * against a sandbox with no template: IAM roles for a Lambda function built from a zip with a
 * layer, versions, an alias, permissions for API Gateway / S3 / SNS / EventBridge / CloudWatch
 * Logs, a function URL with CORS, event source mappings from SQS (filter, ReportBatchItemFailures,
 * scaling and metrics configs), a DynamoDB stream and a Kinesis stream, event invoke destinations
 * (an on-success topic the worker is subscribed to), provisioned concurrency, an
 * aws_lambda_invocation, a code signing config; Step Functions (STANDARD with logging, tracing,
 * encryption, a published version and an alias; EXPRESS; an activity); CloudWatch Logs (groups,
 * a stream, a metric filter, a subscription filter to the function, a resource policy). Each step
 * is checked as Terraform sees it (no drift on the next plan) and as AWS would hold it (through
 * the SDK, and by running what was deployed):
 * apply → plan → update (new code, settings) → plan → import → plan → destroy.
 *
 * The provider's own waits set the pace: a function create or update waits 5 s before reading its
 * state, an SQS queue ~25 s for attribute propagation, a Kinesis stream ~10-20 s; they run in
 * parallel within one apply. Skipped where terraform or the provider mirror is missing.
 */
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  GetAliasCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListCodeSigningConfigsCommand,
  ListFunctionsCommand,
  ListLayersCommand,
} from "@aws-sdk/client-lambda";
import {
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListActivitiesCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from "@aws-sdk/client-sfn";
import { ListQueuesCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";
import { zipOf } from "../helpers/zip.js";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** The API function's code: an ES module importing the layer's package. */
const appCode = (version: string) =>
  `import { greet } from "greet";\nexport const handler = async (event) => ({ version: "${version}", greeting: greet(event.name ?? "world"), stage: process.env.STAGE });\n`;

const ZIPS = {
  "app-v1.zip": zipOf({ "index.mjs": appCode("v1") }),
  "app-v2.zip": zipOf({ "index.mjs": appCode("v2") }),
  "layer.zip": zipOf({
    "nodejs/node_modules/greet/package.json": '{ "name": "greet", "main": "index.js" }\n',
    "nodejs/node_modules/greet/index.js": "exports.greet = (name) => `hello ${name}`;\n",
  }),
  "worker.zip": zipOf({
    // Prints what it was given, for the test to read; reports no failed item.
    "worker.mjs": 'export const handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return { batchItemFailures: [] }; };\n',
    "step.mjs": 'export const handler = async (event) => ({ hello: event.name ?? "world" });\n',
  }),
};

interface Settings {
  appZip: string;
  memory: number;
  stage: string;
  retention: number;
  batchSize: number;
  retries: number;
  comment: string;
  sfnLevel: string;
  /** Alias `live` also routes to version 1 with this weight (update step). */
  canaryWeight?: number;
}

const V1: Settings = { appZip: "app-v1.zip", memory: 256, stage: "dev", retention: 14, batchSize: 5, retries: 1, comment: "v1", sfnLevel: "ALL" };
const V2: Settings = { appZip: "app-v2.zip", memory: 512, stage: "prod", retention: 30, batchSize: 8, retries: 2, comment: "v2", sfnLevel: "ERROR", canaryWeight: 0.25 };

const config = (s: Settings) => `
data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "tf-compute-lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy_attachment" "lambda_basic" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role" "sfn" {
  name = "tf-compute-sfn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "states.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "sfn_invoke" {
  name = "invoke"
  role = aws_iam_role.sfn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.step.arn }]
  })
}

resource "aws_cloudwatch_log_group" "hello" {
  name              = "/aws/lambda/tf-hello"
  retention_in_days = ${s.retention}
  tags              = { app = "tf-compute" }
}

resource "aws_lambda_layer_version" "greet" {
  layer_name               = "tf-greet"
  filename                 = "layer.zip"
  source_code_hash         = filebase64sha256("layer.zip")
  compatible_runtimes      = ["nodejs20.x", "nodejs22.x"]
  compatible_architectures = ["x86_64", "arm64"]
  description              = "greeting helper"
  license_info             = "MIT"
}

resource "aws_lambda_function" "hello" {
  function_name    = "tf-hello"
  role             = aws_iam_role.lambda.arn
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  filename         = "${s.appZip}"
  source_code_hash = filebase64sha256("${s.appZip}")
  timeout          = 10
  memory_size      = ${s.memory}
  publish          = true
  architectures    = ["arm64"]
  layers           = [aws_lambda_layer_version.greet.arn]
  description      = "hello from terraform"

  environment {
    variables = { STAGE = "${s.stage}" }
  }
  tracing_config {
    mode = "Active"
  }
  ephemeral_storage {
    size = 1024
  }
  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.hello.name
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }
  tags       = { app = "tf-compute" }
  depends_on = [aws_iam_role_policy_attachment.lambda_basic]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.hello.function_name
  function_version = aws_lambda_function.hello.version
  description      = "live traffic"
${
  s.canaryWeight === undefined
    ? ""
    : `  routing_config {
    additional_version_weights = { "1" = ${s.canaryWeight} }
  }
`
}}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hello.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/*"
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hello.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "events.amazonaws.com"
  source_arn    = "arn:aws:events:${REGION}:${ACCOUNT}:rule/tf-nightly"
}

resource "aws_lambda_function_url" "hello" {
  function_name      = aws_lambda_function.hello.function_name
  authorization_type = "NONE"
  cors {
    allow_origins = ["https://example.com"]
    allow_methods = ["GET", "POST"]
    max_age       = 300
  }
}

resource "aws_sns_topic" "failures" {
  name = "tf-compute-failures"
}

resource "aws_sns_topic" "successes" {
  name = "tf-compute-successes"
}

resource "aws_lambda_function_event_invoke_config" "hello" {
  function_name                = aws_lambda_function.hello.function_name
  maximum_event_age_in_seconds = 600
  maximum_retry_attempts       = ${s.retries}
  destination_config {
    on_failure {
      destination = aws_sns_topic.failures.arn
    }
    on_success {
      destination = aws_sns_topic.successes.arn
    }
  }
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 1
}

resource "aws_lambda_invocation" "hello" {
  function_name = aws_lambda_function.hello.function_name
  input         = jsonencode({ name = "terraform" })
}

data "aws_lambda_function" "hello" {
  function_name = aws_lambda_function.hello.function_name
}

resource "aws_lambda_function" "worker" {
  function_name    = "tf-worker"
  role             = aws_iam_role.lambda.arn
  handler          = "worker.handler"
  runtime          = "nodejs20.x"
  filename         = "worker.zip"
  source_code_hash = filebase64sha256("worker.zip")
  dead_letter_config {
    target_arn = aws_sns_topic.failures.arn
  }
}

resource "aws_lambda_code_signing_config" "signed" {
  description = "signed deployments"
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:${REGION}:${ACCOUNT}:/signing-profiles/tfcompute/abcdefghij"]
  }
  policies {
    untrusted_artifact_on_deployment = "Warn"
  }
}

resource "aws_lambda_function" "step" {
  function_name           = "tf-step"
  role                    = aws_iam_role.lambda.arn
  handler                 = "step.handler"
  runtime                 = "nodejs20.x"
  filename                = "worker.zip"
  source_code_hash        = filebase64sha256("worker.zip")
  code_signing_config_arn = aws_lambda_code_signing_config.signed.arn
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.worker.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::tf-compute-uploads"
  source_account = "${ACCOUNT}"
}

resource "aws_lambda_permission" "sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.successes.arn
}

resource "aws_sns_topic_subscription" "successes" {
  topic_arn  = aws_sns_topic.successes.arn
  protocol   = "lambda"
  endpoint   = aws_lambda_function.worker.arn
  depends_on = [aws_lambda_permission.sns]
}

resource "aws_sqs_queue" "jobs" {
  name = "tf-compute-jobs"
}

resource "aws_lambda_event_source_mapping" "sqs" {
  event_source_arn                   = aws_sqs_queue.jobs.arn
  function_name                      = aws_lambda_function.worker.arn
  batch_size                         = ${s.batchSize}
  maximum_batching_window_in_seconds = 1
  function_response_types            = ["ReportBatchItemFailures"]
  filter_criteria {
    filter {
      pattern = jsonencode({ body = { kind = ["job"] } })
    }
  }
  scaling_config {
    maximum_concurrency = 5
  }
  metrics_config {
    metrics = ["EventCount"]
  }
  tags = { app = "tf-compute" }
}

resource "aws_dynamodb_table" "orders" {
  name             = "tf-compute-orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn               = aws_dynamodb_table.orders.stream_arn
  function_name                  = aws_lambda_function.worker.function_name
  starting_position              = "LATEST"
  batch_size                     = 10
  maximum_retry_attempts         = 2
  bisect_batch_on_function_error = true
}

resource "aws_kinesis_stream" "clicks" {
  name        = "tf-compute-clicks"
  shard_count = 1
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn       = aws_kinesis_stream.clicks.arn
  function_name          = aws_lambda_function.worker.arn
  starting_position      = "TRIM_HORIZON"
  parallelization_factor = 2
  destination_config {
    on_failure {
      destination_arn = aws_sns_topic.failures.arn
    }
  }
}

resource "aws_cloudwatch_log_group" "sfn" {
  name              = "/aws/vendedlogs/states/tf-flow"
  retention_in_days = 7
}

resource "aws_sfn_state_machine" "flow" {
  name     = "tf-flow"
  role_arn = aws_iam_role.sfn.arn
  definition = jsonencode({
    Comment = "${s.comment}"
    StartAt = "Invoke"
    States = {
      Invoke = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = aws_lambda_function.step.arn, "Payload.$" = "$" }
        OutputPath = "$.Payload"
        Retry      = [{ ErrorEquals = ["States.TaskFailed"], MaxAttempts = 2 }]
        End        = true
      }
    }
  })
  logging_configuration {
    log_destination        = "\${aws_cloudwatch_log_group.sfn.arn}:*"
    include_execution_data = true
    level                  = "${s.sfnLevel}"
  }
  tracing_configuration {
    enabled = true
  }
  encryption_configuration {
    type = "AWS_OWNED_KEY"
  }
  publish = true
  tags    = { app = "tf-compute" }
}

resource "aws_sfn_alias" "prod" {
  name        = "prod"
  description = "production"
  routing_configuration {
    state_machine_version_arn = aws_sfn_state_machine.flow.state_machine_version_arn
    weight                    = 100
  }
}

resource "aws_sfn_state_machine" "express" {
  name     = "tf-express"
  role_arn = aws_iam_role.sfn.arn
  type     = "EXPRESS"
  definition = jsonencode({
    StartAt = "Pass"
    States  = { Pass = { Type = "Pass", Result = { ok = true }, End = true } }
  })
  logging_configuration {
    log_destination        = "\${aws_cloudwatch_log_group.sfn.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }
}

resource "aws_sfn_activity" "approve" {
  name = "tf-approve"
  tags = { app = "tf-compute" }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/tf-compute"
  retention_in_days = ${s.retention}
  tags              = { app = "tf-compute" }
}

resource "aws_cloudwatch_log_group" "archive" {
  name            = "/app/tf-compute-archive"
  log_group_class = "INFREQUENT_ACCESS"
}

resource "aws_cloudwatch_log_stream" "main" {
  name           = "main"
  log_group_name = aws_cloudwatch_log_group.app.name
}

resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "tf-errors"
  pattern        = "ERROR"
  log_group_name = aws_cloudwatch_log_group.app.name
  metric_transformation {
    name          = "ErrorCount"
    namespace     = "TF/Compute"
    value         = "1"
    default_value = "0"
  }
}

resource "aws_lambda_permission" "logs" {
  statement_id  = "AllowLogs"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "logs.amazonaws.com"
  source_arn    = "\${aws_cloudwatch_log_group.app.arn}:*"
}

resource "aws_cloudwatch_log_subscription_filter" "errors" {
  name            = "tf-errors-to-worker"
  log_group_name  = aws_cloudwatch_log_group.app.name
  filter_pattern  = "ERROR"
  destination_arn = aws_lambda_function.worker.arn
  depends_on      = [aws_lambda_permission.logs]
}

data "aws_iam_policy_document" "opensearch_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*"]
    principals {
      type        = "Service"
      identifiers = ["es.amazonaws.com"]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "opensearch" {
  policy_name     = "tf-opensearch-logging"
  policy_document = data.aws_iam_policy_document.opensearch_logs.json
}

output "invocation" { value = aws_lambda_invocation.hello.result }
output "url" { value = aws_lambda_function_url.hello.function_url }
output "hello_arn" { value = data.aws_lambda_function.hello.arn }
output "hello_role" { value = aws_iam_role.lambda.arn }
output "sqs_mapping" { value = aws_lambda_event_source_mapping.sqs.uuid }
output "flow_version" { value = aws_sfn_state_machine.flow.state_machine_version_arn }
`;

/** Import blocks for resources whose every argument the provider reads back (no filename, publish or source hash). */
const imports = (sqsMapping: string) =>
  [
    ["aws_lambda_alias.live", "tf-hello/live"],
    ["aws_lambda_permission.apigw", "tf-hello/AllowAPIGateway"],
    ["aws_lambda_function_url.hello", "tf-hello"],
    ["aws_lambda_function_event_invoke_config.hello", "tf-hello"],
    ["aws_lambda_provisioned_concurrency_config.live", "tf-hello,live"],
    ["aws_lambda_event_source_mapping.sqs", sqsMapping],
    ["aws_sfn_state_machine.express", `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:tf-express`],
    ["aws_sfn_alias.prod", `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:tf-flow:prod`],
    ["aws_sfn_activity.approve", `arn:aws:states:${REGION}:${ACCOUNT}:activity:tf-approve`],
    ["aws_cloudwatch_log_group.app", "/app/tf-compute"],
    ["aws_cloudwatch_log_stream.main", "/app/tf-compute:main"],
    ["aws_cloudwatch_log_metric_filter.errors", "/app/tf-compute:tf-errors"],
    ["aws_cloudwatch_log_subscription_filter.errors", "/app/tf-compute|tf-errors-to-worker"],
    ["aws_cloudwatch_log_resource_policy.opensearch", "tf-opensearch-logging"],
  ] as const;

/**
 * GET on a function URL (http://<id>.lambda-url.<region>.localhost:<port>/): sent to the edge by
 * address with the URL's Host, as a browser resolving *.localhost does (Node's resolver does not).
 */
function getFunctionUrl(url: string, endpoint: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const edge = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: edge.hostname, port: edge.port, path: new URL(url).pathname, headers: { ...headers, host: new URL(url).host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const machineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

describe.skipIf(!hasTerraform)(`terraform: Lambda, Step Functions and CloudWatch Logs${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let lambda: LambdaClient;
  let sfn: SFNClient;
  let logs: CloudWatchLogsClient;
  /** What tf-worker was invoked with (its EVENT lines). */
  const workerEvents: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    sandbox.events.on("functionLog", (e) => {
      const m = /EVENT (.*)$/.exec(e.line);
      if (e.functionName === "tf-worker" && m?.[1] !== undefined) workerEvents.push(JSON.parse(m[1]) as Record<string, unknown>);
    });
    const client = { endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 };
    lambda = new LambdaClient(client);
    // StartSyncExecution goes to a sync- host prefix, which a local endpoint does not have.
    sfn = new SFNClient({ ...client, disableHostPrefix: true });
    logs = new CloudWatchLogsClient(client);
    tf = new TerraformDir(sandbox.endpoint);
    for (const [name, zip] of Object.entries(ZIPS)) writeFileSync(join(tf.dir, name), zip);
    tf.write(config(V1));
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    lambda?.destroy();
    sfn?.destroy();
    logs?.destroy();
    await sandbox?.stop();
  });

  const invoke = async (FunctionName: string, Qualifier?: string) => {
    const out = await lambda.send(new InvokeCommand({ FunctionName, Qualifier, Payload: JSON.stringify({ name: "sdk" }) }));
    expect(out.FunctionError).toBeUndefined();
    return { version: out.ExecutedVersion, body: JSON.parse(new TextDecoder().decode(out.Payload)) as unknown };
  };

  const execute = async (stateMachineArn: string) => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ name: "sfn" }) }));
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== "RUNNING") return described;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it("applies, reads back everything as written (no drift), and what it deployed runs", async () => {
    await tf.apply();
    expect(await tf.drift()).toBe("");

    const outputs = await tf.outputs();
    expect(JSON.parse(String(outputs.invocation))).toEqual({ version: "v1", greeting: "hello terraform", stage: "dev" });
    expect(outputs.hello_arn).toBe(fnArn("tf-hello"));

    const hello = await lambda.send(new GetFunctionCommand({ FunctionName: "tf-hello" }));
    expect(hello.Configuration).toMatchObject({
      Role: outputs.hello_role,
      Runtime: "nodejs22.x",
      MemorySize: 256,
      Timeout: 10,
      Architectures: ["arm64"],
      EphemeralStorage: { Size: 1024 },
      TracingConfig: { Mode: "Active" },
      LoggingConfig: { LogFormat: "JSON", LogGroup: "/aws/lambda/tf-hello", ApplicationLogLevel: "INFO", SystemLogLevel: "WARN" },
      Layers: [{ Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:tf-greet:1` }],
    });
    expect(hello.Tags).toEqual({ app: "tf-compute" });
    expect(await invoke("tf-hello")).toEqual({ version: "$LATEST", body: { version: "v1", greeting: "hello sdk", stage: "dev" } });
    expect((await invoke("tf-hello", "live")).version).toBe("1");
    // The provider adds FunctionURLAllowPublicAccess for an AuthType NONE URL, as the console does.
    const policy = JSON.parse(String((await lambda.send(new GetPolicyCommand({ FunctionName: "tf-hello" }))).Policy)) as { Statement: Array<{ Sid: string }> };
    expect(policy.Statement.map((s) => s.Sid).sort()).toEqual(["AllowAPIGateway", "FunctionURLAllowPublicAccess"]);

    // The function URL answers with the function's result and the configured CORS origin.
    const response = await getFunctionUrl(String(outputs.url), sandbox.endpoint, { origin: "https://example.com" });
    expect(response.status).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBe("https://example.com");
    expect(JSON.parse(response.body)).toEqual({ version: "v1", greeting: "hello world", stage: "dev" });

    // The SQS mapping's filter lets only kind=job through; the stream mapping sees the table's insert.
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "tf-compute-jobs" }));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: QueueUrls?.[0],
        Entries: [
          { Id: "other", MessageBody: JSON.stringify({ kind: "other" }) },
          { Id: "job", MessageBody: JSON.stringify({ kind: "job", n: 1 }) },
        ],
      }),
    );
    sqs.destroy();
    const dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
    await dynamodb.send(new PutItemCommand({ TableName: "tf-compute-orders", Item: { pk: { S: "order-1" } } }));
    dynamodb.destroy();
    // A line with ERROR in the subscribed log group reaches the worker as an awslogs event.
    await logs.send(new PutLogEventsCommand({ logGroupName: "/app/tf-compute", logStreamName: "main", logEvents: [{ timestamp: Date.now(), message: "ERROR disk full" }] }));
    type Records = { Records?: Array<{ eventSource?: string; body?: string; eventName?: string }>; awslogs?: unknown };
    const sqsBodies = () => (workerEvents as Records[]).flatMap((e) => e.Records ?? []).filter((r) => r.eventSource === "aws:sqs").map((r) => r.body);
    await expect.poll(sqsBodies, { timeout: 15_000 }).toEqual([JSON.stringify({ kind: "job", n: 1 })]);
    await expect
      .poll(() => (workerEvents as Records[]).flatMap((e) => e.Records ?? []).some((r) => r.eventSource === "aws:dynamodb" && r.eventName === "INSERT"), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => (workerEvents as Records[]).some((e) => e.awslogs !== undefined), { timeout: 15_000 }).toBe(true);

    // An asynchronous invoke's result goes to the on-success destination, a topic the worker is subscribed to.
    await lambda.send(new InvokeCommand({ FunctionName: "tf-hello", InvocationType: "Event", Payload: JSON.stringify({ name: "async" }) }));
    type Notified = { Records?: Array<{ EventSource?: string; Sns?: { TopicArn?: string; Message?: string } }> };
    const destinationRecords = () =>
      (workerEvents as Notified[])
        .flatMap((e) => e.Records ?? [])
        .filter((r) => r.EventSource === "aws:sns")
        .map((r) => JSON.parse(String(r.Sns?.Message)) as { requestContext?: { condition?: string }; responsePayload?: unknown });
    await expect.poll(destinationRecords, { timeout: 15_000 }).toEqual([
      expect.objectContaining({ requestContext: expect.objectContaining({ condition: "Success" }), responsePayload: { version: "v1", greeting: "hello async", stage: "dev" } }),
    ]);

    // Step Functions: the machine and its alias run the function; the express machine answers synchronously.
    expect(await execute(machineArn("tf-flow"))).toMatchObject({ status: "SUCCEEDED", output: JSON.stringify({ hello: "sfn" }) });
    expect(await execute(`${machineArn("tf-flow")}:prod`)).toMatchObject({ status: "SUCCEEDED", stateMachineVersionArn: `${machineArn("tf-flow")}:1` });
    expect(await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: machineArn("tf-express"), input: "{}" }))).toMatchObject({ status: "SUCCEEDED", output: '{"ok":true}' });
    // Level ALL: the executions' history events are written to the configured log group.
    const sfnLogTypes = async () =>
      ((await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/vendedlogs/states/tf-flow" }))).events ?? []).map((e) => (JSON.parse(String(e.message)) as { type: string }).type);
    await expect.poll(sfnLogTypes, { timeout: 10_000 }).toContain("ExecutionSucceeded");
    expect(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn("tf-flow") }))).toMatchObject({
      loggingConfiguration: { level: "ALL", includeExecutionData: true },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: "AWS_OWNED_KEY" },
    });

    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app/" }))).logGroups ?? [];
    expect(groups.map((g) => [g.logGroupName, g.retentionInDays, g.logGroupClass, g.metricFilterCount])).toEqual([
      ["/app/tf-compute", 14, "STANDARD", 1],
      ["/app/tf-compute-archive", undefined, "INFREQUENT_ACCESS", 0],
    ]);
  }, 180_000);

  it("updates code and settings in place: the next invoke runs the new code, and the next plan finds nothing to change", async () => {
    tf.write(config(V2));
    await tf.apply();
    expect(await tf.drift()).toBe("");

    expect(await invoke("tf-hello")).toEqual({ version: "$LATEST", body: { version: "v2", greeting: "hello sdk", stage: "prod" } });
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: "tf-hello" }))).Configuration).toMatchObject({ MemorySize: 512, Environment: { Variables: { STAGE: "prod" } } });
    expect(await lambda.send(new GetAliasCommand({ FunctionName: "tf-hello", Name: "live" }))).toMatchObject({ FunctionVersion: "2", RoutingConfig: { AdditionalVersionWeights: { "1": 0.25 } } });
    const outputs = await tf.outputs();
    expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: String(outputs.sqs_mapping) }))).BatchSize).toBe(8);
    expect(outputs.flow_version).toBe(`${machineArn("tf-flow")}:2`);
    expect((await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn("tf-flow")}:prod` }))).routingConfiguration).toEqual([
      { stateMachineVersionArn: `${machineArn("tf-flow")}:2`, weight: 100 },
    ]);
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn("tf-flow") }))).loggingConfiguration?.level).toBe("ERROR");
  }, 120_000);

  it("imports resources into a fresh state with no change on the next plan", async () => {
    const { sqs_mapping } = await tf.outputs();
    const addresses = imports(String(sqs_mapping));
    await tf.ok("state", "rm", "-no-color", ...addresses.map(([address]) => address));
    tf.write(`${config(V2)}\n${addresses.map(([to, id]) => `import {\n  to = ${to}\n  id = ${JSON.stringify(id)}\n}\n`).join("\n")}`);
    expect(await tf.apply()).toContain(`Apply complete! Resources: ${addresses.length} imported, 0 added, 0 changed, 0 destroyed.`);
    expect(await tf.drift()).toBe("");
  }, 120_000);

  it("destroys everything it created", async () => {
    await tf.destroy();
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).toEqual([]);
    expect((await lambda.send(new ListLayersCommand({}))).Layers ?? []).toEqual([]);
    expect((await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? []).toEqual([]);
    expect((await lambda.send(new ListCodeSigningConfigsCommand({}))).CodeSigningConfigs ?? []).toEqual([]);
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    expect((await sfn.send(new ListActivitiesCommand({}))).activities).toEqual([]);
    // Only the groups Lambda made for the functions' own logs remain, as on AWS.
    const groups = (await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
    expect(groups.map((g) => g.logGroupName).filter((name) => !/^\/aws\/lambda\/tf-(worker|step)$/.test(String(name)))).toEqual([]);
  }, 120_000);
});
