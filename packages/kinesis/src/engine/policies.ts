/**
 * Resource policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy on a stream's or an
 * enhanced fan-out consumer's ARN. The sandbox keeps the document (it authorizes every caller).
 */
import { ResourceNotFoundException, consumerArnNotFound } from "../errors.js";
import { consumerOfArn, parseConsumerArn } from "./consumers.js";
import { commit, nameOfArn, type KinesisContext } from "./context.js";

interface PolicyHolder {
  policy: string | undefined;
  save(policy: string | undefined): Promise<void>;
}

/** A stream ARN naming no stream: the full ARN in the text (moto's tests/test_kinesis/test_kinesis_resource_policy.py). */
const streamArnNotFound = (arn: string, account: string) => new ResourceNotFoundException(`Stream ${arn} under account ${account} not found.`);

function holderOf(ctx: KinesisContext, arn: string): PolicyHolder {
  if (parseConsumerArn(ctx, arn)) {
    const found = consumerOfArn(ctx, arn);
    if (!found) throw consumerArnNotFound(arn, ctx.accountId);
    const { stream, consumer } = found;
    return { policy: consumer.policy, save: (policy) => commit(ctx, { t: "policy", name: stream.name, consumer: consumer.name, policy }) };
  }
  const name = nameOfArn(ctx, arn);
  const stream = name === undefined ? undefined : ctx.durable.state.streams.get(name);
  if (!stream) throw streamArnNotFound(arn, ctx.accountId);
  return { policy: stream.policy, save: (policy) => commit(ctx, { t: "policy", name: stream.name, policy }) };
}

export async function putResourcePolicy(ctx: KinesisContext, input: { ResourceARN: string; Policy: string }) {
  await holderOf(ctx, input.ResourceARN).save(input.Policy);
  return {};
}

/** With no policy attached Kinesis answers the empty document "{}" (moto's test_delete_resource_policy). */
export function getResourcePolicy(ctx: KinesisContext, input: { ResourceARN: string }) {
  return { Policy: holderOf(ctx, input.ResourceARN).policy ?? "{}" };
}

export async function deleteResourcePolicy(ctx: KinesisContext, input: { ResourceARN: string }) {
  const holder = holderOf(ctx, input.ResourceARN);
  // moto's test_delete_resource_policy_from_resource_without_policy.
  if (holder.policy === undefined) throw new ResourceNotFoundException(`No resource policy found for resource ARN ${input.ResourceARN}.`);
  await holder.save(undefined);
  return {};
}
