/**
 * The template's Kinesis resources, made real at start-up: AWS::Kinesis::Stream (shards or
 * on-demand mode, retention, encryption, tags), AWS::Kinesis::StreamConsumer (an enhanced fan-out
 * consumer of one) and the event source mappings that read them (from a stream or a consumer) —
 * SAM `Events: Type: Kinesis` on a function (SAM names the mapping "<Function><EventId>") and
 * AWS::Lambda::EventSourceMapping with a stream ARN (what CDK writes). All are read from
 * AppModel.resources; the mappings run in the Kinesis service through core's EventSourcePoller.
 */
import { SandboxError, type EventSourceMappingSettings, type Logger } from "@sam-sandbox/core";
import type { Kinesis } from "@sam-sandbox/kinesis";
import { eventTarget, stackOfLogicalId, type AppModel, type ResolvedResource } from "@sam-sandbox/template";
import { mappingFunctionName, stableUuid } from "./sqsResources.js";

/** Lambda's defaults and bounds for stream mappings (CreateEventSourceMapping API reference). */
const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 10_000;

const isKinesisArn = (value: unknown): value is string => typeof value === "string" && value.split(":")[2] === "kinesis";

/** Whether the template defines streams or reads one: Kinesis then loads at start-up. */
export function hasKinesisResources(app: AppModel): boolean {
  return Object.values(app.resources).some(
    (r) =>
      r.type === "AWS::Kinesis::Stream" ||
      r.type === "AWS::Kinesis::StreamConsumer" ||
      (r.type === "AWS::Lambda::EventSourceMapping" && isKinesisArn(r.properties.EventSourceArn)) ||
      (r.type === "AWS::Serverless::Function" && Object.values(isRecord(r.properties.Events) ? r.properties.Events : {}).some((e) => isRecord(e) && e.Type === "Kinesis")),
  );
}

/**
 * Template streams exist at start-up; one kept from an earlier run keeps its records and takes
 * the template's settings, as a stack update does: its mode, retention, encryption, and its shard count through
 * UpdateShardCount (a change past what one call allows, double or half, is warned about and the
 * shards are kept).
 */
export async function createTemplateStreams(kinesis: Kinesis, app: AppModel, logger: Logger): Promise<void> {
  const { engine } = kinesis;
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::Kinesis::Stream") continue;
    const name = resource.ref;
    const props = resource.properties;
    const where = { file: stackOfLogicalId(app, resource.logicalId).templateFile, line: resource.line };
    try {
      const mode = isRecord(props.StreamModeDetails) && props.StreamModeDetails.StreamMode === "ON_DEMAND" ? "ON_DEMAND" : "PROVISIONED";
      // CloudFormation's resource handler refuses the pair (its text as aws/aws-cdk#18247 quotes it).
      if (mode === "ON_DEMAND" && props.ShardCount !== undefined) throw new Error("ShardCount is not expected when StreamMode=ON_DEMAND");
      if (!engine.streamOfArn(resource.attributes.Arn)) {
        await engine.createStream({
          StreamName: name,
          StreamModeDetails: { StreamMode: mode },
          ...(mode === "PROVISIONED" ? { ShardCount: props.ShardCount === undefined ? 1 : Number(props.ShardCount) } : {}),
          Tags: tagsOf(props.Tags),
        });
      } else {
        if (Object.keys(tagsOf(props.Tags)).length > 0) await engine.addTagsToStream({ StreamName: name, Tags: tagsOf(props.Tags) });
        await updateCapacity(kinesis, name, resource.attributes.Arn, mode, props.ShardCount, logger, resource.logicalId);
      }
      const hours = props.RetentionPeriodHours === undefined ? 24 : Number(props.RetentionPeriodHours);
      const current = engine.streamOfArn(resource.attributes.Arn)?.retentionHours ?? hours;
      if (hours > current) await engine.increaseStreamRetentionPeriod({ StreamName: name, RetentionPeriodHours: hours });
      if (hours < current) await engine.decreaseStreamRetentionPeriod({ StreamName: name, RetentionPeriodHours: hours });
      const encryption = isRecord(props.StreamEncryption) ? props.StreamEncryption : undefined;
      if (encryption && encryption.EncryptionType === "KMS") {
        await engine.startStreamEncryption({ StreamName: name, EncryptionType: "KMS", KeyId: String(encryption.KeyId ?? "alias/aws/kinesis") });
      } else if (engine.streamOfArn(resource.attributes.Arn)?.encryptionType === "KMS") {
        // A kept stream whose template no longer encrypts it: a stack update stops its encryption.
        await engine.stopStreamEncryption({ StreamName: name, EncryptionType: "KMS", KeyId: engine.streamOfArn(resource.attributes.Arn)?.keyId ?? "" });
      }
    } catch (error) {
      throw new SandboxError(`Stream ${resource.logicalId} (${name}) could not be created: ${error instanceof Error ? error.message : String(error)}`, {
        ...where,
        hint: "Check the stream's properties (ShardCount 1 or more, RetentionPeriodHours 24-8760, StreamModeDetails).",
      });
    }
  }
  await createTemplateConsumers(kinesis, app);
}

/**
 * Template consumers are registered on their streams with the ARN the template gave them (its
 * creation second fixed per resource), ACTIVE at once as after a deployment; one kept from an
 * earlier run stays as it is.
 */
async function createTemplateConsumers(kinesis: Kinesis, app: AppModel): Promise<void> {
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::Kinesis::StreamConsumer") continue;
    const arn = resource.attributes.ConsumerARN;
    if (kinesis.engine.streamOfArn(arn)) continue;
    const name = resource.attributes.ConsumerName;
    try {
      const created = Number(/:(\d+)$/.exec(arn)?.[1] ?? 0) * 1000;
      await kinesis.engine.registerStreamConsumer({ StreamARN: resource.attributes.StreamARN, ConsumerName: name, Tags: tagsOf(resource.properties.Tags) }, created);
    } catch (error) {
      throw new SandboxError(`Stream consumer ${resource.logicalId} (${name}) could not be registered: ${error instanceof Error ? error.message : String(error)}`, {
        file: stackOfLogicalId(app, resource.logicalId).templateFile,
        line: resource.line,
        hint: "StreamARN must name a stream of this template (!GetAtt <Stream>.Arn), and ConsumerName be new on it.",
      });
    }
  }
}

/** A kept stream takes the template's mode and shard count. */
async function updateCapacity(kinesis: Kinesis, name: string, arn: string, mode: "ON_DEMAND" | "PROVISIONED", shardCount: unknown, logger: Logger, logicalId: string): Promise<void> {
  const { engine } = kinesis;
  const stream = engine.streamOfArn(arn);
  if (!stream) return;
  if (stream.mode !== mode) await engine.updateStreamMode({ StreamARN: arn, StreamModeDetails: { StreamMode: mode } });
  if (mode !== "PROVISIONED") return;
  const target = shardCount === undefined ? 1 : Number(shardCount);
  const open = stream.shards.filter((s) => s.endingSequenceNumber === undefined).length;
  if (target === open) return;
  try {
    await engine.updateShardCount({ StreamName: name, TargetShardCount: target, ScalingType: "UNIFORM_SCALING" });
  } catch (error) {
    logger.warn(`Stream ${logicalId} (${name}) keeps its ${open} shards: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** An event source mapping from a stream, as the template defines it. */
export interface StreamMapping {
  logicalId: string;
  uuid: string;
  line?: number;
  settings: EventSourceMappingSettings;
}

/** The template's mappings from Kinesis streams: SAM `Events: Type: Kinesis` and AWS::Lambda::EventSourceMapping. */
export function templateStreamMappings(app: AppModel): StreamMapping[] {
  const out: StreamMapping[] = [];
  // A function with an AutoPublishAlias is mapped through its alias, as SAM maps it.
  const functionNames = new Map(app.functions.map((fn) => [fn.logicalId, eventTarget(fn).functionName]));
  for (const resource of Object.values(app.resources)) {
    if (resource.type === "AWS::Serverless::Function") {
      const functionName = functionNames.get(resource.logicalId);
      const events = isRecord(resource.properties.Events) ? resource.properties.Events : {};
      for (const [eventId, event] of Object.entries(events)) {
        if (!isRecord(event) || event.Type !== "Kinesis" || !functionName) continue;
        const props = isRecord(event.Properties) ? event.Properties : {};
        const logicalId = `${resource.logicalId}${eventId}`;
        out.push(mapping(app, logicalId, resource, functionName, props.Stream, props, stableUuid(`${app.stackName}/${logicalId}/`)));
      }
    } else if (resource.type === "AWS::Lambda::EventSourceMapping" && isKinesisArn(resource.properties.EventSourceArn)) {
      // !Ref of an AWS::Lambda::EventSourceMapping is its UUID.
      out.push(mapping(app, resource.logicalId, resource, mappingFunctionName(app, resource), resource.properties.EventSourceArn, resource.properties, resource.ref));
    }
  }
  return out;
}

function mapping(app: AppModel, logicalId: string, resource: ResolvedResource, functionName: string, stream: unknown, props: Record<string, unknown>, uuid: string): StreamMapping {
  const where = { file: stackOfLogicalId(app, resource.logicalId).templateFile, line: resource.line };
  if (!isKinesisArn(stream)) {
    throw new SandboxError(`${logicalId}: the Kinesis event's Stream must be a stream ARN (!GetAtt <Stream>.Arn) or a consumer's (!GetAtt <Consumer>.ConsumerARN), not ${JSON.stringify(stream)}`, where);
  }
  // An enhanced fan-out consumer ("…:stream/<name>/consumer/<consumer>:<time>") stays the mapping's source; its poller reads the consumer's stream.
  const eventSourceArn = stream;
  const position = props.StartingPosition;
  if (position === undefined) {
    // SAM's text (samtranslator's pull event source).
    throw new SandboxError(`Event with id [${logicalId}] is invalid. StartingPosition is required for Kinesis, DynamoDB and MSK.`, {
      ...where,
      hint: "Use TRIM_HORIZON (every record the stream holds) or LATEST (records written from now on).",
    });
  }
  if (position !== "TRIM_HORIZON" && position !== "LATEST" && position !== "AT_TIMESTAMP") {
    throw new SandboxError(`${logicalId}: StartingPosition ${String(position)} is not one of TRIM_HORIZON, LATEST, AT_TIMESTAMP`, where);
  }
  const timestamp = position === "AT_TIMESTAMP" ? Number(props.StartingPositionTimestamp ?? 0) : undefined;
  if (timestamp !== undefined && !Number.isFinite(timestamp)) {
    throw new SandboxError(`${logicalId}: StartingPositionTimestamp must be a time in epoch seconds`, where);
  }
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = props[key];
    if (value === undefined || value === null) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new SandboxError(`${key} of ${logicalId} must be a whole number from ${min} to ${max}`, where);
    return n;
  };
  const filters = isRecord(props.FilterCriteria) && Array.isArray(props.FilterCriteria.Filters) ? props.FilterCriteria.Filters.filter(isRecord) : undefined;
  const onFailure = isRecord(props.DestinationConfig) && isRecord(props.DestinationConfig.OnFailure) ? props.DestinationConfig.OnFailure.Destination : undefined;
  return {
    logicalId,
    uuid,
    line: resource.line,
    settings: {
      functionName,
      eventSourceArn,
      enabled: props.Enabled === undefined || props.Enabled === true || props.Enabled === "true",
      batchSize: number("BatchSize", DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
      startingPosition: position,
      ...(timestamp !== undefined ? { startingPositionTimestamp: timestamp } : {}),
      maximumBatchingWindowInSeconds: number("MaximumBatchingWindowInSeconds", 0, 0, 300),
      maximumRetryAttempts: number("MaximumRetryAttempts", -1, -1, 10_000),
      maximumRecordAgeInSeconds: number("MaximumRecordAgeInSeconds", -1, -1, 604_800),
      bisectBatchOnFunctionError: props.BisectBatchOnFunctionError === true || props.BisectBatchOnFunctionError === "true",
      functionResponseTypes: Array.isArray(props.FunctionResponseTypes) ? props.FunctionResponseTypes.map(String) : [],
      ...(filters ? { filterCriteria: { Filters: filters.map((f) => ({ Pattern: typeof f.Pattern === "string" ? f.Pattern : JSON.stringify(f.Pattern ?? {}) })) } } : {}),
      ...(typeof onFailure === "string" ? { onFailure } : {}),
    },
  };
}

/**
 * Starts the template's stream mappings and answers those started; a mistake in one names the
 * template resource. A stream the sandbox does not have (one of another stack) is warned about
 * and its mapping skipped, as DynamoDB stream mappings are.
 */
export function startTemplateStreamMappings(kinesis: Kinesis, mappings: readonly StreamMapping[], app: AppModel, logger: Logger): StreamMapping[] {
  const started: StreamMapping[] = [];
  for (const m of mappings) {
    if (!kinesis.poller.sourceExists(m.settings.eventSourceArn)) {
      logger.warn(`Event source mapping ${m.logicalId} reads the Kinesis stream ${m.settings.eventSourceArn}, which is not a stream of this template; skipped`);
      continue;
    }
    try {
      // A mapping kept from an earlier run (same UUID) resumes from its saved position.
      kinesis.poller.start(m.settings, m.uuid);
      started.push(m);
    } catch (error) {
      const hint = error instanceof SandboxError ? error.hint : undefined;
      throw new SandboxError(`${m.logicalId}: ${error instanceof Error ? error.message : String(error)}`, {
        file: stackOfLogicalId(app, m.logicalId).templateFile,
        line: m.line,
        ...(hint ? { hint } : {}),
      });
    }
  }
  return started;
}

function tagsOf(value: unknown): Record<string, string> {
  return Object.fromEntries((Array.isArray(value) ? value : []).filter(isRecord).map((t) => [String(t.Key), String(t.Value)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
