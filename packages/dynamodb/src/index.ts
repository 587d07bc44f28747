/**
 * DynamoDB for the sandbox: an in-memory engine with ordered indexes, persisted through
 * core's Store (journal + snapshots), served over DynamoDB's awsJson 1.0 protocol.
 */
import type { AwsService, Clock, Logger, Store } from "@sam-sandbox/core";
import { DynamoDbEngine } from "./engine/engine.js";
import { dynamoCodec } from "./engine/state.js";
import { createHandler, TARGET_PREFIX } from "./wire.js";

export interface DynamoDbOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
}

export interface DynamoDb {
  service: AwsService;
  engine: DynamoDbEngine;
  close(): Promise<void>;
}

export async function createDynamoDb(options: DynamoDbOptions): Promise<DynamoDb> {
  const durable = await options.store.open("dynamodb", dynamoCodec);
  const engine = new DynamoDbEngine(durable, options);
  const close = async () => {
    await durable.compact();
  };
  const service: AwsService = {
    name: "dynamodb",
    route: { targetPrefixes: [TARGET_PREFIX], signingNames: ["dynamodb"] },
    handle: createHandler(engine, options.logger),
    close,
  };
  return { service, engine, close };
}

export { DynamoDbEngine } from "./engine/engine.js";
export type { EngineOptions } from "./engine/engine.js";
export type * from "./engine/shapes.js";
export type { AttributeValue, Item, Key } from "./engine/types.js";
export { errorType } from "./errors.js";
