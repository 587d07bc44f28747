import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MemoryStore, silentLogger, type AwsService, type Clock, type Logger, type Store } from "@sam-sandbox/core";
import { StsEngine, type IssuedCredentials } from "./engine/engine.js";
import { createStsWire } from "./wire.js";

export { StsEngine, type IssuedCredentials, type StsEngineOptions } from "./engine/engine.js";
export type * from "./engine/types.js";
export * from "./errors.js";

export interface StsOptions {
  clock: Clock;
  /** Keeps the temporary credentials issued (who they are, until when) across restarts. Default: in memory. */
  store?: Store;
  logger?: Logger;
  region?: string;
  accountId?: string;
  /** The template's IAM roles by ARN (AWS::IAM::Role): AssumeRole honours their MaxSessionDuration. */
  roles?: ReadonlyMap<string, { maxSessionDuration?: number }>;
}

export interface Sts {
  engine: StsEngine;
  /** Routed on the edge by the SigV4 signing name "sts". */
  service: AwsService;
}

interface IssuedState {
  issued: Record<string, IssuedCredentials>;
}

/** An issued key, or a key forgotten (no `issued`). */
interface IssuedRecord {
  accessKeyId: string;
  issued?: IssuedCredentials;
}

/** AWS STS: GetCallerIdentity, GetSessionToken, GetFederationToken, AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, AssumeRoot, GetAccessKeyInfo, DecodeAuthorizationMessage — no IAM enforcement. */
export async function createSts(options: StsOptions): Promise<Sts> {
  const durable = await (options.store ?? new MemoryStore()).open<IssuedState, IssuedRecord>("sts", {
    empty: () => ({ issued: {} }),
    fromSnapshot: (json) => json as IssuedState,
    toSnapshot: (state) => state,
    apply: (state, record) => {
      if (record.issued) state.issued[record.accessKeyId] = record.issued;
      else delete state.issued[record.accessKeyId];
    },
  });
  const now = options.clock.now();
  // Expired credentials are dropped from the stored state too.
  for (const [key, entry] of Object.entries(durable.state.issued)) if (entry.expiresAt <= now) delete durable.state.issued[key];
  const engine = new StsEngine({
    clock: options.clock,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    region: options.region ?? DEFAULT_REGION,
    ...(options.roles ? { roles: options.roles } : {}),
    issued: Object.entries(durable.state.issued),
    remember: (accessKeyId, issued) => {
      if (issued) durable.state.issued[accessKeyId] = issued;
      else delete durable.state.issued[accessKeyId];
      return durable.commit(issued ? { accessKeyId, issued } : { accessKeyId });
    },
  });
  const handle = createStsWire(engine, options.logger ?? silentLogger);
  return { engine, service: { name: "sts", route: { signingNames: ["sts"] }, handle } };
}
