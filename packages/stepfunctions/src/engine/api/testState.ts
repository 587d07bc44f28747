/**
 * TestState: runs one state definition on an input, without a state machine. Retriers are
 * reported, not run (status RETRIABLE); a catcher that takes the error gives CAUGHT_ERROR.
 */
import { uuid } from "@sam-sandbox/core";
import { isObject, parseJsonText, toJsonText, type Json } from "../asl/json.js";
import { CancelScope } from "../asl/cancel.js";
import { EventChain, History } from "../asl/history.js";
import { VariableScope } from "../asl/variables.js";
import { StatesFailure } from "../asl/failure.js";
import { runState } from "../asl/interpreter.js";
import { errorMatches } from "../asl/retry.js";
import type { StateDefinition } from "../asl/types.js";
import { validateDefinition } from "../definition/validate.js";
import { invalidDefinitionMessage } from "../definition/diagnostics.js";
import { InvalidDefinition, InvalidExecutionInput } from "../../errors.js";
import type { Registry } from "./registry.js";

type Input = Record<string, unknown>;

const STATE_NAME = "TestState";

function parseState(text: string): StateDefinition {
  const parsed = parseJsonText(text);
  if (!isObject(parsed)) throw new InvalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'");
  const state = { ...parsed } as Record<string, Json>;
  // The state stands alone: its transitions are reported, not followed.
  const probe: Record<string, Json> = { ...state };
  delete probe.Next;
  delete probe.Catch;
  delete probe.Default;
  if (!["Choice", "Succeed", "Fail"].includes(String(probe.Type))) probe.End = true;
  if (probe.Type === "Choice") probe.Choices = Array.isArray(probe.Choices) ? probe.Choices.map((c) => (isObject(c) ? { ...c, Next: STATE_NAME } : c)) : probe.Choices;
  const { diagnostics } = validateDefinition(JSON.stringify({ StartAt: STATE_NAME, States: { [STATE_NAME]: probe } }));
  const errors = diagnostics.filter((d) => d.code !== "MISSING_END_STATE");
  if (errors.length > 0) throw new InvalidDefinition(invalidDefinitionMessage(errors));
  return state as unknown as StateDefinition;
}

export async function testState(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const def = parseState(input.definition as string);
  const text = (input.input as string | undefined) ?? "{}";
  const value = parseJsonText(text);
  if (value === undefined) throw new InvalidExecutionInput(text);
  const variables = parseJsonText((input.variables as string | undefined) ?? "{}");
  const history = new History(() => registry.clock.now());
  const retriers = def.Retry ?? [];
  const frame = {
    env: {
      info: {
        arn: registry.arn("execution", `TestStateMachine:${uuid()}`),
        name: uuid(),
        input: value,
        roleArn: (input.roleArn as string | undefined) ?? "",
        startTime: registry.clock.now(),
        stateMachineArn: registry.arn("stateMachine", "TestStateMachine"),
        stateMachineName: "TestStateMachine",
        redriveCount: 0,
      },
      clock: registry.clock,
      deadlines: registry.deadlines,
      tasks: registry.tasks,
      tokens: registry.tokens,
      history,
      region: registry.region,
      accountId: registry.accountId,
      random: Math.random,
      queryLanguage: def.QueryLanguage ?? "JSONPath",
    },
    chain: new EventChain(0),
    vars: new VariableScope(undefined, isObject(variables ?? null) ? (variables as Record<string, Json>) : {}),
    cancel: new CancelScope(),
    top: false,
  };
  const inspection: Record<string, unknown> = { input: text };
  try {
    const outcome = await runState(frame, STATE_NAME, { ...def, Retry: [] }, value);
    inspection.variables = JSON.stringify(frame.vars.own());
    const failure = history.events.find((e) => /Failed$|TimedOut$/.test(e.type) && e.type !== "EvaluationFailed");
    const details = failure ? ((Object.entries(failure).find(([k]) => k.endsWith("EventDetails"))?.[1] ?? {}) as Record<string, string>) : undefined;
    if (details && retriers.some((r) => errorMatches(r.ErrorEquals, details.error ?? ""))) {
      return { status: "RETRIABLE", error: details.error, cause: details.cause, inspectionData: inspection };
    }
    const out: Record<string, unknown> = { output: toJsonText(outcome.output), status: details ? "CAUGHT_ERROR" : "SUCCEEDED", inspectionData: inspection };
    if (details) {
      out.error = details.error;
      out.cause = details.cause;
    }
    if (outcome.next !== undefined) out.nextState = outcome.next;
    return out;
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    const status = error.kind !== "runtime" && retriers.some((r) => errorMatches(r.ErrorEquals, error.error)) ? "RETRIABLE" : "FAILED";
    return { status, error: error.error, cause: error.cause, inspectionData: inspection };
  }
}
