import { DEFAULT_ACCOUNT_ID, MemoryStore, silentLogger, type AwsService, type Clock, type Logger, type Store } from "@sam-sandbox/core";
import { IamEngine } from "./engine/engine.js";
import { applyRecord, emptyState, stateFromSnapshot, type IamRecord, type IamState } from "./engine/state.js";
import { createIamWire } from "./wire.js";

export { IamEngine } from "./engine/engine.js";
export { encodePolicy } from "./engine/policyDocument.js";
export { awsManagedPolicy, isAwsManagedArn } from "./engine/awsManagedPolicies.js";
export type * from "./engine/state.js";
export * from "./errors.js";

export interface IamOptions {
  clock: Clock;
  /** Keeps roles, policies, users … across restarts. Default: in memory. */
  store?: Store;
  logger?: Logger;
  accountId?: string;
  /** "aws" unless the sandbox poses as another partition. */
  partition?: string;
}

export interface Iam {
  engine: IamEngine;
  /** Routed on the edge by the SigV4 signing name "iam". */
  service: AwsService;
}

/** AWS IAM as a store (no policy evaluation): roles, managed and inline policies, users, groups, access keys, instance profiles, identity providers, account settings. */
export async function createIam(options: IamOptions): Promise<Iam> {
  const durable = await (options.store ?? new MemoryStore()).open<IamState, IamRecord>("iam", {
    empty: emptyState,
    fromSnapshot: stateFromSnapshot,
    toSnapshot: (state) => state,
    apply: applyRecord,
  });
  const engine = new IamEngine({ durable, clock: options.clock, accountId: options.accountId ?? DEFAULT_ACCOUNT_ID, partition: options.partition ?? "aws" });
  const handle = createIamWire(engine, options.logger ?? silentLogger);
  return { engine, service: { name: "iam", route: { signingNames: ["iam"] }, handle } };
}
