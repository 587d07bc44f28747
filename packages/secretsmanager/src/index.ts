import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MemoryStore, silentLogger, type AwsService, type Clock, type LambdaInvoker, type Logger, type Store } from "@sam-sandbox/core";
import { SecretsManagerEngine } from "./engine/engine.js";
import type { StoredSecret } from "./engine/types.js";
import { createSecretsManagerWire } from "./wire.js";

export { SecretsManagerEngine, type SecretsManagerEngineOptions } from "./engine/engine.js";
export { randomPassword, type PasswordOptions } from "./engine/password.js";
export type * from "./engine/types.js";
export * from "./errors.js";

export interface SecretsManagerOptions {
  clock: Clock;
  /** Keeps secrets across restarts. Default: in memory. */
  store?: Store;
  logger?: Logger;
  region?: string;
  accountId?: string;
  /** Runs rotation functions (RotateSecret); without it RotateSecret answers that it is not emulated. */
  invoker?: LambdaInvoker;
}

export interface SecretsManager {
  engine: SecretsManagerEngine;
  /** Routed on the edge by X-Amz-Target "secretsmanager.*" and the SigV4 signing name "secretsmanager". */
  service: AwsService;
  /** Disarms the scheduled rotations and waits for those under way (the store is closed by its owner). */
  close(): Promise<void>;
}

interface SecretsState {
  secrets: Record<string, StoredSecret>;
}

/** A secret as it now is, or its name alone when gone. */
interface SecretRecord {
  name: string;
  secret?: StoredSecret;
}

/** AWS Secrets Manager (rotation runs the function through `invoker`). */
export async function createSecretsManager(options: SecretsManagerOptions): Promise<SecretsManager> {
  const durable = await (options.store ?? new MemoryStore()).open<SecretsState, SecretRecord>("secretsmanager", {
    empty: () => ({ secrets: {} }),
    fromSnapshot: (json) => json as SecretsState,
    toSnapshot: (state) => state,
    apply: (state, record) => {
      if (record.secret) state.secrets[record.name] = record.secret;
      else delete state.secrets[record.name];
    },
  });
  const now = options.clock.now();
  // Secrets whose recovery window ended while the sandbox was down are gone.
  for (const [name, s] of Object.entries(durable.state.secrets)) if (s.deletionDate !== undefined && s.deletionDate <= now) delete durable.state.secrets[name];
  const engine = new SecretsManagerEngine({
    clock: options.clock,
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    secrets: new Map(Object.entries(durable.state.secrets)),
    ...(options.invoker ? { invoker: options.invoker } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    save: (name, secret) => {
      if (secret) durable.state.secrets[name] = secret;
      else delete durable.state.secrets[name];
      // A structured copy: later in-place changes must not alter a queued record.
      return durable.commit(secret ? { name, secret: structuredClone(secret) } : { name });
    },
  });
  // Scheduled rotations resume from the stored schedule; a window that passed while down rotates at once.
  engine.startSchedules();
  const handle = createSecretsManagerWire(engine, options.logger ?? silentLogger);
  return {
    engine,
    service: { name: "secretsmanager", route: { targetPrefixes: ["secretsmanager"], signingNames: ["secretsmanager"] }, handle },
    close: async () => {
      engine.stopSchedules();
      await engine.settled();
    },
  };
}
