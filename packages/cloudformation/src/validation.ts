/** Request validation from AWS's model (generated/cloudformation.ts): constraint failures are "ValidationError". */
import { createValidator, type OperationValidator } from "@sam-sandbox/core";
import { cloudFormationModel } from "./generated/cloudformation.js";

const validator = createValidator(cloudFormationModel, { errorCode: "ValidationError" });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
