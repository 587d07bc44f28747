/**
 * TestState: runs one state definition on an input, without a state machine. Retriers are
 * reported, not run (status RETRIABLE); a catcher that takes the error gives CAUGHT_ERROR.
 * inspectionLevel INFO answers no inspectionData; DEBUG and TRACE answer the state's data
 * processing step by step (input, afterInputPath, afterParameters, result,
 * afterResultSelector, afterResultPath, variables), as AWS records them (LocalStack's
 * AWS-recorded test_test_state_scenarios). The state runs as in an Express execution.
 */
import { uuid } from "@sam-sandbox/core";
import { isObject, parseJsonText, toJsonText, type Json } from "../asl/json.js";
import { CancelScope } from "../asl/cancel.js";
import { EventChain, History } from "../asl/history.js";
import { VariableScope } from "../asl/variables.js";
import { StatesFailure } from "../asl/failure.js";
import { runState } from "../asl/interpreter.js";
import type { Frame, Inspector } from "../asl/execution.js";
import { errorMatches } from "../asl/retry.js";
import type { StateDefinition } from "../asl/types.js";
import { validateDefinition } from "../definition/validate.js";
import { invalidDefinitionMessage } from "../definition/diagnostics.js";
import { InvalidDefinition } from "../../errors.js";
import { checkExecutionInput } from "./targets.js";
import { mockedTasks, testStateMock } from "./testStateMock.js";
import type { Registry } from "./registry.js";

type Input = Record<string, unknown>;

// The name a state under test has in its context object (AWS-recorded $states.context.State.Name).
const STATE_NAME = "StateName";
const TEST_MACHINE_NAME = "TestStateMachine";

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
  const mock = testStateMock(def, input);
  const text = (input.input as string | undefined) ?? "{}";
  checkExecutionInput(text);
  const value = parseJsonText(text) ?? null;
  const variables = parseJsonText((input.variables as string | undefined) ?? "{}");
  const level = (input.inspectionLevel as string | undefined) ?? "INFO";
  const inspection: Record<string, unknown> = { input: text };
  let caught: { error: string; cause: string | undefined } | undefined;
  const inspector: Inspector = {
    record(stage, data) {
      // Data members are JSON text; the Map's settings are numbers.
      inspection[stage] = NUMERIC_STAGES.has(stage) ? data : toJsonText(data);
    },
    caught(error, cause) {
      caught = { error, cause };
    },
  };
  const executionName = uuid();
  const frame: Frame = {
    env: {
      info: {
        arn: registry.arn("express", `${TEST_MACHINE_NAME}:${executionName}`),
        name: executionName,
        input: value,
        roleArn: (input.roleArn as string | undefined) ?? "",
        startTime: registry.clock.now(),
        stateMachineArn: registry.arn("stateMachine", TEST_MACHINE_NAME),
        stateMachineName: TEST_MACHINE_NAME,
      },
      clock: registry.clock,
      deadlines: registry.deadlines,
      tasks: mock !== undefined && def.Type === "Task" ? mockedTasks(mock) : registry.tasks,
      tokens: registry.tokens,
      activities: registry.activityQueue,
      history: new History(() => registry.clock.now()),
      region: registry.region,
      accountId: registry.accountId,
      random: Math.random,
      queryLanguage: def.QueryLanguage ?? "JSONPath",
      ...(mock !== undefined && def.Type !== "Task" ? { testMock: mock } : {}),
    },
    chain: new EventChain(0),
    vars: new VariableScope(undefined, isObject(variables ?? null) ? (variables as Record<string, Json>) : {}),
    cancel: new CancelScope(),
    top: false,
    inspector,
  };
  const retriers = def.Retry ?? [];
  const retriable = (error: string): boolean => retriers.some((r) => errorMatches(r.ErrorEquals, error));
  const finish = (out: Record<string, unknown>): Record<string, unknown> => {
    if (level !== "INFO") {
      if (Object.keys(frame.vars.own()).length > 0) inspection.variables = toJsonText(frame.vars.own());
      out.inspectionData = inspection;
    }
    return out;
  };
  try {
    const outcome = await runState(frame, STATE_NAME, { ...def, Retry: [] }, value);
    if (caught !== undefined && retriable(caught.error)) {
      return finish(withError({ status: "RETRIABLE" }, caught.error, caught.cause));
    }
    const out: Record<string, unknown> = { output: toJsonText(outcome.output), status: caught !== undefined ? "CAUGHT_ERROR" : "SUCCEEDED" };
    if (caught !== undefined) withError(out, caught.error, caught.cause);
    if (outcome.next !== undefined) out.nextState = outcome.next;
    return finish(out);
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    const status = error.kind !== "runtime" && retriable(error.error) ? "RETRIABLE" : "FAILED";
    return finish(withError({ status }, error.error, error.cause));
  }
}

const NUMERIC_STAGES = new Set(["maxConcurrency", "toleratedFailureCount", "toleratedFailurePercentage"]);

function withError(out: Record<string, unknown>, error: string, cause: string | undefined): Record<string, unknown> {
  if (error !== "") out.error = error;
  if (cause !== undefined) out.cause = cause;
  return out;
}
