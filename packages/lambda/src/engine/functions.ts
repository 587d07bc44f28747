/**
 * CreateFunction, UpdateFunctionConfiguration, UpdateFunctionCode, DeleteFunction,
 * PublishVersion and ListVersionsByFunction: functions deployed with the SDK next to
 * the template's. Changes apply to new execution environments, as on Lambda.
 */
import type { LambdaFunctionConfig } from "../index.js";
import { AccessDeniedException, CodeSigningConfigNotFoundException, InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException, messages } from "../errors.js";
import { DEFAULT_MEMORY_SIZE_MB, DEFAULT_TIMEOUT_SECONDS, LATEST_VERSION, MAX_FUNCTION_NAME_LENGTH, MAX_LAYERS_PER_FUNCTION, MAX_TAGS_PER_FUNCTION, SNAP_START_MIN_VERSIONS } from "../limits.js";
import { checkRevision, environmentOf, num, obj, page, str, strings, type ApiContext, type Input } from "./apiContext.js";
import type { CodeSigningContext } from "./codeSigning.js";
import { checkDeadLetterTarget } from "./deadLetter.js";
import { functionConfiguration, listedConfiguration } from "./getFunction.js";
import type { FunctionRecord } from "./registry.js";
import { discardCode, storeZip, type StoredCode } from "./zipCode.js";
import { packageOf } from "./s3Code.js";
import { provisionedChanged } from "./provisionedConcurrency.js";

export async function createFunction(ctx: CodeSigningContext, input: Input): Promise<Record<string, unknown>> {
  const name = ctx.registry.parse(String(input.FunctionName)).name;
  const account = /^(?:arn:[^:]+:lambda:[^:]*:)?(\d{12}):function:/.exec(String(input.FunctionName))?.[1];
  if (account !== undefined && account !== ctx.accountId) throw new AccessDeniedException();
  if (name.length > MAX_FUNCTION_NAME_LENGTH) {
    throw new InvalidParameterValueException(messages.validation(String(input.FunctionName), "functionName", `Member must have length less than or equal to ${MAX_FUNCTION_NAME_LENGTH}`));
  }
  if (ctx.registry.find(name)) throw new ResourceConflictException(messages.functionExists(name));
  const runtime = str(input, "Runtime");
  const handler = str(input, "Handler");
  if (str(input, "PackageType") !== "Image" && (runtime === undefined || handler === undefined)) {
    throw new InvalidParameterValueException(messages.runtimeAndHandlerRequired());
  }
  const tags = (obj(input, "Tags") ?? {}) as Record<string, string>;
  if (Object.keys(tags).length > MAX_TAGS_PER_FUNCTION) throw new InvalidParameterValueException(messages.tooManyTags());
  const layers = strings(input, "Layers") ?? [];
  checkLayers(ctx, layers);
  const snapStart = snapStartOf(input);
  checkSnapStart(runtime ?? "", snapStart);
  checkLogLevels(logFormatOf(input), input);
  // A code signing config named at creation is attached as PutFunctionCodeSigningConfig attaches one.
  const codeSigningConfigArn = str(input, "CodeSigningConfigArn");
  if (codeSigningConfigArn !== undefined && !ctx.codeSigningConfigs.has(codeSigningConfigArn)) {
    throw new CodeSigningConfigNotFoundException(messages.codeSigningConfigMissing(codeSigningConfigArn));
  }
  // Unzipped last: a request refused for its settings leaves no code behind.
  const code = await codeOf(ctx, name, obj(input, "Code") ?? {});
  // Other requests were answered while it unzipped: one of them may have created the name.
  await keptOrDiscarded(code, () => {
    if (ctx.registry.find(name)) throw new ResourceConflictException(messages.functionExists(name));
  });
  const config: LambdaFunctionConfig = {
    functionName: name,
    arn: ctx.registry.arnOf(name),
    handler: handler ?? "",
    runtime: runtime ?? "",
    codeDir: code.codeDir,
    timeoutSeconds: num(input, "Timeout") ?? DEFAULT_TIMEOUT_SECONDS,
    memorySizeMb: num(input, "MemorySize") ?? DEFAULT_MEMORY_SIZE_MB,
    ...ephemeralStorageOf(input),
    environment: environmentOf(input) ?? {},
    architectures: strings(input, "Architectures") ?? ["x86_64"],
    tracing: tracingOf(input),
    layers,
    layerDirs: ctx.layerDirs(layers),
    description: str(input, "Description"),
    logFormat: logFormatOf(input),
    ...logLevelsOf(input),
    ...(snapStart ? { snapStart } : {}),
    ...logGroupOf(input),
    role: str(input, "Role"),
    deadLetterTargetArn: deadLetterOf(ctx, name, input),
    kmsKeyArn: kmsKeyArnOf(input),
  };
  const record = ctx.registry.add(config, code);
  record.tags = { ...tags };
  if (codeSigningConfigArn !== undefined) record.codeSigningConfigArn = codeSigningConfigArn;
  // Published on create, the answer is still the unqualified function, with Version "1" (recorded on AWS).
  const out = creating(functionConfiguration(input.Publish === true ? ctx.registry.publish(record) : record.latest, ctx.accountId));
  settled(ctx, record);
  return out;
}

/**
 * The change is applied: $LATEST leaves Pending/InProgress, and on Lambda that transition gives it
 * a new RevisionId, so the one in the create or update answer is stale at once (localstack
 * test_function_revisions_basic, recorded on AWS).
 */
function settled(ctx: ApiContext, record: FunctionRecord): void {
  ctx.registry.renewRevision({ record, version: record.latest });
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
/**
 * A function's layers: in its region, one version of each layer, and (in this account) published
 * (localstack test_layer_function_exceptions, recorded on AWS). Other accounts' layers are taken as given.
 */
function checkLayers(ctx: ApiContext, layers: readonly string[]): void {
  if (layers.length > MAX_LAYERS_PER_FUNCTION) throw new InvalidParameterValueException(messages.tooManyLayers(MAX_LAYERS_PER_FUNCTION));
  const parsed = layers.map((arn) => ({ arn, m: LAYER_VERSION_ARN.exec(arn) }));
  for (const { m } of parsed) {
    if (m && m[1] !== ctx.region) throw new InvalidParameterValueException(messages.layerOtherRegion(ctx.region));
  }
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const a = parsed[i]?.m;
      const b = parsed[j]?.m;
      if (a && b && a[2] === b[2] && a[3] === b[3]) throw new InvalidParameterValueException(messages.layerVersionsOfSameLayer(a[0], b[0]));
    }
  }
  for (const { arn, m } of parsed) {
    if (m && m[2] === ctx.accountId && !ctx.layerDirs([arn])) throw new InvalidParameterValueException(messages.layerVersionNotFound(arn));
  }
}

// region, account, layer name, version
const LAYER_VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):(\d+)$/;

function updating(config: Record<string, unknown>): Record<string, unknown> {
  return { ...config, LastUpdateStatus: "InProgress", LastUpdateStatusReason: CHANGE_REASON, LastUpdateStatusReasonCode: CHANGE_REASON_CODE };
}

/** Only the settings given change; new environments use them (running ones finish with the old). */
export function updateFunctionConfiguration(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = unqualified(ctx, input);
  checkRevision(str(input, "RevisionId"), record.latest.revisionId);
  const old = record.config;
  const layers = strings(input, "Layers");
  if (layers) checkLayers(ctx, layers);
  const logging = obj(input, "LoggingConfig");
  const snapStart = snapStartOf(input) ?? old.snapStart;
  checkSnapStart(str(input, "Runtime") ?? old.runtime, snapStart);
  if (logging) checkLogLevels(logFormatOf(input) ?? old.logFormat, input);
  const config: LambdaFunctionConfig = {
    ...old,
    ...(snapStart ? { snapStart } : {}),
    handler: str(input, "Handler") ?? old.handler,
    runtime: str(input, "Runtime") ?? old.runtime,
    timeoutSeconds: num(input, "Timeout") ?? old.timeoutSeconds,
    memorySizeMb: num(input, "MemorySize") ?? old.memorySizeMb,
    ...ephemeralStorageOf(input),
    environment: environmentOf(input) ?? old.environment,
    description: str(input, "Description") ?? old.description,
    role: str(input, "Role") ?? old.role,
    tracing: tracingOf(input) ?? old.tracing,
    // A LoggingConfig without LogFormat keeps the format (localstack test_function_advanced_logging_configuration, recorded on AWS).
    logFormat: logging ? (logFormatOf(input) ?? old.logFormat) : old.logFormat,
    ...(logging ? logLevelsOf(input) : {}),
    ...logGroupOf(input),
    deadLetterTargetArn: obj(input, "DeadLetterConfig") ? deadLetterOf(ctx, old.functionName, input) : old.deadLetterTargetArn,
    kmsKeyArn: kmsKeyArnOf(input, old.kmsKeyArn),
    ...(layers ? { layers, layerDirs: ctx.layerDirs(layers) ?? old.layerDirs } : {}),
  };
  const latest = ctx.registry.updateLatest(record, config);
  ctx.latestChanged(record.name);
  const out = updating(functionConfiguration(latest, ctx.accountId));
  settled(ctx, record);
  return out;
}

export async function updateFunctionCode(ctx: ApiContext, input: Input): Promise<Record<string, unknown>> {
  const current = () => {
    const found = unqualified(ctx, input);
    checkRevision(str(input, "RevisionId"), found.latest.revisionId);
    return found;
  };
  // Every function here is a Zip package: an image is refused as Lambda refuses it for one.
  if (str(input, "ImageUri") !== undefined) {
    current();
    throw new InvalidParameterValueException(messages.imageUriOnZip());
  }
  const code = await codeOf(ctx, current().name, input);
  // Other requests were answered while it unzipped: the function is looked up, and its revision checked, again.
  const record = await keptOrDiscarded(code, current);
  if (input.DryRun === true) {
    await discardCode(code.codeDir);
    return functionConfiguration(record.latest, ctx.accountId);
  }
  const architectures = strings(input, "Architectures");
  // The package is what `sam build` would have produced: no more bundling from the template's sources.
  const config: LambdaFunctionConfig = { ...record.config, codeDir: code.codeDir, build: undefined, ...(architectures ? { architectures } : {}) };
  const latest = ctx.registry.updateLatest(record, config, code);
  ctx.latestChanged(record.name);
  // Published at once, the answer is the new version, still Pending (localstack test_lambda_versions_with_code_changes, recorded on AWS).
  if (input.Publish === true) return creating(functionConfiguration(ctx.registry.publish(record), ctx.accountId, true));
  const out = updating(functionConfiguration(latest, ctx.accountId));
  settled(ctx, record);
  return out;
}

export async function deleteFunction(ctx: ApiContext, input: Input): Promise<void> {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  if (qualifier === LATEST_VERSION) throw new InvalidParameterValueException(messages.deleteLatest());
  const record = ctx.registry.find(name);
  if (!record) throw new ResourceNotFoundException(messages.functionNotFound(ctx.registry.arnOf(name)));
  if (qualifier !== undefined) {
    // "You can't delete a version that an alias references" (DeleteFunction API reference): as its
    // version, or in its routing configuration.
    const aliases = [...record.aliases.values()].filter((a) => a.functionVersion === qualifier || a.routing?.[qualifier] !== undefined);
    if (record.versions.has(qualifier) && aliases.length > 0) throw new ResourceConflictException(messages.versionHasAliases(aliases.map((a) => a.name)));
    if (record.versions.delete(qualifier)) {
      record.forget(qualifier);
      provisionedChanged(ctx.concurrency, record);
      await ctx.removed(name, qualifier);
    }
    return;
  }
  ctx.registry.delete(name);
  ctx.concurrency.setReserved(name, undefined);
  ctx.concurrency.setProvisioned(name, 0);
  await ctx.removed(name);
}

export function publishVersion(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = unqualified(ctx, input);
  checkRevision(str(input, "RevisionId"), record.latest.revisionId);
  // An empty CodeSha256 sets no condition: the SDK's PublishVersion example "To publish a version of
  // a Lambda function" publishes with CodeSha256 "".
  const sha = str(input, "CodeSha256");
  if (sha && sha !== record.latest.codeSha256) {
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

/** `check()`'s answer; when it throws, the code just unzipped is removed first. */
async function keptOrDiscarded<T>(code: StoredCode, check: () => T): Promise<T> {
  try {
    return check();
  } catch (error) {
    await discardCode(code.codeDir);
    throw error;
  }
}

/** The package given as ZipFile or as an S3 object, unzipped into a new code directory. */
async function codeOf(ctx: ApiContext, functionName: string, code: Input): Promise<StoredCode> {
  return await storeZip(ctx.buildDir, functionName, await packageOf(code, ctx.s3));
}

/** DeadLetterConfig.TargetArn: checked as Lambda checks it; an empty TargetArn removes the queue. */
function deadLetterOf(ctx: ApiContext, functionName: string, input: Input): string | undefined {
  const targetArn = str(obj(input, "DeadLetterConfig") ?? {}, "TargetArn");
  if (targetArn === undefined) return undefined;
  const checked = checkDeadLetterTarget(targetArn, ctx.region);
  if (checked !== undefined) ctx.targetConfigured(functionName, checked, "dead-letter queue");
  return checked;
}

/**
 * KMSKeyArn, kept and answered as given (the SDK's CreateFunction example "To create a function");
 * an empty one returns to Lambda's own key, as Terraform's aws_lambda_function clears it.
 */
function kmsKeyArnOf(input: Input, old?: string): string | undefined {
  const arn = str(input, "KMSKeyArn");
  return arn === undefined ? old : arn || undefined;
}

/** EphemeralStorage.Size (512–10240 MB, checked by the model); an update without it keeps the size. */
function ephemeralStorageOf(input: Input): { ephemeralStorageMb?: number } {
  const size = num(obj(input, "EphemeralStorage") ?? {}, "Size");
  return size === undefined ? {} : { ephemeralStorageMb: size };
}

function tracingOf(input: Input): "Active" | "PassThrough" | undefined {
  const mode = str(obj(input, "TracingConfig") ?? {}, "Mode");
  return mode === "Active" || mode === "PassThrough" ? mode : undefined;
}

function logLevelsOf(input: Input): { applicationLogLevel?: string; systemLogLevel?: string } {
  const logging = obj(input, "LoggingConfig") ?? {};
  const out: { applicationLogLevel?: string; systemLogLevel?: string } = {};
  const application = str(logging, "ApplicationLogLevel");
  const system = str(logging, "SystemLogLevel");
  if (application !== undefined) out.applicationLogLevel = application;
  if (system !== undefined) out.systemLogLevel = system;
  return out;
}

/** LoggingConfig.LogGroup, when given (localstack test_function_advanced_logging_configuration, recorded on AWS). */
function logGroupOf(input: Input): { logGroup?: string } {
  const group = str(obj(input, "LoggingConfig") ?? {}, "LogGroup");
  return group === undefined ? {} : { logGroup: group };
}

function snapStartOf(input: Input): "PublishedVersions" | "None" | undefined {
  const applyOn = str(obj(input, "SnapStart") ?? {}, "ApplyOn");
  return applyOn === "PublishedVersions" || applyOn === "None" ? applyOn : undefined;
}

/** SnapStart on a runtime that has none (a container image, without Runtime, is not checked). */
function checkSnapStart(runtime: string, snapStart: "PublishedVersions" | "None" | undefined): void {
  if (snapStart !== "PublishedVersions" || runtime === "") return;
  const supported = SNAP_START_MIN_VERSIONS.some(({ pattern, min }) => Number(pattern.exec(runtime)?.[1] ?? -1) >= min);
  if (!supported) throw new InvalidParameterValueException(messages.snapStartRuntime(runtime));
}

/** Log levels only filter JSON logs: with Text (the default format) Lambda refuses them. */
function checkLogLevels(format: "Text" | "JSON" | undefined, input: Input): void {
  if (format === "JSON") return;
  const levels = logLevelsOf(input);
  if (levels.applicationLogLevel !== undefined || levels.systemLogLevel !== undefined) {
    throw new InvalidParameterValueException(messages.logLevelWithText());
  }
}

function logFormatOf(input: Input): "Text" | "JSON" | undefined {
  const format = str(obj(input, "LoggingConfig") ?? {}, "LogFormat");
  return format === "JSON" || format === "Text" ? format : undefined;
}
