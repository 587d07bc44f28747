/**
 * Checks DynamoDB makes on a request's parameters before it touches the table: expression
 * parameters against the pre-expression ("legacy") ones, ReturnValues per action.
 */
import { MESSAGES, ValidationException } from "../errors.js";

type Parameters = object;

function present(input: Parameters, name: string): boolean {
  const value = (input as Record<string, unknown>)[name];
  return value !== undefined && value !== null;
}

/**
 * DynamoDB's rules for mixing expression and non-expression parameters (dynalite's
 * recording of validateExpressionParams). The sandbox serves expressions only: a legacy
 * parameter on its own is refused with a ValidationException that says so.
 */
export function checkExpressionParameters(input: Parameters, expressions: string[], legacy: string[]): void {
  // Hot path: a request with no expression, legacy or placeholder member needs no check.
  let any = present(input, "ExpressionAttributeNames") || present(input, "ExpressionAttributeValues");
  for (let i = 0; !any && i < expressions.length; i++) any = present(input, expressions[i]);
  for (let i = 0; !any && i < legacy.length; i++) any = present(input, legacy[i]);
  if (!any) return;
  const usedExpressions = expressions.filter((name) => present(input, name));
  let usedLegacy = legacy.filter((name) => present(input, name));
  if (usedExpressions.length > 0) {
    // Query: KeyConditions with a FilterExpression but no KeyConditionExpression is legal.
    if (present(input, "KeyConditions") && !present(input, "KeyConditionExpression")) {
      usedLegacy = usedLegacy.filter((name) => name !== "KeyConditions");
    }
    if (usedLegacy.length > 0) throw new ValidationException(MESSAGES.mixedParameters(usedLegacy, usedExpressions));
  }
  if (present(input, "ExpressionAttributeNames") && usedExpressions.length === 0) {
    throw new ValidationException(MESSAGES.namesWithoutExpressions);
  }
  const valueExpressions = expressions.filter((name) => name !== "ProjectionExpression");
  if (
    valueExpressions.length > 0 &&
    present(input, "ExpressionAttributeValues") &&
    valueExpressions.every((name) => !present(input, name))
  ) {
    throw new ValidationException(MESSAGES.valuesWithoutExpressions(valueExpressions));
  }
  const legacyAlone = legacy.find((name) => present(input, name));
  if (legacyAlone !== undefined) throw new ValidationException(MESSAGES.legacyUnsupported(legacyAlone));
}

/** PutItem and DeleteItem return only the old item. */
export function checkReturnValuesPutDelete(returnValues: string | undefined): void {
  if (returnValues !== undefined && returnValues !== "NONE" && returnValues !== "ALL_OLD") {
    throw new ValidationException(MESSAGES.returnValuesPutDelete);
  }
}
