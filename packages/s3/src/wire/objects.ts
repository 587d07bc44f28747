/** Object actions on the wire. */
import type { CopyObjectInput } from "../engine/objects.js";
import { parseTaggingHeader } from "../engine/tags.js";
import type { Tag } from "../engine/state.js";
import { bypassGovernanceWithoutLock, malformedXml, sseHeaderNotSupported } from "../errors.js";
import type { S3Engine } from "../engine/engine.js";
import { empty, xmlOk, type ActionHandler, type S3Call } from "./call.js";
import { requestedAcl } from "./aclRequest.js";
import { checkWriteConditionHeaders, checksumAlgorithmOf, checksumHeaders, checksumRequestOf, metadataOf, objectHeadersOf, objectLockHeadersOf, readConditions, storageClassOf } from "./headers.js";
import { copySourceVersionHeader, objectResponseHeaders, partNumberParam, versionHeader, versionIdParam, writtenVersionHeader } from "./headers.js";
import { child, countElements, document, el, isoTime, nodes, parseXmlBody, text } from "./xml.js";
import type { S3Object } from "../engine/state.js";
import { s3Model } from "../generated/s3.js";
import { restoreHeaderValue } from "../engine/restore.js";
import { MAX_DELETE_OBJECTS } from "../limits.js";
import { expirationHeader } from "./lifecycle.js";
import { checkCustomerKey, customerKeyOf, encryptionHeaders, requestedEncryption } from "./encryption.js";


function tagsOf(call: S3Call): Tag[] | undefined {
  const header = call.req.headers["x-amz-tagging"];
  return header === undefined ? undefined : parseTaggingHeader(header);
}

export const PutObject: ActionHandler = async (call) => {
  const h = call.req.headers;
  checkWriteConditionHeaders(h);
  const acl = requestedAcl(call, false);
  if (acl) call.engine.checkAclAllowed({ Bucket: call.bucket, ownerOnly: acl.ownerOnly, xml: acl.xml });
  const encryption = requestedEncryption(call.engine, call.bucket, call.region, h);
  const out = await call.engine.putObject({
    Encryption: encryption,
    Bucket: call.bucket,
    Key: call.key,
    Body: call.body,
    headers: objectHeadersOf(h),
    Metadata: metadataOf(h),
    Tags: tagsOf(call),
    ...(acl?.xml === undefined ? {} : { Acl: acl.xml }),
    StorageClass: storageClassOf(h),
    checksum: checksumRequestOf(h, call.trailers),
    ContentMD5: h["content-md5"],
    IfNoneMatch: h["if-none-match"],
    IfMatch: h["if-match"],
    Lock: objectLockHeadersOf(h),
    integrityForLock: true,
  });
  const expiration = expirationHeader(call.engine, { Bucket: call.bucket, Key: call.key, VersionId: out.VersionId });
  return empty(200, { etag: out.ETag, ...encryptionHeaders(encryption), ...expiration, ...checksumHeaders(out.checksum), ...writtenVersionHeader(out.VersionId) });
};

/** Only a write chooses the encryption: a read naming one is refused (ceph s3-tests test_sse_s3_default_method_head). */
function checkNoEncryptionHeader(headers: Record<string, string>): void {
  const sse = headers["x-amz-server-side-encryption"];
  if (sse !== undefined) throw sseHeaderNotSupported(sse);
}

export const GetObject: ActionHandler = async ({ engine, req, query, bucket, key }) => {
  checkNoEncryptionHeader(req.headers);
  const partNumber = partNumberParam(query);
  const { object, versionId, body, range } = await engine.getObject({
    Bucket: bucket, Key: key, VersionId: versionIdParam(query), Range: req.headers.range, PartNumber: partNumber, conditions: readConditions(req.headers),
  });
  checkCustomerKey(object.encryption, req.headers);
  // The full object's checksum also answers a Range covering the whole object (localstack test_s3_api.snapshot.json, AWS-recorded).
  const whole = !range || (partNumber === undefined && range.end - range.start + 1 === object.size);
  const headers = {
    ...objectResponseHeaders(object, versionId, query, req.headers["x-amz-checksum-mode"] === "ENABLED" && whole),
    ...expirationHeader(engine, { Bucket: bucket, Key: key, VersionId: object.versionId }),
    ...restoreHeader(engine, object),
  };
  if (!range) return { status: 200, headers: { ...headers, "content-length": String(body.length) }, body };
  return {
    status: 206,
    headers: { ...headers, "content-length": String(body.length), "content-range": `bytes ${range.start}-${range.end}/${object.size}` },
    body,
  };
};

export const HeadObject: ActionHandler = ({ engine, req, query, bucket, key }) => {
  checkNoEncryptionHeader(req.headers);
  const { object, versionId, range } = engine.headObject({
    Bucket: bucket, Key: key, VersionId: versionIdParam(query), Range: req.headers.range, PartNumber: partNumberParam(query), conditions: readConditions(req.headers),
  });
  checkCustomerKey(object.encryption, req.headers);
  const headers = {
    ...objectResponseHeaders(object, versionId, query, req.headers["x-amz-checksum-mode"] === "ENABLED" && !range),
    ...expirationHeader(engine, { Bucket: bucket, Key: key, VersionId: object.versionId }),
    ...restoreHeader(engine, object),
    ...archiveStatusHeader(engine, bucket, object),
  };
  if (!range) return { status: 200, headers: { ...headers, "content-length": String(object.size) }, body: "" };
  return {
    status: 206,
    headers: { ...headers, "content-length": String(range.end - range.start + 1), "content-range": `bytes ${range.start}-${range.end}/${object.size}` },
    body: "",
  };
};

/** x-amz-archive-status: HeadObject of an Intelligent-Tiering object in an archive tier (S3 API Reference, HeadObject ArchiveStatus). */
function archiveStatusHeader(engine: S3Engine, bucket: string, object: S3Object): Record<string, string> {
  if (object.storageClass !== "INTELLIGENT_TIERING") return {};
  const tier = engine.archiveTierOf(bucket, object);
  return tier === undefined ? {} : { "x-amz-archive-status": tier };
}

/** x-amz-restore, on an object RestoreObject was called for (only archived objects carry a restore). */
function restoreHeader(engine: S3Engine, object: S3Object): Record<string, string> {
  if (object.restore === undefined) return {};
  const state = engine.restoreStateOf(object);
  return state === undefined ? {} : { "x-amz-restore": restoreHeaderValue(state) };
}

const TIERS = new Set((s3Model.shapes.Tier?.values ?? []).map(String));

/** POST ?restore: <RestoreRequest><Days/><GlacierJobParameters><Tier/></GlacierJobParameters></RestoreRequest>. */
export const RestoreObject: ActionHandler = async ({ engine, query, bucket, key, body }) => {
  engine.headBucket({ Bucket: bucket });
  const request = parseXmlBody(body, "RestoreRequest");
  // Days may be absent: an Intelligent-Tiering archive tier's restore takes none (the engine refuses its absence for the others).
  const days = text(request, "Days");
  if (days !== undefined && (!/^\d+$/.test(days) || Number(days) < 1)) throw malformedXml();
  const tier = text(child(request, "GlacierJobParameters") ?? {}, "Tier") ?? text(request, "Tier");
  if (tier !== undefined && !TIERS.has(tier)) throw malformedXml();
  const out = await engine.restoreObject({
    Bucket: bucket, Key: key, VersionId: versionIdParam(query), ...(days === undefined ? {} : { Days: Number(days) }), ...(tier === undefined ? {} : { Tier: tier }),
  });
  return empty(out.status === "accepted" ? 202 : 200);
};

/** x-amz-bypass-governance-retention (any value) is refused on a bucket without Object Lock (localstack test_delete_object_with_no_locking, AWS-recorded). */
function checkBypassGovernance(engine: S3Engine, bucket: string, headers: Record<string, string>): void {
  if (headers["x-amz-bypass-governance-retention"] !== undefined && !engine.objectLockEnabled({ Bucket: bucket })) throw bypassGovernanceWithoutLock();
}

export const DeleteObject: ActionHandler = async ({ engine, req, bucket, key, query }) => {
  checkBypassGovernance(engine, bucket, req.headers);
  const out = await engine.deleteObject({
    Bucket: bucket, Key: key, VersionId: versionIdParam(query), BypassGovernanceRetention: req.headers["x-amz-bypass-governance-retention"]?.toLowerCase() === "true",
  });
  return empty(204, { ...(out.DeleteMarker ? { "x-amz-delete-marker": "true" } : {}), ...versionHeader(out.VersionId) });
};

export const DeleteObjects: ActionHandler = async ({ engine, req, bucket, body }) => {
  // The bucket first, as S3 answers; more keys than one request may delete is refused unparsed.
  engine.headBucket({ Bucket: bucket });
  checkBypassGovernance(engine, bucket, req.headers);
  if (countElements(body, "Object") > MAX_DELETE_OBJECTS) throw malformedXml();
  const request = parseXmlBody(body, "Delete");
  const objects = nodes(request, "Object");
  const entries = objects.map((o) => {
    const key = text(o, "Key");
    if (key === undefined) throw malformedXml();
    const versionId = text(o, "VersionId");
    return versionId === undefined ? { Key: key } : { Key: key, VersionId: versionId };
  });
  const out = await engine.deleteObjects({
    Bucket: bucket, Objects: entries, Quiet: text(request, "Quiet") === "true", BypassGovernanceRetention: req.headers["x-amz-bypass-governance-retention"]?.toLowerCase() === "true",
  });
  const deleted = out.Deleted.map((d) =>
    `<Deleted>${el("Key", d.Key)}${el("VersionId", d.VersionId)}${el("DeleteMarker", d.DeleteMarker)}${el("DeleteMarkerVersionId", d.DeleteMarkerVersionId)}</Deleted>`).join("");
  const errors = out.Errors.map((e) => `<Error>${el("Key", e.Key)}${el("VersionId", e.VersionId)}${el("Code", e.Code)}${el("Message", e.Message)}</Error>`).join("");
  return xmlOk(document("DeleteResult", deleted + errors));
};

export const CopyObject: ActionHandler = async (call) => {
  const h = call.req.headers;
  const acl = requestedAcl(call, false);
  if (acl) call.engine.checkAclAllowed({ Bucket: call.bucket, ownerOnly: acl.ownerOnly, xml: acl.xml });
  const encryption = requestedEncryption(call.engine, call.bucket, call.region, h);
  const sourceKeyMd5 = customerKeyOf(h, true);
  const input: CopyObjectInput = {
    Encryption: encryption,
    ...(sourceKeyMd5 === undefined ? {} : { SourceCustomerKeyMd5: sourceKeyMd5 }),
    ...(acl?.xml === undefined ? {} : { Acl: acl.xml }),
    Bucket: call.bucket,
    Key: call.key,
    CopySource: h["x-amz-copy-source"] ?? "",
    MetadataDirective: h["x-amz-metadata-directive"],
    TaggingDirective: h["x-amz-tagging-directive"],
    headers: objectHeadersOf(h),
    Metadata: metadataOf(h),
    Tags: tagsOf(call),
    StorageClass: storageClassOf(h),
    ChecksumAlgorithm: checksumAlgorithmOf(h),
    WebsiteRedirectLocation: h["x-amz-website-redirect-location"],
    ServerSideEncryption: h["x-amz-server-side-encryption"],
    sourceConditions: readConditions(h, "x-amz-copy-source-"),
    Lock: objectLockHeadersOf(h),
  };
  const out = await call.engine.copyObject(input);
  const checksum = out.checksum ? el(`Checksum${out.checksum.algorithm}`, out.checksum.value) : "";
  // A copy into a suspended bucket names the null version it wrote (AWS-recorded: LocalStack test_s3.snapshot.json
  // test_s3_copy_object_in_place_suspended_only, whose two copies answer the same VersionId); PutObject's answer does not
  // (writtenVersionHeader).
  const versions = { ...versionHeader(out.VersionId), ...copySourceVersionHeader(out.CopySourceVersionId) };
  const expiration = expirationHeader(call.engine, { Bucket: call.bucket, Key: call.key, VersionId: out.VersionId });
  return xmlOk(document("CopyObjectResult", `${el("ETag", out.ETag)}${el("LastModified", isoTime(out.LastModified.getTime()))}${checksum}`), { ...encryptionHeaders(encryption), ...expiration, ...versions });
};
