/**
 * Request validation from AWS's model (generated/eventbridge.ts): "1 validation error
 * detected: Value … at 'name' failed to satisfy constraint: …" as a ValidationException. A
 * member of the wrong JSON type fails first with a SerializationException, in the texts AWS's
 * Java (Coral) front ends write; the class package follows the project's convention for
 * Coral services (EventBridge's own was not found in a recording).
 */
import { coralJsonTypeRules, createValidator, type OperationValidator } from "@sam-sandbox/core";
import { eventbridgeModel } from "./generated/eventbridge.js";

const validator = createValidator(eventbridgeModel, {
  errorCode: "ValidationException",
  jsonTypes: coralJsonTypeRules("com.amazonaws.eventbridge"),
});

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
