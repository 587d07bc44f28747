/**
 * Request validation from AWS's model (generated/iam.ts). IAM reports constraint failures as
 * "ValidationError" ("1 validation error detected: Value 'a b' at 'roleName' failed to satisfy
 * constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+").
 */
import { createValidator, type OperationValidator } from "@sam-sandbox/core";
import { iamModel } from "./generated/iam.js";

const validator = createValidator(iamModel, { errorCode: "ValidationError" });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
