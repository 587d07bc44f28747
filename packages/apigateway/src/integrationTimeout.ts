/**
 * The integration timeout of a call to another service (Step Functions, SQS / EventBridge,
 * non-proxy AWS integrations): the answer, or "timeout" once `timeoutMs` has passed on the
 * gateway's clock, logged with the route it left unanswered.
 */
import type { Clock, Logger } from "@sam-sandbox/core";

export async function withIntegrationTimeout<T>(
  deps: { clock: Clock; logger: Logger; integrationTimeouts?: boolean },
  answer: Promise<T>,
  timeoutMs: number,
  what: string,
  routeKey: string,
): Promise<T | "timeout"> {
  // A debugger may hold the call at a breakpoint (`sandbox up --inspect`): no timeout then.
  if (deps.integrationTimeouts === false) return answer;
  let cancel = () => {};
  const timeout = new Promise<"timeout">((resolve) => {
    cancel = deps.clock.setTimeout(() => resolve("timeout"), timeoutMs).cancel;
  });
  try {
    const outcome = await Promise.race([answer, timeout]);
    if (outcome === "timeout") deps.logger.warn(`${what} did not answer ${routeKey} within ${timeoutMs} ms (integration timeout)`);
    return outcome;
  } finally {
    cancel();
  }
}
