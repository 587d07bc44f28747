/**
 * X-Ray for SNS: a Publish (or PublishBatch) carrying a sampled X-Amzn-Trace-Id is recorded
 * as a segment named after its topic (origin AWS::SNS::Topic), and the messages' Lambda
 * deliveries continue the trace from it, as SNS passes the trace header to subscribers.
 */
import { AwsError, type Tracer } from "@sam-sandbox/core";

export interface PublishCall {
  action: "Publish" | "PublishBatch";
  input: Record<string, unknown>;
  header: string;
  requestId: string;
  region: string;
}

export async function tracePublish<T>(tracer: Tracer, call: PublishCall, publish: (traceHeader: string) => Promise<T> | T): Promise<T> {
  const topicArn = String(call.input.TopicArn ?? call.input.TargetArn ?? "");
  const segment = tracer.startSegment({
    name: topicArn === "" ? "SNS" : topicArn.slice(topicArn.lastIndexOf(":") + 1),
    origin: "AWS::SNS::Topic",
    traceHeader: call.header,
    aws: { operation: call.action, topic_arn: topicArn, request_id: call.requestId, region: call.region },
    ...(topicArn === "" ? {} : { resourceArn: topicArn }),
  });
  try {
    const output = await publish(segment.header());
    segment.close({ status: 200 });
    return output;
  } catch (error) {
    if (error instanceof AwsError) segment.close({ status: error.statusCode, cause: { message: error.message, type: error.code } });
    else segment.close({ fault: true, cause: error instanceof Error ? error : { message: String(error) } });
    throw error;
  }
}
