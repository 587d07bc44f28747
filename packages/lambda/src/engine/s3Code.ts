/**
 * A deployment package given as ZipFile or as an object in the sandbox's S3 (FunctionCode's
 * and LayerVersionContentInput's S3Bucket, S3Key, S3ObjectVersion), read with GetObject as
 * Lambda reads it. The package then goes the way of an uploaded zip (zipCode.ts): the
 * 250 MB unzipped quota applies, the 50 MB one only to a direct upload (wire.ts).
 */
import { AwsError, type AwsDispatcher } from "@sam-sandbox/core";
import { InvalidParameterValueException, messages } from "../errors.js";
import { str, type Input } from "./apiContext.js";

const S3_MEMBERS = ["S3Bucket", "S3Key", "S3ObjectVersion"] as const;

/**
 * The package's bytes, or the base64 text a JSON body carried. `s3`: the dispatcher that
 * reaches the sandbox's S3 (none for a bare engine).
 */
export async function packageOf(code: Input, s3: AwsDispatcher | undefined): Promise<string | Uint8Array> {
  const zip = code.ZipFile;
  const hasZip = typeof zip === "string" || zip instanceof Uint8Array;
  if (hasZip && S3_MEMBERS.some((member) => code[member] !== undefined)) throw new InvalidParameterValueException(messages.zipFileWithS3());
  if (hasZip) return zip;
  const bucket = str(code, "S3Bucket");
  const key = str(code, "S3Key");
  if (bucket === undefined || key === undefined) {
    if (str(code, "ImageUri") !== undefined) throw new InvalidParameterValueException(messages.codeFromImage());
    throw new InvalidParameterValueException(messages.noCodeSource());
  }
  if (!s3) throw new InvalidParameterValueException(messages.s3Unreachable());
  const version = str(code, "S3ObjectVersion");
  try {
    const out = await s3.call("s3", "GetObject", { Bucket: bucket, Key: key, ...(version !== undefined ? { VersionId: version } : {}) }, { binary: true });
    const body = out.Body;
    return body instanceof Uint8Array ? body : Buffer.from(typeof body === "string" ? body : "");
  } catch (error) {
    if (error instanceof AwsError) throw new InvalidParameterValueException(messages.getObjectFailed(error.code, error.message));
    throw error;
  }
}
