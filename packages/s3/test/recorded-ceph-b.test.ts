/**
 * Behaviours found by running ceph/s3-tests' second part (acl, policy, tagging, lifecycle, cors,
 * encryption, object lock, public access block, post object, bucket create/delete) against the
 * sandbox, where S3 itself answers as the suite expects. Each case names the suite's test and, where
 * the suite is not the only witness, the AWS source that confirms it.
 */
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand,
  PutBucketEncryptionCommand, PutObjectCommand, UploadPartCommand, UploadPartCopyCommand, type S3ServiceException,
} from "@aws-sdk/client-s3";
import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBucket, failure, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;

beforeAll(async () => {
  f = await startS3();
});
afterAll(async () => {
  await f?.close();
});

const newBucket = (): Promise<string> => createBucket(f.client);

/** An error's extra XML fields (ArgumentName, ArgumentValue) as the SDK exposes them. */
function fields(error: S3ServiceException): Record<string, unknown> {
  return error as unknown as Record<string, unknown>;
}

const KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/testkey-1";
/** An SSE-C key (the SDK takes it base64-encoded) and the MD5 S3 names it by. */
const customerKey = randomBytes(32);
const customerKeyMd5 = createHash("md5").update(customerKey).digest("base64");
const SSE_C = { SSECustomerAlgorithm: "AES256", SSECustomerKey: customerKey.toString("base64") };

/** Raw SSE-C headers (fetch), so a request can carry what the SDK would never send. */
function customerHeaders(key: Buffer, md5 = createHash("md5").update(key).digest("base64")): Record<string, string> {
  return {
    "x-amz-server-side-encryption-customer-algorithm": "AES256",
    "x-amz-server-side-encryption-customer-key": key.toString("base64"),
    "x-amz-server-side-encryption-customer-key-md5": md5,
  };
}

/** The XML error a raw request was refused with: status, Code, Message. */
async function refusal(res: Response): Promise<[number, string | undefined, string | undefined]> {
  const xml = await res.text();
  return [res.status, /<Code>([^<]*)<\/Code>/.exec(xml)?.[1], /<Message>([^<]*)<\/Message>/.exec(xml)?.[1]];
}

describe("SSE-KMS", () => {
  it("names aws:kms and the key's ARN on PutObject, HeadObject and GetObject", async () => {
    // ceph test_sse_kms_method_head, test_sse_kms_transfer_*: the sandbox answered AES256 whatever was asked.
    const bucket = await newBucket();
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY_ARN }));
    expect([put.ServerSideEncryption, put.SSEKMSKeyId]).toEqual(["aws:kms", KEY_ARN]);
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(["aws:kms", KEY_ARN]);
    const get = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([get.ServerSideEncryption, get.SSEKMSKeyId]).toEqual(["aws:kms", KEY_ARN]);
  });

  it("expands a bare key ID into an ARN of the region and account", async () => {
    // localstack test_s3_sse_* captures (AWS-validated): objects report SSEKMSKeyId as a full key ARN.
    const bucket = await newBucket();
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: "1234abcd" }));
    expect(put.SSEKMSKeyId).toBe("arn:aws:kms:us-east-1:000000000000:key/1234abcd");
  });

  it("applies a bucket's default aws:kms encryption to writes that name none, multipart ones too", async () => {
    // ceph test_sse_kms_default_upload_*, test_sse_kms_default_post_object_authenticated_request
    const bucket = await newBucket();
    await f.client.send(new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: KEY_ARN } }] },
    }));
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    expect([put.ServerSideEncryption, put.SSEKMSKeyId]).toEqual(["aws:kms", KEY_ARN]);
    const { UploadId, ServerSideEncryption } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "m" }));
    expect(ServerSideEncryption).toBe("aws:kms");
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "m", UploadId, PartNumber: 1, Body: "y" }));
    expect(part.SSEKMSKeyId).toBe(KEY_ARN);
    const done = await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "m", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect([done.ServerSideEncryption, done.SSEKMSKeyId]).toEqual(["aws:kms", KEY_ARN]);
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "m" }));
    expect(head.ServerSideEncryption).toBe("aws:kms");
  });

  it("refuses a KMS key without aws:kms, an unknown method, and SSE-C beside another method", async () => {
    // ceph test_sse_kms_not_declared, test_put_obj_enc_conflict_s3_kms / _bad_enc_kms / _c_s3 / _c_kms;
    // texts as localstack's AWS-validated captures record them.
    const bucket = await newBucket();
    const put = (headers: Record<string, string>) => fetch(`${f.url}/${bucket}/k`, { method: "PUT", headers, body: "x" });
    expect(await refusal(await put({ "x-amz-server-side-encryption-aws-kms-key-id": "testkey-2" }))).toEqual([
      400, "InvalidArgument", "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
    ]);
    expect(await refusal(await put({ "x-amz-server-side-encryption": "AES256", "x-amz-server-side-encryption-aws-kms-key-id": "testkey-2" }))).toEqual([
      400, "InvalidArgument", "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
    ]);
    expect(await refusal(await put({ "x-amz-server-side-encryption": "aes:kms" }))).toEqual([400, "InvalidArgument", "The encryption method specified is not supported"]);
    for (const sse of ["AES256", "aws:kms"]) {
      expect(await refusal(await put({ "x-amz-server-side-encryption": sse, ...customerHeaders(customerKey) }))).toEqual([
        400, "InvalidArgument", "Server Side Encryption with Customer provided key is incompatible with the encryption method specified",
      ]);
    }
  });
});

describe("SSE-C", () => {
  it("keeps an object written with a customer key from reads without it, and names the key's MD5 to reads with it", async () => {
    // ceph test_encryption_sse_c_present, test_encryption_sse_c_method_head, test_encrypted_transfer_*; text of boto3#1482.
    const bucket = await newBucket();
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "secret", ...SSE_C }));
    expect([put.SSECustomerAlgorithm, put.SSECustomerKeyMD5, put.ServerSideEncryption]).toEqual(["AES256", customerKeyMd5, undefined]);
    const refused = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k" })));
    expect([refused.$metadata.httpStatusCode, refused.name, refused.message]).toEqual([
      400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
    ]);
    expect((await failure(f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" })))).$metadata.httpStatusCode).toBe(400);
    const get = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", ...SSE_C }));
    expect([await get.Body?.transformToString(), get.SSECustomerKeyMD5]).toEqual(["secret", customerKeyMd5]);
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k", ...SSE_C }));
    expect([head.SSECustomerAlgorithm, head.ServerSideEncryption]).toEqual(["AES256", undefined]);
  });

  it("refuses another key with AccessDenied, and a key for an object written without one", async () => {
    // ceph test_encryption_sse_c_other_key expects 400; S3 answers 403 (localstack's AWS-validated captures);
    // a key for a plain object: boto3#982.
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "secret", ...SSE_C }));
    const other = await fetch(`${f.url}/${bucket}/k`, { headers: customerHeaders(randomBytes(32)) });
    expect(await refusal(other)).toEqual([403, "AccessDenied", "Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key."]);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "plain", Body: "x" }));
    const plain = await fetch(`${f.url}/${bucket}/plain`, { headers: customerHeaders(customerKey) });
    expect(await refusal(plain)).toEqual([400, "InvalidRequest", "The encryption parameters are not applicable to this object."]);
  });

  it("checks the customer key's headers on a write: algorithm, key, MD5, length", async () => {
    // ceph test_encryption_sse_c_invalid_md5, _no_key, test_encryption_key_no_sse_c; texts of localstack's
    // AWS-validated captures, aws-sdk-go#1726 (MD5 checked before the key's length) and aws-sdk-js-v3#5651.
    const bucket = await newBucket();
    const put = (headers: Record<string, string>) => fetch(`${f.url}/${bucket}/k`, { method: "PUT", headers, body: "x" });
    const { "x-amz-server-side-encryption-customer-algorithm": _algorithm, ...withoutAlgorithm } = customerHeaders(customerKey);
    expect(await refusal(await put(customerHeaders(customerKey, "AAAAAAAAAAAAAAAAAAAAAA==")))).toEqual([
      400, "InvalidArgument", "The calculated MD5 hash of the key did not match the hash that was provided.",
    ]);
    expect(await refusal(await put({ "x-amz-server-side-encryption-customer-algorithm": "AES256" }))).toEqual([
      400, "InvalidArgument", "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.",
    ]);
    expect(await refusal(await put(withoutAlgorithm))).toEqual([
      400, "InvalidArgument", "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.",
    ]);
    expect(await refusal(await put({ ...customerHeaders(customerKey), "x-amz-server-side-encryption-customer-algorithm": "AES128" }))).toEqual([
      400, "InvalidEncryptionAlgorithmError", "The Encryption request you specified is not valid. Supported value: AES256.",
    ]);
    expect(await refusal(await put(customerHeaders(randomBytes(10))))).toEqual([400, "InvalidArgument", "The secret key was invalid for the specified algorithm."]);
  });

  it("holds every part of an SSE-C upload to the key it began with", async () => {
    // ceph test_encryption_sse_c_multipart_invalid_chunks_1 / _2, test_encryption_sse_c_multipart_upload; texts of aws-sdk-ruby#1084
    // and localstack's AWS-validated captures.
    const bucket = await newBucket();
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "m", ...SSE_C }));
    const part = (headers: Record<string, string>) => fetch(`${f.url}/${bucket}/m?partNumber=1&uploadId=${UploadId}`, { method: "PUT", headers, body: "y" });
    expect(await refusal(await part(customerHeaders(randomBytes(32))))).toEqual([400, "InvalidRequest", "The provided encryption parameters did not match the ones used originally."]);
    expect(await refusal(await part({}))).toEqual([
      400, "InvalidRequest", "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.",
    ]);
    expect((await refusal(await part(customerHeaders(customerKey, "AAAAAAAAAAAAAAAAAAAAAA=="))))[1]).toBe("InvalidArgument");
    const ok = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "m", UploadId, PartNumber: 1, Body: "y", ...SSE_C }));
    expect(ok.SSECustomerKeyMD5).toBe(customerKeyMd5);
    await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "m", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: ok.ETag }] } }));
    expect((await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "m" })))).name).toBe("InvalidRequest");
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "m", ...SSE_C }))).Body?.transformToString()).toBe("y");
  });

  it("answers GetObjectAttributes of an SSE-C object only with its key", async () => {
    // ceph test_get_sse_c_encrypted_object_attributes (API reference GetObjectAttributes: SSE-C objects need the key's headers).
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x".repeat(10), ...SSE_C }));
    const refused = await failure(f.client.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "k", ObjectAttributes: ["ObjectSize"] })));
    expect([refused.$metadata.httpStatusCode, refused.name]).toEqual([400, "InvalidRequest"]);
    const out = await f.client.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "k", ObjectAttributes: ["ObjectSize"], ...SSE_C }));
    expect(out.ObjectSize).toBe(10);
  });

  it("copies an SSE-C source into a part only with its key, and names the upload's encryption", async () => {
    // UploadPartCopy takes the copy-source key trio and the upload's own (API reference UploadPartCopy).
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "src", Body: "secret", ...SSE_C }));
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "m", ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY_ARN }));
    const refused = await failure(f.client.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "m", UploadId, PartNumber: 1, CopySource: `${bucket}/src` })));
    expect(refused.name).toBe("InvalidRequest");
    const part = await f.client.send(new UploadPartCopyCommand({
      Bucket: bucket, Key: "m", UploadId, PartNumber: 1, CopySource: `${bucket}/src`,
      CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: customerKey.toString("base64"),
    }));
    expect([part.ServerSideEncryption, part.SSEKMSKeyId]).toEqual(["aws:kms", KEY_ARN]);
  });

  it("copies an SSE-C source only with its key", async () => {
    // The copy-source trio must carry the key the source was written with (S3 User Guide, "Specifying server-side encryption with customer-provided keys").
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "secret", ...SSE_C }));
    const refused = await failure(f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy", CopySource: `${bucket}/k` })));
    expect(refused.name).toBe("InvalidRequest");
    const copy = await f.client.send(new CopyObjectCommand({
      Bucket: bucket, Key: "copy", CopySource: `${bucket}/k`, CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: customerKey.toString("base64"),
    }));
    expect(copy.ServerSideEncryption).toBe("AES256");
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "copy" }))).Body?.transformToString()).toBe("secret");
    expect(fields(refused).ArgumentName).toBeUndefined();
  });
});

describe("headers", () => {
  it("serves a request whose Expect is not 100-continue as if it had none", async () => {
    // ceph test_headers.py test_object_create_bad_expect_mismatch / _empty, test_bucket_create_bad_expect_mismatch:
    // S3 writes the object (node's HTTP server would answer 417 Expectation Failed).
    const bucket = await newBucket();
    for (const value of ["200", ""]) {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(`${f.url}/${bucket}/k`, { method: "PUT", headers: { expect: value, "content-length": "3" } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on("error", reject);
        req.end("bar");
      });
      expect(status).toBe(200);
    }
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).Body?.transformToString()).toBe("bar");
  });
});
