/** Request validation from AWS's model (generated/sfn.ts), with AWS's texts. */
import { coralJsonTypeRules, createValidator, type OperationValidator } from "@sam-sandbox/core";
import { sfnModel } from "./generated/sfn.js";

// A member of the wrong JSON type fails the whole request with a SerializationException,
// as Step Functions' Coral deserializer does (errors name com.amazonaws.swf.service.v2.model).
const validator = createValidator(sfnModel, { maxErrors: 10, jsonTypes: coralJsonTypeRules("com.amazonaws.swf.service.v2.model") });

/** The validator of one action, or undefined when Step Functions has no such action. */
export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
