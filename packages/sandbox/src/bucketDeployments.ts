/**
 * CDK BucketDeployments (Custom::CDKBucketDeployment) at start-up: each source directory in
 * cdk.out is put into its bucket, as CDK's provider does on deploy (unzip, replace the
 * deploy-time markers, `aws s3 sync` with the Exclude/Include filters and metadata). A file
 * already there with the same content is left alone, so a restart does not send its bucket's
 * notifications again. `Prune` (deleting what the source lacks) is not applied.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";
import mime from "mime";
import type { Logger } from "@sam-sandbox/core";
import type { S3 } from "@sam-sandbox/s3";
import type { BucketDeploymentSpec, BucketSpec } from "@sam-sandbox/template";

export async function deployBucketContents(s3: S3, bucket: BucketSpec, logger: Logger): Promise<void> {
  for (const deployment of bucket.deployments ?? []) {
    try {
      const copied = await deploy(s3, bucket.bucketName, deployment);
      logger.debug(`${deployment.logicalId}: ${copied} file(s) put into s3://${bucket.bucketName}/${deployment.keyPrefix}`);
    } catch (error) {
      // As a failed deployment on AWS leaves the bucket as it was, the rest of the app still starts.
      logger.warn(`${deployment.logicalId}: the BucketDeployment into ${bucket.bucketName} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function deploy(s3: S3, bucketName: string, deployment: BucketDeploymentSpec): Promise<number> {
  let copied = 0;
  for (const source of deployment.sources) {
    for (const file of filesUnder(source.dir)) {
      const path = relative(source.dir, file).split(sep).join("/");
      if (!included(path, deployment)) continue;
      const body = withMarkers(readFileSync(file), source.markers, source.jsonEscape);
      const key = `${deployment.keyPrefix}${path}`;
      if (sameObject(s3, bucketName, key, body)) continue;
      await s3.engine.putObject({ Bucket: bucketName, Key: key, Body: body, headers: headersOf(path, deployment), Metadata: deployment.userMetadata });
      copied += 1;
    }
  }
  return copied;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** `aws s3 sync --exclude … --include …`: everything is included, the last filter that matches decides. */
function included(path: string, deployment: BucketDeploymentSpec): boolean {
  let keep = true;
  for (const pattern of deployment.exclude) if (globMatches(pattern, path)) keep = false;
  for (const pattern of deployment.include) if (globMatches(pattern, path)) keep = true;
  return keep;
}

/** The AWS CLI's filter patterns: `*` any text (slashes too), `?` one character, `[seq]` / `[!seq]` a set. */
function globMatches(pattern: string, path: string): boolean {
  const source = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".").replace(/\[!/g, "[^");
  try {
    return new RegExp(`^${source}$`).test(path);
  } catch {
    return pattern === path;
  }
}

/** CDK's replace_markers: each `<<marker:0xbaba:N>>` becomes its value (JSON-escaped for Source.jsonData). */
function withMarkers(body: Buffer, markers: Record<string, unknown>, jsonEscape: boolean): Buffer {
  const entries = Object.entries(markers);
  if (entries.length === 0) return body;
  let text = body.toString("latin1");
  for (const [marker, value] of entries) {
    const replacement = jsonEscape ? unquotedJson(value) : String(value);
    text = text.split(marker).join(Buffer.from(replacement, "utf8").toString("latin1"));
  }
  return Buffer.from(text, "latin1");
}

const unquotedJson = (value: unknown): string => {
  const json = JSON.stringify(value);
  return json.startsWith('"') && json.endsWith('"') ? json.slice(1, -1) : json;
};

function sameObject(s3: S3, bucket: string, key: string, body: Buffer): boolean {
  try {
    const { object } = s3.engine.headObject({ Bucket: bucket, Key: key });
    return object.etag === `"${createHash("md5").update(body).digest("hex")}"`;
  } catch {
    return false;
  }
}

/** The content type `aws s3 sync` guesses from the file's extension, unless SystemMetadata sets one. */
function headersOf(path: string, deployment: BucketDeploymentSpec) {
  const system = deployment.systemMetadata;
  const guessed = mime.getType(path);
  const contentType = system["content-type"] ?? guessed ?? undefined;
  return {
    ...(contentType ? { contentType } : {}),
    ...(system["cache-control"] ? { cacheControl: system["cache-control"] } : {}),
    ...(system["content-disposition"] ? { contentDisposition: system["content-disposition"] } : {}),
    ...(system["content-encoding"] ? { contentEncoding: system["content-encoding"] } : {}),
    ...(system["content-language"] ? { contentLanguage: system["content-language"] } : {}),
    ...(system.expires ? { expires: system.expires } : {}),
  };
}
