/**
 * Event source mappings from a DynamoDB stream to a function: SAM `Events: Type: DynamoDB`
 * (SAM names the mapping "<Function><EventId>") and AWS::Lambda::EventSourceMapping (what CDK
 * writes). Settings are checked against Lambda's limits and filled with Lambda's defaults.
 * Mappings from SQS queues and Kinesis streams are left to packages/sandbox (sqsResources.ts,
 * kinesisResources.ts); Kafka or MQ ones are reported, not emulated.
 */
import { messages, templateError } from "../errors.js";
import type { Where } from "../errors.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import * as L from "../limits.js";
import type { EventSourceMappingSpec, FunctionSpec, ResolvedResource, TableSpec } from "../model.js";
import { stableUuid } from "../names.js";
import { keyLineOf } from "../parse/located.js";
import { eventsOf } from "../sam/events.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";
import { eventTarget } from "../functions/target.js";

/** "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2024-01-01T00:00:00.000" → "Orders". */
const STREAM_ARN = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\/.+$/;
const STARTING_POSITIONS = ["TRIM_HORIZON", "LATEST"] as const;

/** SAM `Events: Type: DynamoDB` of one function. */
export function dynamoDbEventMappings(stack: Stack, resolved: ResolvedResource, fn: FunctionSpec, tables: readonly TableSpec[]): EventSourceMappingSpec[] {
  const raw = stack.resources.get(resolved.logicalId)?.properties ?? {};
  const events = isRecord(resolved.properties.Events) ? resolved.properties.Events : {};
  const out: EventSourceMappingSpec[] = [];
  for (const [eventId] of eventsOf(raw)) {
    const event = events[eventId];
    if (!isRecord(event) || event.Type !== "DynamoDB") continue;
    const props = isRecord(event.Properties) ? event.Properties : {};
    const where = { file: stack.info.file, line: keyLineOf(raw.Events, eventId) ?? resolved.line };
    if (props.Stream === undefined) {
      throw templateError(messages.samEvent(eventId, "No Queue (for SQS) or Stream (for Kinesis, DynamoDB or MSK) or Broker (for Amazon MQ) provided."), where);
    }
    if (props.StartingPosition === undefined) {
      throw templateError(messages.samEvent(eventId, "StartingPosition is required for Kinesis, DynamoDB and MSK."), where,
        "Use TRIM_HORIZON (every record the stream holds) or LATEST (records written from now on).");
    }
    const filterCriteria = props.FilterCriteria;
    if (isRecord(filterCriteria) && !Object.keys(filterCriteria).every((key) => key === "Filters")) {
      throw templateError(messages.samEvent(eventId, "FilterCriteria field has a wrong format"), where);
    }
    const destination = destinationConfig(props.DestinationConfig);
    // SAM maps the stream to the function's alias when it has one.
    const target = { logicalId: fn.logicalId, functionName: eventTarget(fn).functionName };
    const spec = mapping(stack, { logicalId: `${resolved.logicalId}${eventId}`, fn: target, eventSourceArn: props.Stream, props, destination, where, line: resolved.line }, tables);
    if (spec) out.push(spec);
  }
  return out;
}

/** AWS::Lambda::EventSourceMapping: a DynamoDB stream is mapped; any other source is reported. */
export function cfnEventSourceMapping(stack: Stack, resource: ResolvedResource, functions: FunctionIndex, tables: readonly TableSpec[]): EventSourceMappingSpec | undefined {
  const props = resource.properties;
  const where = { file: stack.info.file, line: resource.line };
  const source = props.EventSourceArn;
  if (typeof source !== "string" || !source.startsWith("arn:") || source.split(":")[2] !== "dynamodb") {
    const service = typeof source === "string" && source.startsWith("arn:") ? source.split(":")[2] : "an unknown source";
    // Mappings from SQS queues and Kinesis streams are run by packages/sandbox (sqsResources.ts, kinesisResources.ts) from AppModel.resources.
    if (service === "sqs" || service === "kinesis") return undefined;
    stack.warnings.add(`AWS::Lambda::EventSourceMapping ${resource.logicalId} reads from ${service}, which is not emulated yet; skipped`);
    return undefined;
  }
  const target = functions.target(props.FunctionName);
  if (!target) {
    stack.warnings.add(`AWS::Lambda::EventSourceMapping ${resource.logicalId} targets ${String(props.FunctionName)}, which is not a function of this template; skipped`);
    return undefined;
  }
  if (props.StartingPosition === undefined) {
    throw templateError(`AWS::Lambda::EventSourceMapping ${resource.logicalId}: StartingPosition is required for a DynamoDB stream`, where,
      "Use TRIM_HORIZON (every record the stream holds) or LATEST (records written from now on).");
  }
  // FunctionName may name an alias or version (an alias ARN): the mapping invokes it.
  const fn = { logicalId: target.fn.logicalId, functionName: target.functionName };
  return mapping(stack, { logicalId: resource.logicalId, fn, eventSourceArn: source, props, destination: props.DestinationConfig, where, line: resource.line }, tables);
}

interface MappingInput {
  logicalId: string;
  fn: Pick<FunctionSpec, "logicalId" | "functionName">;
  eventSourceArn: unknown;
  /** The event's or resource's properties (BatchSize, StartingPosition, …). */
  props: Record<string, unknown>;
  destination: unknown;
  where: Where;
  line?: number;
}

function mapping(stack: Stack, input: MappingInput, tables: readonly TableSpec[]): EventSourceMappingSpec | undefined {
  const { props, where, logicalId } = input;
  const arn = input.eventSourceArn;
  const tableName = typeof arn === "string" ? STREAM_ARN.exec(arn)?.[1] : undefined;
  if (typeof arn !== "string" || tableName === undefined) {
    throw templateError(`${logicalId}: the event source ${String(arn)} is not a DynamoDB stream ARN`, where,
      "Use the table's stream: !GetAtt <Table>.StreamArn (the table needs a StreamSpecification).");
  }
  const table = tables.find((t) => t.streamArn === arn) ?? tables.find((t) => t.createTableInput.TableName === tableName);
  if (!table) {
    stack.warnings.add(`Event source mapping ${logicalId} reads the stream of table ${tableName}, which is not a table of this template; skipped`);
    return undefined;
  }
  const startingPosition = String(props.StartingPosition);
  if (!(STARTING_POSITIONS as readonly string[]).includes(startingPosition)) {
    throw templateError(`${logicalId}: StartingPosition ${startingPosition} is not supported for a DynamoDB stream`, where, "Use TRIM_HORIZON or LATEST.");
  }
  const number = (key: string, name: string, min: number, max: number, fallback: number) => integer(props[key], { logicalId, key, name, min, max, where }) ?? fallback;
  const maximumRecordAgeInSeconds = number("MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, L.MAX_RECORD_AGE_SECONDS, -1);
  if (maximumRecordAgeInSeconds >= 0 && maximumRecordAgeInSeconds < L.MIN_RECORD_AGE_SECONDS) {
    throw templateError(`${logicalId}: MaximumRecordAgeInSeconds must be -1 or between ${L.MIN_RECORD_AGE_SECONDS} and ${L.MAX_RECORD_AGE_SECONDS}`, where);
  }
  const spec: EventSourceMappingSpec = {
    logicalId,
    uuid: stableUuid(`${stack.info.stackName}/${logicalId}/`),
    functionName: input.fn.functionName,
    functionLogicalId: input.fn.logicalId,
    eventSourceArn: arn,
    tableName,
    tableLogicalId: table.logicalId,
    batchSize: number("BatchSize", "batchSize", 1, L.MAX_STREAM_BATCH_SIZE, L.DEFAULT_STREAM_BATCH_SIZE),
    startingPosition: startingPosition as EventSourceMappingSpec["startingPosition"],
    maximumBatchingWindowInSeconds: number("MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, L.MAX_BATCHING_WINDOW_SECONDS, 0),
    maximumRetryAttempts: number("MaximumRetryAttempts", "maximumRetryAttempts", -1, L.MAX_RETRY_ATTEMPTS, -1),
    maximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: isTrue(props.BisectBatchOnFunctionError),
    functionResponseTypes: Array.isArray(props.FunctionResponseTypes) ? props.FunctionResponseTypes.map(String) : [],
    parallelizationFactor: number("ParallelizationFactor", "parallelizationFactor", 1, L.MAX_PARALLELIZATION_FACTOR, 1),
    tumblingWindowInSeconds: number("TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, L.MAX_TUMBLING_WINDOW_SECONDS, 0),
    enabled: props.Enabled === undefined || isTrue(props.Enabled),
    line: input.line,
  };
  const filterCriteria = filters(props.FilterCriteria);
  if (filterCriteria) spec.filterCriteria = filterCriteria;
  if (isRecord(input.destination)) spec.destinationConfig = input.destination;
  return spec;
}

function integer(value: unknown, at: { logicalId: string; key: string; name: string; min: number; max: number; where: Where }): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw templateError(`${at.key} of ${at.logicalId} must be a whole number`, at.where);
  if (n < at.min || n > at.max) {
    // Lambda's validation message for an out-of-range value.
    const bound = n < at.min ? `greater than or equal to ${at.min}` : `less than or equal to ${at.max}`;
    throw templateError(`1 validation error detected: Value '${n}' at '${at.name}' failed to satisfy constraint: Member must have value ${bound}`, at.where);
  }
  return n;
}

/** FilterCriteria with each Pattern as JSON text (a map written in YAML is serialized). */
function filters(value: unknown): EventSourceMappingSpec["filterCriteria"] {
  if (!isRecord(value) || !Array.isArray(value.Filters)) return undefined;
  return {
    Filters: value.Filters.filter(isRecord).map((f) => ({ Pattern: typeof f.Pattern === "string" ? f.Pattern : JSON.stringify(f.Pattern ?? {}) })),
  };
}

/** SAM's DestinationConfig without OnFailure.Type (SAM reads it to grant permissions, then drops it). */
function destinationConfig(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const onFailure = value.OnFailure;
  if (!isRecord(onFailure)) return value;
  const { Type: _type, ...rest } = onFailure;
  return { ...value, OnFailure: rest };
}
