/**
 * Lambda function URLs of the template: AWS::Lambda::Url resources, including the one SAM
 * makes for a function's `FunctionUrlConfig` ("<Function>Url", sam/implicit.ts), attached
 * to the template's function they target, as CreateFunctionUrlConfig takes them.
 */
import { templateError } from "../errors.js";
import type { FunctionUrlSpec, ResolvedResource } from "../model.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";

const AUTH_TYPES = ["NONE", "AWS_IAM"] as const;
const INVOKE_MODES = ["BUFFERED", "RESPONSE_STREAM"] as const;
const CORS_LISTS = ["AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders"] as const;

export function cfnFunctionUrls(stack: Stack, resources: readonly ResolvedResource[], functions: FunctionIndex): void {
  for (const resource of resources) {
    if (resource.type !== "AWS::Lambda::Url") continue;
    const props = resource.properties;
    const fn = functions.find(props.TargetFunctionArn);
    if (!fn) {
      stack.warnings.add(`AWS::Lambda::Url ${resource.logicalId} targets a function that is not in the template; skipped`);
      continue;
    }
    const where = { file: stack.info.file, line: resource.line };
    const authType = props.AuthType;
    if (!AUTH_TYPES.includes(authType as (typeof AUTH_TYPES)[number])) {
      throw templateError(`AuthType of ${resource.logicalId} must be NONE or AWS_IAM`, where);
    }
    const invokeMode = props.InvokeMode ?? "BUFFERED";
    if (!INVOKE_MODES.includes(invokeMode as (typeof INVOKE_MODES)[number])) {
      throw templateError(`InvokeMode of ${resource.logicalId} must be BUFFERED or RESPONSE_STREAM`, where);
    }
    // The qualifier rides on TargetFunctionArn (function:name:alias) or in Qualifier.
    const fromArn = typeof props.TargetFunctionArn === "string" ? /:function:[^:]+:([^:]+)$/.exec(props.TargetFunctionArn)?.[1] : undefined;
    const qualifier = typeof props.Qualifier === "string" && props.Qualifier !== "" ? props.Qualifier : fromArn;
    const urlId = /^https?:\/\/([a-z0-9]+)\./.exec(resource.attributes.FunctionUrl ?? "")?.[1] ?? "";
    const spec: FunctionUrlSpec = {
      urlId,
      ...(qualifier ? { qualifier } : {}),
      authType: authType as FunctionUrlSpec["authType"],
      ...(props.Cors !== undefined ? { cors: corsOf(props.Cors, resource.logicalId, where) } : {}),
      invokeMode: invokeMode as NonNullable<FunctionUrlSpec["invokeMode"]>,
    };
    fn.functionUrls = [...(fn.functionUrls ?? []), spec];
  }
}

function corsOf(value: unknown, logicalId: string, where: { file: string; line?: number }): NonNullable<FunctionUrlSpec["cors"]> {
  if (!isRecord(value)) throw templateError(`Cors of ${logicalId} must be a map`, where);
  const cors: NonNullable<FunctionUrlSpec["cors"]> = {};
  for (const key of CORS_LISTS) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw templateError(`Cors.${key} of ${logicalId} must be a list`, where);
    cors[key] = list.map(String);
  }
  if (value.AllowCredentials !== undefined) cors.AllowCredentials = value.AllowCredentials === true || value.AllowCredentials === "true";
  if (value.MaxAge !== undefined) cors.MaxAge = Number(value.MaxAge);
  return cors;
}
