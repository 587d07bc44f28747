/**
 * Checks DynamoDB makes on a request's parameters before it touches the table: expression
 * parameters against the pre-expression ("legacy") ones, ReturnValues per action.
 */
import { AwsError } from "@sam-sandbox/core";
import { MESSAGES, ValidationException } from "../errors.js";

type Parameters = object;

function present(input: Parameters, name: string): boolean {
  const value = (input as Record<string, unknown>)[name];
  return value !== undefined && value !== null;
}

/**
 * DynamoDB's rules for mixing expression and non-expression parameters (dynalite's
 * recording of validateExpressionParams); legacy parameters on their own are rewritten as
 * expressions afterwards (engine/legacy.ts).
 */
export function checkExpressionParameters(input: Parameters, expressions: string[], legacy: string[], current = false): void {
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
    // PutItem, UpdateItem and DeleteItem no longer name the missing expressions.
    throw new ValidationException(current ? MESSAGES.valuesWithoutExpressionsCurrent : MESSAGES.valuesWithoutExpressions(valueExpressions));
  }
}

/** PutItem and DeleteItem return only the old item. */
export function checkReturnValuesPutDelete(returnValues: string | undefined): void {
  if (returnValues !== undefined && returnValues !== "NONE" && returnValues !== "ALL_OLD") {
    throw new ValidationException(MESSAGES.returnValuesPutDelete);
  }
}

const ENVELOPE = /^\d+ validation errors? detected: /;

/**
 * PutItem, UpdateItem and DeleteItem report what is wrong with the request itself (found
 * before the table is read) inside the "1 validation error detected: " envelope; what the
 * table decides (keys, conditions) stays bare (captured by the paritysuite conformance
 * suite in eu-west-2 and us-east-1, 2026-10).
 */
export function enveloped<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AwsError && error.code === "ValidationException" && !ENVELOPE.test(error.message)) {
      throw new ValidationException(`1 validation error detected: ${error.message}`);
    }
    throw error;
  }
}
