/** Multipart upload actions on the wire. */
import { requestedAcl } from "./aclRequest.js";
import { OWNER } from "../engine/context.js";
import { checksumTypeOfUpload } from "../engine/multipart.js";
import { invalidPartNumber, invalidPartOrder, malformedXml, noSuchUpload } from "../errors.js";
import { CHECKSUM_ALGORITHMS } from "../engine/checksums.js";
import { MAX_PART_NUMBER } from "../limits.js";
import { parseTaggingHeader } from "../engine/tags.js";
import { empty, xmlOk, type ActionHandler, type S3Call } from "./call.js";
import {
  checkWriteConditionHeaders, checksumAlgorithmOf, checksumHeaders, checksumRequestOf, checksumTypeOf, declaredObjectChecksumOf, intParam, metadataOf, objectHeadersOf, objectLockHeadersOf, readConditions, storageClassOf,
  copySourceVersionHeader, writtenVersionHeader,
} from "./headers.js";
import { countElements, document, el, isoTime, nodes, parseXmlBody, text } from "./xml.js";
import { abortHeaders, expirationHeader } from "./lifecycle.js";
import { customerKeyOf, encryptionHeaders, requestedEncryption } from "./encryption.js";
import { commonPrefixes, encoder } from "./listEncoding.js";


function partNumberOf(query: URLSearchParams): number {
  const raw = query.get("partNumber") ?? "";
  if (!/^\d+$/.test(raw)) throw invalidPartNumber(raw);
  return Number(raw);
}

function uploadIdOf(query: URLSearchParams): string {
  const id = query.get("uploadId");
  if (id === null || id === "") throw noSuchUpload(id ?? "");
  return id;
}

export const CreateMultipartUpload: ActionHandler = async (call) => {
  const { engine, req, bucket, key } = call;
  const h = req.headers;
  const algorithm = checksumAlgorithmOf(h);
  // The ACL the completed object gets, checked as PutObject's is.
  const acl = requestedAcl(call, false);
  if (acl) engine.checkAclAllowed({ Bucket: bucket, ownerOnly: acl.ownerOnly, xml: acl.xml });
  const encryption = requestedEncryption(engine, bucket, call.region, h);
  const { UploadId, ChecksumType } = await engine.createMultipartUpload({
    ...(acl?.xml === undefined ? {} : { Acl: acl.xml }),
    Bucket: bucket,
    Key: key,
    headers: objectHeadersOf(h),
    Metadata: metadataOf(h),
    Tags: h["x-amz-tagging"] === undefined ? undefined : parseTaggingHeader(h["x-amz-tagging"]),
    StorageClass: storageClassOf(h),
    ChecksumAlgorithm: algorithm,
    ChecksumType: checksumTypeOf(h),
    Lock: objectLockHeadersOf(h),
    Encryption: encryption,
  });
  const headers: Record<string, string> = { ...encryptionHeaders(encryption), ...abortHeaders(engine, { Bucket: bucket, UploadId }) };
  if (algorithm && ChecksumType) {
    headers["x-amz-checksum-algorithm"] = algorithm;
    headers["x-amz-checksum-type"] = ChecksumType;
  }
  return xmlOk(document("InitiateMultipartUploadResult", `${el("Bucket", bucket)}${el("Key", key)}${el("UploadId", UploadId)}`), headers);
};

export const UploadPart: ActionHandler = async ({ engine, req, query, bucket, key, body, trailers }) => {
  const customerKeyMd5 = customerKeyOf(req.headers);
  const out = await engine.uploadPart({
    Bucket: bucket,
    Key: key,
    UploadId: uploadIdOf(query),
    PartNumber: partNumberOf(query),
    Body: body,
    checksum: checksumRequestOf(req.headers, trailers),
    ...(customerKeyMd5 === undefined ? {} : { CustomerKeyMd5: customerKeyMd5 }),
  });
  return empty(200, { etag: out.ETag, ...encryptionHeaders(out.encryption), ...checksumHeaders(out.checksum) });
};

export const UploadPartCopy: ActionHandler = async ({ engine, req, query, bucket, key }) => {
  const customerKeyMd5 = customerKeyOf(req.headers);
  const sourceKeyMd5 = customerKeyOf(req.headers, true);
  const out = await engine.uploadPartCopy({
    ...(customerKeyMd5 === undefined ? {} : { CustomerKeyMd5: customerKeyMd5 }),
    ...(sourceKeyMd5 === undefined ? {} : { SourceCustomerKeyMd5: sourceKeyMd5 }),
    Bucket: bucket,
    Key: key,
    UploadId: uploadIdOf(query),
    PartNumber: partNumberOf(query),
    CopySource: req.headers["x-amz-copy-source"] ?? "",
    CopySourceRange: req.headers["x-amz-copy-source-range"],
    sourceConditions: readConditions(req.headers, "x-amz-copy-source-"),
  });
  // The source version copied, as CopyObject names it (UploadPartCopy API reference: x-amz-copy-source-version-id).
  return xmlOk(document("CopyPartResult", `${el("ETag", out.ETag)}${el("LastModified", isoTime(out.LastModified.getTime()))}`), { ...encryptionHeaders(out.encryption), ...copySourceVersionHeader(out.CopySourceVersionId) });
};

function complete({ engine, req, bucket, key, body }: Pick<S3Call, "engine" | "req" | "bucket" | "key" | "body">, uploadId: string) {
  // The upload first (NoSuchUpload), as S3 answers. Part numbers ascend from 1 to 10,000: a
  // list of more parts cannot be in order, and is refused unparsed.
  engine.listParts({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 1 });
  if (countElements(body, "Part") > MAX_PART_NUMBER) throw invalidPartOrder(uploadId);
  const request = parseXmlBody(body, "CompleteMultipartUpload");
  const parts = nodes(request, "Part").map((p) => {
    const number = text(p, "PartNumber");
    const etag = text(p, "ETag");
    if (number === undefined || !/^\d+$/.test(number) || etag === undefined) throw malformedXml();
    const checksums = CHECKSUM_ALGORITHMS.filter((a) => text(p, `Checksum${a}`) !== undefined);
    return { PartNumber: Number(number), ETag: etag, Checksums: checksums };
  });
  checkWriteConditionHeaders(req.headers);
  return engine.completeMultipartUpload({
    Bucket: bucket, Key: key, UploadId: uploadId, Parts: parts, ChecksumType: checksumTypeOf(req.headers), checksum: declaredObjectChecksumOf(req.headers),
    IfNoneMatch: req.headers["if-none-match"], IfMatch: req.headers["if-match"],
  });
}

export const CompleteMultipartUpload: ActionHandler = async ({ engine, req, query, bucket, key, body }) => {
  const uploadId = uploadIdOf(query);
  // Completing again answers with what the first completion made.
  const completed = engine.completedUpload({ Bucket: bucket, Key: key, UploadId: uploadId });
  const { ETag, object } = completed ? { ETag: completed.etag, object: completed } : await complete({ engine, req, bucket, key, body }, uploadId);
  const host = req.headers.host ?? "localhost";
  const location = `http://${host}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, "/")}`;
  const checksum = object.checksum ? `${el(`Checksum${object.checksum.algorithm}`, object.checksum.value)}${el("ChecksumType", object.checksum.type)}` : "";
  // CompleteMultipartUpload names no SSE-C key (API reference: no SSECustomer* in its output).
  const encryption = object.encryption?.algorithm === "customer" ? {} : encryptionHeaders(object.encryption);
  return xmlOk(document("CompleteMultipartUploadResult", `${el("Location", location)}${el("Bucket", bucket)}${el("Key", key)}${el("ETag", ETag)}${checksum}`), {
    ...encryption, ...expirationHeader(engine, { Bucket: bucket, Key: key, VersionId: object.versionId }), ...writtenVersionHeader(object.versionId),
  });
};

export const AbortMultipartUpload: ActionHandler = async ({ engine, query, bucket, key }) => {
  await engine.abortMultipartUpload({ Bucket: bucket, Key: key, UploadId: uploadIdOf(query) });
  return empty(204);
};

const OWNER_XML = el("ID", OWNER.ID);

export const ListParts: ActionHandler = ({ engine, query, bucket, key }) => {
  const uploadId = uploadIdOf(query);
  const marker = intParam(query, "part-number-marker", "Provided part-number-marker not an integer or within integer range");
  const out = engine.listParts({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: intParam(query, "max-parts", "Provided max-parts not an integer or within integer range"), PartNumberMarker: marker });
  const parts = out.parts
    .map((p) => `<Part>${el("PartNumber", p.partNumber)}${el("LastModified", isoTime(p.lastModified))}${el("ETag", p.etag)}${el("Size", p.size)}${p.checksum ? el(`Checksum${p.checksum.algorithm}`, p.checksum.value) : ""}</Part>`)
    .join("");
  const body =
    el("Bucket", bucket) + el("Key", key) + el("UploadId", uploadId) +
    el("PartNumberMarker", marker ?? 0) +
    // 0 when the page lists no part (AWS-recorded).
    el("NextPartNumberMarker", out.nextPartNumberMarker ?? 0) +
    el("MaxParts", out.maxParts) +
    el("IsTruncated", out.isTruncated) +
    parts +
    `<Initiator>${OWNER_XML}</Initiator><Owner>${OWNER_XML}</Owner>` +
    el("StorageClass", out.upload.storageClass) +
    (out.upload.checksumAlgorithm ? el("ChecksumAlgorithm", out.upload.checksumAlgorithm) + el("ChecksumType", checksumTypeOfUpload(out.upload)) : "");
  return xmlOk(document("ListPartsResult", body), abortHeaders(engine, { Bucket: bucket, UploadId: uploadId }));
};

export const ListMultipartUploads: ActionHandler = ({ engine, query, bucket }) => {
  const enc = encoder(query.get("encoding-type"));
  const prefix = query.get("prefix") ?? undefined;
  const delimiter = query.get("delimiter") || undefined;
  const keyMarker = query.get("key-marker") ?? "";
  // Without a key marker S3 ignores the upload-id marker, and answers it empty (AWS-recorded).
  const uploadIdMarker = keyMarker === "" ? "" : (query.get("upload-id-marker") ?? "");
  const out = engine.listMultipartUploads({
    Bucket: bucket, Prefix: prefix, Delimiter: delimiter, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker,
    MaxUploads: intParam(query, "max-uploads", "Provided max-uploads not an integer or within integer range"),
  });
  const uploads = out.uploads
    .map((u) => `<Upload>${el("Key", enc(u.key))}${el("UploadId", u.uploadId)}<Initiator>${OWNER_XML}</Initiator><Owner>${OWNER_XML}</Owner>${el("StorageClass", u.storageClass)}${el("Initiated", isoTime(u.initiated))}</Upload>`)
    .join("");
  // The next markers name the page's last upload, truncated or not; empty when it lists none (AWS-recorded).
  const last = out.uploads.at(-1);
  const body =
    el("Bucket", bucket) + el("KeyMarker", enc(keyMarker)) + el("UploadIdMarker", uploadIdMarker) +
    el("NextKeyMarker", last ? enc(last.key) : "") + el("Prefix", enc(prefix)) + el("Delimiter", enc(delimiter)) +
    el("NextUploadIdMarker", last?.uploadId ?? "") + el("MaxUploads", out.maxUploads) + el("IsTruncated", out.isTruncated) + uploads +
    commonPrefixes(out.commonPrefixes, enc) + el("EncodingType", query.get("encoding-type") ?? undefined);
  return xmlOk(document("ListMultipartUploadsResult", body));
};
