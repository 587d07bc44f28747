import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MemoryStore, silentLogger, type AwsService, type Clock, type Logger, type Store } from "@sam-sandbox/core";
import { SsmEngine } from "./engine/engine.js";
import type { SecretsReader, StoredParameter } from "./engine/types.js";
import { createSsmWire } from "./wire.js";

export { SsmEngine, type SsmEngineOptions } from "./engine/engine.js";
export type * from "./engine/types.js";
export * from "./errors.js";

export interface SsmOptions {
  clock: Clock;
  /** Keeps parameters across restarts. Default: in memory. */
  store?: Store;
  logger?: Logger;
  region?: string;
  accountId?: string;
  /** Secrets Manager, for /aws/reference/secretsmanager/ names (wired by packages/sandbox). */
  secrets?: SecretsReader;
}

export interface Ssm {
  engine: SsmEngine;
  /** Routed on the edge by X-Amz-Target "AmazonSSM.*" and the SigV4 signing name "ssm". */
  service: AwsService;
}

interface SsmState {
  parameters: Record<string, StoredParameter>;
}

/** A parameter as it now is, or its name alone when deleted. */
interface SsmRecord {
  name: string;
  parameter?: StoredParameter;
}

/** AWS Systems Manager Parameter Store. */
export async function createSsm(options: SsmOptions): Promise<Ssm> {
  const durable = await (options.store ?? new MemoryStore()).open<SsmState, SsmRecord>("ssm", {
    empty: () => ({ parameters: {} }),
    fromSnapshot: (json) => json as SsmState,
    toSnapshot: (state) => state,
    apply: (state, record) => {
      if (record.parameter) state.parameters[record.name] = record.parameter;
      else delete state.parameters[record.name];
    },
  });
  const parameters = new Map(Object.entries(durable.state.parameters));
  const engine = new SsmEngine({
    clock: options.clock,
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    parameters,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    save: (name, parameter) => {
      if (parameter) durable.state.parameters[name] = parameter;
      else delete durable.state.parameters[name];
      // A structured copy: later in-place changes (labels, tags) must not alter a queued record.
      return durable.commit(parameter ? { name, parameter: structuredClone(parameter) } : { name });
    },
  });
  const handle = createSsmWire(engine, options.logger ?? silentLogger);
  return { engine, service: { name: "ssm", route: { targetPrefixes: ["AmazonSSM"], signingNames: ["ssm"] }, handle } };
}
