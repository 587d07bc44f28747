/**
 * How Lambda delivers one batch of stream records (DynamoDB streams, Kinesis) to a function,
 * shared by the services that own the streams: the batch is invoked until it is handled;
 * a failure is retried with back-off on the Clock (split in two first with
 * BisectBatchOnFunctionError, which does not count as a retry), a partial batch response
 * (ReportBatchItemFailures) retries from the first failed record, and after
 * MaximumRetryAttempts the batch is given up. The service keeps positions, ages and
 * OnFailure records through the hooks.
 */
import { uuid } from "./ids.js";
import type { Logger } from "./logger.js";
import type { LambdaInvokeResult, LambdaInvoker } from "./ports.js";

/** A record ready to send: its sequence number (the itemIdentifier of a partial batch response) and its event JSON. */
export interface StreamBatchItem {
  readonly id: string;
  readonly json: string;
}

/** The mapping's settings the delivery reads (EventSourceMappingSettings has them). */
export interface StreamBatchSettings {
  readonly functionName: string;
  /** -1: retried until the records expire. */
  readonly maximumRetryAttempts: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly functionResponseTypes: readonly string[];
}

/** LastProcessingResult after a failed invocation (AWS CLI examples of GetEventSourceMapping). */
export const STREAM_BATCH_PROBLEM = "PROBLEM: Function call failed";

/** Lambda backs off a failing stream batch exponentially: 1 s, 2 s, 4 s, … up to a minute. */
export const STREAM_RETRY_BACKOFF_MAX_MS = 60_000;

export interface StreamBatchHooks<I extends StreamBatchItem> {
  /** "dynamodb", "kinesis": the invocation's source and the log lines' prefix. */
  readonly source: string;
  readonly invoker: LambdaInvoker;
  readonly logger: Logger;
  settings(): StreamBatchSettings;
  /** True once the mapping stops: the batch is left as it is (delivered again later). */
  stopped(): boolean;
  /** The items still worth delivering (the service reports the others as given up: trimmed, too old). */
  unexpired(chunk: I[], attempts: number): I[];
  /** The items up to `last` are handled: the position moves past it. */
  handled(last: I): Promise<void>;
  /** `chunk` is given up after `attempts` invocations; `result` is the last one's answer. */
  exhausted(chunk: I[], attempts: number, result: LambdaInvokeResult | undefined): Promise<void> | void;
  /** Waits `ms` of the mapping's Clock (the poller counts as quiet meanwhile). */
  sleep(ms: number): Promise<void>;
  /** Told of each invocation's outcome ("OK" or STREAM_BATCH_PROBLEM): the mapping's LastProcessingResult. */
  processed(result: string): void;
}

/** A stream mapping's poller as its owner sees it: whether it is delivering, and when it stops being. */
export interface StreamPoller {
  /** Delivering a batch (not idle, not waiting on the Clock for a batching window or a back-off). */
  readonly busy: boolean;
  whenQuiet(): Promise<void>;
  stop(): void;
}

/**
 * Not an AWS limit: how long stopping the sandbox waits for stream batches being delivered to be
 * answered and checkpointed before it stops the functions (they are delivered again later).
 */
export const STREAM_STOP_GRACE_MS = 5_000;

/** Resolves once every poller is idle or waiting on the clock (a batching window or a retry back-off). */
export async function settleStreamPollers(pollers: () => Iterable<StreamPoller>): Promise<void> {
  for (;;) {
    const busy = [...pollers()].filter((p) => p.busy);
    if (busy.length === 0) return;
    await Promise.all(busy.map((p) => p.whenQuiet()));
  }
}

/**
 * Stops the pollers; resolves once the batches being delivered have been answered and their
 * positions journaled (at most STREAM_STOP_GRACE_MS), so a clean stop does not deliver them again
 * on the next start; a batch still running then is delivered again (at least once, as AWS).
 */
export async function stopStreamPollers(pollers: () => Iterable<StreamPoller>): Promise<void> {
  for (const poller of pollers()) poller.stop();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STREAM_STOP_GRACE_MS);
    timer.unref();
  });
  await Promise.race([settleStreamPollers(pollers), grace]);
  clearTimeout(timer);
}

/** Why a stream batch was given up. */
export type StreamFailureCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded";

export interface DiscardedStreamBatch {
  functionArn: string;
  condition: StreamFailureCondition;
  /** Invocations made with the batch. */
  invokeCount: number;
  /** The last invocation's answer, when there was one. */
  result: LambdaInvokeResult | undefined;
  /** Epoch milliseconds. */
  now: number;
}

/**
 * The invocation record Lambda sends a stream mapping's OnFailure destination when it gives up
 * on a batch, the source's batch description under `infoKey` (DDBStreamBatchInfo,
 * KinesisBatchInfo) last (Lambda: "Retaining discarded batches"; shape and key order as
 * localstack's test_lambda_integration_dynamodbstreams.snapshot.json recorded on AWS).
 */
export function streamOnFailureRecord(batch: DiscardedStreamBatch, infoKey: string, info: Record<string, unknown>): string {
  return JSON.stringify({
    requestContext: { requestId: uuid(), functionArn: batch.functionArn, condition: batch.condition, approximateInvokeCount: batch.invokeCount },
    responseContext: {
      statusCode: batch.result?.statusCode ?? 200,
      executedVersion: batch.result?.executedVersion ?? "$LATEST",
      // null when the function answered without an error (a rejected partial batch response).
      functionError: batch.result?.functionError ?? null,
    },
    version: "1.0",
    timestamp: new Date(batch.now).toISOString(),
    [infoKey]: info,
  });
}

type Outcome = { kind: "ok" } | { kind: "failed" } | { kind: "partial"; index: number };

/** Invokes with `items` until they are handled: delivered, or given up after retries. */
export async function deliverStreamBatch<I extends StreamBatchItem>(items: I[], hooks: StreamBatchHooks<I>): Promise<void> {
  const queue: I[][] = [items];
  let attempts = 0;
  let last: LambdaInvokeResult | undefined;
  while (queue.length > 0 && !hooks.stopped()) {
    let chunk = hooks.unexpired(queue[0], attempts);
    if (chunk.length === 0) {
      queue.shift();
      attempts = 0;
      continue;
    }
    const settings = hooks.settings();
    const answer = await invoke(chunk, settings, hooks);
    last = answer.result;
    const outcome = answer.outcome;
    if (outcome.kind === "ok") {
      queue.shift();
      attempts = 0;
      await hooks.handled(chunk[chunk.length - 1]);
      continue;
    }
    if (outcome.kind === "partial") {
      // Records before the first reported failure are done; retry from it.
      if (outcome.index > 0) await hooks.handled(chunk[outcome.index - 1]);
      chunk = chunk.slice(outcome.index);
      queue[0] = chunk;
    } else if (settings.bisectBatchOnFunctionError && chunk.length > 1) {
      // Splitting a batch does not count towards the retry quota (Lambda: BisectBatchOnFunctionError).
      const half = Math.ceil(chunk.length / 2);
      queue.splice(0, 1, chunk.slice(0, half), chunk.slice(half));
      continue;
    }
    attempts++;
    if (settings.maximumRetryAttempts >= 0 && attempts > settings.maximumRetryAttempts) {
      await hooks.exhausted(chunk, attempts, last);
      queue.shift();
      attempts = 0;
      await hooks.handled(chunk[chunk.length - 1]);
      continue;
    }
    await hooks.sleep(Math.min(1000 * 2 ** (attempts - 1), STREAM_RETRY_BACKOFF_MAX_MS));
  }
}

async function invoke<I extends StreamBatchItem>(chunk: I[], settings: StreamBatchSettings, hooks: StreamBatchHooks<I>): Promise<{ outcome: Outcome; result?: LambdaInvokeResult }> {
  const payload = Buffer.from(`{"Records":[${chunk.map((c) => c.json).join(",")}]}`);
  let result: LambdaInvokeResult;
  try {
    result = await hooks.invoker.invoke({ functionName: settings.functionName, payload, invocationType: "RequestResponse", source: hooks.source });
  } catch (error) {
    hooks.logger.warn(`${hooks.source}: ${settings.functionName} could not be invoked for a stream batch: ${error instanceof Error ? error.message : String(error)}`);
    hooks.processed(STREAM_BATCH_PROBLEM);
    return { outcome: { kind: "failed" } };
  }
  hooks.processed(result.functionError === undefined ? "OK" : STREAM_BATCH_PROBLEM);
  if (result.functionError !== undefined) {
    hooks.logger.warn(`${hooks.source}: ${settings.functionName} failed on a batch of ${chunk.length} stream record(s); retrying`);
    return { outcome: { kind: "failed" }, result };
  }
  if (!settings.functionResponseTypes.includes("ReportBatchItemFailures")) return { outcome: { kind: "ok" }, result };
  return { outcome: partialOutcome(result.payload, chunk), result };
}

/**
 * A ReportBatchItemFailures response: {"batchItemFailures": [{"itemIdentifier": "<SequenceNumber>"}]}.
 * Empty or null means success; an identifier that is missing, empty or not in the batch fails
 * the whole batch (Lambda: "Implementing partial batch responses").
 */
function partialOutcome(payload: Buffer, chunk: readonly StreamBatchItem[]): Outcome {
  let response: unknown;
  try {
    response = payload.length === 0 ? null : JSON.parse(payload.toString("utf8"));
  } catch {
    return { kind: "ok" };
  }
  if (typeof response !== "object" || response === null) return { kind: "ok" };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return { kind: "ok" };
  let index = chunk.length;
  for (const failure of failures) {
    const id = typeof failure === "object" && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    const at = typeof id === "string" && id !== "" ? chunk.findIndex((c) => c.id === id) : -1;
    if (at < 0) return { kind: "failed" };
    index = Math.min(index, at);
  }
  return { kind: "partial", index };
}
