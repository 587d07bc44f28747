import type { AwsDispatcher, Clock, DurableState, Logger } from "@sam-sandbox/core";
import type { CloudWatchRecord, CloudWatchState } from "./state.js";

export interface CloudWatchContext {
  durable: DurableState<CloudWatchState, CloudWatchRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Alarm actions: SNS Publish and Lambda Invoke through the services' APIs. */
  dispatcher?: AwsDispatcher;
  /** Stores the service metrics summed in memory, before anything reads metrics. */
  flushPending?: () => void;
}

export const stateOf = (ctx: CloudWatchContext): CloudWatchState => ctx.durable.state;
