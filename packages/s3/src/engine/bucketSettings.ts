/**
 * A template bucket's configuration properties (AWS::S3::Bucket BucketEncryption,
 * LifecycleConfiguration, PublicAccessBlockConfiguration, OwnershipControls,
 * WebsiteConfiguration, ObjectLockEnabled / ObjectLockConfiguration), applied at start-up as the matching Put actions.
 */
import { el } from "../wire/xml.js";
import type { S3Context } from "./context.js";
import { putXmlConfig } from "./storedConfigs.js";
import { putBucketVersioning } from "./versioning.js";

export interface BucketSettings {
  encryption?: { SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean }[];
  lifecycleRules?: {
    ID?: string;
    Status: string;
    Prefix?: string;
    ExpirationInDays?: number;
    ExpirationDate?: string;
    NoncurrentVersionExpirationInDays?: number;
    AbortIncompleteMultipartUploadDays?: number;
    Transitions?: { StorageClass: string; TransitionInDays?: number; TransitionDate?: string }[];
    TagFilters?: { Key: string; Value: string }[];
    ObjectSizeGreaterThan?: number;
    ObjectSizeLessThan?: number;
    ExpiredObjectDeleteMarker?: boolean;
    NewerNoncurrentVersions?: number;
  }[];
  publicAccessBlock?: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean };
  objectOwnership?: string;
  website?: { IndexDocument?: string; ErrorDocument?: string; RedirectAllRequestsTo?: { HostName: string; Protocol?: string } };
  objectLockEnabled?: boolean;
  objectLockDefaultRetention?: { Mode: string; Days?: number; Years?: number };
}

const wrap = (name: string, inner: string) => (inner === "" ? "" : `<${name}>${inner}</${name}>`);

type LifecycleRuleSettings = NonNullable<BucketSettings["lifecycleRules"]>[number];

/**
 * A CloudFormation rule's Prefix, TagFilters and ObjectSize* as the S3 Filter they become: one
 * condition alone, several under And (a lone Prefix, or none, is a Prefix filter).
 */
function lifecycleFilter(r: LifecycleRuleSettings): string {
  const tags = (r.TagFilters ?? []).map((t) => wrap("Tag", el("Key", t.Key) + el("Value", t.Value)));
  const sizes = el("ObjectSizeGreaterThan", r.ObjectSizeGreaterThan) + el("ObjectSizeLessThan", r.ObjectSizeLessThan);
  const conditions = (r.Prefix ? 1 : 0) + tags.length + (r.ObjectSizeGreaterThan === undefined ? 0 : 1) + (r.ObjectSizeLessThan === undefined ? 0 : 1);
  if (tags.length === 0 && sizes === "") return `<Filter>${el("Prefix", r.Prefix ?? "")}</Filter>`;
  if (conditions === 1) return `<Filter>${tags.join("")}${sizes}</Filter>`;
  return `<Filter><And>${el("Prefix", r.Prefix)}${tags.join("")}${sizes}</And></Filter>`;
}

export async function applyBucketSettings(ctx: S3Context, input: { Bucket: string; settings: BucketSettings }): Promise<void> {
  const { Bucket, settings: s } = input;
  const put = (name: Parameters<typeof putXmlConfig>[1]["name"], xml: string) => putXmlConfig(ctx, { Bucket, name, xml });
  if (s.encryption) {
    await put("encryption", s.encryption.map((r) =>
      `<Rule><ApplyServerSideEncryptionByDefault>${el("SSEAlgorithm", r.SSEAlgorithm)}${el("KMSMasterKeyID", r.KMSMasterKeyID)}</ApplyServerSideEncryptionByDefault>` +
      `${el("BucketKeyEnabled", r.BucketKeyEnabled ?? false)}</Rule>`).join(""));
  }
  if (s.lifecycleRules) {
    await put("lifecycle", s.lifecycleRules.map((r) => {
      const expiration = wrap("Expiration", el("Date", r.ExpirationDate) + el("Days", r.ExpirationInDays) + el("ExpiredObjectDeleteMarker", r.ExpiredObjectDeleteMarker));
      const transitions = (r.Transitions ?? []).map((t) => wrap("Transition", el("Date", t.TransitionDate) + el("Days", t.TransitionInDays) + el("StorageClass", t.StorageClass))).join("");
      const noncurrent = wrap("NoncurrentVersionExpiration", el("NoncurrentDays", r.NoncurrentVersionExpirationInDays) + el("NewerNoncurrentVersions", r.NewerNoncurrentVersions));
      const abort = wrap("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", r.AbortIncompleteMultipartUploadDays));
      return `<Rule>${el("ID", r.ID)}${lifecycleFilter(r)}${el("Status", r.Status)}${expiration}${transitions}${noncurrent}${abort}</Rule>`;
    }).join(""));
  }
  if (s.publicAccessBlock) {
    const b = s.publicAccessBlock;
    // CloudFormation's omitted flags are false, as S3's are.
    await put("publicAccessBlock", el("BlockPublicAcls", b.BlockPublicAcls ?? false) + el("IgnorePublicAcls", b.IgnorePublicAcls ?? false) +
      el("BlockPublicPolicy", b.BlockPublicPolicy ?? false) + el("RestrictPublicBuckets", b.RestrictPublicBuckets ?? false));
  }
  if (s.objectOwnership) await put("ownership", `<Rule>${el("ObjectOwnership", s.objectOwnership)}</Rule>`);
  if (s.website) {
    const w = s.website;
    const redirect = w.RedirectAllRequestsTo ? wrap("RedirectAllRequestsTo", el("HostName", w.RedirectAllRequestsTo.HostName) + el("Protocol", w.RedirectAllRequestsTo.Protocol)) : "";
    await put("website", redirect + wrap("IndexDocument", el("Suffix", w.IndexDocument)) + wrap("ErrorDocument", el("Key", w.ErrorDocument)));
  }
  if (s.objectLockEnabled) {
    await putBucketVersioning(ctx, { Bucket, Status: "Enabled" });
    const retention = s.objectLockDefaultRetention;
    const rule = retention ? `<Rule><DefaultRetention>${el("Mode", retention.Mode)}${el("Days", retention.Days)}${el("Years", retention.Years)}</DefaultRetention></Rule>` : "";
    await put("objectLock", `<ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}`);
  }
}
