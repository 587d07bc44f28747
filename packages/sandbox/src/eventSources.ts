/**
 * The Lambda API's event source mappings from DynamoDB streams, run by DynamoDB's stream
 * pollers (DESIGN.md rule 1: Lambda reaches them through core's EventSourcePoller port).
 */
import type { EventSourceMappingSettings, EventSourcePoller } from "@sam-sandbox/core";
import type { DynamoDb, StreamEventSourceMapping, StreamEventSourceMappingOptions } from "@sam-sandbox/dynamodb";

type Settings = Omit<StreamEventSourceMappingOptions, "id" | "streamArn" | "tableName">;

/** A mapping's settings as DynamoDB's pollers take them (without its id and stream). */
export function optionsOf(s: EventSourceMappingSettings): Settings {
  return {
    functionName: s.functionName,
    batchSize: s.batchSize,
    // Lambda refuses AT_TIMESTAMP for a DynamoDB stream before it gets here.
    startingPosition: s.startingPosition as Settings["startingPosition"],
    maximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    filterCriteria: s.filterCriteria,
    maximumRetryAttempts: s.maximumRetryAttempts,
    maximumRecordAgeInSeconds: s.maximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: s.bisectBatchOnFunctionError,
    functionResponseTypes: s.functionResponseTypes,
    enabled: s.enabled,
  };
}

/** Sends a message to an SQS queue or SNS topic by its ARN (the sandbox's destinations port). */
export type SendToDestination = (arn: string, message: string) => Promise<void>;

/** `send` delivers the OnFailure records of discarded batches (DestinationConfig). */
export function dynamoDbStreamPoller(dynamodb: DynamoDb, send?: SendToDestination): EventSourcePoller {
  const mappings = dynamodb.eventSources;
  const options = (settings: EventSourceMappingSettings): Settings => {
    const destination = settings.onFailure;
    if (!destination || !send) return optionsOf(settings);
    return { ...optionsOf(settings), onFailure: { destination, send: (message) => send(destination, message) } };
  };
  return {
    sourceExists: (arn) => mappings.streamExists(arn),
    // Given Lambda's UUID, the mapping journals its position under it (resumed after a restart).
    start: (settings, uuid) => mappings.create({ ...options(settings), streamArn: settings.eventSourceArn, ...(uuid ? { id: uuid } : {}) }).UUID,
    update: (uuid, settings) => void mappings.update(uuid, options(settings)),
    stop: async (uuid) => void (await mappings.delete(uuid)),
    lastProcessingResult: (uuid) => mappings.lastProcessingResult(uuid),
  };
}

/** A running mapping (the template's), as Lambda's API describes its settings. */
export function settingsOf(d: StreamEventSourceMapping): EventSourceMappingSettings {
  return {
    functionName: d.FunctionName,
    eventSourceArn: d.EventSourceArn,
    enabled: d.State === "Enabled",
    batchSize: d.BatchSize,
    startingPosition: d.StartingPosition,
    maximumBatchingWindowInSeconds: d.MaximumBatchingWindowInSeconds,
    maximumRetryAttempts: d.MaximumRetryAttempts,
    maximumRecordAgeInSeconds: d.MaximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: d.BisectBatchOnFunctionError,
    functionResponseTypes: [...d.FunctionResponseTypes],
    ...(d.FilterCriteria ? { filterCriteria: d.FilterCriteria } : {}),
  };
}
