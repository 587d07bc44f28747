/**
 * TagResource, UntagResource, ListTagsForResource on an identity pool's ARN. The tags are the
 * pool's IdentityPoolTags, so Create/Describe/UpdateIdentityPool show the same map.
 */
import { identityPoolNotFound } from "../errors.js";
import { IDENTITY_POOL_ARN } from "../limits.js";
import { poolOf, stringMap, write, type IdentityContext, type Input, type Output } from "./context.js";
import type { IdentityPool } from "./state.js";

function poolOfArn(ctx: IdentityContext, arn: unknown): IdentityPool {
  const match = IDENTITY_POOL_ARN.exec(String(arn));
  if (!match) throw identityPoolNotFound(String(arn));
  return poolOf(ctx, match[1]);
}

const tagsOf = (pool: IdentityPool): Record<string, string> => stringMap(pool.config.IdentityPoolTags);

async function saveTags(ctx: IdentityContext, pool: IdentityPool, tags: Record<string, string>): Promise<void> {
  await write(ctx, { t: "pool", pool: { ...pool, config: { ...pool.config, IdentityPoolTags: tags } } });
}

export async function tagResource(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOfArn(ctx, input.ResourceArn);
  await saveTags(ctx, pool, { ...tagsOf(pool), ...stringMap(input.Tags) });
  return {};
}

export async function untagResource(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOfArn(ctx, input.ResourceArn);
  const remove = new Set(Array.isArray(input.TagKeys) ? input.TagKeys.map(String) : []);
  await saveTags(ctx, pool, Object.fromEntries(Object.entries(tagsOf(pool)).filter(([key]) => !remove.has(key))));
  return {};
}

export function listTagsForResource(ctx: IdentityContext, input: Input): Output {
  return { Tags: tagsOf(poolOfArn(ctx, input.ResourceArn)) };
}
