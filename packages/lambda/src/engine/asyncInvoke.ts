/**
 * Asynchronous invocation (InvocationType Event), as Lambda's event queue runs it: a
 * failed attempt is retried after 1 and then 2 minutes (MaximumRetryAttempts, default 2)
 * unless the event is older than MaximumEventAgeInSeconds; the outcome goes to the
 * OnSuccess / OnFailure destination as an invocation record; a failed event also goes to
 * the function's dead-letter queue (both, when both are configured).
 */
import { ASYNC_RETRY_DELAYS_MS, DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS, LATEST_VERSION } from "../limits.js";
import { deadLetterAttributes } from "./deadLetter.js";
import type { RunResult } from "./invocationLog.js";
import { run, type Call, type InvokeContext } from "./invoke.js";
import type { EventInvokeConfig } from "./registry.js";

type Condition = "Success" | "RetriesExhausted" | "EventAgeExceeded" | "ZeroReservedConcurrency";

export function invokeAsync(ctx: InvokeContext, call: Call): void {
  const { record, qualifier } = call.target;
  const config: EventInvokeConfig | undefined = record.eventInvokeConfigs.get(qualifier ?? LATEST_VERSION);
  const maxRetries = config?.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
  const maxAgeMs = (config?.maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000;
  const enqueued = ctx.clock.now();

  const finish = (condition: Condition, attempts: number, result: RunResult | undefined): void => {
    if (condition !== "Success") deadLetter(ctx, call, result);
    const destination = condition === "Success" ? config?.destinations.onSuccess : config?.destinations.onFailure;
    if (!destination) return;
    const invocationRecord = JSON.stringify({
      version: "1.0",
      timestamp: new Date(ctx.clock.now()).toISOString(),
      requestContext: {
        requestId: call.requestId,
        functionArn: `${record.latest.config.arn}:${qualifier ?? LATEST_VERSION}`,
        condition,
        approximateInvokeCount: attempts,
      },
      requestPayload: parse(call.event),
      responseContext: result
        ? { statusCode: 200, executedVersion: call.target.version.version, ...(result.functionError ? { functionError: result.functionError } : {}) }
        : undefined,
      responsePayload: result ? parse(result.payload.toString()) : undefined,
    });
    ctx.deliver(destination, invocationRecord).catch((error: unknown) =>
      ctx.logger.warn(`lambda: could not deliver ${record.name}'s invocation record to ${destination}: ${String(error)}`),
    );
  };

  const attempt = (n: number): void => {
    run(ctx, call).then(
      (result) => {
        if (result.functionError === undefined) return finish("Success", n + 1, result);
        const delay = ASYNC_RETRY_DELAYS_MS[n];
        if (n >= maxRetries || delay === undefined || ctx.closed) return finish("RetriesExhausted", n + 1, result);
        // A retry that would start past MaximumEventAgeInSeconds is given up at once, not after the
        // wait (localstack test_maxeventage, recorded on AWS: an age of 60 s sends the record without retrying).
        if (ctx.clock.now() + delay - enqueued >= maxAgeMs) return finish("EventAgeExceeded", n + 1, result);
        const timer = ctx.clock.setTimeout(() => {
          ctx.retryTimers.delete(timer);
          attempt(n + 1);
        }, delay);
        ctx.retryTimers.add(timer);
      },
      (error: unknown) => ctx.logger.warn(`lambda: asynchronous invocation of ${record.name} failed: ${String(error)}`),
    );
  };
  // Reserved concurrency 0: the event is never run; it goes straight to OnFailure and the
  // dead-letter queue (localstack test_reserved_concurrency, recorded on AWS).
  if (ctx.concurrency.reservedOf(record.name) === 0) finish("ZeroReservedConcurrency", 0, undefined);
  else attempt(0);
}

/** The event, unchanged, to the version's DeadLetterConfig target. */
function deadLetter(ctx: InvokeContext, call: Call, result: RunResult | undefined): void {
  const target = call.target.fn.deadLetterTargetArn;
  if (!target) return;
  ctx.deliver(target, call.event, deadLetterAttributes(call.requestId, result)).catch((error: unknown) =>
    ctx.logger.warn(`lambda: could not send ${call.target.record.name}'s failed event to its dead-letter queue ${target}: ${String(error)}`),
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
