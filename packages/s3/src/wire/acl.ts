/**
 * ACLs, Object Lock settings of objects and GetObjectAttributes on the wire. With Object
 * Ownership BucketOwnerEnforced (every new bucket's default) ACLs are read-only: only the
 * owner's full control may be put (S3 User Guide, "Controlling ownership of objects").
 */
import { PRIVATE_ACL } from "../engine/storedConfigs.js";
import { checkCustomerKey } from "./encryption.js";
import { requestedAcl } from "./aclRequest.js";
import type { S3Object } from "../engine/state.js";
import { missingAclHeader, noSuchObjectLockConfiguration } from "../errors.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { httpDate, intParam, versionHeader, versionIdParam } from "./headers.js";
import { MAX_KEYS } from "../limits.js";
import { configurationBody, document, el } from "./xml.js";

/**
 * An ACL as S3 answers it: without the DisplayName of its owner and grantees ("Beginning November 21, 2025, Amazon S3
 * will stop returning DisplayName", API reference, Owner and Grantee), though a PutObjectAcl body or an earlier run
 * stored them.
 */
function aclAnswer(xml: string): string {
  return document("AccessControlPolicy", xml.replace(/<DisplayName>[^<]*<\/DisplayName>|<DisplayName\/>/g, ""));
}

export const GetBucketAcl: ActionHandler = ({ engine, bucket }) => xmlOk(aclAnswer(engine.getXmlConfig({ Bucket: bucket, name: "acl" })));

export const PutBucketAcl: ActionHandler = async (call) => {
  call.engine.headBucket({ Bucket: call.bucket });
  // A PutBucketAcl naming no ACL at all (AWS-recorded: test_s3_bucket_acl_exceptions "put-bucket-empty").
  const acl = requestedAcl(call, true);
  if (acl === undefined) throw missingAclHeader();
  call.engine.checkAclAllowed({ Bucket: call.bucket, ownerOnly: acl.ownerOnly, xml: acl.xml });
  await call.engine.putXmlConfig({ Bucket: call.bucket, name: "acl", xml: acl.xml ?? PRIVATE_ACL });
  return empty(200);
};

export const GetObjectAcl: ActionHandler = ({ engine, bucket, key, query }) => {
  const out = engine.getObjectAcl({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) });
  return xmlOk(aclAnswer(out.xml), versionHeader(out.VersionId));
};

export const PutObjectAcl: ActionHandler = async (call) => {
  const ref = { Bucket: call.bucket, Key: call.key, VersionId: versionIdParam(call.query) };
  call.engine.objectAt(ref, "PUT");
  const acl = requestedAcl(call, true) ?? { ownerOnly: true };
  const out = await call.engine.putObjectAcl({ ...ref, ...acl });
  return empty(200, versionHeader(out.VersionId));
};

export const PutObjectRetention: ActionHandler = async (call) => {
  const ref = { Bucket: call.bucket, Key: call.key, VersionId: versionIdParam(call.query) };
  const { inner } = configurationBody(call.body, "Retention");
  const bypass = call.req.headers["x-amz-bypass-governance-retention"]?.toLowerCase() === "true";
  const out = await call.engine.putObjectRetention({ ...ref, xml: inner, BypassGovernanceRetention: bypass });
  return empty(200, versionHeader(out.VersionId));
};

export const GetObjectRetention: ActionHandler = ({ engine, bucket, key, query }) => {
  const xml = engine.getObjectRetention({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) });
  if (xml === undefined) throw noSuchObjectLockConfiguration();
  return xmlOk(document("Retention", xml));
};

export const PutObjectLegalHold: ActionHandler = async (call) => {
  const ref = { Bucket: call.bucket, Key: call.key, VersionId: versionIdParam(call.query) };
  const { inner } = configurationBody(call.body, "LegalHold");
  const out = await call.engine.putObjectLegalHold({ ...ref, xml: inner });
  return empty(200, versionHeader(out.VersionId));
};

export const GetObjectLegalHold: ActionHandler = ({ engine, bucket, key, query }) => {
  const xml = engine.getObjectLegalHold({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) });
  if (xml === undefined) throw noSuchObjectLockConfiguration();
  return xmlOk(document("LegalHold", xml));
};

const MAX_PARTS_MESSAGE = "Provided max-parts not an integer or within integer range";

/**
 * A multipart object's ObjectParts, paged by x-amz-max-parts / x-amz-part-number-marker. Part
 * elements only for an object uploaded with an additional checksum: the API reference's
 * GetObjectAttributesParts.Parts ("if a additional checksum ... isn't applied ..., the response doesn't return Part").
 */
function objectParts(object: S3Object, headers: Record<string, string>): string {
  const count = object.partsCount ?? 0;
  const query = new URLSearchParams();
  if (headers["x-amz-max-parts"] !== undefined) query.set("max-parts", headers["x-amz-max-parts"]);
  if (headers["x-amz-part-number-marker"] !== undefined) query.set("part-number-marker", headers["x-amz-part-number-marker"]);
  const maxParts = Math.min(intParam(query, "max-parts", MAX_PARTS_MESSAGE) ?? MAX_KEYS, MAX_KEYS);
  const marker = intParam(query, "part-number-marker", "Provided part-number-marker not an integer or within integer range") ?? 0;
  const numbers = Array.from({ length: count }, (_, i) => i + 1).filter((n) => n > marker);
  const listed = numbers.slice(0, maxParts);
  const truncated = numbers.length > listed.length;
  const algorithm = object.checksum?.algorithm;
  const parts = object.partChecksums && algorithm
    ? listed.map((n) => `<Part>${el("PartNumber", n)}${el("Size", object.partSizes?.[n - 1])}${el(`Checksum${algorithm}`, object.partChecksums?.[n - 1])}</Part>`).join("")
    : "";
  const next = listed.length > 0 ? listed[listed.length - 1] : marker;
  return `<ObjectParts>${el("PartsCount", count)}${el("PartNumberMarker", marker)}${el("NextPartNumberMarker", next)}${el("MaxParts", maxParts)}${el("IsTruncated", truncated)}${parts}</ObjectParts>`;
}

/** GetObjectAttributes: the attributes x-amz-object-attributes names, in S3's order. */
export const GetObjectAttributes: ActionHandler = ({ engine, req, bucket, key, query }) => {
  const object: S3Object = engine.objectAt({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) }, "GET");
  // An SSE-C object's attributes need its key too (API reference GetObjectAttributes).
  checkCustomerKey(object.encryption, req.headers);
  const wanted = new Set((req.headers["x-amz-object-attributes"] ?? "").split(",").map((a) => a.trim()));
  let body = "";
  if (wanted.has("ETag")) body += el("ETag", object.etag.replace(/"/g, ""));
  if (wanted.has("Checksum") && object.checksum) {
    body += `<Checksum>${el(`Checksum${object.checksum.algorithm}`, object.checksum.value)}${el("ChecksumType", object.checksum.type)}</Checksum>`;
  }
  if (wanted.has("ObjectParts") && object.partsCount !== undefined) body += objectParts(object, req.headers);
  if (wanted.has("StorageClass")) body += el("StorageClass", object.storageClass);
  if (wanted.has("ObjectSize")) body += el("ObjectSize", object.size);
  return xmlOk(document("GetObjectAttributesResponse", body), { "last-modified": httpDate(object.lastModified), ...versionHeader(engine.answeredVersionId(bucket, object)) });
};
