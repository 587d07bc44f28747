/**
 * TagResource, UntagResource, ListTagsForResource on a user pool's ARN. The tags are the pool's
 * UserPoolTags, so CreateUserPool and DescribeUserPool show the same map.
 */
import { poolNotFound } from "../errors.js";
import { USER_POOL_ARN } from "../limits.js";
import { poolOf, write, type CognitoContext, type Input } from "./context.js";
import type { PoolState } from "./state.js";

function poolOfArn(ctx: CognitoContext, arn: unknown): PoolState {
  const match = USER_POOL_ARN.exec(String(arn));
  if (!match) throw poolNotFound(String(arn));
  return poolOf(ctx, match[1]);
}

function tagsOf(pool: PoolState): Record<string, string> {
  const tags = pool.pool.config.UserPoolTags;
  if (typeof tags !== "object" || tags === null) return {};
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, String(value)]));
}

async function saveTags(ctx: CognitoContext, pool: PoolState, tags: Record<string, string>): Promise<void> {
  await write(ctx, { t: "pool", pool: { ...pool.pool, config: { ...pool.pool.config, UserPoolTags: tags } } });
}

export async function tagResource(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOfArn(ctx, input.ResourceArn);
  const added = typeof input.Tags === "object" && input.Tags !== null ? Object.entries(input.Tags).map(([key, value]) => [key, String(value)]) : [];
  await saveTags(ctx, pool, { ...tagsOf(pool), ...Object.fromEntries(added) });
  return {};
}

export async function untagResource(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOfArn(ctx, input.ResourceArn);
  const removed = new Set(Array.isArray(input.TagKeys) ? input.TagKeys.map(String) : []);
  await saveTags(ctx, pool, Object.fromEntries(Object.entries(tagsOf(pool)).filter(([key]) => !removed.has(key))));
  return {};
}

export function listTagsForResource(ctx: CognitoContext, input: Input): Record<string, unknown> {
  return { Tags: tagsOf(poolOfArn(ctx, input.ResourceArn)) };
}
