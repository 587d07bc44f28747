import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MemoryStore, silentLogger, type AwsService, type Clock, type Logger, type Store } from "@sam-sandbox/core";
import { KmsEngine } from "./engine/engine.js";
import { applyRecord, emptyState, type KmsRecord, type KmsState } from "./engine/types.js";
import { createKmsWire } from "./wire.js";

export { KmsEngine, type KmsEngineOptions } from "./engine/engine.js";
export type { TemplateKeyInput } from "./engine/templateKeys.js";
export type * from "./engine/types.js";
export * from "./errors.js";

export interface KmsOptions {
  clock: Clock;
  /** Keeps keys (and their material), aliases and grants across restarts. Default: in memory. */
  store?: Store;
  logger?: Logger;
  region?: string;
  accountId?: string;
  /** "aws" unless the sandbox poses as another partition. */
  partition?: string;
}

export interface Kms {
  engine: KmsEngine;
  /** Routed on the edge by X-Amz-Target "TrentService.*" and the SigV4 signing name "kms". */
  service: AwsService;
  close(): Promise<void>;
}

/** AWS KMS: keys, aliases and grants kept (no policy evaluation), with real cryptography. */
export async function createKms(options: KmsOptions): Promise<Kms> {
  const durable = await (options.store ?? new MemoryStore()).open<KmsState, KmsRecord>("kms", {
    empty: emptyState,
    fromSnapshot: (json) => ({ ...emptyState(), ...(json as Partial<KmsState>) }),
    toSnapshot: (state) => state,
    apply: applyRecord,
  });
  const engine = new KmsEngine({
    durable, clock: options.clock, region: options.region ?? DEFAULT_REGION, accountId: options.accountId ?? DEFAULT_ACCOUNT_ID, partition: options.partition ?? "aws",
  });
  const handle = createKmsWire(engine, options.logger ?? silentLogger);
  return { engine, service: { name: "kms", route: { targetPrefixes: ["TrentService"], signingNames: ["kms"] }, handle }, close: async () => undefined };
}
