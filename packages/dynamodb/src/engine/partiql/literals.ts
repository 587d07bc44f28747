/**
 * PartiQL values → AttributeValues: literals ('s', 1.5, TRUE, NULL, {'k': v}, [v], <<v>>)
 * with DynamoDB's per-path messages ("… under root.m[1]"), and the checks DynamoDB runs on
 * request Parameters before it reads the statement.
 */
import { ValidationException } from "../../errors.js";
import { checkValue } from "../items.js";
import { normalize, numbersEqual, olderNumberError } from "../numbers.js";
import type { AttributeValue } from "../types.js";
import type { Expr } from "./ast.js";
import { MAX_NESTING_DEPTH } from "./limits.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";

/** DynamoDB reads a PartiQL number as Java's BigDecimal (see olderNumberError). */
export function partiqlNumberError(text: string): string | undefined {
  return olderNumberError(text);
}

/** Checks one request parameter in document order (nesting before numbers below it). */
function checkParameterValue(value: unknown, depth: number): void {
  if (depth >= MAX_NESTING_DEPTH) throw new ValidationException(M.parameterNesting);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  const v = value as Record<string, unknown>;
  if (typeof v.N === "string") {
    const message = partiqlNumberError(v.N);
    if (message !== undefined) throw new ValidationException(message);
  }
  if (Array.isArray(v.NS)) {
    for (const n of v.NS) {
      const message = typeof n === "string" ? partiqlNumberError(n) : undefined;
      if (message !== undefined) throw new ValidationException(message);
    }
  }
  if (Array.isArray(v.L)) for (const element of v.L) checkParameterValue(element, depth + 1);
  if (typeof v.M === "object" && v.M !== null && !Array.isArray(v.M)) {
    for (const element of Object.values(v.M as Record<string, unknown>)) checkParameterValue(element, depth + 1);
  }
}

/** DynamoDB validates Parameters before it reads the statement; numbers are normalized in place. */
export function checkParameters(parameters: readonly AttributeValue[] | undefined): void {
  if (parameters === undefined || parameters === null) return;
  for (const parameter of parameters) {
    checkParameterValue(parameter, 0);
    checkValue(parameter);
  }
}

export type Parameters = readonly AttributeValue[];

function typeLabel(expr: Expr): string {
  switch (expr.kind) {
    case "parameter":
      return "Parameter";
    case "call":
      return expr.name;
    case "id":
    case "path":
      return "VariableReference";
    case "missing":
      return "MISSING";
    default:
      return expr.kind;
  }
}

/**
 * The AttributeValue a literal denotes. `path` names the place inside the value for
 * messages ("root", "root.x", "root[1]"); `depth` counts enclosing collections. A
 * parameter is allowed only as the whole value, never inside a collection literal.
 */
export function literalValue(expr: Expr, parameters: Parameters, path = "root", depth = 0): AttributeValue {
  if (depth >= MAX_NESTING_DEPTH) throw new ValidationException(M.literalNesting(path));
  switch (expr.kind) {
    case "string":
      return { S: expr.value };
    case "number": {
      const message = partiqlNumberError(expr.text);
      if (message !== undefined) throw new ValidationException(M.numberUnder(message, path));
      return { N: normalize(expr.text) };
    }
    case "boolean":
      return { BOOL: expr.value };
    case "null":
      return { NULL: true };
    case "parameter":
      if (depth > 0) throw new ValidationException(M.unsupportedDataType("Parameter", path, expr.position));
      return parameterValue(expr.index, parameters);
    case "list":
      return { L: expr.items.map((item, i) => literalValue(item, parameters, `${path}[${i}]`, depth + 1)) };
    case "struct": {
      const map: Record<string, AttributeValue> = {};
      for (const field of expr.fields) {
        const key = structKey(field.key, path);
        if (Object.hasOwn(map, key)) throw new ValidationException(M.duplicateTupleKey(key, path));
        map[key] = literalValue(field.value, parameters, `${path}.${key}`, depth + 1);
      }
      return { M: map };
    }
    case "bag":
      return bagValue(expr.items, parameters, path, depth);
    default:
      throw new ValidationException(M.unsupportedDataType(typeLabel(expr), path, expr.position));
  }
}

/** A struct field name: a string literal, as DynamoDB requires. */
export function structKey(key: Expr, path: string): string {
  if (key.kind === "string") return key.value;
  const type = key.kind === "number" ? "DECIMAL" : key.kind === "boolean" ? "BOOL" : key.kind.toUpperCase();
  throw new ValidationException(M.tupleKeyType(type, path));
}

/** A bag literal is a set: strings → SS, numbers → NS; nothing else, no duplicates, never empty. */
function bagValue(items: Expr[], parameters: Parameters, path: string, depth: number): AttributeValue {
  if (items.length === 0) throw new ValidationException(M.emptyBag);
  const values = items.map((item, i) => literalValue(item, parameters, `${path}[${i}]`, depth + 1));
  if (values.every((v) => "S" in v)) {
    const strings = values.map((v) => (v as { S: string }).S);
    if (new Set(strings).size !== strings.length) throw new ValidationException(M.duplicateStrings(strings));
    return { SS: strings };
  }
  if (values.every((v) => "N" in v)) {
    const numbers = values.map((v) => (v as { N: string }).N);
    for (let i = 1; i < numbers.length; i++) {
      for (let j = 0; j < i; j++) {
        if (numbersEqual(numbers[i], numbers[j])) {
          const written = items.map((item) => (item.kind === "number" ? item.text : ""));
          throw new ValidationException(M.duplicateNumbers(written, path));
        }
      }
    }
    return { NS: numbers };
  }
  throw new ValidationException(M.mixedBag);
}

export function parameterValue(index: number, parameters: Parameters): AttributeValue {
  const value = parameters[index];
  if (value === undefined) throw new ValidationException(M.parameterCount);
  return value;
}

/** True when the expression is a value (literal, collection literal or parameter). */
export function isValueExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
    case "parameter":
    case "list":
    case "struct":
    case "bag":
      return true;
    default:
      return false;
  }
}
