/**
 * Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s): how asynchronous invocations of
 * a function (or one version or alias) are retried and where their outcome goes.
 */
import { InvalidParameterValueException, ResourceNotFoundException, messages } from "../errors.js";
import { DESTINATION_SERVICES, LATEST_VERSION } from "../limits.js";
import { num, obj, page, str, type ApiContext, type Input } from "./apiContext.js";
import type { DestinationSettings, EventInvokeConfig, FunctionRecord } from "./registry.js";

export function putFunctionEventInvokeConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  const { record, qualifier } = target(ctx, input);
  const config: EventInvokeConfig = {
    maximumRetryAttempts: num(input, "MaximumRetryAttempts"),
    maximumEventAgeInSeconds: num(input, "MaximumEventAgeInSeconds"),
    destinations: destinationsOf(ctx, record, input) ?? {},
    lastModified: ctx.clock.now(),
  };
  record.eventInvokeConfigs.set(qualifier, config);
  return output(record, qualifier, config);
}

export function updateFunctionEventInvokeConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  const { record, qualifier } = target(ctx, input);
  const old = existing(record, qualifier);
  const config: EventInvokeConfig = {
    maximumRetryAttempts: num(input, "MaximumRetryAttempts") ?? old.maximumRetryAttempts,
    maximumEventAgeInSeconds: num(input, "MaximumEventAgeInSeconds") ?? old.maximumEventAgeInSeconds,
    destinations: destinationsOf(ctx, record, input) ?? old.destinations,
    lastModified: ctx.clock.now(),
  };
  record.eventInvokeConfigs.set(qualifier, config);
  return output(record, qualifier, config);
}

export function getFunctionEventInvokeConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  const { record, qualifier } = lookup(ctx, input);
  return output(record, qualifier, existing(record, qualifier));
}

export function deleteFunctionEventInvokeConfig(ctx: ApiContext, input: Input): void {
  const { record, qualifier } = lookup(ctx, input);
  existing(record, qualifier);
  record.eventInvokeConfigs.delete(qualifier);
}

export function listFunctionEventInvokeConfigs(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.find(ctx.registry.parse(String(input.FunctionName)).name);
  if (!record) throw new ResourceNotFoundException(messages.functionDoesNotExist());
  const configs = [...record.eventInvokeConfigs.entries()].map(([q, c]) => output(record, q, c));
  return page(configs, input, "FunctionEventInvokeConfigs");
}

/** Put/Update: the function and qualifier must exist; at least one setting must be given. */
function target(ctx: ApiContext, input: Input): { record: FunctionRecord; qualifier: string } {
  if (input.MaximumRetryAttempts === undefined && input.MaximumEventAgeInSeconds === undefined && input.DestinationConfig === undefined) {
    throw new InvalidParameterValueException(messages.eventInvokeConfigEmpty());
  }
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  const record = ctx.registry.find(name);
  if (!record || (qualifier !== undefined && qualifier !== LATEST_VERSION && !record.versions.has(qualifier) && !record.aliases.has(qualifier))) {
    throw new ResourceNotFoundException(messages.functionDoesNotExist());
  }
  return { record, qualifier: qualifier ?? LATEST_VERSION };
}

/** Get/Delete: a missing function reads as a missing config. */
function lookup(ctx: ApiContext, input: Input): { record: FunctionRecord; qualifier: string } {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  const q = qualifier ?? LATEST_VERSION;
  const record = ctx.registry.find(name);
  if (!record) throw new ResourceNotFoundException(messages.noEventInvokeConfig(`${ctx.registry.arnOf(name)}:${q}`));
  return { record, qualifier: q };
}

function existing(record: FunctionRecord, qualifier: string): EventInvokeConfig {
  const config = record.eventInvokeConfigs.get(qualifier);
  if (!config) throw new ResourceNotFoundException(messages.noEventInvokeConfig(`${record.latest.config.arn}:${qualifier}`));
  return config;
}

function destinationsOf(ctx: ApiContext, record: FunctionRecord, input: Input): DestinationSettings | undefined {
  const config = obj(input, "DestinationConfig");
  if (!config) return undefined;
  const onSuccess = str(obj(config, "OnSuccess") ?? {}, "Destination");
  const onFailure = str(obj(config, "OnFailure") ?? {}, "Destination");
  if (!destinationService(onSuccess) || !destinationService(onFailure)) {
    throw new InvalidParameterValueException(messages.invalidDestinationConfig(onSuccess, onFailure));
  }
  for (const arn of [onSuccess, onFailure]) {
    if (arn === undefined || arn === "") continue;
    const lambda = /^arn:aws[a-zA-Z-]*:lambda:[^:]+:\d{12}:function:([a-zA-Z0-9-_]+)/.exec(arn);
    if (lambda && !ctx.registry.find(lambda[1])) throw new InvalidParameterValueException(messages.invalidDestination(arn));
    if (lambda && lambda[1] === record.name) throw new InvalidParameterValueException(messages.destinationIsSelf());
    if (!lambda) ctx.targetConfigured(record.name, arn, "destination");
  }
  return { onSuccess: onSuccess || undefined, onFailure: onFailure || undefined };
}

/** Asynchronous invocations go to SQS, SNS, Lambda, EventBridge (and S3 on failure); no ARN is fine too. */
function destinationService(arn: string | undefined): boolean {
  if (arn === undefined || arn === "") return true;
  return DESTINATION_SERVICES.has(arn.split(":")[2] ?? "");
}

function output(record: FunctionRecord, qualifier: string, config: EventInvokeConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    // restJson timestamps are epoch seconds.
    LastModified: config.lastModified / 1000,
    FunctionArn: `${record.latest.config.arn}:${qualifier}`,
    DestinationConfig: {
      OnSuccess: config.destinations.onSuccess ? { Destination: config.destinations.onSuccess } : {},
      OnFailure: config.destinations.onFailure ? { Destination: config.destinations.onFailure } : {},
    },
  };
  if (config.maximumRetryAttempts !== undefined) out.MaximumRetryAttempts = config.maximumRetryAttempts;
  if (config.maximumEventAgeInSeconds !== undefined) out.MaximumEventAgeInSeconds = config.maximumEventAgeInSeconds;
  return out;
}
