/**
 * The S3 objects an export writes and an import reads, reached through the sandbox's
 * dispatcher (DESIGN.md rule 1: DynamoDB calls S3 as a client would, never its code).
 */
import { AwsError, type AwsDispatcher } from "@sam-sandbox/core";

/** Why a job failed: its FailureCode and FailureMessage. */
export class TransferFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * S3's refusal as a job's failure: FailureCode "S3" and S3's code ("S3NoSuchBucket", as an
 * export to a missing bucket fails on DynamoDB), FailureMessage S3's message.
 */
function failureOf(error: unknown): unknown {
  if (error instanceof AwsError) return new TransferFailure(`S3${error.code}`, error.message);
  return error;
}

export class TransferS3 {
  constructor(private readonly dispatcher: AwsDispatcher | undefined) {}

  private async call(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.dispatcher) throw new TransferFailure("S3Unavailable", "The sandbox's S3 is not reachable from DynamoDB here");
    try {
      return await this.dispatcher.call("s3", action, input, { binary: true });
    } catch (error) {
      throw failureOf(error);
    }
  }

  /** Writes an object; answers its ETag without quotes. */
  async put(bucket: string, key: string, body: Buffer, owner?: string): Promise<string> {
    const out = await this.call("PutObject", { Bucket: bucket, Key: key, Body: body, ...(owner !== undefined ? { ExpectedBucketOwner: owner } : {}) });
    return String(out.ETag ?? "").replace(/"/g, "");
  }

  /** The keys under `prefix`, in S3's order, at most `limit` (one more tells that there are too many). */
  async list(bucket: string, prefix: string | undefined, limit: number, owner?: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.call("ListObjectsV2", {
        Bucket: bucket,
        ...(prefix ? { Prefix: prefix } : {}),
        ...(token !== undefined ? { ContinuationToken: token } : {}),
        ...(owner !== undefined ? { ExpectedBucketOwner: owner } : {}),
      });
      const contents = Array.isArray(out.Contents) ? (out.Contents as Array<Record<string, unknown>>) : [];
      for (const object of contents) if (typeof object.Key === "string") keys.push(object.Key);
      token = out.IsTruncated === true && typeof out.NextContinuationToken === "string" ? out.NextContinuationToken : undefined;
    } while (token !== undefined && keys.length <= limit);
    return keys;
  }

  async get(bucket: string, key: string, owner?: string): Promise<Buffer> {
    const out = await this.call("GetObject", { Bucket: bucket, Key: key, ...(owner !== undefined ? { ExpectedBucketOwner: owner } : {}) });
    const body = out.Body;
    if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return Buffer.from(typeof body === "string" ? body : "");
  }
}
