/**
 * DynamoDB for the sandbox: an in-memory engine with ordered indexes, persisted through
 * core's Store (journal + snapshots), served over DynamoDB's awsJson 1.0 protocol.
 */
import { NOOP_TRACER, type AwsDispatcher, type AwsService, type Clock, type LambdaInvoker, type Logger, type Store, type Tracer } from "@sam-sandbox/core";
import { DynamoDbEngine } from "./engine/engine.js";
import { dynamoCodec } from "./engine/state.js";
import { failInterruptedTransfers } from "./engine/transfers/index.js";
import { TtlSweeper } from "./engine/ttl/sweeper.js";
import { EventSourceMappings } from "./eventSources/mappings.js";
import { createStreamsHandler, STREAMS_TARGET_PREFIX } from "./streamsWire.js";
import { withTracing } from "./tracing.js";
import { createHandler, TARGET_PREFIX } from "./wire.js";

export interface DynamoDbOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Invokes functions for stream event source mappings (the Lambda service's port). */
  invoker?: LambdaInvoker;
  /** Delete expired TTL items every 30 s of clock time (default true; sweepExpiredItems() works either way). */
  ttlSweeper?: boolean;
  /**
   * Records an X-Ray segment (origin AWS::DynamoDB::Table) for each request carrying a sampled
   * X-Amzn-Trace-Id. Default: none recorded.
   */
  tracer?: Tracer;
  /**
   * Reaches the sandbox's S3 (and CloudWatch Logs): ExportTableToPointInTime writes there,
   * ImportTable reads from there. Without it exports and imports fail.
   */
  dispatcher?: AwsDispatcher;
}

export interface DynamoDb {
  service: AwsService;
  /** The DynamoDB Streams API ("DynamoDBStreams_20120810.*"), a second service on the edge. */
  streamsService: AwsService;
  engine: DynamoDbEngine;
  /** Stream → Lambda event source mappings (template `Events: Type: DynamoDB`). */
  eventSources: EventSourceMappings;
  /** Deletes the items whose TTL has passed now; resolves with how many, once durable. */
  sweepExpiredItems(): Promise<number>;
  /**
   * Gives the table's next stream this label (e.g. the one the template's `!GetAtt
   * Table.StreamArn` resolved to); call before CreateTable.
   */
  setStreamLabel(tableName: string, label: string): void;
  close(): Promise<void>;
}

export async function createDynamoDb(options: DynamoDbOptions): Promise<DynamoDb> {
  const durable = await options.store.open("dynamodb", dynamoCodec);
  const engine = new DynamoDbEngine(durable, options);
  await failInterruptedTransfers(engine);
  const sweeper = new TtlSweeper(engine, options.logger);
  if (options.ttlSweeper !== false) sweeper.start();
  const eventSources = new EventSourceMappings(engine, options.invoker, options.logger);
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      sweeper.stop();
      await eventSources.close();
      // Exports and imports under way end (and are journaled) first.
      engine.releaseJobWaits();
      await engine.settled();
      await durable.compact();
    })();
    return closed;
  };
  const service: AwsService = {
    name: "dynamodb",
    route: { targetPrefixes: [TARGET_PREFIX], signingNames: ["dynamodb"] },
    handle: withTracing(createHandler(engine, options.logger), options.tracer ?? NOOP_TRACER, options.region),
    close,
  };
  // No signing names: Streams requests are signed "dynamodb" too and are told apart by target.
  const streamsService: AwsService = {
    name: "dynamodbstreams",
    route: { targetPrefixes: [STREAMS_TARGET_PREFIX] },
    handle: createStreamsHandler(engine, options.logger),
  };
  return {
    service,
    streamsService,
    engine,
    eventSources,
    sweepExpiredItems: () => sweeper.sweep(),
    setStreamLabel: (tableName, label) => engine.capture.hintStreamLabel(tableName, label),
    close,
  };
}

export { DynamoDbEngine } from "./engine/engine.js";
export type { EngineOptions } from "./engine/engine.js";
export type * from "./engine/shapes.js";
export type { AttributeValue, Item, Key } from "./engine/types.js";
export { errorType } from "./errors.js";
export { EventSourceMappings } from "./eventSources/mappings.js";
export type { StreamEventSourceMapping, StreamEventSourceMappingOptions } from "./eventSources/mapping.js";
export { parseFilterCriteria, parseFilterPattern, type FilterPattern } from "./eventSources/filterPattern.js";
export type { StreamRecord, StreamViewType } from "./engine/streams/store.js";
export { STREAMS_TARGET_PREFIX } from "./streamsWire.js";
