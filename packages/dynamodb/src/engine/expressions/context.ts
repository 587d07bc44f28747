/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request. Every
 * expression of the request is validated against the same context, which records the
 * placeholders they use: DynamoDB refuses a request that defines one no expression uses.
 */
import { ValidationException } from "@sam-sandbox/core";
import { ValueException } from "../../errors.js";
import type { AttributeValue, ExpressionAttributeNames, ExpressionAttributeValues } from "../types.js";
import { EXPRESSION_MESSAGES } from "./messages.js";

const NO_NAMES: ExpressionAttributeNames = {};
const NO_VALUES: ExpressionAttributeValues = {};

export class ExpressionContext {
  readonly names: ExpressionAttributeNames;
  readonly values: ExpressionAttributeValues;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(names?: ExpressionAttributeNames, values?: ExpressionAttributeValues) {
    this.names = names ?? NO_NAMES;
    this.values = values ?? NO_VALUES;
  }

  /** The attribute name behind "#ref", marking it used; undefined when not defined. */
  useName(ref: string): string | undefined {
    if (!Object.hasOwn(this.names, ref)) return undefined;
    this.usedNames.add(ref);
    return this.names[ref];
  }

  /** The value behind ":ref", marking it used; undefined when not defined. */
  useValue(ref: string): AttributeValue | undefined {
    if (!Object.hasOwn(this.values, ref)) return undefined;
    this.usedValues.add(ref);
    return this.values[ref];
  }

  /** After every expression of the request is parsed: refuses unused names, then values. */
  checkUnused(): void {
    const names = Object.keys(this.names).filter((key) => !this.usedNames.has(key));
    if (names.length > 0) throw new ValidationException(EXPRESSION_MESSAGES.unusedNames(names));
    const values = Object.keys(this.values).filter((key) => !this.usedValues.has(key));
    if (values.length > 0) throw new ValidationException(EXPRESSION_MESSAGES.unusedValues(values));
  }
}

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;

/**
 * DynamoDB's checks of the two maps themselves, before any expression is parsed.
 * `checkValue` returns DynamoDB's message for an invalid AttributeValue (the item
 * validator's), which is reported as "ExpressionAttributeValues contains invalid value: …".
 */
export function validateExpressionAttributes(
  names: ExpressionAttributeNames | undefined,
  values: ExpressionAttributeValues | undefined,
  checkValue?: (value: AttributeValue) => ValidationException | undefined,
): void {
  if (names !== undefined) {
    const keys = Object.keys(names);
    if (keys.length === 0) throw new ValidationException(EXPRESSION_MESSAGES.namesEmpty);
    for (const key of keys) {
      if (!NAME_KEY.test(key)) throw new ValidationException(EXPRESSION_MESSAGES.nameKeyInvalid(key));
    }
    for (const key of keys) {
      if (names[key] === "") throw new ValidationException(EXPRESSION_MESSAGES.nameEmpty(key));
    }
  }
  if (values !== undefined) {
    const keys = Object.keys(values);
    if (keys.length === 0) throw new ValidationException(EXPRESSION_MESSAGES.valuesEmpty);
    for (const key of keys) {
      if (!VALUE_KEY.test(key)) throw new ValidationException(EXPRESSION_MESSAGES.valueKeyInvalid(key));
    }
    if (checkValue !== undefined) {
      for (const key of keys) {
        const problem = checkValue(values[key]);
        if (problem === undefined) continue;
        // The current value checks report a bad number or set member bare; the older ones name the key.
        if (problem instanceof ValueException) throw new ValueException(problem.message, EXPRESSION_MESSAGES.valueInvalid(problem.older, key));
        throw new ValidationException(EXPRESSION_MESSAGES.valueInvalid(problem.message, key));
      }
    }
  }
}
