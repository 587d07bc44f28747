/** SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: callbacks of .waitForTaskToken tasks. */
import { parseJsonText } from "../asl/json.js";
import { jacksonNestingError } from "../jackson.js";
import { InvalidOutput, InvalidToken, TaskTimedOut } from "../../errors.js";
import type { Registry } from "./registry.js";

type Input = Record<string, unknown>;

function waiting(registry: Registry, token: string): void {
  const state = registry.tokens.state(token);
  if (state === "closed") throw new TaskTimedOut();
  if (state === "unknown") throw new InvalidToken();
}

export function sendTaskSuccess(registry: Registry, input: Input): Record<string, unknown> {
  const token = input.taskToken as string;
  // The token is checked before the output (test_sfn_send_task_outcome_with_no_such_token, AWS-recorded).
  waiting(registry, token);
  const text = input.output as string;
  // Deeper than Jackson's 1000 levels is not JSON Step Functions reads (and overflowed the states after).
  const output = jacksonNestingError(text) === undefined ? parseJsonText(text) : undefined;
  if (output === undefined) throw new InvalidOutput(text);
  registry.tokens.succeed(token, output);
  return {};
}

export function sendTaskFailure(registry: Registry, input: Input): Record<string, unknown> {
  const token = input.taskToken as string;
  waiting(registry, token);
  registry.tokens.fail(token, input.error as string | undefined, input.cause as string | undefined);
  return {};
}

export function sendTaskHeartbeat(registry: Registry, input: Input): Record<string, unknown> {
  const token = input.taskToken as string;
  waiting(registry, token);
  registry.tokens.heartbeat(token);
  return {};
}
