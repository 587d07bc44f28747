/**
 * TestState's mock (TestStateInput.mock): a Task's call, or a Map's or Parallel's work, is
 * replaced by the given result or error. AWS's checks and texts are LocalStack's AWS-recorded
 * test_state_mock_validation (2025-12, 2026-02); a mocked result is used as the call's answer
 * (test_test_state_mock_scenarios).
 */
import { isObject, parseJsonText, type Json } from "../asl/json.js";
import { TaskError, type TaskRunner } from "../asl/ports.js";
import type { TaskTokens } from "../asl/tokens.js";
import type { ExecutionEnv } from "../asl/execution.js";
import type { StateDefinition } from "../asl/types.js";
import { InvalidDefinition, SfnValidationException } from "../../errors.js";
import { checkExecutionInput } from "./targets.js";

type Mock = NonNullable<ExecutionEnv["testMock"]>;

const MOCKABLE = new Set(["Task", "Map", "Parallel"]);

/** The mock a TestState request asks for, checked against its state; undefined without one. */
export function testStateMock(def: StateDefinition, input: Record<string, unknown>): Mock | undefined {
  const given = input.mock;
  if (!isObject(given as Json)) {
    if (def.Type === "Map" || def.Type === "Parallel") {
      throw new InvalidDefinition("TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
    }
    return undefined;
  }
  const mock = given as { result?: string; errorOutput?: { error?: string; cause?: string } };
  if (mock.result !== undefined && mock.errorOutput !== undefined) throw new SfnValidationException("A test mock should have only one of the following fields: [result, errorOutput].");
  if (input.revealSecrets === true) throw new SfnValidationException("TestState does not support RevealSecrets when a mock is specified.");
  if (!MOCKABLE.has(def.Type)) throw new SfnValidationException(`State type '${def.Type}' is not supported when a mock is specified`);
  if (mock.errorOutput !== undefined) return { error: mock.errorOutput.error ?? "", cause: mock.errorOutput.cause };
  const text = mock.result ?? "null";
  checkExecutionInput(text);
  const result = parseJsonText(text) ?? null;
  if (def.Type === "Map") {
    if (def.ResultWriter !== undefined ? !isObject(result) : !Array.isArray(result)) {
      throw new SfnValidationException(def.ResultWriter !== undefined ? "Mocked result must be a JSON object." : "Mocked result must be an array.");
    }
  }
  if (def.Type === "Parallel") {
    if (!Array.isArray(result)) throw new SfnValidationException("Mocked result must be an array.");
    if (result.length !== (def.Branches ?? []).length) throw new SfnValidationException("Mocked result must contain the same number of items as number of Parallel branches.");
  }
  return { result };
}

/**
 * The Task runner of a mocked Task: it answers the mock without calling anything. A callback
 * task (.waitForTaskToken) gets the mock as its callback.
 */
export function mockedTasks(mock: Mock, tokens: TaskTokens): TaskRunner {
  return {
    async run(call) {
      const token = call.taskToken;
      if (token !== undefined) {
        queueMicrotask(() => ("result" in mock ? tokens.succeed(token, mock.result) : tokens.fail(token, mock.error, mock.cause)));
        return {};
      }
      if ("result" in mock) return mock.result;
      throw new TaskError(mock.error, mock.cause);
    },
  };
}
