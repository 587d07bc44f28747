/**
 * The tags a resource carries without its template naming them: CloudFormation's stack-level
 * tags on every resource it creates that supports tags ("Resource tag", CloudFormation User
 * Guide, aws-properties-resource-tags: aws:cloudformation:stack-name, aws:cloudformation:logical-id,
 * aws:cloudformation:stack-id), and the tag SAM's transform adds to what it generates
 * (samtranslator model/__init__.py SamResourceMacro._construct_tag_list: SAM's tag first).
 */
import { messages, templateError, type Where } from "./errors.js";
import type { StackInfo } from "./stack.js";
import { isRecord } from "./util.js";

/** SAM's tag on an AWS::Serverless::Function's AWS::Lambda::Function (samtranslator SamResourceMacro._SAM_KEY / _SAM_VALUE). */
export const SAM_FUNCTION_TAG = { key: "lambda:createdBy", value: "SAM" } as const;

/**
 * SAM's tag on an AWS::Serverless::HttpApi, written into its OpenAPI body's tags
 * (x-amazon-apigateway-tag-value): the SAM developer guide's AWS::Serverless::HttpApi Tags
 * ("AWS SAM automatically adds an httpapi:createdBy:SAM tag", only when the body is SAM's or
 * DefinitionBody, not DefinitionUri); samtranslator's integration test http_api_with_cors reads it from GetApi.
 */
export const SAM_HTTP_API_TAG = { key: "httpapi:createdBy", value: "SAM" } as const;

/** SAM `Tags: { Key: Value }`. */
export function samTagMap(tags: unknown): Record<string, string> {
  return isRecord(tags) ? Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, String(value)])) : {};
}

/** CloudFormation `Tags: [{ Key, Value }]`, as a tags map. */
export function cfnTagMap(tags: unknown): Record<string, string> {
  return Array.isArray(tags) ? Object.fromEntries(tags.filter(isRecord).map((tag) => [String(tag.Key), String(tag.Value)])) : {};
}

/** CloudFormation's three tags for the resource `logicalId` of the stack `info`. */
export function stackTags(info: Pick<StackInfo, "stackName" | "stackId">, logicalId: string): Record<string, string> {
  return {
    "aws:cloudformation:stack-name": info.stackName,
    "aws:cloudformation:logical-id": logicalId,
    "aws:cloudformation:stack-id": info.stackId,
  };
}

/**
 * A SAM resource's tags as AWS ends up with them: SAM's own tag, the user's Tags map, then
 * CloudFormation's. SAM refuses a user tag named as its own (SamResourceMacro._check_tag).
 */
export function samResourceTags(
  info: Pick<StackInfo, "stackName" | "stackId">, logicalId: string, samTag: { key: string; value: string }, userTags: Record<string, string>, where: Where,
): Record<string, string> {
  if (samTag.key in userTags) {
    throw templateError(messages.samResource(logicalId, `${samTag.key} is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input.`), where);
  }
  return { [samTag.key]: samTag.value, ...userTags, ...stackTags(info, logicalId) };
}
