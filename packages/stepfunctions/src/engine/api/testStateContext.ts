/**
 * TestState's `context` (TestStateInput.context): the context object the state under test
 * sees instead of its own. AWS's checks and texts are LocalStack's AWS-recorded
 * test_state_context_object (2025-12): an unknown field, a Map field, a Task field on a state
 * without a callback or .sync pattern, an Execution.Id that is not text.
 */
import { isObject, parseJsonText, type JsonObject } from "../asl/json.js";
import { parseResource } from "../asl/ports.js";
import type { StateDefinition } from "../asl/types.js";
import { SfnValidationException } from "../../errors.js";

const INVALID = "Invalid Context object provided: ";

/** The fields a mocked context object may hold, per section. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  Execution: ["Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount", "RedriveTime"],
  State: ["EnteredTime", "Name", "RetryCount"],
  StateMachine: ["Id", "Name"],
  Task: ["Token"],
};

/** Fields AWS requires to be text. */
const TEXT_FIELDS = new Set(["Execution.Id", "Execution.Name", "Execution.RoleArn", "Execution.StartTime", "State.EnteredTime", "State.Name", "StateMachine.Id", "StateMachine.Name", "Task.Token"]);

function invalid(reason: string): SfnValidationException {
  return new SfnValidationException(INVALID + reason);
}

/** The given context object, checked against the state under test. */
export function testStateContext(text: string, def: StateDefinition): JsonObject {
  const parsed = parseJsonText(text) ?? null;
  if (!isObject(parsed)) throw invalid("Context object must be a JSON object");
  if ("Map" in parsed) throw invalid("'Map' field is not supported when mocking a Context object");
  for (const [section, value] of Object.entries(parsed)) {
    const allowed = FIELDS[section];
    if (allowed === undefined) throw invalid(`Field '${section}' is not allowed`);
    if (!isObject(value)) continue;
    for (const [field, member] of Object.entries(value)) {
      if (!allowed.includes(field)) throw invalid(`Field '${field}' is not allowed`);
      if (TEXT_FIELDS.has(`${section}.${field}`) && typeof member !== "string") throw invalid(`${section}.${field} must be a string`);
    }
  }
  if ("Task" in parsed && !hasTaskToken(def)) {
    throw invalid("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
  }
  return parsed;
}

function hasTaskToken(def: StateDefinition): boolean {
  if (def.Type !== "Task" || typeof def.Resource !== "string") return false;
  const resource = parseResource(def.Resource);
  return resource?.kind === "service" && resource.pattern !== "request-response";
}
