/**
 * PutBucketNotificationConfiguration / GetBucketNotificationConfiguration: S3 checks the
 * events, ARNs and filters, rejects configurations that could both match one event, checks
 * that every queue, topic and function exists, then sends each of them its s3:TestEvent message.
 */
import { hex } from "@sam-sandbox/core";
import { ambiguousNotifications, S3Error, unparsableArn, unsupportedEvent } from "../errors.js";
import { change, findBucket, type S3Context } from "./context.js";
import { SNS_SUBJECT } from "./notifications.js";
import type { LambdaNotification, NotificationBase, QueueNotification, TopicNotification } from "./state.js";
import { s3Model } from "../generated/s3.js";

export interface NotificationConfigurationInput {
  Bucket: string;
  TopicConfigurations?: TopicNotification[];
  QueueConfigurations?: QueueNotification[];
  LambdaFunctionConfigurations: LambdaNotification[];
  /** EventBridgeConfiguration present (it has no members). */
  EventBridgeConfiguration?: boolean;
  /** x-amz-skip-destination-validation: no existence check, no test event. */
  SkipDestinationValidation?: boolean;
}

export interface NotificationConfigurationOutput {
  TopicConfigurations: TopicNotification[];
  QueueConfigurations: QueueNotification[];
  LambdaFunctionConfigurations: LambdaNotification[];
  EventBridgeConfiguration: boolean;
}

/** The event names S3 takes (the Smithy model's Event enum). */
const SUPPORTED_EVENTS: ReadonlySet<string> = new Set((s3Model.shapes.Event?.values ?? []).map(String));

/** arn:partition:service:region:account:resource */
const ARN = /^arn:[\w-]+:[\w-]+:[\w-]*:\d*:.+$/;

export async function putBucketNotificationConfiguration(ctx: S3Context, input: NotificationConfigurationInput): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  const topics = input.TopicConfigurations ?? [];
  const queues = input.QueueConfigurations ?? [];
  const lambdas = input.LambdaFunctionConfigurations;
  const all: NotificationBase[] = [...topics, ...queues, ...lambdas];
  for (const config of all) if (config.Events.some((e) => !SUPPORTED_EVENTS.has(e))) throw unsupportedEvent();
  for (const q of queues) if (!ARN.test(q.QueueArn)) throw unparsableArn("Queue", q.QueueArn);
  for (const t of topics) if (!ARN.test(t.TopicArn)) throw unparsableArn("Topic", t.TopicArn);
  // A function's ARN is named CloudFunction (LocalStack test_s3_notifications_lambda.snapshot.json test_invalid_lambda_arn, AWS-recorded).
  for (const l of lambdas) if (!ARN.test(l.LambdaFunctionArn)) throw unparsableArn("CloudFunction", l.LambdaFunctionArn);
  for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) if (overlap(a, b)) throw ambiguousNotifications();
  const validate = input.SkipDestinationValidation !== true;
  if (validate) await checkDestinations(ctx, unique(queues.map((q) => q.QueueArn)), unique(topics.map((t) => t.TopicArn)), unique(lambdas.map((l) => l.LambdaFunctionArn)));
  await change(ctx, {
    t: "setNotifications",
    bucket: bucket.name,
    notifications: lambdas,
    ...(queues.length > 0 ? { queues } : {}),
    ...(topics.length > 0 ? { topics } : {}),
    ...(input.EventBridgeConfiguration ? { eventBridge: true } : {}),
  });
  if (validate) await sendTestEvents(ctx, bucket.name, unique(queues.map((q) => q.QueueArn)), unique(topics.map((t) => t.TopicArn)));
}

export function getBucketNotificationConfiguration(ctx: S3Context, input: { Bucket: string }): NotificationConfigurationOutput {
  const bucket = findBucket(ctx, input.Bucket);
  return {
    TopicConfigurations: bucket.topicNotifications,
    QueueConfigurations: bucket.queueNotifications,
    LambdaFunctionConfigurations: bucket.notifications,
    EventBridgeConfiguration: bucket.eventBridge,
  };
}

const unique = (arns: string[]) => [...new Set(arns)];

/** Two configurations overlap when one event could match both: a common event type and key filters that can both hold. */
function overlap(a: NotificationBase, b: NotificationBase): boolean {
  const sharesEvent = a.Events.some((x) => b.Events.some((y) => coversEither(x, y)));
  if (!sharesEvent) return false;
  const rule = (c: NotificationBase, name: "prefix" | "suffix") => c.FilterRules.find((r) => r.Name === name)?.Value ?? "";
  const pa = rule(a, "prefix");
  const pb = rule(b, "prefix");
  const sa = rule(a, "suffix");
  const sb = rule(b, "suffix");
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
}

/** "s3:ObjectCreated:*" covers "s3:ObjectCreated:Put"; equal names cover each other. */
function coversEither(x: string, y: string): boolean {
  const covers = (wide: string, narrow: string) => wide === narrow || (wide.endsWith(":*") && narrow.startsWith(wide.slice(0, -1)));
  return covers(x, y) || covers(y, x);
}

/** Every missing destination is named, as ArgumentName1/ArgumentValue1, ArgumentName2… (AWS-recorded). */
async function checkDestinations(ctx: S3Context, queueArns: string[], topicArns: string[], functionArns: string[]): Promise<void> {
  const missing: [string, string][] = [];
  const ports = ctx.destinations;
  if (ports?.queues) {
    for (const arn of queueArns) if (!(await ports.queues.exists(arn))) missing.push([arn, "The destination queue does not exist"]);
  }
  if (ports?.topics) {
    for (const arn of topicArns) if (!(await ports.topics.exists(arn))) missing.push([arn, "The destination topic does not exist"]);
  }
  if (ports?.functions) {
    // S3 cannot tell a missing function from one it may not invoke: "<arn>, null", "Not authorized to invoke function [<arn>]"
    // (LocalStack test_s3_notifications_lambda.snapshot.json test_invalid_lambda_arn, AWS-recorded).
    for (const arn of functionArns) if (!(await ports.functions.exists(arn))) missing.push([`${arn}, null`, `Not authorized to invoke function [${arn}]`]);
  }
  if (missing.length === 0) return;
  const extra: Record<string, string> = {};
  for (const [i, [arn, reason]] of missing.entries()) {
    extra[`ArgumentName${i + 1}`] = arn;
    extra[`ArgumentValue${i + 1}`] = reason;
  }
  throw new S3Error("InvalidArgument", "Unable to validate the following destination configurations", 400, extra);
}

/**
 * S3 tests each queue and topic it is given with an s3:TestEvent message (S3 User Guide,
 * "Event message structure": Service, Event, Time, Bucket, RequestId, HostId).
 */
async function sendTestEvents(ctx: S3Context, bucket: string, queueArns: string[], topicArns: string[]): Promise<void> {
  const ports = ctx.destinations;
  const message = () =>
    JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Time: new Date(ctx.clock.now()).toISOString(), Bucket: bucket, RequestId: hex(8).toUpperCase(), HostId: hex(32) });
  const warn = (arn: string) => (error: unknown) => ctx.logger.warn(`S3 test notification to ${arn} failed: ${error instanceof Error ? error.message : String(error)}`);
  for (const arn of queueArns) await ports?.queues?.send(arn, message()).catch(warn(arn));
  for (const arn of topicArns) await ports?.topics?.publish(arn, SNS_SUBJECT, message()).catch(warn(arn));
}
