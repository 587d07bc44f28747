/**
 * CreateFunction, UpdateFunctionConfiguration, UpdateFunctionCode, DeleteFunction,
 * PublishVersion and ListVersionsByFunction: functions deployed with the SDK next to
 * the template's. Changes apply to new execution environments, as on Lambda.
 */
import type { LambdaFunctionConfig } from "../index.js";
import { InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException, messages } from "../errors.js";
import { DEFAULT_MEMORY_SIZE_MB, DEFAULT_TIMEOUT_SECONDS, LATEST_VERSION, MAX_TAGS_PER_FUNCTION } from "../limits.js";
import { checkRevision, environmentOf, num, obj, page, str, strings, type ApiContext, type Input } from "./apiContext.js";
import { checkDeadLetterTarget } from "./deadLetter.js";
import { functionConfiguration, listedConfiguration } from "./getFunction.js";
import type { FunctionRecord } from "./registry.js";
import { storeZip, type StoredCode } from "./zipCode.js";

export function createFunction(ctx: ApiContext, input: Input): Record<string, unknown> {
  const name = ctx.registry.parse(String(input.FunctionName)).name;
  if (ctx.registry.find(name)) throw new ResourceConflictException(messages.functionExists(name));
  const runtime = str(input, "Runtime");
  const handler = str(input, "Handler");
  if (str(input, "PackageType") !== "Image" && (runtime === undefined || handler === undefined)) {
    throw new InvalidParameterValueException(messages.runtimeAndHandlerRequired());
  }
  const code = codeOf(ctx, name, obj(input, "Code") ?? {});
  const tags = (obj(input, "Tags") ?? {}) as Record<string, string>;
  if (Object.keys(tags).length > MAX_TAGS_PER_FUNCTION) throw new InvalidParameterValueException(messages.tooManyTags());
  const layers = strings(input, "Layers") ?? [];
  const config: LambdaFunctionConfig = {
    functionName: name,
    arn: ctx.registry.arnOf(name),
    handler: handler ?? "",
    runtime: runtime ?? "",
    codeDir: code.codeDir,
    timeoutSeconds: num(input, "Timeout") ?? DEFAULT_TIMEOUT_SECONDS,
    memorySizeMb: num(input, "MemorySize") ?? DEFAULT_MEMORY_SIZE_MB,
    environment: environmentOf(input) ?? {},
    architectures: strings(input, "Architectures") ?? ["x86_64"],
    tracing: tracingOf(input),
    layers,
    layerDirs: ctx.layerDirs(layers),
    description: str(input, "Description"),
    logFormat: logFormatOf(input),
    role: str(input, "Role"),
    deadLetterTargetArn: deadLetterOf(ctx, name, input),
  };
  const record = ctx.registry.add(config, code);
  record.tags = { ...tags };
  // Published on create, the answer is still the unqualified function, with Version "1" (recorded on AWS).
  return creating(functionConfiguration(input.Publish === true ? ctx.registry.publish(record) : record.latest, ctx.accountId));
}

// Lambda answers a create or an update while the change is still being applied; GetFunction
// then reads Active/Successful (recorded on AWS: localstack tests/aws/services/lambda_/
// test_lambda_api.snapshot.json, test_function_lifecycle). Locally the change is already in place.
const CHANGE_REASON = "The function is being created.";
const CHANGE_REASON_CODE = "Creating";

/** CreateFunction's answer: State Pending, no LastUpdateStatus yet. */
function creating(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config, State: "Pending", StateReason: CHANGE_REASON, StateReasonCode: CHANGE_REASON_CODE };
  delete out.LastUpdateStatus;
  return out;
}

/** UpdateFunctionConfiguration's and UpdateFunctionCode's answer: LastUpdateStatus InProgress. */
function updating(config: Record<string, unknown>): Record<string, unknown> {
  return { ...config, LastUpdateStatus: "InProgress", LastUpdateStatusReason: CHANGE_REASON, LastUpdateStatusReasonCode: CHANGE_REASON_CODE };
}

/** Only the settings given change; new environments use them (running ones finish with the old). */
export function updateFunctionConfiguration(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = unqualified(ctx, input);
  checkRevision(str(input, "RevisionId"), record.latest.revisionId);
  const old = record.config;
  const layers = strings(input, "Layers");
  const logging = obj(input, "LoggingConfig");
  const config: LambdaFunctionConfig = {
    ...old,
    handler: str(input, "Handler") ?? old.handler,
    runtime: str(input, "Runtime") ?? old.runtime,
    timeoutSeconds: num(input, "Timeout") ?? old.timeoutSeconds,
    memorySizeMb: num(input, "MemorySize") ?? old.memorySizeMb,
    environment: environmentOf(input) ?? old.environment,
    description: str(input, "Description") ?? old.description,
    role: str(input, "Role") ?? old.role,
    tracing: tracingOf(input) ?? old.tracing,
    logFormat: logging ? logFormatOf(input) : old.logFormat,
    deadLetterTargetArn: obj(input, "DeadLetterConfig") ? deadLetterOf(ctx, old.functionName, input) : old.deadLetterTargetArn,
    ...(layers ? { layers, layerDirs: ctx.layerDirs(layers) ?? old.layerDirs } : {}),
  };
  const latest = ctx.registry.updateLatest(record, config);
  ctx.latestChanged(record.name);
  return updating(functionConfiguration(latest, ctx.accountId));
}

export function updateFunctionCode(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = unqualified(ctx, input);
  checkRevision(str(input, "RevisionId"), record.latest.revisionId);
  const code = codeOf(ctx, record.name, input);
  if (input.DryRun === true) return functionConfiguration(record.latest, ctx.accountId);
  const architectures = strings(input, "Architectures");
  // The package is what `sam build` would have produced: no more bundling from the template's sources.
  const config: LambdaFunctionConfig = { ...record.config, codeDir: code.codeDir, build: undefined, ...(architectures ? { architectures } : {}) };
  const latest = ctx.registry.updateLatest(record, config, code);
  ctx.latestChanged(record.name);
  if (input.Publish === true) return functionConfiguration(ctx.registry.publish(record), ctx.accountId, true);
  return updating(functionConfiguration(latest, ctx.accountId));
}

export async function deleteFunction(ctx: ApiContext, input: Input): Promise<void> {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  if (qualifier === LATEST_VERSION) throw new InvalidParameterValueException(messages.deleteLatest());
  const record = ctx.registry.find(name);
  if (!record) throw new ResourceNotFoundException(messages.functionNotFound(ctx.registry.arnOf(name)));
  if (qualifier !== undefined) {
    if (record.versions.delete(qualifier)) {
      record.forget(qualifier);
      await ctx.removed(name, qualifier);
    }
    return;
  }
  ctx.registry.delete(name);
  ctx.concurrency.setReserved(name, undefined);
  await ctx.removed(name);
}

export function publishVersion(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = unqualified(ctx, input);
  checkRevision(str(input, "RevisionId"), record.latest.revisionId);
  const sha = str(input, "CodeSha256");
  if (sha !== undefined && sha !== record.latest.codeSha256) {
    throw new InvalidParameterValueException(messages.codeShaMismatch(sha, record.latest.codeSha256));
  }
  return functionConfiguration(ctx.registry.publish(record, str(input, "Description")), ctx.accountId, true);
}

export function listVersionsByFunction(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  const versions = [record.latest, ...record.versions.values()].map((v) => listedConfiguration(functionConfiguration(v, ctx.accountId, true)));
  return page(versions, input, "Versions");
}

/** The function named without a qualifier (these actions change $LATEST). */
function unqualified(ctx: ApiContext, input: Input): FunctionRecord {
  return ctx.registry.get(String(input.FunctionName));
}

function codeOf(ctx: ApiContext, functionName: string, code: Input): StoredCode {
  const zip = code.ZipFile;
  if (typeof zip === "string" || zip instanceof Uint8Array) return storeZip(ctx.buildDir, functionName, zip);
  throw new InvalidParameterValueException(messages.codeFromS3());
}

/** DeadLetterConfig.TargetArn: checked as Lambda checks it; an empty TargetArn removes the queue. */
function deadLetterOf(ctx: ApiContext, functionName: string, input: Input): string | undefined {
  const targetArn = str(obj(input, "DeadLetterConfig") ?? {}, "TargetArn");
  if (targetArn === undefined) return undefined;
  const checked = checkDeadLetterTarget(targetArn, ctx.region);
  if (checked !== undefined) ctx.targetConfigured(functionName, checked, "dead-letter queue");
  return checked;
}

function tracingOf(input: Input): "Active" | "PassThrough" | undefined {
  const mode = str(obj(input, "TracingConfig") ?? {}, "Mode");
  return mode === "Active" || mode === "PassThrough" ? mode : undefined;
}

function logFormatOf(input: Input): "Text" | "JSON" | undefined {
  const format = str(obj(input, "LoggingConfig") ?? {}, "LogFormat");
  return format === "JSON" || format === "Text" ? format : undefined;
}
