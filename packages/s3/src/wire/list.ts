/** ListObjectsV2 and ListObjects on the wire (EncodingType=url encodes keys and prefixes). */
import { OWNER } from "../engine/context.js";
import type { S3Object } from "../engine/state.js";
import { invalidArgument } from "../errors.js";
import { xmlOk, type ActionHandler } from "./call.js";
import { intParam } from "./headers.js";
import { document, el, isoTime } from "./xml.js";

/** S3's url encoding of listed names: percent-encoding, "/" kept. */
function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, "/");
}

function encoder(encodingType: string | null): (value: string | undefined) => string | undefined {
  if (encodingType === null) return (v) => v;
  if (encodingType !== "url") throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
  return (v) => (v === undefined ? undefined : urlEncode(v));
}

function contents(objects: S3Object[], enc: (v: string) => string | undefined, withOwner: boolean): string {
  return objects
    .map((o) => {
      const checksum = o.checksum ? `${el("ChecksumAlgorithm", o.checksum.algorithm)}${el("ChecksumType", o.checksum.type)}` : "";
      const owner = withOwner ? `<Owner>${el("ID", OWNER.ID)}${el("DisplayName", OWNER.DisplayName)}</Owner>` : "";
      return `<Contents>${el("Key", enc(o.key))}${el("LastModified", isoTime(o.lastModified))}${el("ETag", o.etag)}${checksum}${el("Size", o.size)}${owner}${el("StorageClass", o.storageClass)}</Contents>`;
    })
    .join("");
}

function commonPrefixes(prefixes: string[], enc: (v: string) => string | undefined): string {
  return prefixes.map((p) => `<CommonPrefixes>${el("Prefix", enc(p))}</CommonPrefixes>`).join("");
}

const MAX_KEYS_MESSAGE = "Provided max-keys not an integer or within integer range";

export const ListObjectsV2: ActionHandler = ({ engine, bucket, query }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? undefined;
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
    el("StartAfter", startAfter === undefined ? undefined : enc(startAfter)) +
    contents(page.contents, enc, withOwner) +
    commonPrefixes(page.commonPrefixes, enc) +
    el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListBucketResult", body));
};

export const ListObjects: ActionHandler = ({ engine, bucket, query }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? undefined;
  const marker = query.get("marker") ?? "";
  const page = engine.listObjects({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: intParam(query, "max-keys", MAX_KEYS_MESSAGE), Marker: marker });
  const body =
    el("Name", bucket) +
    el("Prefix", enc(prefix)) +
    el("Marker", enc(marker)) +
    el("NextMarker", page.nextMarker === undefined ? undefined : enc(page.nextMarker)) +
    el("MaxKeys", page.maxKeys) +
    el("Delimiter", delimiter === undefined ? undefined : enc(delimiter)) +
    el("IsTruncated", page.isTruncated) +
    contents(page.contents, enc, true) +
    commonPrefixes(page.commonPrefixes, enc) +
    el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListBucketResult", body));
};

/** An unversioned bucket's versions: each object once, as version "null", the latest. */
export const ListObjectVersions: ActionHandler = ({ engine, bucket, query }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? undefined;
  const keyMarker = query.get("key-marker") ?? "";
  const page = engine.listObjects({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: intParam(query, "max-keys", MAX_KEYS_MESSAGE), Marker: keyMarker });
  const owner = `<Owner>${el("ID", OWNER.ID)}${el("DisplayName", OWNER.DisplayName)}</Owner>`;
  const versions = page.contents
    .map((o) => `<Version>${el("Key", enc(o.key))}${el("VersionId", "null")}${el("IsLatest", true)}${el("LastModified", isoTime(o.lastModified))}${el("ETag", o.etag)}${el("Size", o.size)}${owner}${el("StorageClass", o.storageClass)}</Version>`)
    .join("");
  const body =
    el("Name", bucket) +
    el("Prefix", enc(prefix)) +
    el("KeyMarker", enc(keyMarker)) +
    el("VersionIdMarker", "") +
    (page.isTruncated && page.last !== undefined ? el("NextKeyMarker", enc(page.last)) + el("NextVersionIdMarker", "null") : "") +
    el("MaxKeys", page.maxKeys) +
    el("Delimiter", delimiter === undefined ? undefined : enc(delimiter)) +
    el("IsTruncated", page.isTruncated) +
    versions +
    commonPrefixes(page.commonPrefixes, enc) +
    el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListVersionsResult", body));
};
