/**
 * Request validation from AWS's model (generated/sns.ts). SNS reports constraint failures
 * as "ValidationError" ("1 validation error detected: Value null at 'name' failed to
 * satisfy constraint: Member must not be null").
 */
import { coralJsonTypeRules, createValidator, type OperationValidator } from "@sam-sandbox/core";
import { snsModel } from "./generated/sns.js";

const validator = createValidator(snsModel, { errorCode: "ValidationError" });

// The JSON form can carry a member of the wrong JSON type (a number for a TopicArn), which
// the query form's text cannot: it fails with a SerializationException before the engine runs.
const jsonValidator = createValidator(snsModel, { errorCode: "ValidationError", jsonTypes: coralJsonTypeRules("com.amazonaws.sns") });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}

/** The validator of a request in the JSON form (X-Amz-Target: AmazonSNS.<Action>). */
export function jsonValidatorFor(action: string): OperationValidator | undefined {
  return jsonValidator.forOperation(action);
}
