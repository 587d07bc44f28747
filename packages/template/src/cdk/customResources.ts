/**
 * The custom resources CDK adds to a stack by itself, and what the sandbox does with each:
 * - Custom::S3AutoDeleteObjects (`autoDeleteObjects: true`) empties a bucket when the stack is
 *   deleted, Custom::LogRetention sets a log group's retention: nothing to do locally, no noise.
 * - Custom::S3BucketNotifications (`addEventNotification`): applied to the bucket (s3/buckets.ts).
 * - Custom::CDKBucketDeployment (aws-s3-deployment): its source assets are copied into the bucket
 *   at start-up (bucketDeployments.ts).
 * - Custom::AWS (AwsCustomResource) and any other custom resource: one warning naming it, since its
 *   provider's deploy-time work is not done.
 */
import type { FunctionSpec, ResolvedResource } from "../model.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import { isRecord } from "../util.js";

/** Deploy- or delete-time housekeeping with no local effect. */
export const CDK_HOUSEKEEPING_TYPES = ["Custom::S3AutoDeleteObjects", "Custom::LogRetention"];

/** CDK custom resources whose work the sandbox does itself, or has no need of: their provider functions never run at start-up. */
const HANDLED_TYPES = [...CDK_HOUSEKEEPING_TYPES, "Custom::S3BucketNotifications", "Custom::CDKBucketDeployment"];

/** AwsCustomResource's type (aws-cdk-lib/custom-resources): one AWS SDK call per lifecycle event. */
const AWS_CUSTOM_RESOURCE = "Custom::AWS";

export function isCustomResourceType(type: string): boolean {
  return type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource";
}

/** The warning for a custom resource the sandbox does not run (its provider is not invoked). */
export function customResourceWarning(type: string, logicalId: string, properties: Record<string, unknown>): string {
  const getAtt = `Fn::GetAtt ${logicalId}.<attribute> resolves to placeholder text`;
  if (type === AWS_CUSTOM_RESOURCE) {
    const call = sdkCallOf(properties.Create) ?? sdkCallOf(properties.Update);
    return `${type} ${logicalId} (CDK AwsCustomResource) is not run: the AWS SDK call it makes on deploy${call ? ` (${call})` : ""} is not made, and ${getAtt}. ` +
      "Make the call from the app, or once the sandbox is ready (--on-ready)";
  }
  return `${type} ${logicalId} is a custom resource: the sandbox does not invoke its provider (ServiceToken), so what it does on deploy is not done, and ${getAtt}`;
}

/** `{"service":"SSM","action":"getParameter",…}` → "SSM getParameter". */
function sdkCallOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const call: unknown = JSON.parse(value);
    return isRecord(call) && typeof call.service === "string" && typeof call.action === "string" ? `${call.service} ${call.action}` : undefined;
  } catch {
    return undefined;
  }
}

/** Marks the provider functions (ServiceToken) of the CDK custom resources the sandbox handles itself. */
export function markCdkProviders(resources: ResolvedResource[], functions: FunctionIndex): void {
  for (const resource of resources) {
    if (!HANDLED_TYPES.includes(resource.type)) continue;
    const provider: FunctionSpec | undefined = functions.find(resource.properties.ServiceToken);
    if (provider && provider.cdkProviderFor === undefined) provider.cdkProviderFor = resource.type;
  }
}
