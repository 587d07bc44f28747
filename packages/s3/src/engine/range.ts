import { invalidArgument, invalidRange, invalidRequest, partNumberNotSatisfiable } from "../errors.js";
import type { S3Object } from "./state.js";

/** An inclusive byte range of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a GetObject `Range: bytes=…` header asks for. A header S3 cannot read (several
 * ranges, another unit) is ignored and the whole object is sent; one past the object's end
 * is InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end };
}

/**
 * UploadPartCopy's x-amz-copy-source-range: exactly "bytes=first-last" inside the source object,
 * else InvalidArgument (texts as S3 answers them; s3rver and other S3 emulators carry the same).
 */
export function parseCopySourceRange(header: string, size: number): ByteRange {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  // first > last is a malformed range; a first byte past the source is InvalidRequest (localstack test_s3_api.snapshot.json, AWS-recorded).
  if (!m || Number(m[1]) > Number(m[2])) {
    throw invalidArgument(
      "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
      "x-amz-copy-source-range",
      header,
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start >= size) throw invalidRequest("The specified copy range is invalid for the source object size");
  if (end >= size) throw invalidArgument(`Range specified is not valid for source object of size: ${size}`, "x-amz-copy-source-range", header);
  return { start, end };
}

/**
 * The bytes of one part of an object (GetObject / HeadObject ?partNumber=N): a multipart object's
 * parts as uploaded; any other object is one part. Answered 206 with the part's Content-Range.
 */
export function partRange(object: S3Object, partNumber: number): ByteRange | undefined {
  const sizes = object.partSizes ?? [object.size];
  if (partNumber > sizes.length) throw partNumberNotSatisfiable(partNumber, sizes.length);
  let start = 0;
  for (const size of sizes.slice(0, partNumber - 1)) start += size;
  const size = sizes[partNumber - 1];
  return size === 0 ? undefined : { start, end: start + size - 1 };
}
