/**
 * ACLs, Object Lock settings of objects and GetObjectAttributes on the wire. With Object
 * Ownership BucketOwnerEnforced (every new bucket's default) ACLs are read-only: only the
 * owner's full control may be put (S3 User Guide, "Controlling ownership of objects").
 */
import { PRIVATE_ACL } from "../engine/storedConfigs.js";
import { requestedAcl } from "./aclRequest.js";
import type { S3Object } from "../engine/state.js";
import { noSuchObjectLockConfiguration } from "../errors.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { httpDate, versionHeader, versionIdParam } from "./headers.js";
import { configurationBody, document, el } from "./xml.js";

export const GetBucketAcl: ActionHandler = ({ engine, bucket }) => xmlOk(document("AccessControlPolicy", engine.getXmlConfig({ Bucket: bucket, name: "acl" })));

export const PutBucketAcl: ActionHandler = async (call) => {
  call.engine.headBucket({ Bucket: call.bucket });
  const acl = requestedAcl(call, true) ?? { xml: PRIVATE_ACL, ownerOnly: true };
  call.engine.checkAclAllowed({ Bucket: call.bucket, ownerOnly: acl.ownerOnly });
  await call.engine.putXmlConfig({ Bucket: call.bucket, name: "acl", xml: acl.xml ?? PRIVATE_ACL });
  return empty(200);
};

export const GetObjectAcl: ActionHandler = ({ engine, bucket, key, query }) => {
  const out = engine.getObjectAcl({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) });
  return xmlOk(document("AccessControlPolicy", out.xml), versionHeader(out.VersionId));
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
  const out = await call.engine.putObjectRetention({ ...ref, xml: inner });
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

/** GetObjectAttributes: the attributes x-amz-object-attributes names, in S3's order. */
export const GetObjectAttributes: ActionHandler = ({ engine, req, bucket, key, query }) => {
  const object: S3Object = engine.objectAt({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) }, "GET");
  const wanted = new Set((req.headers["x-amz-object-attributes"] ?? "").split(",").map((a) => a.trim()));
  let body = "";
  if (wanted.has("ETag")) body += el("ETag", object.etag.replace(/"/g, ""));
  if (wanted.has("Checksum") && object.checksum) {
    body += `<Checksum>${el(`Checksum${object.checksum.algorithm}`, object.checksum.value)}${el("ChecksumType", object.checksum.type)}</Checksum>`;
  }
  if (wanted.has("ObjectParts") && object.partsCount !== undefined) body += `<ObjectParts>${el("PartsCount", object.partsCount)}</ObjectParts>`;
  if (wanted.has("StorageClass")) body += el("StorageClass", object.storageClass);
  if (wanted.has("ObjectSize")) body += el("ObjectSize", object.size);
  return xmlOk(document("GetObjectAttributesResponse", body), { "last-modified": httpDate(object.lastModified), ...versionHeader(object.versionId) });
};
