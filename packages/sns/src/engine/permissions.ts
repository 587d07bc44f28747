/**
 * AddPermission and RemovePermission: statements in the topic's Policy attribute. A label is
 * the statement's Sid; principals are "arn:aws:iam::<account>:root", actions "SNS:<Action>",
 * a single value unwrapped from its list (moto and localstack, whose texts match AWS's
 * "Invalid parameter: Policy statement action out of service scope!").
 */
import { invalidParameter } from "../errors.js";
import { change, findTopic, type SnsContext } from "./context.js";
import type { Topic } from "./state.js";
import { defaultTopicPolicy, parseObject } from "./topicAttributes.js";

/** The actions a topic policy may grant: those of AWS's default topic policy, and Receive. */
const TOPIC_ACTIONS = new Set([
  "GetTopicAttributes", "SetTopicAttributes", "AddPermission", "RemovePermission",
  "DeleteTopic", "Subscribe", "ListSubscriptionsByTopic", "Publish", "Receive",
]);

type Statement = Record<string, unknown>;

const one = (values: string[]): string | string[] => (values.length === 1 ? (values[0] ?? "") : values);

/** The topic's policy document, its Statement always a list (a lone statement object is wrapped). */
function policyOf(ctx: SnsContext, topic: Topic): { document: Record<string, unknown>; statements: Statement[] } {
  const document = parseObject(topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, ctx.accountId));
  const raw = document.Statement;
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements = list.filter((s): s is Statement => typeof s === "object" && s !== null && !Array.isArray(s));
  return { document, statements };
}

async function savePolicy(ctx: SnsContext, topic: Topic, document: Record<string, unknown>, statements: Statement[]): Promise<void> {
  const value = JSON.stringify({ ...document, Statement: statements });
  await change(ctx, { t: "setTopicAttribute", arn: topic.arn, name: "Policy", value });
}

export async function addPermission(
  ctx: SnsContext,
  input: { TopicArn: string; Label: string; AWSAccountId: string[]; ActionName: string[] },
): Promise<Record<string, never>> {
  const topic = findTopic(ctx, input.TopicArn);
  const { document, statements } = policyOf(ctx, topic);
  if (statements.some((s) => s.Sid === input.Label)) throw invalidParameter("Statement already exists");
  if (input.ActionName.some((action) => !TOPIC_ACTIONS.has(action))) {
    throw invalidParameter("Policy statement action out of service scope!");
  }
  statements.push({
    Sid: input.Label,
    Effect: "Allow",
    Principal: { AWS: one(input.AWSAccountId.map((account) => `arn:aws:iam::${account}:root`)) },
    Action: one(input.ActionName.map((action) => `SNS:${action}`)),
    Resource: topic.arn,
  });
  await savePolicy(ctx, topic, document, statements);
  return {};
}

/** Removing a label the policy does not have succeeds and changes nothing. */
export async function removePermission(ctx: SnsContext, input: { TopicArn: string; Label: string }): Promise<Record<string, never>> {
  const topic = findTopic(ctx, input.TopicArn);
  const { document, statements } = policyOf(ctx, topic);
  const kept = statements.filter((s) => s.Sid !== input.Label);
  if (kept.length !== statements.length) await savePolicy(ctx, topic, document, kept);
  return {};
}
