/** ListObjectsV2 and ListObjects on the wire (EncodingType=url encodes keys and prefixes). */
import { OWNER } from "../engine/context.js";
import type { S3Object } from "../engine/state.js";
import type { S3Engine } from "../engine/engine.js";
import { versionIdOf } from "../engine/listVersions.js";
import { xmlOk, type ActionHandler } from "./call.js";
import { intParam } from "./headers.js";
import { document, el, isoTime } from "./xml.js";
import { commonPrefixes, encoder } from "./listEncoding.js";

/**
 * x-amz-optional-object-attributes: RestoreStatus adds each object's restore, in progress or live
 * (nothing for an object never restored, as the API reference's RestoreStatus says).
 */
function restoreStatusOf(engine: S3Engine, headers: Record<string, string>): ((o: S3Object) => string) | undefined {
  const wanted = headers["x-amz-optional-object-attributes"];
  if (wanted === undefined || !wanted.split(",").some((a) => a.trim() === "RestoreStatus")) return undefined;
  return (o) => {
    const state = engine.restoreStateOf(o);
    if (state === undefined) return "";
    return `<RestoreStatus>${el("IsRestoreInProgress", state.ongoing)}${state.ongoing ? "" : el("RestoreExpiryDate", isoTime(state.expires))}</RestoreStatus>`;
  };
}

function contents(objects: S3Object[], enc: (v: string) => string | undefined, withOwner: boolean, restoreStatus?: (o: S3Object) => string): string {
  return objects
    .map((o) => {
      const checksum = o.checksum ? `${el("ChecksumAlgorithm", o.checksum.algorithm)}${el("ChecksumType", o.checksum.type)}` : "";
      const owner = withOwner ? `<Owner>${el("ID", OWNER.ID)}</Owner>` : "";
      return `<Contents>${el("Key", enc(o.key))}${el("LastModified", isoTime(o.lastModified))}${el("ETag", o.etag)}${checksum}${el("Size", o.size)}${owner}${el("StorageClass", o.storageClass)}${restoreStatus ? restoreStatus(o) : ""}</Contents>`;
    })
    .join("");
}


/** An empty delimiter is no delimiter: S3 then leaves <Delimiter> out of the answer. */
function delimiterParam(query: URLSearchParams): string | undefined {
  const delimiter = query.get("delimiter");
  return delimiter === null || delimiter === "" ? undefined : delimiter;
}

const MAX_KEYS_MESSAGE = "Provided max-keys not an integer or within integer range";

export const ListObjectsV2: ActionHandler = ({ engine, req, bucket, query }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? "";
  const delimiter = delimiterParam(query);
  const token = query.get("continuation-token") ?? undefined;
  const startAfter = query.get("start-after") ?? undefined;
  const page = engine.listObjectsV2({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: intParam(query, "max-keys", MAX_KEYS_MESSAGE), ContinuationToken: token, StartAfter: startAfter });
  const withOwner = query.get("fetch-owner") === "true";
  const body =
    el("Name", bucket) +
    el("Prefix", enc(prefix)) +
    el("ContinuationToken", token) +
    el("NextContinuationToken", page.nextContinuationToken) +
    el("KeyCount", page.contents.length + page.commonPrefixes.length) +
    el("MaxKeys", page.maxKeys) +
    el("Delimiter", delimiter === undefined ? undefined : enc(delimiter)) +
    el("IsTruncated", page.isTruncated) +
    // Given a continuation token, S3 does not echo StartAfter (AWS-recorded).
    el("StartAfter", startAfter === undefined || token !== undefined ? undefined : enc(startAfter)) +
    contents(page.contents, enc, withOwner, restoreStatusOf(engine, req.headers)) +
    commonPrefixes(page.commonPrefixes, enc) +
    el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListBucketResult", body));
};

export const ListObjects: ActionHandler = ({ engine, req, bucket, query }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? "";
  const delimiter = delimiterParam(query);
  const marker = query.get("marker") ?? "";
  const page = engine.listObjects({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: intParam(query, "max-keys", MAX_KEYS_MESSAGE), Marker: marker });
  const body =
    el("Name", bucket) +
    // ListObjects (v1) answers its Prefix unencoded even with encoding-type=url (botocore decodes only Delimiter, Marker, NextMarker, Key).
    el("Prefix", prefix) +
    el("Marker", enc(marker)) +
    el("NextMarker", page.nextMarker === undefined ? undefined : enc(page.nextMarker)) +
    el("MaxKeys", page.maxKeys) +
    el("Delimiter", delimiter === undefined ? undefined : enc(delimiter)) +
    el("IsTruncated", page.isTruncated) +
    contents(page.contents, enc, true, restoreStatusOf(engine, req.headers)) +
    commonPrefixes(page.commonPrefixes, enc) +
    el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListBucketResult", body));
};

/** Versions and delete markers, in key order and each key's newest first. */
export const ListObjectVersions: ActionHandler = ({ engine, bucket, query }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? "";
  const delimiter = delimiterParam(query);
  const keyMarker = query.get("key-marker") ?? "";
  const versionIdMarker = query.get("version-id-marker") ?? "";
  const page = engine.listObjectVersions({
    Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: intParam(query, "max-keys", MAX_KEYS_MESSAGE), KeyMarker: keyMarker, VersionIdMarker: versionIdMarker,
  });
  const owner = `<Owner>${el("ID", OWNER.ID)}</Owner>`;
  const entries = page.entries
    .map(({ version: v, isLatest }) => {
      const head = `${el("Key", enc(v.key))}${el("VersionId", versionIdOf(v))}${el("IsLatest", isLatest)}${el("LastModified", isoTime(v.lastModified))}`;
      if (v.deleteMarker) return `<DeleteMarker>${head}${owner}</DeleteMarker>`;
      const checksum = v.checksum ? `${el("ChecksumAlgorithm", v.checksum.algorithm)}${el("ChecksumType", v.checksum.type)}` : "";
      return `<Version>${head}${el("ETag", v.etag)}${checksum}${el("Size", v.size)}${owner}${el("StorageClass", v.storageClass)}</Version>`;
    })
    .join("");
  const body =
    el("Name", bucket) +
    el("Prefix", enc(prefix)) +
    el("KeyMarker", enc(keyMarker)) +
    el("VersionIdMarker", versionIdMarker) +
    el("NextKeyMarker", page.nextKeyMarker === undefined ? undefined : enc(page.nextKeyMarker)) +
    el("NextVersionIdMarker", page.nextVersionIdMarker) +
    el("MaxKeys", page.maxKeys) +
    el("Delimiter", delimiter === undefined ? undefined : enc(delimiter)) +
    el("IsTruncated", page.isTruncated) +
    entries +
    commonPrefixes(page.commonPrefixes, enc) +
    el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListVersionsResult", body));
};
