/**
 * An event source mapping from a DynamoDB stream to a Lambda function, as the template's
 * `Events: Type: DynamoDB` (or AWS::Lambda::EventSourceMapping) describes it. Options are
 * checked once, when the mapping is registered; a mistake is a SandboxError naming it.
 */
import { SandboxError, uuid } from "@sam-sandbox/core";
import {
  DEFAULT_STREAM_BATCH_SIZE,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_RECORD_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  MAX_STREAM_BATCH_SIZE,
  MIN_RECORD_AGE_SECONDS,
} from "../limits.js";
import { parseFilterCriteria, type FilterPattern } from "./filterPattern.js";

export interface StreamEventSourceMappingOptions {
  /**
   * A stable id (e.g. "<FunctionLogicalId>/<EventName>"): the mapping's position in the
   * stream is journaled under it, so after a restart delivery resumes where it stopped.
   * Default: a random UUID (the position is then not resumed).
   */
  id?: string;
  /** Function name or ARN, as the LambdaInvoker port takes it. */
  functionName: string;
  /** The stream to read; or give tableName for the table's current stream. */
  streamArn?: string;
  tableName?: string;
  /** Records per invocation, 1 to 10,000 (default 100). */
  batchSize?: number;
  startingPosition: "TRIM_HORIZON" | "LATEST";
  /** Seconds to gather records before invoking with fewer than batchSize (0 to 300, default 0). */
  maximumBatchingWindowInSeconds?: number;
  filterCriteria?: { Filters?: { Pattern?: string }[] };
  /** Retries of a failing batch: -1 (default) retries until the records expire. */
  maximumRetryAttempts?: number;
  /** Records older than this are discarded: -1 (default) or 60 to 604,800. */
  maximumRecordAgeInSeconds?: number;
  /** Split a failing batch in two and retry the halves (does not count as a retry). */
  bisectBatchOnFunctionError?: boolean;
  /** ["ReportBatchItemFailures"]: the function may return {"batchItemFailures": [{"itemIdentifier": <SequenceNumber>}]}. */
  functionResponseTypes?: readonly string[];
  /** Default true. */
  enabled?: boolean;
  /** DestinationConfig OnFailure: told of each batch given up (retries exhausted, records too old). */
  onFailure?: OnFailureDestination;
}

/** An SQS queue or SNS topic that gets a record of each discarded batch (the sandbox wires the sending). */
export interface OnFailureDestination {
  /** The queue's or topic's ARN. */
  destination: string;
  /** Sends one invocation record (JSON text) to the destination. */
  send(message: string): Promise<void>;
}

/** A registered mapping, as ListEventSourceMappings would describe it. */
export interface StreamEventSourceMapping {
  UUID: string;
  EventSourceArn: string;
  FunctionName: string;
  State: "Enabled" | "Disabled";
  BatchSize: number;
  StartingPosition: "TRIM_HORIZON" | "LATEST";
  MaximumBatchingWindowInSeconds: number;
  MaximumRetryAttempts: number;
  MaximumRecordAgeInSeconds: number;
  BisectBatchOnFunctionError: boolean;
  FunctionResponseTypes: "ReportBatchItemFailures"[];
  FilterCriteria?: { Filters?: { Pattern?: string }[] };
}

export interface MappingConfig {
  description: StreamEventSourceMapping;
  /** True when the id was given (positions are journaled under it). */
  durable: boolean;
  filter: FilterPattern | undefined;
  onFailure: OnFailureDestination | undefined;
}

function integerIn(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SandboxError(`Event source mapping ${name} must be an integer from ${min} to ${max}; got ${String(value)}.`);
  }
  return n;
}

export function mappingConfig(options: StreamEventSourceMappingOptions, eventSourceArn: string): MappingConfig {
  if (options.startingPosition !== "TRIM_HORIZON" && options.startingPosition !== "LATEST") {
    throw new SandboxError(
      `Event source mapping StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream; got ${String(options.startingPosition)}.`,
    );
  }
  const retries = integerIn("MaximumRetryAttempts", options.maximumRetryAttempts, -1, -1, MAX_RETRY_ATTEMPTS);
  const age = integerIn("MaximumRecordAgeInSeconds", options.maximumRecordAgeInSeconds, -1, -1, MAX_RECORD_AGE_SECONDS);
  if (age !== -1 && age < MIN_RECORD_AGE_SECONDS) {
    throw new SandboxError(`Event source mapping MaximumRecordAgeInSeconds must be -1 or from ${MIN_RECORD_AGE_SECONDS} to ${MAX_RECORD_AGE_SECONDS}; got ${age}.`);
  }
  const types: "ReportBatchItemFailures"[] = [];
  for (const type of options.functionResponseTypes ?? []) {
    if (type !== "ReportBatchItemFailures") throw new SandboxError(`Event source mapping FunctionResponseTypes may only hold ReportBatchItemFailures; got ${String(type)}.`);
    types.push(type);
  }
  return {
    description: {
      UUID: options.id ?? uuid(),
      EventSourceArn: eventSourceArn,
      FunctionName: options.functionName,
      State: options.enabled === false ? "Disabled" : "Enabled",
      BatchSize: integerIn("BatchSize", options.batchSize, DEFAULT_STREAM_BATCH_SIZE, 1, MAX_STREAM_BATCH_SIZE),
      StartingPosition: options.startingPosition,
      MaximumBatchingWindowInSeconds: integerIn("MaximumBatchingWindowInSeconds", options.maximumBatchingWindowInSeconds, 0, 0, MAX_BATCHING_WINDOW_SECONDS),
      MaximumRetryAttempts: retries,
      MaximumRecordAgeInSeconds: age,
      BisectBatchOnFunctionError: options.bisectBatchOnFunctionError === true,
      FunctionResponseTypes: types,
      ...(options.filterCriteria ? { FilterCriteria: options.filterCriteria } : {}),
    },
    durable: options.id !== undefined,
    filter: parseFilterCriteria(options.filterCriteria),
    onFailure: options.onFailure,
  };
}
