/**
 * The ports S3 event notifications reach SQS, SNS and EventBridge through (DESIGN.md rule 1):
 * a queue, topic or function exists when the sandbox's SQS, SNS or Lambda holds it; messages go in through their
 * engines as SendMessage / Publish / PutEvents would put them.
 */
import { AwsError, type AwsDispatcher } from "@sam-sandbox/core";
import type { EventBridge } from "@sam-sandbox/eventbridge";
import type { NotificationConfigurationInput, S3, S3Options } from "@sam-sandbox/s3";
import type { BucketSpec } from "@sam-sandbox/template";
import type { Sns } from "@sam-sandbox/sns";
import type { Sqs } from "@sam-sandbox/sqs";

export function s3NotificationPorts(
  sqs: Sqs,
  sns: Sns,
  eventBridge: () => EventBridge,
  dispatcher: () => AwsDispatcher,
): Pick<S3Options, "functions" | "queues" | "topics" | "eventBridge"> {
  return {
    functions: {
      exists: (arn) =>
        dispatcher().call("lambda", "GetFunction", { FunctionName: arn }).then(
          () => true,
          // ResourceNotFoundException: no such function (or version).
          () => false,
        ),
    },
    queues: {
      exists: (arn) => sqs.engine.urlOfArn(arn) !== undefined,
      send: async (arn, body, traceHeader) => {
        await sqs.engine.sendMessage({
          QueueUrl: sqs.engine.urlOfArn(arn) ?? arn,
          MessageBody: body,
          ...(traceHeader === undefined ? {} : { MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: traceHeader } } }),
        });
      },
    },
    topics: {
      exists: (arn) => {
        try {
          sns.engine.getTopicAttributes({ TopicArn: arn });
          return true;
        } catch {
          // NotFound: the topic does not exist (any other failure also leaves nothing to publish to).
          return false;
        }
      },
      publish: async (arn, subject, message) => {
        await sns.engine.publish({ TopicArn: arn, Subject: subject, Message: message });
      },
    },
    eventBridge: {
      putEvents: async (entries) => {
        eventBridge().engine.putEvents({ Entries: entries });
      },
    },
  };
}

/** A template bucket's NotificationConfiguration (and SAM S3 events), as PutBucketNotificationConfiguration takes it. */
export function templateNotificationConfiguration(spec: BucketSpec): NotificationConfigurationInput {
  const rules = (filterRules: BucketSpec["notifications"][number]["filterRules"]) => filterRules.map((r) => ({ Name: r.name, Value: r.value }));
  const destinations = spec.destinations ?? [];
  return {
    Bucket: spec.bucketName,
    TopicConfigurations: destinations.filter((d) => d.kind === "topic").map((d) => ({ Id: d.id, TopicArn: d.arn, Events: d.events, FilterRules: rules(d.filterRules) })),
    QueueConfigurations: destinations.filter((d) => d.kind === "queue").map((d) => ({ Id: d.id, QueueArn: d.arn, Events: d.events, FilterRules: rules(d.filterRules) })),
    LambdaFunctionConfigurations: spec.notifications.map((n) => ({ Id: n.id, LambdaFunctionArn: n.functionArn, Events: n.events, FilterRules: rules(n.filterRules) })),
    EventBridgeConfiguration: spec.eventBridge === true,
  };
}

/**
 * Puts a template bucket's notifications, unless the bucket already holds them (a restart then
 * sends its queues and topics no new s3:TestEvent). A refusal names the destinations S3 could not validate.
 */
export async function putTemplateNotifications(s3: S3, input: NotificationConfigurationInput): Promise<void> {
  const current = s3.engine.getBucketNotificationConfiguration({ Bucket: input.Bucket });
  const { Bucket: _bucket, ...wanted } = input;
  if (JSON.stringify(current) === JSON.stringify(wanted)) return;
  try {
    await s3.engine.putBucketNotificationConfiguration(input);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    const details = Object.entries(error.extra).filter(([name]) => name.startsWith("ArgumentValue")).map(([name, reason]) => `${String(error.extra[name.replace("Value", "Name")])}: ${String(reason)}`);
    throw new Error(details.length > 0 ? `${error.message} (${details.join("; ")})` : error.message);
  }
}
