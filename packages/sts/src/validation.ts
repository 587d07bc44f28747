/**
 * Request validation from AWS's model (generated/sts.ts). STS reports constraint failures
 * as "ValidationError" ("1 validation error detected: Value 'a b' at 'roleSessionName'
 * failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*").
 */
import { checkQueryScalars, createValidator, type OperationValidator } from "@sam-sandbox/core";
import { stsModel } from "./generated/sts.js";

const validator = createValidator(stsModel, { errorCode: "ValidationError" });

export function validatorFor(action: string): OperationValidator | undefined {
  const check = validator.forOperation(action);
  if (check === undefined) return undefined;
  const shape = stsModel.operations[action]?.input ?? "";
  return (input) => {
    // A value the form's text could not make a number of is refused before the model's constraints.
    checkQueryScalars(stsModel, shape, input as Record<string, unknown>);
    check(input);
  };
}
