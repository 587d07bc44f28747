import type { AwsDispatcher, AwsService, Clock, Logger, Store } from "@sam-sandbox/core";
import { SesEngine } from "./engine/engine.js";
import { sesCodec } from "./engine/state.js";
import { OUTBOX_PATH, createSesWire } from "./wire.js";

export { SesEngine } from "./engine/engine.js";
export type { OutboxMessage } from "./engine/outbox.js";
export { messageId } from "./engine/send.js";
export { OUTBOX_PATH } from "./wire.js";

export interface SesOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Event publishing to configuration sets' SNS event destinations (SNS Publish through the edge). */
  dispatcher?: AwsDispatcher;
}

export interface Ses {
  service: AwsService;
  engine: SesEngine;
  close(): Promise<void>;
}

/**
 * Amazon SES on the edge, routed by SigV4 signing name "ses" (the v1 Query API and SESv2's
 * /v2/email/… both sign with it) and by OUTBOX_PATH for the unsigned outbox requests.
 */
export async function createSes(options: SesOptions): Promise<Ses> {
  const durable = await options.store.open("ses", sesCodec);
  const engine = new SesEngine({
    durable, clock: options.clock, logger: options.logger, region: options.region, accountId: options.accountId,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const close = () => durable.compact();
  return {
    engine,
    close,
    service: { name: "ses", route: { signingNames: ["ses"], pathPrefixes: [OUTBOX_PATH] }, handle: createSesWire(engine, options.logger), close },
  };
}
