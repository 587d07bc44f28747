/**
 * Multipart uploads: CreateMultipartUpload, UploadPart (and UploadPartCopy), ListParts,
 * CompleteMultipartUpload, AbortMultipartUpload, ListMultipartUploads. A completed object's
 * ETag is the MD5 of its parts' binary MD5s, "-<part count>".
 */
import { replacedBy, stackOf, versionIdFor } from "./versions.js";
import { createHash } from "node:crypto";
import { randomBase64Url } from "@sam-sandbox/core";
import {
  badDigest, checksumModeMismatch, checksumTypeMismatch, conditionalRequestConflict, checksumTypeUnsupported, checksumTypeWithoutAlgorithm, entityTooLarge, entityTooSmall, invalidPart,
  invalidArgument, invalidPartNumber, invalidPartOrder, invalidRequest, malformedXml, noSuchUpload,
  partChecksumMissing,
  partEncryptionMismatch, partEncryptionMissing,
} from "../errors.js";
import { MAX_KEYS, MAX_PART_NUMBER, MAX_SINGLE_PUT_BYTES, MIN_PART_BYTES } from "../limits.js";
import { checkPresentedKey } from "./encryption.js";
import { checksumOf, compositeChecksum } from "./checksums.js";
import { change, dropBlobs, findBucket, type S3Context } from "./context.js";
import { checkCopySourceConditions, type Conditions } from "./conditions.js";
import { compareUtf8 } from "./list.js";
import { checkKey } from "./lookup.js";
import { recordAccess } from "./intelligentTiering.js";
import { checkMetadata, checkWriteConditions, md5Etag, copySourceObject, parseCopySource, resolveChecksum, type ChecksumRequest } from "./objects.js";
import { lockOfNewVersion, requestedLock, type LockHeaders } from "./objectLock.js";
import { parseCopySourceRange } from "./range.js";
import type { Bucket, Checksum, ChecksumAlgorithm, Encryption, ObjectHeaders, Part, S3Object, Tag, Upload } from "./state.js";
import { validateTags } from "./tags.js";

export interface CreateMultipartUploadInput {
  Bucket: string;
  Key: string;
  headers?: ObjectHeaders;
  Metadata?: Record<string, string>;
  Tags?: Tag[];
  StorageClass?: string;
  ChecksumAlgorithm?: ChecksumAlgorithm;
  ChecksumType?: ChecksumType;
  /** x-amz-object-lock-*: the Object Lock the completed object gets. */
  Lock?: LockHeaders;
  /** The ACL x-amz-acl or x-amz-grant-* asked for (none: private), which the completed object gets. */
  Acl?: string;
  /** The encryption the headers or the bucket's default chose, which the completed object gets. */
  Encryption?: Encryption;
}

type ChecksumType = Checksum["type"];

/**
 * The checksum type of a new upload (S3 User Guide, "Checking object integrity": CRC64NVME
 * is FULL_OBJECT only, SHA1 and SHA256 COMPOSITE only, CRC32 and CRC32C either, COMPOSITE
 * unless asked).
 */
function uploadChecksumType(algorithm: ChecksumAlgorithm | undefined, type: ChecksumType | undefined): ChecksumType | undefined {
  if (!algorithm) {
    if (type) throw checksumTypeWithoutAlgorithm();
    return undefined;
  }
  const resolved = type ?? defaultChecksumType(algorithm);
  if (resolved === "FULL_OBJECT" && (algorithm === "SHA1" || algorithm === "SHA256")) throw checksumTypeUnsupported(resolved, algorithm);
  if (resolved === "COMPOSITE" && algorithm === "CRC64NVME") throw checksumTypeUnsupported(resolved, algorithm);
  return resolved;
}

const defaultChecksumType = (algorithm: ChecksumAlgorithm): ChecksumType => (algorithm === "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE");

/** The checksum type an upload's object gets. */
export function checksumTypeOfUpload(upload: Upload): ChecksumType | undefined {
  return upload.checksumAlgorithm ? upload.checksumType ?? defaultChecksumType(upload.checksumAlgorithm) : undefined;
}

export async function createMultipartUpload(ctx: S3Context, input: CreateMultipartUploadInput): Promise<{ UploadId: string; ChecksumType?: ChecksumType }> {
  const bucket = findBucket(ctx, input.Bucket);
  checkKey(input.Key);
  const metadata = input.Metadata ?? {};
  checkMetadata(metadata);
  const checksumType = uploadChecksumType(input.ChecksumAlgorithm, input.ChecksumType);
  const lock = requestedLock(bucket, input.Lock ?? {}, ctx.clock.now());
  const upload = {
    uploadId: randomBase64Url(48),
    key: input.Key,
    initiated: ctx.clock.now(),
    baseline: baselineOf(bucket.objects.get(input.Key)),
    metadata,
    tags: validateTags(input.Tags ?? []),
    storageClass: input.StorageClass ?? "STANDARD",
    ...(input.ChecksumAlgorithm ? { checksumAlgorithm: input.ChecksumAlgorithm } : {}),
    ...(checksumType ? { checksumType } : {}),
    ...(input.Acl === undefined ? {} : { acl: input.Acl }),
    ...(input.Encryption === undefined ? {} : { encryption: input.Encryption }),
    ...lock,
    ...input.headers,
  };
  await change(ctx, { t: "createUpload", bucket: bucket.name, upload: { ...upload, parts: [] } });
  return { UploadId: upload.uploadId, ...(checksumType ? { ChecksumType: checksumType } : {}) };
}

/** Which object a key holds (its version, ETag and write time), or "" for none. */
function baselineOf(object: S3Object | undefined): string {
  return object ? `${object.versionId ?? ""}|${object.etag}|${object.lastModified}` : "";
}

/**
 * A conditional completion whose condition held, yet the key was written (put, deleted) since the
 * upload began: 409 ConditionalRequestConflict (localstack TestS3ObjectWritePrecondition, AWS-recorded).
 */
function checkConditionalConflict(bucket: Bucket, upload: Upload, input: CompleteMultipartUploadInput): void {
  const condition = input.IfMatch !== undefined ? "If-Match" : input.IfNoneMatch !== undefined ? "If-None-Match" : undefined;
  if (condition === undefined || upload.baseline === undefined) return;
  if (baselineOf(bucket.objects.get(input.Key)) !== upload.baseline) throw conditionalRequestConflict(condition, input.Key);
}

function findUpload(bucket: Bucket, key: string, uploadId: string): Upload {
  const upload = bucket.uploads.get(uploadId);
  if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

function checkPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) throw invalidPartNumber(String(partNumber));
}

async function storePart(ctx: S3Context, bucketName: string, key: string, uploadId: string, partNumber: number, data: Buffer, checksum?: Checksum): Promise<Part> {
  const blob = await ctx.blobs.put(data);
  const bucket = ctx.durable.state.buckets.get(bucketName);
  const upload = bucket?.uploads.get(uploadId);
  if (!bucket || !upload || upload.key !== key) {
    dropBlobs(ctx, [blob]);
    throw noSuchUpload(uploadId);
  }
  const part: Part = { partNumber, blob, size: data.length, etag: md5Etag(data), lastModified: ctx.clock.now(), ...(checksum ? { checksum } : {}) };
  const replaced = upload.parts.get(partNumber);
  await change(ctx, { t: "putPart", bucket: bucket.name, uploadId, part });
  if (replaced) dropBlobs(ctx, [replaced.blob]);
  return part;
}

export interface UploadPartInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  PartNumber: number;
  Body: Buffer;
  checksum?: ChecksumRequest;
  /** The MD5 of the SSE-C key the part was sent with, if any: it must be the upload's. */
  CustomerKeyMd5?: string;
}

export async function uploadPart(ctx: S3Context, input: UploadPartInput): Promise<{ ETag: string; checksum?: Checksum; encryption?: Encryption }> {
  const bucket = findBucket(ctx, input.Bucket);
  checkPartNumber(input.PartNumber);
  const upload = findUpload(bucket, input.Key, input.UploadId);
  if (input.Body.length > MAX_SINGLE_PUT_BYTES) throw entityTooLarge(input.Body.length, MAX_SINGLE_PUT_BYTES);
  checkPartEncryption(upload, input.CustomerKeyMd5);
  checkPartChecksumAlgorithm(upload, input.checksum);
  const checksum = resolveChecksum(input.checksum ?? (upload.checksumAlgorithm ? { algorithm: upload.checksumAlgorithm } : undefined), input.Body);
  const part = await storePart(ctx, bucket.name, input.Key, input.UploadId, input.PartNumber, input.Body, checksum);
  return { ETag: part.etag, ...(checksum ? { checksum } : {}), ...(upload.encryption ? { encryption: upload.encryption } : {}) };
}

/** An SSE-C upload takes parts with its key only, and any other upload parts without one (API reference UploadPart). */
function checkPartEncryption(upload: Upload, customerKeyMd5: string | undefined): void {
  const expected = upload.encryption?.algorithm === "customer" ? upload.encryption.keyMd5 : undefined;
  if ((expected === undefined) !== (customerKeyMd5 === undefined)) throw partEncryptionMissing();
  if (expected !== customerKeyMd5) throw partEncryptionMismatch();
}

/**
 * An upload created with a ChecksumAlgorithm takes parts of that algorithm only; a COMPOSITE one
 * also refuses a part with none (a FULL_OBJECT one computes it). Uploads created without one are
 * left alone: since 2025 the SDKs send a CRC32 with every part.
 */
function checkPartChecksumAlgorithm(upload: Upload, requested: ChecksumRequest | undefined): void {
  const expected = upload.checksumAlgorithm;
  if (expected === undefined) return;
  if (requested === undefined ? checksumTypeOfUpload(upload) === "COMPOSITE" : requested.algorithm !== expected) {
    throw checksumTypeMismatch(expected, requested?.algorithm);
  }
}

export interface UploadPartCopyInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  PartNumber: number;
  CopySource: string;
  CopySourceRange?: string;
  sourceConditions?: Conditions;
  /** The MD5 of the SSE-C key sent for the part (it must be the upload's) and for the source (it must be the source's). */
  CustomerKeyMd5?: string;
  SourceCustomerKeyMd5?: string;
}

export async function uploadPartCopy(
  ctx: S3Context,
  input: UploadPartCopyInput,
): Promise<{ ETag: string; LastModified: Date; CopySourceVersionId?: string; encryption?: Encryption }> {
  const bucket = findBucket(ctx, input.Bucket);
  checkPartNumber(input.PartNumber);
  const upload = findUpload(bucket, input.Key, input.UploadId);
  checkPartEncryption(upload, input.CustomerKeyMd5);
  const from = parseCopySource(input.CopySource);
  const source = copySourceObject(ctx, from);
  if (input.sourceConditions) checkCopySourceConditions(input.sourceConditions, source.etag, source.lastModified, ctx.clock.now());
  checkPresentedKey(source.encryption, input.SourceCustomerKeyMd5);
  await recordAccess(ctx, from.bucket, source);
  const data = await ctx.blobs.get(source.blob);
  const range = input.CopySourceRange === undefined ? undefined : parseCopySourceRange(input.CopySourceRange, data.length);
  const part = await storePart(ctx, bucket.name, input.Key, input.UploadId, input.PartNumber, range ? data.subarray(range.start, range.end + 1) : data);
  return {
    ETag: part.etag,
    LastModified: new Date(part.lastModified),
    ...(source.versionId === undefined ? {} : { CopySourceVersionId: source.versionId }),
    ...(upload.encryption ? { encryption: upload.encryption } : {}),
  };
}

export interface CompletedPart {
  PartNumber: number;
  ETag: string;
  /** The Checksum<Algorithm> elements the request lists for the part (algorithm names upper-case). */
  Checksums?: ChecksumAlgorithm[];
}

export interface CompleteMultipartUploadInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  Parts: CompletedPart[];
  /** x-amz-checksum-type: must be the upload's. */
  ChecksumType?: ChecksumType;
  /** If-None-Match / If-Match: a conditional completion, held to the key's current object as PutObject is. */
  IfNoneMatch?: string;
  IfMatch?: string;
  /** x-amz-checksum-<algorithm>: the whole object's value (FULL_OBJECT) or the composite (COMPOSITE), held to what the parts make. */
  checksum?: ChecksumRequest;
}

/**
 * The object an upload already made: S3 completes idempotently, answering the same request again
 * with that object (minio#13318 and S3Mock#2586, both tried against S3; ceph s3-tests test_multipart_upload).
 */
export function completedUpload(ctx: S3Context, input: { Bucket: string; Key: string; UploadId: string }): S3Object | undefined {
  const bucket = findBucket(ctx, input.Bucket);
  if (bucket.uploads.has(input.UploadId)) return undefined;
  return stackOf(bucket, input.Key).find((v) => v.uploadId === input.UploadId);
}

export async function completeMultipartUpload(ctx: S3Context, input: CompleteMultipartUploadInput): Promise<{ ETag: string; object: S3Object }> {
  const bucket = findBucket(ctx, input.Bucket);
  const completed = completedUpload(ctx, input);
  if (completed) return { ETag: completed.etag, object: completed };
  const upload = findUpload(bucket, input.Key, input.UploadId);
  checkWriteConditions(bucket, input.Key, input.IfMatch, input.IfNoneMatch);
  checkConditionalConflict(bucket, upload, input);
  const checksumType = checksumTypeOfUpload(upload);
  if (input.ChecksumType && checksumType && input.ChecksumType !== checksumType) throw checksumModeMismatch(checksumType);
  // localstack test_multipart_complete_multipart_too_small "complete-exc-no-parts" (AWS-recorded).
  if (input.Parts.length === 0) throw invalidRequest("You must specify at least one part");
  const parts: Part[] = [];
  for (const [i, wanted] of input.Parts.entries()) {
    if (i > 0 && wanted.PartNumber <= input.Parts[i - 1].PartNumber) throw invalidPartOrder(input.UploadId);
    const part = upload.parts.get(wanted.PartNumber);
    if (!part || part.etag.replace(/"/g, "") !== wanted.ETag.replace(/"/g, "")) throw invalidPart(input.UploadId, wanted.PartNumber, wanted.ETag);
    // A composite checksum is made of the parts' own: each must be named (what SDK users meet as "It was missing for part 1").
    const algorithm = upload.checksumAlgorithm;
    if (checksumType === "COMPOSITE" && algorithm && wanted.Checksums !== undefined && !wanted.Checksums.includes(algorithm)) {
      throw partChecksumMissing(algorithm, wanted.PartNumber);
    }
    parts.push(part);
  }
  for (const part of parts.slice(0, -1)) {
    if (part.size < MIN_PART_BYTES) throw entityTooSmall(part.size, part.partNumber, part.etag.replace(/"/g, ""));
  }
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ""), "hex")));
  const etag = `"${createHash("md5").update(md5s).digest("hex")}-${parts.length}"`;
  const body = Buffer.concat(await Promise.all(parts.map((p) => ctx.blobs.get(p.blob))));
  const checksum = checksumType === undefined ? defaultObjectChecksum(body) : checksumType === "FULL_OBJECT" ? fullObjectChecksum(upload, body, input.checksum) : compositeUploadChecksum(upload, parts, input.checksum);
  const blob = await ctx.blobs.put(body);
  const { parts: _all, uploadId: _id, initiated: _at, checksumAlgorithm: _alg, checksumType: _type, ...fields } = upload;
  const object: S3Object = {
    ...fields,
    blob,
    size: body.length,
    etag,
    lastModified: ctx.clock.now(),
    partsCount: parts.length,
    partSizes: parts.map((p) => p.size),
    ...partChecksumsOf(upload, parts),
    uploadId: input.UploadId,
    ...(checksum ? { checksum } : {}),
    ...lockOfNewVersion(bucket, ctx.clock.now(), fields),
  };
  if (!bucket.uploads.has(input.UploadId)) {
    dropBlobs(ctx, [blob]);
    throw noSuchUpload(input.UploadId);
  }
  const versionId = versionIdFor(bucket, ctx.clock.now());
  if (versionId !== undefined) object.versionId = versionId;
  const replaced = replacedBy(bucket, object);
  await change(ctx, { t: "endUpload", bucket: bucket.name, uploadId: input.UploadId, object });
  dropBlobs(ctx, [...upload.parts.values()].map((p) => p.blob).concat(replaced ? [replaced.blob] : []));
  ctx.notifier.objectCreated(bucket, "ObjectCreated:CompleteMultipartUpload", object);
  return { ETag: etag, object };
}

/** The parts' own checksums, kept when the upload named an algorithm and every part carries it. */
function partChecksumsOf(upload: Upload, parts: Part[]): { partChecksums?: string[] } {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm || parts.some((p) => p.checksum?.algorithm !== algorithm)) return {};
  return { partChecksums: parts.map((p) => p.checksum?.value ?? "") };
}

/**
 * An upload created without a ChecksumAlgorithm: S3 adds its default, a full-object CRC64NVME, as
 * it does to a PutObject without one (S3 User Guide, "Checking object integrity": "Amazon S3 still
 * calculates a CRC64NVME checksum for new objects"; API reference, Checksum.ChecksumCRC64NVME:
 * "or if the object was uploaded without a checksum (and Amazon S3 added the default checksum").
 */
function defaultObjectChecksum(body: Buffer): Checksum | undefined {
  const value = checksumOf("CRC64NVME", body);
  return value === undefined ? undefined : { algorithm: "CRC64NVME", value, type: "FULL_OBJECT" };
}

/**
 * The composite checksum of an upload created with a ChecksumAlgorithm whose parts all carry one. A
 * value the completion names must be it ("-N" suffix or not), else BadDigest: "If the two values
 * don't match, S3 fails the request with a BadDigest error" (S3 User Guide, "Checking object integrity").
 */
function compositeUploadChecksum(upload: Upload, parts: Part[], declared: ChecksumRequest | undefined): Checksum | undefined {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm || parts.some((p) => p.checksum?.algorithm !== algorithm)) return undefined;
  const value = compositeChecksum(algorithm, parts.map((p) => p.checksum?.value ?? ""));
  if (value === undefined) return undefined;
  const named = declared?.algorithm === algorithm ? declared.value : undefined;
  if (named !== undefined && named !== value && named !== value.replace(/-\d+$/, "")) throw badDigest(algorithm);
  return { algorithm, value, type: "COMPOSITE" };
}

/** A FULL_OBJECT upload's checksum: of the whole object, as a single PutObject's; a value the client sent must match it. */
function fullObjectChecksum(upload: Upload, body: Buffer, declared: ChecksumRequest | undefined): Checksum | undefined {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm) return undefined;
  const value = checksumOf(algorithm, body);
  if (value === undefined) return undefined;
  if (declared?.algorithm === algorithm && declared.value !== undefined && declared.value !== value) throw badDigest(algorithm);
  return { algorithm, value, type: "FULL_OBJECT" };
}

export async function abortMultipartUpload(ctx: S3Context, input: { Bucket: string; Key: string; UploadId: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  const upload = findUpload(bucket, input.Key, input.UploadId);
  await change(ctx, { t: "endUpload", bucket: bucket.name, uploadId: input.UploadId });
  dropBlobs(ctx, [...upload.parts.values()].map((p) => p.blob));
}

export interface ListPartsOutput {
  upload: Upload;
  parts: Part[];
  maxParts: number;
  isTruncated: boolean;
  nextPartNumberMarker?: number;
}

export function listParts(ctx: S3Context, input: { Bucket: string; Key: string; UploadId: string; MaxParts?: number; PartNumberMarker?: number }): ListPartsOutput {
  const upload = findUpload(findBucket(ctx, input.Bucket), input.Key, input.UploadId);
  const maxParts = Math.min(input.MaxParts ?? MAX_KEYS, MAX_KEYS);
  const after = input.PartNumberMarker ?? 0;
  const all = [...upload.parts.values()].filter((p) => p.partNumber > after).sort((a, b) => a.partNumber - b.partNumber);
  const parts = all.slice(0, maxParts);
  const isTruncated = all.length > parts.length;
  return { upload, parts, maxParts, isTruncated, ...(parts.length > 0 ? { nextPartNumberMarker: parts[parts.length - 1].partNumber } : {}) };
}

export interface ListMultipartUploadsInput {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxUploads?: number;
  KeyMarker?: string;
  UploadIdMarker?: string;
}

export interface ListMultipartUploadsOutput {
  uploads: Upload[];
  commonPrefixes: string[];
  maxUploads: number;
  isTruncated: boolean;
}

/**
 * Uploads by key, then oldest first (AWS-recorded, though the docs say by upload id), after KeyMarker,
 * or after UploadIdMarker within KeyMarker's uploads (ignored without a KeyMarker); keys sharing a
 * prefix up to the delimiter rolled up into one CommonPrefix, listed once, before the keys in it.
 */
export function listMultipartUploads(ctx: S3Context, input: ListMultipartUploadsInput): ListMultipartUploadsOutput {
  const bucket = findBucket(ctx, input.Bucket);
  const maxUploads = Math.min(input.MaxUploads ?? MAX_KEYS, MAX_KEYS);
  const prefix = input.Prefix ?? "";
  const delimiter = input.Delimiter || undefined;
  const keyMarker = input.KeyMarker || undefined;
  const all = [...bucket.uploads.values()].filter((u) => u.key.startsWith(prefix)).sort((a, b) => compareUtf8(a.key, b.key) || a.initiated - b.initiated);
  let start = 0;
  if (keyMarker !== undefined) {
    const uploadIdMarker = input.UploadIdMarker || undefined;
    if (uploadIdMarker === undefined) start = all.findIndex((u) => compareUtf8(u.key, keyMarker) > 0);
    else {
      const at = all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker);
      if (at < 0) throw invalidArgument("Invalid uploadId marker", "upload-id-marker", uploadIdMarker);
      start = at + 1;
    }
    if (start < 0) start = all.length;
  }
  const out: ListMultipartUploadsOutput = { uploads: [], commonPrefixes: [], maxUploads, isTruncated: false };
  let lastPrefix: string | undefined;
  for (const upload of all.slice(start)) {
    const cut = delimiter ? upload.key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? upload.key.slice(0, cut + (delimiter ?? "").length) : undefined;
    if (common !== undefined && (common === lastPrefix || keyMarker?.startsWith(common))) continue;
    if (out.uploads.length + out.commonPrefixes.length === maxUploads) {
      out.isTruncated = maxUploads > 0;
      break;
    }
    if (common === undefined) out.uploads.push(upload);
    else out.commonPrefixes.push((lastPrefix = common));
  }
  return out;
}
