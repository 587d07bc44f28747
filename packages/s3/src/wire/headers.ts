/** The HTTP headers S3 reads an object's settings from, and writes them back to. */
import { invalidArgument, invalidPartNumber, invalidRequest, invalidStorageClass, unsupportedConditionalWrite } from "../errors.js";
import { s3Model } from "../generated/s3.js";
import { MAX_PART_NUMBER } from "../limits.js";
import { isChecksumAlgorithm, isWellFormed } from "../engine/checksums.js";
import type { Conditions } from "../engine/conditions.js";
import type { ChecksumRequest } from "../engine/objects.js";
import { legalHoldOn, parseRetention, type LockHeaders } from "../engine/objectLock.js";
import type { Checksum, ChecksumAlgorithm, ObjectHeaders, S3Object } from "../engine/state.js";
import { storedContentEncoding } from "./chunked.js";
import { encryptionHeaders } from "./encryption.js";

const META_PREFIX = "x-amz-meta-";

export function objectHeadersOf(headers: Record<string, string>): ObjectHeaders {
  const out: ObjectHeaders = {};
  const set = <K extends keyof ObjectHeaders>(k: K, v: string | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("contentType", headers["content-type"]);
  set("contentEncoding", storedContentEncoding(headers["content-encoding"]));
  set("contentDisposition", headers["content-disposition"]);
  set("contentLanguage", headers["content-language"]);
  set("cacheControl", headers["cache-control"]);
  set("expires", headers.expires);
  set("websiteRedirectLocation", headers["x-amz-website-redirect-location"]);
  return out;
}

/** A write's x-amz-object-lock-* headers. */
export function objectLockHeadersOf(headers: Record<string, string>): LockHeaders {
  return { mode: headers["x-amz-object-lock-mode"], retainUntil: headers["x-amz-object-lock-retain-until-date"], legalHold: headers["x-amz-object-lock-legal-hold"] };
}

/** x-amz-meta-* headers, names lower-case without the prefix. */
export function metadataOf(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith(META_PREFIX)) out[name.slice(META_PREFIX.length)] = value;
  return out;
}

/**
 * A write's If-Match / If-None-Match as S3 supports them: If-None-Match only "*", If-Match only an ETag,
 * and never both (501 NotImplemented otherwise, AWS-recorded).
 */
export function checkWriteConditionHeaders(headers: Record<string, string>): void {
  const ifMatch = headers["if-match"];
  const ifNoneMatch = headers["if-none-match"];
  if (ifMatch === undefined && ifNoneMatch === undefined) return;
  if (ifMatch !== undefined && ifNoneMatch !== undefined) throw unsupportedConditionalWrite("If-Match,If-None-Match", "Multiple conditional request headers present in the request");
  if (ifNoneMatch !== undefined && ifNoneMatch !== "*") throw unsupportedConditionalWrite("If-None-Match", "We don't accept the provided value of If-None-Match header for this API");
  if (ifMatch === "*") throw unsupportedConditionalWrite("If-Match", "We don't accept the provided value of If-Match header for this API");
}

/** Storage classes a general-purpose bucket takes: the model's, less Outposts' (AWS-recorded) and directory buckets' and Snow's (S3 User Guide, "Storage classes"). */
const STORAGE_CLASSES: ReadonlySet<string> = new Set(
  (s3Model.shapes.StorageClass?.values ?? []).map(String).filter((c) => c !== "OUTPOSTS" && c !== "EXPRESS_ONEZONE" && c !== "SNOW"),
);

/** x-amz-storage-class, refused when S3 would not store an object in that class. */
export function storageClassOf(headers: Record<string, string>): string | undefined {
  const value = headers["x-amz-storage-class"];
  if (value !== undefined && !STORAGE_CLASSES.has(value)) throw invalidStorageClass(value);
  return value;
}

export function readConditions(headers: Record<string, string>, prefix = ""): Conditions | undefined {
  const c: Conditions = {};
  if (headers[`${prefix}if-match`] !== undefined) c.ifMatch = headers[`${prefix}if-match`];
  if (headers[`${prefix}if-none-match`] !== undefined) c.ifNoneMatch = headers[`${prefix}if-none-match`];
  if (headers[`${prefix}if-modified-since`] !== undefined) c.ifModifiedSince = headers[`${prefix}if-modified-since`];
  if (headers[`${prefix}if-unmodified-since`] !== undefined) c.ifUnmodifiedSince = headers[`${prefix}if-unmodified-since`];
  return Object.keys(c).length > 0 ? c : undefined;
}

const CHECKSUM_PREFIX = "x-amz-checksum-";

/** The algorithm whose value an x-amz-checksum-<algorithm> header holds (not -algorithm, -type or -mode). */
function checksumHeaderAlgorithm(name: string): ChecksumAlgorithm | undefined {
  if (!name.startsWith(CHECKSUM_PREFIX)) return undefined;
  const algorithm = name.slice(CHECKSUM_PREFIX.length).toUpperCase();
  return isChecksumAlgorithm(algorithm) ? algorithm : undefined;
}

/**
 * The checksum an upload carries: an x-amz-checksum-<algorithm> header or trailer, or only
 * the algorithm (x-amz-sdk-checksum-algorithm / x-amz-checksum-algorithm) for S3 to compute.
 */
export function checksumRequestOf(headers: Record<string, string>, trailers: Record<string, string> = {}): ChecksumRequest | undefined {
  let found: ChecksumRequest | undefined;
  for (const source of [headers, trailers]) {
    for (const [name, value] of Object.entries(source)) {
      const algorithm = checksumHeaderAlgorithm(name);
      if (algorithm === undefined) continue;
      if (found) throw invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
      if (!isWellFormed(algorithm, value)) throw invalidRequest(`Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`);
      found = { algorithm, value };
    }
  }
  if (found) return found;
  const named = headers["x-amz-sdk-checksum-algorithm"] ?? headers["x-amz-checksum-algorithm"];
  if (named === undefined) return undefined;
  const algorithm = named.toUpperCase();
  if (!isChecksumAlgorithm(algorithm)) throw invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
  return { algorithm };
}

export function checksumAlgorithmOf(headers: Record<string, string>): ChecksumAlgorithm | undefined {
  const named = headers["x-amz-checksum-algorithm"];
  if (named === undefined) return undefined;
  const algorithm = named.toUpperCase();
  if (!isChecksumAlgorithm(algorithm)) throw invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
  return algorithm;
}

/** x-amz-checksum-type (CreateMultipartUpload, CompleteMultipartUpload). */
export function checksumTypeOf(headers: Record<string, string>): Checksum["type"] | undefined {
  const named = headers["x-amz-checksum-type"];
  if (named === undefined) return undefined;
  const type = named.toUpperCase();
  if (type !== "FULL_OBJECT" && type !== "COMPOSITE") throw invalidRequest("Value for x-amz-checksum-type header is invalid.");
  return type;
}

/** The x-amz-checksum-<algorithm> a CompleteMultipartUpload names: the whole object's (FULL_OBJECT) or the composite, "-N" or not (COMPOSITE). */
export function declaredObjectChecksumOf(headers: Record<string, string>): ChecksumRequest | undefined {
  for (const [name, value] of Object.entries(headers)) {
    const algorithm = checksumHeaderAlgorithm(name);
    if (algorithm === undefined) continue;
    // A composite may carry its "-N"; a value that is no checksum at all is refused as on PutObject
    // (S3's text for a malformed value, versitygw#1189), one that is not the object's is a BadDigest later.
    if (!isWellFormed(algorithm, value.replace(/-\d+$/, ""))) throw invalidRequest(`Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`);
    return { algorithm, value };
  }
  return undefined;
}

export function checksumHeaders(checksum: Checksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [`x-amz-checksum-${checksum.algorithm.toLowerCase()}`]: checksum.value, "x-amz-checksum-type": checksum.type };
}

/** What HTTP lets a header name be (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * What a header value may hold as it is: visible ASCII, spaces, tabs, and the Latin-1 bytes
 * node reads raw header bytes into (so metadata sent as raw UTF-8 goes back byte for byte).
 */
const PLAIN = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Response headers as HTTP can carry them. S3 returns metadata holding non-US-ASCII
 * characters encoded per RFC 2047 ("=?UTF-8?B?…?="), as its User Guide says (Working with
 * object metadata); the sandbox does so for any value node cannot write (characters past
 * Latin-1 and control characters, which a form upload, a response-* override or an
 * in-process call can hold), and leaves out a name that is no HTTP token. Node would
 * otherwise refuse to write the answer at all (a 500).
 */
export function headerSafe(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) delete headers[name];
    else if (!PLAIN.test(value)) headers[name] = `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
  }
  return headers;
}

/** HTTP dates as S3 writes them: "Wed, 25 Nov 2026 12:00:00 GMT". */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** GetObject's response-* query parameters override the stored headers. */
const OVERRIDES: [string, string][] = [
  ["response-content-type", "content-type"],
  ["response-content-language", "content-language"],
  ["response-expires", "expires"],
  ["response-cache-control", "cache-control"],
  ["response-content-disposition", "content-disposition"],
  ["response-content-encoding", "content-encoding"],
];

/** The headers of a GetObject / HeadObject answer. */
/** A locked version's x-amz-object-lock-* headers on GET and HEAD (HeadObjectOutput's ObjectLockMode, ObjectLockRetainUntilDate, ObjectLockLegalHoldStatus). */
function objectLockHeaders(object: S3Object): Record<string, string> {
  const h: Record<string, string> = {};
  if (object.retention !== undefined) {
    const { mode, until } = parseRetention(object.retention);
    if (mode !== undefined) h["x-amz-object-lock-mode"] = mode;
    if (!Number.isNaN(until)) h["x-amz-object-lock-retain-until-date"] = new Date(until).toISOString();
  }
  if (object.legalHold !== undefined) h["x-amz-object-lock-legal-hold"] = legalHoldOn(object.legalHold) ? "ON" : "OFF";
  return h;
}

export function objectResponseHeaders(object: S3Object, versionId: string | undefined, query: URLSearchParams, withChecksum: boolean): Record<string, string> {
  const h: Record<string, string> = {
    "last-modified": httpDate(object.lastModified),
    etag: object.etag,
    "accept-ranges": "bytes",
    "content-type": object.contentType ?? "binary/octet-stream",
    ...encryptionHeaders(object.encryption),
  };
  if (object.contentEncoding !== undefined) h["content-encoding"] = object.contentEncoding;
  if (object.contentDisposition !== undefined) h["content-disposition"] = object.contentDisposition;
  if (object.contentLanguage !== undefined) h["content-language"] = object.contentLanguage;
  if (object.cacheControl !== undefined) h["cache-control"] = object.cacheControl;
  if (object.expires !== undefined) h.expires = object.expires;
  if (object.websiteRedirectLocation !== undefined) h["x-amz-website-redirect-location"] = object.websiteRedirectLocation;
  if (object.storageClass !== "STANDARD") h["x-amz-storage-class"] = object.storageClass;
  if (object.tags.length > 0) h["x-amz-tagging-count"] = String(object.tags.length);
  // Only a read of one part (?partNumber) tells the part count (boto3 issue #3137, ceph PR #66764: recorded on S3).
  if (object.partsCount !== undefined && query.has("partNumber")) h["x-amz-mp-parts-count"] = String(object.partsCount);
  if (versionId !== undefined) h["x-amz-version-id"] = versionId;
  Object.assign(h, objectLockHeaders(object));
  for (const [name, value] of Object.entries(object.metadata)) h[`x-amz-meta-${name}`] = value;
  if (withChecksum) Object.assign(h, checksumHeaders(object.checksum));
  for (const [param, header] of OVERRIDES) {
    const value = query.get(param);
    if (value !== null) h[header] = value;
  }
  return h;
}

/** A query parameter that must be a non-negative integer (max-keys, part-number-marker, …). */
export function intParam(query: URLSearchParams, name: string, message: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw invalidArgument(message, name, raw);
  return Number(raw);
}

/** The versionId query parameter (an empty one is refused, as S3 does). */
export function versionIdParam(query: URLSearchParams): string | undefined {
  const value = query.get("versionId");
  if (value === null) return undefined;
  if (value === "") throw invalidArgument("Version id cannot be the empty string", "versionId", value);
  return value;
}

/**
 * x-amz-version-id of a write (PutObject, CopyObject, CompleteMultipartUpload): a suspended
 * bucket's "null" version goes unnamed (PutObject's "Versioning suspended" sample response;
 * localstack's AWS-validated test_s3.py), though reads of it answer "null".
 */
export function writtenVersionHeader(versionId: string | undefined): Record<string, string> {
  return versionId === "null" ? {} : versionHeader(versionId);
}

/**
 * x-amz-copy-source-version-id of a CopyObject or UploadPartCopy: the source version copied, none from a null version
 * (AWS-recorded: LocalStack test_s3.snapshot.json test_s3_copy_object_in_place_suspended_only, whose two copies answer
 * no CopySourceVersionId).
 */
export function copySourceVersionHeader(versionId: string | undefined): Record<string, string> {
  return versionId === undefined || versionId === "null" ? {} : { "x-amz-copy-source-version-id": versionId };
}

/** x-amz-version-id, for objects of buckets that are or were versioned. */
export function versionHeader(versionId: string | undefined): Record<string, string> {
  return versionId === undefined ? {} : { "x-amz-version-id": versionId };
}

/** GetObject / HeadObject's partNumber query parameter: an integer from 1 to 10,000 when given. */
export function partNumberParam(query: URLSearchParams): number | undefined {
  const raw = query.get("partNumber");
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PART_NUMBER) throw invalidPartNumber(raw);
  return Number(raw);
}
