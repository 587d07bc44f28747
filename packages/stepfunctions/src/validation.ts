/** Request validation from AWS's model (generated/sfn.ts), with AWS's texts. */
import { createValidator, type OperationValidator } from "@sam-sandbox/core";
import { sfnModel } from "./generated/sfn.js";

const validator = createValidator(sfnModel, { maxErrors: 10 });

/** The validator of one action, or undefined when Step Functions has no such action. */
export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
