/**
 * The S3 request an engine call serves, as the wire starts it: event notifications made during the call name its
 * request id, host id and client address (an event's responseElements are the request's x-amz-request-id and
 * x-amz-id-2), and pass its X-Amzn-Trace-Id on to SQS as the message's AWSTraceHeader.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface S3RequestContext {
  requestId: string;
  hostId: string;
  sourceIp?: string;
  /** X-Amzn-Trace-Id as the client sent it. */
  traceHeader?: string;
}

const current = new AsyncLocalStorage<S3RequestContext>();

export function withS3Request<T>(context: S3RequestContext, run: () => T): T {
  return current.run(context, run);
}

/** The request being served, undefined outside one (lifecycle sweeps, restore timers). */
export function currentS3Request(): S3RequestContext | undefined {
  return current.getStore();
}
