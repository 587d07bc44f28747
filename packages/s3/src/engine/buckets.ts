import {
  bucketAlreadyOwnedByYou, bucketNotEmpty, illegalLocationConstraint, invalidBucketName, invalidLocationConstraint, invalidTag, noSuchTagSet,
} from "../errors.js";
import { MAX_BUCKET_TAGS } from "../limits.js";
import { s3Model } from "../generated/s3.js";
import { versionedBucketNotEmpty } from "../errors.js";
import { hasVersions } from "./versions.js";
import { validateTags } from "./tags.js";
import { change, dropBlobs, findBucket, OWNER, type S3Context } from "./context.js";
import { isValidBucketName } from "./names.js";
import type { Tag } from "./state.js";

/** The region us-east-1's buckets report: no LocationConstraint at all. */
const US_EAST_1 = "us-east-1";
/** The regions S3's model names as location constraints (us-east-1, the default, is not one). */
const S3_REGIONS: ReadonlySet<string> = new Set((s3Model.shapes.BucketLocationConstraint?.values ?? []).map(String));

export interface CreateBucketInput {
  Bucket: string;
  /** CreateBucketConfiguration.LocationConstraint. */
  LocationConstraint?: string;
  /** The region the request was sent to (its SigV4 scope); default: the sandbox's region. */
  requestRegion?: string;
}

export async function createBucket(ctx: S3Context, input: CreateBucketInput): Promise<{ Location: string }> {
  const name = input.Bucket;
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  const requestRegion = input.requestRegion ?? ctx.region;
  const constraint = input.LocationConstraint === "" ? undefined : input.LocationConstraint;
  // us-east-1 is the absence of a constraint (naming it is invalid); the us-east-1 endpoint
  // creates buckets in any region, a regional endpoint only in its own.
  // A regional endpoint refuses any other region first, us-east-1 too (moto test_create_bucket_with_wrong_location_constraint, @aws_verified).
  if (requestRegion !== US_EAST_1 && constraint !== requestRegion) throw illegalLocationConstraint(constraint);
  if (constraint === US_EAST_1) throw invalidLocationConstraint(constraint);
  const region = constraint ?? requestRegion;
  const existing = ctx.durable.state.buckets.get(name);
  if (existing) {
    // For legacy compatibility us-east-1 answers 200 OK to re-creating a bucket you own.
    if (region === US_EAST_1 && existing.region === US_EAST_1) return { Location: `/${name}` };
    throw bucketAlreadyOwnedByYou(name);
  }
  await change(ctx, { t: "createBucket", name, region, created: ctx.clock.now() });
  return { Location: region === US_EAST_1 ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
}

export async function deleteBucket(ctx: S3Context, input: { Bucket: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  if (hasVersions(bucket)) throw bucket.config.versioning === undefined ? bucketNotEmpty(bucket.name) : versionedBucketNotEmpty(bucket.name);
  await change(ctx, { t: "deleteBucket", name: bucket.name });
  // Parts of uploads never completed go with the bucket.
  dropBlobs(ctx, [...bucket.uploads.values()].flatMap((u) => [...u.parts.values()].map((p) => p.blob)));
}

export function headBucket(ctx: S3Context, input: { Bucket: string }): { BucketRegion: string } {
  return { BucketRegion: findBucket(ctx, input.Bucket).region };
}

export function getBucketLocation(ctx: S3Context, input: { Bucket: string }): { LocationConstraint?: string } {
  const { region } = findBucket(ctx, input.Bucket);
  return region === US_EAST_1 ? {} : { LocationConstraint: region };
}

export interface BucketSummary {
  Name: string;
  CreationDate: Date;
  BucketRegion: string;
}

export interface ListBucketsInput {
  Prefix?: string;
  BucketRegion?: string;
  MaxBuckets?: number;
  ContinuationToken?: string;
}

export interface ListBucketsOutput {
  Buckets: BucketSummary[];
  Owner: typeof OWNER;
  /** Where the next page starts, when MaxBuckets cut this one short. */
  ContinuationToken?: string;
}

/** Buckets by name; a page of MaxBuckets continues after the last name (the token; an empty one is a first page, AWS-recorded). */
export function listBuckets(ctx: S3Context, input: ListBucketsInput = {}): ListBucketsOutput {
  const after = input.ContinuationToken ? Buffer.from(input.ContinuationToken, "base64url").toString("utf8") : undefined;
  const all = [...ctx.durable.state.buckets.values()]
    .filter((b) => (input.Prefix === undefined || b.name.startsWith(input.Prefix)) && (input.BucketRegion === undefined || b.region === input.BucketRegion))
    .filter((b) => after === undefined || b.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = input.MaxBuckets === undefined ? all : all.slice(0, input.MaxBuckets);
  const Buckets = page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region }));
  const last = page.at(-1);
  return { Buckets, Owner: OWNER, ...(page.length < all.length && last ? { ContinuationToken: Buffer.from(last.name).toString("base64url") } : {}) };
}

/** Whether ListBuckets may filter by this region: one S3 has, or one a bucket is in. */
export function isKnownRegion(ctx: S3Context, region: string): boolean {
  return region === US_EAST_1 || (region !== "EU" && S3_REGIONS.has(region)) || [...ctx.durable.state.buckets.values()].some((b) => b.region === region);
}

/**
 * PutBucketTagging replaces the bucket's tags, but its system tags (CloudFormation's aws:*) stay: the
 * request must repeat them as they are, else InvalidTag "System Tags cannot be removed by requester"
 * (cloud-custodian#2834 and PR #2861, terraform-provider-aws#7323, answers from S3).
 */
export async function putBucketTagging(ctx: S3Context, input: { Bucket: string; TagSet: Tag[] }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  const system = bucket.tags.filter(isSystemTag);
  const repeated = (tag: Tag) => system.some((s) => s.Key === tag.Key && s.Value === tag.Value);
  const user = input.TagSet.filter((tag) => !repeated(tag));
  if (user.length > MAX_BUCKET_TAGS) throw invalidTag(`Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`);
  const tags = validateTags(user, MAX_BUCKET_TAGS);
  if (system.some((s) => !input.TagSet.some((tag) => tag.Key === s.Key && tag.Value === s.Value))) throw invalidTag("System Tags cannot be removed by requester");
  await change(ctx, { t: "setBucketTags", bucket: bucket.name, tags: [...tags, ...system] });
}

/** A template bucket's Tags, then the system tags CloudFormation gives the buckets it creates. */
export async function tagTemplateBucket(ctx: S3Context, input: { Bucket: string; TagSet: Tag[]; SystemTags: Tag[] }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  await change(ctx, { t: "setBucketTags", bucket: bucket.name, tags: [...validateTags(input.TagSet, MAX_BUCKET_TAGS), ...input.SystemTags] });
}

function isSystemTag(tag: Tag): boolean {
  return tag.Key.startsWith("aws:");
}

/** A bucket without tags answers NoSuchTagSet, not an empty set. */
export function getBucketTagging(ctx: S3Context, input: { Bucket: string }): { TagSet: Tag[] } {
  const bucket = findBucket(ctx, input.Bucket);
  if (bucket.tags.length === 0) throw noSuchTagSet(bucket.name);
  return { TagSet: bucket.tags };
}

export async function deleteBucketTagging(ctx: S3Context, input: { Bucket: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  await change(ctx, { t: "setBucketTags", bucket: bucket.name, tags: [] });
}
