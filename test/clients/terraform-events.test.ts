/**
 * Terraform (hashicorp/aws provider, from a local mirror) declaring messaging and events as its
 * users write them, against a sandbox with no template: SQS standard and FIFO queues with a DLQ
 * (redrive and redrive-allow policies, a queue policy), SNS topics (FIFO, a delivery policy, a
 * data protection policy, a topic policy) with subscriptions to SQS (raw, filtered, with a DLQ),
 * a Lambda function and HTTP endpoints (one that confirms, one left pending); EventBridge (a custom
 * bus with a policy, pattern and schedule rules, targets to SQS with an input transformer, SNS,
 * Lambda and Step Functions, an archive, a connection and an API destination, an account
 * permission); EventBridge Scheduler (a group and schedules); Kinesis (provisioned with
 * encryption and shard-level metrics, on-demand, a consumer, a resource policy); CloudWatch (metric
 * alarms with dimensions and metric queries, a composite alarm, a dashboard); X-Ray (a sampling
 * rule, a group, the encryption config); less common settings (KMS-encrypted queue, topic, bus and
 * schedule, SNS delivery status logging, email and SMS subscriptions, a platform application, the
 * account's SMS preferences, a FIFO topic's archive and a replaying subscription, Kinesis
 * and FIFO SQS targets, an OAuth connection whose token endpoint is the test's, percentile and
 * anomaly-band alarms, data sources). Each step is checked as Terraform sees it (no drift on
 * the next plan) and as AWS would hold it (through the SDK, and by sending messages and events):
 * apply → plan → update → plan → import → plan → destroy.
 *
 * The provider's own waits set the pace (they are AWS's propagation delays, not the sandbox's): an
 * SQS queue's create, update or policy waits ~25 s for its attributes to read back three times in
 * a row, a Kinesis stream ~10 s per step (create, retention, metrics, encryption, resharding), a
 * Lambda function 5 s. They run in parallel within one apply (-parallelism=30, as the queues hold
 * their slots while they wait). Skipped where terraform or the provider mirror is missing.
 */
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import {
  GetDataProtectionPolicyCommand, GetSMSAttributesCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListPlatformApplicationsCommand, ListSubscriptionsCommand,
  ListTopicsCommand, PublishCommand, SNSClient,
} from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetEncryptionConfigCommand, GetGroupsCommand, GetSamplingRulesCommand, XRayClient } from "@aws-sdk/client-xray";
import type * as CloudWatchSdk from "../../packages/sandbox/node_modules/@aws-sdk/client-cloudwatch/dist-types/index.js";
import type * as EventBridgeSdk from "../../packages/sandbox/node_modules/@aws-sdk/client-eventbridge/dist-types/index.js";
import type * as KinesisSdk from "../../packages/sandbox/node_modules/@aws-sdk/client-kinesis/dist-types/index.js";
import type * as SchedulerSdk from "../../packages/sandbox/node_modules/@aws-sdk/client-scheduler/dist-types/index.js";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";
import { zipOf } from "../helpers/zip.js";

// The SDK clients of these services are the sandbox package's devDependencies.
const fromSandbox = createRequire(new URL("../../packages/sandbox/package.json", import.meta.url));
const cw = fromSandbox("@aws-sdk/client-cloudwatch") as typeof CloudWatchSdk;
const eb = fromSandbox("@aws-sdk/client-eventbridge") as typeof EventBridgeSdk;
const kin = fromSandbox("@aws-sdk/client-kinesis") as typeof KinesisSdk;
const sch = fromSandbox("@aws-sdk/client-scheduler") as typeof SchedulerSdk;

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const topicArn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const streamArn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;

/** Prints what it was given (its EVENT lines are read from the sandbox's function logs). */
const SINK_ZIP = zipOf({ "index.mjs": 'export const handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return {}; };\n' });

interface Settings {
  visibility: number;
  filterKinds: string[];
  shards: number;
  retention: number;
  minAmount: number;
  ruleState: "ENABLED" | "DISABLED";
  scheduleState: "ENABLED" | "DISABLED";
  window: number;
  threshold: number;
  fixedRate: number;
  groupFilter: string;
  archiveDays: number;
  rateLimit: number;
  busTags: string;
}

const V1: Settings = {
  visibility: 60, filterKinds: ["order"], shards: 2, retention: 48, minAmount: 100, ruleState: "DISABLED", scheduleState: "ENABLED", window: 15,
  threshold: 1, fixedRate: 0.05, groupFilter: "responsetime > 5", archiveDays: 7, rateLimit: 20, busTags: "dev",
};
const V2: Settings = {
  visibility: 90, filterKinds: ["order", "refund"], shards: 3, retention: 72, minAmount: 200, ruleState: "ENABLED", scheduleState: "DISABLED", window: 30,
  threshold: 3, fixedRate: 0.1, groupFilter: "responsetime > 10", archiveDays: 14, rateLimit: 50, busTags: "prod",
};

const config = (s: Settings, hook: string) => `
# ---- SQS
resource "aws_sqs_queue" "dlq" {
  name                      = "tf-orders-dlq"
  message_retention_seconds = 1209600
  tags                      = { env = "dev" }
}

resource "aws_sqs_queue" "orders" {
  name                       = "tf-orders"
  visibility_timeout_seconds = ${s.visibility}
  message_retention_seconds  = 345600
  max_message_size           = 262144
  receive_wait_time_seconds  = 10
  sqs_managed_sse_enabled    = true
  tags                       = { env = "dev", team = "orders" }
}

resource "aws_sqs_queue_redrive_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 4
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.orders.arn]
  })
}

resource "aws_sqs_queue" "jobs" {
  name                        = "tf-jobs.fifo"
  fifo_queue                  = true
  content_based_deduplication = true
  deduplication_scope         = "messageGroup"
  fifo_throughput_limit       = "perMessageGroupId"
}

resource "aws_sqs_queue" "target" {
  name_prefix = "tf-target-"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSNS"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.events.arn } }
    }]
  })
}

# ---- SNS
resource "aws_sns_topic" "events" {
  name         = "tf-events"
  display_name = "Events"
  delivery_policy = jsonencode({
    http = {
      defaultHealthyRetryPolicy = { minDelayTarget = 20, maxDelayTarget = 20, numRetries = 3, numMaxDelayRetries = 0, numNoDelayRetries = 0, numMinDelayRetries = 0, backoffFunction = "linear" }
      disableSubscriptionOverrides = false
    }
  })
  tags = { env = "dev" }
}

resource "aws_sns_topic" "fifo" {
  name                        = "tf-events.fifo"
  fifo_topic                  = true
  content_based_deduplication = true
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowEventBridge"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = aws_sns_topic.events.arn
    }]
  })
}

resource "aws_sns_topic_data_protection_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Name        = "data_protection_policy"
    Description = ""
    Version     = "2021-06-01"
    Statement = [{
      Sid            = "DenyEmail"
      DataDirection  = "Inbound"
      Principal      = ["*"]
      DataIdentifier = ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"]
      Operation      = { Deny = {} }
    }]
  })
}

resource "aws_sns_topic_subscription" "orders" {
  topic_arn            = aws_sns_topic.events.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.orders.arn
  raw_message_delivery = true
  filter_policy        = jsonencode({ kind = ${JSON.stringify(s.filterKinds)} })
  filter_policy_scope  = "MessageBody"
  redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn })
}

resource "aws_sns_topic_subscription" "sink" {
  topic_arn = aws_sns_topic.events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.sink.arn
}

resource "aws_sns_topic_subscription" "hook" {
  topic_arn              = aws_sns_topic.events.arn
  protocol               = "http"
  endpoint               = "${hook}/confirm"
  endpoint_auto_confirms = true
  delivery_policy = jsonencode({
    healthyRetryPolicy = { minDelayTarget = 1, maxDelayTarget = 5, numRetries = 3 }
  })
}

resource "aws_sns_topic_subscription" "pending" {
  topic_arn = aws_sns_topic.events.arn
  protocol  = "http"
  endpoint  = "${hook}/ignore"
}

# ---- Lambda and Step Functions, as targets
resource "aws_iam_role" "lambda" {
  name = "tf-events-lambda"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "sfn" {
  name = "tf-events-sfn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "states.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "invoke" {
  name = "tf-events-invoke"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["events.amazonaws.com", "scheduler.amazonaws.com"] } }]
  })
}

resource "aws_lambda_function" "sink" {
  function_name    = "tf-events-sink"
  role             = aws_iam_role.lambda.arn
  runtime          = "nodejs20.x"
  handler          = "index.handler"
  filename         = "sink.zip"
  source_code_hash = filebase64sha256("sink.zip")
}

resource "aws_lambda_permission" "sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.sink.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.events.arn
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowEvents"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.sink.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.test.arn
}

resource "aws_sfn_state_machine" "flow" {
  name     = "tf-events-flow"
  role_arn = aws_iam_role.sfn.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Pass", End = true } }
  })
}

# ---- EventBridge
resource "aws_cloudwatch_event_bus" "orders" {
  name = "tf-orders-bus"
  tags = { env = "${s.busTags}" }
}

resource "aws_cloudwatch_event_bus_policy" "orders" {
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowPartner"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "events:PutEvents"
      Resource  = aws_cloudwatch_event_bus.orders.arn
    }]
  })
}

resource "aws_cloudwatch_event_rule" "placed" {
  name           = "tf-order-placed"
  description    = "Orders placed"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source        = ["shop.orders"]
    "detail-type" = ["OrderPlaced"]
    detail        = { amount = [{ numeric = [">", ${s.minAmount}] }] }
  })
  tags = { env = "dev" }
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "tf-nightly"
  schedule_expression = "cron(0 2 * * ? *)"
  state               = "${s.ruleState}"
}

resource "aws_cloudwatch_event_rule" "test" {
  name          = "tf-test-events"
  event_pattern = jsonencode({ source = ["tf.test"] })
}

resource "aws_cloudwatch_event_target" "to_sqs" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "sqs"
  arn            = aws_sqs_queue.target.arn
  input_transformer {
    input_paths = {
      id     = "$.detail.id"
      amount = "$.detail.amount"
    }
    input_template = <<TPL
{"orderId": <id>, "total": <amount>}
TPL
  }
  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }
  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 5
  }
}

resource "aws_cloudwatch_event_target" "to_sns" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "sns"
  arn            = aws_sns_topic.events.arn
  input_path     = "$.detail"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule      = aws_cloudwatch_event_rule.nightly.name
  target_id = "nightly"
  arn       = aws_sqs_queue.target.arn
  input     = jsonencode({ job = "nightly" })
}

resource "aws_cloudwatch_event_target" "to_lambda" {
  rule      = aws_cloudwatch_event_rule.test.name
  target_id = "lambda"
  arn       = aws_lambda_function.sink.arn
}

resource "aws_cloudwatch_event_target" "to_sfn" {
  rule      = aws_cloudwatch_event_rule.test.name
  target_id = "sfn"
  arn       = aws_sfn_state_machine.flow.arn
  role_arn  = aws_iam_role.invoke.arn
  input_transformer {
    input_paths    = { src = "$.source" }
    input_template = "{\\"from\\": <src>}"
  }
}

resource "aws_cloudwatch_event_archive" "orders" {
  name             = "tf-orders-archive"
  event_source_arn = aws_cloudwatch_event_bus.orders.arn
  description      = "All orders"
  retention_days   = ${s.archiveDays}
  event_pattern    = jsonencode({ source = ["shop.orders"] })
}

resource "aws_cloudwatch_event_connection" "api" {
  name               = "tf-api-conn"
  description        = "Partner API"
  authorization_type = "API_KEY"
  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = "secret"
    }
  }
}

resource "aws_cloudwatch_event_api_destination" "api" {
  name                             = "tf-api-dest"
  description                      = "Partner webhook"
  invocation_endpoint              = "https://example.com/hook"
  http_method                      = "POST"
  invocation_rate_limit_per_second = ${s.rateLimit}
  connection_arn                   = aws_cloudwatch_event_connection.api.arn
}

resource "aws_cloudwatch_event_permission" "partner" {
  principal    = "111122223333"
  statement_id = "PartnerAccount"
}

# ---- EventBridge Scheduler
resource "aws_scheduler_schedule_group" "jobs" {
  name = "tf-jobs"
  tags = { env = "dev" }
}

resource "aws_scheduler_schedule" "hourly" {
  name        = "tf-hourly"
  group_name  = aws_scheduler_schedule_group.jobs.name
  description = "Hourly ping"
  flexible_time_window {
    mode                      = "FLEXIBLE"
    maximum_window_in_minutes = ${s.window}
  }
  schedule_expression          = "rate(1 hours)"
  schedule_expression_timezone = "Europe/Paris"
  state                        = "${s.scheduleState}"
  target {
    arn      = aws_sqs_queue.target.arn
    role_arn = aws_iam_role.invoke.arn
    input    = jsonencode({ ping = true })
    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 3
    }
    dead_letter_config {
      arn = aws_sqs_queue.dlq.arn
    }
  }
}

resource "aws_scheduler_schedule" "once" {
  name = "tf-once"
  flexible_time_window {
    mode = "OFF"
  }
  schedule_expression = "at(2030-01-01T00:00:00)"
  target {
    arn      = aws_lambda_function.sink.arn
    role_arn = aws_iam_role.invoke.arn
  }
}

# ---- Kinesis
resource "aws_kinesis_stream" "clicks" {
  name                = "tf-clicks"
  shard_count         = ${s.shards}
  retention_period    = ${s.retention}
  shard_level_metrics = ["IncomingBytes", "OutgoingBytes"]
  encryption_type     = "KMS"
  kms_key_id          = "alias/aws/kinesis"
  stream_mode_details {
    stream_mode = "PROVISIONED"
  }
  tags = { env = "dev" }
}

resource "aws_kinesis_stream" "ondemand" {
  name = "tf-ondemand"
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_kinesis_stream_consumer" "reader" {
  name       = "tf-reader"
  stream_arn = aws_kinesis_stream.clicks.arn
}

resource "aws_kinesis_resource_policy" "clicks" {
  resource_arn = aws_kinesis_stream.clicks.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"]
      Resource  = aws_kinesis_stream.clicks.arn
    }]
  })
}

# ---- CloudWatch
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "tf-errors"
  alarm_description   = "Lambda errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 60
  statistic           = "Sum"
  threshold           = ${s.threshold}
  treat_missing_data  = "notBreaching"
  dimensions          = { FunctionName = aws_lambda_function.sink.function_name }
  alarm_actions       = [aws_sns_topic.events.arn]
  ok_actions          = [aws_sns_topic.events.arn]
  tags                = { env = "dev" }
}

resource "aws_cloudwatch_metric_alarm" "rate" {
  alarm_name          = "tf-error-rate"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  threshold           = 5
  metric_query {
    id          = "rate"
    expression  = "100 * errors / invocations"
    label       = "Error rate"
    return_data = true
  }
  metric_query {
    id = "errors"
    metric {
      metric_name = "Errors"
      namespace   = "AWS/Lambda"
      period      = 300
      stat        = "Sum"
      dimensions  = { FunctionName = "tf-events-sink" }
    }
  }
  metric_query {
    id = "invocations"
    metric {
      metric_name = "Invocations"
      namespace   = "AWS/Lambda"
      period      = 300
      stat        = "Sum"
      unit        = "Count"
      dimensions  = { FunctionName = "tf-events-sink" }
    }
  }
}

resource "aws_cloudwatch_composite_alarm" "any" {
  alarm_name        = "tf-any"
  alarm_description = "Either alarm"
  alarm_rule        = "ALARM(\${aws_cloudwatch_metric_alarm.errors.alarm_name}) OR ALARM(\${aws_cloudwatch_metric_alarm.rate.alarm_name})"
  alarm_actions     = [aws_sns_topic.events.arn]
  actions_suppressor {
    alarm            = aws_cloudwatch_metric_alarm.errors.alarm_name
    extension_period = 10
    wait_period      = 20
  }
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "tf-main"
  dashboard_body = jsonencode({
    widgets = [{
      type   = "metric"
      x      = 0
      y      = 0
      width  = 12
      height = 6
      properties = {
        metrics = [["AWS/Lambda", "Errors", "FunctionName", "tf-events-sink"]]
        period  = 300
        stat    = "Sum"
        region  = "${REGION}"
        title   = "Errors"
      }
    }]
  })
}

# ---- X-Ray
resource "aws_xray_sampling_rule" "api" {
  rule_name      = "tf-api"
  priority       = 100
  version        = 1
  reservoir_size = 1
  fixed_rate     = ${s.fixedRate}
  url_path       = "/api/*"
  host           = "*"
  http_method    = "*"
  service_type   = "*"
  service_name   = "*"
  resource_arn   = "*"
  attributes     = { team = "orders" }
  tags           = { env = "dev" }
}

resource "aws_xray_group" "slow" {
  group_name        = "tf-slow"
  filter_expression = "${s.groupFilter}"
  insights_configuration {
    insights_enabled      = true
    notifications_enabled = true
  }
  tags = { env = "dev" }
}

resource "aws_xray_encryption_config" "this" {
  type = "NONE"
}

# ---- Less common settings: a KMS key, encrypted queue, topic and bus; SNS delivery status
# logging; a FIFO topic's archive replayed to a FIFO queue; an OAuth connection; a schedule with a
# time window; percentile and anomaly-band alarms; data sources.
resource "aws_kms_key" "events" {
  description = "tf events key"
}

resource "aws_sqs_queue" "encrypted" {
  name                              = "tf-encrypted"
  kms_master_key_id                 = aws_kms_key.events.key_id
  kms_data_key_reuse_period_seconds = 600
  delay_seconds                     = 5
}

resource "aws_sns_topic" "logged" {
  name                             = "tf-logged"
  kms_master_key_id                = "alias/aws/sns"
  signature_version                = 2
  tracing_config                   = "Active"
  sqs_success_feedback_role_arn    = aws_iam_role.invoke.arn
  sqs_failure_feedback_role_arn    = aws_iam_role.invoke.arn
  sqs_success_feedback_sample_rate = 50
  lambda_success_feedback_role_arn = aws_iam_role.invoke.arn
  lambda_failure_feedback_role_arn = aws_iam_role.invoke.arn
  http_success_feedback_role_arn   = aws_iam_role.invoke.arn
  http_failure_feedback_role_arn   = aws_iam_role.invoke.arn
}

resource "aws_sns_topic" "archived" {
  name                        = "tf-archived.fifo"
  fifo_topic                  = true
  content_based_deduplication = true
  archive_policy              = jsonencode({ MessageRetentionPeriod = 30 })
  fifo_throughput_scope       = "MessageGroup"
}

resource "aws_sns_topic_subscription" "replay" {
  topic_arn     = aws_sns_topic.archived.arn
  protocol      = "sqs"
  endpoint      = aws_sqs_queue.jobs.arn
  replay_policy = jsonencode({ PointType = "Timestamp", StartingPoint = "2026-11-27T00:00:00Z" })
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.logged.arn
  protocol  = "email"
  endpoint  = "ops@example.com"
}

resource "aws_sns_topic_subscription" "sms" {
  topic_arn = aws_sns_topic.logged.arn
  protocol  = "sms"
  endpoint  = "+15555550100"
}

resource "aws_sns_platform_application" "gcm" {
  name                             = "tf-gcm"
  platform                         = "GCM"
  platform_credential              = "fake-server-key"
  event_endpoint_created_topic_arn = aws_sns_topic.logged.arn
  success_feedback_sample_rate     = 100
}

resource "aws_sns_sms_preferences" "account" {
  default_sender_id   = "Sandbox"
  default_sms_type    = "Transactional"
  monthly_spend_limit = 10
}

resource "aws_cloudwatch_event_bus" "encrypted" {
  name               = "tf-encrypted-bus"
  description        = "encrypted bus"
  kms_key_identifier = aws_kms_key.events.arn
}

resource "aws_cloudwatch_event_rule" "prefixed" {
  name_prefix    = "tf-app-"
  event_bus_name = aws_cloudwatch_event_bus.encrypted.name
  event_pattern  = jsonencode({ source = [{ prefix = "app." }] })
}

resource "aws_cloudwatch_event_target" "to_kinesis" {
  rule           = aws_cloudwatch_event_rule.prefixed.name
  event_bus_name = aws_cloudwatch_event_bus.encrypted.name
  arn            = aws_kinesis_stream.ondemand.arn
  role_arn       = aws_iam_role.invoke.arn
  kinesis_target {
    partition_key_path = "$.detail.id"
  }
}

resource "aws_cloudwatch_event_target" "to_fifo" {
  rule           = aws_cloudwatch_event_rule.prefixed.name
  event_bus_name = aws_cloudwatch_event_bus.encrypted.name
  arn            = aws_sqs_queue.jobs.arn
  sqs_target {
    message_group_id = "g1"
  }
}

resource "aws_cloudwatch_event_connection" "oauth" {
  name               = "tf-oauth"
  authorization_type = "OAUTH_CLIENT_CREDENTIALS"
  auth_parameters {
    oauth {
      authorization_endpoint = "${hook}/token"
      http_method            = "POST"
      client_parameters {
        client_id     = "id"
        client_secret = "secret"
      }
      oauth_http_parameters {
        body {
          key             = "grant_type"
          value           = "client_credentials"
          is_value_secret = false
        }
      }
    }
  }
}

resource "aws_scheduler_schedule" "weekdays" {
  name                         = "tf-weekdays"
  schedule_expression          = "cron(0 9 ? * MON-FRI *)"
  schedule_expression_timezone = "Asia/Tokyo"
  start_date                   = "2030-01-01T00:00:00Z"
  end_date                     = "2031-01-01T00:00:00Z"
  kms_key_arn                  = aws_kms_key.events.arn
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_sqs_queue.jobs.arn
    role_arn = aws_iam_role.invoke.arn
    sqs_parameters {
      message_group_id = "g"
    }
  }
}

resource "aws_scheduler_schedule" "tick" {
  name                = "tf-tick"
  schedule_expression = "rate(7 days)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_cloudwatch_event_bus.encrypted.arn
    role_arn = aws_iam_role.invoke.arn
    eventbridge_parameters {
      detail_type = "Tick"
      source      = "app.scheduler"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "p99" {
  alarm_name                            = "tf-p99"
  comparison_operator                   = "GreaterThanThreshold"
  evaluation_periods                    = 1
  metric_name                           = "Duration"
  namespace                             = "AWS/Lambda"
  period                                = 60
  extended_statistic                    = "p99"
  threshold                             = 1000
  unit                                  = "Milliseconds"
  evaluate_low_sample_count_percentiles = "ignore"
  actions_enabled                       = false
}

resource "aws_cloudwatch_metric_alarm" "anomaly" {
  alarm_name          = "tf-anomaly"
  comparison_operator = "GreaterThanUpperThreshold"
  evaluation_periods  = 2
  threshold_metric_id = "e1"
  metric_query {
    id          = "e1"
    expression  = "ANOMALY_DETECTION_BAND(m1)"
    label       = "expected"
    return_data = true
  }
  metric_query {
    id          = "m1"
    return_data = true
    metric {
      metric_name = "Invocations"
      namespace   = "AWS/Lambda"
      period      = 120
      stat        = "Average"
    }
  }
}

data "aws_sqs_queue" "encrypted" {
  name = aws_sqs_queue.encrypted.name
}
data "aws_sns_topic" "logged" {
  name = aws_sns_topic.logged.name
}
data "aws_kinesis_stream" "clicks" {
  name = aws_kinesis_stream.clicks.name
}
data "aws_cloudwatch_event_bus" "encrypted" {
  name = aws_cloudwatch_event_bus.encrypted.name
}
data "aws_cloudwatch_event_connection" "oauth" {
  name = aws_cloudwatch_event_connection.oauth.name
}

output "data_sources" {
  value = [data.aws_sqs_queue.encrypted.arn, data.aws_sns_topic.logged.arn, length(data.aws_kinesis_stream.clicks.open_shards), data.aws_cloudwatch_event_bus.encrypted.arn, data.aws_cloudwatch_event_connection.oauth.authorization_type]
}

output "orders_url" {
  value = aws_sqs_queue.orders.url
}
output "target_url" {
  value = aws_sqs_queue.target.url
}
output "hook_subscription" {
  value = aws_sns_topic_subscription.hook.arn
}
output "pending_subscription" {
  value = aws_sns_topic_subscription.pending.arn
}
output "pending" {
  value = aws_sns_topic_subscription.pending.pending_confirmation
}
output "xray_group" {
  value = aws_xray_group.slow.arn
}
`;

describe.skipIf(!hasTerraform)(`terraform: SQS, SNS, EventBridge, Scheduler, Kinesis, CloudWatch, X-Ray${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let hookServer: Server;
  let hook: string;
  /** What the HTTP endpoint received: SNS's message type and the message's body. */
  const hookMessages: Array<{ path: string; type: string; body: Record<string, unknown> }> = [];
  /** The bodies of the OAuth connection's token requests. */
  const tokenRequests: string[] = [];
  /** What tf-events-sink was invoked with (its EVENT lines). */
  const sinkEvents: Array<Record<string, unknown>> = [];
  let sqs: SQSClient;
  let sns: SNSClient;
  let events: InstanceType<typeof eb.EventBridgeClient>;
  let scheduler: InstanceType<typeof sch.SchedulerClient>;
  let kinesis: InstanceType<typeof kin.KinesisClient>;
  let cloudwatch: InstanceType<typeof cw.CloudWatchClient>;
  let xray: XRayClient;
  let sfn: SFNClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    sandbox.events.on("functionLog", (e) => {
      const m = /EVENT (.*)$/.exec(e.line);
      if (e.functionName === "tf-events-sink" && m?.[1] !== undefined) sinkEvents.push(JSON.parse(m[1]) as Record<string, unknown>);
    });
    // An HTTP endpoint as a user's webhook: /confirm visits the SubscribeURL of a confirmation, /ignore does not.
    hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        // An OAuth connection's client-credentials exchange.
        if (req.url === "/token") {
          tokenRequests.push(Buffer.concat(chunks).toString("utf8"));
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ access_token: "token-1", token_type: "Bearer", expires_in: 3600 }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        const type = String(req.headers["x-amz-sns-message-type"]);
        hookMessages.push({ path: req.url ?? "", type, body });
        const confirm = req.url === "/confirm" && type === "SubscriptionConfirmation" ? fetch(String(body.SubscribeURL)).then((r) => r.text()) : Promise.resolve("");
        void confirm.finally(() => res.end("ok"));
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, "127.0.0.1", resolve));
    hook = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;

    const client = { endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 };
    sqs = new SQSClient(client);
    sns = new SNSClient(client);
    events = new eb.EventBridgeClient(client);
    scheduler = new sch.SchedulerClient(client);
    kinesis = new kin.KinesisClient(client);
    cloudwatch = new cw.CloudWatchClient(client);
    xray = new XRayClient(client);
    sfn = new SFNClient(client);
    tf = new TerraformDir(sandbox.endpoint);
    writeFileSync(join(tf.dir, "sink.zip"), SINK_ZIP);
    tf.write(config(V1, hook));
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    for (const c of [sqs, sns, events, scheduler, kinesis, cloudwatch, xray, sfn]) c?.destroy();
    await new Promise((resolve) => (hookServer ? hookServer.close(resolve) : resolve(undefined)));
    await sandbox?.stop();
  });

  const apply = () => tf.apply("-parallelism=30");
  const queueAttributes = async (QueueName: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName }));
    return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }))).Attributes ?? {};
  };
  const receive = async (QueueUrl: string) => {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    return (Messages ?? []).map((m) => m.Body);
  };

  it("applies, reads back everything as written (no drift), and messages and events reach their targets", async () => {
    await apply();
    expect(await tf.drift()).toBe("");
    const outputs = await tf.outputs();

    // SQS as AWS would hold it.
    expect(await queueAttributes("tf-orders")).toMatchObject({
      VisibilityTimeout: "60", MessageRetentionPeriod: "345600", ReceiveMessageWaitTimeSeconds: "10", SqsManagedSseEnabled: "true",
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn("tf-orders-dlq"), maxReceiveCount: 4 }),
    });
    expect(JSON.parse(String((await queueAttributes("tf-orders")).Policy)).Statement[0].Sid).toBe("AllowSNS");
    expect(JSON.parse(String((await queueAttributes("tf-orders-dlq")).RedriveAllowPolicy))).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [queueArn("tf-orders")] });
    expect(await queueAttributes("tf-jobs.fifo")).toMatchObject({ FifoQueue: "true", ContentBasedDeduplication: "true", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });

    // SNS: the topic's attributes, the confirmed and the pending HTTP subscriptions.
    const topic = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn("tf-events") }))).Attributes ?? {};
    expect(topic.DisplayName).toBe("Events");
    expect(JSON.parse(String(topic.Policy)).Statement[0].Sid).toBe("AllowEventBridge");
    expect(JSON.parse(String((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: topicArn("tf-events") }))).DataProtectionPolicy)).Name).toBe("data_protection_policy");
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn("tf-events.fifo") }))).Attributes).toMatchObject({ FifoTopic: "true", ContentBasedDeduplication: "true" });
    const hookSub = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: String(outputs.hook_subscription) }))).Attributes ?? {};
    expect(hookSub.PendingConfirmation).toBe("false");
    expect(outputs.pending).toBe(true);
    expect(hookMessages.filter((m) => m.type === "SubscriptionConfirmation").map((m) => m.path).sort()).toEqual(["/confirm", "/ignore"]);

    // A publish reaches the queue (raw, filtered on the body), the function and the confirmed endpoint only.
    await sns.send(new PublishCommand({ TopicArn: topicArn("tf-events"), Message: JSON.stringify({ kind: "order", id: 1 }) }));
    await sns.send(new PublishCommand({ TopicArn: topicArn("tf-events"), Message: JSON.stringify({ kind: "other", id: 2 }) }));
    expect(await receive(String(outputs.orders_url))).toEqual([JSON.stringify({ kind: "order", id: 1 })]);
    type SnsRecords = { Records?: Array<{ EventSource?: string; Sns?: { Message?: string } }> };
    // (An alarm's OK action may publish to the topic too: only the test's messages are counted.)
    const sinkMessages = () => (sinkEvents as SnsRecords[]).flatMap((e) => e.Records ?? []).filter((r) => r.EventSource === "aws:sns").map((r) => String(r.Sns?.Message));
    // Two publishes reach the function as two separate asynchronous invocations: in either order, as on AWS.
    await expect.poll(() => sinkMessages().filter((m) => m.includes('"kind"')).sort(), { timeout: 15_000 })
      .toEqual([JSON.stringify({ kind: "order", id: 1 }), JSON.stringify({ kind: "other", id: 2 })]);
    await expect.poll(() => hookMessages.filter((m) => m.type === "Notification" && String(m.body.Message).includes('"kind"')).map((m) => [m.path, m.body.Message]), { timeout: 15_000 }).toEqual([
      ["/confirm", JSON.stringify({ kind: "order", id: 1 })],
      ["/confirm", JSON.stringify({ kind: "other", id: 2 })],
    ]);

    // EventBridge: an order over the threshold reaches the queue through the input transformer, a
    // smaller one does not; a tf.test event runs the function and the state machine.
    expect((await events.send(new eb.ListTargetsByRuleCommand({ Rule: "tf-order-placed", EventBusName: "tf-orders-bus" }))).Targets?.map((t) => t.Id)).toEqual(["sns", "sqs"]);
    const put = await events.send(new eb.PutEventsCommand({
      Entries: [
        { EventBusName: "tf-orders-bus", Source: "shop.orders", DetailType: "OrderPlaced", Detail: JSON.stringify({ id: "o-1", amount: 300 }) },
        { EventBusName: "tf-orders-bus", Source: "shop.orders", DetailType: "OrderPlaced", Detail: JSON.stringify({ id: "o-2", amount: 50 }) },
        { Source: "tf.test", DetailType: "Ping", Detail: "{}" },
      ],
    }));
    expect(put.FailedEntryCount).toBe(0);
    const targetBodies: string[] = [];
    await expect.poll(async () => {
      targetBodies.push(...((await receive(String(outputs.target_url))) as string[]));
      return targetBodies.filter((b) => b.includes("orderId"));
    }, { timeout: 15_000 }).toEqual(['{"orderId": "o-1", "total": 300}\n']);
    await expect.poll(() => sinkEvents.some((e) => e.source === "tf.test" && e["detail-type"] === "Ping"), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:tf-events-flow` }))).executions?.map((e) => e.status), { timeout: 15_000 })
      .toEqual(["SUCCEEDED"]);
    // The SNS target got the order's detail (input_path), and passed it on to the function.
    await expect.poll(() => sinkMessages().includes(JSON.stringify({ id: "o-1", amount: 300 })), { timeout: 15_000 }).toBe(true);

    expect(await events.send(new eb.DescribeRuleCommand({ Name: "tf-nightly" }))).toMatchObject({ ScheduleExpression: "cron(0 2 * * ? *)", State: "DISABLED" });
    expect(JSON.parse(String((await events.send(new eb.DescribeEventBusCommand({ Name: "tf-orders-bus" }))).Policy)).Statement[0].Sid).toBe("AllowPartner");
    expect(await events.send(new eb.DescribeArchiveCommand({ ArchiveName: "tf-orders-archive" }))).toMatchObject({ RetentionDays: 7, State: "ENABLED" });
    expect(await events.send(new eb.DescribeApiDestinationCommand({ Name: "tf-api-dest" }))).toMatchObject({ InvocationRateLimitPerSecond: 20, HttpMethod: "POST" });

    // Scheduler, Kinesis, CloudWatch, X-Ray.
    expect(await scheduler.send(new sch.GetScheduleCommand({ Name: "tf-hourly", GroupName: "tf-jobs" }))).toMatchObject({
      State: "ENABLED", FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 }, ScheduleExpressionTimezone: "Europe/Paris",
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: queueArn("tf-orders-dlq") } },
    });
    expect((await kinesis.send(new kin.DescribeStreamSummaryCommand({ StreamName: "tf-clicks" }))).StreamDescriptionSummary).toMatchObject({
      OpenShardCount: 2, RetentionPeriodHours: 48, EncryptionType: "KMS", KeyId: "alias/aws/kinesis", ConsumerCount: 1,
      EnhancedMonitoring: [{ ShardLevelMetrics: ["IncomingBytes", "OutgoingBytes"] }],
    });
    expect((await kinesis.send(new kin.DescribeStreamSummaryCommand({ StreamName: "tf-ondemand" }))).StreamDescriptionSummary?.StreamModeDetails).toEqual({ StreamMode: "ON_DEMAND" });
    expect(JSON.parse(String((await kinesis.send(new kin.GetResourcePolicyCommand({ ResourceARN: streamArn("tf-clicks") }))).Policy)).Statement[0].Sid).toBe("PartnerRead");
    const alarms = await cloudwatch.send(new cw.DescribeAlarmsCommand({ AlarmNamePrefix: "tf-", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }));
    expect(alarms.MetricAlarms?.map((a) => [a.AlarmName, a.Threshold])).toEqual([["tf-anomaly", undefined], ["tf-error-rate", 5], ["tf-errors", 1], ["tf-p99", 1000]]);
    expect(alarms.MetricAlarms?.find((a) => a.AlarmName === "tf-anomaly")?.ThresholdMetricId).toBe("e1");
    expect(alarms.MetricAlarms?.find((a) => a.AlarmName === "tf-errors")?.Dimensions).toEqual([{ Name: "FunctionName", Value: "tf-events-sink" }]);
    expect(alarms.CompositeAlarms?.map((a) => a.AlarmRule)).toEqual(["ALARM(tf-errors) OR ALARM(tf-error-rate)"]);
    expect((await cloudwatch.send(new cw.ListDashboardsCommand({}))).DashboardEntries?.map((d) => d.DashboardName)).toEqual(["tf-main"]);
    const rules = (await xray.send(new GetSamplingRulesCommand({}))).SamplingRuleRecords?.map((r) => r.SamplingRule);
    expect(rules?.find((r) => r?.RuleName === "tf-api")).toMatchObject({ FixedRate: 0.05, Priority: 100, URLPath: "/api/*", Attributes: { team: "orders" } });
    expect((await xray.send(new GetGroupsCommand({}))).Groups?.find((g) => g.GroupName === "tf-slow")).toMatchObject({
      FilterExpression: "responsetime > 5", InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: true },
    });
    expect((await xray.send(new GetEncryptionConfigCommand({}))).EncryptionConfig?.Type).toBe("NONE");

    // The less common settings.
    expect(outputs.data_sources).toEqual([queueArn("tf-encrypted"), topicArn("tf-logged"), 2, `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/tf-encrypted-bus`, "OAUTH_CLIENT_CREDENTIALS"]);
    expect(await events.send(new eb.DescribeConnectionCommand({ Name: "tf-oauth" }))).toMatchObject({ ConnectionState: "AUTHORIZED" });
    expect(tokenRequests).toEqual(["grant_type=client_credentials"]);
    expect((await queueAttributes("tf-encrypted")).KmsDataKeyReusePeriodSeconds).toBe("600");
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn("tf-logged") }))).Attributes).toMatchObject({ SignatureVersion: "2", TracingConfig: "Active", SQSSuccessFeedbackSampleRate: "50" });
    expect((await sns.send(new GetSMSAttributesCommand({}))).attributes).toEqual({ MonthlySpendLimit: "10", DefaultSMSType: "Transactional", DefaultSenderID: "Sandbox" });
    const logged = (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions?.filter((sub) => sub.TopicArn === topicArn("tf-logged"));
    // The sandbox sends no email: an email subscription stands confirmed at once (docs/README.md).
    expect(logged?.map((sub) => [sub.Protocol, String(sub.SubscriptionArn).startsWith(`${topicArn("tf-logged")}:`)]).sort()).toEqual([["email", true], ["sms", true]]);
    expect(await scheduler.send(new sch.GetScheduleCommand({ Name: "tf-weekdays" }))).toMatchObject({ ScheduleExpressionTimezone: "Asia/Tokyo", Target: { SqsParameters: { MessageGroupId: "g" } } });
  }, 240_000);

  it("updates settings in place (queue, filter, rules, schedule, resharding, alarm, sampling) with no drift after", async () => {
    tf.write(config(V2, hook));
    await apply();
    expect(await tf.drift()).toBe("");

    expect((await queueAttributes("tf-orders")).VisibilityTimeout).toBe("90");
    const subscriptions = (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? [];
    const orders = subscriptions.find((sub) => sub.Endpoint === queueArn("tf-orders"));
    expect(JSON.parse(String((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: orders?.SubscriptionArn }))).Attributes?.FilterPolicy))).toEqual({ kind: ["order", "refund"] });
    expect(JSON.parse(String((await events.send(new eb.DescribeRuleCommand({ Name: "tf-order-placed", EventBusName: "tf-orders-bus" }))).EventPattern)).detail).toEqual({ amount: [{ numeric: [">", 200] }] });
    expect((await events.send(new eb.DescribeRuleCommand({ Name: "tf-nightly" }))).State).toBe("ENABLED");
    expect((await events.send(new eb.ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/tf-orders-bus` }))).Tags).toEqual([{ Key: "env", Value: "prod" }]);
    expect(await scheduler.send(new sch.GetScheduleCommand({ Name: "tf-hourly", GroupName: "tf-jobs" }))).toMatchObject({ State: "DISABLED", FlexibleTimeWindow: { MaximumWindowInMinutes: 30 } });
    // UpdateShardCount from 2 to 3 shards: the two parents closed, three children open.
    expect((await kinesis.send(new kin.DescribeStreamSummaryCommand({ StreamName: "tf-clicks" }))).StreamDescriptionSummary).toMatchObject({ OpenShardCount: 3, RetentionPeriodHours: 72 });
    expect((await cloudwatch.send(new cw.DescribeAlarmsCommand({ AlarmNames: ["tf-errors"] }))).MetricAlarms?.[0]?.Threshold).toBe(3);
    const rules = (await xray.send(new GetSamplingRulesCommand({}))).SamplingRuleRecords?.map((r) => r.SamplingRule);
    expect(rules?.find((r) => r?.RuleName === "tf-api")?.FixedRate).toBe(0.1);
  }, 240_000);

  it("imports resources into a fresh state with no change on the next plan", async () => {
    const outputs = await tf.outputs();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: "tf-jobs.fifo" }));
    const addresses: Array<[string, string]> = [
      ["aws_sqs_queue.jobs", String(QueueUrl)],
      ["aws_sns_topic.fifo", topicArn("tf-events.fifo")],
      ["aws_sns_topic_policy.events", topicArn("tf-events")],
      ["aws_cloudwatch_event_bus.orders", "tf-orders-bus"],
      ["aws_cloudwatch_event_bus_policy.orders", "tf-orders-bus"],
      ["aws_cloudwatch_event_rule.placed", "tf-orders-bus/tf-order-placed"],
      ["aws_cloudwatch_event_target.to_sqs", "tf-orders-bus/tf-order-placed/sqs"],
      ["aws_cloudwatch_event_target.to_sfn", "tf-test-events/sfn"],
      ["aws_cloudwatch_event_archive.orders", "tf-orders-archive"],
      ["aws_cloudwatch_event_api_destination.api", "tf-api-dest"],
      ["aws_cloudwatch_event_permission.partner", "PartnerAccount"],
      ["aws_scheduler_schedule_group.jobs", "tf-jobs"],
      ["aws_scheduler_schedule.hourly", "tf-jobs/tf-hourly"],
      ["aws_kinesis_stream.clicks", "tf-clicks"],
      ["aws_kinesis_resource_policy.clicks", streamArn("tf-clicks")],
      ["aws_cloudwatch_metric_alarm.rate", "tf-error-rate"],
      ["aws_cloudwatch_composite_alarm.any", "tf-any"],
      ["aws_cloudwatch_dashboard.main", "tf-main"],
      ["aws_xray_sampling_rule.api", "tf-api"],
      ["aws_xray_group.slow", String(outputs.xray_group)],
    ];
    await tf.ok("state", "rm", "-no-color", ...addresses.map(([address]) => address));
    writeFileSync(join(tf.dir, "imports.tf"), addresses.map(([to, id]) => `import {\n  to = ${to}\n  id = ${JSON.stringify(id)}\n}\n`).join("\n"));
    expect(await apply()).toContain(`Apply complete! Resources: ${addresses.length} imported, 0 added, 0 changed, 0 destroyed.`);
    expect(await tf.drift()).toBe("");
  }, 120_000);

  it("destroys everything it created", async () => {
    await tf.destroy();
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    expect((await sns.send(new ListTopicsCommand({}))).Topics ?? []).toEqual([]);
    expect((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? []).toEqual([]);
    expect((await sns.send(new ListPlatformApplicationsCommand({}))).PlatformApplications ?? []).toEqual([]);
    // The account's SMS preferences are back to their defaults.
    expect((await sns.send(new GetSMSAttributesCommand({}))).attributes).toEqual({ MonthlySpendLimit: "1" });
    expect((await events.send(new eb.ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name)).toEqual(["default"]);
    expect((await events.send(new eb.DescribeEventBusCommand({}))).Policy).toBeUndefined();
    expect((await events.send(new eb.ListRulesCommand({}))).Rules).toEqual([]);
    expect((await events.send(new eb.ListArchivesCommand({}))).Archives).toEqual([]);
    expect((await events.send(new eb.ListConnectionsCommand({}))).Connections).toEqual([]);
    expect((await events.send(new eb.ListApiDestinationsCommand({}))).ApiDestinations).toEqual([]);
    expect((await scheduler.send(new sch.ListSchedulesCommand({}))).Schedules).toEqual([]);
    expect((await scheduler.send(new sch.ListScheduleGroupsCommand({}))).ScheduleGroups?.map((g) => g.Name)).toEqual(["default"]);
    expect((await kinesis.send(new kin.ListStreamsCommand({}))).StreamNames).toEqual([]);
    const alarms = await cloudwatch.send(new cw.DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }));
    expect([...(alarms.MetricAlarms ?? []), ...(alarms.CompositeAlarms ?? [])]).toEqual([]);
    expect((await cloudwatch.send(new cw.ListDashboardsCommand({}))).DashboardEntries).toEqual([]);
    expect((await xray.send(new GetSamplingRulesCommand({}))).SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual(["Default"]);
    expect((await xray.send(new GetGroupsCommand({}))).Groups?.map((g) => g.GroupName)).toEqual(["Default"]);
  }, 180_000);
});
