/**
 * AWS managed policies the sandbox ships (arn:aws:iam::aws:policy/<path><name>): the ones
 * serverless applications attach most, with AWS's ids, versions, dates and documents.
 * Data in awsManagedPolicyData.ts.
 */
import { AWS_MANAGED_POLICY_DATA, type AwsManagedPolicyData } from "./awsManagedPolicyData.js";

export interface AwsManagedPolicy extends AwsManagedPolicyData {
  Arn: string;
}

let byArn: Map<string, AwsManagedPolicy> | undefined;

function index(): Map<string, AwsManagedPolicy> {
  byArn ??= new Map(AWS_MANAGED_POLICY_DATA.map((p) => [awsPolicyArn(p.Path, p.PolicyName), { ...p, Arn: awsPolicyArn(p.Path, p.PolicyName) }]));
  return byArn;
}

export function awsPolicyArn(path: string, name: string, partition = "aws"): string {
  return `arn:${partition}:iam::aws:policy${path}${name}`;
}

/** The shipped AWS managed policy an ARN names (any partition), if the sandbox has it. */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return index().get(arn.replace(/^arn:[^:]+:/, "arn:aws:"));
}

export function awsManagedPolicies(): AwsManagedPolicy[] {
  return [...index().values()];
}

/** Whether an ARN is in AWS's namespace (arn:aws:iam::aws:policy/…), shipped or not. */
export function isAwsManagedArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}
