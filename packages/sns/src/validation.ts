/**
 * Request validation from AWS's model (generated/sns.ts). SNS reports constraint failures
 * as "ValidationError" ("1 validation error detected: Value null at 'name' failed to
 * satisfy constraint: Member must not be null").
 */
import { createValidator, type OperationValidator } from "@sam-sandbox/core";
import { snsModel } from "./generated/sns.js";

const validator = createValidator(snsModel, { errorCode: "ValidationError" });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
