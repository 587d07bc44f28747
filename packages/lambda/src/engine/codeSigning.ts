/**
 * CreateCodeSigningConfig, GetCodeSigningConfig, UpdateCodeSigningConfig,
 * DeleteCodeSigningConfig, ListCodeSigningConfigs, ListFunctionsByCodeSigningConfig and
 * Put/Get/DeleteFunctionCodeSigningConfig: stored configuration with Lambda's shapes. The
 * sandbox does not verify signatures (it has no AWS Signer), so Enforce never refuses code.
 */
import { randomBytes } from "node:crypto";
import { CodeSigningConfigNotFoundException, ResourceNotFoundException, WITHOUT_TYPE, messages } from "../errors.js";
import { lambdaTimestamp, obj, page, str, type ApiContext, type Input } from "./apiContext.js";

export interface CodeSigningConfigRecord {
  readonly id: string;
  readonly arn: string;
  readonly description: string;
  readonly allowedPublishers: Input;
  readonly policies: Input;
  readonly lastModified: string;
  /** CreateCodeSigningConfig's Tags, then TagResource's (engine/tags.ts). */
  tags?: Record<string, string>;
}

export interface CodeSigningContext extends ApiContext {
  readonly codeSigningConfigs: Map<string, CodeSigningConfigRecord>;
}

// Lambda's ids: "csc-" and 17 hexadecimal digits (csc-0f6e9a2f4b5c3d1e2).
const ID_HEX_DIGITS = 17;

export function createCodeSigningConfig(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  const id = `csc-${randomBytes(9).toString("hex").slice(0, ID_HEX_DIGITS)}`;
  const record: CodeSigningConfigRecord = {
    id,
    arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:code-signing-config:${id}`,
    description: str(input, "Description") ?? "",
    allowedPublishers: obj(input, "AllowedPublishers") ?? {},
    policies: { UntrustedArtifactOnDeployment: "Warn", ...obj(input, "CodeSigningPolicies") },
    lastModified: lambdaTimestamp(ctx.clock.now()),
    ...(obj(input, "Tags") ? { tags: { ...(obj(input, "Tags") as Record<string, string>) } } : {}),
  };
  ctx.codeSigningConfigs.set(record.arn, record);
  return { CodeSigningConfig: shape(record) };
}

export function getCodeSigningConfig(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  return { CodeSigningConfig: shape(existing(ctx, String(input.CodeSigningConfigArn))) };
}

export function updateCodeSigningConfig(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  const old = existing(ctx, String(input.CodeSigningConfigArn));
  const record: CodeSigningConfigRecord = {
    ...old,
    description: str(input, "Description") ?? old.description,
    allowedPublishers: obj(input, "AllowedPublishers") ?? old.allowedPublishers,
    policies: obj(input, "CodeSigningPolicies") ? { ...old.policies, ...obj(input, "CodeSigningPolicies") } : old.policies,
    lastModified: lambdaTimestamp(ctx.clock.now()),
  };
  ctx.codeSigningConfigs.set(record.arn, record);
  return { CodeSigningConfig: shape(record) };
}

export function deleteCodeSigningConfig(ctx: CodeSigningContext, input: Input): void {
  ctx.codeSigningConfigs.delete(existing(ctx, String(input.CodeSigningConfigArn)).arn);
}

export function listCodeSigningConfigs(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  return page([...ctx.codeSigningConfigs.values()].map(shape), input, "CodeSigningConfigs");
}

export function listFunctionsByCodeSigningConfig(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  const arn = existing(ctx, String(input.CodeSigningConfigArn)).arn;
  const functions = ctx.registry.list().filter((r) => r.codeSigningConfigArn === arn).map((r) => r.config.arn);
  return page(functions, input, "FunctionArns");
}

export function putFunctionCodeSigningConfig(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  const arn = String(input.CodeSigningConfigArn);
  if (!ctx.codeSigningConfigs.has(arn)) throw new CodeSigningConfigNotFoundException(messages.codeSigningConfigMissing(arn));
  const record = ctx.registry.get(String(input.FunctionName));
  record.codeSigningConfigArn = arn;
  return { CodeSigningConfigArn: arn, FunctionName: record.name };
}

/** A function without one answers an empty body, as Lambda does. */
export function getFunctionCodeSigningConfig(ctx: CodeSigningContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  return record.codeSigningConfigArn === undefined ? {} : { CodeSigningConfigArn: record.codeSigningConfigArn, FunctionName: record.name };
}

export function deleteFunctionCodeSigningConfig(ctx: CodeSigningContext, input: Input): void {
  ctx.registry.get(String(input.FunctionName)).codeSigningConfigArn = undefined;
}

function existing(ctx: CodeSigningContext, arn: string): CodeSigningConfigRecord {
  const record = ctx.codeSigningConfigs.get(arn);
  // Answered without "Type" (localstack test_code_signing_not_found_excs, recorded on AWS).
  if (!record) throw new ResourceNotFoundException(messages.codeSigningConfigNotFound(arn), { ...WITHOUT_TYPE });
  return record;
}

function shape(r: CodeSigningConfigRecord): Record<string, unknown> {
  return {
    CodeSigningConfigId: r.id,
    CodeSigningConfigArn: r.arn,
    Description: r.description,
    AllowedPublishers: r.allowedPublishers,
    CodeSigningPolicies: r.policies,
    LastModified: r.lastModified,
  };
}
