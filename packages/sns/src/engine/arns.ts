import { randomUUID } from "node:crypto";
import { InvalidParameterException } from "../errors.js";

export interface TopicArnParts {
  partition: string;
  region: string;
  account: string;
  name: string;
}

/**
 * "arn:aws:sns:us-east-1:000000000000:orders" → parts. SNS answers a value with fewer than
 * six ':'-separated elements with "Invalid parameter: TopicArn Reason: An ARN must have at
 * least 6 elements, not N".
 */
export function parseTopicArn(arn: string, what = "TopicArn"): TopicArnParts {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") {
    throw new InvalidParameterException(`Invalid parameter: ${what} Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  }
  return { partition: parts[1], region: parts[3], account: parts[4], name: parts.slice(5).join(":") };
}

export function topicArn(region: string, account: string, name: string): string {
  return `arn:aws:sns:${region}:${account}:${name}`;
}

/** arn:aws:sns:us-west-2:123456789012:MyTopic:6b0e71bd-7e97-4d97-80ce-4a0994e55286 */
export function subscriptionArn(topic: string): string {
  return `${topic}:${randomUUID()}`;
}

/** The topic ARN a subscription ARN belongs to (everything before the last ':'). */
export function topicOfSubscription(arn: string): string {
  return arn.slice(0, arn.lastIndexOf(":"));
}
