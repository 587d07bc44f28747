/**
 * Create/Get/List/Update/DeleteEventSourceMapping: Lambda keeps the mappings and answers
 * the API; the service that owns the source (DynamoDB, for streams) polls it through the
 * EventSourcePoller port and invokes the function. The template's `Events: Type: DynamoDB`
 * mappings are adopted here too, so the API lists them.
 */
import { randomUUID } from "node:crypto";
import { SandboxError, type EventSourceMappingSettings, type EventSourcePoller, type Logger } from "@sam-sandbox/core";
import { InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException, messages } from "../errors.js";
import {
  DEFAULT_ESM_BATCH_SIZE,
  DEFAULT_ESM_MAXIMUM_RECORD_AGE_SECONDS,
  DEFAULT_ESM_MAXIMUM_RETRY_ATTEMPTS,
  DEFAULT_PARALLELIZATION_FACTOR,
  DEFAULT_SQS_BATCH_SIZE,
  LATEST_VERSION,
  SQS_BATCH_SIZE_WITHOUT_WINDOW,
} from "../limits.js";
import { num, obj, page, str, strings, type ApiContext, type Input } from "./apiContext.js";
import { serviceOf } from "./deadLetter.js";

/** One mapping as Lambda describes it (EventSourceMappingConfiguration). */
export interface EventSourceMappingRecord {
  uuid: string;
  /** The function's ARN, qualified when a version or alias was named. */
  functionArn: string;
  settings: EventSourceMappingSettings;
  /** Epoch milliseconds. */
  lastModified: number;
  parallelizationFactor: number;
  tumblingWindowInSeconds: number;
  onFailure?: string;
  /** The service whose poller runs it ("dynamodb"). */
  service: string;
  /** CreateEventSourceMapping's Tags, then TagResource's (engine/tags.ts). */
  tags?: Record<string, string>;
  /** ScalingConfig (SQS: MaximumConcurrency) and MetricsConfig, kept and answered as set. */
  scalingConfig?: Input;
  metricsConfig?: Input;
  /** Started from the template (`Events: Type: DynamoDB`): made again at each start, never stored. */
  fromTemplate?: boolean;
}

/** What these actions need from the engine. */
export interface MappingContext extends ApiContext {
  readonly eventSourceMappings: Map<string, EventSourceMappingRecord>;
  /** Pollers by the service that owns the source ("dynamodb"). */
  readonly eventSourcePollers: Readonly<Record<string, EventSourcePoller>>;
  readonly logger: Logger;
}

type State = "Creating" | "Enabling" | "Enabled" | "Disabling" | "Disabled" | "Updating" | "Deleting";

export function createEventSourceMapping(ctx: MappingContext, input: Input): Record<string, unknown> {
  const sourceArn = str(input, "EventSourceArn");
  if (!sourceArn) throw new InvalidParameterValueException(messages.unrecognizedEventSource());
  const destination = onFailureOf(input);
  const service = serviceOf(sourceArn) ?? "";
  const poller = ctx.eventSourcePollers[service];
  // A missing function is AWS's answer before anything about the source (localstack
  // test_event_source_mapping_exceptions, recorded on AWS).
  const { functionArn, functionName } = functionOf(ctx, String(input.FunctionName));
  if (!poller) throw new InvalidParameterValueException(messages.eventSourceNotEmulated(sourceArn));
  const queue = service === "sqs";
  const position = startingPositionOf(input, sourceArn, service);
  const batchSize = num(input, "BatchSize") ?? (queue ? DEFAULT_SQS_BATCH_SIZE : DEFAULT_ESM_BATCH_SIZE);
  const batchingWindow = num(input, "MaximumBatchingWindowInSeconds") ?? 0;
  if (queue && batchSize > SQS_BATCH_SIZE_WITHOUT_WINDOW && batchingWindow === 0) {
    throw new InvalidParameterValueException(messages.sqsBatchWindowRequired());
  }
  if (!poller.sourceExists(sourceArn)) {
    throw new InvalidParameterValueException(queue ? messages.queueNotFound() : messages.streamNotFound(sourceArn));
  }
  for (const existing of ctx.eventSourceMappings.values()) {
    if (existing.functionArn === functionArn && existing.settings.eventSourceArn === sourceArn) {
      const message = queue ? messages.sqsMappingExists : messages.mappingExists;
      throw new ResourceConflictException(message(sourceArn, functionName, existing.uuid));
    }
  }
  const settings: EventSourceMappingSettings = {
    functionName: functionArn,
    eventSourceArn: sourceArn,
    enabled: input.Enabled !== false,
    batchSize,
    startingPosition: position,
    ...(position === "AT_TIMESTAMP" ? { startingPositionTimestamp: num(input, "StartingPositionTimestamp") ?? 0 } : {}),
    maximumBatchingWindowInSeconds: batchingWindow,
    maximumRetryAttempts: num(input, "MaximumRetryAttempts") ?? DEFAULT_ESM_MAXIMUM_RETRY_ATTEMPTS,
    maximumRecordAgeInSeconds: num(input, "MaximumRecordAgeInSeconds") ?? DEFAULT_ESM_MAXIMUM_RECORD_AGE_SECONDS,
    bisectBatchOnFunctionError: input.BisectBatchOnFunctionError === true,
    functionResponseTypes: strings(input, "FunctionResponseTypes") ?? [],
    ...(obj(input, "FilterCriteria") ? { filterCriteria: obj(input, "FilterCriteria") as EventSourceMappingSettings["filterCriteria"] } : {}),
    ...(destination ? { onFailure: destination } : {}),
  };
  // The UUID is Lambda's: the poller keeps the mapping's position under it, so a restart resumes there.
  const uuid = checked(() => poller.start(settings, randomUUID()));
  const record: EventSourceMappingRecord = {
    uuid,
    functionArn,
    settings,
    lastModified: ctx.clock.now(),
    parallelizationFactor: num(input, "ParallelizationFactor") ?? DEFAULT_PARALLELIZATION_FACTOR,
    tumblingWindowInSeconds: num(input, "TumblingWindowInSeconds") ?? 0,
    onFailure: destination,
    service,
    ...(obj(input, "Tags") ? { tags: { ...(obj(input, "Tags") as Record<string, string>) } } : {}),
    ...configsOf(input),
  };
  ctx.eventSourceMappings.set(uuid, record);
  if (destination) ctx.targetConfigured(functionName, destination, "destination");
  // Lambda answers while the mapping is still being created; it is Enabled once read again. One
  // created disabled is Disabled at once (localstack test_fifo_message_group_parallelism, recorded on AWS).
  return describe(ctx, record, settings.enabled ? "Creating" : "Disabled");
}

export function getEventSourceMapping(ctx: MappingContext, input: Input): Record<string, unknown> {
  return describe(ctx, existing(ctx, input));
}

export function listEventSourceMappings(ctx: MappingContext, input: Input): Record<string, unknown> {
  const source = str(input, "EventSourceArn");
  const fn = str(input, "FunctionName");
  const wanted = fn === undefined ? undefined : functionOf(ctx, fn, false);
  const records = [...ctx.eventSourceMappings.values()].filter(
    (r) =>
      (source === undefined || r.settings.eventSourceArn === source) &&
      (wanted === undefined || r.functionArn === wanted.functionArn || (!wanted.qualified && r.functionArn.startsWith(`${wanted.functionArn}:`))),
  );
  return page(
    records.map((r) => describe(ctx, r)),
    input,
    "EventSourceMappings",
  );
}

export function updateEventSourceMapping(ctx: MappingContext, input: Input): Record<string, unknown> {
  const record = existing(ctx, input);
  const old = record.settings;
  const fn = str(input, "FunctionName");
  const functionArn = fn === undefined ? record.functionArn : functionOf(ctx, fn).functionArn;
  const destination = input.DestinationConfig === undefined ? record.onFailure : onFailureOf(input);
  const settings: EventSourceMappingSettings = {
    ...old,
    functionName: functionArn,
    enabled: typeof input.Enabled === "boolean" ? input.Enabled : old.enabled,
    batchSize: num(input, "BatchSize") ?? old.batchSize,
    maximumBatchingWindowInSeconds: num(input, "MaximumBatchingWindowInSeconds") ?? old.maximumBatchingWindowInSeconds,
    maximumRetryAttempts: num(input, "MaximumRetryAttempts") ?? old.maximumRetryAttempts,
    maximumRecordAgeInSeconds: num(input, "MaximumRecordAgeInSeconds") ?? old.maximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: typeof input.BisectBatchOnFunctionError === "boolean" ? input.BisectBatchOnFunctionError : old.bisectBatchOnFunctionError,
    functionResponseTypes: strings(input, "FunctionResponseTypes") ?? old.functionResponseTypes,
  };
  if (destination) settings.onFailure = destination;
  else delete settings.onFailure;
  const filter = obj(input, "FilterCriteria");
  if (filter) {
    // An empty FilterCriteria removes the filters.
    if (Array.isArray(filter.Filters) && filter.Filters.length > 0) settings.filterCriteria = filter as EventSourceMappingSettings["filterCriteria"];
    else delete settings.filterCriteria;
  }
  checked(() => pollerOf(ctx, record).update(record.uuid, settings));
  const destinationChanged = destination !== record.onFailure;
  record.settings = settings;
  record.functionArn = functionArn;
  record.onFailure = destination;
  record.parallelizationFactor = num(input, "ParallelizationFactor") ?? record.parallelizationFactor;
  record.tumblingWindowInSeconds = num(input, "TumblingWindowInSeconds") ?? record.tumblingWindowInSeconds;
  const configs = configsOf(input);
  if (obj(input, "ScalingConfig")) record.scalingConfig = configs.scalingConfig;
  if (obj(input, "MetricsConfig")) record.metricsConfig = configs.metricsConfig;
  record.lastModified = ctx.clock.now();
  if (destination && destinationChanged) ctx.targetConfigured(ctx.registry.parse(functionArn).name, destination, "destination");
  return describe(ctx, record, transition(old.enabled, settings.enabled));
}

/**
 * The state UpdateEventSourceMapping answers: Enabling or Disabling when it turns the mapping
 * on or off, Updating otherwise (localstack test_fifo_message_group_parallelism and
 * test_disabled_dynamodb_event_source_mapping, recorded on AWS).
 */
function transition(wasEnabled: boolean, enabled: boolean): State {
  if (wasEnabled === enabled) return "Updating";
  return enabled ? "Enabling" : "Disabling";
}

export async function deleteEventSourceMapping(ctx: MappingContext, input: Input): Promise<Record<string, unknown>> {
  const record = existing(ctx, input);
  await pollerOf(ctx, record).stop(record.uuid);
  ctx.eventSourceMappings.delete(record.uuid);
  return describe(ctx, record, "Deleting");
}

/** A mapping the sandbox started from the template (`Events: Type: DynamoDB`): listed and managed like the API's. */
export function adoptEventSourceMapping(ctx: MappingContext, uuid: string, service: string, settings: EventSourceMappingSettings): void {
  const parsed = ctx.registry.parse(settings.functionName);
  const base = ctx.registry.find(parsed.name)?.config.arn ?? ctx.registry.arnOf(parsed.name);
  ctx.eventSourceMappings.set(uuid, {
    uuid,
    functionArn: parsed.qualifier === undefined ? base : `${base}:${parsed.qualifier}`,
    settings,
    lastModified: ctx.clock.now(),
    parallelizationFactor: DEFAULT_PARALLELIZATION_FACTOR,
    tumblingWindowInSeconds: 0,
    onFailure: settings.onFailure,
    service,
    fromTemplate: true,
  });
}

/**
 * The mappings an earlier run created through the API (loaded from the data directory)
 * poll again, from the position their poller kept. One whose source is gone stays listed.
 */
export function resumeEventSourceMappings(ctx: MappingContext): void {
  for (const record of ctx.eventSourceMappings.values()) {
    if (record.fromTemplate) continue;
    const poller = ctx.eventSourcePollers[record.service];
    try {
      if (!poller) throw new Error(`no ${record.service} event source poller`);
      // Mappings saved before settings carried the destination still have it on the record.
      poller.start(record.onFailure ? { ...record.settings, onFailure: record.onFailure } : record.settings, record.uuid);
    } catch (error) {
      ctx.logger.warn(`lambda: event source mapping ${record.uuid} (${record.settings.eventSourceArn}) does not resume: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function existing(ctx: MappingContext, input: Input): EventSourceMappingRecord {
  const record = ctx.eventSourceMappings.get(String(input.UUID));
  if (!record) throw new ResourceNotFoundException(messages.mappingNotFound());
  return record;
}

function pollerOf(ctx: MappingContext, record: EventSourceMappingRecord): EventSourcePoller {
  const poller = ctx.eventSourcePollers[record.service];
  if (!poller) throw new InvalidParameterValueException(messages.eventSourceNotEmulated(record.settings.eventSourceArn));
  return poller;
}

/** The mapped function's ARN (qualified when a version or alias is named); it must exist. */
function functionOf(ctx: ApiContext, name: string, mustExist = true): { functionArn: string; functionName: string; qualified: boolean } {
  const { name: functionName, qualifier } = ctx.registry.parse(name);
  const record = ctx.registry.find(functionName);
  if (mustExist) {
    const known = record && (qualifier === undefined || qualifier === LATEST_VERSION || record.versions.has(qualifier) || record.aliases.has(qualifier));
    if (!known) throw new InvalidParameterValueException(messages.mappingFunctionMissing());
  }
  const base = record?.config.arn ?? ctx.registry.arnOf(functionName);
  return { functionArn: qualifier === undefined ? base : `${base}:${qualifier}`, functionName, qualified: qualifier !== undefined };
}

/**
 * Streams must name where to start; a queue has no position (StartingPosition is refused).
 * A queue mapping's settings carry LATEST, which its poller ignores and describe() leaves out.
 */
function startingPositionOf(input: Input, sourceArn: string, service: string): EventSourceMappingSettings["startingPosition"] {
  const position = str(input, "StartingPosition");
  if (service === "sqs") {
    if (position !== undefined) throw new InvalidParameterValueException(messages.startingPositionSqs());
    return "LATEST";
  }
  if (position === undefined) throw new InvalidParameterValueException(messages.startingPositionNull());
  if (input.StartingPositionTimestamp !== undefined && position !== "AT_TIMESTAMP") {
    throw new InvalidParameterValueException(messages.timestampWithoutAtTimestamp());
  }
  // AT_TIMESTAMP reads a Kinesis stream from a time; a DynamoDB stream has no such position.
  if (position === "AT_TIMESTAMP" && service === "kinesis") return position;
  if (position !== "TRIM_HORIZON" && position !== "LATEST") throw new InvalidParameterValueException(messages.unsupportedStartingPosition(sourceArn));
  return position;
}

/** DestinationConfig: stream mappings take OnFailure only. */
function onFailureOf(input: Input): string | undefined {
  const config = obj(input, "DestinationConfig");
  if (!config) return undefined;
  if (obj(config, "OnSuccess") && str(obj(config, "OnSuccess") ?? {}, "Destination")) {
    throw new InvalidParameterValueException(messages.mappingOnSuccess());
  }
  return str(obj(config, "OnFailure") ?? {}, "Destination") || undefined;
}

/** The poller checks what the model cannot (record age from 60 s, filter patterns); its mistakes are the caller's. */
function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    if (/filter pattern/i.test(error.message)) throw new InvalidParameterValueException(messages.invalidFilterPattern());
    throw new InvalidParameterValueException(error.message);
  }
}

/**
 * ScalingConfig and MetricsConfig as given; an empty one (no MaximumConcurrency, no Metrics) is
 * none, as Terraform's aws_lambda_event_source_mapping removes them. Locally the poller's
 * concurrency is not capped by MaximumConcurrency.
 */
function configsOf(input: Input): { scalingConfig?: Input; metricsConfig?: Input } {
  const scaling = obj(input, "ScalingConfig");
  const metrics = obj(input, "MetricsConfig");
  return {
    ...(scaling && num(scaling, "MaximumConcurrency") !== undefined ? { scalingConfig: { MaximumConcurrency: num(scaling, "MaximumConcurrency") } } : {}),
    ...(metrics && (strings(metrics, "Metrics") ?? []).length > 0 ? { metricsConfig: { Metrics: strings(metrics, "Metrics") } } : {}),
  };
}

/** What describe() adds for the optional configs a mapping holds. */
function configsShown(record: EventSourceMappingRecord): Record<string, unknown> {
  return {
    ...(record.scalingConfig ? { ScalingConfig: record.scalingConfig } : {}),
    ...(record.metricsConfig ? { MetricsConfig: record.metricsConfig } : {}),
  };
}

function describe(ctx: MappingContext, record: EventSourceMappingRecord, state?: State): Record<string, unknown> {
  const s = record.settings;
  if (record.service === "sqs") return describeQueueMapping(ctx, record, state);
  const out: Record<string, unknown> = {
    UUID: record.uuid,
    StartingPosition: s.startingPosition,
    ...(s.startingPositionTimestamp !== undefined ? { StartingPositionTimestamp: s.startingPositionTimestamp } : {}),
    BatchSize: s.batchSize,
    MaximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    ParallelizationFactor: record.parallelizationFactor,
    EventSourceArn: s.eventSourceArn,
    FunctionArn: record.functionArn,
    // restJson timestamps are epoch seconds.
    LastModified: record.lastModified / 1000,
    // "OK" once a batch was delivered (localstack test_disabled_dynamodb_event_source_mapping, recorded on AWS).
    LastProcessingResult: ctx.eventSourcePollers[record.service]?.lastProcessingResult?.(record.uuid) ?? "No records processed",
    State: state ?? (s.enabled ? "Enabled" : "Disabled"),
    StateTransitionReason: "User action",
    DestinationConfig: { OnFailure: record.onFailure ? { Destination: record.onFailure } : {} },
    MaximumRecordAgeInSeconds: s.maximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: s.bisectBatchOnFunctionError,
    MaximumRetryAttempts: s.maximumRetryAttempts,
    TumblingWindowInSeconds: record.tumblingWindowInSeconds,
    FunctionResponseTypes: s.functionResponseTypes,
    EventSourceMappingArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${record.uuid}`,
    ...configsShown(record),
  };
  if (s.filterCriteria) out.FilterCriteria = s.filterCriteria;
  return out;
}

/**
 * A queue mapping describes only what applies to queues: no starting position, retries,
 * record age, bisecting, parallelization or tumbling window (the CreateEventSourceMapping
 * example for an SQS queue in Lambda's reference).
 */
function describeQueueMapping(ctx: MappingContext, record: EventSourceMappingRecord, state?: State): Record<string, unknown> {
  const s = record.settings;
  const out: Record<string, unknown> = {
    UUID: record.uuid,
    BatchSize: s.batchSize,
    MaximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    EventSourceArn: s.eventSourceArn,
    FunctionArn: record.functionArn,
    LastModified: record.lastModified / 1000,
    State: state ?? (s.enabled ? "Enabled" : "Disabled"),
    StateTransitionReason: "USER_INITIATED",
    FunctionResponseTypes: s.functionResponseTypes,
    EventSourceMappingArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${record.uuid}`,
    ...configsShown(record),
  };
  if (s.filterCriteria) out.FilterCriteria = s.filterCriteria;
  return out;
}
