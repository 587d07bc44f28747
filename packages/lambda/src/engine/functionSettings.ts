/**
 * PutFunctionRecursionConfig / GetFunctionRecursionConfig and PutRuntimeManagementConfig /
 * GetRuntimeManagementConfig: settings Lambda stores per function (recursion) or per
 * version (runtime updates). The sandbox stores and answers them; it runs every function on
 * the local runtime whatever they say, and does not stop recursive loops.
 */
import { LATEST_VERSION } from "../limits.js";
import { str, type ApiContext, type Input } from "./apiContext.js";

export function putFunctionRecursionConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  record.recursiveLoop = String(input.RecursiveLoop);
  return { RecursiveLoop: record.recursiveLoop };
}

export function getFunctionRecursionConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  return { RecursiveLoop: ctx.registry.get(String(input.FunctionName)).recursiveLoop };
}

export function putRuntimeManagementConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  const resolved = ctx.registry.resolve(String(input.FunctionName), str(input, "Qualifier"));
  const qualifier = resolved.qualifier ?? LATEST_VERSION;
  const updateRuntimeOn = String(input.UpdateRuntimeOn);
  // The runtime version is kept only in Manual mode (Lambda answers it only then).
  const runtimeVersionArn = updateRuntimeOn === "Manual" ? str(input, "RuntimeVersionArn") : undefined;
  resolved.record.runtimeManagement.set(qualifier, { updateRuntimeOn, runtimeVersionArn });
  return {
    UpdateRuntimeOn: updateRuntimeOn,
    FunctionArn: functionArn(resolved.record.config.arn, resolved.qualifier),
    ...(runtimeVersionArn !== undefined ? { RuntimeVersionArn: runtimeVersionArn } : {}),
  };
}

export function getRuntimeManagementConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  const resolved = ctx.registry.resolve(String(input.FunctionName), str(input, "Qualifier"));
  const config = resolved.record.runtimeManagement.get(resolved.qualifier ?? LATEST_VERSION) ?? { updateRuntimeOn: "Auto" };
  return {
    UpdateRuntimeOn: config.updateRuntimeOn,
    FunctionArn: functionArn(resolved.record.config.arn, resolved.qualifier),
    ...(config.runtimeVersionArn !== undefined ? { RuntimeVersionArn: config.runtimeVersionArn } : {}),
  };
}

function functionArn(arn: string, qualifier: string | undefined): string {
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}
