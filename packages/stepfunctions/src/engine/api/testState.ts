/**
 * TestState: runs one state definition on an input, without a state machine. Retriers are
 * reported, not run (status RETRIABLE); a catcher that takes the error gives CAUGHT_ERROR.
 * inspectionLevel INFO answers no inspectionData; DEBUG and TRACE answer the state's data
 * processing step by step (input, afterInputPath, afterParameters, result,
 * afterResultSelector, afterResultPath, variables), as AWS records them (LocalStack's
 * AWS-recorded test_test_state_scenarios). The state runs as in an Express execution.
 * With stateName the definition is a whole machine (testStateMachine.ts); `context` replaces the
 * context object (testStateContext.ts); stateConfiguration.retrierRetryCount decides between
 * RETRIABLE and an exhausted retrier, reported in inspectionData.errorDetails
 * (test_state_configuration); a mocked result is checked against its API (testStateFieldValidation.ts).
 * The state runs as in an execution, a Wait state waiting its time, for five minutes at most.
 */
import { uuid } from "@sam-sandbox/core";
import { isObject, parseJsonText, toJsonText, type Json } from "../asl/json.js";
import { CancelScope } from "../asl/cancel.js";
import { EventChain, History } from "../asl/history.js";
import { VariableScope } from "../asl/variables.js";
import { Cancelled, StatesErrors, StatesFailure } from "../asl/failure.js";
import { runState } from "../asl/interpreter.js";
import type { Frame, Inspector } from "../asl/execution.js";
import { errorMatches, retryDelayMs } from "../asl/retry.js";
import type { StateDefinition } from "../asl/types.js";
import { validateDefinition } from "../definition/validate.js";
import { jacksonNestingError } from "../jackson.js";
import { invalidDefinitionMessage } from "../definition/diagnostics.js";
import { InvalidDefinition, SfnValidationException } from "../../errors.js";
import { DEFAULT_RETRY_MAX_ATTEMPTS, TEST_STATE_MAX_SECONDS } from "../../limits.js";
import { checkExecutionInput } from "./targets.js";
import { mockedTasks, testStateMock } from "./testStateMock.js";
import { testStateContext } from "./testStateContext.js";
import { findState } from "./testStateMachine.js";
import { checkMockResult, type FieldValidationMode } from "./testStateFieldValidation.js";
import type { Registry } from "./registry.js";

type Input = Record<string, unknown>;

// The name a state under test has in its context object (AWS-recorded $states.context.State.Name).
const STATE_NAME = "StateName";
const TEST_MACHINE_NAME = "TestStateMachine";

function parseState(text: string): StateDefinition {
  // Deeper than Jackson parses: refused as CreateStateMachine refuses it (copying it overflowed the stack: HTTP 500).
  const tooDeep = jacksonNestingError(text);
  if (tooDeep !== undefined) throw new InvalidDefinition(invalidDefinitionMessage([{ severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", message: tooDeep }]));
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

/** TestStateInput.stateConfiguration */
interface StateConfiguration {
  retrierRetryCount?: number;
  errorCausedByState?: string;
  mapIterationFailureCount?: number;
  mapItemReaderData?: string;
}

export async function testState(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  // With stateName, the definition is a state machine and the named state is the one tested.
  const named = typeof input.stateName === "string" ? findState(input.definition as string, input.stateName) : undefined;
  const def = named?.def ?? parseState(input.definition as string);
  const stateName = named?.name ?? STATE_NAME;
  const config = (isObject((input.stateConfiguration ?? null) as Json) ? input.stateConfiguration : {}) as StateConfiguration;
  const given = testStateMock(def, input);
  // A Task runs with the role unless it is mocked (AWS's text: LocalStack's AWS-recorded
  // test_base_lambda_service_task_state_no_role_arn_validation; a mocked Task ran without one in test_localstack_blogpost_scenario).
  if (def.Type === "Task" && typeof input.roleArn !== "string" && given === undefined) throw new SfnValidationException("RoleArn must be specified when testing a Task state");
  if (given !== undefined && "result" in given) await checkMockResult(def, given.result, fieldValidationMode(input.mock));
  const mock = given !== undefined && config.mapIterationFailureCount !== undefined ? { ...given, iterationFailures: config.mapIterationFailureCount } : given;
  const context = typeof input.context === "string" ? testStateContext(input.context, def) : undefined;
  const text = (input.input as string | undefined) ?? "{}";
  checkExecutionInput(text);
  const value = parseJsonText(text) ?? null;
  const variables = parseJsonText((input.variables as string | undefined) ?? "{}");
  const level = (input.inspectionLevel as string | undefined) ?? "INFO";
  const inspection: Record<string, unknown> = { input: text };
  let caught: { error: string; cause: string | undefined; index: number } | undefined;
  const inspector: Inspector = {
    record(stage, data) {
      // A Map under test answers its mock: AWS shows no result stage for it (test_state_context_object).
      if (stage === "result" && def.Type === "Map") return;
      // Data members are JSON text; the Map's settings are numbers.
      inspection[stage] = NUMERIC_STAGES.has(stage) ? data : toJsonText(data);
    },
    caught(error, cause, index) {
      caught = { error, cause, index };
    },
  };
  const executionName = uuid();
  const frame: Frame = {
    env: {
      info: {
        arn: registry.arn("express", `${TEST_MACHINE_NAME}:${executionName}`),
        name: executionName,
        input: value,
        roleArn: (input.roleArn as string | undefined) ?? null,
        startTime: registry.clock.now(),
        stateMachineArn: registry.arn("stateMachine", TEST_MACHINE_NAME),
        stateMachineName: TEST_MACHINE_NAME,
      },
      clock: registry.clock,
      deadlines: registry.deadlines,
      tasks: mock !== undefined && def.Type === "Task" ? mockedTasks(mock, registry.tokens) : registry.tasks,
      tokens: registry.tokens,
      activities: registry.activityQueue,
      history: new History(() => registry.clock.now()),
      region: registry.region,
      accountId: registry.accountId,
      random: Math.random,
      queryLanguage: def.QueryLanguage ?? "JSONPath",
      ...(mock !== undefined && def.Type !== "Task" ? { testMock: mock } : {}),
      ...(context !== undefined ? { testContext: context } : {}),
    },
    chain: new EventChain(0),
    vars: new VariableScope(undefined, isObject(variables ?? null) ? (variables as Record<string, Json>) : {}),
    cancel: new CancelScope(),
    top: false,
    inspector,
  };
  // Retriers are reported, not run: stateConfiguration.retrierRetryCount says how many retries already happened.
  const retried = config.retrierRetryCount ?? 0;
  const retry = (error: string): { status: "RETRIABLE" | "EXHAUSTED"; details: Record<string, number> } | undefined => {
    const retriers = def.Retry ?? [];
    const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
    if (index < 0) return undefined;
    const retrier = retriers[index];
    if (retried >= (retrier.MaxAttempts ?? DEFAULT_RETRY_MAX_ATTEMPTS)) return { status: "EXHAUSTED", details: { retryIndex: index } };
    // errorDetails: the retrier and the back-off before its next attempt (test_state_configuration).
    const backoff = retryDelayMs({ ...retrier, JitterStrategy: undefined }, retried, Math.random) / 1000;
    return { status: "RETRIABLE", details: { retryBackoffIntervalSeconds: backoff, retryIndex: index } };
  };
  const finish = (out: Record<string, unknown>, errorDetails?: Record<string, number>): Record<string, unknown> => {
    if (level !== "INFO") {
      if (Object.keys(frame.vars.own()).length > 0) inspection.variables = toJsonText(frame.vars.own());
      if (errorDetails !== undefined && Object.keys(errorDetails).length > 0) inspection.errorDetails = errorDetails;
      out.inspectionData = inspection;
    }
    return out;
  };
  // The state runs as it would in an execution (a Wait state waits), for five minutes at most.
  const deadline = registry.executionTimers.setTimeout(() => frame.cancel.cancel("timeout"), TEST_STATE_MAX_SECONDS * 1000);
  try {
    const outcome = await runState(frame, stateName, { ...def, Retry: [] }, value);
    const retrying = caught !== undefined ? retry(caught.error) : undefined;
    if (caught !== undefined && retrying?.status === "RETRIABLE") {
      return finish(withError({ status: "RETRIABLE" }, caught.error, caught.cause), retrying.details);
    }
    const out: Record<string, unknown> = { output: toJsonText(outcome.output), status: caught !== undefined ? "CAUGHT_ERROR" : "SUCCEEDED" };
    if (caught !== undefined) withError(out, caught.error, caught.cause);
    if (outcome.next !== undefined) out.nextState = outcome.next;
    return finish(out, caught !== undefined ? { catchIndex: caught.index, ...retrying?.details } : undefined);
  } catch (error) {
    // "If the execution of a state exceeds this duration, it fails with the States.Timeout error" (TestState API reference).
    if (error instanceof Cancelled && frame.cancel.reason === "timeout") return finish(withError({ status: "FAILED" }, StatesErrors.Timeout, undefined));
    if (!(error instanceof StatesFailure)) throw error;
    const retrying = error.kind !== "runtime" ? retry(error.error) : undefined;
    return finish(withError({ status: retrying?.status === "RETRIABLE" ? "RETRIABLE" : "FAILED" }, error.error, error.cause), retrying?.details);
  } finally {
    deadline.cancel();
  }
}

function fieldValidationMode(mock: unknown): FieldValidationMode {
  const mode = isObject((mock ?? null) as Json) ? (mock as { fieldValidationMode?: unknown }).fieldValidationMode : undefined;
  return mode === "PRESENT" || mode === "NONE" ? mode : "STRICT";
}

const NUMERIC_STAGES = new Set(["maxConcurrency", "toleratedFailureCount", "toleratedFailurePercentage"]);

function withError(out: Record<string, unknown>, error: string, cause: string | undefined): Record<string, unknown> {
  if (error !== "") out.error = error;
  if (cause !== undefined) out.cause = cause;
  return out;
}
