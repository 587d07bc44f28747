/**
 * Request validation from AWS's model (generated/sts.ts). STS reports constraint failures
 * as "ValidationError" ("1 validation error detected: Value 'a b' at 'roleSessionName'
 * failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*").
 */
import { createValidator, type OperationValidator } from "@sam-sandbox/core";
import { stsModel } from "./generated/sts.js";

const validator = createValidator(stsModel, { errorCode: "ValidationError" });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
