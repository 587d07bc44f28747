/**
 * Custom::CDKBucketDeployment (aws-cdk-lib/aws-s3-deployment `BucketDeployment`) → the files to
 * put into a template bucket at start-up. On deploy, CDK's provider function unzips each source
 * (a cdk.out asset published to the bootstrap bucket), replaces its deploy-time markers and runs
 * `aws s3 sync` into DestinationBucketName/DestinationBucketKeyPrefix; here the source is the asset
 * directory in cdk.out itself. What cannot be copied gets one warning naming the resource.
 */
import type { BucketDeploymentSpec, BucketSpec, ResolvedResource } from "../model.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";
import { assetForObjectKey } from "./assets.js";

export const CDK_BUCKET_DEPLOYMENT = "Custom::CDKBucketDeployment";

export function addBucketDeployments(stack: Stack, resources: ResolvedResource[], buckets: BucketSpec[]): void {
  const byName = new Map(buckets.map((b) => [b.bucketName, b]));
  for (const resource of resources) {
    if (resource.type !== CDK_BUCKET_DEPLOYMENT) continue;
    const spec = deploymentOf(stack, resource);
    if (!spec) continue;
    const destination = String(resource.properties.DestinationBucketName);
    const bucket = byName.get(destination);
    if (!bucket) {
      stack.warnings.add(`${CDK_BUCKET_DEPLOYMENT} ${resource.logicalId} deploys to bucket ${destination}, which is not an AWS::S3::Bucket of this template; its files are not copied`);
      continue;
    }
    bucket.deployments = [...(bucket.deployments ?? []), spec];
  }
}

function deploymentOf(stack: Stack, resource: ResolvedResource): BucketDeploymentSpec | undefined {
  const p = resource.properties;
  const what = `${CDK_BUCKET_DEPLOYMENT} ${resource.logicalId}`;
  // The provider reads every property as CloudFormation passes it to a custom resource: as text.
  if (p.Extract !== undefined && String(p.Extract) !== "true") {
    stack.warnings.add(`${what} copies its sources as zip archives (extract: false), which the sandbox does not build; its files are not copied`);
    return undefined;
  }
  const keys = Array.isArray(p.SourceObjectKeys) ? p.SourceObjectKeys : [];
  const bucketNames = Array.isArray(p.SourceBucketNames) ? p.SourceBucketNames : [];
  const markers = Array.isArray(p.SourceMarkers) ? p.SourceMarkers : [];
  const markersConfig = Array.isArray(p.SourceMarkersConfig) ? p.SourceMarkersConfig : [];
  const sources: BucketDeploymentSpec["sources"] = [];
  for (const [i, key] of keys.entries()) {
    const asset = assetForObjectKey(stack.info.dir, key);
    if (asset?.kind !== "directory") {
      const source = `s3://${String(bucketNames[i] ?? "?")}/${String(key)}`;
      stack.warnings.add(asset
        ? `${what}: source ${asset.path} is a zip archive, which the sandbox does not unpack; its files are not copied (deploy a directory with Source.asset(dir))`
        : `${what}: source ${source} is not an asset in ${stack.info.dir}; its files are not copied`);
      continue;
    }
    const config = isRecord(markersConfig[i]) ? markersConfig[i] : {};
    sources.push({ dir: asset.path, markers: isRecord(markers[i]) ? markers[i] : {}, jsonEscape: String(config.jsonEscape) === "true" });
  }
  if (sources.length === 0) return undefined;
  const prefix = typeof p.DestinationBucketKeyPrefix === "string" ? p.DestinationBucketKeyPrefix : "";
  return {
    logicalId: resource.logicalId,
    keyPrefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`,
    sources,
    exclude: strings(p.Exclude),
    include: strings(p.Include),
    systemMetadata: stringMap(p.SystemMetadata),
    userMetadata: stringMap(p.UserMetadata),
    line: resource.line,
  };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

const stringMap = (value: unknown): Record<string, string> =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : {};
