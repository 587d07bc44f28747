import type { AwsDispatcher, AwsService, Clock, LambdaInvoker, Logger, Store } from "@sam-sandbox/core";
import { CognitoEngine } from "./engine/engine.js";
import { importJobsCodec, type ImportJobRecord, type ImportJobsState } from "./engine/importJobs/state.js";
import { cognitoCodec, type CognitoRecord, type CognitoState, type SigningKey } from "./engine/state.js";
import { cognitoRoute } from "./route.js";
import { createCognitoWire } from "./wire.js";

export { CognitoEngine } from "./engine/engine.js";
export { secretHash } from "./engine/secretHash.js";
export { cognitoRoute } from "./route.js";

/** Where presigned uploads go when the service runs without an edge URL (the sandbox's default port). */
const DEFAULT_EDGE_URL = "http://127.0.0.1:4566";

export interface CognitoOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /**
   * The edge's base URL ("http://127.0.0.1:4566"): tokens' issuer is <edgeUrl>/<poolId>, whose
   * /.well-known/jwks.json and /.well-known/openid-configuration the edge serves. Without it the
   * issuer is AWS's (https://cognito-idp.<region>.amazonaws.com/<poolId>).
   */
  edgeUrl?: string;
  /** Invokes the pools' Lambda triggers (LambdaConfig). */
  invoker?: LambdaInvoker;
  /** Reaches CloudWatch Logs, where user import jobs write each line's outcome. */
  dispatcher?: AwsDispatcher;
  /**
   * Makes each of the two RSA keys a new pool signs its tokens with (default: a fresh 2048-bit key,
   * about half a second of CPU). Test suites that create many pools pass a cache of a few keys.
   */
  signingKeys?: () => Promise<SigningKey>;
}

export interface Cognito {
  service: AwsService;
  engine: CognitoEngine;
  /** Flushes state. */
  close(): Promise<void>;
}

/** Amazon Cognito user pools on the edge (awsJson 1.1, AWSCognitoIdentityProviderService.*). */
export async function createCognito(options: CognitoOptions): Promise<Cognito> {
  const durable = await options.store.open<CognitoState, CognitoRecord>("cognito", cognitoCodec);
  const base = options.edgeUrl?.replace(/\/$/, "");
  const issuer = (poolId: string) => (base ? `${base}/${poolId}` : `https://cognito-idp.${options.region}.amazonaws.com/${poolId}`);
  // Import jobs' records and uploaded CSV files are a collection of their own; their uploads go to the edge.
  const imports = await options.store.open<ImportJobsState, ImportJobRecord>("cognito-import-jobs", importJobsCodec);
  const engine = new CognitoEngine(
    { durable, clock: options.clock, logger: options.logger, region: options.region, accountId: options.accountId, issuer, ...(options.invoker ? { invoker: options.invoker } : {}), ...(options.signingKeys ? { signingKeys: options.signingKeys } : {}) },
    { durable: imports, uploadBase: base ?? DEFAULT_EDGE_URL, ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) },
  );
  engine.importJobs.resume();
  const close = async () => {
    engine.importJobs.close();
    await durable.compact();
    await imports.compact();
  };
  return {
    engine,
    close,
    service: { name: "cognito-idp", route: cognitoRoute(options.region), handle: createCognitoWire(engine, options.logger), close },
  };
}

export { createCognitoIdentity, CognitoIdentityEngine, type CognitoIdentity, type CognitoIdentityOptions, type UserPoolKeys } from "./identity/index.js";
