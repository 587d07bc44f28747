import type { AwsService, Clock, Logger, Store } from "@sam-sandbox/core";
import type { CognitoEngine } from "../engine/engine.js";
import type { UserPoolKeys } from "./engine/context.js";
import { CognitoIdentityEngine } from "./engine/engine.js";
import { identityCodec, type IdentityRecord, type IdentityState } from "./engine/state.js";
import { identityRoute } from "./route.js";
import { createCognitoIdentityWire } from "./wire.js";

export { CognitoIdentityEngine } from "./engine/engine.js";
export type { UserPoolKeys } from "./engine/context.js";

export interface CognitoIdentityOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** The local user pools, loaded when GetId first checks one of their ID tokens. */
  userPools: () => Promise<CognitoEngine>;
}

export interface CognitoIdentity {
  service: AwsService;
  engine: CognitoIdentityEngine;
  /** Flushes state. */
  close(): Promise<void>;
}

/** The keys and issuer of the local user pools, as the identity pools check ID tokens with them. */
function userPoolKeys(load: () => Promise<CognitoEngine>): UserPoolKeys {
  return {
    publicKey: async (poolId, kid) => (await load()).publicKey(poolId, kid),
    issuer: async (poolId) => (await load()).ctx.issuer(poolId),
    tokenRevoked: async (poolId, claims) => (await load()).idTokenRevoked(poolId, claims),
  };
}

/** Amazon Cognito identity pools on the edge (awsJson 1.1, AWSCognitoIdentityService.*). */
export async function createCognitoIdentity(options: CognitoIdentityOptions): Promise<CognitoIdentity> {
  const durable = await options.store.open<IdentityState, IdentityRecord>("cognito-identity", identityCodec);
  const engine = new CognitoIdentityEngine({ durable, clock: options.clock, logger: options.logger, region: options.region, accountId: options.accountId, userPools: userPoolKeys(options.userPools) });
  const close = () => durable.compact();
  return {
    engine,
    close,
    service: { name: "cognito-identity", route: identityRoute(), handle: createCognitoIdentityWire(engine, options.logger), close },
  };
}
