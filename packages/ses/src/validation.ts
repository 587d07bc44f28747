/**
 * Request validation from AWS's models (generated/ses.ts, generated/sesv2.ts): the Query API
 * reports constraint failures as "ValidationError", SESv2 as "BadRequestException".
 */
import { coralJsonTypeRules, createValidator, type OperationValidator } from "@sam-sandbox/core";
import { sesModel } from "./generated/ses.js";
import { sesV2Model } from "./generated/sesv2.js";

const validator = createValidator(sesModel, { errorCode: "ValidationError" });
// A JSON member of the wrong type (a number for FromEmailAddress, a string for Destination) fails the
// whole request with 400 SerializationException before any constraint, as AWS's Coral services answer.
const v2Validator = createValidator(sesV2Model, { errorCode: "BadRequestException", jsonTypes: coralJsonTypeRules("com.amazonaws.sesv2") });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}

export function v2ValidatorFor(operation: string): OperationValidator | undefined {
  return v2Validator.forOperation(operation);
}
