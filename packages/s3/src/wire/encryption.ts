/**
 * Server-side encryption on the wire: which encryption a write asks for (x-amz-server-side-encryption*,
 * SSE-C's x-amz-server-side-encryption-customer-*, else the bucket's default), what a response says of
 * it, and the key a read of an SSE-C object must present (API reference PutObject / GetObject; S3 User
 * Guide, "Protecting data with server-side encryption"). No data is actually encrypted: the sandbox
 * keeps what S3 would answer.
 */
import { createHash } from "node:crypto";
import {
  customerAlgorithmWithoutKey, customerKeyMd5Mismatch, customerKeyWithOtherEncryption, customerKeyWithoutAlgorithm, invalidCustomerAlgorithm, invalidCustomerKey,
  kmsKeyWithoutKmsEncryption, unsupportedEncryption,
} from "../errors.js";
import { checkPresentedKey } from "../engine/encryption.js";
import type { S3Engine } from "../engine/engine.js";
import type { Encryption } from "../engine/state.js";

const SSE = "x-amz-server-side-encryption";
const KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
const BUCKET_KEY = "x-amz-server-side-encryption-bucket-key-enabled";
const CUSTOMER = ["algorithm", "key", "key-md5"] as const;
/** SSE-C keys are AES-256 keys: 32 bytes (S3 User Guide, "Specifying server-side encryption with customer-provided keys"). */
const CUSTOMER_KEY_BYTES = 32;

type Headers = Record<string, string | undefined>;

/** The SSE-C headers a request sent (x-amz-copy-source-server-side-encryption-customer-* for a copy's source), validated: the key's MD5, or undefined for none. */
export function customerKeyOf(headers: Headers, copySource = false): string | undefined {
  const prefix = copySource ? "x-amz-copy-source-server-side-encryption-customer-" : "x-amz-server-side-encryption-customer-";
  const [algorithm, key, md5] = CUSTOMER.map((name) => headers[`${prefix}${name}`]);
  if (algorithm === undefined && key === undefined && md5 === undefined) return undefined;
  if (algorithm === undefined) throw customerKeyWithoutAlgorithm();
  if (algorithm !== "AES256") throw invalidCustomerAlgorithm(algorithm);
  if (key === undefined) throw customerAlgorithmWithoutKey();
  const raw = Buffer.from(key, "base64");
  const computed = createHash("md5").update(raw).digest("base64");
  // The MD5 is checked before the key's length (24-byte keys with a wrong MD5 got the MD5 text: aws-sdk-go#1726).
  if (md5 !== undefined && md5 !== computed) throw customerKeyMd5Mismatch();
  if (raw.length !== CUSTOMER_KEY_BYTES) throw invalidCustomerKey();
  return computed;
}

/** The encryption a write (PutObject, CopyObject's target, CreateMultipartUpload, a browser form) asks for, else the bucket's default. */
export function requestedEncryption(engine: S3Engine, bucket: string, region: string, headers: Headers): Encryption {
  const sse = headers[SSE];
  const kmsKey = headers[KMS_KEY];
  const customerKeyMd5 = customerKeyOf(headers);
  if (sse === undefined) {
    if (kmsKey !== undefined) throw kmsKeyWithoutKmsEncryption(kmsKey);
    if (customerKeyMd5 !== undefined) return { algorithm: "customer", keyMd5: customerKeyMd5 };
    return bucketDefault(engine, bucket, region);
  }
  if (customerKeyMd5 !== undefined) throw customerKeyWithOtherEncryption(sse);
  if (sse === "AES256") {
    if (kmsKey !== undefined) throw kmsKeyWithoutKmsEncryption(kmsKey);
    return { algorithm: "AES256" };
  }
  if (sse !== "aws:kms" && sse !== "aws:kms:dsse") throw unsupportedEncryption(sse);
  const fallback = bucketDefault(engine, bucket, region);
  const kms = fallback.algorithm === "aws:kms" || fallback.algorithm === "aws:kms:dsse" ? fallback : undefined;
  const bucketKey = headers[BUCKET_KEY];
  // A request's aws:kms without the Bucket Key header takes the bucket's setting (S3 User Guide, "Specifying server-side encryption with AWS KMS").
  const bucketKeyEnabled = sse === "aws:kms" && (bucketKey === undefined ? kms?.bucketKeyEnabled === true : bucketKey.toLowerCase() === "true");
  return { algorithm: sse, kmsKeyId: kmsKeyArn(engine, region, kmsKey), ...(bucketKeyEnabled ? { bucketKeyEnabled } : {}) };
}

/** The bucket's default encryption (GetBucketEncryption's rule; S3's own default is AES256). */
function bucketDefault(engine: S3Engine, bucket: string, region: string): Encryption {
  const rule = engine.getXmlConfig({ Bucket: bucket, name: "encryption" });
  const algorithm = /<SSEAlgorithm>([^<]*)<\/SSEAlgorithm>/.exec(rule)?.[1];
  if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") return { algorithm: "AES256" };
  const key = /<KMSMasterKeyID>([^<]*)<\/KMSMasterKeyID>/.exec(rule)?.[1];
  const bucketKeyEnabled = algorithm === "aws:kms" && /<BucketKeyEnabled>true<\/BucketKeyEnabled>/.test(rule);
  return { algorithm, kmsKeyId: kmsKeyArn(engine, region, key), ...(bucketKeyEnabled ? { bucketKeyEnabled } : {}) };
}

/**
 * The key ARN an object reports: S3 expands a bare key ID into an ARN of the bucket's region and account
 * (localstack test_s3_sse_* captures); an ARN is kept as given. Without a key, S3 uses the account's AWS
 * managed key aws/s3, which the sandbox names by its alias ARN (it keeps no KMS keys of its own).
 */
function kmsKeyArn(engine: S3Engine, region: string, key: string | undefined): string {
  if (key !== undefined && key.startsWith("arn:")) return key;
  const resource = key === undefined ? "alias/aws/s3" : key.startsWith("alias/") ? key : `key/${key}`;
  return `arn:aws:kms:${region}:${engine.accountId}:${resource}`;
}

/** The headers a response names an object's encryption with (SSE-C's name the algorithm and the key's MD5, never x-amz-server-side-encryption). */
export function encryptionHeaders(encryption: Encryption | undefined): Record<string, string> {
  if (encryption === undefined || encryption.algorithm === "AES256") return { [SSE]: "AES256" };
  if (encryption.algorithm === "customer") {
    return { "x-amz-server-side-encryption-customer-algorithm": "AES256", "x-amz-server-side-encryption-customer-key-md5": encryption.keyMd5 };
  }
  return { [SSE]: encryption.algorithm, [KMS_KEY]: encryption.kmsKeyId, ...(encryption.bucketKeyEnabled ? { [BUCKET_KEY]: "true" } : {}) };
}

/** A read of an object (GetObject, HeadObject) and the SSE-C key its headers present. */
export function checkCustomerKey(encryption: Encryption | undefined, headers: Headers): void {
  checkPresentedKey(encryption, customerKeyOf(headers));
}
