/**
 * Bucket configurations S3 stores and answers back: lifecycle, website, logging, ownership
 * controls, public access block, default encryption, request payment, transfer acceleration,
 * ACL, Object Lock and replication, kept as the inner XML of their document; the analytics, inventory,
 * metrics and intelligent-tiering configurations by Id; the bucket policy as JSON. Those S3
 * gives every new bucket (since 2023: SSE-S3, BucketOwnerEnforced, all public access blocked)
 * answer their default until changed.
 */
import {
  accessControlListNotSupported, publicAclBlocked, malformedPolicy, noSuchBucketPolicy, noSuchConfiguration, noSuchLifecycleConfiguration, noSuchPublicAccessBlockConfiguration,
  noSuchWebsiteConfiguration, objectLockConfigurationNotFound, ownershipControlsNotFound, publicPolicyBlocked, replicationConfigurationNotFound, type S3Error,
} from "../errors.js";
import { MAX_CONFIGURATIONS_PER_LIST } from "../limits.js";
import { change, findBucket, OWNER, type S3Context } from "./context.js";
import type { Bucket, KeyedConfigKind, XmlConfigName } from "./state.js";

const OWNER_GRANT =
  `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${OWNER.ID}</ID></Grantee>` +
  "<Permission>FULL_CONTROL</Permission></Grant>";

/** The owner alone, with FULL_CONTROL: the ACL of every bucket and object S3 makes. */
export const PRIVATE_ACL = `<Owner><ID>${OWNER.ID}</ID></Owner><AccessControlList>${OWNER_GRANT}</AccessControlList>`;

/** What a configuration answers before any Put<Name> (none: the not-found error). */
const DEFAULTS: Partial<Record<XmlConfigName, string>> = {
  encryption: "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>",
  ownership: "<Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule>",
  publicAccessBlock:
    "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>",
  logging: "",
  requestPayment: "<Payer>BucketOwner</Payer>",
  accelerate: "",
  acl: PRIVATE_ACL,
};

const NOT_FOUND: Partial<Record<XmlConfigName, (bucket: string) => S3Error>> = {
  lifecycle: noSuchLifecycleConfiguration,
  website: noSuchWebsiteConfiguration,
  ownership: ownershipControlsNotFound,
  publicAccessBlock: noSuchPublicAccessBlockConfiguration,
  objectLock: objectLockConfigurationNotFound,
  replication: replicationConfigurationNotFound,
};

/** The configuration's inner XML, or undefined where S3 has no default and none was put. */
export function storedXml(bucket: Bucket, name: XmlConfigName): string | undefined {
  const value = bucket.config.xml?.[name];
  if (value === null) return undefined;
  return value ?? DEFAULTS[name];
}

export function getXmlConfig(ctx: S3Context, input: { Bucket: string; name: XmlConfigName }): string {
  const bucket = findBucket(ctx, input.Bucket);
  const value = storedXml(bucket, input.name);
  if (value === undefined) throw (NOT_FOUND[input.name] ?? noSuchLifecycleConfiguration)(bucket.name);
  return value;
}

export async function putXmlConfig(ctx: S3Context, input: { Bucket: string; name: XmlConfigName; xml: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  await change(ctx, { t: "setConfig", bucket: bucket.name, name: "xml", value: { ...bucket.config.xml, [input.name]: input.xml } });
}

/** Encryption returns to S3's default; the others are gone (their Get answers not-found). */
export async function deleteXmlConfig(ctx: S3Context, input: { Bucket: string; name: XmlConfigName }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  const xml = { ...bucket.config.xml };
  if (input.name === "encryption") delete xml.encryption;
  else xml[input.name] = null;
  await change(ctx, { t: "setConfig", bucket: bucket.name, name: "xml", value: xml });
}

/** The bucket's ObjectOwnership (BucketOwnerEnforced unless changed; deleted controls act as ObjectWriter). */
export function objectOwnership(bucket: Bucket): string {
  const xml = storedXml(bucket, "ownership");
  if (xml === undefined) return "ObjectWriter";
  return /<ObjectOwnership>([^<]*)<\/ObjectOwnership>/.exec(xml)?.[1] ?? "BucketOwnerEnforced";
}

/** With BucketOwnerEnforced, S3 refuses any ACL but the owner's full control. */
/** An ACL is public when it grants the AllUsers or AuthenticatedUsers group anything (S3 User Guide, "The meaning of 'public'"). */
const PUBLIC_GRANTEE = /<URI>http:\/\/acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)<\/URI>/;

/**
 * Whether the bucket takes an ACL: with Object Ownership BucketOwnerEnforced only the owner's own (AccessControlListNotSupported);
 * with BlockPublicAcls (every new bucket's default) no public one — PutBucketAcl, PutObjectAcl and PutObject with a public ACL
 * fail with 403 AccessDenied (S3 User Guide, "Blocking public access to your Amazon S3 storage").
 */
export function checkAclAllowed(ctx: S3Context, bucketName: string, ownerOnly: boolean, xml?: string): void {
  const bucket = findBucket(ctx, bucketName);
  if (!ownerOnly && objectOwnership(bucket) === "BucketOwnerEnforced") throw accessControlListNotSupported();
  if (xml !== undefined && PUBLIC_GRANTEE.test(xml) && publicAccessBlockSetting(bucket, "BlockPublicAcls")) throw publicAclBlocked();
}

/** Whether the bucket has Object Lock (enabled at creation or by PutObjectLockConfiguration). */
export function objectLockEnabled(ctx: S3Context, input: { Bucket: string }): boolean {
  return storedXml(findBucket(ctx, input.Bucket), "objectLock") !== undefined;
}

export function publicAccessBlockSetting(bucket: Bucket, name: "BlockPublicAcls" | "IgnorePublicAcls" | "BlockPublicPolicy" | "RestrictPublicBuckets"): boolean {
  const xml = storedXml(bucket, "publicAccessBlock");
  return xml !== undefined && new RegExp(`<${name}>true</${name}>`).test(xml);
}

// Keyed configurations.

export function getKeyedConfig(ctx: S3Context, input: { Bucket: string; kind: KeyedConfigKind; Id: string }): string {
  const value = findBucket(ctx, input.Bucket).config.keyed?.[input.kind]?.[input.Id];
  if (value === undefined) throw noSuchConfiguration();
  return value;
}

/** A page of a kind's configurations, by Id in order, after the continuation token's Id; the next token when more remain. */
export function listKeyedConfigs(ctx: S3Context, input: { Bucket: string; kind: KeyedConfigKind; ContinuationToken?: string }): { configs: string[]; nextToken?: string } {
  const all = findBucket(ctx, input.Bucket).config.keyed?.[input.kind] ?? {};
  const after = input.ContinuationToken ? Buffer.from(input.ContinuationToken, "base64url").toString("utf8") : undefined;
  const ids = Object.keys(all).sort().filter((id) => after === undefined || id > after);
  const page = ids.slice(0, MAX_CONFIGURATIONS_PER_LIST);
  const last = page.at(-1);
  return { configs: page.map((id) => all[id]), ...(ids.length > page.length && last !== undefined ? { nextToken: Buffer.from(last).toString("base64url") } : {}) };
}

export async function putKeyedConfig(ctx: S3Context, input: { Bucket: string; kind: KeyedConfigKind; Id: string; xml: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  const keyed = { ...bucket.config.keyed, [input.kind]: { ...bucket.config.keyed?.[input.kind], [input.Id]: input.xml } };
  await change(ctx, { t: "setConfig", bucket: bucket.name, name: "keyed", value: keyed });
}

/** Deleting a configuration that is not there is NoSuchConfiguration, not a no-op. */
export async function deleteKeyedConfig(ctx: S3Context, input: { Bucket: string; kind: KeyedConfigKind; Id: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  const current = bucket.config.keyed?.[input.kind] ?? {};
  if (current[input.Id] === undefined) throw noSuchConfiguration();
  const { [input.Id]: _gone, ...rest } = current;
  await change(ctx, { t: "setConfig", bucket: bucket.name, name: "keyed", value: { ...bucket.config.keyed, [input.kind]: rest } });
}

// Bucket policy.

interface PolicyStatement {
  Effect?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** A policy is public when a statement allows everyone ("*" or {"AWS": "*"}) without a condition (S3 User Guide, "The meaning of public"). */
export function isPublicPolicy(policy: string): boolean {
  const doc = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const everyone = (p: unknown): boolean => {
    if (p === "*") return true;
    if (typeof p !== "object" || p === null) return false;
    const aws = (p as { AWS?: unknown }).AWS;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
  };
  return statements.some((s) => s.Effect === "Allow" && everyone(s.Principal) && s.Condition === undefined);
}

export async function putBucketPolicy(ctx: S3Context, input: { Bucket: string; Policy: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  let doc: unknown;
  try {
    doc = JSON.parse(input.Policy);
  } catch {
    doc = undefined;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || !input.Policy.trimStart().startsWith("{")) {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  // localstack test_bucket_policy_exc (AWS-recorded): "{}" names the missing Statement.
  if (!("Statement" in doc)) throw malformedPolicy("Missing required field Statement");
  if (publicAccessBlockSetting(bucket, "BlockPublicPolicy") && isPublicPolicy(input.Policy)) throw publicPolicyBlocked(ctx.accountId, bucket.name);
  await change(ctx, { t: "setConfig", bucket: bucket.name, name: "policy", value: input.Policy });
}

export function getBucketPolicy(ctx: S3Context, input: { Bucket: string }): { Policy: string } {
  const bucket = findBucket(ctx, input.Bucket);
  if (bucket.config.policy === undefined) throw noSuchBucketPolicy(bucket.name);
  return { Policy: bucket.config.policy };
}

export function getBucketPolicyStatus(ctx: S3Context, input: { Bucket: string }): { IsPublic: boolean } {
  const { Policy } = getBucketPolicy(ctx, input);
  return { IsPublic: isPublicPolicy(Policy) };
}

export async function deleteBucketPolicy(ctx: S3Context, input: { Bucket: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  if (bucket.config.policy !== undefined) await change(ctx, { t: "setConfig", bucket: bucket.name, name: "policy" });
}
