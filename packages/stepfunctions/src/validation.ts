/** Request validation from AWS's model (generated/sfn.ts), with AWS's texts. */
import { coralJsonTypeRules, createValidator, type OperationValidator } from "@sam-sandbox/core";
import type { ServiceModel } from "@sam-sandbox/core";
import { sfnModel } from "./generated/sfn.js";

// TestState's members added after ../shared/aws-models' sfn model was taken (AWS API reference
// TestState, TestStateConfiguration, MockInput; @aws-sdk/client-sfn 3.1164 models_0.d.ts).
const TEST_STATE_SHAPES: ServiceModel["shapes"] = {
  TestStateInput: {
    ...sfnModel.shapes.TestStateInput,
    members: {
      ...sfnModel.shapes.TestStateInput.members,
      stateName: { target: "TestStateName" },
      mock: { target: "MockInput" },
      context: { target: "SensitiveData" },
      stateConfiguration: { target: "TestStateConfiguration" },
    },
  },
  TestStateName: { type: "string", length: { min: 1, max: 80 }, sensitive: true },
  MockInput: { type: "structure", members: { result: { target: "SensitiveData" }, errorOutput: { target: "MockErrorOutput" }, fieldValidationMode: { target: "MockResponseValidationMode" } } },
  MockErrorOutput: { type: "structure", members: { error: { target: "SensitiveError" }, cause: { target: "SensitiveCause" } } },
  MockResponseValidationMode: { type: "enum", values: ["STRICT", "PRESENT", "NONE"] },
  TestStateConfiguration: {
    type: "structure",
    members: {
      retrierRetryCount: { target: "TestStateCount" },
      errorCausedByState: { target: "StateName" },
      mapIterationFailureCount: { target: "TestStateCount" },
      mapItemReaderData: { target: "SensitiveData" },
    },
  },
  TestStateCount: { type: "integer", range: { min: 0 } },
};

// A member of the wrong JSON type fails the whole request with a SerializationException,
// as Step Functions' Coral deserializer does (errors name com.amazonaws.swf.service.v2.model).
const validator = createValidator({ ...sfnModel, shapes: { ...sfnModel.shapes, ...TEST_STATE_SHAPES } }, {
  maxErrors: 10,
  jsonTypes: coralJsonTypeRules("com.amazonaws.swf.service.v2.model"),
  // AWS's own texts (LocalStack's AWS-recorded snapshots): enum values in its hash order
  // (test_sfn_api test_state_machine_status_filter), an alias name pattern printed with its
  // anchors (test_sfn_api_aliasing test_error_create_alias_invalid_name).
  shapeOverrides: {
    ExecutionStatus: { values: ["SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING"] },
    CharacterRestrictedName: { pattern: "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$" },
  },
});

/** The validator of one action, or undefined when Step Functions has no such action. */
export function validatorFor(action: string): OperationValidator | undefined {
  const validate = validator.forOperation(action);
  if (action !== "ValidateStateMachineDefinition" || validate === undefined) return validate;
  // AWS answers an empty definition with a FAIL diagnostic, not the model's length error
  // (LocalStack's AWS-recorded test_sfn_api_validation not_a_definition[EMPTY_STRING]).
  return (input) => validate(isObject(input) && input.definition === "" ? { ...input, definition: " " } : input);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
