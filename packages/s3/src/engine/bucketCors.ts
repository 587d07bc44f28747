/** PutBucketCors, GetBucketCors, DeleteBucketCors: the rules engine/cors.ts applies. */
import { malformedXml, noSuchCorsConfiguration } from "../errors.js";
import { MAX_CORS_RULES } from "../limits.js";
import { change, findBucket, type S3Context } from "./context.js";
import { validateCorsRules, type CorsRule } from "./cors.js";

export async function putBucketCors(ctx: S3Context, input: { Bucket: string; CORSRules: CorsRule[] }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  if (input.CORSRules.length === 0 || input.CORSRules.length > MAX_CORS_RULES) throw malformedXml();
  for (const rule of input.CORSRules) if (rule.AllowedMethods.length === 0 || rule.AllowedOrigins.length === 0) throw malformedXml();
  validateCorsRules(input.CORSRules);
  await change(ctx, { t: "setConfig", bucket: bucket.name, name: "cors", value: input.CORSRules });
}

export function getBucketCors(ctx: S3Context, input: { Bucket: string }): { CORSRules: CorsRule[] } {
  const bucket = findBucket(ctx, input.Bucket);
  if (!bucket.config.cors) throw noSuchCorsConfiguration(bucket.name);
  return { CORSRules: bucket.config.cors };
}

/** Deleting a configuration that is not there succeeds (204), as on S3. */
export async function deleteBucketCors(ctx: S3Context, input: { Bucket: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  if (bucket.config.cors) await change(ctx, { t: "setConfig", bucket: bucket.name, name: "cors" });
}

/** The rules of a bucket, for the wire's CORS handling (undefined: no bucket or no configuration). */
export function corsRulesOf(ctx: S3Context, bucket: string): CorsRule[] | undefined {
  return ctx.durable.state.buckets.get(bucket)?.config.cors;
}
